"""The content of a printable plan (for an employer or a funding application), once,
for the Markdown and HTML renderers."""

from __future__ import annotations

from dataclasses import dataclass

from qplan import __version__
from qplan.dates import german
from qplan.models.catalog import Catalog
from qplan.models.common import PHASE_NAMES
from qplan.models.results import PlanResult
from qplan.render.text import hours


@dataclass(frozen=True)
class Report:
    title: str
    facts: tuple[tuple[str, str], ...]
    modules: tuple[tuple[str, ...], ...]
    module_header: tuple[str, ...]
    totals: tuple[tuple[str, ...], ...]
    totals_header: tuple[str, ...]
    verdict: str
    problems: tuple[str, ...]
    footer: str


def build(result: PlanResult, catalog: Catalog) -> Report:
    doc = result.doc
    track = result.track
    fmt = catalog.format_by_id.get(doc.format)
    field = catalog.field_by_id.get(doc.field or "")
    facts = []
    if doc.learner:
        facts.append(("Lernende Person", doc.learner))
    facts.append(("Format", fmt.name if fmt else doc.format))
    facts.append(("Aufgabenfeld", field.name if field else ("beide Aufgabenfelder" if doc.field == "beide" else "–")))
    if doc.start:
        end = result.schedule.end
        facts.append(("Zeitraum", f"{german(doc.start)} – {german(end)}" if end else f"ab {german(doc.start)}"))
    providers = sorted({e.provider for e in doc.modules if e.provider} | ({doc.provider} if doc.provider else set()))
    if providers:
        facts.append(("Träger", "; ".join(providers)))
    rows = []
    for entry in sorted(doc.modules, key=lambda e: (e.date is None, e.date or doc.start, catalog.order_key(e.id))):
        module = catalog.module_by_id.get(entry.id)
        if entry.date is None:
            when = "–"
        elif entry.until is not None:
            when = f"{german(entry.date)} – {german(entry.until)}"
        else:
            when = german(entry.date)
        rows.append(
            (
                when,
                PHASE_NAMES[entry.phase],
                entry.id,
                module.title if module else "?",
                str(entry.wst),
                entry.provider or "–",
                entry.location or "–",
                "erledigt" if entry.done else "offen",
            )
        )
    totals = result.evaluation.totals
    budget = track.budget if track else None
    target = {
        "Gesamt": budget.wst.describe() + " WSt" if budget and budget.wst else "frei",
        "Präsenz": budget.praesenz.describe() + " WSt" if budget and budget.praesenz else "–",
        "Selbstlernen": budget.selbstlern.describe() + " WSt" if budget and budget.selbstlern else "–",
    }
    total_rows = (
        ("Gesamt", str(totals.wst), hours(catalog, totals.wst), target["Gesamt"]),
        ("Präsenz", str(totals.praesenz), hours(catalog, totals.praesenz), target["Präsenz"]),
        ("Selbstlernen", str(totals.selbstlern), hours(catalog, totals.selbstlern), target["Selbstlernen"]),
    )
    checks = result.evaluation.checks
    held = sum(1 for c in checks if c.ok)
    if result.ok:
        verdict = f"Der Plan erfüllt die Regeln des Programms ({held} von {len(checks)} Prüfungen erfüllt)."
    else:
        verdict = f"Der Plan erfüllt die Regeln des Programms nicht ({held} von {len(checks)} Prüfungen erfüllt)."
    problems = tuple(f"{f.message} ({f.code})" for f in result.evaluation.findings if f.severity != "info")
    problems += tuple(result.schedule.notes)
    return Report(
        title=f"Lernplan: {track.name if track else doc.format}",
        facts=tuple(facts),
        modules=tuple(rows),
        module_header=("Termin", "Art", "Modul", "Titel", "WSt", "Träger", "Ort", "Stand"),
        totals=total_rows,
        totals_header=("", "WSt", "Zeitstunden", "Soll"),
        verdict=verdict,
        problems=problems,
        footer=(
            f"Erstellt mit qplan {__version__} nach dem Leitfaden „Qualifiziert ins Quartier!“ (2019). "
            "1 WSt = 45 Minuten."
        ),
    )
