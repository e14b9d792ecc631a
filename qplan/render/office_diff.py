"""What changed between two providers files, as text (80 columns), JSON or CSV."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from qplan.dates import german
from qplan.models.office import FieldChange, ProvidersDiff
from qplan.render.office_text import area_name

KINDS = {"cancelled": "Abgesagt", "moved": "Verschoben", "changed": "Geändert", "new": "Neu"}
FIELDS = {
    "dates": "Termine",
    "location": "Ort",
    "online": "online",
    "provider": "Träger",
    "modules": "Module",
    "seats": "Plätze",
    "cost_eur": "Kosten (€)",
    "funded": "gefördert",
    "registration_deadline": "Anmeldeschluss",
    "phase": "Art",
    "setting": "Form",
}


def _value(change: FieldChange, text: str) -> str:
    if change.field in ("dates", "registration_deadline"):
        return ", ".join(german(date.fromisoformat(day)) for day in text.split()) or "–"
    return text or "–"


def _fold(text: str, indent: str, width: int = 80) -> list[str]:
    lines, current = [], indent
    for word in text.split(" "):
        if len(current) + len(word) + 1 > width and current.strip():
            lines.append(current.rstrip())
            current = indent + "  "
        current += word + " "
    lines.append(current.rstrip())
    return lines


def diff_lines(result: ProvidersDiff) -> list[str]:
    counts = {kind: sum(1 for c in result.changes if c.kind == kind) for kind in KINDS}
    summary = ", ".join(f"{n} {KINDS[k].lower()}" for k, n in counts.items())
    lines = [*_fold(f"Von {result.old} nach {result.new}: {summary}.", "")]
    for kind, title in KINDS.items():
        chosen = [c for c in result.changes if c.kind == kind]
        if not chosen:
            continue
        lines += ["", f"{title}:"]
        for change in chosen:
            lines.append(f"  {change.offer} {' '.join(change.modules)}, {area_name(change.area)} {change.half}")
            for field in change.changes:
                name = FIELDS.get(field.field, field.field)
                text = f"{name}: {_value(field, field.old)} → {_value(field, field.new)}"
                lines += _fold(text, "    ")
    if result.plans_read or result.unusable:
        lines += [
            "",
            f"Pläne mit einer Buchung eines abgesagten oder geänderten Angebots: {len(result.plans)} "
            f"von {result.plans_read} gelesen",
        ]
        lines += [f"  {plan.path}: {', '.join(plan.offers)}" for plan in result.plans]
    return lines


def diff_data(result: ProvidersDiff) -> dict[str, Any]:
    data: dict[str, Any] = {
        "old": result.old,
        "new": result.new,
        "changes": [
            {
                "offer": c.offer,
                "kind": c.kind,
                "modules": list(c.modules),
                "area": c.area,
                "half_year": c.half,
                "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in c.changes],
            }
            for c in result.changes
        ],
    }
    if result.plans_read or result.unusable:
        data["plans"] = [{"path": p.path, "offers": list(p.offers)} for p in result.plans]
        data["plans_read"] = result.plans_read
        data["unusable"] = [{"path": u.path, "first_error": u.first_error} for u in result.unusable]
    return data


def diff_csv(result: ProvidersDiff) -> str:
    """One row per changed field (new and cancelled offers: one row); with --plans one row per
    affected plan file instead (the mailing list)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if result.plans_read or result.unusable:
        writer.writerow(["path", "offers"])
        for plan in result.plans:
            writer.writerow([plan.path, " ".join(plan.offers)])
        return out.getvalue()
    writer.writerow(["offer", "kind", "modules", "area", "half_year", "field", "old", "new"])
    for change in result.changes:
        base = [change.offer, change.kind, " ".join(change.modules), change.area, change.half]
        if not change.changes:
            writer.writerow([*base, "", "", ""])
        for field in change.changes:
            writer.writerow([*base, field.field, field.old, field.new])
    return out.getvalue()
