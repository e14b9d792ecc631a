"""`qplan coverage`: which module is offered where and when (module × Regierungsbezirk ×
half-year), with the free seats; a Regierungsbezirk without an offer is a gap."""

from __future__ import annotations

from datetime import date

from qplan.models.catalog import Catalog
from qplan.models.office import (
    AREAS,
    CoverageCell,
    CoverageRequest,
    CoverageResult,
    area_of,
    free_seats,
    half_year,
    half_years,
)
from qplan.models.providers import ProviderCatalog


def execute(request: CoverageRequest) -> CoverageResult:
    """Load the catalogue and the providers file (InputError when unusable) and count."""
    from qplan.run.data import load_catalog, load_providers

    catalog = load_catalog(request.catalog)
    providers = load_providers(request.providers, catalog)
    return coverage(
        providers,
        catalog,
        today=request.today,
        start=request.start,
        until=request.until,
        default_providers=request.providers is None,
    )


def coverage(
    providers: ProviderCatalog,
    catalog: Catalog,
    *,
    today: date,
    start: date | None = None,
    until: date | None = None,
    default_providers: bool = False,
) -> CoverageResult:
    """Every module × area × half-year of the period with its offers and free seats.

    An offer counts in the half-year of each of its modules' days (a self-study window: its
    start). Without --from/--until the period runs from the first to the last offer."""
    found: dict[tuple[str, str, str], list[tuple[str, int]]] = {}
    counted: set[str] = set()
    days: list[date] = []
    for offer in providers.offers:
        area = area_of(offer, providers)
        for module in offer.modules:
            day = offer.date_of(module)
            if day is None or (start is not None and day < start) or (until is not None and day > until):
                continue
            days.append(day)
            counted.add(offer.id)
            found.setdefault((module, area, half_year(day)), []).append((offer.id, free_seats(offer)))
    first = half_year(start) if start is not None else half_year(min(days, default=today))
    last = half_year(until) if until is not None else half_year(max(days, default=today))
    halves = half_years(first, last) if first <= last else ()
    modules = tuple(sorted(catalog.module_by_id, key=catalog.order_key))
    cells = []
    for module in modules:
        for area in AREAS:
            for half in halves:
                here = found.get((module, area, half), [])
                ids = tuple(dict.fromkeys(offer for offer, _ in here))
                seats = {offer: free for offer, free in here}
                cells.append(CoverageCell(module, area, half, ids, sum(seats.values())))
    return CoverageResult(
        today=today,
        modules=modules,
        halves=halves,
        cells=tuple(cells),
        offers=len(counted),
        default_providers=default_providers,
    )
