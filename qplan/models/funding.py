"""The Landesförderung: the funding rules file (`data/funding.yaml`), what `qplan funding`
asks for, and what it answers for one plan and for a year's plan files.

Money is counted in cents: a share of 50 % of 95 € is 47,50 €, exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Annotated, Literal

from qplan.dates import FIRST_YEAR, LAST_YEAR
from qplan.findings import Finding
from qplan.models.common import STRICT_CONFIG
from qplan.models.providers import Setting
from qplan.models.schema_types import PositiveInt, Text, int_between

# Bounds of the rules file: no share above the whole cost, no cap or budget near overflow.
MAX_CAP_EUR = 100_000
MAX_BUDGET_EUR = 1_000_000_000
Percent = Annotated[int, int_between(0, 100)]
CapEur = Annotated[int, int_between(0, MAX_CAP_EUR)]
BudgetEur = Annotated[int, int_between(0, MAX_BUDGET_EUR)]
Year = Annotated[int, int_between(FIRST_YEAR, LAST_YEAR)]

NOT_GIVEN = "nicht angegeben"  # a plan without a target group or home region


@dataclass(frozen=True, kw_only=True)
class Office:
    """Who pays the subsidy out and takes the applications."""

    __pydantic_config__ = STRICT_CONFIG
    name: Text
    address: Text
    phone: Text | None = None
    email: Text | None = None
    source: Text


@dataclass(frozen=True, kw_only=True)
class Share:
    __pydantic_config__ = STRICT_CONFIG
    percent: Percent
    source: Text


@dataclass(frozen=True, kw_only=True)
class Cap:
    __pydantic_config__ = STRICT_CONFIG
    eur: CapEur
    source: Text


@dataclass(frozen=True, kw_only=True)
class EligibleSettings:
    __pydantic_config__ = STRICT_CONFIG
    eligible: tuple[Setting, ...]
    source: Text


@dataclass(frozen=True, kw_only=True)
class TargetGroup:
    __pydantic_config__ = STRICT_CONFIG
    id: Text
    name: Text


@dataclass(frozen=True, kw_only=True)
class EligibleGroups:
    __pydantic_config__ = STRICT_CONFIG
    eligible: tuple[TargetGroup, ...]
    source: Text


@dataclass(frozen=True, kw_only=True)
class Budget:
    __pydantic_config__ = STRICT_CONFIG
    year: Year
    eur: BudgetEur
    source: Text


@dataclass(frozen=True, kw_only=True)
class FundingRules:
    """The funding rules: share, caps, what is eligible, the yearly budgets; all data."""

    __pydantic_config__ = STRICT_CONFIG
    schema_version: PositiveInt
    note: Text
    office: Office
    share: Share
    cap_per_participation: Cap
    cap_per_inhouse_event: Cap
    settings: EligibleSettings
    target_groups: EligibleGroups
    budgets: tuple[Budget, ...] = ()

    @cached_property
    def group_names(self) -> dict[str, str]:
        return {g.id: g.name for g in self.target_groups.eligible}

    def budget_for(self, year: int) -> int | None:
        """The budget of a year in euros, or None when the file names none."""
        return next((b.eur for b in self.budgets if b.year == year), None)


# Why a booking gets what it gets; the renderers word each reason in German.
Reason = Literal[
    "eligible",  # cost × share, below the cap
    "capped",  # cost × share above the cap per participation
    "free",  # the offer costs nothing
    "not_funded",  # the providers file marks the offer as not funded
    "setting",  # the offer's setting is not eligible
    "target_group",  # the learner's target group is not eligible
    "unknown_offer",  # the providers file does not know the offer
]


@dataclass(frozen=True)
class FundingRequest:
    """`qplan funding PLAN`: which plan, under which files."""

    path: str
    catalog: str | None = None
    providers: str | None = None
    funding: str | None = None


@dataclass(frozen=True)
class BookingFunding:
    """One booking (one offer of the plan) and what the rules grant for it."""

    offer: str
    modules: tuple[str, ...]
    wst: int
    reason: Reason
    cost_eur: int | None = None  # None: the offer is unknown
    subsidy_cents: int = 0
    cap_eur: int | None = None  # the cap that applied (reason "capped")
    provider: str | None = None  # the provider's name
    setting: str | None = None
    region: str | None = None
    first_day: date | None = None
    inhouse: bool = False

    @property
    def eligible(self) -> bool:
        return self.reason in ("eligible", "capped")


@dataclass(frozen=True)
class FundingResult:
    """The application summary of one plan."""

    label: str
    learner: str | None
    organisation: str | None
    format: str
    target_group: str | None  # None: the plan does not say
    home: str | None
    share_percent: int
    bookings: tuple[BookingFunding, ...]
    findings: tuple[Finding, ...] = ()  # unknown offers, placed at their lines
    group_eligible: bool = True

    @property
    def cost_cents(self) -> int:
        return sum((b.cost_eur or 0) * 100 for b in self.bookings)

    @property
    def subsidy_cents(self) -> int:
        return sum(b.subsidy_cents for b in self.bookings)

    @property
    def own_cents(self) -> int:
        return self.cost_cents - self.subsidy_cents

    @property
    def complete(self) -> bool:
        """Every booking's offer is known to the providers file."""
        return all(b.reason != "unknown_offer" for b in self.bookings)


