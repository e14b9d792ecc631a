"""The Koordinierungsstelle's overviews as frozen values: coverage of the offers by module,
Regierungsbezirk and half-year, and the learners' demand counted from their plan files.

Counts only: nothing here holds a learner's name or a plan file's path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from qplan.models.providers import REGION_NAMES, REGIONS, Offer, ProviderCatalog
from qplan.models.results import FileResult

ONLINE = "online"
# A Regierungsbezirk or online (shown apart: an online offer has no region).
AREAS: tuple[str, ...] = (*REGIONS, ONLINE)
AREA_NAMES: dict[str, str] = {**REGION_NAMES, ONLINE: "Online"}
UNKNOWN = ""  # a plan without `home`, an open module without a date


def half_year(day: date) -> str:
    """`2027-H1` (January–June) or `2027-H2`."""
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


def half_years(first: str, last: str) -> tuple[str, ...]:
    """Every half-year from `first` to `last`, both included."""
    year, part = int(first[:4]), int(first[-1])
    found = []
    while f"{year}-H{part}" <= last:
        found.append(f"{year}-H{part}")
        year, part = (year, 2) if part == 1 else (year + 1, 1)
    return tuple(found)


def half_year_bounds(half: str) -> tuple[date, date]:
    year = int(half[:4])
    return (date(year, 1, 1), date(year, 6, 30)) if half.endswith("1") else (date(year, 7, 1), date(year, 12, 31))


def area_of(offer: Offer, providers: ProviderCatalog) -> str:
    """Where an offer takes place for the overview: its provider's region, or online."""
    if offer.online:
        return ONLINE
    provider = providers.provider_by_id.get(offer.provider)
    return provider.region if provider is not None else UNKNOWN


def free_seats(offer: Offer) -> int:
    return max(0, offer.seats - offer.booked)


# --- coverage -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverageRequest:
    today: date
    start: date | None = None  # --from
    until: date | None = None  # --until
    catalog: str | None = None
    providers: str | None = None


@dataclass(frozen=True, slots=True)
class CoverageCell:
    module: str
    area: str
    half: str
    offers: tuple[str, ...]  # the offers' ids
    free: int  # free seats of those offers

    @property
    def gap(self) -> bool:
        """No offer in a Regierungsbezirk (online is shown apart and never a gap)."""
        return not self.offers and self.area != ONLINE


@dataclass(frozen=True)
class CoverageResult:
    today: date
    modules: tuple[str, ...]  # catalogue order
    halves: tuple[str, ...]
    cells: tuple[CoverageCell, ...]  # every module × area × half-year, in that order
    offers: int  # offers counted (within the period)
    default_providers: bool  # the shipped fictional example file

    def cell(self, module: str, area: str, half: str) -> CoverageCell:
        index = (self.modules.index(module) * len(AREAS) + AREAS.index(area)) * len(self.halves)
        return self.cells[index + self.halves.index(half)]

    @property
    def gaps(self) -> tuple[CoverageCell, ...]:
        return tuple(c for c in self.cells if c.gap)


# --- demand ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemandRequest:
    paths: tuple[str, ...]
    today: date
    jobs: int | None = None
    catalog: str | None = None
    providers: str | None = None


@dataclass(frozen=True, slots=True)
class PlanCounts:
    """What one plan adds to the demand: no name, no path."""

    has_errors: bool
    composition: bool  # a provider's composition, not a learner's plan: not counted
    group: str  # target group id or UNKNOWN
    home: str  # region or UNKNOWN
    offers: tuple[str, ...]  # booked offers (each counts one seat), not yet done
    bookings: tuple[tuple[str, str], ...]  # (module, offer) of every booked module not yet done
    open: tuple[tuple[str, str], ...]  # (module, half-year or UNKNOWN) without an offer, not done
    # A member of a fixed learning group (`group: {id, size}`): its files count the group's
    # seats once (run/demand_groups.py). The id only joins the files, it is never shown.
    learning_group: tuple[str, int] | None = None
    organisation: str = UNKNOWN  # for the in-house proposals, whitespace folded
    presence: tuple[tuple[str, str], ...] = ()  # (module, half-year) of dated presence modules, not done


