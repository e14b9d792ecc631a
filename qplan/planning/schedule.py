"""Placing a path's modules in time: presence days grouped into events, self-study windows between.

The rules come from the track's schedule in the catalogue (event length, interval, how
many events, the overall window); this module only applies them:
- presence modules take one weekday each, in events of consecutive weekdays, never on a
  public holiday or a day the learner cannot come (`qplan.calendar.Calendar`);
- each self-study module gets its own window between two events;
- in each Lernbereich the Grundlagen module comes first, as far as the phases allow.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta

from qplan.calendar import NO_DAYS_OFF, Calendar
from qplan.dates import add_months, events_of, first_run_of_weekdays, german, window_end
from qplan.models.catalog import Catalog, Track
from qplan.models.plan import PlanDocument, PlanEntry
from qplan.models.results import Schedule, Slot


def schedule_plan(
    doc: PlanDocument,
    catalog: Catalog,
    track: Track,
    start: date,
    *,
    today: date | None = None,
    calendar: Calendar = NO_DAYS_OFF,
    compact: bool = False,
) -> tuple[PlanDocument, Schedule]:
    """Give every open module of `doc` a date (and self-study an end); return the dated plan.

    `start` fixes the programme's window and the cadence of its events. Done presence
    modules used the first presence days; open modules are placed no earlier than `today`,
    so a learner who started in the past gets a schedule for what is left. With `compact`,
    events follow at the catalogue's compact interval instead of the guideline's rhythm.
    """
    ordered = sorted(doc.modules, key=lambda e: catalog.order_key(e.id))
    open_entries = [e for e in ordered if not e.done]
    presence = [e for e in open_entries if e.phase == "praesenz"]
    selfstudy = [e for e in open_entries if e.phase == "selbstlern"]
    done_presence = sum(1 for e in ordered if e.done and e.phase == "praesenz")
    not_before = max(start, today) if today is not None else start
    notes: list[str] = []
    cadence = catalog.schedule_frame.cadence
    interval = cadence.compact_months if compact and cadence and track.schedule.max_events else None
    events = _event_days(track, start, done_presence, len(presence), not_before, notes, calendar, interval)
    if interval is not None:
        notes.append(
            f"Kompakter Plan: Veranstaltungen im Abstand von {interval} Monaten; das weicht vom Takt des "
            f"Leitfadens ab ({cadence.min_months if cadence else 4} bis {cadence.max_months if cadence else 8} "
            "Monate, zweimal im Jahr)."
        )
    last_day = window_end(start, track.schedule.duration_months) if track.schedule.duration_months else None
    gaps = _gaps(events, not_before, last_day, track)
    placed: dict[str, date] = {}
    open_ids = {e.id for e in open_entries}
    dates: dict[str, tuple[date, date | None]] = {}
    slots: list[Slot] = []
    remaining_self = list(selfstudy)
    if gaps and (not events or gaps[0][1] < events[0][0]):
        slots.extend(_fill_gap(gaps.pop(0), remaining_self, catalog, placed, open_ids, dates, last=not events))
    for number, days in enumerate(events):
        ids = []
        for day in days:
            entry = _pick(presence, catalog, placed, open_ids, day)
            placed[entry.id] = day
            dates[entry.id] = (day, None)
            ids.append(entry.id)
        slots.append(Slot("praesenz", days[0], days[-1], tuple(ids)))
        slots.extend(
            _fill_gap(gaps[number], remaining_self, catalog, placed, open_ids, dates, last=number == len(events) - 1)
        )
    if last_day is not None and any(s.end > last_day for s in slots):
        notes.append(f"Nicht alles passt in den Zeitraum bis {german(last_day)}; die Prüfung QP301 nennt die Termine.")
    dated = tuple(
        replace(e, date=dates[e.id][0], until=dates[e.id][1]) if e.id in dates and not e.done else e
        for e in doc.modules
    )
    return replace(doc, start=start, modules=dated), Schedule(tuple(slots), tuple(notes))


def _event_days(
    track: Track,
    start: date,
    done: int,
    needed: int,
    not_before: date,
    notes: list[str],
    calendar: Calendar,
    interval_months: int | None = None,
) -> list[list[date]]:
    """Presence days for the open modules, grouped into events at the track's cadence.

    Events follow every `interval_months` from `start`; the first `done` days were used by
    modules already done, days before `not_before` have passed.
    """
    rule = track.schedule
    if needed == 0:
        return []
    total = done + needed
    interval = interval_months or rule.interval_months
    count = math.ceil(total / rule.event_days)
    if rule.max_events is not None and count > rule.max_events:
        if rule.duration_months:
            interval = max(1, rule.duration_months // count)
        notes.append(
            f"{total} Präsenztage brauchen {count} Veranstaltungen à {rule.event_days} Tage, mehr als "
            f"die {rule.max_events} des Takts; die Veranstaltungen folgen im Abstand von {interval} Monaten."
        )
    elif rule.max_events is not None and track.schedule_reason:
        notes.append(track.schedule_reason)
    events: list[list[date]] = []
    used = 0
    number = 0
    skipped = False
    moved: list[str] = []
    while needed > 0:
        wanted = first_run_of_weekdays(add_months(start, number * interval), rule.event_days)
        first = calendar.free_run(wanted, rule.event_days) or wanted
        if first != wanted:
            moved.append(f"{german(wanted)} → {german(first)}")
        number += 1
        chosen = []
        for offset in range(rule.event_days):
            day = first + timedelta(days=offset)
            if used < done:
                used += 1
            elif day < not_before:
                skipped = True
            elif needed > 0:
                chosen.append(day)
                needed -= 1
        if chosen:
            events.append(chosen)
    if skipped:
        notes.append("Präsenztage vor dem heutigen Tag sind vorbei; offene Module folgen in späteren Veranstaltungen.")
    if moved:
        notes.append("Wegen Feiertagen oder freier Tage verschoben: " + ", ".join(moved) + ".")
    return events


def _gaps(events: list[list[date]], not_before: date, last_day: date | None, track: Track) -> list[tuple[date, date]]:
    """Self-study periods: before the first event (if there is time), after each event."""
    if not events:
        end = (
            last_day if last_day and last_day >= not_before else window_end(not_before, track.schedule.interval_months)
        )
        return [(not_before, end)]
    gaps = []
    if (events[0][0] - not_before).days >= 28:
        gaps.append((not_before, events[0][0] - timedelta(days=1)))
    for number, days in enumerate(events):
        begin = days[-1] + timedelta(days=1)
        if number + 1 < len(events):
            end = events[number + 1][0] - timedelta(days=1)
        else:
            end = last_day if last_day and last_day >= begin else window_end(begin, track.schedule.interval_months)
        gaps.append((begin, max(begin, end)))
    return gaps


def _ready(entry: PlanEntry, catalog: Catalog, placed: dict[str, date], open_ids: set[str], when: date) -> bool:
    """Whether the module's Grundlagen module is done, absent, or placed before `when`."""
    module = catalog.module_by_id.get(entry.id)
    area = catalog.area_by_id.get(module.area or "") if module else None
    if area is None or area.grundlagen_module == entry.id or area.grundlagen_module not in open_ids:
        return True
    base = placed.get(area.grundlagen_module)
    return base is not None and base < when


