"""A fixed learning group on one path (`qplan plan --offers --group N`).

The whole group books the same offers, so an offer is a candidate only with at least N free
seats (`seats − booked`); the solver then prefers providers that teach in fixed groups
(criterion 3a in `qplan.planning.solver`). A module whose offers all have too few seats
says so with the largest number of free seats."""

from __future__ import annotations

from dataclasses import replace

from qplan.models.plan import PlanDocument
from qplan.models.providers import Offer, ProviderCatalog


def free_seats(offer: Offer) -> int:
    return max(0, offer.seats - offer.booked)


def for_group(providers: ProviderCatalog, size: int) -> ProviderCatalog:
    """The providers with only the offers that seat the whole group."""
    return replace(providers, offers=tuple(o for o in providers.offers if free_seats(o) >= size))


def seat_reasons(doc: PlanDocument, providers: ProviderCatalog, size: int) -> dict[str, str]:
    """For each open module that has offers, all of them with fewer than `size` free seats:
    „höchstens K freie Plätze“ (K the most any of them has)."""
    reasons = {}
    for entry in doc.modules:
        if entry.done:
            continue
        offers = providers.offers_by_module.get(entry.id, ())
        most = max((free_seats(o) for o in offers), default=None)
        if most is not None and most < size:
            reasons[entry.id] = f"höchstens {most} freie Plätze"
    return reasons
