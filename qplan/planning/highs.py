"""One HiGHS model of the offer choice, passed once and modified between the stages (the
stages themselves and the model's statement are in `qplan.planning.solver`)."""

from __future__ import annotations

import enum
import math
import os
import sys
import time
from dataclasses import dataclass
from typing import Any

from qplan.planning.model import INF, Model, Problem, build

PRESOLVE_RULES_OFF = 1 << 17  # HiGHS presolve reductions left out (0: none)


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


def highs() -> Any:
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
        # One presolve reduction (bit 17 of HiGHS 1.16's `presolve_rule_off`) spent most of
        # stage 6's time on the dense window rows (1.1 s of 1.2 s at the growing 50,000
        # offers; 0.4 s without it) and slows the other stages a little. Leaving a reduction
        # out keeps every solve exact.
        solver.setOptionValue("presolve_rule_off", PRESOLVE_RULES_OFF)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)
    return solver


class Run:
    """One HiGHS model of `problem`, passed once and modified between the stages (each stage's
    optimum fixed as a row or as column bounds; late rows appended when their stage runs)."""

    def __init__(self, problem: Problem, started: float) -> None:
        import numpy as np

        self.problem = problem
        self.started = started
        self.model = build(problem)
        self.solver = highs()
        _pass(self.solver, self.model)
        # The empty plan is feasible (every row holds at x = 0): the best plan known before the
        # first stage. (A start solution handed to HiGHS made later stages report infeasible.)
        self.best = np.zeros(len(self.model.lower))
        self.open = list(self.model.live)  # the candidates not ruled out by a stage so far
        self.full = False  # stage 1 serves every module that has a candidate
        self.stages: list[Stage] = []
        self.stopped = False
        self.most_regions: int | None = None  # criterion 5's optimum, once known
        self.tied: list[frozenset[str]] = []  # its sets of regions: the first feasible, then untested

    def left(self) -> float:
        return self.problem.time_limit - (time.perf_counter() - self.started)

    def chosen(self) -> list[int]:
        return [i for i in self.open if self.best[self.model.x[i]] > 0.5]

    def skip(self, name: str) -> bool:
        """The stage `name` is skipped (recorded so) when time is out or a stage before failed."""
        if self.stopped or self.left() <= 0.05:
            self.stopped = True
            self.stages.append(Stage(name, StageStatus.SKIPPED))
        return self.stopped

    def bound(self, candidates: list[int], upper: float) -> None:
        import numpy as np

        if candidates:
            columns = np.array([self.model.x[i] for i in candidates], dtype=np.int32)
            self.solver.changeColsBounds(len(columns), columns, np.zeros(len(columns)), np.full(len(columns), upper))

    def run(self, terms: dict[int, float], maximise: bool = False) -> tuple[str, float]:
        """Solve with objective `terms` (none: a feasibility solve). Returns the outcome
        (`optimal`, `infeasible`, `unproven` with a plan, `no-plan`) and the objective's value;
        a plan found is the new best."""
        import highspy
        import numpy as np

        columns = len(self.model.lower)
        cost = np.zeros(columns)
        for column, coefficient in terms.items():
            cost[column] = -coefficient if maximise else coefficient
        self.solver.changeColsCost(columns, np.arange(columns, dtype=np.int32), cost)
        self.solver.setOptionValue("time_limit", max(self.left(), 0.01))
        self.solver.run()
        status = self.solver.getModelStatus()
        info = self.solver.getInfo()
        if status == highspy.HighsModelStatus.kInfeasible:
            return "infeasible", 0.0
        if info.primal_solution_status != 2:
            return "no-plan", 0.0
        self.best = np.array(self.solver.getSolution().col_value)
        value = float(info.objective_function_value)
        return ("optimal" if status == highspy.HighsModelStatus.kOptimal else "unproven"), value

    def optimise(self, name: str, terms: dict[int, float], maximise: bool) -> int | None:
        """One criterion optimised; its optimum, or None (the stage failed: stop)."""
        began = time.perf_counter()
        outcome, value = self.run(terms, maximise)
        spent = time.perf_counter() - began
        if outcome != "optimal":
            gap = float(self.solver.getInfo().mip_gap) if outcome == "unproven" else math.nan
            status = {"infeasible": StageStatus.INFEASIBLE, "no-plan": StageStatus.NO_PLAN}.get(
                outcome, StageStatus.UNPROVEN
            )
            self.stages.append(Stage(name, status, gap if math.isfinite(gap) else None, spent))
            self.stopped = True
            return None
        self.stages.append(Stage(name, StageStatus.OPTIMAL, seconds=spent))
        return round(-value if maximise else value)

    def fix(self, terms: dict[int, float], optimum: int, maximise: bool) -> None:
        """Keep a criterion at its optimum (integer-valued) for the stages after it."""
        import numpy as np

        keys = list(terms)
        low, high = (optimum - 0.5, INF) if maximise else (-INF, optimum + 0.5)
        values = np.array([terms[k] for k in keys], dtype=float)
        self.solver.addRow(low, high, len(keys), np.array(keys, dtype=np.int32), values)

    def push(self, columns: int, rows: int) -> None:
        """Hand HiGHS the columns and rows the model gained since it had `columns` and `rows`."""
        import numpy as np

        model = self.model
        added = len(model.lower) - columns
        if added:
            self.solver.addVars(added, np.array(model.lower[columns:]), np.array(model.upper[columns:]))
            self.best = np.concatenate([self.best, np.zeros(added)])
        new = model.rows[rows:]
        if new:
            starts, indices, values = _matrix(new)
            self.solver.addRows(
                len(new),
                np.array([r[0] for r in new], dtype=float),
                np.array([r[1] for r in new], dtype=float),
                len(indices),
                starts[:-1],
                indices,
                values,
            )


def _matrix(rows: list[tuple[float, float, dict[int, float]]]) -> tuple[Any, Any, Any]:
    """Row-wise starts (with the end), column indices and values."""
    import numpy as np

    lengths = np.fromiter((len(t) for _l, _h, t in rows), dtype=np.int32, count=len(rows))
    starts = np.zeros(len(rows) + 1, dtype=np.int32)
    np.cumsum(lengths, out=starts[1:])
    indices = np.fromiter((c for _l, _h, t in rows for c in t), dtype=np.int32, count=int(starts[-1]))
    values = np.fromiter((v for _l, _h, t in rows for v in t.values()), dtype=float, count=int(starts[-1]))
    return starts, indices, values


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
    starts, indices, values = _matrix(model.rows)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = starts
    lp.a_matrix_.index_ = indices
    lp.a_matrix_.value_ = values
    kinds = highspy.HighsVarType
    lp.integrality_ = [kinds.kInteger if k else kinds.kContinuous for k in model.integer]
    lp.col_names_ = model.col_names
    lp.row_names_ = model.row_names
    solver.passModel(lp)
