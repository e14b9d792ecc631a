"""`qplan catalog check`, `qplan providers --check` and `qplan funding check`: one data file
read, validated and checked by its consistency rules, without the cache."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qplan.models.requests import DataCheckRequest
from qplan.models.results import Report


def execute(request: DataCheckRequest) -> Report[Any]:
    """The file's report: its value if usable, and every finding placed at its line."""
    from qplan.run import data

    files = request.files
    if request.kind == "catalog":
        return data.check_catalog_file(Path(request.path) if request.path else data.catalog_path(files.catalog))
    if request.kind == "funding":
        return data.check_funding_file(Path(request.path) if request.path else data.funding_path(files.funding))
    target = Path(request.path) if request.path else data.providers_path(files.providers)
    return data.check_providers_file(target, data.load_catalog(files.catalog))
