"""Each rule of a plan failing, with the message a user needs to fix it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from qplan.models.catalog import Catalog
from qplan.models.plan import PlanDocument
from qplan.models.requests import PlanRequest
from qplan.rules import RULES
from qplan.rules.engine import evaluate
from qplan.run.plan import plan, rules_for
from tests.kit import TODAY

START = date(2027, 1, 1)


def reference(catalog: Catalog, fmt: str, field: str | None, **changes: tuple[str, ...]) -> PlanDocument:
    return plan(catalog, PlanRequest(fmt, field, START, **changes), today=TODAY).doc


def failed(catalog: Catalog, doc: PlanDocument, today: date = TODAY) -> dict[str, str]:
    result = evaluate(doc, catalog, today=today, ruleset=rules_for(catalog))
    return {c.code: c.message for c in result.checks if not c.ok}


@pytest.mark.parametrize(
    ("fmt", "field"), [("einfuehrung", None), ("basis", "koordination"), ("basis", "steuerung"), ("basis", "beide")]
)
def test_reference_tracks_pass(catalog: Catalog, fmt: str, field: str | None) -> None:
    assert failed(catalog, reference(catalog, fmt, field)) == {}


def test_vertiefung_choice_passes(catalog: Catalog) -> None:
    doc = reference(catalog, "vertiefung", None, modules=("V01", "V05", "M04"))
    assert failed(catalog, doc) == {}


def test_every_rule_has_text() -> None:
    for code, rule in RULES.items():
        prefix = {"plan": "QP", "catalog": "QK", "providers": "QA", "funding": "QF"}[rule.kind]
        assert code.startswith(prefix) and len(code) == 5
        assert rule.summary and rule.explanation and rule.name


def test_drop_presence_module_names_the_fix(catalog: Catalog) -> None:
    doc = reference(catalog, "basis", "koordination", drop=("M08",))
    problems = failed(catalog, doc)
    assert set(problems) == {"QP105", "QP201", "QP202"}
    assert "6 WSt fehlen" in problems["QP202"]
    assert "ergänzen: M08 (Präsenz, 6 WSt)" in problems["QP202"]
    assert "Pflichtmodul M08" in problems["QP105"]


def test_add_module_of_other_field(catalog: Catalog) -> None:
    doc = reference(catalog, "basis", "koordination", add=("M04",))
    problems = failed(catalog, doc)
    assert set(problems) == {"QP104", "QP201", "QP203"}
    assert "entfernen: M04" in problems["QP203"]


def test_move_module_to_other_phase(catalog: Catalog) -> None:
    doc = reference(catalog, "basis", "steuerung")
    moved = tuple(replace(e, phase="selbstlern") if e.id == "M16" else e for e in doc.modules)
    problems = failed(catalog, replace(doc, modules=moved))
    assert set(problems) == {"QP202", "QP203"}
    assert "als Präsenz einplanen: M16" in problems["QP202"]


def test_beide_share_and_tolerance(catalog: Catalog) -> None:
    doc = reference(catalog, "basis", "beide", drop=("M17", "M18", "M16"))
    problems = failed(catalog, doc)
    assert "QP201" not in problems  # 90 WSt is still "ca. 100"
    assert "QP204" in problems and "40,0 %" in problems["QP204"]
    doc = reference(catalog, "basis", "beide", drop=("M17", "M18", "M16", "M14"))
    assert "QP201" in failed(catalog, doc)


def test_module_outside_format(catalog: Catalog) -> None:
    doc = reference(catalog, "basis", "beide", add=("V01",))
    assert "Vertiefungsqualifizierung" in failed(catalog, doc)["QP103"]


def test_einfuehrung_one_day(catalog: Catalog) -> None:
    doc = reference(catalog, "einfuehrung", None)
    doubled = replace(doc, modules=(replace(doc.modules[0], wst=12),))
    problems = failed(catalog, doubled)
    assert {"QP106", "QP201", "QP202", "QP205"} <= set(problems)


def test_unknown_and_duplicate(catalog: Catalog) -> None:
    doc = reference(catalog, "einfuehrung", None)
    entries = (*doc.modules, replace(doc.modules[0], date=None), replace(doc.modules[0], id="E02", date=None))
    problems = failed(catalog, replace(doc, modules=entries))
    assert "E01 steht doppelt" in problems["QP102"]
    assert "„E02“ gibt es im Katalog nicht. Gemeint:" in problems["QP101"]


def test_missing_field(catalog: Catalog) -> None:
    doc = PlanDocument(format="basis", modules=())
    problems = failed(catalog, doc)
    assert "QP100" in problems and "QP107" in problems


def _with_date(doc: PlanDocument, mid: str, day: date) -> PlanDocument:
    return replace(doc, modules=tuple(replace(e, date=day) if e.id == mid else e for e in doc.modules))


def test_date_rules(catalog: Catalog) -> None:
    doc = reference(catalog, "basis", "koordination")
    assert "QP304" in failed(catalog, _with_date(doc, "M03", date(2027, 1, 9)))  # Saturday
    assert "QP303" in failed(catalog, _with_date(doc, "M03", date(2027, 1, 4)))  # same day as M01
    assert "QP301" in failed(catalog, _with_date(doc, "M14", date(2028, 7, 3)))  # after 18 months
    assert "QP302" in failed(catalog, _with_date(doc, "M02", date(2027, 1, 4)))  # before/at M01
    late = _with_date(doc, "M15", date(2027, 9, 7))
    assert "QP305" in failed(catalog, late)  # a fourth event
    done = replace(doc, modules=tuple(replace(e, done=True) if e.id == "M01" else e for e in doc.modules))
    assert "QP306" in failed(catalog, done)
    window = replace(
        doc, modules=tuple(replace(e, until=date(2027, 1, 1)) if e.id == "M02" else e for e in doc.modules)
    )
    assert "QP307" in failed(catalog, window)
    undated = replace(doc, modules=tuple(replace(e, date=None) if e.id == "M02" else e for e in doc.modules))
    assert "QP308" in failed(catalog, undated)


def test_evaluate_needs_a_rule_set(catalog: Catalog) -> None:
    # Without one the date rules would judge without Baden-Württemberg's holidays.
    import inspect

    from qplan.rules.engine import evaluate as run_rules

    assert inspect.signature(run_rules).parameters["ruleset"].default is inspect.Parameter.empty


@pytest.mark.parametrize(
    ("days", "said"),
    [(1, "1 Tag"), (5, "5 Tage"), (13, "13 Tage"), (21, "etwa 3 Wochen"), (45, "etwa 6 Wochen"), (92, "etwa 3 Monate")],
)
def test_cadence_distance_in_plain_german(days: int, said: str) -> None:
    from datetime import timedelta

    from qplan.rules.days_off import _distance

    first = date(2027, 3, 1)
    assert _distance(first, first + timedelta(days=days)) == said
