"""The catalogue as JSON-ready data and as rich tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qplan.models.catalog import Area, Catalog, Format, Module, Track
from qplan.models.common import PHASE_NAMES
from qplan.render.layout import Column, table_or_blocks
from qplan.render.text import FIELD_SHORT, hours


def module_data(catalog: Catalog, module: Module) -> dict[str, Any]:
    return {
        "id": module.id,
        "title": module.title,
        "area": module.area,
        "format": module.format,
        "wst": module.wst,
        "fields": list(module.fields),
        "number": module.number,
        "hours": catalog.hours(module.wst),
        "default_phase": module.default_phase,
        "wst_assumed": module.wst_assumed,
        "grundlagen": module.id in catalog.grundlagen_ids,
        "days": module.days,
        "contents": list(module.contents),
        "source": module.source,
    }


def catalog_data(catalog: Catalog, modules: list[Module]) -> dict[str, Any]:
    return {
        "edition": catalog.edition_id,
        "unit": {"name": catalog.unit.name, "minutes": catalog.unit.minutes},
        "modules": [module_data(catalog, m) for m in modules],
        "areas": [
            {
                "id": a.id,
                "name": a.name,
                "number": a.number,
                "grundlage": a.grundlage,
                "meaning": a.meaning,
                "basis_wst": a.basis_wst,
            }
            for a in catalog.areas
        ],
        "formats": [{"id": f.id, "name": f.name} for f in catalog.formats],
        "fields": [{"id": f.id, "name": f.name} for f in catalog.fields],
    }


def catalog_table(catalog: Catalog, modules: list[Module], width: int = 120) -> Any:
    """The modules: a table when ids, areas and fields fit beside the titles, else blocks."""
    columns = [
        Column("ID"),
        Column("Titel", fact=False),
        Column("Lernbereich"),
        Column("WSt", justify="right"),
        Column("Aufgabenfelder"),
    ]
    rows = []
    for module in modules:
        area = catalog.area_by_id.get(module.area or "")
        wst = f"{module.wst}*" if module.wst_assumed else str(module.wst)
        fields = ", ".join(FIELD_SHORT[f] for f in module.fields) or "–"
        rows.append([module.id, module.title, f"{area.id} {area.name}" if area else "–", wst, fields])

    def block(cells: Sequence[str]) -> list[str]:
        return [f"{cells[0]} · {cells[3]} WSt · {cells[4]}", f"  {cells[1]}", f"  {cells[2]}"]

    return table_or_blocks(f"Module ({len(modules)})", columns, rows, width, block)


def module_detail(catalog: Catalog, module: Module) -> list[tuple[str, str]]:
    area = catalog.area_by_id.get(module.area or "")
    fmt = catalog.format_by_id.get(module.format)
    rows = [
        ("Modul", f"{module.id}: {module.title}"),
        ("Format", fmt.name if fmt else module.format),
        ("Lernbereich", f"{area.id} {area.name}" if area else "–"),
        (
            "Umfang",
            f"{module.wst} WSt = {hours(catalog, module.wst)} Zeitstunden"
            + (" (Annahme, der Leitfaden nennt keine Lernzeit)" if module.wst_assumed else ""),
        ),
        ("Aufgabenfelder", ", ".join(catalog.field_by_id[f].name for f in module.fields) or "–"),
        ("Grundlagenmodul", "ja" if module.id in catalog.grundlagen_ids else "nein"),
    ]
    if module.days:
        rows.append(("Dauer", f"{module.days} Tag(e)"))
    if module.contents:
        rows.append(("Inhalte", "\n".join(f"• {c}" for c in module.contents)))
    phases = [f"{t.name}: {PHASE_NAMES[t.phase_of(module)]}" for t in catalog.tracks if module.id in t.modules.all()]
    if phases:
        rows.append(("Phase je Spur", "; ".join(phases)))
    rows.append(("Quelle", module.source))
    return rows


def area_detail(catalog: Catalog, area: Area) -> list[tuple[str, str]]:
    modules = [m for m in catalog.modules if m.area == area.id]
    return [
        ("Lernbereich", f"{area.id} {area.name}"),
        ("Grundlage", area.grundlage),
        ("Bedeutung", area.meaning),
        ("Basis", f"{area.basis_wst} WSt; Grundlagenmodul {area.grundlagen_module}"),
        ("Module", "\n".join(f"{m.id} {m.title} ({m.wst} WSt)" for m in modules)),
        ("Quelle", area.source),
    ]


def format_detail(catalog: Catalog, fmt: Format) -> list[tuple[str, str]]:
    tracks: list[Track] = [t for t in catalog.tracks if t.format == fmt.id]
    rows = [
        ("Format", f"{fmt.id}: {fmt.name} – {fmt.summary}"),
        ("Für wen geeignet?", fmt.suitable_for),
        ("Wie viel Lernzeit?", fmt.learning_time),
        ("Inhalte", "\n".join(f"• {c}" for c in fmt.contents)),
    ]
    for track in tracks:
        budget = []
        if track.budget.wst:
            budget.append(f"gesamt {track.budget.wst.describe()} WSt")
        if track.budget.praesenz:
            budget.append(f"Präsenz {track.budget.praesenz.describe()} WSt")
        if track.budget.selbstlern:
            budget.append(f"Selbstlernen {track.budget.selbstlern.describe()} WSt")
        rows.append((track.name, "; ".join(budget) or "frei wählbar"))
    rows.append(("Quelle", fmt.source))
    return rows


def detail_table(rows: list[tuple[str, str]]) -> Any:
    from rich.table import Table

    table = Table(show_header=False, box=None, padding=(0, 1))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for key, value in rows:
        table.add_row(key, value)
    return table
