"""What a command asks for, as frozen values the run layer executes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from qplan.models.catalog import Catalog


@dataclass(frozen=True)
class DataFiles:
    """The data files a run reads, as the user named them (None: the environment's, else the
    shipped ones; `qplan.run.data` finds them)."""

    catalog: str | None = None
    providers: str | None = None
    funding: str | None = None


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
    home: str | None = None  # the learner's Regierungsbezirk, recorded for the office's counts
    target_group: str | None = None  # an id of the catalogue's target groups


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


@dataclass(frozen=True)
class SchemaRequest:
    """`qplan schema`: the plan documents' JSON Schema, with the ids of this catalogue."""

    files: DataFiles = DataFiles()


DataKind = Literal["catalog", "providers", "funding"]


@dataclass(frozen=True)
class DataCheckRequest:
    """`qplan catalog check`, `qplan providers --check`, `qplan funding check`: one data file
    checked without the cache: the file at `path`, else the one of the run (`files`; a
    providers file is checked against the run's catalogue)."""

    kind: DataKind
    path: str | None = None
    files: DataFiles = DataFiles()


@dataclass(frozen=True)
class CheckRequest:
    """Check plan files: which, as of which day, with which rules."""

    paths: tuple[str, ...]
    today: date
    strict: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    jobs: int | None = None  # None: one worker per core
    catalog: str | None = None  # the catalogue file the user named (None: the built-in one)
    providers: str | None = None  # the providers file the user named (None: the built-in one)
    use_cache: bool = True  # reuse and keep results (`--no-cache`: False)


@dataclass(frozen=True)
class PlanCommand:
    """`qplan plan`: the path asked for, as of `today`, with offers when `offers` holds wishes."""

    path: PlanRequest
    today: date
    files: DataFiles = DataFiles()
    offers: Wishes | None = None


@dataclass(frozen=True)
class OffersRequest:
    """`qplan providers`: the offers that pass every filter given (an empty filter passes all)."""

    today: date
    files: DataFiles = DataFiles()
    modules: tuple[str, ...] = ()
    region: str | None = None
    setting: str | None = None
    since: date | None = None
    available: bool = False  # seats free and registration open


@dataclass(frozen=True)
class CompareRequest:
    """`qplan compare`: the tracks of the Basisqualifizierung side by side, from `start`."""

    today: date
    start: date | None = None
    files: DataFiles = DataFiles()


@dataclass(frozen=True)
class ModulesRequest:
    """`qplan catalog`: the modules that pass every filter given."""

    files: DataFiles = DataFiles()
    format: str | None = None
    field: str | None = None  # "beide": modules of both fields
    area: str | None = None


@dataclass(frozen=True)
class Writing:
    """How a command writes the learner's file: checked like `qplan check` (the rules of this
    catalogue, today, the providers file of the run), and written with errors only on `force`."""

    catalog: Catalog
    today: date
    providers: str | None = None
    force: bool = False


@dataclass(frozen=True)
class ReplanRequest:
    path: Path
    since: date | None = None  # no new date before it (today at the earliest)
    offers: bool = False
    region: str | None = None
    dry_run: bool = False
    review: bool = False  # the plan reviewed after the change (for a report as JSON)


@dataclass(frozen=True)
class DoneRequest:
    """`qplan done`: modules of the plan at `path` completed `on` a day (None: the planned
    day if it has passed, else today), with a `note`; `confirmed`: a module whose date lies
    ahead is done today (otherwise refused with the reason DATE_AHEAD)."""

    path: Path
    ids: tuple[str, ...]
    on: date | None = None
    note: str | None = None
    confirmed: bool = False
    review: bool = False  # the plan reviewed after the change (for a report as JSON)


@dataclass(frozen=True)
class RecogniseRequest:
    """`qplan recognise`: prior learning recognised for modules, with why, by whom and when;
    `wst` below a module's: recognised in part, the rest stays open."""

    path: Path
    ids: tuple[str, ...]
    reason: str
    by: str | None = None
    on: date | None = None
    wst: int | None = None
    review: bool = False


@dataclass(frozen=True)
class UndoRequest:
    """`qplan undo`: a mark (done, recognised) taken back."""

    path: Path
    ids: tuple[str, ...]
    review: bool = False


MarkRequest = DoneRequest | RecogniseRequest | UndoRequest


@dataclass(frozen=True)
class ShowRequest:
    """`qplan show`: review the plan file at `path` ("-": stdin) as of `today`."""

    path: str
    today: date
    files: DataFiles = DataFiles()


@dataclass(frozen=True)
class ExportRequest:
    """`qplan export`: review the plan file at `path` ("-": stdin) for a calendar or print.

    `printable`: a Markdown or HTML plan is wanted (its profile and funding are gathered);
    `calendar`: the calendar file to continue (its earlier export is read), None for none."""

    path: str
    today: date
    files: DataFiles = DataFiles()
    printable: bool = False
    calendar: str | None = None


@dataclass(frozen=True)
class ProfileRequest:
    """`qplan profile`: the competence profile of the plan file at `path` ("-": stdin), with
    `suggest` suggestions (None: none; else 1 to 20)."""

    path: str
    today: date
    files: DataFiles = DataFiles()
    suggest: int | None = None
