"""Rules about chosen offers: the plan must match the providers file it was planned from."""

from __future__ import annotations

from qplan.rules.context import PlanContext
from qplan.rules.registry import Issue, Outcome, register


def _offer_issues(ctx: PlanContext, errors: bool, key: str) -> tuple[Issue, ...] | None:
    """The entries' offer problems: errors (QP401) or date warnings (QP402); None if no offers."""
    if ctx.providers is None or not any(e.offer for e in ctx.doc.modules):
        return None
    from qplan.offers import entry_offer_problems

    issues = []
    for index, entry in enumerate(ctx.doc.modules):
        error, warning = entry_offer_problems(entry, ctx.providers)
        text = error if errors else warning
        if text:
            issues.append(Issue(text, ("modules", index, key)))
    return tuple(issues)


@register(
    "QP401",
    "angebot-unbekannt",
    "error",
    "Angebot unbekannt oder ohne dieses Modul",
    """Ein Modul mit `offer` verweist auf ein Angebot der Anbieterdatei (`--providers`). Das Angebot
    muss es geben und das Modul enthalten.""",
)
def offer_known(ctx: PlanContext) -> Outcome | None:
    issues = _offer_issues(ctx, True, "offer")
    return None if issues is None else Outcome("Angebote der Anbieterdatei", f"{len(issues)} unbekannt", issues)


@register(
    "QP402",
    "angebot-termin",
    "warning",
    "Termin weicht vom gewählten Angebot ab",
    """Der Termin eines Moduls mit `offer` ist der Präsenztag bzw. der Beginn des Zeitfensters im
    Angebot. Weicht er ab, stimmt entweder der Plan oder die Angebotswahl nicht mehr.""",
)
def offer_dates(ctx: PlanContext) -> Outcome | None:
    issues = _offer_issues(ctx, False, "date")
    return None if issues is None else Outcome("Termine wie im Angebot", f"{len(issues)} abweichend", issues)
