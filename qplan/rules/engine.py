"""Apply the rules to a plan document: one check per rule, one finding per breach.

`evaluate` is a pure function of (document, catalogue, today, providers, rule set); its
findings carry anchors into the document, which the run layer turns into line:column.
The `RuleSet` is built once per run: the enabled rules, the catalogue's indexes the rules
need, and the outcomes of the composition rules per distinct composition.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from qplan.calendar import Calendar
from qplan.findings import Finding
from qplan.models.catalog import Catalog
from qplan.models.plan import PlanDocument
from qplan.models.providers import ProviderCatalog
from qplan.models.results import Check, Evaluation
from qplan.rules import RULES, Outcome, Rule
from qplan.rules.context import PlanContext
from qplan.rules.facts import REMEMBERED_COMPOSITIONS, CatalogFacts
from qplan.rules.registry import Evaluate


class RuleSet(CatalogFacts):
    """The rules of one run, with what they precompute and remember (per-run state)."""

    def __init__(
        self, catalog: Catalog, enabled: Collection[str] | None = None, calendar: Calendar | None = None
    ) -> None:
        super().__init__(catalog, calendar)
        chosen = None if enabled is None else frozenset(enabled)
        self.rules: tuple[tuple[Rule, Evaluate], ...] = tuple(
            (rule, rule.evaluate)
            for code, rule in sorted(RULES.items())
            if rule.evaluate is not None and (chosen is None or code in chosen)
        )
        self.composition = tuple(pair for pair in self.rules if pair[0].scope == "composition")
        self.codes = frozenset(rule.code for rule, _ in self.rules)
        self._outcomes: dict[Any, tuple[Outcome | None, ...]] = {}

    def composition_outcomes(self, ctx: PlanContext) -> tuple[Outcome | None, ...]:
        """The outcomes of the composition rules, evaluated once per distinct composition.

        Their verdicts depend on nothing but the track and each entry's module, phase and
        WSt (`qplan.rules.registry.Scope`); the learners of one programme mostly share a few
        compositions while their dates differ, and outcomes are immutable, so they are shared.
        """
        doc = ctx.doc
        key = (doc.format, doc.field, tuple([(e.id, e.phase, e.wst, e.counted_wst) for e in doc.modules]))
        outcomes = self._outcomes.get(key)
        if outcomes is None:
            outcomes = tuple(check(ctx) for _, check in self.composition)
            if len(self._outcomes) >= REMEMBERED_COMPOSITIONS:
                self._outcomes.clear()
            self._outcomes[key] = outcomes
        return outcomes


def evaluate(
    doc: PlanDocument,
    catalog: Catalog,
    *,
    today: date,
    ruleset: RuleSet,
    providers: ProviderCatalog | None = None,
    with_checks: bool = True,
    path: str | None = None,
) -> Evaluation:
    """Run the rule set's rules; findings carry anchors.

    The rule set is required: it carries the calendar (public holidays) the date rules need,
    so no caller can judge a plan without them by leaving it out.
    A batch check needs only the findings: `with_checks=False` skips the per-rule verdicts.
    """
    rules = ruleset
    ctx = PlanContext(doc, catalog, today, providers, rules)
    checks: list[Check] = []
    findings: list[Finding] = []
    remembered = iter(rules.composition_outcomes(ctx) if rules.composition else ())
    for rule, check in rules.rules:
        outcome = next(remembered) if rule.scope == "composition" else check(ctx)
        if outcome is None:
            if with_checks:  # every rule is listed, so a track always shows the same number
                idle = Check(
                    rule.code, rule.name, rule.severity, True, "", "entfällt", "nicht anwendbar", False, rule.summary
                )
                checks.append(idle)
            continue
        if not with_checks:
            pass
        elif not outcome.issues:
            checks.append(
                Check(
                    rule.code,
                    rule.name,
                    rule.severity,
                    True,
                    outcome.expected,
                    outcome.actual,
                    "in Ordnung",
                    True,
                    rule.summary,
                )
            )
            continue
        else:
            message = " ".join(issue.message for issue in outcome.issues)
            checks.append(
                Check(
                    rule.code,
                    rule.name,
                    rule.severity,
                    False,
                    outcome.expected,
                    outcome.actual,
                    message,
                    True,
                    rule.summary,
                )
            )
        for issue in outcome.issues:
            findings.append(
                Finding(rule.code, rule.severity, issue.message, None, None, path, issue.anchor, issue.at_key)
            )
    return Evaluation(tuple(checks), tuple(findings), ctx.totals)
