"""The plan document: a learner's path or a trainer's composition, as written to YAML."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qplan.models.common import STRICT_CONFIG, FormatId, Phase, PlanField
from qplan.models.providers import Region
from qplan.models.schema_types import Confidence, IsoDate, PositiveInt, StrictBool, StrictInt, Text


@dataclass(frozen=True, kw_only=True)
class Recognition:
    """Prior learning recognised (anerkannt) for a module: why, by whom, when, how many WSt."""

    __pydantic_config__ = STRICT_CONFIG
    reason: Text | None = None  # required by rule QP501, so that a missing one is reported at its line
    by: Text | None = None
    on: IsoDate | None = None
    wst: PositiveInt | None = None  # fewer than the module's WSt: partly recognised


@dataclass(frozen=True, kw_only=True)
class PlanEntry:
    """One module of a plan: its phase, hours, date (presence day or start of a
    self-study window), the window's end, and whether it is done."""

    __pydantic_config__ = STRICT_CONFIG
    id: Text
    phase: Phase
    wst: PositiveInt
    date: IsoDate | None = None
    until: IsoDate | None = None
    done: StrictBool = False
    provider: Text | None = None
    offer: Text | None = None
    location: Text | None = None
    # Kept from the chosen offer, so that a document for an employer or a funding
    # application can be made without the providers file.
    cost_eur: StrictInt | None = None
    funded: StrictBool | None = None
    registration_deadline: IsoDate | None = None
    # The learner's record along the way (`qplan done`, `qplan recognise`).
    done_on: IsoDate | None = None
    note: Text | None = None  # e.g. the certificate (Teilnahmebescheinigung)
    recognised: Recognition | None = None

    @property
    def counted_wst(self) -> int:
        """The WSt the budgets count: a partly recognised module counts its recognised WSt."""
        if self.recognised is not None and self.recognised.wst is not None:
            return min(self.recognised.wst, self.wst)
        return self.wst


# The order in which `qplan plan --out` writes an entry's keys.
ENTRY_KEY_ORDER = (
    "id",
    "phase",
    "wst",
    "date",
    "until",
    "provider",
    "offer",
    "location",
    "cost_eur",
    "funded",
    "registration_deadline",
    "done",
    "done_on",
    "note",
)


@dataclass(frozen=True, kw_only=True)
class DaySpan:
    """Days off of a learner, from `start` to `until` (both included)."""

    __pydantic_config__ = STRICT_CONFIG
    start: IsoDate
    until: IsoDate


@dataclass(frozen=True, kw_only=True)
class PlanGroup:
    """A fixed learning group (`qplan plan --group`): every member's plan names the same id and
    the group's size, so that the office counts the group's seats once per offer."""

    __pydantic_config__ = STRICT_CONFIG
    id: Text
    size: PositiveInt


@dataclass(frozen=True, kw_only=True)
class PlanDocument:
    __pydantic_config__ = STRICT_CONFIG
    format: FormatId
    field: PlanField | None = None
    start: IsoDate | None = None
    # The catalogue edition the plan was made with (`edition.id`); `qplan migrate` moves a
    # plan to a newer one. Absent in plans written before editions had an id.
    catalog_edition: Text | None = None
    learner: Text | None = None
    organisation: Text | None = None  # the learner's employer or organisation
    contact: Text | None = None  # for a funding application: who to contact
    provider: Text | None = None
    title: Text | None = None
    # What the Koordinierungsstelle counts (`qplan demand`): the learner's Regierungsbezirk
    # and target group (Zielgruppe, an id of the catalogue's `target_groups`).
    home: Region | None = None
    target_group: Text | None = None
    modules: tuple[PlanEntry, ...] = ()
    # Days the learner cannot come (holidays of their own, council meetings): single dates
    # or spans; presence days should not fall on them (QP310).
    unavailable: tuple[IsoDate | DaySpan, ...] = ()
    avoid_school_holidays: StrictBool = False
    # The learner's own confidence per competence (FK1 … MK5), 0 (keine) to 3 (sicher).
    self_assessment: dict[str, Confidence] | None = None
    group: PlanGroup | None = None  # a member of a fixed learning group

    def unavailable_spans(self) -> tuple[tuple[date, date], ...]:
        return tuple((d, d) if isinstance(d, date) else (d.start, d.until) for d in self.unavailable)

    def first_date(self) -> date | None:
        dates = [e.date for e in self.modules if e.date is not None]
        return min(dates) if dates else None
