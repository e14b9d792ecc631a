"""The offer choice as a mixed-integer program, solved with HiGHS (`highspy`).

The model
---------
Candidates are whole offers: booking offer o (binary x_o) sends the learner there for
every open module of the path it holds (its *served* modules), each on the offer's day
for it (presence) or in its window (self-study), and costs the offer's price once.

Hard constraints
- coverage: every open module is served at most once, Σ_{o ∋ m} x_o ≤ 1 (never booked twice);
- one module per presence day: Σ_{o has a served presence day d} x_o ≤ 1 for every day d;
- Grundlagen first: with D_m = Σ_o day_o(m)·x_o (0 when m is not served) and
  s_m = Σ_{o ∋ m} x_o, for each module m whose Grundlagen module b is open:
  D_m ≥ D_b + 1 − H·(1 − s_m), H the horizon in days (a served module comes after its
  served Grundlagen module; an unserved one is free);
- budget: Σ cost_o·x_o ≤ budget;
- cadence (unless compact): for every window of G consecutive calendar weeks,
  Σ_{presence o with a day in the window} x_o ≤ 1. So an event is one booking, and two
  events lie G weeks apart or more; G = ⌈(31·m + 4) / 7⌉ for the catalogue's minimum of m
  months (m = 4: G = 19), so that even a Friday and a Monday G weeks later are m months
  apart, and every plan the solver makes keeps QP311's minimum. (A stricter reading than
  QP311 by up to three weeks; the maximum gap is left to QP311.)
Window, weekdays, public holidays, the learner's days off, registration, seats, region and
setting are applied before, to the candidates (`qplan.planning.offers`).

The objective, lexicographic, by sequential solves (each optimum is fixed as a constraint
before the next criterion is optimised; every criterion has integer values, so fixing it
at its optimum is exact):
1. most modules served, max Σ_m s_m;
2. fewest trips, min Σ_{presence o} x_o;
3. lowest cost, min Σ cost_o·x_o;
3a. for a fixed learning group (`qplan plan --group`) only: fewest offers of providers
   without `group: fest`, min Σ_{o not fest} x_o (a fixed group stays together with a
   provider that teaches in fixed groups; `_fixed_group_terms`);
4. earliest end, min F with F ≥ Σ_{o ∋ m} last_o·x_o for every module m (at most one offer
   serves m, so this is the last day used for m, as a day number);
5. fewest Regierungsbezirke travelled to, min Σ_R 2·r_R − r_home with r_R ≥ x_o for the
   presence offers (not online) in region R; the learner's home region counts half;
6. at most N self-study windows open at the same time (N from the catalogue): min Σ_t e_t
   with Σ_{self-study o open on day t} x_o ≤ N + e_t at each window's first day t.
A time limit bounds the whole; a stage that reaches it returns its best plan with the
solver's proven gap, and later stages are skipped.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Candidate:
    """An offer as the model sees it."""

    key: str  # the offer id
    cost: int
    presence: bool
    region: str | None  # None: online, or self-study
    served: tuple[tuple[str, date], ...]  # (module, presence day or window start)
    last: date  # the last day the offer takes
    fixed: bool = False  # the provider teaches in fixed learning groups (`group: fest`)


@dataclass(frozen=True)
class Problem:
    modules: tuple[str, ...]  # the open modules of the path
    candidates: tuple[Candidate, ...]
    grundlagen: tuple[tuple[str, str], ...]  # (module, its Grundlagen module), both open
    origin: date  # day 0 of the day numbers, before every candidate's first day
    budget: int | None = None
    min_gap_weeks: int | None = None  # the cadence, in calendar weeks; None: compact, or no cadence
    home: str | None = None
    max_open_windows: int | None = None  # soft: self-study windows open at the same time
    time_limit: float = 5.0
    prefer_fixed: bool = False  # a fixed learning group: criterion 3a


@dataclass
class Solution:
    chosen: tuple[str, ...]  # offer ids
    served: frozenset[str]
    proven: bool = True
    gap: float = 0.0
    seconds: float = 0.0
    stages: list[str] = field(default_factory=list)


def _week(day: date) -> int:
    """A running number of calendar weeks (Monday to Sunday)."""
    return (day.toordinal() - 1) // 7


class _Model:
    """Rows and columns as plain lists, handed to HiGHS in one piece."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[int] = []
        self.rows: list[tuple[float, float, list[int], list[float]]] = []

    def var(self, lower: float, upper: float, integer: bool) -> int:
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(1 if integer else 0)
        return len(self.lower) - 1

    def row(self, lower: float, upper: float, terms: dict[int, float]) -> None:
        self.rows.append((lower, upper, list(terms), list(terms.values())))


