"""`qplan profile`: what a plan teaches, with suggestions, and the learner's own assessment."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from qplan.errors import Reason, RequestError, UsageError
from qplan.models.requests import ProfileRequest
from qplan.models.results import PlanProfile
from qplan.run.data import load_catalog
from qplan.run.plan import profile_for, review_file

SUGGESTIONS = (1, 20)  # how many suggestions may be asked for


def execute(request: ProfileRequest) -> PlanProfile:
    """Load the catalogue and the plan (a missing file is a usage error) and profile it."""
    catalog = load_catalog(request.files.catalog)
    if request.path != "-" and not Path(request.path).exists():
        raise UsageError(f"{request.path}: Die Datei gibt es nicht.")
    low, high = SUGGESTIONS
    if request.suggest is not None and not low <= request.suggest <= high:
        raise RequestError(Reason.OUT_OF_RANGE, option="suggest", ids=(str(request.suggest),), low=low, high=high)
    doc = review_file(request.path, catalog, today=request.today, providers=request.files.providers).result.doc
    return PlanProfile(catalog, doc, profile_for(doc, catalog, suggest=request.suggest or 0))


def answer(request: ProfileRequest, found: PlanProfile, answers: dict[str, int]) -> PlanProfile:
    """The profile with the learner's own answers, kept in the plan file so that they are
    asked once (a plan read from stdin keeps nothing)."""
    if request.path != "-":
        from qplan.models.requests import Writing
        from qplan.run.lifecycle import keep_self_assessment

        writing = Writing(found.catalog, request.today, request.files.providers)
        keep_self_assessment(Path(request.path), answers, writing)
    profile = profile_for(found.doc, found.catalog, suggest=request.suggest or 0, self_assessment=answers)
    return replace(found, profile=profile)
