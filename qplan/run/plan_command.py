"""`qplan plan` as one request: the path, checked against its window, with or without offers."""

from __future__ import annotations

from qplan.models.requests import PlanCommand
from qplan.models.results import PlanOutcome
from qplan.planning.assemble import check_window, resolve_track
from qplan.run.data import load_catalog


def execute(command: PlanCommand) -> PlanOutcome:
    """Plan the path; RequestError when the request cannot be planned (the CLI words it)."""
    from qplan.run.plan import plan, plan_with_offers

    catalog = load_catalog(command.files.catalog)
    check_window(resolve_track(catalog, command.path), command.path.start, command.today)
    if command.offers is None:
        return PlanOutcome(plan(catalog, command.path, today=command.today), catalog)
    from qplan.run.data import Providers

    providers = Providers(command.files.providers, catalog)
    result = plan_with_offers(catalog, command.path, providers.table(), command.offers)
    return PlanOutcome(result, catalog, example_offers=providers.examples)