@dataclass(frozen=True)
class FundingReportRequest:
    """`qplan funding report PATH… --year`: the programme's year over plan files."""

    paths: tuple[str, ...]
    year: int
    strict: bool = False
    catalog: str | None = None
    providers: str | None = None
    funding: str | None = None


@dataclass(frozen=True)
class Tally:
    """Participations, WSt and subsidy of one group of the report."""

    participations: int = 0
    wst: int = 0
    subsidy_cents: int = 0

    def plus(self, wst: int, subsidy_cents: int) -> Tally:
        return Tally(self.participations + 1, self.wst + wst, self.subsidy_cents + subsidy_cents)


@dataclass(frozen=True)
class PlanCounts:
    """What one plan file adds to the report: counts, never a name."""

    format: str
    target_group: str
    home: str
    # (offer, region, setting, wst, subsidy in cents) of each booking in the year
    bookings: tuple[tuple[str, str, str, int, int], ...]
    unknown_offers: int = 0


@dataclass(frozen=True)
class FailedFile:
    path: str
    error: str  # the first error, as `file:line:column: message`


@dataclass(frozen=True)
class FundingReport:
    """The programme report of one year."""

    year: int
    plans: int
    plans_with_bookings: int
    failed: tuple[FailedFile, ...]
    total: Tally
    by_region: tuple[tuple[str, Tally], ...]
    by_format: tuple[tuple[str, Tally], ...]
    by_setting: tuple[tuple[str, Tally], ...]
    by_target_group: tuple[tuple[str, Tally], ...]
    by_home: tuple[tuple[str, Tally], ...]
    inhouse_reduction_cents: int  # what the cap per in-house event takes off the plans' sum
    budget_eur: int | None
    unknown_offers: int = 0
    capped_events: tuple[str, ...] = field(default=())  # in-house offers whose cap applied

    @property
    def requested_cents(self) -> int:
        """The sum of the plans' subsidies, before the cap per in-house event."""
        return self.total.subsidy_cents

    @property
    def subsidy_cents(self) -> int:
        return self.total.subsidy_cents - self.inhouse_reduction_cents

    @property
    def over_budget(self) -> bool:
        return self.budget_eur is not None and self.subsidy_cents > self.budget_eur * 100


@dataclass(frozen=True)
class FundingOutcome:
    """`qplan funding PLAN`: the summary and the rules it was computed with."""

    result: FundingResult
    rules: FundingRules
