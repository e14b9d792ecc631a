"""Apply every rule to a plan document: one check per rule, one finding per breach."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from qplan.findings import Finding, Severity
from qplan.models.catalog import Catalog
from qplan.models.plan import PlanDocument
from qplan.rules import RULES
from qplan.rules.context import PlanContext, Totals
from qplan.positions import Node, key_node_at, node_at, position


@dataclass(frozen=True, slots=True)
class Check:
    """The verdict of one rule on one plan."""

    code: str
    id: str
    severity: Severity
    ok: bool
    expected: str
    actual: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "code": self.code, "severity": self.severity, "ok": self.ok,
                "expected": self.expected, "actual": self.actual, "message": self.message}


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
) -> Evaluation:
    """Run the enabled rules (all by default); positions come from `root` when given."""
    ctx = PlanContext(doc, catalog, today)
    checks: list[Check] = []
    findings: list[Finding] = []
    for code, rule in sorted(RULES.items()):
        if rule.evaluate is None or (enabled is not None and code not in enabled):
            continue
        outcome = rule.evaluate(ctx)
        if outcome is None:
            continue
        message = " ".join(issue.message for issue in outcome.issues) or "in Ordnung"
        checks.append(Check(code, rule.name, rule.severity, not outcome.issues, outcome.expected,
                            outcome.actual, message))
        for issue in outcome.issues:
            line = column = None
            if root is not None:
                node = key_node_at(root, issue.anchor) if issue.at_key else None
                if node is None:
                    node = node_at(root, issue.anchor)[0]
                line, column = position(node)
            findings.append(Finding(code, rule.severity, issue.message, line, column))
    return Evaluation(tuple(checks), tuple(findings), ctx.totals)
