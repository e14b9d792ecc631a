"""A municipality's team (`qplan team`) and a learning group's members (`qplan plan --group`):
the members as read from a team file, and what the team command makes of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# The advisor's answers a team file may name (data/modules.yaml, `advisor`), and the columns.
PRIOR = ("keine", "vorhanden")
GOALS = ("ueberblick", "qualifizieren", "vertiefen")
COLUMNS = ("name", "rolle", "vorkenntnisse", "ziel", "module")
REQUIRED = ("name", "rolle", "vorkenntnisse", "ziel")


@dataclass(frozen=True)
class Member:
    """One person of a team file; `line` is the row (CSV) or line (YAML) the person stands on."""

    name: str
    role: str | None = None  # the advisor's `rolle` answer (target groups already mapped)
    target_group: str | None = None  # kommunal, fachkraefte, ehrenamt, where the file says so
    prior: str | None = None
    goal: str | None = None
    modules: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Team:
    label: str  # the file as given
    name: str  # the team's name: `team:` of a YAML file, else the file's name without suffix
    members: tuple[Member, ...]


@dataclass(frozen=True)
class TeamRequest:
    paths: tuple[str, ...]
    today: date
    start: date | None = None
    pool: bool = False


@dataclass(frozen=True)
class Advice:
    """A member's format and task field, by the advisor's rules."""

    name: str
    format: str | None
    field: str | None
    reason: str
    modules: tuple[str, ...] = ()  # the member's path (open modules)


HalfYear = tuple[int, int]  # (year, 1 or 2)


@dataclass(frozen=True)
class Headcount:
    """How many members take a module in a half-year, and whether it is a presence day."""

    module: str
    half: HalfYear
    count: int
    presence: bool


@dataclass(frozen=True)
class Proposal:
    """An in-house event (the headcount reaches the minimum) or regional offers."""

    module: str
    half: HalfYear
    count: int
    inhouse: bool
    pooled: bool = False  # only the pool reaches the minimum; each team alone is too small
    teams: tuple[tuple[str, int], ...] = ()  # in a pool: each team's own headcount


@dataclass(frozen=True)
class TeamReport:
    team: Team
    advice: tuple[Advice, ...]
    headcounts: tuple[Headcount, ...]
    proposals: tuple[Proposal, ...]


@dataclass(frozen=True)
class TeamOutcome:
    reports: tuple[TeamReport, ...]
    start: date
    min_group: int
    assumed: bool  # the minimum is an assumption (the guideline gives none)
    source: str
    pool: tuple[Proposal, ...] | None = None  # with --pool: every presence module's proposal

    @property
    def people(self) -> int:
        return sum(len(r.team.members) for r in self.reports)
