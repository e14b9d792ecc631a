"""The offer choice on HiGHS (issue 11): shared offers, the budget and the end date,
interchangeable offers, and plans that re-check clean."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from qplan.models.catalog import Catalog
from qplan.models.plan import PlanDocument, PlanEntry
from qplan.models.providers import Offer, Provider, ProviderCatalog
from qplan.models.requests import PlanRequest, Wishes
from qplan.planning.offers import apply, choose
from qplan.rules.engine import evaluate
from tests.kit import TODAY

START = date(2027, 1, 1)
PROVIDER = Provider(
    id="p", name="Testträger (fiktiv)", kind="Bildungswerk", city="Teststadt", region="stuttgart",
    settings=("regional",), group="fest", url="https://example.org",
)  # fmt: skip


def offer(ident: str, modules: tuple[str, ...], phase: str, cost: int, **dated: object) -> Offer:
    return Offer(
        id=ident, provider="p", modules=modules, phase=phase, setting="regional", location="Teststadt",  # type: ignore[arg-type]
        seats=10, cost_eur=cost, funded=True, registration_deadline=TODAY, **dated,  # type: ignore[arg-type]
    )  # fmt: skip


def providers(*offers: Offer) -> ProviderCatalog:
    return ProviderCatalog(schema_version=1, note="Test", providers=(PROVIDER,), offers=offers)


def doc(*entries: tuple[str, str]) -> PlanDocument:
    return PlanDocument(
        format="basis", field="koordination", start=START,
        modules=tuple(PlanEntry(id=m, phase=p, wst=6) for m, p in entries),  # type: ignore[arg-type]
    )  # fmt: skip


def track(catalog: Catalog):  # type: ignore[no-untyped-def]
    return catalog.track_for("basis", "koordination")


def test_binding_budget_still_gives_the_earliest_end(catalog: Catalog) -> None:
    # The smallest case of the issue: two self-study offers at 80 € each, budget 80 €.
    late = offer("late", ("M02",), "selbstlern", 80, start=date(2028, 3, 1), until=date(2028, 5, 26))
    early = offer("early", ("M02",), "selbstlern", 80, start=date(2027, 3, 1), until=date(2027, 5, 21))
    selection = choose(doc(("M02", "selbstlern")), catalog, track(catalog), providers(late, early),
                       Wishes(today=TODAY, budget_eur=80))  # fmt: skip
    assert selection.proven and selection.finish == date(2027, 5, 21) and selection.cost == 80


def test_an_offer_with_several_modules_is_one_booking(catalog: Catalog) -> None:
    both = offer("both", ("M05", "M06"), "selbstlern", 120, start=date(2027, 3, 1), until=date(2027, 6, 1))
    m05 = offer("m05", ("M05",), "selbstlern", 100, start=date(2027, 3, 1), until=date(2027, 5, 1))
    m06 = offer("m06", ("M06",), "selbstlern", 100, start=date(2027, 3, 1), until=date(2027, 5, 1))
    plan = doc(("M03", "praesenz"), ("M05", "selbstlern"), ("M06", "selbstlern"))
    m03 = offer("m03", ("M03",), "praesenz", 50, dates=(date(2027, 2, 1),))
    selection = choose(plan, catalog, track(catalog), providers(both, m05, m06, m03), Wishes(today=TODAY))
    assert selection.cost == 170  # 120 once, not 240; cheaper than 200 for two single offers
    assert {a.module: a.offer.id for a in selection.assignments} == {"M03": "m03", "M05": "both", "M06": "both"}
    within_budget = choose(plan, catalog, track(catalog), providers(both, m05, m06, m03),
                           Wishes(today=TODAY, budget_eur=170))  # fmt: skip
    assert within_budget.complete  # the budget counts the shared offer once


def test_a_presence_offer_holding_a_self_study_module_teaches_it_in_presence(catalog: Catalog) -> None:
    pair = offer("pair", ("M01", "M02"), "praesenz", 100, dates=(date(2027, 2, 1), date(2027, 2, 2)))
    plan = doc(("M01", "praesenz"), ("M02", "selbstlern"))
    selection = choose(plan, catalog, track(catalog), providers(pair), Wishes(today=TODAY))
    dated = apply(plan, selection, providers(pair))
    assert {e.id: e.phase for e in dated.modules} == {"M01": "praesenz", "M02": "praesenz"}
    assert [a.offer.id for a in selection.assignments].count("pair") == 2 and selection.cost == 100


def test_interchangeable_offers_are_solved_and_proven(catalog: Catalog) -> None:
    # The adversarial family: n interchangeable one-day offers per module, ties everywhere.
    n = 50
    modules = ("M01", "M03", "M07", "M08")
    offers = []
    for number, module in enumerate(modules):
        first = date(2027, 2, 1) + timedelta(days=7 * number)
        for copy in range(n):
            day = first + timedelta(days=copy % 3)
            offers.append(offer(f"{module}-{copy:02d}", (module,), "praesenz", 100, dates=(day,)))
    plan = doc(*((m, "praesenz") for m in modules))
    selection = choose(plan, catalog, track(catalog), providers(*offers), Wishes(today=TODAY, compact=True))
    assert selection.proven and selection.complete and selection.trips == 4


def test_shipped_offers_recheck_clean_in_every_region(catalog: Catalog) -> None:
    from qplan.run.data import load_providers
    from qplan.run.plan import plan_with_offers, rules_for

    shipped = load_providers(None, catalog)
    for field in ("koordination", "steuerung", "beide"):
        for home in (None, "freiburg"):
            result = plan_with_offers(
                catalog, PlanRequest("basis", field, START), shipped, Wishes(today=TODAY, home=home)
            )
            assert result.selection is not None and result.selection.complete and result.selection.proven
            again = evaluate(result.doc, catalog, today=TODAY, providers=shipped, ruleset=rules_for(catalog))
            assert [f.code for f in again.findings] == [], (field, home)


def test_what_if_names_the_budget_and_the_regions(catalog: Catalog) -> None:
    from qplan.run.data import load_providers
    from qplan.run.plan import plan_with_offers

    shipped = load_providers(None, catalog)
    tight = plan_with_offers(
        catalog, PlanRequest("basis", "koordination", START), shipped, Wishes(today=TODAY, budget_eur=800)
    )
    assert tight.selection is not None and not tight.selection.complete
    (answer,) = tight.selection.what_if
    needed = int(answer.split("Budget von ")[1].split(" €")[0])
    # The answer is true: with that budget every module is served.
    again = plan_with_offers(
        catalog, PlanRequest("basis", "koordination", START), shipped, Wishes(today=TODAY, budget_eur=needed)
    )
    assert again.selection is not None and again.selection.complete and again.selection.cost == needed


def test_self_study_windows_open_at_once_are_kept_few(catalog: Catalog) -> None:
    # M09 has one long window; M02, M05, M06 each an early and a late window at the same
    # price. Every choice ends on the same day, so only the soft criterion decides: all three
    # early would be four windows open at once in March.
    long = offer("long", ("M09",), "selbstlern", 80, start=date(2027, 3, 1), until=date(2027, 5, 1))
    windows = [long]
    for m in ("M02", "M05", "M06"):
        windows.append(offer(f"early-{m}", (m,), "selbstlern", 80, start=date(2027, 3, 1), until=date(2027, 3, 31)))
        windows.append(offer(f"late-{m}", (m,), "selbstlern", 80, start=date(2027, 4, 1), until=date(2027, 4, 30)))
    plan = doc(*((m, "selbstlern") for m in ("M02", "M05", "M06", "M09")))
    selection = choose(plan, catalog, track(catalog), providers(*windows), Wishes(today=TODAY))
    spans = [(a.day, a.until) for a in selection.assignments]
    busiest = max(sum(1 for b, e in spans if b <= day <= e) for day, _ in spans)
    assert selection.complete and selection.proven
    assert busiest <= catalog.schedule_frame.self_study.max_open  # type: ignore[union-attr]


# -- the model, built without a catalogue (issue 21) ---------------------------------------


def _model_problem(**extra: object):  # type: ignore[no-untyped-def]
    from qplan.planning.model import Candidate, Problem

    day = date(2027, 3, 1)  # a Monday
    cands = (
        Candidate("a", 100, True, "stuttgart", (("M01", day), ("M03", day + timedelta(days=1))), day + timedelta(1)),
        Candidate("b", 80, True, "freiburg", (("M03", day + timedelta(days=14)),), day + timedelta(days=14), shift=0),
        Candidate("c", 50, False, None, (("M02", day),), day + timedelta(days=60), shift=-6),
        Candidate("d", 90, True, "stuttgart", (("M07", date(2028, 1, 3)),), date(2028, 1, 3)),
    )
    return Problem(modules=("M01", "M02", "M03", "M07"), candidates=cands, grundlagen=(("M02", "M01"),),
                   origin=date(2027, 2, 28), **extra)  # type: ignore[arg-type]  # fmt: skip


def test_model_rows_are_named_by_family() -> None:
    from qplan.planning.model import Hours, build

    model = build(_model_problem(budget=150, min_gap_weeks=19, max_events=1,
                                 hours=Hours(36, (("QP202", 30, 36),))))  # fmt: skip
    assert model.named("coverage[M03]") == {"coverage[M03]": (-1e30, 1, {"x[a]": 1.0, "x[b]": 1.0})}
    assert set(model.named("coverage")) == {"coverage[M01]", "coverage[M02]", "coverage[M03]", "coverage[M07]"}
    # M02 (day 1) after M01 (day 1 of a): D_M02 − H·s_M02 − D_M01 ≥ 1 − H
    ((low, _high, terms),) = model.named("grundlagen[M01<M02]").values()
    assert terms["x[a]"] == -1.0 and low < 0
    assert model.named("budget")["budget"][1] == 150
    # the self-study window c moves M02 out of presence: 36 − 6 must stay in 30..36
    assert model.named("hours") == {"hours[QP202]": (-6, 0, {"x[c]": -6.0})}
    # a and b lie within 19 calendar weeks: one of them; d is far
    cadence = model.named("cadence")
    assert cadence and all(set(t) == {"x[a]", "x[b]"} for _l, _h, t in cadence.values())
    assert model.named("events")["events"][1] == 1
    assert not model.named("day")  # one module a day: implied by the cadence windows
    # two presence days, the track's event has one: a is not chosen, and in no row
    short = build(_model_problem(max_event_days=1))
    assert short.upper[short.x[0]] == 0 and short.live == [1, 2, 3]
    assert short.named("coverage[M03]") == {"coverage[M03]": (-1e30, 1, {"x[b]": 1.0})}
    # the hour rules' ranges meet in one row
    loose = build(_model_problem(hours=Hours(36, (("QP202", 30, 36), ("QP204", 33, 39)))))
    assert loose.named("hours") == {"hours[QP202,QP204]": (-3, 0, {"x[c]": -6.0})}


def test_gap_rows_count_events_by_start_day() -> None:
    from qplan.planning.model import build

    model = build(_model_problem(max_gap_months=8))
    # a and b start within 8 months; d starts 10 months after them
    gaps = model.named("gap[")
    assert set(gaps) == {"gap[2027-03-01]", "gap[2027-03-15]"}
    assert set(model.named("count[")) == {"count[2027-03-01]", "count[2027-03-15]", "count[2028-01-03]"}
    assert "gap[" not in " ".join(build(_model_problem()).row_names)


def test_the_gap_is_kept_when_it_binds() -> None:
    from qplan.planning.model import Candidate
    from qplan.planning.solver import keeps_gap, solve

    problem = _model_problem(max_gap_months=8, min_gap_weeks=19)
    # the most modules: a (M01, M03) and d (M07) 10 months later would break the gap
    assert not keeps_gap(problem, ("a", "d"))
    solution = solve(problem)
    assert solution.proven and keeps_gap(problem, solution.chosen)
    assert "d" not in solution.chosen
    # a bridging event 5 months after a lets d in
    bridge = Candidate("e", 10, True, "stuttgart", (("M08", date(2027, 8, 2)),), date(2027, 8, 2))
    wider = replace(problem, modules=(*problem.modules, "M08"), candidates=(*problem.candidates, bridge))
    bridged = solve(wider)
    assert {"a", "d", "e"} <= set(bridged.chosen) and keeps_gap(wider, bridged.chosen)
