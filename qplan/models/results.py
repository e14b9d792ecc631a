"""Results as frozen values: the verdict of the rules, a schedule, an offer choice, a plan,
the findings of a file and of a run. Renderers read these and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, NamedTuple, TypeVar

from qplan.findings import Finding, Severity
from qplan.models.catalog import Catalog, Module, Track
from qplan.models.common import Phase
from qplan.models.funding import FundingOutcome
from qplan.models.plan import PlanDocument, PlanGroup
from qplan.models.profile import Profile
from qplan.models.providers import Offer, ProviderCatalog

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


@dataclass(frozen=True)
class PlanSchema:
    """The JSON Schema of plan documents and the module ids the catalogue knows (an editor
    completes them)."""

    schema: dict[str, Any]
    module_ids: tuple[str, ...]


@dataclass
class Tally:
    """What the summary needs, counted while results stream past."""

    strict: bool
    files: int = 0
    files_with_errors: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    ok: bool = True

    def add(self, result: FileResult) -> None:
        self.files += 1
        errors = warnings = 0  # one pass over the findings: this runs for every file of a batch
        for finding in result.findings:
            if finding.severity == "error":
                errors += 1
            elif finding.severity == "warning":
                warnings += 1
        self.errors += errors
        self.warnings += warnings
        self.infos += len(result.findings) - errors - warnings
        self.files_with_errors += 1 if errors else 0
        self.ok = self.ok and not errors and not (self.strict and warnings)


@dataclass(frozen=True)
class CheckOutcome:
    """How a `qplan check` ended: the tally, the files lost with their worker twice
    (`unchecked`), and `breaks` when the workers kept dying (the run stopped there)."""

    tally: Tally
    unchecked: int = 0
    breaks: int | None = None


@dataclass(frozen=True)
class Reviewed:
    """A plan file as `show` and `export` see it: the file's own findings and the review."""

    label: str
    file_findings: tuple[Finding, ...]
    result: PlanResult

    @property
    def errors(self) -> bool:
        return any(f.severity == "error" for f in self.file_findings)


@dataclass(frozen=True)
class PlanReview:
    """`qplan show`: a plan file as reviewed, and the catalogue it was reviewed with."""

    catalog: Catalog
    reviewed: Reviewed

    @property
    def ok(self) -> bool:
        """The plan keeps the rules and its file lost nothing (no duplicate keys)."""
        return self.reviewed.result.ok and not self.reviewed.errors


@dataclass(frozen=True)
class PlanExport:
    """`qplan export`: the reviewed plan and what its files need besides it: the competence
    profile and the funding summary (with its rules) for print, the earlier calendar export."""

    catalog: Catalog
    reviewed: Reviewed
    profile: Profile | None = None
    funding: FundingOutcome | None = None
    previous_calendar: bytes | None = None


@dataclass(frozen=True)
class PlanProfile:
    """`qplan profile`: a plan's competence profile, with the plan and catalogue it comes from."""

    catalog: Catalog
    doc: PlanDocument
    profile: Profile


@dataclass(frozen=True)
class PlanOutcome:
    """A planned path, the catalogue it was planned with, and whether its offers are the
    shipped fictional examples (no providers file named)."""

    result: PlanResult
    catalog: Catalog
    example_offers: bool = False


@dataclass(frozen=True)
class OfferListing:
    """The offers that passed the filters, by first day; `emptied_by` names the first filter
    (a field of `OffersRequest`) after which none was left."""

    providers: ProviderCatalog
    catalog: Catalog
    offers: tuple[Offer, ...]
    emptied_by: str | None = None
    example_offers: bool = False  # the shipped fictional providers


@dataclass(frozen=True)
class Comparison:
    """Each field's planned path with its competence profile, in the order of the fields."""

    catalog: Catalog
    results: tuple[tuple[str, PlanResult], ...]
    profiles: tuple[tuple[str, Profile], ...]


@dataclass(frozen=True)
class ModuleListing:
    catalog: Catalog
    modules: tuple[Module, ...]


@dataclass(frozen=True)
class GroupPlan:
    """`qplan plan --group`: the group's plan, each member's plan and where seats run short."""

    result: PlanResult  # the group's plan (with `group`, without a learner)
    group: PlanGroup
    members: tuple[tuple[str, PlanDocument], ...]  # (file name, the member's plan)
    seat_problems: tuple[str, ...]  # „M07: höchstens 9 freie Plätze“
