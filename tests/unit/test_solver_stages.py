"""The late stages of the offer choice (issue 22) against exhaustive search on small models
built without a catalogue: the regions by sets of Regierungsbezirke in increasing weight
(ties, the learner's home), the self-study windows after them, full coverage as equalities."""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

import pytest

from qplan.planning.model import Candidate, Problem
from qplan.planning.solver import solve

ORIGIN = date(2027, 2, 28)
REGIONS = ("stuttgart", "karlsruhe", "freiburg", "tuebingen")


def _problem(seed: int) -> Problem:
    rng = random.Random(seed)
    presence, selfstudy = ("M01", "M03", "M07"), ("M02", "M05", "M09")
    cands = []
    for number, module in enumerate(presence):
        # copies alike but for their region and a day: the regions and the windows decide
        for copy in range(rng.randrange(1, 5)):
            day = ORIGIN + timedelta(days=30 * number + rng.randrange(1, 4))
            region = rng.choice((*REGIONS, None))  # None: online
            cands.append(Candidate(f"{module}-{copy}", 50, True, region, ((module, day),), day))
    for module in selfstudy:
        for copy in range(rng.randrange(1, 3)):
            begin = ORIGIN + timedelta(days=rng.randrange(1, 120))
            end = begin + timedelta(days=rng.randrange(20, 90))
            cands.append(Candidate(f"{module}-{copy}", rng.choice([50, 80]), False, None, ((module, begin),), end))
    return Problem(
        modules=presence + selfstudy,
        candidates=tuple(cands),
        grundlagen=(),
        origin=ORIGIN,
        budget=rng.choice([None, 300]),
        home=rng.choice((*REGIONS, None)),
        max_open_windows=1,
        time_limit=30.0,
    )


def _key(problem: Problem, chosen: tuple[Candidate, ...]) -> tuple[object, ...] | None:
    """The six criteria of a choice in their order (smaller is better), None when not allowed."""
    modules = [m for c in chosen for m, _ in c.served]
    days = [d for c in chosen if c.presence for _, d in c.served]
    cost = sum(c.cost for c in chosen)
    if len(modules) != len(set(modules)) or len(days) != len(set(days)):
        return None
    if problem.budget is not None and cost > problem.budget:
        return None
    regions = {c.region for c in chosen if c.presence and c.region}
    weight = sum(1 if r == problem.home else 2 for r in regions)
    windows = [(c.served[0][1], c.last) for c in problem.candidates if not c.presence]
    most = problem.max_open_windows or 0
    days_t = [t for t in sorted({b for b, _ in windows}) if sum(b <= t <= e for b, e in windows) > most]
    mine = [(c.served[0][1], c.last) for c in chosen if not c.presence]
    excess = sum(max(0, sum(b <= t <= e for b, e in mine) - most) for t in days_t)
    end = max((c.last for c in chosen), default=date.min)
    return (-len(modules), sum(c.presence for c in chosen), cost, end, weight, excess)


@pytest.mark.parametrize("seed", range(30))
def test_late_stages_are_optimal(seed: int) -> None:
    problem = _problem(seed)
    best = min(
        key
        for size in range(len(problem.modules) + 1)
        for chosen in itertools.combinations(problem.candidates, size)
        if (key := _key(problem, chosen)) is not None
    )
    solution = solve(problem)
    by_key = {c.key: c for c in problem.candidates}
    assert solution.proven
    assert _key(problem, tuple(by_key[k] for k in solution.chosen)) == best


@pytest.mark.parametrize("reverse", [False, True])
def test_tied_regions_leave_the_windows_to_decide(reverse: bool) -> None:
    # Booking A (Stuttgart, M01 and M02 in presence) or B (Freiburg, M01) with the window C
    # for M02: one trip, 150 €, the same end and one region either way; only the windows
    # decide: C and D open at once is one too many.
    june = date(2027, 6, 1)
    a = Candidate("A", 100, True, "stuttgart", (("M01", june), ("M02", june + timedelta(days=1))), june + timedelta(1))
    b = Candidate("B", 50, True, "freiburg", (("M01", june + timedelta(days=1)),), june + timedelta(days=1))
    c = Candidate("C", 50, False, None, (("M02", date(2027, 4, 1)),), date(2027, 5, 15))
    d = Candidate("D", 50, False, None, (("M05", date(2027, 4, 10)),), date(2027, 5, 20))
    cands = (a, b, c, d)[:: -1 if reverse else 1]
    problem = Problem(("M01", "M02", "M05"), cands, (), ORIGIN, max_open_windows=1)
    solution = solve(problem)
    assert solution.proven and set(solution.chosen) == {"A", "D"}
