"""The rule registry as the commands see it: every code, for listing and for --select."""

from __future__ import annotations

from qplan.rules import RULES, Rule


def all_rules() -> list[Rule]:
    """Every rule (QP, QK, QA), by code."""
    return sorted(RULES.values(), key=lambda r: r.code)


def known_prefix(code: str) -> bool:
    """Whether `code` is a rule code or the start of one (`QP3`)."""
    return any(known.startswith(code.upper()) for known in RULES)
