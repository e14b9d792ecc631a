"""Rules about chosen offers: the plan must match the providers file it was planned from."""

from __future__ import annotations

from qplan.dates import dmy
from qplan.models.plan import PlanEntry
from qplan.models.providers import ProviderCatalog
from qplan.rules.context import PlanContext
from qplan.rules.registry import Issue, Outcome, register


def _offer_issues(ctx: PlanContext, errors: bool, key: str) -> tuple[Issue, ...] | None:
    """The entries' offer problems: errors (QP401) or date warnings (QP402); None if no offers."""
    if ctx.providers is None or not any(e.offer for e in ctx.doc.modules):
        return None
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
    """Ein Modul mit `offer` verweist auf ein Angebot der Anbieterdatei (siehe `qplan providers`). Das Angebot
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


def entry_offer_problems(entry: PlanEntry, providers: ProviderCatalog) -> tuple[str | None, str | None]:
    """(error, warning) about an entry's offer reference, for the rules QP401/QP402."""
    if entry.offer is None:
        return None, None
    offer = providers.offer_by_id.get(entry.offer)
    if offer is None:
        return f"Modul {entry.id}: Angebot „{entry.offer}“ gibt es in der Anbieterdatei nicht.", None
    if entry.id not in offer.modules:
        return f"Modul {entry.id}: Angebot {offer.id} enthält dieses Modul nicht ({', '.join(offer.modules)}).", None
    expected = offer.date_of(entry.id)
    if entry.date is not None and expected is not None and entry.date != expected:
        return None, f"Modul {entry.id}: Termin {dmy(entry.date)} weicht vom Angebot {offer.id} ab ({dmy(expected)})."
    return None, None
