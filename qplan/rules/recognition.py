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


@register(
    "QP503",
    "anerkennung-rest-offen",
    "error",
    "Teilweise anerkannt, die übrigen WSt fehlen",
    """Ist ein Modul nur teilweise anerkannt (`recognised.wst` kleiner als die WSt des Moduls),
    werden die übrigen WSt im Modul selbst erbracht: am geplanten Termin oder als
    Selbstlernauftrag nach Absprache mit dem Träger. Bis dahin bleibt das Modul offen
    (`done: false`); erst `qplan done` schließt es ab. Als erledigt markiert ohne diesen Rest
    (ohne `done_on`) fehlen die WSt in den Budgets.""",
)
def recognition_rest(ctx: PlanContext) -> Outcome | None:
    entries = [(i, e) for i, e in enumerate(ctx.doc.modules) if e.recognised is not None]
    if not entries:
        return None
    issues = []
    for index, entry in entries:
        if not entry.rest_missing or entry.recognised is None or entry.recognised.wst is None:
            continue
        rest = entry.wst - entry.recognised.wst
        issues.append(
            Issue(
                f"Modul {entry.id}: {entry.recognised.wst} von {entry.wst} WSt anerkannt, die übrigen {rest} WSt "
                f"fehlen. Abhilfe: „done: false“ setzen und die {rest} WSt im Modul erbringen (am Termin oder als "
                f"Selbstlernauftrag mit dem Träger), dann „qplan done PLAN {entry.id}“; oder das ganze Modul "
                f"anerkennen („qplan recognise PLAN {entry.id}“ ohne Teil-WSt), wenn es ganz anerkannt ist.",
                ("modules", index, "recognised", "wst"),
            )
        )
    expected = "Rest einer Teilanerkennung erbracht oder geplant"
    return Outcome(expected, f"{len(issues)} mit fehlendem Rest", tuple(issues))
