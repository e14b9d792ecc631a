"""What several commands share: the catalogue of this run, today's date, output modes."""

from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from qplan.models.catalog import Catalog
    from qplan.models.plan import PlanDocument
    from qplan.models.providers import ProviderCatalog


def catalog_of(ctx: typer.Context) -> Catalog:
    from qplan import catalog

    option = (ctx.find_root().obj or {}).get("catalog")
    return catalog.load(option)


def providers_of(ctx: typer.Context, catalog: Catalog) -> ProviderCatalog:
    from qplan import providers

    option = (ctx.find_root().obj or {}).get("providers")
    return providers.load(option, catalog)


def providers_if_referenced(ctx: typer.Context, catalog: Catalog, docs: list[PlanDocument]) -> ProviderCatalog | None:
    """The providers file, loaded only when a plan names an offer."""
    if any(e.offer for doc in docs for e in doc.modules):
        return providers_of(ctx, catalog)
    return None


def today() -> date:
    """Today, or `QPLAN_TODAY` (JJJJ-MM-TT) so that examples and tests are reproducible."""
    fixed = os.environ.get("QPLAN_TODAY")
    if fixed:
        from qplan.errors import UsageError

        try:
            return date.fromisoformat(fixed)
        except ValueError:
            raise UsageError(f"QPLAN_TODAY={fixed}: erwartet wird JJJJ-MM-TT.") from None
    return date.today()
