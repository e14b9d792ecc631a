"""`qplan show`: a plan file reviewed against the catalogue, its findings at their lines."""

from __future__ import annotations

from pathlib import Path

from qplan.errors import UsageError
from qplan.models.requests import ShowRequest
from qplan.models.results import PlanReview
from qplan.run.data import load_catalog
from qplan.run.plan import review_file


def execute(request: ShowRequest) -> PlanReview:
    """Load the catalogue, then review the file (a missing file is a usage error)."""
    catalog = load_catalog(request.files.catalog)
    if request.path != "-" and not Path(request.path).exists():
        raise UsageError(f"{request.path}: Die Datei gibt es nicht.")
    reviewed = review_file(request.path, catalog, today=request.today, providers=request.files.providers)
    return PlanReview(catalog, reviewed)
