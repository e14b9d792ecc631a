"""Rules about the calendar of Baden-Württemberg and of the learner: public holidays,
days off, school holidays, and the rhythm of the presence events."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

from qplan.dates import add_months, events_of, german
from qplan.models.catalog import Cadence
from qplan.rules.context import PlanContext
from qplan.rules.registry import Issue, Outcome, register

_NO_HOLIDAY = Outcome("kein Präsenztag an einem Feiertag", "0 an Feiertagen")


@register(
    "QP309",
    "feiertag",
    "error",
    "Präsenztag an einem gesetzlichen Feiertag",
    """An gesetzlichen Feiertagen in Baden-Württemberg (Neujahr, Heilige Drei Könige, Karfreitag,
    Ostermontag, 1. Mai, Christi Himmelfahrt, Pfingstmontag, Fronleichnam, Tag der Deutschen
    Einheit, Allerheiligen, Weihnachten) findet keine Präsenzveranstaltung statt. Die Feiertage
    stammen aus dem Paket „holidays“ (Deutschland, Baden-Württemberg).""",
)
def public_holiday(ctx: PlanContext) -> Outcome | None:
    calendar = ctx.rules.calendar
    if calendar is None or not ctx.open_presence_days:
        return None
    if not calendar.any_holiday(ctx.open_presence_days):
        return _NO_HOLIDAY
    issues = []
    for index, entry in enumerate(ctx.doc.modules):
        if entry.phase != "praesenz" or entry.date is None or entry.done:
            continue
        name = calendar.holiday(entry.date)
        if name is not None:
            issues.append(
                Issue(f"Modul {entry.id}: {german(entry.date)} ist ein Feiertag ({name}).", ("modules", index, "date"))
            )
    return Outcome("kein Präsenztag an einem Feiertag", f"{len(issues)} an Feiertagen", tuple(issues))


@register(
    "QP310",
    "nicht-verfuegbar",
    "warning",
    "Präsenztag an einem Tag, an dem die lernende Person nicht kann",
    """Ein Plan kann unter `unavailable` Tage oder Zeiträume nennen, an denen die lernende Person
    nicht kann (eigener Urlaub, Sitzungen des Gemeinderats); mit `avoid_school_holidays: true`
    auch die Schulferien in Baden-Württemberg. Ein Präsenztag an einem solchen Tag ist möglich,
    aber meist ein Versehen.""",
)
def unavailable_day(ctx: PlanContext) -> Outcome | None:
    doc = ctx.doc
    spans = doc.unavailable_spans()
    school = ctx.rules.calendar if doc.avoid_school_holidays else None
    if (not spans and school is None) or not ctx.open_presence_days:
        return None
    issues = []
    for index, entry in enumerate(doc.modules):
        if entry.phase != "praesenz" or entry.date is None or entry.done:
            continue
        day = entry.date
        if any(first <= day <= last for first, last in spans):
            issues.append(
                Issue(
                    f"Modul {entry.id}: {german(day)} steht unter „unavailable“ (nicht verfügbar).",
                    ("modules", index, "date"),
                )
            )
        elif school is not None and (name := school.school_holiday(day)) is not None:
            issues.append(Issue(f"Modul {entry.id}: {german(day)} liegt in den {name}.", ("modules", index, "date")))
    return Outcome("keine Präsenz an freien Tagen", f"{len(issues)} an freien Tagen", tuple(issues))


def _distance(first: date, second: date) -> str:
    """How far apart two days are, as people say it: „5 Tage“, „etwa 3 Wochen“, „etwa 2 Monate“."""
    days = (second - first).days
    if days < 14:
        return "1 Tag" if days == 1 else f"{days} Tage"
    if days < 61:
        return f"etwa {round(days / 7)} Wochen"
    months = round(days / 30.44)
    return f"etwa {months} Monate" if months != 1 else "etwa 1 Monat"


@register(
    "QP311",
    "takt",
    "warning",
    "Präsenzveranstaltungen folgen nicht dem Takt des Leitfadens",
    """Die Basisqualifizierung hat „2-Tagesveranstaltungen … zweimal im Jahr verteilt über einen
    Zeitraum von 1,5 Jahren“: zwischen zwei Präsenzphasen liegt das begleitete Selbstlernen.
    Der Katalog nennt den erlaubten Abstand zwischen dem Beginn zweier Veranstaltungen (4 bis 8
    Monate); die Tage einer Buchung sind eine Veranstaltung. Ein kompakter Plan
    (siehe `qplan plan --help`) weicht davon bewusst ab.""",
)
def cadence(ctx: PlanContext) -> Outcome | None:
    track = ctx.track
    rhythm = ctx.catalog.schedule_frame.cadence
    if track is None or rhythm is None or not track.schedule.max_events or track.schedule.max_events < 2:
        return None
    if not ctx.presence_days:
        return None
    expected = f"{rhythm.min_months} bis {rhythm.max_months} Monate zwischen Veranstaltungen"
    days = tuple(ctx.presence_days)
    booking = ctx.bookings(open_only=False)
    key = tuple(sorted(booking.items()))
    # Plans of one programme share a few sets of dates: the gaps are judged once per set.
    gaps = ctx.rules.remember(
        ("cadence", days, key, rhythm.min_months, rhythm.max_months), lambda: _bad_gaps(days, booking, rhythm)
    )
    if not gaps:
        return Outcome(expected, _NO_GAP)
    issues = []
    index_of = {e.date: i for i, e in enumerate(ctx.doc.modules) if e.phase == "praesenz" and e.date}
    for first, second in gaps:
        issues.append(
            Issue(
                f"Die Veranstaltungen ab {german(first)} und ab {german(second)} liegen {_distance(first, second)} "
                f"auseinander; vorgesehen sind {rhythm.min_months} bis {rhythm.max_months} Monate "
                "(zweimal im Jahr, dazwischen das begleitete Selbstlernen).",
                ("modules", index_of[second], "date"),
            )
        )
    return Outcome(expected, f"{len(issues)} Abstände außerhalb", tuple(issues))


_NO_GAP = "0 Abstände außerhalb"


def _bad_gaps(days: tuple[date, ...], booking: dict[date, str], rhythm: Cadence) -> tuple[tuple[date, date], ...]:
    """Consecutive events (`qplan.dates.events_of`: the days of one booking are one event)
    whose starts lie closer or farther apart than the cadence allows."""
    starts = [event[0] for event in events_of(list(days), booking)]
    return tuple(
        (first, second)
        for first, second in pairwise(starts)
        if not add_months(first, rhythm.min_months) <= second <= add_months(first, rhythm.max_months)
    )