@dataclass(frozen=True, slots=True)
class CountedFile(FileResult):
    """A file's findings and, when it could be read, its counts."""

    counts: PlanCounts | None = None


@dataclass(frozen=True, slots=True)
class OfferDemand:
    offer: str
    modules: tuple[str, ...]
    area: str
    half: str
    planned: int
    free: int
    seats: int

    @property
    def over(self) -> bool:
        return self.planned > self.free


@dataclass(frozen=True, slots=True)
class DemandCell:
    """Demand in one module × area × half-year, split by target group."""

    module: str
    area: str  # region, online, or UNKNOWN (an open module of a plan without `home`)
    half: str  # or UNKNOWN (an open module without a date)
    booked: int
    open: int
    offers: int  # offers of the providers file in this cell
    free: int
    by_group: tuple[tuple[str, int, int], ...]  # (group or UNKNOWN, booked, open)
    unserved: bool  # open demand and no offer in the region, online, or (without home) anywhere


@dataclass(frozen=True, slots=True)
class GroupTotal:
    group: str
    plans: int
    booked: int
    open: int


@dataclass(frozen=True, slots=True)
class LearningGroupDemand:
    """A fixed learning group as the office sees it: its size, how many of its members' files
    were read, and each booked offer with the seats counted for it (no id, no name)."""

    size: int  # the largest size stated in its members' files
    files: int
    offers: tuple[tuple[str, int], ...]  # (offer, seats counted: max(size, member files booking it))


@dataclass(frozen=True, slots=True)
class InhouseProposal:
    """A presence module in a half-year that enough learners of one organisation plan: an
    in-house event would serve them (catalogue `teams.inhouse_min_group`)."""

    organisation: str
    module: str
    half: str
    people: int


@dataclass(frozen=True)
class Unreadable:
    """A file that could not be loaded and its first error (for stderr, never the report)."""

    path: str
    first_error: str


@dataclass(frozen=True)
class DemandResult:
    today: date
    files: int  # files read
    counted: int  # learners' plans without errors: their demand is counted
    with_errors: int  # plans that loaded but have errors: counted apart, not in the demand
    compositions: int  # providers' compositions: not demand
    unusable: tuple[Unreadable, ...]  # could not be loaded
    offers: tuple[OfferDemand, ...]  # every offer with at least one planned booking
    cells: tuple[DemandCell, ...]
    groups: tuple[GroupTotal, ...]
    group_names: dict[str, str] = field(default_factory=dict)
    learning_groups: tuple[LearningGroupDemand, ...] = ()
    proposals: tuple[InhouseProposal, ...] = ()
    inhouse_min_group: int | None = None  # None: the catalogue has no `teams` block
    inhouse_assumed: bool = False  # the minimum is a marked assumption of the catalogue

    @property
    def over_subscribed(self) -> tuple[OfferDemand, ...]:
        return tuple(o for o in self.offers if o.over)

    @property
    def unserved(self) -> tuple[DemandCell, ...]:
        return tuple(c for c in self.cells if c.unserved)

    @property
    def ok(self) -> bool:
        return not self.over_subscribed and not self.unserved


# --- what changed between two providers files ------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str  # dates, location, seats, cost_eur, funded, modules, registration_deadline, provider, online
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class OfferChange:
    offer: str
    kind: str  # new | cancelled | moved | changed
    modules: tuple[str, ...]
    area: str
    half: str
    changes: tuple[FieldChange, ...] = ()


@dataclass(frozen=True, slots=True)
class AffectedPlan:
    """A plan file that booked a changed or cancelled offer (a path: for the office's mailing)."""

    path: str
    offers: tuple[str, ...]


@dataclass(frozen=True)
class ProvidersDiff:
    old: str  # labels of the two files
    new: str
    changes: tuple[OfferChange, ...]
    plans: tuple[AffectedPlan, ...] = ()
    plans_read: int = 0
    unusable: tuple[Unreadable, ...] = ()
