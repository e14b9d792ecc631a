"""The rule about a fixed learning group's plan (`group: {id, size}`, `qplan plan --group`)."""

from __future__ import annotations

from qplan.rules.context import PlanContext
from qplan.rules.registry import Issue, Outcome, register


@register(
    "QP403",
    "gruppe-plaetze",
    "error",
    "Lerngruppe größer als ein gebuchtes Angebot",
    """Der Plan einer festen Lerngruppe (`group: {id, size}`) bucht für alle Mitglieder dieselben
    Angebote. Jedes gebuchte Angebot braucht so viele Plätze (`seats` der Anbieterdatei), wie die
    Gruppe Personen hat; sonst passt die Gruppe nicht hinein.""",
)
def group_fits(ctx: PlanContext) -> Outcome | None:
    group = ctx.doc.group
    if group is None or ctx.providers is None or not any(e.offer for e in ctx.doc.modules):
        return None
    issues = []
    for index, entry in enumerate(ctx.doc.modules):
        offer = ctx.providers.offer_by_id.get(entry.offer) if entry.offer else None
        if offer is not None and offer.seats < group.size:
            issues.append(
                Issue(
                    f"Modul {entry.id}: Angebot {offer.id} hat {offer.seats} Plätze, die Lerngruppe "
                    f"{group.size} Personen.",
                    ("modules", index, "offer"),
                )
            )
    return Outcome(f"je Angebot mindestens {group.size} Plätze", f"{len(issues)} zu klein", tuple(issues))
