"""The Basis tracks side by side: modules, hours, days, events, duration, competences."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from qplan.models.catalog import Catalog
from qplan.models.profile import Profile
from qplan.models.results import PlanResult
from qplan.render.layout import Column, table_or_blocks
from qplan.render.text import FIELD_SHORT, hours


def compare_data(
    results: dict[str, PlanResult], catalog: Catalog, profiles: dict[str, Profile] | None = None
) -> dict[str, Any]:
    data: dict[str, dict[str, Any]] = {}
    for field, result in results.items():
        presence_days = sum(1 for e in result.doc.modules if e.phase == "praesenz")
        events = sum(1 for s in result.schedule.slots if s.kind == "praesenz")
        totals = result.evaluation.totals
        start, end = result.doc.start, result.schedule.end
        months = (end.year - start.year) * 12 + end.month - start.month + 1 if start and end else None
        data[field] = {
            "track": result.track.id if result.track else None,
            "name": result.track.name if result.track else field,
            "modules": [e.id for e in result.doc.modules],
            "module_count": len(result.doc.modules),
            "wst": totals.wst,
            "praesenz": totals.praesenz,
            "selbstlern": totals.selbstlern,
            "hours": catalog.hours(totals.wst),
            "presence_days": presence_days,
            "events": events,
            "months": months,
            "ok": result.ok,
        }
        profile = (profiles or {}).get(field)
        if profile is not None and profile.competences:
            total = len(profile.competences)
            deep = sum(1 for c in profile.competences if c.planned == 2)
            reached = sum(1 for c in profile.competences if c.planned)
            data[field]["competences_deep"] = f"{deep} von {total}"
            data[field]["competences_reached"] = f"{reached} von {total}"
            data[field]["profile"] = {c.id: c.level for c in profile.competences}
    return {"tracks": data}


def compare_table(data: dict[str, Any], catalog: Catalog, width: int = 120) -> Any:
    tracks = data["tracks"]
    names = [FIELD_SHORT.get(field, field) for field in tracks]
    columns = [Column(""), *(Column(name, justify="right") for name in names)]
    rows: list[tuple[str, str, Callable[[Any], str]]] = [
        ("Module", "module_count", str),
        ("WSt gesamt", "wst", str),
        ("Präsenz (WSt)", "praesenz", str),
        ("Selbstlernen (WSt)", "selbstlern", str),
        ("Zeitstunden", "wst", lambda v: hours(catalog, v)),
        ("Präsenztage", "presence_days", str),
        ("Veranstaltungen", "events", str),
        ("Dauer (Monate)", "months", str),
        ("Kompetenzen vertieft", "competences_deep", str),
        ("Kompetenzen erreicht", "competences_reached", str),
    ]
    cells = [
        [label, *(fmt(t[key]) for t in tracks.values())]
        for label, key, fmt in rows
        if all(key in t for t in tracks.values())
    ]

    def block(row: Sequence[str]) -> list[str]:
        return [row[0], *(f"  {name}: {value}" for name, value in zip(names, row[1:], strict=True))]

    return table_or_blocks("Spuren der Basisqualifizierung im Vergleich", columns, cells, width, block)
