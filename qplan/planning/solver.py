"""The offer choice as a mixed-integer program, solved with HiGHS (`highspy`).

The model (named rows in `qplan.planning.model`, one HiGHS model in `qplan.planning.highs`)
-----------------------------------------------------------------------------------------
Candidates are whole offers: booking offer o (binary x_o) sends the learner there for
every open module of the path it holds (its *served* modules), each on the offer's day
for it (presence) or in its window (self-study), in the phase the offer teaches, and costs
the offer's price once.

Hard constraints
- coverage[m]: every open module is served at most once, Σ_{o ∋ m} x_o ≤ 1;
- day[d]: one module per presence day, Σ_{o has a served presence day d} x_o ≤ 1 (left out
  with the cadence: the cadence window starting in d's week holds every such o);
- grundlagen[b<m]: with D_m = Σ_o day_o(m)·x_o (0 when m is not served) and
  s_m = Σ_{o ∋ m} x_o, for each module m whose Grundlagen module b is open:
  D_m ≥ D_b + 1 − H·(1 − s_m), H the horizon in days (a served module comes after its
  served Grundlagen module; an unserved one is free);
- budget: Σ cost_o·x_o ≤ budget;
- hours[QP202…QP205]: the track's hour budgets after whole bookings. Booking o moves its
  served modules into its phase, which changes the plan's presence WSt by shift_o; with P₀
  the presence WSt of the path as assembled, L ≤ P₀ + Σ shift_o·x_o ≤ U for each budget
  rule's range [L, U] (`Budget.presence_bounds`, the same definition and catalogue
  tolerances the check uses); the rules share their terms, so one row holds the
  intersection of the ranges. A path that misses a rule without any booking keeps its own
  P₀ inside the range (bookings never make it worse) and the choice reports the rule.
With the cadence (every track with more than one event, unless compact):
- cadence[w]: for every window of G consecutive calendar weeks,
  Σ_{presence o with a day in the window} x_o ≤ 1. So an event is one booking (the days of
  one booking are one event, `qplan.dates.events_of`, even Friday and Monday), and two
  events lie G weeks apart or more; G = ⌈(31·m + 4) / 7⌉ for the catalogue's minimum of m
  months (m = 4: G = 19), so that even a Friday and a Monday G weeks later are m months
  apart (a stricter reading than QP311 by up to three weeks). A window whose offers all
  lie in a neighbouring window is implied by that window's row and left out;
- events: at most N presence bookings, N the track's maximum of events (QP305);
- length: a booking with more presence days than the track's event is not chosen (QP305):
  x_o = 0 as a column bound, and o is left out of every row;
- gap[t]: the next event starts at most M months (the catalogue's maximum) after an event
  starts, exactly as QP311 counts (sparse rows over the start days, `model._max_gap`). These
  rows are added only when the plan without them breaks the gap: the model without them is
  a relaxation, so its plan, when it keeps the gap and every stage is proven, is optimal.
Window, weekdays, public holidays, the learner's days off, registration, seats, region and
setting are applied before, to the candidates (`qplan.planning.offers`).

The objective, lexicographic, by sequential solves on one HiGHS model, passed once and
modified between the stages (each optimum is fixed as a row or as column bounds before the
next criterion; every criterion has integer values, so fixing it at its optimum is exact):
1. most modules served, max Σ_m s_m. When the optimum is every module that has a candidate,
   it is fixed as the sparse equalities Σ_{o ∋ m} x_o = 1 (coverage[m]) instead of a dense
   row: the same set of plans, a tighter LP. Stages 1 and 2 are first tried as one solve:
   fewest trips with those equalities; when it is optimal, so is stage 1 (the full count is
   its upper bound), otherwise (infeasible) the rows go back to ≤ 1 and stage 1 is solved;
2. fewest trips, min Σ_{presence o} x_o;
3. lowest cost, min Σ cost_o·x_o;
3a. for a fixed learning group (`qplan plan --group`) only: fewest offers of providers
   without `group: fest`, min Σ_{o not fest} x_o (a fixed group stays together with a
   provider that teaches in fixed groups; `Model.objective`);
4. earliest end, min F with F ≥ Σ_{o ∋ m} last_o·x_o for every module m (at most one offer
   serves m, so this is the last day used for m, as a day number). Solved by bisection over
   the candidates' distinct last days T: is there a plan keeping stages 1–3 that books no
   offer ending after T (feasibility solves; a weak LP bound made the direct stage slow)?
   Each probe minimises the number of offers ending in the upper half of the days still
   open, so that the plan it finds (the new upper end) ends as early as it can; the answer
   of a probe is whether it has a plan, so this changes the probes' order, never T; and a
   proven optimum above 0 also proves that no plan ends by the middle day (T is later).
   The least such T is fixed by bounding those offers to 0. With every module served, T is
   at least each module's earliest last day (the bisection starts there); the finish rows
   F ≥ … are only built when the stage is solved directly (`END_BY_BISECTION` off);
5. fewest Regierungsbezirke travelled to, min w(R) = Σ_{R ∈ R} (2 − [R = home]) over the
   set R of regions of the chosen presence offers (online ones have none): the learner's
   home region counts half. Solved by feasibility solves over the sets S of the regions
   still open, in increasing w(S), only those with w(S) below the plan at hand: every
   other criterion kept, offers in a region outside S bounded to 0. The first feasible S
   is optimal: a plan with regions R is feasible in the test of S = R, and every set of
   smaller weight was tested before and is infeasible (sets of equal weight are equally
   good; a set without an offer for a module that must be served is infeasible and not
   solved). Criterion 5 is then kept, for stage 6 only: the other sets of the optimal
   weight w* are tested too; when only one is feasible, by bounding the offers outside it
   to 0, otherwise by r_R ≥ x_o for the open presence offers in R and Σ_R w({R})·r_R ≤ w*
   (exact at integer x; every tied set stays allowed);
6. at most N self-study windows open at the same time (N from the catalogue): min Σ_t e_t
   with Σ_{self-study o open on day t} x_o ≤ N + e_t at each window's first day t where more
   than N of all the candidates' windows are open (not solved when the plan after stage 5
   has no excess: 0 is the least possible). The rows are added when the stage runs, over
   the candidates still open; a row they cannot break is left out (its e_t is 0).

A time limit bounds the whole. The best plan known so far is kept from stage to stage (the
empty plan, feasible for every row, before the first), so a plan is always at hand; each
stage keeps its own status (`StageStatus`): a stage that reaches the limit is unproven,
with the solver's real gap when it found a plan of its own (none when it did not), and the
stages after it are skipped.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from itertools import combinations, pairwise

from qplan.dates import add_months
from qplan.planning.highs import Run, Stage, StageStatus
from qplan.planning.model import INF, Candidate, Hours, Problem

FULL_FIRST = True  # False: stage 1 always solved on its own (for benchmarks/offers.py)

__all__ = ["Candidate", "Hours", "Problem", "Solution", "Stage", "StageStatus", "solve"]


END_BY_BISECTION = True  # False: stage 4 as one optimisation (kept for benchmarks/offers.py)


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


def _staged(problem: Problem, started: float) -> Solution:
    """The staged solve of `problem`'s model, within its time limit counted from `started`."""
    run = Run(problem, started)
    model = run.model
    merged = FULL_FIRST and _full_first(run)
    for name in ("Module", "Reisen", "Kosten", "feste Lerngruppe"):
        terms = model.objective(name)
        if not terms or (merged and name in ("Module", "Reisen")) or run.skip(name):
            continue  # nothing (more) to decide on this criterion
        optimum = run.optimise(name, terms, name == "Module")
        if optimum is None:
            continue
        if name == "Module" and optimum == len(model.by_module):
            # Every module that has a candidate is served: each exactly once, as sparse
            # equalities instead of the dense row (a tighter LP).
            _full_coverage(run)
        else:
            run.fix(terms, optimum, name == "Module")
    if not run.skip("Ende"):
        _end(run)
    regional = any(c.presence and c.region for c in (problem.candidates[i] for i in model.live))
    if regional and not run.skip("Regierungsbezirke"):
        _regions(run)
    if model.window_days() and not run.skip("Selbstlernen nebeneinander"):
        _windows(run)
    chosen = run.chosen()
    return Solution(
        tuple(problem.candidates[i].key for i in chosen),
        frozenset(m for i in chosen for m, _ in problem.candidates[i].served),
        tuple(run.stages),
        time.perf_counter() - started,
    )


