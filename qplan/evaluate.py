"""Apply every rule to a plan document: one check per rule, one finding per breach."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from qplan.findings import Finding, Severity
from qplan.models.catalog import Catalog
from qplan.models.plan import PlanDocument
from qplan.models.providers import ProviderCatalog
from qplan.positions import Node, key_node_at, node_at, position
from qplan.rules import RULES, Outcome, Rule
from qplan.rules.context import PlanContext, Totals
from qplan.rules.registry import Evaluate


class Check(NamedTuple):
    """The verdict of one rule on one plan."""

    code: str
    id: str
    severity: Severity
    ok: bool
    expected: str
    actual: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "code": self.code,
            "severity": self.severity,
            "ok": self.ok,
            "expected": self.expected,
            "actual": self.actual,
            "message": self.message,
        }


@dataclass(frozen=True)
class Evaluation:
    checks: tuple[Check, ...]
    findings: tuple[Finding, ...]
    totals: Totals

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)


def evaluate(
    doc: PlanDocument,
    catalog: Catalog,
    *,
    today: date,
    root: Node | None = None,
    enabled: Collection[str] | None = None,
    path: str | None = None,
    with_checks: bool = True,
    providers: ProviderCatalog | None = None,
) -> Evaluation:
    """Run the enabled rules (all by default); positions come from `root` when given.

    A batch check needs only the findings: `with_checks=False` skips the per-rule verdicts.
    """
    ctx = PlanContext(doc, catalog, today, providers)
    checks: list[Check] = []
    findings: list[Finding] = []
    active = _active_rules(None if enabled is None else frozenset(enabled))
    remembered = iter(_composition_outcomes(ctx, active) if active.composition else ())
    for rule, check in active.rules:
        outcome = next(remembered) if rule.scope == "composition" else check(ctx)
        if outcome is None:
            continue
        if not with_checks:
            pass
        elif not outcome.issues:
            checks.append(
                Check(rule.code, rule.name, rule.severity, True, outcome.expected, outcome.actual, "in Ordnung")
            )
            continue
        else:
            message = " ".join(issue.message for issue in outcome.issues)
            checks.append(Check(rule.code, rule.name, rule.severity, False, outcome.expected, outcome.actual, message))
        for issue in outcome.issues:
            line = column = None
            if root is not None:
                node = key_node_at(root, issue.anchor) if issue.at_key else None
                if node is None:
                    node = node_at(root, issue.anchor)[0]
                line, column = position(node)
            findings.append(Finding(rule.code, rule.severity, issue.message, line, column, path))
    return Evaluation(tuple(checks), tuple(findings), ctx.totals)


class _Active(NamedTuple):
    rules: tuple[tuple[Rule, Evaluate], ...]  # every enabled rule, in code order
    composition: tuple[tuple[Rule, Evaluate], ...]  # those that judge the composition alone
    codes: frozenset[str]


@lru_cache(maxsize=8)
def _active_rules(enabled: frozenset[str] | None) -> _Active:
    """The enabled rules that evaluate plans, each with its function."""
    rules = tuple(
        (rule, rule.evaluate)
        for code, rule in sorted(RULES.items())
        if rule.evaluate is not None and (enabled is None or code in enabled)
    )
    composition = tuple(pair for pair in rules if pair[0].scope == "composition")
    return _Active(rules, composition, frozenset(rule.code for rule, _ in rules))


_REMEMBERED_COMPOSITIONS = 4096


def _composition_outcomes(ctx: PlanContext, active: _Active) -> tuple[Outcome | None, ...]:
    """The outcomes of the composition rules, evaluated once per distinct composition.

    Their verdicts depend on nothing but the track and each entry's module, phase and WSt
    (`qplan.rules.registry.Scope`), and the learners of one programme mostly share a few
    compositions while their dates differ; outcomes are immutable, so they are shared.
    """
    doc = ctx.doc
    key = ("composition", active.codes, doc.format, doc.field, tuple([(e.id, e.phase, e.wst) for e in doc.modules]))
    memo = ctx.catalog.memo
    outcomes: tuple[Outcome | None, ...] | None = memo.get(key)
    if outcomes is None:
        outcomes = tuple(check(ctx) for _, check in active.composition)
        if len(memo) >= _REMEMBERED_COMPOSITIONS:
            memo.clear()
        memo[key] = outcomes
    return outcomes
