"""The rules as a listing: what `qplan rules` asks for and what it shows."""

from __future__ import annotations

from dataclasses import dataclass

from qplan.findings import Severity


@dataclass(frozen=True)
class RulesRequest:
    code: str | None = None  # one rule explained; None: all of them listed


@dataclass(frozen=True)
class RuleInfo:
    code: str
    name: str
    severity: Severity
    summary: str
    explanation: str


@dataclass(frozen=True)
class RuleListing:
    """The plan rules asked for, and (when all are listed) the checks of the data files."""

    rules: tuple[RuleInfo, ...]
    data_file_rules: tuple[RuleInfo, ...] = ()
    single: bool = False  # one rule asked for by its code
