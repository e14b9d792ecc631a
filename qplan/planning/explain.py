"""Why a module has no offer in the best plan, and what lifting one wish would change.

Reasons come only from finished solves: a module is blamed on a rule only when the best
plan's first criterion (most modules) is proven and the plan with that rule lifted, also
proven on that criterion, serves it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from qplan.models.catalog import Catalog
from qplan.models.providers import REGION_NAMES, ProviderCatalog
from qplan.models.requests import Wishes
from qplan.models.results import Selection
from qplan.planning.solver import Problem, Solution, solve

UNDECIDED = "die Zeitgrenze war erreicht, bevor die Suche klären konnte, ob ein Angebot passt"


class Reasons:
    """The binding reason for each module that has offers but none in the best plan; the
    plan with one rule lifted is solved once per rule, when first needed."""

    def __init__(self, problem: Problem, solution: Solution, catalog: Catalog) -> None:
        self.problem = problem
        self.solution = solution
        self.catalog = catalog
        self.solved: dict[str, Solution] = {}

    def _lifted(self, name: str) -> Solution:
        if name not in self.solved:
            problem, limit = self.problem, min(2.0, self.problem.time_limit)
            lifted = {
                "budget": replace(problem, budget=None, time_limit=limit),
                "cadence": replace(
                    problem,
                    min_gap_weeks=None,
                    max_gap_months=None,
                    max_events=None,
                    max_event_days=None,
                    time_limit=limit,
                ),
                "hours": replace(problem, hours=None, time_limit=limit),
            }
            self.solved[name] = solve(lifted[name])
        return self.solved[name]

    def _serves(self, name: str, module: str) -> bool | None:
        """Whether the plan with rule `name` lifted serves `module` (None: not known in time)."""
        lifted = self._lifted(name)
        if not lifted.decided("Module"):
            return None
        return module in lifted.served

    def why(self, module: str) -> str:
        problem = self.problem
        if not self.solution.decided("Module"):
            return UNDECIDED
        unknown = False
        checks: list[tuple[str, bool, Callable[[], str]]] = [
            ("budget", problem.budget is not None, lambda: f"das Budget ({problem.budget} €) reicht nicht"),
            ("cadence", problem.min_gap_weeks is not None or problem.max_events is not None, self._cadence),
            (
                "hours",
                problem.hours is not None,
                lambda: (
                    "jedes passende Angebot würde die Stundenbudgets der Spur verfehlen (gebucht wird ein "
                    "Angebot ganz, in seiner Lernform: Präsenz oder Selbstlernen)"
                ),
            ),
        ]
        for name, applies, reason in checks:
            if not applies:
                continue
            serves = self._serves(name, module)
            if serves:
                return reason()
            unknown |= serves is None
        if unknown:
            return UNDECIDED
        return "die Termine passender Angebote passen nicht zusammen (ein Präsenztag je Tag, Grundlagenmodul zuerst)"

    def _cadence(self) -> str:
        cadence = self.catalog.schedule_frame.cadence
        span = f"{cadence.min_months}–{cadence.max_months}" if cadence else ""
        most = self.problem.max_events
        events = f"höchstens {most} Veranstaltungen, " if most else ""
        return f"kein Termin im Takt ({events}{span} Monate zwischen Veranstaltungen); mit einem kompakten Plan möglich"


def what_ifs(
    choose: Callable[[Wishes], Selection], wishes: Wishes, served: int, providers: ProviderCatalog
) -> list[str]:
    """What one wish lifted would change: the budget, the region (one choice each)."""
    answers = []
    if wishes.budget_eur is not None:
        free = choose(replace(wishes, budget_eur=None))
        more = len({a.module for a in free.assignments})
        if more > served:
            answers.append(
                f"Mit einem Budget von {free.cost} € statt {wishes.budget_eur} € wären {more} statt "
                f"{served} Module versorgt."
            )
    if wishes.region is not None:
        anywhere = choose(replace(wishes, region=None))
        more = len({a.module for a in anywhere.assignments})
        if more > served:
            elsewhere = sorted(
                {
                    REGION_NAMES.get(p.region, p.region)
                    for a in anywhere.assignments
                    if (p := providers.provider_by_id.get(a.offer.provider)) is not None
                    and p.region != wishes.region
                    and not a.offer.online
                }
            )
            where = f" (zusätzlich in {', '.join(elsewhere)})" if elsewhere else ""
            answers.append(
                f"Mit Angeboten aus allen Regierungsbezirken wären {more} statt {served} Module versorgt{where}."
            )
    return answers
