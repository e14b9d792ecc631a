"""The Landesförderung in words: a plan's application summary and the programme report,
as JSON-ready data and as text that keeps every amount and id whole at 80 columns."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qplan.models.funding import NOT_GIVEN, BookingFunding, FundingReport, FundingResult, FundingRules, Tally
from qplan.models.providers import REGION_NAMES
from qplan.render.layout import Column, table_or_blocks

SETTING_NAMES = {"inhouse": "Inhouse", "regional": "regional", "zentral": "zentral"}
FORMAT_NAMES = {"einfuehrung": "Einführung", "basis": "Basis", "vertiefung": "Vertiefung"}


def money(cents: int) -> str:
    """`1.280 €` or `47,50 €`."""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    whole = f"{euros:,}".replace(",", ".")
    return f"{sign}{whole},{rest:02d} €" if rest else f"{sign}{whole} €"


def amount(cents: int) -> float:
    """Euros as a JSON number (exact to the cent)."""
    return round(cents / 100, 2)


def reason_text(booking: BookingFunding, rules: FundingRules, target_group: str | None = None) -> str:
    """Why a booking gets its subsidy, or why none."""
    percent = rules.share.percent
    cost = money((booking.cost_eur or 0) * 100)
    match booking.reason:
        case "eligible":
            return f"förderfähig: {percent} % von {cost}"
        case "capped":
            full = money((booking.cost_eur or 0) * percent)
            return f"förderfähig: {percent} % von {cost} = {full}, begrenzt auf {booking.cap_eur} € je Teilnahme"
        case "free":
            return "kostenfrei: nichts zu fördern"
        case "not_funded":
            return "nicht förderfähig: das Angebot ist laut Anbieterdatei nicht gefördert"
        case "setting":
            return f"nicht förderfähig: die Form „{booking.setting}“ wird nicht gefördert"
        case "target_group":
            return f"nicht förderfähig: die Zielgruppe „{target_group}“ wird nicht gefördert"
        case "unknown_offer":
            return "Angebot unbekannt: in der Anbieterdatei nicht enthalten"
    raise AssertionError(booking.reason)


def summary_data(result: FundingResult, rules: FundingRules) -> dict[str, Any]:
    return {
        "plan": result.label,
        "format": result.format,
        "target_group": result.target_group,
        "share_percent": rules.share.percent,
        "cap_per_participation_eur": rules.cap_per_participation.eur,
        "bookings": [
            {
                "offer": b.offer,
                "modules": list(b.modules),
                "wst": b.wst,
                "provider": b.provider,
                "setting": b.setting,
                "region": b.region,
                "first_day": b.first_day.isoformat() if b.first_day else None,
                "cost_eur": b.cost_eur,
                "eligible": b.eligible,
                "reason": b.reason,
                "reason_text": reason_text(b, rules, result.target_group),
                "subsidy_eur": amount(b.subsidy_cents),
            }
            for b in result.bookings
        ],
        "cost_eur": amount(result.cost_cents),
        "subsidy_eur": amount(result.subsidy_cents),
        "own_share_eur": amount(result.own_cents),
        "complete": result.complete,
        "findings": [f.as_dict() for f in result.findings],
        "office": office_data(rules),
        "note": rules.note,
    }


def office_data(rules: FundingRules) -> dict[str, Any]:
    office = rules.office
    return {"name": office.name, "address": office.address, "phone": office.phone, "email": office.email}


def office_lines(rules: FundingRules) -> list[str]:
    office = rules.office
    return [office.name, office.address, *(text for text in (office.phone, office.email) if text)]


def booking_cells(
    booking: BookingFunding, rules: FundingRules, target_group: str | None
) -> tuple[str, str, str, str, str]:
    """A booking as printed: offer, modules, cost, subsidy and the reason."""
    cost = money(booking.cost_eur * 100) if booking.cost_eur is not None else "–"
    reason = reason_text(booking, rules, target_group)
    return booking.offer, ", ".join(booking.modules), cost, money(booking.subsidy_cents), reason


def summary_table(result: FundingResult, rules: FundingRules, width: int) -> Any:
    """The bookings: offer, modules, cost, subsidy and the reason; blocks when narrow."""
    columns = [
        Column("Angebot"),
        Column("Module"),
        Column("Kosten", justify="right"),
        Column("Förderung", justify="right"),
        Column("Begründung", fact=False),
    ]
    rows = [booking_cells(b, rules, result.target_group) for b in result.bookings]

    def block(cells: Sequence[str]) -> list[str]:
        return [f"{cells[0]} · {cells[1]}", f"  Kosten {cells[2]} · Förderung {cells[3]}", f"  {cells[4]}"]

    return table_or_blocks("Buchungen und Förderung", columns, rows, width, block)


def summary_lines(result: FundingResult, rules: FundingRules) -> list[str]:
    """The totals and what the reader should know, below the table."""
    lines = [
        f"Kosten gesamt: {money(result.cost_cents)} · Förderung: {money(result.subsidy_cents)} · "
        f"Eigenanteil: {money(result.own_cents)}"
    ]
    if result.target_group is None:
        lines.append("Zielgruppe im Plan nicht angegeben: berechnet, als sei sie förderfähig.")
    if any(b.inhouse and b.eligible for b in result.bookings):
        lines.append(
            f"Inhouse-Veranstaltungen: zusätzlich höchstens {rules.cap_per_inhouse_event.eur} € je Veranstaltung "
            "über alle Teilnehmenden (qplan funding report rechnet das an)."
        )
    lines.append("Antrag an: " + ", ".join(office_lines(rules)))
    lines.append(rules.note)
    return lines


def _tally_data(groups: Sequence[tuple[str, Tally]]) -> list[dict[str, Any]]:
    return [
        {"key": key, "participations": t.participations, "wst": t.wst, "subsidy_eur": amount(t.subsidy_cents)}
        for key, t in groups
    ]


def report_data(report: FundingReport) -> dict[str, Any]:
    return {
        "year": report.year,
        "plans": report.plans,
        "plans_with_bookings": report.plans_with_bookings,
        "participations": report.total.participations,
        "wst": report.total.wst,
        "requested_eur": amount(report.requested_cents),
        "inhouse_reduction_eur": amount(report.inhouse_reduction_cents),
        "subsidy_eur": amount(report.subsidy_cents),
        "budget_eur": report.budget_eur,
        "over_budget": report.over_budget,
        "unknown_offers": report.unknown_offers,
        "by_region": _tally_data(report.by_region),
        "by_format": _tally_data(report.by_format),
        "by_setting": _tally_data(report.by_setting),
        "by_target_group": _tally_data(report.by_target_group),
        "by_home": _tally_data(report.by_home),
        "failed": [{"path": f.path, "error": f.error} for f in report.failed],
    }


def _group_name(kind: str, key: str) -> str:
    if key == NOT_GIVEN:
        return key
    if kind in ("region", "home"):
        return REGION_NAMES.get(key, key)
    if kind == "format":
        return FORMAT_NAMES.get(key, key)
    if kind == "setting":
        return SETTING_NAMES.get(key, key)
    return key


def report_tables(report: FundingReport, width: int) -> list[Any]:
    """One table per grouping: participations, WSt, subsidy (before the in-house cap)."""
    columns = [
        Column("Gruppe"),
        Column("Teilnahmen", justify="right"),
        Column("WSt", justify="right"),
        Column("Förderung", justify="right"),
    ]
    titles = (
        ("region", "Nach Regierungsbezirk des Angebots", report.by_region),
        ("format", "Nach Format", report.by_format),
        ("setting", "Nach Form", report.by_setting),
        ("target_group", "Nach Zielgruppe", report.by_target_group),
        ("home", "Nach Regierungsbezirk der lernenden Person", report.by_home),
    )
    tables = []
    for kind, title, groups in titles:
        rows = [
            [_group_name(kind, key), str(t.participations), str(t.wst), money(t.subsidy_cents)] for key, t in groups
        ]

        def block(cells: Sequence[str]) -> list[str]:
            return [cells[0], f"  {cells[1]} Teilnahmen · {cells[2]} WSt · {cells[3]}"]

        tables.append(table_or_blocks(title, columns, rows, width, block))
    return tables


def report_lines(report: FundingReport) -> list[str]:
    lines = [
        f"Förderjahr {report.year}: {report.plans} Plan-Dateien gelesen, {report.plans_with_bookings} mit Buchungen "
        f"im Jahr, {report.total.participations} Teilnahmen, {report.total.wst} WSt.",
        f"Förderung laut Plänen: {money(report.requested_cents)}",
    ]
    if report.inhouse_reduction_cents:
        lines.append(
            f"Abzug durch die Obergrenze je Inhouse-Veranstaltung ({', '.join(report.capped_events)}): "
            f"{money(report.inhouse_reduction_cents)} (die Tabellen zeigen die Förderung vor diesem Abzug)"
        )
    lines.append(f"Förderung gesamt: {money(report.subsidy_cents)}")
    if report.budget_eur is None:
        lines.append(f"Haushaltsmittel {report.year}: in den Förderregeln nicht angegeben.")
    else:
        rest = report.budget_eur * 100 - report.subsidy_cents
        state = f"frei: {money(rest)}" if rest >= 0 else f"ÜBERSCHRITTEN um {money(-rest)}"
        lines.append(f"Haushaltsmittel {report.year}: {money(report.budget_eur * 100)} · {state}")
    if report.unknown_offers:
        lines.append(f"{report.unknown_offers} Buchung(en) mit einem Angebot, das die Anbieterdatei nicht kennt.")
    return lines


def failed_lines(report: FundingReport) -> list[str]:
    if not report.failed:
        return []
    return [f"{len(report.failed)} Datei(en) nicht verwendbar (nicht gezählt):"] + [
        f"  {f.error}" for f in report.failed
    ]
