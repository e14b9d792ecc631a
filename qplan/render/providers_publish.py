"""The offers as the Onlineportal would publish them: a printable overview (HTML, A4, by
Regierungsbezirk and module), schema.org JSON-LD (a `CourseInstance` per offer) and an
iCalendar file with every presence day of every offer."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date, datetime
from html import escape
from zoneinfo import ZoneInfo

from qplan import __version__
from qplan.dates import german
from qplan.models.catalog import Catalog
from qplan.models.office import AREAS, area_of, free_seats
from qplan.models.providers import Offer, ProviderCatalog
from qplan.render.html import STYLE
from qplan.render.ics import BERLIN, DAY_END, DAY_START
from qplan.render.office_text import area_name

HEADER = ("Angebot", "Module", "Termine", "Ort, Träger", "Plätze frei/gesamt", "Kosten", "Anmeldung bis")
EXTRA_STYLE = """
col.id { width: 17mm; } col.mods { width: 30mm; } col.when { width: 27mm; } col.where { width: auto; }
col.seats { width: 17mm; } col.cost { width: 18mm; } col.deadline { width: 24mm; }
h2 { break-after: avoid; page-break-after: avoid; }
"""


def _order(offers: Sequence[Offer], catalog: Catalog) -> list[Offer]:
    return sorted(offers, key=lambda o: (catalog.order_key(o.modules[0]) if o.modules else (), o.first_day, o.id))


def _when(offer: Offer) -> str:
    if offer.dates:
        return "\n".join(german(day) for day in offer.dates)
    if offer.start and offer.until:
        return f"Selbstlernen\n{german(offer.start)} –\n{german(offer.until)}"
    return "–"


def overview_html(providers: ProviderCatalog, offers: Sequence[Offer], catalog: Catalog, *, today: date) -> str:
    """Every offer once, under its Regierungsbezirk (or online), in the order of its first module."""
    lines = [
        "<!DOCTYPE html>",
        '<html lang="de">',
        "<head>",
        '<meta charset="utf-8">',
        "<title>Fortbildungsangebote „Qualifiziert ins Quartier!“</title>",
        f"<style>\n{STYLE}\n{EXTRA_STYLE}\n</style>",
        "</head>",
        "<body>",
        f'<p class="stand">Stand: {escape(german(today))}</p>',
        "<h1>Fortbildungsangebote</h1>",
        f'<p class="subtitle">„Qualifiziert ins Quartier!“ · {len(offers)} Angebot(e) von '
        f"{len({o.provider for o in offers})} Träger(n), nach Regierungsbezirk und Modul. "
        f"{escape(providers.note)}</p>",
    ]
    for area in AREAS:
        here = _order([o for o in offers if area_of(o, providers) == area], catalog)
        if not here:
            continue
        lines.append(f"<h2>{escape(area_name(area))} ({len(here)})</h2>")
        lines.append("<table>")
        lines.append(
            "<colgroup>"
            + "".join(f'<col class="{c}">' for c in ("id", "mods", "when", "where", "seats", "cost", "deadline"))
            + "</colgroup>"
        )
        lines.append("<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in HEADER) + "</tr></thead><tbody>")
        for offer in here:
            provider = providers.provider_by_id.get(offer.provider)
            titles = "\n".join(
                f"{m} {catalog.module_by_id[m].title}" if m in catalog.module_by_id else m for m in offer.modules
            )
            cells = (
                (offer.id, "nowrap"),
                (titles, "pre"),
                (_when(offer), "date pre"),
                (f"{offer.location}\n{provider.name if provider else offer.provider}", "pre"),
                (f"{free_seats(offer)}/{offer.seats}", "num"),
                (f"{offer.cost_eur} €" + ("\ngefördert" if offer.funded else ""), "num pre"),
                (german(offer.registration_deadline), "date"),
            )
            lines.append("<tr>" + "".join(f'<td class="{css}">{escape(text)}</td>' for text, css in cells) + "</tr>")
        lines += ["</tbody>", "</table>"]
    lines += [
        f"<footer>Erstellt mit qplan {escape(__version__)} aus der Anbieterdatei. Plätze: frei/gesamt am "
        f"{escape(german(today))}.</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


def jsonld(providers: ProviderCatalog, offers: Sequence[Offer], catalog: Catalog) -> str:
    """A schema.org `CourseInstance` per offer: mode, place, capacity, organiser, price, funder."""
    funder = catalog.funding.funder if catalog.funding else None
    graph = []
    for offer in offers:
        provider = providers.provider_by_id.get(offer.provider)
        modules = [m for m in offer.modules if m in catalog.module_by_id]
        item: dict[str, object] = {
            "@type": "CourseInstance",
            "@id": f"urn:qplan:angebot:{offer.id}",
            "identifier": offer.id,
            "name": ", ".join(f"{m} {catalog.module_by_id[m].title}" for m in modules) or offer.id,
            "about": [{"@type": "Course", "courseCode": m, "name": catalog.module_by_id[m].title} for m in modules],
            "courseMode": "online" if offer.online else "onsite",
            "courseWorkload": f"PT{sum(catalog.module_by_id[m].wst for m in modules) * 45}M",
            "startDate": (offer.first_day or date.min).isoformat(),
            "endDate": (offer.last_day or date.min).isoformat(),
            "maximumAttendeeCapacity": offer.seats,
            "remainingAttendeeCapacity": free_seats(offer),
            "location": {"@type": "VirtualLocation", "name": offer.location}
            if offer.online
            else {
                "@type": "Place",
                "name": offer.location,
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": provider.city if provider else "",
                    "addressRegion": f"Regierungsbezirk {area_name(provider.region)}" if provider else "",
                    "addressCountry": "DE",
                },
            },
            "offers": {
                "@type": "Offer",
                "price": offer.cost_eur,
                "priceCurrency": "EUR",
                "validThrough": offer.registration_deadline.isoformat(),
            },
        }
        if offer.dates:
            item["eventSchedule"] = [{"@type": "Schedule", "startDate": d.isoformat()} for d in offer.dates]
        if provider is not None:
            item["organizer"] = {"@type": "Organization", "name": provider.name, "url": provider.url}
        if offer.funded and funder:
            item["funder"] = {"@type": "GovernmentOrganization", "name": funder}
        graph.append(item)
    return json.dumps({"@context": "https://schema.org", "@graph": graph}, ensure_ascii=False, indent=2) + "\n"


def ics(providers: ProviderCatalog, offers: Sequence[Offer], catalog: Catalog, *, now: datetime) -> bytes:
    """One event per presence day of every offer (09:00–16:00, as `qplan export`); UIDs from the
    offer and the module, so a re-published file updates a calendar instead of duplicating."""
    from icalendar import Calendar, Event

    stamp = now.astimezone(ZoneInfo("UTC")).replace(microsecond=0)
    source = hashlib.sha256(",".join(sorted(providers.offer_by_id)).encode()).hexdigest()[:12]
    calendar = Calendar.new(
        prodid="-//qplan//Qualifiziert ins Quartier//DE",
        uid=f"qplan-angebote-{source}",
        name="Fortbildungsangebote „Qualifiziert ins Quartier!“",
    )
    calendar.add("method", "PUBLISH")
    for offer in offers:
        provider = providers.provider_by_id.get(offer.provider)
        for module, day in zip(offer.modules, offer.dates, strict=False):
            title = catalog.module_by_id[module].title if module in catalog.module_by_id else module
            event = Event.new(
                summary=f"{module} {title} (Angebot {offer.id})",
                start=datetime.combine(day, DAY_START, BERLIN),
                end=datetime.combine(day, DAY_END, BERLIN),
                uid=f"angebot-{offer.id}-{module}@qplan",
                stamp=stamp,
                location=offer.location,
                description=(
                    f"Träger: {provider.name if provider else offer.provider}; Plätze frei: {free_seats(offer)} "
                    f"von {offer.seats}; Anmeldung bis {german(offer.registration_deadline)}"
                ),
            )
            event.add("transp", "OPAQUE")
            event.add("status", "CONFIRMED")
            calendar.add_component(event)
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data


def presence_days(offers: Sequence[Offer]) -> int:
    return sum(len(o.dates) for o in offers)
