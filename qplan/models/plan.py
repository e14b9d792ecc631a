"""The plan document: a learner's path or a trainer's composition, as written to YAML."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qplan.models.common import STRICT_CONFIG, FormatId, Phase, PlanField
from qplan.models.schema_types import IsoDate, PositiveInt, StrictBool, Text


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


# The order in which `qplan plan --out` writes an entry's keys.
ENTRY_KEY_ORDER = ("id", "phase", "wst", "date", "until", "provider", "offer", "location", "done")


@dataclass(frozen=True, kw_only=True)
class PlanDocument:
    __pydantic_config__ = STRICT_CONFIG
    format: FormatId
    field: PlanField | None = None
    start: IsoDate | None = None
    learner: Text | None = None
    provider: Text | None = None
    title: Text | None = None
    modules: tuple[PlanEntry, ...] = ()

    def first_date(self) -> date | None:
        dates = [e.date for e in self.modules if e.date is not None]
        return min(dates) if dates else None