INF = 1e30


def _highs() -> Any:
    import highspy

    # HiGHS prints its banner on stdout when created; stdout carries qplan's data.
    sys.stdout.flush()
    saved = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    try:
        solver = highspy.Highs()  # type: ignore[no-untyped-call]
        solver.setOptionValue("output_flag", False)
        # Every criterion is integer-valued at integral points, so an incumbent within less than
        # 1 of the bound is optimal; a relative gap would accept a plan a few euros dearer.
        solver.setOptionValue("mip_abs_gap", 0.999)
        solver.setOptionValue("mip_rel_gap", 0.0)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)
    return solver


def _fixed_group_terms(problem: Problem, x: list[int]) -> dict[int, float]:
    """Criterion 3a: the offers of providers without fixed learning groups, to be minimised;
    empty (no stage) unless the plan is for a fixed group."""
    if not problem.prefer_fixed:
        return {}
    return {x[i]: 1.0 for i, c in enumerate(problem.candidates) if not c.fixed}


def solve(problem: Problem) -> Solution:
    """The lexicographically best choice of offers (see the module's docstring)."""
    started = time.perf_counter()
    if not problem.candidates:
        return Solution((), frozenset())
    import highspy
    import numpy as np

    model = _Model()
    horizon = max((c.last - problem.origin).days for c in problem.candidates) + 2
    x = [model.var(0, 1, True) for _ in problem.candidates]
    by_module: dict[str, list[int]] = {}
    by_day: dict[date, list[int]] = {}
    for index, cand in enumerate(problem.candidates):
        for module, day in cand.served:
            by_module.setdefault(module, []).append(index)
            if cand.presence:
                by_day.setdefault(day, []).append(index)
    for columns in by_module.values():
        model.row(-INF, 1, {x[i]: 1.0 for i in columns})
    for columns in by_day.values():
        if len(columns) > 1:
            model.row(-INF, 1, {x[i]: 1.0 for i in columns})
    for module, base in problem.grundlagen:
        if module not in by_module or base not in by_module:
            continue
        terms: dict[int, float] = {}
        for i in by_module[module]:
            day = dict(problem.candidates[i].served)[module]
            terms[x[i]] = terms.get(x[i], 0.0) + (day - problem.origin).days - horizon
        for i in by_module[base]:
            day = dict(problem.candidates[i].served)[base]
            terms[x[i]] = terms.get(x[i], 0.0) - (day - problem.origin).days
        # D_m − H·s_m − D_b ≥ 1 − H
        model.row(1 - horizon, INF, terms)
    if problem.budget is not None:
        model.row(-INF, problem.budget, {x[i]: float(c.cost) for i, c in enumerate(problem.candidates) if c.cost})
    if problem.min_gap_weeks is not None:
        # One presence booking per window of `min_gap_weeks` calendar weeks: events lie at least
        # that far apart, and an event is one booking (its days one run). As cliques on x this
        # is far stronger than conflicts between days.
        by_week: dict[int, set[int]] = {}
        for index, cand in enumerate(problem.candidates):
            if cand.presence:
                for _module, day in cand.served:
                    by_week.setdefault(_week(day), set()).add(index)
        if by_week:
            first, last = min(by_week), max(by_week)
            for start in range(first, last + 1):
                members = set().union(*(by_week.get(w, set()) for w in range(start, start + problem.min_gap_weeks)))
                if len(members) > 1:
                    model.row(-INF, 1, {x[i]: 1.0 for i in members})
    # F ≥ the last day of the offer serving m, for every module m: at most one offer serves m,
    # so the sum is that offer's last day. Per module, not per offer: the LP relaxation then
    # bounds F by an average of last days instead of almost nothing, and the end stage solves
    # an order of magnitude faster.
    finish = model.var(0, horizon, False)
    for columns in by_module.values():
        terms = {finish: 1.0}
        for i in columns:
            terms[x[i]] = -float((problem.candidates[i].last - problem.origin).days)
        model.row(0, INF, terms)
    # Soft: at most N self-study windows open at once; the excess at each window's first day
    # is minimised after every other criterion.
    excess: dict[int, float] = {}
    if problem.max_open_windows is not None:
        windows = [(i, c.served[0][1], c.last) for i, c in enumerate(problem.candidates) if not c.presence]
        for day in sorted({begin for _, begin, _ in windows}):
            open_then = [i for i, begin, end in windows if begin <= day <= end]
            if len(open_then) > problem.max_open_windows:
                over = model.var(0, INF, False)
                excess[over] = 1.0
                terms = {x[i]: -1.0 for i in open_then}
                terms[over] = 1.0
                model.row(-float(problem.max_open_windows), INF, terms)
    regions = sorted({c.region for c in problem.candidates if c.presence and c.region})
    region_var = {r: model.var(0, 1, False) for r in regions}
    for i, cand in enumerate(problem.candidates):
        if cand.presence and cand.region:
            model.row(0, INF, {region_var[cand.region]: 1.0, x[i]: -1.0})

    solver = _highs()
    lp = highspy.HighsLp()
    lp.num_col_ = len(model.lower)
    lp.num_row_ = len(model.rows)
    lp.col_cost_ = np.zeros(lp.num_col_)
    lp.col_lower_ = np.array(model.lower, dtype=float)
    lp.col_upper_ = np.array(model.upper, dtype=float)
    lp.row_lower_ = np.array([r[0] for r in model.rows], dtype=float)
    lp.row_upper_ = np.array([r[1] for r in model.rows], dtype=float)
    starts = [0]
    indices: list[int] = []
    values: list[float] = []
    for _low, _up, columns, coefficients in model.rows:
        indices.extend(columns)
        values.extend(coefficients)
        starts.append(len(indices))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(indices, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(values, dtype=float)
    lp.integrality_ = [highspy.HighsVarType.kInteger if k else highspy.HighsVarType.kContinuous for k in model.integer]
    solver.passModel(lp)

    served_weight = [float(len(c.served)) for c in problem.candidates]
    objectives: list[tuple[str, dict[int, float], bool]] = [
        ("Module", {x[i]: w for i, w in enumerate(served_weight)}, True),
        ("Reisen", {x[i]: 1.0 for i, c in enumerate(problem.candidates) if c.presence}, False),
        ("Kosten", {x[i]: float(c.cost) for i, c in enumerate(problem.candidates)}, False),
        ("feste Lerngruppe", _fixed_group_terms(problem, x), False),
        ("Ende", {finish: 1.0}, False),
        (
            "Regierungsbezirke",
            {v: (1.0 if r == problem.home else 2.0) for r, v in region_var.items()},
            False,
        ),
        ("Selbstlernen nebeneinander", excess, False),
    ]
    solution = Solution((), frozenset())
    values_now: list[float] | None = None
    for name, terms, maximise in objectives:
        if not terms:  # nothing to decide on this criterion
            continue
        remaining = problem.time_limit - (time.perf_counter() - started)
        if remaining <= 0.05:
            solution.proven = False
            break
        cost = np.zeros(len(model.lower))
        for column, coefficient in terms.items():
            cost[column] = -coefficient if maximise else coefficient
        solver.changeColsCost(len(cost), np.arange(len(cost), dtype=np.int32), cost)
        solver.setOptionValue("time_limit", remaining)
        solver.run()
        status = solver.getModelStatus()
        info = solver.getInfo()
        has_solution = info.primal_solution_status == 2
        if not has_solution:
            break
        values_now = list(solver.getSolution().col_value)
        solution.stages.append(name)
        if status != highspy.HighsModelStatus.kOptimal:
            solution.proven = False
            solution.gap = float(info.mip_gap)
            break
        value = info.objective_function_value
        optimum = round(-value if maximise else value)
        keys = list(terms)
        # Fix the optimum (integer-valued) before the next criterion.
        low, high = (optimum - 0.5, INF) if maximise else (-INF, optimum + 0.5)
        solver.addRow(
            low,
            high,
            len(keys),
            np.array(keys, dtype=np.int32),
            np.array([terms[k] for k in keys], dtype=float),
        )
    if values_now is not None:
        chosen = [i for i in range(len(problem.candidates)) if values_now[x[i]] > 0.5]
        solution.chosen = tuple(problem.candidates[i].key for i in chosen)
        solution.served = frozenset(m for i in chosen for m, _ in problem.candidates[i].served)
    solution.seconds = time.perf_counter() - started
    return solution
