"""The rules as text: a table of every rule (blocks when narrow), one rule explained, JSON."""

from __future__ import annotations

from typing import Any

from qplan.findings import SEVERITY_DE
from qplan.models.rules import RuleListing
from qplan.render.layout import Column, table_or_blocks

DATA_FILE_TITLE = (
    "Prüfungen des Katalogs (qplan catalog check) · der Anbieterdatei (qplan providers --check) · "
    "und der Förderregeln (qplan funding check)"
)


def rules_data(listing: RuleListing) -> dict[str, Any]:
    return {
        "rules": [
            {"code": r.code, "name": r.name, "severity": r.severity, "summary": r.summary, "explanation": r.explanation}
            for r in listing.rules
        ],
        "catalog_rules": [
            {"code": r.code, "severity": r.severity, "summary": r.summary} for r in listing.data_file_rules
        ],
    }


def rule_text(listing: RuleListing) -> str:
    """The one rule asked for, with its explanation."""
    rule = listing.rules[0]
    return f"{rule.code} {rule.name} [{SEVERITY_DE[rule.severity]}]\n{rule.summary}\n\n{rule.explanation}"


def _rule_block(row: list[str]) -> list[str]:
    return [f"{row[0]} · {row[1]} · {row[2]}", f"  {row[3]}"]


def rules_tables(listing: RuleListing, width: int) -> list[Any]:
    """The plan rules and the data files' checks: tables, or blocks where a table would cut."""
    columns = [Column("Code"), Column("Name"), Column("Schwere"), Column("Beschreibung", fact=False)]
    rows = [[r.code, r.name, SEVERITY_DE[r.severity], r.summary] for r in listing.rules]
    shown = [
        table_or_blocks(
            "Regeln für Plan-Dokumente",
            columns,
            rows,
            width,
            lambda row: [f"{row[0]} · {row[1]} · {row[2]}", f"  {row[3]}"],
        )
    ]
    if listing.data_file_rules:
        others = [[r.code, r.summary] for r in listing.data_file_rules]
        shown.append(
            table_or_blocks(
                DATA_FILE_TITLE,
                [Column("Code"), Column("Beschreibung", fact=False)],
                others,
                width,
                lambda row: [row[0], f"  {row[1]}"],
            )
        )
    return shown
