"""The office's overviews as text and as JSON: coverage (module × Regierungsbezirk ×
half-year) and demand (plans against free seats). Plain lines within 80 columns."""

from __future__ import annotations

import textwrap
from typing import Any

from qplan.dates import german
from qplan.models.office import AREA_NAMES, AREAS, ONLINE, UNKNOWN, CoverageResult, DemandResult, half_year_bounds

MONTHS = ("Januar–Juni", "Juli–Dezember")
NO_AREA = "ohne Bezirk"
NO_HALF = "ohne Termin"
NO_GROUP = "ohne Angabe"


def half_name(half: str) -> str:
    """`2027-H1 (Januar–Juni 2027)`."""
    if half == UNKNOWN:
        return NO_HALF
    return f"{half} ({MONTHS[int(half[-1]) - 1]} {half[:4]})"


def area_name(area: str) -> str:
    return AREA_NAMES.get(area, NO_AREA)


def _cell_text(offers: int, free: int, area: str) -> str:
    if offers:
        return f"{offers}/{free}"
    return "–" if area == ONLINE else "Lücke"


def coverage_lines(result: CoverageResult) -> list[str]:
    """One grid per half-year: a row per module, a column per Regierungsbezirk and online."""
    lines = [
        f"Abdeckung der Angebote · Stand {german(result.today)}",
        f"{len(result.modules)} Module × 4 Regierungsbezirke (online getrennt) × {len(result.halves)} Halbjahr(e);",
        f"{result.offers} Angebot(e). Zelle: Angebote/freie Plätze; Lücke: kein Angebot.",
    ]
    if not result.halves:
        lines.append("Kein Halbjahr im gewählten Zeitraum.")
        return lines
    for half in result.halves:
        lines += ["", half_name(half), "Modul " + "".join(f"{area_name(a):<11}" for a in AREAS).rstrip()]
        everywhere = []
        for module in result.modules:
            cells = [result.cell(module, area, half) for area in AREAS]
            row = "".join(f"{_cell_text(len(c.offers), c.free, c.area):<11}" for c in cells)
            lines.append(f"{module:<6}{row}".rstrip())
            if all(c.gap for c in cells if c.area != ONLINE):
                everywhere.append(module)
        if everywhere:
            lines += _folded("In keinem Bezirk angeboten: ", everywhere)
    gaps = len(result.gaps)
    regional = len(result.modules) * 4 * len(result.halves)
    lines += ["", f"Lücken: {gaps} von {regional} Zellen (Modul × Bezirk × Halbjahr)."]
    if result.default_providers:
        lines.append("Alle Träger und Angebote der mitgelieferten Datei sind fiktiv.")
    return lines


def _folded(lead: str, items: list[str], width: int = 80) -> list[str]:
    lines = []
    current = lead
    for n, item in enumerate(items):
        piece = item + ("," if n < len(items) - 1 else "")
        if len(current) + len(piece) + 1 > width and current.strip():
            lines.append(current.rstrip())
            current = "  "
        current += piece + " "
    lines.append(current.rstrip())
    return lines


def coverage_data(result: CoverageResult) -> dict[str, Any]:
    return {
        "today": result.today.isoformat(),
        "half_years": [
            {"id": h, "from": half_year_bounds(h)[0].isoformat(), "until": half_year_bounds(h)[1].isoformat()}
            for h in result.halves
        ],
        "areas": list(AREAS),
        "modules": list(result.modules),
        "offers": result.offers,
        "gaps": len(result.gaps),
        "cells": [
            {
                "module": c.module,
                "area": c.area,
                "half_year": c.half,
                "offers": len(c.offers),
                "offer_ids": list(c.offers),
                "free_seats": c.free,
                "gap": c.gap,
            }
            for c in result.cells
        ],
    }


def group_name(result: DemandResult, group: str) -> str:
    if group == UNKNOWN:
        return NO_GROUP
    return result.group_names.get(group, group)


def demand_summary(result: DemandResult) -> list[str]:
    parts = [
        f"{result.files} Datei(en) gelesen: {result.counted} Plan/Pläne ohne Fehler gezählt",
        f"mit Fehlern: {result.with_errors} (nicht gezählt; `qplan check` nennt sie)",
    ]
    if result.compositions:
        parts.append(f"Zusammenstellungen von Trägern: {result.compositions} (keine Nachfrage)")
    parts.append(f"nicht lesbar: {len(result.unusable)}")
    return _folded("", [p for p in parts], 80)