def _pick(
    remaining: list[PlanEntry], catalog: Catalog, placed: dict[str, date], open_ids: set[str], day: date
) -> PlanEntry:
    for index, entry in enumerate(remaining):
        if _ready(entry, catalog, placed, open_ids, day):
            return remaining.pop(index)
    # Nothing is ready: the Grundlagen module sits in a later phase. Keep the order; the
    # check QP302 then names the conflict.
    return remaining.pop(0)


def _fill_gap(
    gap: tuple[date, date],
    remaining: list[PlanEntry],
    catalog: Catalog,
    placed: dict[str, date],
    open_ids: set[str],
    dates: dict[str, tuple[date, date | None]],
    *,
    last: bool,
) -> list[Slot]:
    begin, end = gap
    chosen: list[PlanEntry] = []
    provisional = dict(placed)
    for entry in list(remaining):
        # Within a gap the windows follow each other, so a Grundlagen module chosen earlier
        # in this gap counts as placed before the later ones.
        if last or _ready(entry, catalog, provisional, open_ids, begin + timedelta(days=len(chosen))):
            chosen.append(entry)
            remaining.remove(entry)
            provisional[entry.id] = begin + timedelta(days=len(chosen) - 1)
    if not chosen:
        return []
    length = (end - begin).days + 1
    slots = []
    for number, entry in enumerate(chosen):
        first = begin + timedelta(days=min(length - 1, number * length // len(chosen)))
        final = begin + timedelta(days=max(0, (number + 1) * length // len(chosen) - 1))
        final = max(first, final)
        placed[entry.id] = first
        dates[entry.id] = (first, final)
        slots.append(Slot("selbstlern", first, final, (entry.id,)))
    return slots


def schedule_from_dates(doc: PlanDocument) -> Schedule:
    """The schedule a dated plan document describes (as written, not recomputed)."""
    presence = [e for e in doc.modules if e.phase == "praesenz" and e.date is not None and not e.done]
    by_day: dict[date, list[str]] = {}
    booking: dict[date, str] = {}
    for entry in presence:
        assert entry.date is not None
        by_day.setdefault(entry.date, []).append(entry.id)
        if entry.offer:
            booking[entry.date] = entry.offer
    slots = [
        Slot("praesenz", days[0], days[-1], tuple(mid for day in days for mid in by_day[day]))
        for days in events_of(list(by_day), booking)
    ]
    for entry in doc.modules:
        if entry.phase == "selbstlern" and entry.date is not None and not entry.done:
            slots.append(Slot("selbstlern", entry.date, entry.until or entry.date, (entry.id,)))
    slots.sort(key=lambda s: (s.start, s.kind))
    undated = [e.id for e in doc.modules if e.date is None and not e.done]
    notes = (f"Ohne Termin: {', '.join(undated)}.",) if undated else ()
    return Schedule(tuple(slots), notes)
