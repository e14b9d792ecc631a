"""Every plan `plan --offers --out` writes passes `qplan check` (issue 19, the offer choice):
whole bookings keep the hour budgets, one booking is one event, the three-events limit and
the maximum gap are hard rules, `unserved` lists exactly the modules without an offer, and
time limits are reported honestly. Last, a property test over generated scenarios."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from qplan.dates import events_of
from qplan.models.catalog import Catalog
from qplan.models.plan import PlanDocument, PlanEntry
from qplan.models.providers import ProviderCatalog
from qplan.models.requests import PlanRequest, Wishes
from qplan.planning.assemble import assemble, resolve_track
from qplan.planning.explain import UNDECIDED
from qplan.planning.offers import apply, choose
from qplan.planning.solver import Candidate, Problem, StageStatus, solve
from qplan.rules.engine import evaluate
from qplan.run.plan import rules_for
from tests.kit import TODAY, data_kept_in_memory, run_cli
from tests.unit.test_solver import START, offer, providers


def path(catalog: Catalog, fmt: str, field: str | None, **extra: object) -> PlanDocument:
    request = PlanRequest(fmt, field, START, **extra)  # type: ignore[arg-type]
    return assemble(catalog, request, resolve_track(catalog, request))


def problems(doc: PlanDocument, catalog: Catalog, offers: ProviderCatalog) -> dict[str, list[str]]:
    """The findings `check` reports on `doc`, errors and warnings, by code."""
    found: dict[str, list[str]] = {}
    for check in evaluate(doc, catalog, today=TODAY, providers=offers, ruleset=rules_for(catalog)).checks:
        if not check.ok and check.severity in ("error", "warning"):
            found[check.code] = [check.actual, check.message]
    return found


def test_a_whole_booking_keeps_the_hour_budgets(catalog: Catalog) -> None:
    """Both fields: M10 is self-study. A cheap 2-day event of M08 and M10 would move M10 into
    presence (42 instead of 36 WSt, QP202 and QP204): M08 alone and M10 in self-study it is."""
    doc = path(catalog, "basis", "beide")
    both = offer("both", ("M08", "M10"), "praesenz", 100, dates=(date(2027, 3, 2), date(2027, 3, 3)))
    m08 = offer("m08", ("M08",), "praesenz", 200, dates=(date(2027, 3, 2),))
    m10 = offer("m10", ("M10",), "selbstlern", 50, start=date(2027, 4, 1), until=date(2027, 6, 1))
    offers = providers(both, m08, m10)
    track = catalog.track_for("basis", "beide")
    assert track is not None
    selection = choose(doc, catalog, track, offers, Wishes(today=TODAY))
    assert {a.offer.id for a in selection.assignments} == {"m08", "m10"}
    assert selection.valid and selection.proven
    found = problems(apply(doc, selection, offers), catalog, offers)
    assert not {"QP202", "QP203", "QP204"} & set(found)


def test_a_path_that_misses_a_budget_says_so(catalog: Catalog) -> None:
    """A path without M01 and M03 misses the presence budget whatever is booked: the choice
    names the rule (the write gate exits 1 on it)."""
    doc = path(catalog, "basis", "beide", drop=("M01", "M03"))
    track = catalog.track_for("basis", "beide")
    assert track is not None
    m10 = offer("m10", ("M10",), "selbstlern", 50, start=date(2027, 4, 1), until=date(2027, 6, 1))
    selection = choose(doc, catalog, track, providers(m10), Wishes(today=TODAY))
    assert not selection.valid
    assert "QP202" in {u.code for u in selection.unmet}
    assert "Präsenzlernzeit 24 von 96 WSt, erlaubt 36 WSt" in selection.unmet[0].reason


def test_unserved_lists_only_modules_without_an_offer(catalog: Catalog) -> None:
    """M04 has no offer in self-study, but the Vertiefung event of V01 and M04 serves it."""
    doc = path(catalog, "vertiefung", None, modules=("V01", "M04", "V05"))
    assert {e.id: e.phase for e in doc.modules}["M04"] == "selbstlern"
    event = offer("event", ("V01", "M04"), "praesenz", 200, dates=(date(2027, 3, 2), date(2027, 3, 3)))
    track = catalog.track_for("vertiefung", None)
    assert track is not None
    selection = choose(doc, catalog, track, providers(event), Wishes(today=TODAY))
    assert {a.module for a in selection.assignments} == {"V01", "M04"}
    assert [u.module for u in selection.unserved] == ["V05"]


def _event_plan(days: list[tuple[str, date, str]]) -> PlanDocument:
    return PlanDocument(
        format="basis", field="koordination", start=START,
        modules=tuple(PlanEntry(id=m, phase="praesenz", wst=6, date=d, offer=o) for m, d, o in days),
    )  # fmt: skip


def test_one_booking_is_one_event_for_the_check(catalog: Catalog) -> None:
    """Friday and Monday of one booking: one event (QP305 counts 3, QP311 sees 5 months)."""
    friday = date(2027, 1, 8)
    doc = _event_plan(
        [
            ("M01", friday, "A"),
            ("M03", friday + timedelta(days=3), "A"),
            ("M07", date(2027, 6, 8), "B"),
            ("M08", date(2027, 6, 9), "B"),
            ("M11", date(2027, 11, 9), "C"),
            ("M15", date(2027, 11, 10), "C"),
        ]
    )
    found = problems(doc, catalog, providers())
    assert "QP305" not in found and "QP311" not in found, found
    # Two bookings on Friday and Monday stay two events, as before.
    apart = _event_plan([("M01", friday, "A"), ("M03", friday + timedelta(days=3), "Z")])
    assert "QP311" in problems(apart, catalog, providers())


def test_events_of_joins_the_days_of_a_booking() -> None:
    friday, monday = date(2027, 1, 8), date(2027, 1, 11)
    assert events_of([friday, monday]) == [[friday], [monday]]
    assert events_of([friday, monday], {friday: "A", monday: "A"}) == [[friday, monday]]
    # touching or interleaving bookings are one event
    tuesday = date(2027, 1, 12)
    assert events_of([friday, monday, tuesday], {friday: "A", monday: "A", tuesday: "B"}) == [[friday, monday, tuesday]]


def _presence_path(catalog: Catalog, modules: tuple[str, ...]) -> tuple[PlanDocument, object]:
    doc = path(catalog, "basis", "koordination")
    doc = PlanDocument(
        format=doc.format, field=doc.field, start=doc.start, modules=tuple(e for e in doc.modules if e.id in modules)
    )
    return doc, catalog.track_for("basis", "koordination")


def test_the_maximum_gap_is_a_hard_rule(catalog: Catalog) -> None:
    """The second event 10 months after the first is cheaper; 6 months after keeps the cadence."""
    doc, track = _presence_path(catalog, ("M01", "M03", "M07", "M08"))
    first = offer("first", ("M01", "M03"), "praesenz", 300, dates=(date(2027, 2, 2), date(2027, 2, 3)))
    late = offer("late", ("M07", "M08"), "praesenz", 100, dates=(date(2027, 12, 7), date(2027, 12, 8)))
    timely = offer("timely", ("M07", "M08"), "praesenz", 300, dates=(date(2027, 8, 3), date(2027, 8, 4)))
    offers = providers(first, late, timely)
    selection = choose(doc, catalog, track, offers, Wishes(today=TODAY))  # type: ignore[arg-type]
    assert {a.offer.id for a in selection.assignments} == {"first", "timely"} and selection.proven
    assert "QP311" not in problems(apply(doc, selection, offers), catalog, offers)


def test_at_most_three_events(catalog: Catalog) -> None:
    """Four one-day events 5 months apart: only three are booked, and the fourth module says why."""
    doc, track = _presence_path(catalog, ("M01", "M03", "M07", "M08"))
    days = [date(2027, 2, 2), date(2027, 7, 6), date(2027, 12, 7), date(2028, 5, 2)]
    offers = providers(
        *(offer(m, (m,), "praesenz", 100, dates=(d,)) for m, d in zip(("M01", "M03", "M07", "M08"), days, strict=True))
    )
    selection = choose(doc, catalog, track, offers, Wishes(today=TODAY))  # type: ignore[arg-type]
    assert len(selection.assignments) == 3 and selection.trips == 3
    (missing,) = selection.unserved
    assert "höchstens 3 Veranstaltungen" in missing.reason and "kompakten Plan" in missing.reason
    assert "QP305" not in problems(apply(doc, selection, offers), catalog, offers)
    # --compact lifts the rhythm: all four
    compact = choose(doc, catalog, track, offers, Wishes(today=TODAY, compact=True))  # type: ignore[arg-type]
    assert compact.complete


def test_no_time_means_no_proof_no_gap_and_no_reason(catalog: Catalog) -> None:
    """Nothing solved in time: not optimal, the gap unknown (not 0 %), no rule blamed."""
    doc, track = _presence_path(catalog, ("M01", "M03"))
    offers = providers(offer("o", ("M01", "M03"), "praesenz", 100, dates=(date(2027, 2, 2), date(2027, 2, 3))))
    selection = choose(doc, catalog, track, offers, Wishes(today=TODAY, time_limit=0.01))  # type: ignore[arg-type]
    assert not selection.proven and selection.gap is None
    assert {s.status for s in selection.stages} == {"skipped"}
    assert {u.reason for u in selection.unserved} == {UNDECIDED}


def test_each_stage_keeps_its_status() -> None:
    cand = Candidate("o", 100, True, "stuttgart", (("M01", date(2027, 2, 2)),), date(2027, 2, 2))
    problem = Problem(modules=("M01",), candidates=(cand,), grundlagen=(), origin=date(2027, 1, 1))
    solution = solve(problem)
    assert [s.name for s in solution.stages] == ["Module", "Reisen", "Kosten", "Ende", "Regierungsbezirke"]
    assert {s.status for s in solution.stages} == {StageStatus.OPTIMAL} and solution.proven
    assert solution.chosen == ("o",)
    skipped = solve(Problem(modules=("M01",), candidates=(cand,), grundlagen=(), origin=date(2027, 1, 1), time_limit=0))
    assert not skipped.proven and skipped.gap is None and skipped.chosen == ()


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0"])
def test_time_limit_must_be_a_finite_positive_number(value: str) -> None:
    result = run_cli("plan", "--format", "basis", "--field", "beide", "--offers", f"--time-limit={value}")
    assert result.code == 2
    assert "--time-limit" in result.stderr and "größer als 0" in result.stderr


def test_the_hook_check_passes(tmp_path: Path) -> None:
    """The check a pre-commit hook runs on a fresh plan with the shipped offers."""
    out = tmp_path / "p.yaml"
    made = run_cli("plan", "--format", "basis", "--field", "beide", "--start", "2027-01", "--offers", "--out", str(out))
    assert made.code == 0, made.stderr
    checked = run_cli("check", str(out))
    assert checked.code == 0, checked.stdout
    assert "0 Fehler, 0 Warnung(en)" in checked.stderr + checked.stdout


# -- property: every written plan re-checks without errors --------------------------------

SCENARIOS = int(os.environ.get("QPLAN_SCENARIOS", "100"))
FIRST = int(os.environ.get("QPLAN_SCENARIO_SEED", "0"))


@pytest.fixture(scope="module", autouse=True)
def _data_in_memory() -> Iterator[None]:
    """Each scenario's providers file is read three times (plan, its write gate, check):
    validated once, decoded from the cache once, then kept (see the kit)."""
    with data_kept_in_memory():
        yield


@pytest.fixture(scope="module")
def scenario_kit() -> object:
    sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
    try:
        import offers_gen
    finally:
        sys.path.pop(0)
    return offers_gen


@pytest.mark.parametrize("seed", range(FIRST, FIRST + SCENARIOS))
def test_every_written_plan_rechecks(seed: int, scenario_kit: object, tmp_path: Path) -> None:
    """A generated scenario (`benchmarks/offers_gen.py:scenario`): the plan `plan --offers --out`
    writes has no error in `check`, and without --compact no QP305/QP311 warning either."""
    offers, args = scenario_kit.scenario(seed)  # type: ignore[attr-defined]
    source = tmp_path / "providers.yaml"
    source.write_text(scenario_kit.render(offers, example_note=False), encoding="utf-8")  # type: ignore[attr-defined]
    out = tmp_path / "plan.yaml"
    made = run_cli("--providers", str(source), "plan", *args, "--offers", "--out", str(out), "--no-input")
    assert made.code in (0, 1), made.stderr
    assert out.exists(), made.stderr
    checked = run_cli("--providers", str(source), "check", str(out), "--json")
    findings = [f for file in json.loads(checked.stdout)["files"] for f in file["findings"]]
    errors = [(f["code"], f["message"]) for f in findings if f["severity"] == "error"]
    assert errors == [], args
    if "--compact" not in args:
        rhythm = [(f["code"], f["message"]) for f in findings if f["code"] in ("QP305", "QP311")]
        assert rhythm == [], args


def test_json_reports_each_stage() -> None:
    result = run_cli("plan", "--format", "basis", "--field", "koordination", "--start", "2027-01", "--offers", "--json")
    offers = json.loads(result.stdout)["offers"]
    assert offers["optimal"] and offers["unmet"] == []
    assert [s["name"] for s in offers["stages"]][:3] == ["Module", "Reisen", "Kosten"]
    assert {s["status"] for s in offers["stages"]} == {"optimal"}
