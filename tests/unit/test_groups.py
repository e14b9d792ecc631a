"""A fixed learning group on one path (issue 24): offers with a seat for everyone, providers
with fixed groups preferred right after cost, checked against exhaustive search."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from qplan.models.catalog import Catalog
from qplan.models.plan import PlanDocument
from qplan.models.providers import Offer, Provider, ProviderCatalog
from qplan.models.requests import Wishes
from qplan.planning.groups import for_group, free_seats, seat_reasons
from qplan.planning.offers import choose, gap_weeks
from qplan.planning.solver import Candidate, Problem, solve
from tests.kit import TODAY
from tests.unit.test_offers import _brute_force, _weekday, _windows_and_plan

START = date(2027, 1, 1)


def _provider(ident: str, group: str) -> Provider:
    return Provider(
        id=ident, name=f"Träger {ident} (fiktiv)", kind="Bildungswerk", city="Teststadt", region="stuttgart",
        settings=("regional",), group=group, url="https://example.org",  # type: ignore[arg-type]
    )  # fmt: skip


FEST, WECHSELND = _provider("fest", "fest"), _provider("wechselnd", "wechselnd")


def _instance(seed: int) -> tuple[PlanDocument, ProviderCatalog]:
    """Small random instances: seats and bookings vary, two providers (fixed and changing groups)."""
    rng = random.Random(seed)
    presence = ["M01", "M03", "M07"]
    selfstudy = ["M02", "M05"]
    offers: list[Offer] = []

    def add(modules: list[str], phase: str, **dated: object) -> None:
        seats = rng.choice([8, 12, 16, 20, 24])
        offers.append(
            Offer(
                id=f"O{len(offers):03d}", provider=rng.choice(["fest", "wechselnd"]), modules=tuple(modules),
                phase=phase, setting="regional", location="Teststadt", seats=seats,  # type: ignore[arg-type]
                booked=rng.randrange(0, seats // 2), cost_eur=rng.choice([50, 80, 100]), funded=True,
                registration_deadline=TODAY, **dated,  # type: ignore[arg-type]
            )
        )  # fmt: skip

    for module in presence:
        for _ in range(rng.randrange(1, 4)):
            add([module], "praesenz", dates=(_weekday(rng, START, 300),))
    if rng.random() < 0.6:
        first = _weekday(rng, START, 300)
        add(["M01", "M03"], "praesenz", dates=(first, first + timedelta(days=1 if first.weekday() < 4 else 3)))
    doc = _windows_and_plan(rng, add, presence, selfstudy)
    return doc, ProviderCatalog(schema_version=1, note="Test", providers=(FEST, WECHSELND), offers=tuple(offers))


@pytest.mark.parametrize("seed", range(30))
def test_group_choice_is_optimal(catalog: Catalog, seed: int) -> None:
    doc, providers = _instance(seed)
    size = random.Random(seed).choice([4, 8, 12])
    track = catalog.track_for("basis", "koordination")
    assert track is not None
    selection = choose(doc, catalog, track, for_group(providers, size), Wishes(today=TODAY, group_size=size))
    assert selection.proven
    offers = {a.offer.id: a.offer for a in selection.assignments}
    assert all(free_seats(o) >= size for o in offers.values())
    got = (
        len(selection.unserved),
        selection.trips,
        selection.cost,
        sum(1 for o in offers.values() if o.provider != "fest"),
        selection.finish or date.max,
    )
    assert got == _brute_force(doc, providers, catalog, None, gap_weeks(4), group=size)


def test_a_group_of_15_gets_only_offers_with_15_free_seats(catalog: Catalog) -> None:
    too_small = 0
    for seed in range(12):
        doc, providers = _instance(seed)
        too_small += sum(free_seats(o) < 15 for o in providers.offers)
        track = catalog.track_for("basis", "koordination")
        assert track is not None
        selection = choose(doc, catalog, track, for_group(providers, 15), Wishes(today=TODAY, group_size=15))
        assert all(free_seats(a.offer) >= 15 for a in selection.assignments)
        for module, reason in seat_reasons(doc, providers, 15).items():
            most = max(free_seats(o) for o in providers.offers_by_module[module])
            assert reason == f"höchstens {most} freie Plätze" and most < 15
            assert module not in {a.module for a in selection.assignments}
    assert too_small > 0  # the instances do offer too small offers to leave out


def _twin(key: str, fixed: bool, cost: int = 100) -> Candidate:
    return Candidate(key, cost, True, "stuttgart", (("M01", date(2027, 3, 1)),), date(2027, 3, 1), fixed=fixed)


@pytest.mark.parametrize("order", [("a", "b"), ("b", "a")])
def test_on_a_tie_the_group_preference_picks_the_fixed_group(order: tuple[str, str]) -> None:
    twins = {"a": _twin("a", fixed=False), "b": _twin("b", fixed=True)}
    candidates = tuple(twins[k] for k in order)
    base = Problem(modules=("M01",), candidates=candidates, grundlagen=(), origin=date(2027, 1, 1))
    with_group = solve(Problem(**{**base.__dict__, "prefer_fixed": True}))
    assert with_group.chosen == ("b",) and "feste Lerngruppe" in [s.name for s in with_group.stages]
    without = solve(base)
    assert len(without.chosen) == 1 and "feste Lerngruppe" not in [s.name for s in without.stages]


def test_cost_comes_before_the_fixed_group() -> None:
    candidates = (_twin("dear", fixed=True, cost=150), _twin("cheap", fixed=False, cost=100))
    problem = Problem(
        modules=("M01",), candidates=candidates, grundlagen=(), origin=date(2027, 1, 1), prefer_fixed=True
    )
    assert solve(problem).chosen == ("cheap",)
