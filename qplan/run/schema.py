"""`qplan schema`: the plan documents' JSON Schema and the catalogue's module ids."""

from __future__ import annotations

from qplan.models.requests import SchemaRequest
from qplan.models.results import PlanSchema


def execute(request: SchemaRequest) -> PlanSchema:
    from qplan.run.data import load_catalog
    from qplan.run.plan import plan_schema

    return PlanSchema(plan_schema(), tuple(load_catalog(request.files.catalog).module_by_id))
