"""The catalogue edition a plan was made with (`catalog_edition`)."""

from __future__ import annotations

from qplan.rules.context import PlanContext
from qplan.rules.registry import Issue, Outcome, register


@register(
    "QP601",
    "katalog-ausgabe",
    "warning",
    "Plan nach einer anderen Ausgabe des Katalogs",
    """Eine Plan-Datei hält unter `catalog_edition` fest, nach welcher Ausgabe des Programms sie
    gemacht wurde. Wird sie gegen eine andere Ausgabe geprüft, können Module umbenannt, geteilt,
    zusammengelegt oder entfallen sein; `qplan migrate` führt sie mit dem Katalog der neuen Ausgabe
    nach dessen Übergangstabelle nach.""",
)
def catalog_edition(ctx: PlanContext) -> Outcome | None:
    made_with = ctx.doc.catalog_edition
    current = ctx.catalog.edition_id
    if made_with is None:
        return None
    if made_with == current:
        return Outcome(f"Ausgabe {current}", f"Ausgabe {made_with}")
    hint = (
        f" Nachführen mit „qplan migrate“ und diesem Katalog (die Ausgabe {current} kennt den Übergang)."
        if ctx.catalog.migration is not None and ctx.catalog.migration.from_edition == made_with
        else ""
    )
    issue = Issue(f"Plan nach Katalogausgabe {made_with}, geprüft gegen Ausgabe {current}.{hint}", ("catalog_edition",))
    return Outcome(f"Ausgabe {current}", f"Ausgabe {made_with}", (issue,))
