"""A plan result as JSON-ready data and as rich renderables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qplan.dates import german, window_end
from qplan.models.catalog import Catalog
from qplan.models.common import PHASE_NAMES
from qplan.models.plan import PlanEntry
from qplan.models.results import PlanResult
from qplan.render.text import FIELD_SHORT, bar, hours


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
        **({"offers": selection_data(result)} if result.selection is not None else {}),
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


def schedule_table(result: PlanResult, catalog: Catalog) -> Any:
    from rich.table import Table

    table = Table(title=_title(result, catalog), title_justify="left", header_style="bold")
    table.add_column("Zeitraum", no_wrap=True)
    table.add_column("Art", no_wrap=True)
    table.add_column("Modul", no_wrap=True)
    table.add_column("Titel")
    table.add_column("WSt", justify="right")
    with_offers = any(e.offer or e.provider for e in result.doc.modules)
    if with_offers:
        table.add_column("Angebot")
        table.add_column("Ort")
    entries = {e.id: e for e in result.doc.modules}

    def row(when: str, kind: str, entry: PlanEntry, style: str | None = None) -> None:
        module = catalog.module_by_id.get(entry.id)
        cells = [when, kind, entry.id, module.title if module else "?", str(entry.wst)]
        if with_offers:
            cells.append(f"{entry.offer} ({entry.provider})" if entry.offer else (entry.provider or "–"))
            cells.append(entry.location or "–")
        table.add_row(*cells, style=style)

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
    return table


def budget_table(result: PlanResult, catalog: Catalog) -> Any:
    from rich.table import Table

    totals = result.evaluation.totals
    budget = result.track.budget if result.track else None
    table = Table(title="Stunden", title_justify="left", header_style="bold")
    table.add_column("")
    table.add_column("Ist (WSt)", justify="right")
    table.add_column("Soll (WSt)", justify="right")
    table.add_column("Zeitstunden", justify="right")
    table.add_column("")
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
        table.add_row(label, str(actual), shown, hours(catalog, actual), bar(actual, expected) if expected else "")
    if totals.done:
        table.add_row(
            "Erledigt", str(totals.done), str(totals.wst), hours(catalog, totals.done), bar(totals.done, totals.wst)
        )
    return table


def checks_table(result: PlanResult) -> Any:
    """The checks that did not hold (None when all did); JSON output lists every check."""
    from rich.table import Table

    failed = [c for c in result.evaluation.checks if not c.ok]
    if not failed:
        return None
    table = Table(title="Nicht erfüllte Prüfungen", title_justify="left", header_style="bold")
    table.add_column("")
    table.add_column("Regel", no_wrap=True)
    table.add_column("Soll")
    table.add_column("Ist")
    for check in failed:
        mark = "✗" if check.severity == "error" else "!"
        table.add_row(mark, f"{check.code} {check.id}", check.expected, check.actual)
    return table


def problems(result: PlanResult) -> list[str]:
    return [f"[{f.severity}] {f.message} ({f.code})" for f in result.evaluation.findings]


def verdict(result: PlanResult) -> str:
    if result.selection is not None:
        selection = result.selection
        summary = (
            f"Angebote: {len(selection.offers)} gebucht, {selection.trips} Reise(n), {selection.cost} €"
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


def compare_data(results: dict[str, PlanResult], catalog: Catalog) -> dict[str, Any]:
    data = {}
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
    return {"tracks": data}


def compare_table(data: dict[str, Any], catalog: Catalog) -> Any:
    from rich.table import Table

    tracks = data["tracks"]
    table = Table(title="Spuren der Basisqualifizierung im Vergleich", title_justify="left", header_style="bold")
    table.add_column("")
    for field in tracks:
        table.add_column(FIELD_SHORT.get(field, field), justify="right")
    rows: list[tuple[str, str, Callable[[Any], str]]] = [
        ("Module", "module_count", str),
        ("WSt gesamt", "wst", str),
        ("Präsenz (WSt)", "praesenz", str),
        ("Selbstlernen (WSt)", "selbstlern", str),
        ("Zeitstunden", "wst", lambda v: hours(catalog, v)),
        ("Präsenztage", "presence_days", str),
        ("Veranstaltungen", "events", str),
        ("Dauer (Monate)", "months", str),
    ]
    for label, key, fmt in rows:
        table.add_row(label, *(fmt(t[key]) for t in tracks.values()))
    return table
