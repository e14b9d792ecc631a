"""Providers and offers as JSON-ready data and as a rich table."""

from __future__ import annotations

from datetime import date
from typing import Any

from qplan.dates import dmy
from qplan.models.catalog import Catalog
from qplan.models.common import PHASE_NAMES
from qplan.models.providers import REGION_NAMES, Offer, ProviderCatalog


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
    if offer.phase == "selbstlern" and offer.start and offer.until:
        return f"{dmy(offer.start)} –\n{dmy(offer.until)}"
    return ", ".join(dmy(d) for d in offer.dates)


def offers_table(providers: ProviderCatalog, offers: list[Offer], catalog: Catalog, today: date) -> Any:
    from rich.table import Table

    table = Table(title="Angebote", title_justify="left", header_style="bold")
    table.add_column("Angebot", no_wrap=True)
    table.add_column("Module")
    table.add_column("Art", no_wrap=True)
    table.add_column("Termine")
    table.add_column("Träger, Ort, Form")
    table.add_column("Plätze", justify="right", no_wrap=True)
    table.add_column("Euro", justify="right", no_wrap=True)
    table.add_column("Anmeldung bis", no_wrap=True)
    for offer in offers:
        provider = providers.provider_by_id.get(offer.provider)
        region = REGION_NAMES.get(provider.region, "") if provider else ""
        free = max(0, offer.seats - offer.booked)
        seats = "ausgebucht" if offer.full else f"{free} frei"
        deadline = dmy(offer.registration_deadline) + (" (vorbei)" if offer.registration_deadline < today else "")
        cost = f"{offer.cost_eur}" + (" (gefördert)" if offer.funded else "")
        who = f"{provider.name if provider else offer.provider}\n{offer.location} ({region}), {offer.setting}"
        table.add_row(
            offer.id,
            ", ".join(offer.modules),
            PHASE_NAMES[offer.phase],
            when(offer).replace(", ", "\n"),
            who,
            seats,
            cost,
            deadline,
        )
    return table
