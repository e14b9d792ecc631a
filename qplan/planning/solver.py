"""The offer choice as a mixed-integer program, solved with HiGHS (`highspy`).

The model (built with named rows in `qplan.planning.model`)
-----------------------------------------------------------
Candidates are whole offers: booking offer o (binary x_o) sends the learner there for
every open module of the path it holds (its *served* modules), each on the offer's day
for it (presence) or in its window (self-study), in the phase the offer teaches, and costs
the offer's price once.

Hard constraints
- coverage[m]: every open module is served at most once, Σ_{o ∋ m} x_o ≤ 1;
- day[d]: one module per presence day, Σ_{o has a served presence day d} x_o ≤ 1;
- grundlagen[b<m]: with D_m = Σ_o day_o(m)·x_o (0 when m is not served) and
  s_m = Σ_{o ∋ m} x_o, for each module m whose Grundlagen module b is open:
  D_m ≥ D_b + 1 − H·(1 − s_m), H the horizon in days (a served module comes after its
  served Grundlagen module; an unserved one is free);
- budget: Σ cost_o·x_o ≤ budget;
- hours[QP202…QP205]: the track's hour budgets after whole bookings. Booking o moves its
  served modules into its phase, which changes the plan's presence WSt by shift_o; with P₀
  the presence WSt of the path as assembled, L ≤ P₀ + Σ shift_o·x_o ≤ U for each budget
  rule's range [L, U] (`Budget.presence_bounds`, the same definition and catalogue
  tolerances the check uses). A path that misses a rule without any booking keeps its own
  P₀ inside the range (bookings never make it worse) and the choice reports the rule.
With the cadence (every track with more than one event, unless compact):
- cadence[w]: for every window of G consecutive calendar weeks,
  Σ_{presence o with a day in the window} x_o ≤ 1. So an event is one booking (the days of
  one booking are one event, `qplan.dates.events_of`, even Friday and Monday), and two
  events lie G weeks apart or more; G = ⌈(31·m + 4) / 7⌉ for the catalogue's minimum of m
  months (m = 4: G = 19), so that even a Friday and a Monday G weeks later are m months
  apart (a stricter reading than QP311 by up to three weeks);
- events: at most N presence bookings, N the track's maximum of events (QP305);
- length[o]: a booking with more presence days than the track's event is not chosen (QP305);
- gap[t]: the next event starts at most M months (the catalogue's maximum) after an event
  starts, exactly as QP311 counts (sparse rows over the start days, `model._max_gap`). These
  rows are added only when the plan without them breaks the gap: the model without them is
  a relaxation, so its plan, when it keeps the gap and every stage is proven, is optimal.
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
   provider that teaches in fixed groups; `Model._fixed_group_terms`);
4. earliest end, min F with F ≥ Σ_{o ∋ m} last_o·x_o for every module m (at most one offer
   serves m, so this is the last day used for m, as a day number). Solved by bisection over
   the candidates' distinct last days T: is there a plan keeping stages 1–3 that books no
   offer ending after T (feasibility solves; a weak LP bound made the direct stage slow)?
   The least such T is fixed by bounding those offers to 0;
5. fewest Regierungsbezirke travelled to, min Σ_R 2·r_R − r_home with r_R ≥ x_o for the
   presence offers (not online) in region R; the learner's home region counts half;
6. at most N self-study windows open at the same time (N from the catalogue): min Σ_t e_t
   with Σ_{self-study o open on day t} x_o ≤ N + e_t at each window's first day t (not
   solved when the plan after stage 5 has no excess: 0 is the least possible; trying e = 0
   as a feasibility solve first was measured and was not faster).

A time limit bounds the whole. The best plan known so far is kept from stage to stage (the
empty plan, feasible for every row, before the first), so a plan is always at hand; each
stage keeps its own status (`StageStatus`): a stage that reaches the limit is unproven,
with the solver's real gap when it found a plan of its own (none when it did not), and the
stages after it are skipped.
"""

from __future__ import annotations

import enum
import math
import os
import sys
import time
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from qplan.dates import add_months
from qplan.planning.model import INF, Candidate, Hours, Model, Problem, build

__all__ = ["Candidate", "Hours", "Problem", "Solution", "Stage", "StageStatus", "solve"]


END_BY_BISECTION = True  # False: stage 4 as one optimisation (kept for benchmarks/offers.py)


