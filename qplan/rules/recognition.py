"""Rules about prior learning recognised for a module (Anerkennung)."""

from __future__ import annotations

from qplan.rules.context import PlanContext
from qplan.rules.registry import Issue, Outcome, register


@register(
    "QP501",
    "anerkennung-ohne-grund",
    "error",
    "Anerkennung ohne Begründung",
    """Ein anerkanntes Modul (`recognised`) braucht eine Begründung (`reason`), etwa die
    Bescheinigung einer gleichwertigen Fortbildung; so bleibt nachvollziehbar, warum es zählt.""",
)
def recognition_reason(ctx: PlanContext) -> Outcome | None:
    entries = [(i, e) for i, e in enumerate(ctx.doc.modules) if e.recognised is not None]
    if not entries:
        return None
    issues = tuple(
        Issue(f"Modul {e.id} ist anerkannt, aber ohne Begründung: „reason“ ergänzen.", ("modules", i, "recognised"))
        for i, e in entries
        if e.recognised is not None and not e.recognised.reason
    )
    return Outcome("jede Anerkennung mit Begründung", f"{len(issues)} ohne Begründung", issues)


@register(
    "QP502",
    "anerkennung-wst",
    "error",
    "Mehr WSt anerkannt, als das Modul hat",
    """Eine teilweise Anerkennung nennt weniger WSt als das Modul (`recognised.wst`); mehr als
    das Modul selbst umfasst, kann nicht anerkannt werden.""",
)
def recognition_wst(ctx: PlanContext) -> Outcome | None:
    entries = [(i, e) for i, e in enumerate(ctx.doc.modules) if e.recognised is not None]
    if not entries:
        return None
    issues = []
    for index, entry in entries:
        module = ctx.catalog.module_by_id.get(entry.id)
        limit = module.wst if module else entry.wst
        wst = entry.recognised.wst if entry.recognised else None
        if wst is not None and wst > limit:
            issues.append(
                Issue(
                    f"Modul {entry.id}: {wst} WSt anerkannt, das Modul hat {limit} WSt.",
                    ("modules", index, "recognised", "wst"),
                )
            )
    return Outcome("höchstens die WSt des Moduls", f"{len(issues)} zu viel", tuple(issues))
