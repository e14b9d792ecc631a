"""Consistency of the funding rules file (`data/funding.yaml`): the QF rules.

Bounds of single values (a share above 100 %, a cap above 100.000 €, a year outside the
calendar) are the schema's; these rules judge values against each other.
"""

from __future__ import annotations

from collections.abc import Iterator

from qplan.findings import Finding
from qplan.models.funding import FundingRules
from qplan.rules.datafiles import Problem as _Problem
from qplan.rules.datafiles import as_findings, duplicate_ids
from qplan.rules.registry import declare

declare(
    "QF101",
    "foerderung-haushalt-doppelt",
    "error",
    "Haushaltsmittel eines Jahres mehrfach angegeben",
    """Je Jahr stehen die Haushaltsmittel der Förderung einmal in `budgets`; zwei Angaben für
    dasselbe Jahr ließen offen, welche gilt.""",
    kind="funding",
)
declare(
    "QF102",
    "foerderung-obergrenzen",
    "error",
    "Obergrenze je Inhouse-Veranstaltung kleiner als die je Teilnahme",
    """Die Obergrenze je Inhouse-Veranstaltung gilt für alle Teilnehmenden zusammen; sie ist
    mindestens so hoch wie die Obergrenze einer einzelnen Teilnahme.""",
    kind="funding",
)
declare(
    "QF103",
    "foerderung-doppelt",
    "error",
    "Zielgruppe oder Form doppelt genannt",
    """Jede förderfähige Zielgruppe (`target_groups.eligible`, Kennung `id`) und jede
    förderfähige Form (`settings.eligible`) steht einmal in der Datei.""",
    kind="funding",
)


def check_funding(rules: FundingRules) -> list[Finding]:
    """Every inconsistency of the funding rules, each anchored at its place."""
    return as_findings(_problems(rules))


def _problems(rules: FundingRules) -> Iterator[_Problem]:
    seen: dict[int, int] = {}
    for index, budget in enumerate(rules.budgets):
        if budget.year in seen:
            yield (
                "QF101",
                f"Haushaltsmittel für {budget.year} doppelt (zuerst Eintrag {seen[budget.year] + 1}).",
                ("budgets", index, "year"),
            )
        else:
            seen[budget.year] = index
    per_event, per_participation = rules.cap_per_inhouse_event.eur, rules.cap_per_participation.eur
    if per_event < per_participation:
        yield (
            "QF102",
            f"Obergrenze je Inhouse-Veranstaltung ({per_event} €) kleiner als je Teilnahme ({per_participation} €).",
            ("cap_per_inhouse_event", "eur"),
        )
    yield from (
        ("QF103", message, ("target_groups", *anchor))
        for _code, message, anchor in duplicate_ids("QF103", {"eligible": rules.target_groups.eligible})
    )
    settings: set[str] = set()
    for index, setting in enumerate(rules.settings.eligible):
        if setting in settings:
            yield ("QF103", f"Form „{setting}“ doppelt genannt.", ("settings", "eligible", index))
        settings.add(setting)
