"""A plan document as YAML a person can read and edit (comments, stable key order)."""

from __future__ import annotations

import json
import re
from datetime import date

from qplan import __version__
from qplan.models.catalog import Catalog
from qplan.models.plan import BOOKING_KEY_ORDER, ENTRY_KEY_ORDER, Booking, PlanDocument, PlanEntry
from qplan.render.schema import MODELINE, SCHEMA_FILE

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}
# Characters YAML does not allow raw, or counts as line breaks (U+0085, U+2028, U+2029), or
# that editors hide (U+FEFF): written as \uXXXX escapes inside double quotes.
_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_COMMENT_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def scalar(value: object) -> str:
    """A YAML scalar that reads back as exactly this value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = _SURROGATE.sub("\ufffd", str(value))  # undecodable bytes of a command line
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED:
        return text
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def comment(text: str) -> str:
    """Text for a `#` comment: one line, nothing YAML would refuse."""
    return _COMMENT_UNSAFE.sub(" ", text)


# An offer's cost, funding and deadline stand once, in `bookings`, not on each of its modules.
_BOOKING_ONLY = {"cost_eur", "funded", "registration_deadline"}


def _entry(entry: PlanEntry, catalog: Catalog) -> list[str]:
    module = catalog.module_by_id.get(entry.id)
    title = f"  # {comment(module.title)}" if module else ""
    first, *others = ENTRY_KEY_ORDER
    lines = [f"  - {first}: {scalar(getattr(entry, first))}{title}"]
    for key in others:
        if key in _BOOKING_ONLY and entry.offer:
            continue
        value = getattr(entry, key)
        if value is not None:
            lines.append(f"    {key}: {scalar(value)}")
    if entry.recognised is not None:
        parts = [
            f"{key}: {scalar(getattr(entry.recognised, key))}"
            for key in ("reason", "by", "on", "wst")
            if getattr(entry.recognised, key) is not None
        ]
        lines.append(f"    recognised: {{{', '.join(parts)}}}")
    return lines


def plan_yaml(doc: PlanDocument, catalog: Catalog) -> str:
    track = catalog.track_for(doc.format, doc.field)
    name = track.name if track else doc.format
    lines = [
        MODELINE.rstrip("\n"),
        f"# Lernpfad: {comment(name)} (erstellt mit qplan {__version__})",
        "# Erledigte Module mit „done: true“ markieren; prüfen mit „qplan show DATEI“",
        f"# oder „qplan check DATEI“. Schema für Editoren: „qplan schema --out {SCHEMA_FILE}“.",
        f"format: {doc.format}",
    ]
    if doc.field is not None:
        lines.append(f"field: {doc.field}")
    lines.append(f"catalog_edition: {scalar(doc.catalog_edition or catalog.edition_id)}")
    for key in ("start", "title", "learner", "organisation", "contact", "provider", "home", "target_group"):
        value = getattr(doc, key)
        if value is not None:
            lines.append(f"{key}: {scalar(value)}")
    if doc.unavailable:
        lines.append("# Tage, an denen die lernende Person nicht kann (keine Präsenz):")
        lines.append("unavailable:")
        for item in doc.unavailable:
            if isinstance(item, date):
                lines.append(f"  - {item.isoformat()}")
            else:
                lines.append(f"  - {{start: {item.start.isoformat()}, until: {item.until.isoformat()}}}")
    if doc.avoid_school_holidays:
        lines.append("avoid_school_holidays: true")
    if doc.group is not None:
        lines.append("# Feste Lerngruppe: alle Mitglieder auf denselben Angeboten, je eine Datei.")
        lines.append(f"group: {{id: {scalar(doc.group.id)}, size: {doc.group.size}}}")
    if doc.self_assessment:
        own = ", ".join(f"{scalar(key)}: {value}" for key, value in sorted(doc.self_assessment.items()))
        lines.append("# Eigene Einschätzung je Kompetenz, 0 (keine) bis 3 (sicher):")
        lines.append(f"self_assessment: {{{own}}}")
    if doc.modules:
        lines.append("modules:")
        for entry in doc.modules:
            lines.extend(_entry(entry, catalog))
    else:
        lines.append("modules: []")
    bookings = doc.booked()
    if bookings:
        lines.append("# Gebuchte Angebote, jedes einmal mit seinen Kosten (auch für mehrere Module):")
        lines.append("bookings:")
        for booking in bookings:
            lines.extend(_booking(booking))
    return "\n".join(lines) + "\n"


def _booking(booking: Booking) -> list[str]:
    first, *others = BOOKING_KEY_ORDER
    lines = [f"  - {first}: {scalar(booking.offer)}"]
    for key in others:
        value = getattr(booking, key)
        if key == "modules":
            lines.append(f"    modules: [{', '.join(scalar(m) for m in value)}]")
        elif value is not None:
            lines.append(f"    {key}: {scalar(value)}")
    return lines
