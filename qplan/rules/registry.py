"""The rule registry: every check qplan makes has a stable code, like a linter's rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, NamedTuple

from qplan.findings import Severity

if TYPE_CHECKING:
    from qplan.rules.context import PlanContext


# Issue and Outcome are built for every rule and every file of a batch check; named
# tuples are as immutable as frozen dataclasses and several times cheaper to create.
class Issue(NamedTuple):
    """One breach of a rule; `anchor` is the path into the plan document it concerns."""

    message: str
    anchor: tuple[str | int, ...] = ()
    at_key: bool = False


class Outcome(NamedTuple):
    """What a rule found: the expected and actual value, and each breach."""

    expected: str
    actual: str
    issues: tuple[Issue, ...] = ()


Evaluate = Callable[["PlanContext"], "Outcome | None"]

# What a rule's verdict depends on. "composition": only the track and each entry's module,
# phase and WSt, in order (not dates, `done`, today or providers); such verdicts are
# evaluated once per distinct composition of a run (`qplan.evaluate`). "plan": anything.
Scope = Literal["plan", "composition"]
# What a rule judges: a plan document (QP), the catalogue (QK), the providers file (QA) or
# the funding rules (QF).
Kind = Literal["plan", "catalog", "providers", "funding"]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    explanation: str
    evaluate: Evaluate | None = field(default=None, compare=False)
    scope: Scope = "plan"
    kind: Kind = "plan"


RULES: dict[str, Rule] = {}


def register(
    code: str, name: str, severity: Severity, summary: str, explanation: str, *, scope: Scope = "plan"
) -> Callable[[Evaluate], Evaluate]:
    """Register a rule's evaluation function under its code."""

    def wrap(func: Evaluate) -> Evaluate:
        _add(Rule(code, name, severity, summary, " ".join(explanation.split()), func, scope))
        return func

    return wrap


def register_composition(
    code: str, name: str, severity: Severity, summary: str, explanation: str
) -> Callable[[Evaluate], Evaluate]:
    """Register a rule that judges the composition alone (see `Scope`)."""
    return register(code, name, severity, summary, explanation, scope="composition")


def declare(code: str, name: str, severity: Severity, summary: str, explanation: str, *, kind: Kind = "plan") -> None:
    """Register a rule checked outside the plan engine: file-level problems that the loader
    finds (QP0xx), and the consistency of the catalogue (QK), the providers file (QA) and the
    funding rules (QF)."""
    _add(Rule(code, name, severity, summary, " ".join(explanation.split()), kind=kind))


def _add(rule: Rule) -> None:
    if rule.code in RULES:
        raise ValueError(f"rule code {rule.code} registered twice")
    RULES[rule.code] = rule
