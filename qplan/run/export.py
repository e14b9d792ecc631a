"""`qplan export`: a plan file reviewed, with what its calendar or printed plan needs."""

from __future__ import annotations

from pathlib import Path

from qplan.errors import InputError, UsageError
from qplan.models.requests import ExportRequest
from qplan.models.results import PlanExport
from qplan.run.data import load_catalog
from qplan.run.plan import earlier_export, profile_for, review_file


def execute(request: ExportRequest) -> PlanExport:
    """Review the plan (a file with errors of its own is unusable here: it would be exported
    with something silently replaced), then gather the profile, funding and earlier calendar."""
    catalog = load_catalog(request.files.catalog)
    if request.path != "-" and not Path(request.path).exists():
        raise UsageError(f"{request.path}: Die Datei gibt es nicht.")
    reviewed = review_file(request.path, catalog, today=request.today, providers=request.files.providers)
    if reviewed.errors:
        raise InputError(f"{reviewed.label}: Das Plan-Dokument ist nicht verwendbar.", reviewed.file_findings)
    profile = funding = None
    if request.printable:
        from qplan.run.funding import for_plan

        doc = reviewed.result.doc
        funding = for_plan(
            doc, catalog, reviewed.label, providers=request.files.providers, funding=request.files.funding
        )
        profile = profile_for(doc, catalog)
    calendar = request.calendar
    previous = earlier_export(calendar) if calendar is not None and calendar != "-" else None
    return PlanExport(catalog, reviewed, profile, funding, previous)
