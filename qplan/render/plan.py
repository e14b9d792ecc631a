"""A plan result as JSON-ready data and as rich renderables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qplan.dates import german, window_end
from qplan.findings import SEVERITY_DE
from qplan.models.catalog import Catalog
from qplan.models.common import PHASE_NAMES
from qplan.models.plan import PlanDocument, PlanEntry
from qplan.models.results import PlanResult
from qplan.render.layout import Column, table_or_blocks
from qplan.render.text import bar, euros, hours


def plan_data(result: PlanResult, catalog: Catalog) -> dict[str, Any]:
    doc = result.doc
    modules = []
    for entry in doc.modules:
        module = catalog.module_by_id.get(entry.id)
        modules.append(
            {
                "id": entry.id,
                "title": module.title if module else None,
                "area": module.area if module else None,
                "phase": entry.phase,
                "wst": entry.wst,
                "done": entry.done,
                "date": entry.date.isoformat() if entry.date else None,
                "until": entry.until.isoformat() if entry.until else None,
                "provider": entry.provider,
                "offer": entry.offer,
                "location": entry.location,
            }
        )
    end = result.schedule.end
    return {
        "format": doc.format,
        "field": doc.field,
        "track": result.track.id if result.track else None,
        "start": doc.start.isoformat() if doc.start else None,
        "end": end.isoformat() if end else None,
        "learner": doc.learner,
        "provider": doc.provider,
        "ok": result.ok,
        "modules": modules,
        "totals": result.evaluation.totals.as_dict(catalog),
        "checks": [c.as_dict() for c in result.evaluation.checks],
        "findings": [f.as_dict() for f in result.evaluation.findings],
        "schedule": [s.as_dict() for s in result.schedule.slots],
        "notes": list(result.schedule.notes),
        **bookings_data(doc),
        **({"offers": selection_data(result)} if result.selection is not None else {}),
    }


def bookings_data(doc: PlanDocument) -> dict[str, Any]:
    """Each booked offer once (offer, modules, cost, funded, registration deadline) and the totals."""
    bookings = doc.booked()
    return {
        "bookings": [
            {
                "offer": b.offer,
                "provider": b.provider,
                "modules": list(b.modules),
                "cost_eur": b.cost_eur,
                "funded": b.funded,
                "registration_deadline": b.registration_deadline.isoformat() if b.registration_deadline else None,
            }
            for b in bookings
        ],
        "cost_total_eur": sum(b.cost_eur or 0 for b in bookings),
        "funded_total_eur": sum(b.cost_eur or 0 for b in bookings if b.funded),
    }


def selection_data(result: PlanResult) -> dict[str, Any]:
    selection = result.selection
    assert selection is not None
    return {
        "complete": selection.complete,
        "optimal": selection.proven,
        "trips": selection.trips,
        "cost_eur": selection.cost,
        "finish": selection.finish.isoformat() if selection.finish else None,
        "chosen": [
            {
                "id": o.id,
                "provider": o.provider,
                "modules": [a.module for a in selection.assignments if a.offer is o],
                "location": o.location,
                "cost_eur": o.cost_eur,
                "funded": o.funded,
            }
            for o in selection.offers
        ],
        "unserved": [{"module": u.module, "reason": u.reason} for u in selection.unserved],
        # each criterion's own status (optimal, unproven, no-plan, skipped) and the real gap
        "stages": [{"name": s.name, "status": s.status, "gap": s.gap} for s in selection.stages],
        "unmet": [{"code": u.code, "reason": u.reason} for u in selection.unmet],
    }


def _title(result: PlanResult, catalog: Catalog) -> str:
    doc = result.doc
    name = result.track.name if result.track else f"{doc.format} ({doc.field or 'ohne Aufgabenfeld'})"
    parts = [name]
    if doc.learner:
        parts.append(doc.learner)
    if doc.start:
        parts.append(f"Start {german(doc.start)}")
    if result.schedule.end:
        parts.append(f"Ende {german(result.schedule.end)}")
    track = result.track
    if doc.start and track is not None and track.schedule.duration_months:
        last = window_end(doc.start, track.schedule.duration_months)
        if result.schedule.end != last:  # the plan ends before (or after) the track's window does
            parts.append(f"Zeitraum der Spur bis {german(last)}")
    return " · ".join(parts)


def schedule_table(result: PlanResult, catalog: Catalog, width: int = 120) -> Any:
    """The schedule: a table when every date, id, offer and place fits, else one block per module."""
    with_offers = any(e.offer or e.provider for e in result.doc.modules)
    columns = [
        Column("Zeitraum"),
        Column("Art"),
        Column("Modul"),
        Column("Titel", fact=False),
        Column("WSt", justify="right"),
    ]
    if with_offers:
        columns += [Column("Angebot"), Column("Ort")]
    rows: list[list[str]] = []
    styles: list[str | None] = []
    entries = {e.id: e for e in result.doc.modules}

    def row(when: str, kind: str, entry: PlanEntry, style: str | None = None) -> None:
        module = catalog.module_by_id.get(entry.id)
        cells = [when, kind, entry.id, module.title if module else "?", str(entry.wst)]
        if with_offers:
            cells.append(f"{entry.offer}\n{entry.provider}" if entry.offer else (entry.provider or "–"))
            cells.append(entry.location or "–")
        rows.append(cells)
        styles.append(style)

    for entry in result.doc.modules:
        if entry.done:
            row("erledigt", PHASE_NAMES[entry.phase], entry, style="dim")
    event = 0
    for slot in result.schedule.slots:
        if slot.kind == "praesenz":
            event += 1
        for mid in slot.modules:
            found = entries.get(mid)
            if found is None:
                continue
            if slot.kind == "praesenz":
                row(german(found.date or slot.start), f"Präsenz (V{event})", found)
            else:
                row(f"{german(slot.start)} – {german(slot.end)}", "Selbstlernen", found)
    for entry in result.doc.modules:
        if not entry.done and entry.date is None:
            row("ohne Termin", PHASE_NAMES[entry.phase], entry, style="red")

    def block(cells: Sequence[str]) -> list[str]:
        lines = [cells[0], f"  {cells[2]} · {cells[1]} · {cells[4]} WSt", f"  {cells[3]}"]
        if with_offers:
            offer, _, provider = cells[5].partition("\n")
            lines.append(f"  Angebot {offer}" + (f" · {provider}" if provider else ""))
            lines.append(f"  Ort: {cells[6]}")
        return lines

    return table_or_blocks(_title(result, catalog), columns, rows, width, block, styles)


def budget_table(result: PlanResult, catalog: Catalog, width: int = 120) -> Any:
    from rich.table import Table

    # Label, three numbers and borders take about 56 columns; the bar gets what is left.
    bar_width = min(24, width - 60) if width >= 70 else 0
    totals = result.evaluation.totals
    budget = result.track.budget if result.track else None
    table = Table(title="Stunden", title_justify="left", header_style="bold")
    table.add_column("", no_wrap=True)
    table.add_column("Ist (WSt)", justify="right", no_wrap=True)
    table.add_column("Soll (WSt)", justify="right", no_wrap=True)
    table.add_column("Zeitstunden", justify="right", no_wrap=True)
    if bar_width:
        table.add_column("", no_wrap=True)
    rows = [
        ("Gesamt", totals.wst, budget.wst if budget else None),
        ("Präsenz", totals.praesenz, budget.praesenz if budget else None),
        ("Selbstlernen", totals.selbstlern, budget.selbstlern if budget else None),
    ]
    for label, actual, target in rows:
        if target is None and budget is not None and label == "Selbstlernen" and budget.wst and budget.praesenz:
            expected = budget.wst.expected - budget.praesenz.expected
            shown = f"≈ {expected}"
        else:
            expected = target.expected if target else 0
            shown = target.describe() if target else "frei"
        cells = [label, str(actual), shown, hours(catalog, actual)]
        if bar_width:
            cells.append(bar(actual, expected, bar_width) if expected else "")
        table.add_row(*cells)
    if totals.done:
        cells = ["Erledigt", str(totals.done), str(totals.wst), hours(catalog, totals.done)]
        if bar_width:
            cells.append(bar(totals.done, totals.wst, bar_width))
        table.add_row(*cells)
    return table


def checks_table(result: PlanResult, width: int = 120) -> Any:
    """The checks that did not hold (None when all did); JSON output lists every check."""
    failed = [c for c in result.evaluation.checks if not c.ok]
    if not failed:
        return None
    columns = [
        Column(""),
        Column("Regel", fact=False),
        Column("Soll", fact=False),
        Column("Ist", fact=False),
    ]
    rows = [
        ["✗" if c.severity == "error" else "!", f"{c.code} {c.summary or c.id}", c.expected, c.actual] for c in failed
    ]

    def block(cells: Sequence[str]) -> list[str]:
        return [f"{cells[0]} {cells[1]}", f"  Soll: {cells[2]}", f"  Ist: {cells[3]}"]

    styles = ["red" if c.severity == "error" else "yellow" for c in failed]
    return table_or_blocks("Nicht erfüllte Prüfungen", columns, rows, width, block, styles)


_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}


def problems(result: PlanResult) -> list[tuple[str, str]]:
    """Each finding as (text, style), ordered by line."""
    ordered = sorted(result.evaluation.findings, key=lambda f: (f.line or 0, f.column or 0, f.code))
    return [(f"[{SEVERITY_DE[f.severity]}] {f.message} ({f.code})", _STYLE[f.severity]) for f in ordered]


def verdict_style(result: PlanResult) -> str:
    return "bold green" if result.ok else "bold red"


def verdict(result: PlanResult) -> str:
    if result.selection is not None:
        selection = result.selection
        summary = (
            f"Angebote: {len(selection.offers)} gebucht, {selection.trips} Reise(n), {euros(selection.cost)}"
            + ("" if selection.complete else f"; {len(selection.unserved)} Modul(e) ohne Angebot – Plan unvollständig")
            + ".\n"
        )
    else:
        summary = ""
    return summary + _rule_verdict(result)


def _rule_verdict(result: PlanResult) -> str:
    checks = result.evaluation.checks
    held = sum(1 for c in checks if c.ok)
    idle = sum(1 for c in checks if not c.applies)
    errors = sum(1 for f in result.evaluation.findings if f.severity == "error")
    warnings = sum(1 for f in result.evaluation.findings if f.severity == "warning")
    tally = f"{held} von {len(checks)} Prüfungen erfüllt" + (f" ({idle} nicht anwendbar)" if idle else "")
    if errors:
        return f"{tally}: Der Plan verletzt Regeln des Programms ({errors} Fehler)."
    if result.selection is not None and not result.selection.complete:
        missing = len(result.selection.unserved)
        return f"{tally}, aber der Plan ist unvollständig: {missing} Modul(e) ohne Angebot (siehe Hinweise)."
    if warnings:
        return f"{tally}: Der Plan erfüllt die Regeln ({warnings} Warnung(en))."
    return f"{tally}: Der Plan erfüllt alle Regeln des Programms."