def _full_coverage(run: Run, full: bool = True) -> None:
    """The coverage rows as equalities (`full`) or back to at most one."""
    import numpy as np

    rows = np.array(list(run.model.coverage.values()), dtype=np.int32)
    run.solver.changeRowsBounds(len(rows), rows, np.full(len(rows), 1.0 if full else -INF), np.ones(len(rows)))
    run.full = full


def _full_first(run: Run) -> bool:
    """Stages 1 and 2 in one solve when every module with a candidate can be served: fewest
    trips with the coverage rows as equalities. Optimal: stage 1's optimum is that full
    count (its upper bound) and stage 2's is the solve's. Otherwise (infeasible, or out of
    time) the rows are put back and the stages run one by one."""
    model = run.model
    trips = model.objective("Reisen")
    if not model.by_module or not trips or run.left() <= 0.05:
        return False
    began = time.perf_counter()
    _full_coverage(run)
    outcome, value = run.run(trips)
    if outcome != "optimal":
        _full_coverage(run, False)
        return False
    spent = time.perf_counter() - began
    run.stages += [Stage("Module", StageStatus.OPTIMAL), Stage("Reisen", StageStatus.OPTIMAL, seconds=spent)]
    run.fix(trips, round(value), False)
    return True


def _end(run: Run) -> None:
    """Stage 4 by bisection on the last day: is there a plan, every earlier optimum kept, that
    books no offer ending after day T? Feasibility solves over the open candidates' distinct
    last days; the answer is fixed as column bounds (offers ending later are not chosen)."""
    began = time.perf_counter()
    model, cands = run.model, run.problem.candidates
    if not END_BY_BISECTION:
        columns, rows = len(model.lower), len(model.rows)
        model.add_finish()
        run.push(columns, rows)
        optimum = run.optimise("Ende", {model.finish: 1.0}, False)
        if optimum is not None:
            run.fix({model.finish: 1.0}, optimum, False)
        return
    chosen = run.chosen()
    if not chosen:
        run.stages.append(Stage("Ende", StageStatus.OPTIMAL))
        return
    days = sorted({cands[i].last for i in run.open})
    high = days.index(max(cands[i].last for i in chosen))  # feasible
    low = 0  # days[low - 1] known infeasible, or none
    if run.full:  # every module served: T is at least each module's earliest last day
        least = max(min(cands[i].last for i in columns) for columns in model.by_module.values())
        low = days.index(least)
    cut: list[int] = []  # bounded to 0 now

    def bound(day_index: int) -> None:
        nonlocal cut
        later = [i for i in run.open if cands[i].last > days[day_index]]
        run.bound([i for i in cut if cands[i].last <= days[day_index]], 1)
        run.bound(later, 0)
        cut = later

    status = StageStatus.OPTIMAL
    while low < high:
        if run.left() <= 0.05:
            status = StageStatus.UNPROVEN
            break
        middle = (low + high) // 2
        bound(middle)
        # Any plan found answers the probe; the guide (fewest offers ending after the middle of
        # [days[low], T]) steers it to end early, so that `high` jumps further (at the growing
        # 50,000 offers: 7 probes instead of 9, 0.6 s instead of 0.8 s).
        lower = days[(low + middle) // 2]
        guide = {model.x[i]: 1.0 for i in run.open if lower < cands[i].last <= days[middle]}
        outcome, value = run.run(guide)
        if outcome == "infeasible":
            low = middle + 1
        elif outcome in ("optimal", "unproven"):
            if outcome == "optimal" and value > 0.5:  # every plan books an offer ending after `lower`
                low = (low + middle) // 2 + 1
            high = max(days.index(max(cands[i].last for i in run.chosen())), low)
        else:  # out of time
            status = StageStatus.UNPROVEN
            break
    bound(high)
    run.open = [i for i in run.open if cands[i].last <= days[high]]
    run.stages.append(Stage("Ende", status, None, time.perf_counter() - began))
    run.stopped = status is not StageStatus.OPTIMAL


def _regions(run: Run) -> None:
    """Stage 5 by feasibility solves over sets S of Regierungsbezirke in increasing weight
    (offers in a region outside S bounded to 0): the first feasible S is optimal."""
    began = time.perf_counter()
    model, cands = run.model, run.problem.candidates
    best = model.weight({r for i in run.chosen() if (r := cands[i].region) and cands[i].presence})
    regions = sorted({r for i in run.open if (r := cands[i].region) and cands[i].presence})
    subsets = sorted(
        (frozenset(s) for k in range(len(regions) + 1) for s in combinations(regions, k)),
        key=model.weight,
    )
    chosen = frozenset(r for i in run.chosen() if (r := cands[i].region) and cands[i].presence)
    run.most_regions, run.tied = best, [chosen]
    for subset in (s for s in subsets if model.weight(s) < best):
        outcome = _within(run, subset)
        if outcome == "feasible":
            run.most_regions, run.tied = model.weight(subset), [subset]
            break
        if outcome == "unknown":  # out of time
            run.stages.append(Stage("Regierungsbezirke", StageStatus.UNPROVEN, None, time.perf_counter() - began))
            run.stopped = True
            return
    # The other sets of the optimal weight, not tested yet (stage 6 may ask about them).
    run.tied += [s for s in subsets if model.weight(s) == run.most_regions and s not in run.tied]
    run.stages.append(Stage("Regierungsbezirke", StageStatus.OPTIMAL, seconds=time.perf_counter() - began))


def _allowed(run: Run, subset: frozenset[str]) -> list[int]:
    """The open candidates that travel to no region outside `subset`."""
    cands = run.problem.candidates
    return [i for i in run.open if not (cands[i].presence and cands[i].region and cands[i].region not in subset)]


def _within(run: Run, subset: frozenset[str]) -> str:
    """Is there a plan, every optimum so far kept, within the regions `subset`? `feasible`
    (the plan is the new best), `infeasible` or `unknown` (out of time)."""
    allowed = _allowed(run, subset)
    if run.full and not all(any(i in set(allowed) for i in c) for c in run.model.by_module.values()):
        return "infeasible"  # some module that must be served has no offer left: no solve needed
    if run.left() <= 0.05:
        return "unknown"
    outside = sorted(set(run.open) - set(allowed))
    run.bound(outside, 0)
    outcome, _ = run.run({})
    run.bound(outside, 1)
    return {"optimal": "feasible", "unproven": "feasible", "infeasible": "infeasible"}.get(outcome, "unknown")


def _windows(run: Run) -> None:
    """Stage 6: not solved when the plan so far has no excess (0 is the least possible);
    otherwise the window rows over the open candidates, criterion 5 kept at its optimum: by
    bounds when only one set of regions of that weight is feasible, by rows otherwise."""
    model = run.model
    if model.excess(run.chosen()) == 0:
        run.stages.append(Stage("Selbstlernen nebeneinander", StageStatus.OPTIMAL))
        return
    columns, rows = len(model.lower), len(model.rows)
    if run.most_regions is not None:
        known, *others = run.tied
        feasible = [known, *(s for s in others if _within(run, s) != "infeasible")]
        if len(feasible) == 1:
            allowed = set(_allowed(run, known))
            run.bound([i for i in run.open if i not in allowed], 0)
            run.open = [i for i in run.open if i in allowed]
        else:
            model.add_regions(run.open, run.most_regions)
    excess = model.add_windows(run.open)
    run.push(columns, rows)
    run.optimise("Selbstlernen nebeneinander", excess, False)
