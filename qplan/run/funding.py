"""The application summary of one plan: its bookings and what the funding rules grant.

A booking is one offer of the plan: its modules are the plan's entries with that `offer`,
its cost, `funded` flag, setting and region come from the providers file (the plan's own
copies may be out of date; the office pays by the providers' figures). The plan file is
only read, never written.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from qplan.findings import Finding
from qplan.models.catalog import Catalog
from qplan.models.funding import BookingFunding, FundingOutcome, FundingRequest, FundingResult, FundingRules, Reason
from qplan.models.plan import PlanDocument
from qplan.models.providers import ProviderCatalog

UNKNOWN_OFFER = "QP401"  # the plan rule that reports the same problem in `check`


def target_group_of(doc: PlanDocument) -> str | None:
    """The learner's target group, where the plan file records one (`target_group`)."""
    value = getattr(doc, "target_group", None)
    return value if isinstance(value, str) and value else None


def home_of(doc: PlanDocument) -> str | None:
    """The learner's home Regierungsbezirk, where the plan file records one (`home`)."""
    value = getattr(doc, "home", None)
    return value if isinstance(value, str) and value else None


def bookings(doc: PlanDocument) -> list[tuple[str, list[int]]]:
    """Each offer of the plan with the indexes of its entries, in the order of first mention."""
    grouped: dict[str, list[int]] = {}
    for index, entry in enumerate(doc.modules):
        if entry.offer:
            grouped.setdefault(entry.offer, []).append(index)
    return list(grouped.items())


def assess(doc: PlanDocument, providers: ProviderCatalog | None, rules: FundingRules, label: str) -> FundingResult:
    """Every booking of `doc` with the subsidy the rules grant for it.

    Subsidy of an eligible booking: min(cost × share, cap per participation), in cents.
    The cap per in-house event spans all participants and is applied by the report."""
    group = target_group_of(doc)
    group_eligible = group is None or group in rules.group_names
    findings: list[Finding] = []
    result: list[BookingFunding] = []
    percent = rules.share.percent
    cap = rules.cap_per_participation.eur
    for offer_id, indexes in bookings(doc):
        entries = [doc.modules[i] for i in indexes]
        modules = tuple(e.id for e in entries)
        wst = sum(e.wst for e in entries)
        offer = providers.offer_by_id.get(offer_id) if providers is not None else None
        if offer is None:
            findings.append(
                Finding(
                    UNKNOWN_OFFER,
                    "error",
                    f"Angebot „{offer_id}“ (Modul {', '.join(modules)}) gibt es in der Anbieterdatei nicht; "
                    "ohne seine Kosten ist keine Förderung zu berechnen.",
                    path=label,
                    anchor=("modules", indexes[0], "offer"),
                )
            )
            result.append(BookingFunding(offer_id, modules, wst, "unknown_offer"))
            continue
        provider = providers.provider_by_id.get(offer.provider) if providers is not None else None
        known: dict[str, Any] = {
            "cost_eur": offer.cost_eur,
            "provider": provider.name if provider else offer.provider,
            "setting": offer.setting,
            "region": provider.region if provider else None,
            "first_day": offer.first_day,
            "inhouse": offer.setting == "inhouse",
        }
        reason: Reason
        applied: int | None
        if not offer.funded:
            reason, cents, applied = "not_funded", 0, None
        elif offer.setting not in rules.settings.eligible:
            reason, cents, applied = "setting", 0, None
        elif not group_eligible:
            reason, cents, applied = "target_group", 0, None
        elif offer.cost_eur == 0:
            reason, cents, applied = "free", 0, None
        elif offer.cost_eur * percent > cap * 100:
            reason, cents, applied = "capped", cap * 100, cap
        else:
            reason, cents, applied = "eligible", offer.cost_eur * percent, None
        result.append(BookingFunding(offer_id, modules, wst, reason, subsidy_cents=cents, cap_eur=applied, **known))
    return FundingResult(
        label=label,
        learner=doc.learner,
        organisation=doc.organisation,
        format=doc.format,
        target_group=group,
        home=home_of(doc),
        share_percent=percent,
        bookings=tuple(result),
        findings=tuple(findings),
        group_eligible=group_eligible,
    )


def execute(request: FundingRequest, catalog: Catalog) -> FundingOutcome:
    """Load the plan (read only), the providers file if it books anything, and the rules."""
    from qplan.errors import InputError
    from qplan.loading.loader import MAX_PLAN_BYTES, load_file
    from qplan.loading.sourcemap import place
    from qplan.planning.shorthand import FillIn
    from qplan.run.data import load_funding, load_providers

    rules = load_funding(request.funding)
    loaded = load_file(PlanDocument, request.path, max_bytes=MAX_PLAN_BYTES, prepare=FillIn(catalog))
    if loaded.value is None or loaded.errors:
        raise InputError(f"{loaded.label}: Das Plan-Dokument ist nicht verwendbar.", loaded.findings)
    doc = loaded.value
    providers = load_providers(request.providers, catalog) if bookings(doc) else None
    result = assess(doc, providers, rules, loaded.label)
    placed = tuple(f.at(loaded.label) for f in place(list(result.findings), loaded.source))
    return FundingOutcome(replace(result, findings=placed), rules)


def for_plan(
    doc: PlanDocument, catalog: Catalog, label: str, *, providers: str | None, funding: str | None
) -> FundingOutcome:
    """The summary of an already loaded plan (for the printed plan), with the rules' office."""
    from qplan.run.data import load_funding, load_providers

    rules = load_funding(funding)
    offers = load_providers(providers, catalog) if bookings(doc) else None
    return FundingOutcome(assess(doc, offers, rules, label), rules)
