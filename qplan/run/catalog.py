"""`qplan catalog`: the modules of the programme, filtered by format, field and learning area."""

from __future__ import annotations

from qplan.errors import Reason, RequestError
from qplan.models.requests import ModulesRequest
from qplan.models.results import ModuleListing
from qplan.run.data import load_catalog


def execute(request: ModulesRequest) -> ModuleListing:
    """The modules that pass the filters, in the catalogue's order."""
    catalog = load_catalog(request.files.catalog)
    area = request.area.upper() if request.area is not None else None
    if area is not None and area not in catalog.area_by_id:
        raise RequestError(
            Reason.UNKNOWN_AREA, option="area", ids=[request.area or ""], known=tuple(catalog.area_by_id)
        )
    both = {"koordination", "steuerung"}
    field = request.field
    modules = tuple(
        m
        for m in catalog.modules
        if (request.format is None or m.format == request.format)
        and (area is None or m.area == area)
        and (field is None or (field in m.fields if field != "beide" else set(m.fields) == both))
    )
    return ModuleListing(catalog, modules)
