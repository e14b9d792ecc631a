"""A plan as an iCalendar file (METHOD:PUBLISH) that a calendar can take again and again.

- One event per presence day (09:00–16:00 Europe/Berlin, an assumption: offers name no
  times), busy (OPAQUE); each self-study window as an all-day span that leaves the
  learner's time free (TRANSPARENT); each booked offer's registration deadline as an
  all-day event with a reminder. A module marked done stays a confirmed event, marked
  "(teilgenommen)"; a recognised one was not attended and is cancelled.
- UIDs depend only on the plan (format, field, learner, start) and the module or offer, so
  a re-export updates the events instead of duplicating them.
- DTSTAMP is the time of the export. SEQUENCE and LAST-MODIFIED come from the previous
  export of the same file: an event whose content changed gets SEQUENCE + 1 and a new
  LAST-MODIFIED; an unchanged one keeps both. An event of the previous export that the plan
  no longer has (a dropped module) is published once more with STATUS:CANCELLED, so that a
  calendar that imported the earlier file removes it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from qplan.models.catalog import Catalog
from qplan.models.plan import PlanDocument

BERLIN = ZoneInfo("Europe/Berlin")
DAY_START = time(9, 0)
DAY_END = time(16, 0)
DEADLINE_REMINDER = timedelta(days=3)


def plan_key(doc: PlanDocument) -> str:
    identity = f"{doc.format}|{doc.field or ''}|{doc.learner or ''}|{doc.start.isoformat() if doc.start else ''}"
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class _Item:
    uid: str
    summary: str
    start: date | datetime
    end: date | datetime
    busy: bool
    location: str | None
    description: str
    alarm: timedelta | None

    def fingerprint(self) -> str:
        text = "|".join(
            str(v) for v in (self.summary, self.start, self.end, self.busy, self.location, self.description)
        )
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _items(doc: PlanDocument, catalog: Catalog, reminder: timedelta | None) -> list[_Item]:
    from qplan.dates import german

    key = plan_key(doc)
    items = []
    for entry in doc.modules:
        attended = entry.done and entry.recognised is None
        when = entry.date or (entry.done_on if attended else None)
        # A recognised module is not attended: its planned event is cancelled like a dropped one.
        if when is None or (entry.done and not attended):
            continue
        module = catalog.module_by_id.get(entry.id)
        title = module.title if module else entry.id
        details = [f"{entry.wst} WSt", "Präsenztag" if entry.phase == "praesenz" else "Selbstlernen"]
        if attended:
            details.insert(0, "teilgenommen" + (f", erledigt am {german(entry.done_on)}" if entry.done_on else ""))
        if entry.provider:
            details.append(f"Träger: {entry.provider}")
        if entry.offer:
            details.append(f"Angebot {entry.offer}")
        presence = entry.phase == "praesenz"
        summary = f"{entry.id} {title}" if presence else f"Selbstlernen {entry.id} {title}"
        items.append(
            _Item(
                uid=f"{key}-{entry.id}@qplan",
                summary=f"{summary} (teilgenommen)" if attended else summary,
                start=datetime.combine(when, DAY_START, BERLIN) if presence else when,
                end=datetime.combine(when, DAY_END, BERLIN) if presence else (entry.until or when) + timedelta(days=1),
                busy=presence,
                location=entry.location,
                description="; ".join(details),
                alarm=reminder if presence and not attended else None,
            )
        )
    for booking in sorted(doc.booked(), key=lambda b: b.offer):
        deadline = booking.registration_deadline
        if deadline is None:
            continue
        offer = booking.offer
        items.append(
            _Item(
                uid=f"{key}-anmeldung-{offer}@qplan",
                summary=f"Anmeldeschluss: Angebot {offer} ({', '.join(booking.modules)})",
                start=deadline,
                end=deadline + timedelta(days=1),
                busy=False,
                location=None,
                description=f"Letzter Tag der Anmeldung für Angebot {offer}.",
                alarm=reminder or DEADLINE_REMINDER,
            )
        )
    return items


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _previous(data: bytes | None) -> dict[str, Any]:
    """The events of an earlier export, by UID (an unreadable file counts as none)."""
    if not data:
        return {}
    from icalendar import Calendar

    try:
        calendar = Calendar.from_ical(data)
    except ValueError:
        return {}
    return {str(event.get("UID")): event for event in calendar.walk("VEVENT") if event.get("UID")}


def ics(
    doc: PlanDocument,
    catalog: Catalog,
    *,
    now: datetime,
    previous: bytes | None = None,
    reminder: timedelta | None = None,
) -> bytes:
    from icalendar import Alarm, Calendar, Event

    key = plan_key(doc)
    track = catalog.track_for(doc.format, doc.field)
    name = track.name if track else "Lernplan"
    stamp = now.astimezone(ZoneInfo("UTC")).replace(microsecond=0)
    earlier = _previous(previous)
    calendar = Calendar.new(
        prodid="-//qplan//Qualifiziert ins Quartier//DE",
        uid=f"qplan-{key}",
        name=f"{name}{' – ' + doc.learner if doc.learner else ''}",
    )
    calendar.add("method", "PUBLISH")
    current = set()
    for item in _items(doc, catalog, reminder):
        current.add(item.uid)
        old = earlier.get(item.uid)
        fingerprint = item.fingerprint()
        unchanged = old is not None and str(old.get("X-QPLAN-CONTENT", "")) == fingerprint
        if old is None:
            sequence, modified = 0, stamp
        elif unchanged:
            sequence = int(old.get("SEQUENCE", 0))
            modified = old.decoded("LAST-MODIFIED") if old.get("LAST-MODIFIED") else stamp
        else:
            sequence, modified = int(old.get("SEQUENCE", 0)) + 1, stamp
        event = Event.new(
            summary=item.summary,
            start=item.start,
            end=item.end,
            uid=item.uid,
            stamp=stamp,
            location=item.location,
            description=item.description,
        )
        event.add("sequence", sequence)
        event.add("last-modified", modified)
        event.add("transp", "OPAQUE" if item.busy else "TRANSPARENT")
        event.add("status", "CONFIRMED")
        event.add("x-qplan-content", fingerprint)
        if item.alarm is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Erinnerung: {item.summary}")
            alarm.add("trigger", -item.alarm)
            event.add_component(alarm)
        calendar.add_component(event)
    for uid, old in earlier.items():
        if uid in current or not uid.startswith(f"{key}-"):
            continue
        if uid.startswith(f"{key}-anmeldung-") and _day(old.decoded("DTSTART")) < now.date():
            continue  # a deadline that has passed stays as it was: nothing to cancel
        if str(old.get("STATUS", "")).upper() == "CANCELLED":
            sequence = int(old.get("SEQUENCE", 0))
        else:
            sequence = int(old.get("SEQUENCE", 0)) + 1
        cancelled = Event.new(
            summary=str(old.get("SUMMARY", "")),
            start=old.decoded("DTSTART"),
            end=old.decoded("DTEND"),
            uid=uid,
            stamp=stamp,
        )
        cancelled.add("sequence", sequence)
        cancelled.add("last-modified", stamp)
        cancelled.add("status", "CANCELLED")
        cancelled.add("transp", "TRANSPARENT")
        calendar.add_component(cancelled)
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data
