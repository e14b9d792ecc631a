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
    offer: Text | None = None  # the booked offer; its cost stands once, in the plan's `bookings`
    location: Text | None = None
    # Older files kept the offer's cost on every module of the offer (a multi-module offer
    # counted several times); still read, `bookings` replaces them (see PlanDocument.booked).
    cost_eur: StrictInt | None = None
    funded: StrictBool | None = None
    registration_deadline: IsoDate | None = None
    # The learner's record along the way (`qplan done`, `qplan recognise`).
    done_on: IsoDate | None = None
    note: Text | None = None  # e.g. the certificate (Teilnahmebescheinigung)
    recognised: Recognition | None = None

    @property
    def rest_missing(self) -> bool:
        """Partly recognised and marked done without the rest: the remaining WSt were never
        completed (the shape older versions of `qplan recognise --wst` wrote)."""
        r = self.recognised
        return r is not None and r.wst is not None and r.wst < self.wst and self.done and self.done_on is None

    @property
    def counted_wst(self) -> int:
        """The WSt the budgets count: the module's. A partly recognised module counts whole:
        the recognised WSt plus the rest, completed in the module (open until `qplan done`);
        a rest never completed is rule QP503's, so the budgets depend on the composition alone."""
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
class Booking:
    """One booked offer: the modules it serves and its cost, counted once; kept from the
    providers file so that a document for an employer or a funding application can be made
    without it."""

    __pydantic_config__ = STRICT_CONFIG
    offer: Text
    modules: tuple[Text, ...]
    provider: Text | None = None
    cost_eur: StrictInt | None = None
    funded: StrictBool | None = None
    registration_deadline: IsoDate | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "offer": self.offer,
            "provider": self.provider,
            "modules": list(self.modules),
            "cost_eur": self.cost_eur,
            "funded": self.funded,
            "registration_deadline": self.registration_deadline.isoformat() if self.registration_deadline else None,
        }


BOOKING_KEY_ORDER = ("offer", "modules", "provider", "cost_eur", "funded", "registration_deadline")


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
    # The booked offers, each once with its cost (written by `plan --offers`, `replan --offers`).
    bookings: tuple[Booking, ...] = ()
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

    def booked(self) -> tuple[Booking, ...]:
        """Each booked offer once: the `bookings` list, and for offers it does not name (older
        files) a booking made from the entries, its cost taken once."""
        listed = {b.offer for b in self.bookings}
        groups: dict[str, list[PlanEntry]] = {}
        for entry in self.modules:
            if entry.offer and entry.offer not in listed:
                groups.setdefault(entry.offer, []).append(entry)
        made = []
        for offer, entries in groups.items():
            priced = [e for e in entries if e.cost_eur is not None]
            first = priced[0] if priced else entries[0]
            made.append(
                Booking(
                    offer=offer,
                    modules=tuple(e.id for e in entries),
                    provider=first.provider,
                    cost_eur=first.cost_eur,
                    funded=first.funded,
                    registration_deadline=first.registration_deadline,
                )
            )
        return (*self.bookings, *made)

    def double_counted(self) -> tuple[tuple[str, tuple[str, ...], int], ...]:
        """Offers whose cost an older file repeats on several modules: (offer, modules, cost)."""
        seen: dict[str, list[PlanEntry]] = {}
        for entry in self.modules:
            if entry.offer and entry.cost_eur is not None:
                seen.setdefault(entry.offer, []).append(entry)
        return tuple(
            (offer, tuple(e.id for e in entries), entries[0].cost_eur or 0)
            for offer, entries in seen.items()
            if len(entries) > 1
        )
