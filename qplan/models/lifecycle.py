"""What the lifecycle commands (`done`, `recognise`, `undo`, `replan`) change in a learner's
plan file, as frozen values."""

from __future__ import annotations

from dataclasses import dataclass, field

from qplan.findings import Finding
from qplan.models.plan import Booking
from qplan.models.results import Reviewed


@dataclass(frozen=True)
class Change:
    module: str
    what: str  # a German phrase: "erledigt am Mo 18.01.2027", "Termin Mo 01.03.2027 → Mo 05.07.2027"
    old: str | None = None
    new: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"module": self.module, "what": self.what, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class Edited:
    """What a command changed, and whether the file was written (a no-op writes nothing)."""

    changes: list[Change]
    written: bool
    hints: tuple[Finding, ...] = ()  # QP005: a forgiving spelling in the file, read as the canonical one
    review: Reviewed | None = None  # the plan after the change, when the request asked for it


@dataclass(frozen=True)
class Difference:
    """What re-planning changes, beyond the dates: bookings, cost and funding."""

    dropped: tuple[Booking, ...] = ()  # bookings the new plan no longer has
    added: tuple[Booking, ...] = ()
    kept: tuple[str, ...] = ()  # modules kept as they are (done, recognised, in progress)
    cost_before: int = 0
    cost_after: int = 0
    funded_before: int = 0
    funded_after: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "kept": list(self.kept),
            "dropped_bookings": [b.as_dict() for b in self.dropped],
            "added_bookings": [b.as_dict() for b in self.added],
            "cost_eur": {"before": self.cost_before, "after": self.cost_after},
            "funded_eur": {"before": self.funded_before, "after": self.funded_after},
        }


@dataclass(frozen=True)
class Replanned:
    """`qplan replan`: what changed and what it costs; `refused`: the errors that kept the
    file unwritten, with their message."""

    changes: list[Change]
    difference: Difference
    notes: tuple[str, ...]
    written: bool
    refused: tuple[Finding, ...] = field(default=())
    refused_message: str = ""
    hints: tuple[Finding, ...] = ()  # QP005: forgiving spellings in the file
    review: Reviewed | None = None  # the plan after the change, when the request asked for it
