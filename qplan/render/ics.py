"""A plan as an iCalendar file: one event per presence day, self-study windows as all-day spans.

UIDs are derived from the plan (format, field, learner, start) and the module, so exporting
the same plan again updates the events in a calendar instead of duplicating them; DTSTAMP is
fixed per plan for the same reason. Presence days run 09:00–16:00 Europe/Berlin (6 WSt of
45 minutes with breaks), an assumption: offers name no times.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from qplan.models.catalog import Catalog
from qplan.models.plan import PlanDocument

BERLIN = ZoneInfo("Europe/Berlin")
DAY_START = time(9, 0)
DAY_END = time(16, 0)


def plan_key(doc: PlanDocument) -> str:
    identity = f"{doc.format}|{doc.field or ''}|{doc.learner or ''}|{doc.start.isoformat() if doc.start else ''}"
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]


def ics(doc: PlanDocument, catalog: Catalog) -> bytes:
    from icalendar import Calendar, Event

    key = plan_key(doc)
    track = catalog.track_for(doc.format, doc.field)
    name = track.name if track else "Lernplan"
    stamp = datetime.combine(doc.start or doc.first_date() or datetime(2000, 1, 1).date(), time(0, 0), ZoneInfo("UTC"))
    calendar = Calendar.new(
        prodid="-//qplan//Qualifiziert ins Quartier//DE",
        uid=f"qplan-{key}",
        name=f"{name}{' – ' + doc.learner if doc.learner else ''}",
    )
    for entry in doc.modules:
        if entry.done or entry.date is None:
            continue
        module = catalog.module_by_id.get(entry.id)
        title = module.title if module else entry.id
        details = [f"{entry.wst} WSt", "Präsenztag" if entry.phase == "praesenz" else "Selbstlernen"]
        if entry.provider:
            details.append(f"Träger: {entry.provider}")
        if entry.offer:
            details.append(f"Angebot {entry.offer}")
        if entry.phase == "praesenz":
            start = datetime.combine(entry.date, DAY_START, BERLIN)
            end = datetime.combine(entry.date, DAY_END, BERLIN)
            summary = f"{entry.id} {title}"
        else:
            start = entry.date  # type: ignore[assignment]
            end = (entry.until or entry.date) + timedelta(days=1)  # type: ignore[assignment]
            summary = f"Selbstlernen {entry.id} {title}"
        event = Event.new(
            summary=summary,
            start=start,
            end=end,
            uid=f"{key}-{entry.id}@qplan",
            stamp=stamp,
            location=entry.location,
            description="; ".join(details),
        )
        calendar.add_component(event)
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data
