"""Providers and offers as JSON-ready data and as a rich table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from qplan.dates import german
from qplan.models.catalog import Catalog
from qplan.models.common import PHASE_NAMES
from qplan.models.providers import REGION_NAMES, Offer, ProviderCatalog
from qplan.render.layout import Column, table_or_blocks
from qplan.render.text import euros


def offer_data(providers: ProviderCatalog, offer: Offer, today: date) -> dict[str, Any]:
    provider = providers.provider_by_id.get(offer.provider)
    return {
        "id": offer.id,
        "provider": offer.provider,
        "provider_name": provider.name if provider else None,
        "region": provider.region if provider else None,
        "modules": list(offer.modules),
        "phase": offer.phase,
        "dates": [d.isoformat() for d in offer.dates],
        "start": offer.start.isoformat() if offer.start else None,
        "until": offer.until.isoformat() if offer.until else None,
        "location": offer.location,
        "online": offer.online,
        "setting": offer.setting,
        "seats": offer.seats,
        "free": max(0, offer.seats - offer.booked),
        "cost_eur": offer.cost_eur,
        "funded": offer.funded,
        "registration_deadline": offer.registration_deadline.isoformat(),
        "bookable": not offer.full and offer.registration_deadline >= today,
    }


def offers_data(providers: ProviderCatalog, offers: list[Offer], today: date) -> dict[str, Any]:
    used = {o.provider for o in offers}
    return {
        "providers": [
            {
                "id": p.id,
                "name": p.name,
                "kind": p.kind,
                "city": p.city,
                "region": p.region,
                "settings": list(p.settings),
                "group": p.group,
                "url": p.url,
            }
            for p in providers.providers
            if p.id in used
        ],
        "offers": [offer_data(providers, o, today) for o in offers],
    }


def when(offer: Offer) -> str:
    """The offer's days, one per line: `Mo 01.03.2027`, or a window `Mo 01.03.2027 – Fr 07.05.2027`."""
    if offer.phase == "selbstlern" and offer.start and offer.until:
        return f"{german(offer.start)} – {german(offer.until)}"
    return "\n".join(german(d) for d in offer.dates)


def offers_table(
    providers: ProviderCatalog, offers: list[Offer], catalog: Catalog, today: date, width: int = 120
) -> Any:
    """The offers: a table when every date, place and provider fits, else one block per offer."""
    columns = [
        Column("Angebot"),
        Column("Module"),
        Column("Art"),
        Column("Termine"),
        Column("Träger, Ort, Form"),
        Column("Plätze", justify="right"),
        Column("Euro", justify="right"),
        Column("Anmeldung bis"),
    ]
    rows = []
    for offer in offers:
        provider = providers.provider_by_id.get(offer.provider)
        region = REGION_NAMES.get(provider.region, "") if provider else ""
        free = max(0, offer.seats - offer.booked)
        seats = "ausgebucht" if offer.full else f"{free} frei"
        deadline = german(offer.registration_deadline) + (" (vorbei)" if offer.registration_deadline < today else "")
        cost = euros(offer.cost_eur) + (" (gefördert)" if offer.funded else "")
        who = f"{provider.name if provider else offer.provider}\n{offer.location} ({region}), {offer.setting}"
        rows.append(
            [offer.id, ", ".join(offer.modules), PHASE_NAMES[offer.phase], when(offer), who, seats, cost, deadline]
        )

    def block(cells: Sequence[str]) -> list[str]:
        provider, _, place = cells[4].partition("\n")
        lines = [f"{cells[0]} · {cells[2]} · {cells[1]}"]
        lines += [f"  {line}" for line in cells[3].split("\n")]
        lines += [f"  {provider}", f"  {place}", f"  {cells[5]} · {cells[6]} · Anmeldung bis {cells[7]}"]
        return lines

    return table_or_blocks("Angebote", columns, rows, width, block)
