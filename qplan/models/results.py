"""Results as frozen values: the verdict of the rules, a schedule, an offer choice, a plan,
the findings of a file and of a run. Renderers read these and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Generic, NamedTuple, TypeVar

from qplan.findings import Finding, Severity
from qplan.models.catalog import Catalog, Track
from qplan.models.common import Phase
from qplan.models.plan import PlanDocument
from qplan.models.providers import Offer

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Totals:
    wst: int
    praesenz: int
    selbstlern: int
    done: int

    def as_dict(self, catalog: Catalog) -> dict[str, float | int]:
        return {
            "wst": self.wst,
            "praesenz": self.praesenz,
            "selbstlern": self.selbstlern,
            "done": self.done,
            "hours": catalog.hours(self.wst),
        }


class Check(NamedTuple):
    """The verdict of one rule on one plan."""

    code: str
    id: str
    severity: Severity
    ok: bool
    expected: str
    actual: str
    message: str
    applies: bool = True  # False: the rule has nothing to judge in this plan (it holds trivially)
    summary: str = ""  # the rule's German one-liner

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "code": self.code,
            "severity": self.severity,
            "ok": self.ok,
            "applies": self.applies,
            "expected": self.expected,
            "actual": self.actual,
            "message": self.message,
        }


@dataclass(frozen=True)
class Evaluation:
    checks: tuple[Check, ...]
    findings: tuple[Finding, ...]
    totals: Totals

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)


@dataclass(frozen=True, slots=True)
class Slot:
    """A span of the schedule: an event of presence days, or one self-study window."""

    kind: Phase
    start: date
    end: date
    modules: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "modules": list(self.modules),
        }


@dataclass(frozen=True)
class Schedule:
    slots: tuple[Slot, ...]
    notes: tuple[str, ...] = ()

    @property
    def end(self) -> date | None:
        return max((s.end for s in self.slots), default=None)


@dataclass(frozen=True)
class Assignment:
    module: str
    offer: Offer
    day: date
    until: date | None = None


@dataclass(frozen=True)
class Unserved:
    module: str
    reason: str


@dataclass(frozen=True)
class UnmetRule:
    """A rule of the check that no choice of offers can keep (the path misses it as it is)."""

    code: str  # QP202 …
    reason: str  # German, for the learner


@dataclass(frozen=True)
class StageResult:
    """One criterion of the offer choice: `status` is optimal, unproven, no-plan or skipped."""

    name: str  # German: Module, Reisen, Kosten, Ende, …
    status: str
    gap: float | None = None  # the solver's relative gap of an unproven stage; None: unknown
    seconds: float = 0.0


@dataclass(frozen=True)
class Selection:
    assignments: tuple[Assignment, ...]
    unserved: tuple[Unserved, ...]
    trips: int
    cost: int
    finish: date | None
    proven: bool = True  # every stage proven optimal
    gap: float | None = None  # the first unproven stage's gap; None: proven, or not known
    seconds: float = 0.0  # the solver's time
    what_if: tuple[str, ...] = ()  # what a larger budget or any region would change
    stages: tuple[StageResult, ...] = ()
    unmet: tuple[UnmetRule, ...] = ()  # rules no choice can keep: the plan fails `check` with them

    @property
    def valid(self) -> bool:
        """No rule of the check is left unmet by the choice (modules may still be unserved)."""
        return not self.unmet

    @property
    def complete(self) -> bool:
        return not self.unserved

    @property
    def offers(self) -> tuple[Offer, ...]:
        seen: dict[str, Offer] = {}
        for a in self.assignments:
            seen.setdefault(a.offer.id, a.offer)
        return tuple(seen.values())


@dataclass(frozen=True)
class PlanResult:
    """A plan with its track, schedule and the verdict of every rule."""

    doc: PlanDocument
    track: Track | None
    schedule: Schedule
    evaluation: Evaluation
    selection: Selection | None = None

    @property
    def ok(self) -> bool:
        """Every rule holds and, when offers were chosen, every module got one."""
        return self.evaluation.ok and (self.selection is None or self.selection.complete)


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    findings: tuple[Finding, ...]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def ok(self, strict: bool = False) -> bool:
        return not self.count("error") and not (strict and self.count("warning"))


@dataclass(frozen=True)
class Report(Generic[T]):
    """A data file (catalogue, providers) as checked: its value if usable, and every finding."""

    label: str
    value: T | None
    findings: tuple[Finding, ...]

    @property
    def usable(self) -> bool:
        """The file could be read and matches the schema (consistency aside)."""
        return self.value is not None

    @property
    def ok(self) -> bool:
        return self.value is not None and not any(f.severity == "error" for f in self.findings)
