"""`qplan providers diff OLD NEW`: what changed per offer between two providers files, and
(with `--plans`) which plan files booked an offer that changed or was cancelled."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from qplan.models.catalog import Catalog
from qplan.models.office import (
    UNKNOWN,
    AffectedPlan,
    FieldChange,
    OfferChange,
    ProvidersDiff,
    Unreadable,
    area_of,
    half_year,
)
from qplan.models.providers import Offer, ProviderCatalog

MOVES = ("dates", "location", "online")  # a change of these moves the offer
OTHERS = ("provider", "modules", "seats", "cost_eur", "funded", "registration_deadline", "phase", "setting")


def _shown(value: object) -> str:
    if isinstance(value, tuple):
        return " ".join(_shown(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nein"
    return str(value)


def _days(offer: Offer) -> tuple[date, ...]:
    if offer.dates:
        return offer.dates
    return tuple(d for d in (offer.start, offer.until) if d is not None)


def _field_changes(old: Offer, new: Offer) -> tuple[FieldChange, ...]:
    found = []
    for name in (*MOVES, *OTHERS):
        before = _days(old) if name == "dates" else getattr(old, name)
        after = _days(new) if name == "dates" else getattr(new, name)
        if before != after:
            found.append(FieldChange(name, _shown(before), _shown(after)))
    return tuple(found)


def _describe(
    offer: Offer, providers: ProviderCatalog, kind: str, changes: tuple[FieldChange, ...] = ()
) -> OfferChange:
    first = offer.first_day
    return OfferChange(
        offer.id, kind, offer.modules, area_of(offer, providers), half_year(first) if first else UNKNOWN, changes
    )


def diff(old: ProviderCatalog, new: ProviderCatalog) -> tuple[OfferChange, ...]:
    """Every offer that is new, cancelled, moved (dates, place) or otherwise changed, by id."""
    found = []
    for offer in old.offers:
        now = new.offer_by_id.get(offer.id)
        if now is None:
            found.append(_describe(offer, old, "cancelled"))
            continue
        changes = _field_changes(offer, now)
        if changes:
            moved = any(c.field in MOVES for c in changes)
            found.append(_describe(now, new, "moved" if moved else "changed", changes))
    found += [_describe(o, new, "new") for o in new.offers if o.id not in old.offer_by_id]
    order = {"cancelled": 0, "moved": 1, "changed": 2, "new": 3}
    return tuple(sorted(found, key=lambda c: (order[c.kind], c.offer)))


def affected_plans(
    files: Sequence[str], changes: Sequence[OfferChange], catalog: Catalog
) -> tuple[tuple[AffectedPlan, ...], int, tuple[Unreadable, ...]]:
    """The plan files with a booking (not yet done) of a changed or cancelled offer; files one
    by one, nothing of a file kept past its verdict."""
    from qplan.loading.loader import MAX_PLAN_BYTES, load_file
    from qplan.models.plan import PlanDocument
    from qplan.planning.shorthand import FillIn

    hit = {c.offer for c in changes if c.kind != "new"}
    fill_in = FillIn(catalog)
    plans = []
    unusable = []
    for path in files:
        loaded = load_file(PlanDocument, path, max_bytes=MAX_PLAN_BYTES, prepare=fill_in)
        doc = loaded.value
        if doc is None:
            first = next((f for f in loaded.findings if f.severity == "error"), None)
            unusable.append(Unreadable(loaded.label, first.format() if first else "nicht lesbar"))
            continue
        booked = tuple(dict.fromkeys(e.offer for e in doc.modules if e.offer in hit and not e.done))
        if booked:
            plans.append(AffectedPlan(loaded.label, tuple(o for o in booked if o is not None)))
    return tuple(plans), len(files), tuple(unusable)


def execute(
    old_path: str, new_path: str, plan_paths: Sequence[str], catalog_option: str | None = None
) -> ProvidersDiff:
    """Load both files (InputError when one is unusable) and compare; with plan paths, find
    the plans that booked what changed."""
    from qplan.run.check import expand_paths
    from qplan.run.data import load_catalog, load_providers

    catalog = load_catalog(catalog_option)
    old = load_providers(old_path, catalog)
    new = load_providers(new_path, catalog)
    changes = diff(old, new)
    if not plan_paths:
        return ProvidersDiff(old_path, new_path, changes)
    files, problems = expand_paths(plan_paths)
    plans, read, unusable = affected_plans(files, changes, catalog)
    skipped = tuple(Unreadable(p.path, p.findings[0].format()) for p in problems if p.findings)
    return ProvidersDiff(old_path, new_path, changes, plans, read, skipped + unusable)
