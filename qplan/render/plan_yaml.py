"""A plan document as YAML a person can read and edit (comments, stable key order)."""

from __future__ import annotations

import json
import re
from datetime import date

from qplan import __version__
from qplan.models.catalog import Catalog
from qplan.models.plan import ENTRY_KEY_ORDER, PlanDocument, PlanEntry

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def scalar(value: object) -> str:
    """A YAML scalar that reads back as exactly this value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def _entry(entry: PlanEntry, catalog: Catalog) -> list[str]:
    module = catalog.module_by_id.get(entry.id)
    comment = f"  # {module.title}" if module else ""
    first, *others = ENTRY_KEY_ORDER
    lines = [f"  - {first}: {scalar(getattr(entry, first))}{comment}"]
    for key in others:
        value = getattr(entry, key)
        if value is not None:
            lines.append(f"    {key}: {scalar(value)}")
    return lines


def plan_yaml(doc: PlanDocument, catalog: Catalog) -> str:
    track = catalog.track_for(doc.format, doc.field)
    name = track.name if track else doc.format
    lines = [
        f"# Lernpfad: {name} (erstellt mit qplan {__version__})",
        "# Erledigte Module mit „done: true“ markieren; prüfen mit „qplan show DATEI“",
        "# oder „qplan check DATEI“. Schema: „qplan schema“.",
        f"format: {doc.format}",
    ]
    if doc.field is not None:
        lines.append(f"field: {doc.field}")
    for key in ("start", "title", "learner", "provider"):
        value = getattr(doc, key)
        if value is not None:
            lines.append(f"{key}: {scalar(value)}")
    if doc.modules:
        lines.append("modules:")
        for entry in doc.modules:
            lines.extend(_entry(entry, catalog))
    else:
        lines.append("modules: []")
    return "\n".join(lines) + "\n"
