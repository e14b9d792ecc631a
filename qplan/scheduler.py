"""Placing a path's modules in time: presence days grouped into events, self-study windows between.

The rules come from the track's schedule in the catalogue (event length, interval, how
many events, the overall window); this module only applies them:
- presence modules take one weekday each, in events of consecutive weekdays;
- each self-study module gets its own window between two events;
- in each Lernbereich the Grundlagen module comes first, as far as the phases allow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta

from qplan.dates import add_months, first_run_of_weekdays, german, window_end
from qplan.models.catalog import Catalog, Track
from qplan.models.common import Phase
from qplan.models.plan import PlanDocument, PlanEntry
from qplan.rules.dates import events_of


@dataclass(frozen=True, slots=True)
class Slot:
    """A span of the schedule: an event of presence days, or one self-study window."""

    kind: Phase
    start: date
    end: date
    modules: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "start": self.start.isoformat(), "end": self.end.isoformat(),
                "modules": list(self.modules)}


@dataclass(frozen=True)
class Schedule:
    slots: tuple[Slot, ...]
    notes: tuple[str, ...] = ()

    @property
    def end(self) -> date | None:
        return max((s.end for s in self.slots), default=None)


def schedule_plan(doc: PlanDocument, catalog: Catalog, track: Track, start: date) -> tuple[PlanDocument, Schedule]:
    """Give every open module of `doc` a date (and self-study an end); return the dated plan."""
    open_entries = sorted((e for e in doc.modules if not e.done), key=lambda e: catalog.order_key(e.id))
    presence = [e for e in open_entries if e.phase == "praesenz"]
    selfstudy = [e for e in open_entries if e.phase == "selbstlern"]
    notes: list[str] = []
    events = _event_days(track, start, len(presence), notes)
    last_day = window_end(start, track.schedule.duration_months) if track.schedule.duration_months else None
    gaps = _gaps(events, start, last_day, track)
    placed: dict[str, date] = {}
    open_ids = {e.id for e in open_entries}
    dates: dict[str, tuple[date, date | None]] = {}
    slots: list[Slot] = []
    remaining = list(presence)
    remaining_self = list(selfstudy)
    # A gap opens after each event (the first gap, when there is no event, at the start).
    for number, days in enumerate(events):
        ids = []
        for day in days:
            entry = _pick(remaining, catalog, placed, open_ids, day)
            placed[entry.id] = day
            dates[entry.id] = (day, None)
            ids.append(entry.id)
        slots.append(Slot("praesenz", days[0], days[-1], tuple(ids)))
        slots.extend(_fill_gap(gaps[number], remaining_self, catalog, placed, open_ids, dates,
                               last=number == len(events) - 1))
    if not events:
        slots.extend(_fill_gap(gaps[0], remaining_self, catalog, placed, open_ids, dates, last=True))
    dated = tuple(
        replace(e, date=dates[e.id][0], until=dates[e.id][1]) if e.id in dates and not e.done else e
        for e in doc.modules
    )
    return replace(doc, start=start, modules=dated), Schedule(tuple(slots), tuple(notes))


def _event_days(track: Track, start: date, days_needed: int, notes: list[str]) -> list[list[date]]:
    rule = track.schedule
    if days_needed == 0:
        return []
    count = math.ceil(days_needed / rule.event_days)
    interval = rule.interval_months
    if rule.max_events is not None and count > rule.max_events:
        if rule.duration_months:
            interval = max(1, rule.duration_months // count)
        notes.append(
            f"{days_needed} Präsenztage brauchen {count} Veranstaltungen à {rule.event_days} Tage, mehr als "
            f"die {rule.max_events} des Takts; die Veranstaltungen folgen im Abstand von {interval} Monaten."
        )
    elif rule.max_events is not None and track.schedule_reason:
        notes.append(track.schedule_reason)
    events = []
    left = days_needed
    for number in range(count):
        length = min(rule.event_days, left)
        first = first_run_of_weekdays(add_months(start, number * interval), length)
        if events and first <= events[-1][-1]:
            first = first_run_of_weekdays(events[-1][-1] + timedelta(days=1), length)
        events.append([first + timedelta(days=i) for i in range(length)])
        left -= length
    return events


def _gaps(events: list[list[date]], start: date, last_day: date | None, track: Track) -> list[tuple[date, date]]:
    if not events:
        end = last_day or window_end(start, track.schedule.interval_months)
        return [(start, end)]
    gaps = []
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


def _pick(remaining: list[PlanEntry], catalog: Catalog, placed: dict[str, date], open_ids: set[str],
          day: date) -> PlanEntry:
    for index, entry in enumerate(remaining):
        if _ready(entry, catalog, placed, open_ids, day):
            return remaining.pop(index)
    # Nothing is ready: the Grundlagen module sits in a later phase. Keep the order; the
    # check QP302 then names the conflict.
    return remaining.pop(0)


def _fill_gap(gap: tuple[date, date], remaining: list[PlanEntry], catalog: Catalog, placed: dict[str, date],
              open_ids: set[str], dates: dict[str, tuple[date, date | None]], *, last: bool) -> list[Slot]:
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
    for entry in presence:
        assert entry.date is not None
        by_day.setdefault(entry.date, []).append(entry.id)
    slots = [
        Slot("praesenz", days[0], days[-1], tuple(mid for day in days for mid in by_day[day]))
        for days in events_of(list(by_day))
    ]
    for entry in doc.modules:
        if entry.phase == "selbstlern" and entry.date is not None and not entry.done:
            slots.append(Slot("selbstlern", entry.date, entry.until or entry.date, (entry.id,)))
    slots.sort(key=lambda s: (s.start, s.kind))
    undated = [e.id for e in doc.modules if e.date is None and not e.done]
    notes = (f"Ohne Termin: {', '.join(undated)}.",) if undated else ()
    return Schedule(tuple(slots), notes)


def describe_event(slot: Slot) -> str:
    return f"{german(slot.start)} – {german(slot.end)}" if slot.start != slot.end else german(slot.start)
