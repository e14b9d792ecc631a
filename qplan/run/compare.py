"""`qplan compare`: the three tracks of the Basisqualifizierung planned side by side."""

from __future__ import annotations

from qplan.models.common import PLAN_FIELDS
from qplan.models.requests import CompareRequest, PlanRequest
from qplan.models.results import Comparison
from qplan.run.data import load_catalog
from qplan.run.plan import plan, profile_for


def execute(request: CompareRequest) -> Comparison:
    """Plan each field's path from the same start and profile it."""
    catalog = load_catalog(request.files.catalog)
    results = tuple(
        (field, plan(catalog, PlanRequest(format="basis", field=field, start=request.start), today=request.today))
        for field in PLAN_FIELDS
    )
    return Comparison(catalog, results, tuple((field, profile_for(r.doc, catalog)) for field, r in results))