def demand_lines(result: DemandResult) -> list[str]:
    lines = [f"Nachfrage aus Lernpfaden · Stand {german(result.today)}", *demand_summary(result)]
    over = result.over_subscribed
    lines += ["", f"Überbuchte Angebote: {len(over)}" + (" (mehr geplant als frei)" if over else "")]
    for offer in over:
        lines.append(
            f"  {offer.offer} {' '.join(offer.modules)}, {area_name(offer.area)} {offer.half}: "
            f"{offer.planned} geplant, {offer.free} frei"
        )
    unserved = result.unserved
    lines += ["", f"Nachfrage ohne Angebot: {len(unserved)}" + (" (offene Module, kein Angebot)" if unserved else "")]
    for cell in unserved:
        lines.append(f"  {cell.module}, {area_name(cell.area)} {cell.half}: {cell.open} offen, kein Angebot")
    current = None
    for cell in result.cells:
        if cell.half != current:
            current = cell.half
            lines += ["", half_name(cell.half), "Modul Bezirk        gebucht  offen  Angebote  frei"]
        mark = "  ohne Angebot" if cell.unserved else ""
        lines.append(
            f"{cell.module:<6}{area_name(cell.area):<13}{cell.booked:>8}{cell.open:>7}{cell.offers:>10}"
            f"{cell.free:>6}{mark}"
        )
    if result.groups:
        lines += ["", "Nach Zielgruppe (Pläne · gebuchte Module · offene Module):"]
        for group in result.groups:
            lines.append(f"  {group_name(result, group.group)}: {group.plans} · {group.booked} · {group.open}")
    return lines + learning_group_lines(result) + proposal_lines(result)


def learning_group_lines(result: DemandResult) -> list[str]:
    """The fixed learning groups apart: size, member files read, seats counted per offer."""
    if not result.learning_groups:
        return []
    lines = [
        "",
        f"Feste Lerngruppen: {len(result.learning_groups)} (je Angebot einmal mit ihrer Größe gezählt,",
        "auch wenn nicht jede Datei der Gruppe vorliegt)",
    ]
    for n, group in enumerate(result.learning_groups, 1):
        offers = [f"{offer} {seats}" for offer, seats in group.offers] or ["kein Angebot gebucht"]
        lead = f"  Gruppe {n}: {group.size} Personen, {group.files} Datei(en); Plätze: "
        lines += _folded(lead, offers)
    return lines


def proposal_lines(result: DemandResult) -> list[str]:
    """Presence modules that enough learners of one organisation plan: in-house proposals."""
    if result.inhouse_min_group is None:
        return []
    note = ", Annahme des Katalogs" if result.inhouse_assumed else ""
    lines = [
        "",
        f"Inhouse-Vorschläge: {len(result.proposals)} (Präsenzmodul im Halbjahr, ab "
        f"{result.inhouse_min_group} Personen",
        f"einer Organisation{note})",
    ]
    for p in result.proposals:
        line = f"  {p.module} inhouse {p.half}: {p.people} Personen · {p.organisation}"
        if len(line) > 80:
            line = f"  {p.module} inhouse {p.half}: {p.people} Personen ·"
            lines.append(line)
            lines += textwrap.wrap(p.organisation, 76, initial_indent="    ", subsequent_indent="    ")
            continue
        lines.append(line)
    return lines


def demand_data(result: DemandResult) -> dict[str, Any]:
    return {
        "today": result.today.isoformat(),
        "files": result.files,
        "counted": result.counted,
        "with_errors": result.with_errors,
        "compositions": result.compositions,
        "unusable": len(result.unusable),
        "ok": result.ok,
        "over_subscribed": [o.offer for o in result.over_subscribed],
        "offers": [
            {
                "offer": o.offer,
                "modules": list(o.modules),
                "area": o.area,
                "half_year": o.half,
                "planned": o.planned,
                "free_seats": o.free,
                "seats": o.seats,
                "over_subscribed": o.over,
            }
            for o in result.offers
        ],
        "cells": [
            {
                "module": c.module,
                "area": c.area or None,
                "half_year": c.half or None,
                "booked": c.booked,
                "open": c.open,
                "offers": c.offers,
                "free_seats": c.free,
                "without_offer": c.unserved,
                "by_target_group": [{"target_group": g or None, "booked": b, "open": o} for g, b, o in c.by_group],
            }
            for c in result.cells
        ],
        "target_groups": [
            {"target_group": g.group or None, "plans": g.plans, "booked": g.booked, "open": g.open}
            for g in result.groups
        ],
        "learning_groups": [
            {
                "size": g.size,
                "files": g.files,
                "offers": [{"offer": offer, "seats": seats} for offer, seats in g.offers],
            }
            for g in result.learning_groups
        ],
        "inhouse": {
            "min_group": result.inhouse_min_group,
            "min_group_assumed": result.inhouse_assumed,
            "proposals": [
                {"organisation": p.organisation, "module": p.module, "half_year": p.half, "people": p.people}
                for p in result.proposals
            ],
        },
    }
