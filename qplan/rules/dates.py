"""Rules about dates: the 1.5-year window, Grundlagen first, presence days and events."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from qplan.dates import dmy, events_of, german, is_weekend, window_end
from qplan.rules.context import PlanContext
from qplan.rules.registry import Issue, Outcome, register


@lru_cache(maxsize=256)
def _window(start: date, months: int) -> tuple[date, str]:
    # The same few start dates recur across a batch of plans.
    last = window_end(start, months)
    return last, f"{dmy(start)} – {dmy(last)}"


@register(
    "QP301",
    "zeitfenster",
    "error",
    "Termin außerhalb des Zeitraums der Spur",
    """Die Basisqualifizierung verteilt sich über 1,5 Jahre: jeder Termin (Präsenztag oder
    Zeitfenster des Selbstlernens) liegt innerhalb von 18 Monaten ab dem Start des Plans
    (`start`, sonst der früheste Termin).""",
)
def within_window(ctx: PlanContext) -> Outcome | None:
    track = ctx.track
    if track is None or track.schedule.duration_months is None or ctx.start is None:
        return None
    start = ctx.start
    last, expected = _window(start, track.schedule.duration_months)
    dates, untils = ctx.dates, ctx.untils
    if (not dates or (start <= min(dates) and max(dates) <= last)) and (not untils or max(untils) <= last):
        return Outcome(expected, "0 Termine außerhalb")
    issues = []
    for index, entry in enumerate(ctx.doc.modules):
        if (entry.date is None or start <= entry.date <= last) and (entry.until is None or entry.until <= last):
            continue
        for key, day in (("date", entry.date), ("until", entry.until)):
            if day is not None and not start <= day <= last:
                side = "vor dem Start" if day < start else "nach dem Ende"
                issues.append(
                    Issue(
                        f"Modul {entry.id}: {german(day)} liegt {side} des Zeitraums ({expected}).",
                        ("modules", index, key),
                    )
                )
    return Outcome(expected, f"{len(issues)} Termine außerhalb", tuple(issues))


@register(
    "QP302",
    "grundlagen-zuerst",
    "error",
    "Ein Modul liegt vor dem Grundlagenmodul seines Lernbereichs",
    """In jedem Lernbereich kommt das Grundlagenmodul (M01, M03, M07, M11, M15) vor den übrigen
    Modulen des Lernbereichs (Entscheidung im Katalog, da der Leitfaden keine Reihenfolge nennt).
    Gilt für Module, die noch nicht abgeschlossen sind.""",
)
def grundlagen_first(ctx: PlanContext) -> Outcome | None:
    if not ctx.dates:
        return None
    dates = ctx.open_dates
    grundlagen_of = ctx.catalog.grundlagen_of
    # A quick look first; the known modules are walked for findings only if one is too early
    # (or a module is listed twice, when the quick look could miss its first entry).
    if len(ctx.ids) == len(ctx.doc.modules):
        for mid, day in dates.items():
            base_id = grundlagen_of.get(mid)
            if base_id is not None:
                base = dates.get(base_id)
                if base is not None and day <= base:
                    break
        else:
            return Outcome("Grundlagenmodul zuerst", "0 zu früh")
    issues = []
    for index, entry, module in ctx.known:
        base_id = grundlagen_of.get(module.id)
        if base_id is None or entry.done or entry.date is None:
            continue
        base = dates.get(base_id)
        if base is not None and entry.date <= base:
            area = ctx.catalog.area_by_id[module.area or ""]
            issues.append(
                Issue(
                    f"Modul {module.id} ({german(entry.date)}) liegt nicht nach dem Grundlagenmodul "
                    f"{area.grundlagen_module} ({german(base)}) des Lernbereichs „{area.name}“.",
                    ("modules", index, "date"),
                )
            )
    return Outcome("Grundlagenmodul zuerst", f"{len(issues)} zu früh", tuple(issues))


@register(
    "QP303",
    "ein-modul-je-tag",
    "error",
    "Zwei Module am selben Präsenztag",
    """Ein Präsenztag hat 6 WSt und fasst damit genau ein Modul.""",
)
def one_per_day(ctx: PlanContext) -> Outcome | None:
    days = ctx.presence_days
    if not days:
        return None
    if len(set(days)) == len(days):
        return Outcome("1 Modul je Präsenztag", "0 doppelt belegt")
    seen: dict[date, str] = {}
    issues = []
    for index, entry in enumerate(ctx.doc.modules):
        if entry.phase != "praesenz" or entry.date is None:
            continue
        if entry.date in seen:
            issues.append(
                Issue(
                    f"Modul {entry.id} liegt am {german(entry.date)}, am selben Präsenztag wie {seen[entry.date]}.",
                    ("modules", index, "date"),
                )
            )
        else:
            seen[entry.date] = entry.id
    return Outcome("1 Modul je Präsenztag", f"{len(issues)} doppelt belegt", tuple(issues))


@register(
    "QP304",
    "wochenende",
    "error",
    "Präsenztag am Wochenende",
    """Präsenztage liegen auf Werktagen (Montag bis Freitag); die Fortbildung ist berufsbegleitend.""",
)
def weekend(ctx: PlanContext) -> Outcome | None:
    if not ctx.catalog.schedule_frame.weekdays_only:
        return None
    if not ctx.presence_days or max(map(date.weekday, ctx.presence_days)) < 5:
        return Outcome("Mo–Fr", "0 am Wochenende")
    issues = [
        Issue(f"Modul {e.id}: {german(e.date)} ist ein Wochenende.", ("modules", i, "date"))
        for i, e in enumerate(ctx.doc.modules)
        if e.phase == "praesenz" and e.date is not None and is_weekend(e.date)
    ]
    return Outcome("Mo–Fr", f"{len(issues)} am Wochenende", tuple(issues))


@register(
    "QP305",
    "veranstaltungen",
    "warning",
    "Präsenztage nicht wie vorgesehen zu Veranstaltungen gruppiert",
    """Die Präsenzlernzeit findet in Veranstaltungen statt: 2-Tagesveranstaltungen zweimal im
    Jahr über 1,5 Jahre, also 3 Veranstaltungen (Steuerung: 3 × 3 Tage, siehe Katalog). Eine
    Veranstaltung sind aufeinanderfolgende Präsenztage; die Tage einer Buchung (eines Angebots)
    sind eine Veranstaltung, auch über ein Wochenende (Freitag und Montag).
    Mehr oder längere Veranstaltungen sind möglich, weichen aber vom Takt des Leitfadens ab.""",
)
def event_grouping(ctx: PlanContext) -> Outcome | None:
    track = ctx.track
    if track is None or track.schedule.max_events is None:
        return None
    days = ctx.open_presence_days
    if not days:
        return None
    events = events_of(days, ctx.bookings(open_only=True))
    size, most = track.schedule.event_days, track.schedule.max_events
    expected = f"höchstens {most} Veranstaltungen à {size} Tage"
    actual = f"{len(events)} Veranstaltungen ({', '.join(str(len(e)) for e in events)} Tage)"
    too_long = [event for event in events if len(event) > size]
    if not too_long and len(events) <= most:
        return Outcome(expected, actual)
    issues = []
    index_of = {e.date: i for i, e in enumerate(ctx.doc.modules) if e.phase == "praesenz" and e.date}
    for event in too_long:
        issues.append(
            Issue(
                f"Veranstaltung ab {german(event[0])} hat {len(event)} Tage; vorgesehen sind {size}.",
                ("modules", index_of[event[0]], "date"),
            )
        )
    if len(events) > most:
        first_extra = events[most][0]
        issues.append(
            Issue(
                f"{len(events)} Veranstaltungen statt höchstens {most}; die Präsenztage ab "
                f"{german(first_extra)} zu einer Veranstaltung zusammenlegen.",
                ("modules", index_of[first_extra], "date"),
            )
        )
    return Outcome(expected, actual, tuple(issues))


@register(
    "QP306",
    "erledigt-in-zukunft",
    "warning",
    "Als erledigt markiertes Modul liegt in der Zukunft",
    """`done: true` heißt: das Modul ist abgeschlossen oder anerkannt. Liegt sein Termin noch in
    der Zukunft, ist entweder der Termin oder die Markierung falsch.""",
)
def done_in_future(ctx: PlanContext) -> Outcome:
    if not ctx.has_done:
        return Outcome("erledigte Module liegen in der Vergangenheit", "0 in der Zukunft")
    issues = [
        Issue(
            f"Modul {e.id} ist als erledigt markiert, sein Termin {german(e.date)} liegt aber in der Zukunft.",
            ("modules", i, "done"),
        )
        for i, e in enumerate(ctx.doc.modules)
        if e.done and e.recognised is None and e.date is not None and e.date > ctx.today
    ]
    return Outcome("erledigte Module liegen in der Vergangenheit", f"{len(issues)} in der Zukunft", tuple(issues))


@register(
    "QP307",
    "zeitfenster-ende",
    "error",
    "Zeitfenster endet vor seinem Beginn",
    """Ein Selbstlernmodul hat ein Zeitfenster von `date` bis `until`; das Ende liegt nicht vor dem Beginn.""",
)
def window_order(ctx: PlanContext) -> Outcome | None:
    if not ctx.window_reversed:
        return Outcome("Ende nach Beginn", "0 verkehrt")
    issues = [
        Issue(
            f"Modul {e.id}: Zeitfenster endet ({german(e.until)}) vor seinem Beginn ({german(e.date)}).",
            ("modules", i, "until"),
        )
        for i, e in enumerate(ctx.doc.modules)
        if e.until is not None and e.date is not None and e.until < e.date
    ]
    return Outcome("Ende nach Beginn", f"{len(issues)} verkehrt", tuple(issues))


@register(
    "QP308",
    "ohne-termin",
    "info",
    "Modul ohne Termin",
    """Ein Plan mit Terminen sollte jedem offenen Modul einen Termin geben: einen Präsenztag
    oder den Beginn eines Zeitfensters für das Selbstlernen.""",
)
def undated(ctx: PlanContext) -> Outcome | None:
    if not ctx.dates:
        return None
    if not ctx.open_undated:
        return Outcome("jedes offene Modul mit Termin", "0 ohne Termin")
    issues = [
        Issue(f"Modul {e.id} hat keinen Termin.", ("modules", i, "id"))
        for i, e in enumerate(ctx.doc.modules)
        if e.date is None and not e.done
    ]
    return Outcome("jedes offene Modul mit Termin", f"{len(issues)} ohne Termin", tuple(issues))
