"""What a command asks for, as frozen values the run layer executes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PlanRequest:
    format: str
    field: str | None = None
    start: date | None = None
    done: tuple[str, ...] = ()
    add: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    learner: str | None = None
    organisation: str | None = None
    contact: str | None = None
    unavailable: tuple[tuple[date, date], ...] = ()
    avoid_school_holidays: bool = False
    compact: bool = False  # events closer than the guideline's rhythm, to finish sooner


@dataclass(frozen=True)
class Wishes:
    """The learner's constraints on the offer choice."""

    today: date
    region: str | None = None
    setting: str | None = None
    budget_eur: int | None = None
    compact: bool = False
    home: str | None = None  # the learner's Regierungsbezirk, preferred for travel
    time_limit: float = 5.0  # seconds for the solver
    group_size: int | None = None  # a fixed learning group: seats per offer, fixed groups preferred
