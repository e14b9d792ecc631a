"""Rules of scope "composition" are evaluated once per distinct composition of a run; that is
only right if their verdict depends on nothing else. Both halves are tested here."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from qplan.loading.loader import MAX_PLAN_BYTES, load_file
from qplan.models.catalog import Catalog
from qplan.models.plan import PlanDocument
from qplan.models.requests import PlanRequest
from qplan.rules import RULES
from qplan.rules.context import PlanContext
from qplan.rules.engine import RuleSet, evaluate
from qplan.run.plan import plan
from tests.kit import TODAY

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
COMPOSITION_RULES = sorted(code for code, rule in RULES.items() if rule.scope == "composition")


def documents(catalog: Catalog) -> list[PlanDocument]:
    """Every example that validates, and plans of every track with done and moved modules."""
    docs = []
    for path in sorted(EXAMPLES.glob("*/*.y*ml")):
        loaded = load_file(PlanDocument, path, max_bytes=MAX_PLAN_BYTES)
        if loaded.value is not None:
            docs.append(loaded.value)
    for fmt, field in [("einfuehrung", None), ("basis", "koordination"), ("basis", "steuerung"), ("basis", "beide")]:
        for done in [(), ("E01",) if field is None else ("M01", "M03")]:
            docs.append(plan(catalog, PlanRequest(fmt, field, date(2027, 3, 1), done=done), today=TODAY).doc)
    return docs


def variants(doc: PlanDocument) -> list[tuple[PlanDocument, date]]:
    """The same composition with other dates, other `done` marks, another today, no start."""
    shifted = tuple(
        replace(
            e,
            date=e.date + timedelta(days=400) if e.date else date(2030, 1, 7),
            until=None,
            done=not e.done,
            offer=None,
        )
        for e in doc.modules
    )
    return [
        (replace(doc, modules=shifted), TODAY),
        (replace(doc, start=None, learner="Jemand Anderes"), date(2031, 5, 5)),
        (replace(doc, modules=tuple(replace(e, date=None, until=None) for e in doc.modules)), TODAY),
    ]


def test_there_are_composition_rules() -> None:
    assert COMPOSITION_RULES[0] == "QP100"
    assert "QP201" in COMPOSITION_RULES
    assert not any(code.startswith("QP3") for code in COMPOSITION_RULES)


@pytest.mark.parametrize("code", COMPOSITION_RULES)
def test_verdict_depends_on_the_composition_alone(catalog: Catalog, code: str) -> None:
    check = RULES[code].evaluate
    assert check is not None
    rules = RuleSet(catalog)
    for doc in documents(catalog):
        outcome = check(PlanContext(doc, catalog, TODAY, None, rules))
        for other, today in variants(doc):
            assert check(PlanContext(other, catalog, today, None, rules)) == outcome, (code, doc)


def test_remembered_outcomes_equal_fresh_ones(catalog: Catalog) -> None:
    docs = documents(catalog)
    rules = RuleSet(catalog)
    fresh = [evaluate(doc, catalog, today=TODAY, ruleset=rules) for doc in docs]
    assert rules._outcomes  # the compositions were remembered
    for doc, first in zip(docs, fresh, strict=True):
        again = evaluate(doc, catalog, today=TODAY, ruleset=rules)
        assert again == first
        assert again == evaluate(doc, catalog, today=TODAY, ruleset=RuleSet(catalog))  # a fresh rule set agrees
    # A subset of rules is a rule set of its own: its outcomes do not mix with the full set's.
    subset = RuleSet(catalog, {"QP105", "QP301"})
    for doc in docs:
        only = evaluate(doc, catalog, today=TODAY, ruleset=subset)
        assert {c.code for c in only.checks} <= {"QP105", "QP301"}
        full = {c.code: c for c in evaluate(doc, catalog, today=TODAY, ruleset=RuleSet(catalog)).checks}
        for check in only.checks:
            assert check == full[check.code]