class StageStatus(enum.Enum):
    OPTIMAL = "optimal"  # proven optimal (within less than 1 of the bound: exact for integers)
    UNPROVEN = "unproven"  # the time limit came first; the stage's best plan, with its gap
    NO_PLAN = "no-plan"  # the time limit came before the stage improved on the plan before it
    SKIPPED = "skipped"  # no time left for it
    INFEASIBLE = "infeasible"  # cannot happen with the empty plan feasible; kept for honesty


@dataclass(frozen=True)
class Stage:
    name: str
    status: StageStatus
    gap: float | None = None  # relative gap of an unproven stage; None when not known
    seconds: float = 0.0

    @property
    def proven(self) -> bool:
        return self.status is StageStatus.OPTIMAL


@dataclass(frozen=True)
class Solution:
    chosen: tuple[str, ...]  # offer ids
    served: frozenset[str]
    stages: tuple[Stage, ...] = ()
    seconds: float = 0.0

    @property
    def proven(self) -> bool:
        """Every criterion proven optimal."""
        return all(s.proven for s in self.stages)

    @property
    def gap(self) -> float | None:
        """The gap of the first unproven stage (None: unknown, or every stage proven)."""
        return next((s.gap for s in self.stages if not s.proven), None)

    def decided(self, name: str) -> bool:
        """The stage `name` finished with a proof (or had nothing to decide)."""
        return all(s.proven for s in self.stages if s.name == name)


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


