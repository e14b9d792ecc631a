"""The rule registry as the commands see it: every code, for listing and for --select."""

from __future__ import annotations

from qplan.errors import Reason, RequestError
from qplan.models.catalog import Catalog
from qplan.models.rules import RuleInfo, RuleListing, RulesRequest
from qplan.rules import RULES, Rule
from qplan.rules.engine import RuleSet


def all_rules() -> list[Rule]:
    """Every rule (QP, QK, QA), by code."""
    return sorted(RULES.values(), key=lambda r: r.code)


def known_prefix(code: str) -> bool:
    """Whether `code` is a rule code or the start of one (`QP3`)."""
    return any(known.startswith(code.upper()) for known in RULES)


def _info(rule: Rule) -> RuleInfo:
    return RuleInfo(rule.code, rule.name, rule.severity, rule.summary, rule.explanation)


def execute(request: RulesRequest) -> RuleListing:
    """The rules of plan documents and data files, or the one rule asked for."""
    everything = all_rules()
    if request.code is not None:
        chosen = [r for r in everything if r.code == request.code.upper()]
        if not chosen:
            raise RequestError(Reason.UNKNOWN_RULE, ids=(request.code,))
        return RuleListing((_info(chosen[0]),), single=True)
    return RuleListing(
        tuple(_info(r) for r in everything if r.kind == "plan"),
        tuple(_info(r) for r in everything if r.kind != "plan"),
    )


def rules_for(catalog: Catalog) -> RuleSet:
    """The rule set of a command: every plan rule, with Baden-Württemberg's calendar."""
    from qplan.run.calendar import calendar_for

    return RuleSet(catalog, calendar=calendar_for(avoid_school_holidays=True))
