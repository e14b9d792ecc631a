"""Providers (Fortbildungsträger) and their offers (`data/providers.yaml`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Literal

from qplan.models.common import STRICT_CONFIG, Phase
from qplan.models.schema_types import IsoDate, PositiveInt, StrictBool, StrictInt, Text

Region = Literal["stuttgart", "karlsruhe", "freiburg", "tuebingen"]
Setting = Literal["inhouse", "regional", "zentral"]
GroupType = Literal["fest", "wechselnd"]
# Intake review (Leitfaden, Abschnitt 5: bestehende Angebote werden daraufhin geprüft, welche
# Module sie abdecken): only `aufgenommen` offers are planned; an offer without `status` was
# written before the review existed and is planned like an `aufgenommen` one.
ReviewStatus = Literal["eingereicht", "geprüft", "aufgenommen", "abgelehnt"]
REVIEW_STATUSES: tuple[ReviewStatus, ...] = ("eingereicht", "geprüft", "aufgenommen", "abgelehnt")

REGIONS: tuple[Region, ...] = ("stuttgart", "karlsruhe", "freiburg", "tuebingen")
REGION_NAMES = {"stuttgart": "Stuttgart", "karlsruhe": "Karlsruhe", "freiburg": "Freiburg", "tuebingen": "Tübingen"}
SETTINGS: tuple[Setting, ...] = ("inhouse", "regional", "zentral")


@dataclass(frozen=True, kw_only=True)
class Provider:
    __pydantic_config__ = STRICT_CONFIG
    id: Text
    name: Text
    kind: Text
    city: Text
    region: Region
    settings: tuple[Setting, ...]
    group: GroupType
    url: Text


@dataclass(frozen=True, kw_only=True)
class Offer:
    """One bookable offer: presence days (one per module, in order) or a self-study window."""

    __pydantic_config__ = STRICT_CONFIG
    id: Text
    provider: Text
    modules: tuple[Text, ...]
    phase: Phase
    setting: Setting
    location: Text
    seats: PositiveInt
    cost_eur: StrictInt
    funded: StrictBool
    registration_deadline: IsoDate
    dates: tuple[IsoDate, ...] = ()
    start: IsoDate | None = None
    until: IsoDate | None = None
    booked: StrictInt = 0
    online: StrictBool = False
    status: ReviewStatus | None = None  # None: from before the review; planned like `aufgenommen`
    reviewer: Text | None = None
    reason: Text | None = None
    # WSt per module where the offer covers less than the module (the module stays partly
    # open, so the planner does not choose the offer for it); absent: the whole module.
    wst: dict[Text, PositiveInt] = field(default_factory=dict, hash=False, compare=False)
    # The Prozessbegleitung of a self-study offer (Leitfaden: „Dafür soll eine
    # Prozessbegleitung sichergestellt werden“), who and how.
    begleitung: Text | None = None

    @property
    def planned(self) -> bool:
        """Offers are planned only once the intake review took them in."""
        return self.status is None or self.status == "aufgenommen"

    @property
    def full(self) -> bool:
        return self.booked >= self.seats

    def date_of(self, module_id: str) -> date | None:
        """The presence day of a module, or the start of the self-study window."""
        if self.phase == "selbstlern":
            return self.start
        try:
            return self.dates[self.modules.index(module_id)]
        except (ValueError, IndexError):
            return None

    @property
    def first_day(self) -> date | None:
        return self.dates[0] if self.dates else self.start

    @property
    def last_day(self) -> date | None:
        return self.dates[-1] if self.dates else self.until


@dataclass(frozen=True, kw_only=True)
class ProviderCatalog:
    __pydantic_config__ = STRICT_CONFIG
    schema_version: PositiveInt
    note: Text
    providers: tuple[Provider, ...]
    offers: tuple[Offer, ...]

    @cached_property
    def provider_by_id(self) -> dict[str, Provider]:
        return {p.id: p for p in self.providers}

    @cached_property
    def offer_by_id(self) -> dict[str, Offer]:
        return {o.id: o for o in self.offers}

    @cached_property
    def offers_by_module(self) -> dict[str, tuple[Offer, ...]]:
        """The offers the planner may choose for each module: taken in by the intake review
        and covering the whole module."""
        index: dict[str, list[Offer]] = {}
        for offer in self.offers:
            if not offer.planned:
                continue
            for module in offer.modules:
                if module not in offer.wst:
                    index.setdefault(module, []).append(offer)
        return {k: tuple(v) for k, v in index.items()}