def _pass(solver: Any, model: Model) -> None:
    import highspy
    import numpy as np

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
    for _low, _up, terms in model.rows:
        indices.extend(terms)
        values.extend(terms.values())
        starts.append(len(indices))
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(indices, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(values, dtype=float)
    kinds = highspy.HighsVarType
    lp.integrality_ = [kinds.kInteger if k else kinds.kContinuous for k in model.integer]
    lp.col_names_ = model.col_names
    lp.row_names_ = model.row_names
    solver.passModel(lp)


def solve(problem: Problem) -> Solution:
    """The lexicographically best choice of offers (see the module's docstring)."""
    started = time.perf_counter()
    if not problem.candidates:
        return Solution((), frozenset())
    if problem.max_gap_months is not None:
        # The gap rows slow HiGHS down 2–4 times and rarely bind: without them the model is a
        # relaxation, so a plan from it that keeps the gap is optimal for the whole model (and
        # valid, though unproven, when the time limit came first).
        relaxed = _staged(replace(problem, max_gap_months=None), started)
        if keeps_gap(problem, relaxed.chosen):
            return relaxed
    return _staged(problem, started)


def keeps_gap(problem: Problem, chosen: tuple[str, ...]) -> bool:
    """The chosen presence bookings start at most `max_gap_months` after each other."""
    if problem.max_gap_months is None:
        return True
    keys = set(chosen)
    starts = sorted(c.first for c in problem.candidates if c.key in keys and c.presence)
    return all(later <= add_months(early, problem.max_gap_months) for early, later in pairwise(starts))


def _end_by_bisection(solver: Any, model: Model, best: Any, started: float, limit: float) -> tuple[Stage, Any]:
    """Stage 4 by bisection on the last day: is there a plan, every earlier optimum kept, that
    books no offer ending after day T? Feasibility solves over the candidates' distinct last
    days; the answer is fixed as column bounds (offers ending later are not chosen)."""
    import highspy
    import numpy as np

    began = time.perf_counter()
    cands = model.problem.candidates
    columns = len(model.lower)
    solver.changeColsCost(columns, np.arange(columns, dtype=np.int32), np.zeros(columns))
    days = sorted({c.last for c in cands})
    chosen_last = max((c.last for i, c in enumerate(cands) if best[model.x[i]] > 0.5), default=None)
    if chosen_last is None:
        return Stage("Ende", StageStatus.OPTIMAL), best
    high = days.index(chosen_last)  # feasible
    low = 0  # days[low - 1] known infeasible, or none

    def bound(day_index: int) -> None:
        cut = [model.x[i] for i, c in enumerate(cands) if c.last > days[day_index]]
        keep = [model.x[i] for i, c in enumerate(cands) if c.last <= days[day_index]]
        if cut:
            solver.changeColsBounds(len(cut), np.array(cut, dtype=np.int32), np.zeros(len(cut)), np.zeros(len(cut)))
        if keep:
            solver.changeColsBounds(len(keep), np.array(keep, dtype=np.int32), np.zeros(len(keep)), np.ones(len(keep)))

    while low < high:
        remaining = limit - (time.perf_counter() - started)
        if remaining <= 0.05:
            bound(high)
            return Stage("Ende", StageStatus.UNPROVEN, None, time.perf_counter() - began), best
        middle = (low + high) // 2
        bound(middle)
        solver.setOptionValue("time_limit", remaining)
        solver.run()
        status = solver.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            low = middle + 1
        elif solver.getInfo().primal_solution_status == 2:
            best = np.array(solver.getSolution().col_value)
            high = max(days.index(max(c.last for i, c in enumerate(cands) if best[model.x[i]] > 0.5)), low)
        else:  # out of time
            bound(high)
            return Stage("Ende", StageStatus.UNPROVEN, None, time.perf_counter() - began), best
    bound(high)
    return Stage("Ende", StageStatus.OPTIMAL, seconds=time.perf_counter() - began), best


def _staged(problem: Problem, started: float) -> Solution:
    """The staged solve of `problem`'s full model, within its time limit counted from `started`."""
    import highspy
    import numpy as np

    model = build(problem)
    solver = _highs()
    _pass(solver, model)
    columns = len(model.lower)
    # The empty plan is feasible (every row holds at x = 0): the best plan known before the
    # first stage. (A start solution handed to HiGHS made later stages report infeasible.)
    best = np.zeros(columns)
    stages: list[Stage] = []
    out_of_time = False
    for name, terms, maximise in model.objectives():
        if not terms:  # nothing to decide on this criterion
            continue
        remaining = problem.time_limit - (time.perf_counter() - started)
        if out_of_time or remaining <= 0.05:
            out_of_time = True
            stages.append(Stage(name, StageStatus.SKIPPED))
            continue
        if name == "Selbstlernen nebeneinander" and model.least_excess(best.tolist()) < 0.5:
            # The plan so far opens no more windows at once than allowed: 0, the least possible.
            stages.append(Stage(name, StageStatus.OPTIMAL))
            continue
        if name == "Ende" and END_BY_BISECTION:
            stage, best = _end_by_bisection(solver, model, best, started, problem.time_limit)
            stages.append(stage)
            out_of_time = not stage.proven
            continue
        cost = np.zeros(columns)
        for column, coefficient in terms.items():
            cost[column] = -coefficient if maximise else coefficient
        solver.changeColsCost(columns, np.arange(columns, dtype=np.int32), cost)
        solver.setOptionValue("time_limit", remaining)
        began = time.perf_counter()
        solver.run()
        spent = time.perf_counter() - began
        status = solver.getModelStatus()
        info = solver.getInfo()
        if status == highspy.HighsModelStatus.kInfeasible:
            stages.append(Stage(name, StageStatus.INFEASIBLE, seconds=spent))
            out_of_time = True  # nothing after an infeasible stage is meaningful
            continue
        if info.primal_solution_status != 2:
            stages.append(Stage(name, StageStatus.NO_PLAN, seconds=spent))
            out_of_time = True
            continue
        values = np.array(solver.getSolution().col_value)
        value = float(info.objective_function_value)
        if status != highspy.HighsModelStatus.kOptimal:
            gap = float(info.mip_gap)
            stages.append(Stage(name, StageStatus.UNPROVEN, gap if math.isfinite(gap) else None, spent))
            best = values
            out_of_time = True
            continue
        stages.append(Stage(name, StageStatus.OPTIMAL, seconds=spent))
        best = values
        optimum = round(-value if maximise else value)
        keys = list(terms)
        # Fix the optimum (integer-valued) before the next criterion.
        low, high = (optimum - 0.5, INF) if maximise else (-INF, optimum + 0.5)
        solver.addRow(
            low, high, len(keys), np.array(keys, dtype=np.int32), np.array([terms[k] for k in keys], dtype=float)
        )
    chosen = [i for i, column in enumerate(model.x) if best[column] > 0.5]
    return Solution(
        tuple(problem.candidates[i].key for i in chosen),
        frozenset(m for i in chosen for m, _ in problem.candidates[i].served),
        tuple(stages),
        time.perf_counter() - started,
    )
