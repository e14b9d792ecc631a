"""`qplan providers`: the offers of the providers file, filtered as asked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from qplan.errors import Reason, RequestError
from qplan.models.providers import Offer
from qplan.models.requests import OffersRequest
from qplan.models.results import OfferListing
from qplan.run.data import Providers, load_catalog


def execute(request: OffersRequest) -> OfferListing:
    """Filter the offers one filter after the other, noting the one that left none."""
    catalog = load_catalog(request.files.catalog)
    handle = Providers(request.files.providers, catalog)
    data = handle.get()
    unknown = [m for m in request.modules if m not in catalog.module_by_id]
    if unknown:
        raise RequestError(Reason.UNKNOWN_MODULE, option="modules", ids=unknown[:1])
    wanted = set(request.modules)
    since = request.since
    filters: list[tuple[object, str, Callable[[Offer], bool]]] = [
        (request.modules, "modules", lambda o: bool(wanted & set(o.modules))),
        (request.region, "region", lambda o: data.provider_by_id[o.provider].region == request.region or o.online),
        (request.setting, "setting", lambda o: o.setting == request.setting),
        (since, "since", lambda o: o.first_day is not None and since is not None and o.first_day >= since),
        (request.available, "available", lambda o: not o.full and o.registration_deadline >= request.today),
    ]
    chosen = list(data.offers)
    emptied_by = None
    for given, name, keep in filters:
        if given:
            chosen = [o for o in chosen if keep(o)]
            if not chosen and emptied_by is None:
                emptied_by = name
    chosen.sort(key=lambda o: (o.first_day or date.max, o.id))
    return OfferListing(data, catalog, tuple(chosen), emptied_by, example_offers=handle.examples)
