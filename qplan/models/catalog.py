"""The programme catalogue (`data/modules.yaml`) as frozen dataclasses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Literal

from qplan.models.common import STRICT_CONFIG, FieldId, FormatId, Phase, PlanField
from qplan.models.schema_types import Number, PositiveInt, StrictBool, StrictInt, Text, bound

# Bounds of the catalogue's time figures. The coordinating office may change every figure
# within them; beyond them a figure is a typo (99,999 months), and the planner would
# compute dates past any calendar or run for minutes. `qplan catalog check` names the line.
# - Months (durations, intervals, cadence): the guideline's programme runs 18 months; five
#   years leave room for any edition, and every plan date (2000–2100) plus five years stays
#   within the calendar.
# - Days of one presence event: an event lies on consecutive weekdays of one week
#   (`weekdays_only`), so at most five; a module's `days` is part of one event.
# - Events: one a month at the most, so at most 12 a year and 60 within five years.
# - WSt per day: a day of 10 WSt is already 7.5 clock hours of teaching.
MAX_MONTHS = 60
MAX_EVENT_DAYS = 5
MAX_EVENTS = MAX_MONTHS
MAX_EVENTS_PER_YEAR = 12
MAX_WST_PER_DAY = 10
MAX_PRESENCE_DAYS = MAX_EVENTS * MAX_EVENT_DAYS
MAX_UNIT_MINUTES = 240
Months = Annotated[int, bound(MAX_MONTHS, "mehr als fünf Jahre sieht qplan für Zeiträume und Abstände nicht vor")]
EventDays = Annotated[int, bound(MAX_EVENT_DAYS, "eine Veranstaltung liegt an Werktagen einer Woche")]
Events = Annotated[int, bound(MAX_EVENTS, "höchstens eine Veranstaltung im Monat über höchstens fünf Jahre")]
EventsPerYear = Annotated[int, bound(MAX_EVENTS_PER_YEAR, "höchstens eine Veranstaltung im Monat")]
WstPerDay = Annotated[int, bound(MAX_WST_PER_DAY, "10 WSt sind schon 7,5 Zeitstunden Unterricht an einem Tag")]
PresenceDays = Annotated[int, bound(MAX_PRESENCE_DAYS, "höchstens 60 Veranstaltungen zu höchstens 5 Tagen")]
UnitMinutes = Annotated[int, bound(MAX_UNIT_MINUTES, "mehr als vier Stunden sind keine Einheit")]
OpenWindows = Annotated[int, bound(MAX_EVENTS, "mehr Selbstlernphasen zugleich hat kein Plan")]


@dataclass(frozen=True, kw_only=True)
class Source:
    __pydantic_config__ = STRICT_CONFIG
    title: Text
    publisher: Text
    year: PositiveInt


@dataclass(frozen=True, kw_only=True)
class Unit:
    __pydantic_config__ = STRICT_CONFIG
    name: Text
    long_name: Text
    minutes: UnitMinutes
    source: Text
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class Area:
    __pydantic_config__ = STRICT_CONFIG
    id: Text
    number: PositiveInt
    name: Text
    grundlage: Text
    meaning: Text
    basis_wst: StrictInt
    grundlagen_module: Text
    source: Text


@dataclass(frozen=True, kw_only=True)
class TaskField:
    __pydantic_config__ = STRICT_CONFIG
    id: FieldId
    name: Text
    short_name: Text
    description: Text
    tasks: tuple[Text, ...]
    source: Text


@dataclass(frozen=True, kw_only=True)
class Format:
    __pydantic_config__ = STRICT_CONFIG
    id: FormatId
    name: Text
    summary: Text
    suitable_for: Text
    learning_time: Text
    contents: tuple[Text, ...]
    source: Text


@dataclass(frozen=True, kw_only=True)
class Module:
    __pydantic_config__ = STRICT_CONFIG
    id: Text
    format: FormatId
    title: Text
    wst: PositiveInt
    default_phase: Phase
    source: Text
    number: PositiveInt | None = None
    area: Text | None = None
    fields: tuple[FieldId, ...] = ()
    wst_assumed: StrictBool = False
    days: EventDays | None = None
    contents: tuple[Text, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ScheduleFrame:
    __pydantic_config__ = STRICT_CONFIG
    duration_months: Months
    events_per_year: EventsPerYear
    event_days: EventDays
    wst_per_day: WstPerDay
    weekdays_only: StrictBool
    source: Text
    note: str = ""
    cadence: Cadence | None = None
    self_study: SelfStudyFrame | None = None


@dataclass(frozen=True, kw_only=True)
class Cadence:
    """How far apart consecutive presence events of a Basis track may lie, and how close a
    learner who asks for a compact plan (`--compact`) may put them."""

    __pydantic_config__ = STRICT_CONFIG
    min_months: Months
    max_months: Months
    compact_months: Months
    source: Text
    reason: Text


@dataclass(frozen=True, kw_only=True)
class SelfStudyFrame:
    """How many self-study windows a learner should have open at the same time (a soft aim)."""

    __pydantic_config__ = STRICT_CONFIG
    max_open: OpenWindows
    reason: Text


@dataclass(frozen=True, kw_only=True)
class TrackSchedule:
    """How a track's presence days are grouped: `event_days` per event, events every
    `interval_months`, at most `max_events` of them within `duration_months`."""

    __pydantic_config__ = STRICT_CONFIG
    event_days: EventDays
    interval_months: Months = 6
    duration_months: Months | None = None
    max_events: Events | None = None


@dataclass(frozen=True, kw_only=True)
class Target:
    __pydantic_config__ = STRICT_CONFIG
    expected: StrictInt
    tolerance: StrictInt = 0

    def holds(self, actual: int) -> bool:
        return abs(actual - self.expected) <= self.tolerance

    def describe(self) -> str:
        if self.tolerance:
            return f"{self.expected} ± {self.tolerance}"
        return str(self.expected)


@dataclass(frozen=True, kw_only=True)
class Share:
    __pydantic_config__ = STRICT_CONFIG
    numerator: PositiveInt
    denominator: PositiveInt
    tolerance_points: Number = 0.0

    @property
    def percent(self) -> float:
        return 100.0 * self.numerator / self.denominator

    def holds(self, part: int, total: int) -> bool:
        """`part` of `total` WSt is the share, within the catalogue's tolerance (QP204)."""
        actual = 100.0 * part / total if total else 0.0
        return abs(actual - self.percent) <= self.tolerance_points + 1e-9


@dataclass(frozen=True, kw_only=True)
class Budget:
    __pydantic_config__ = STRICT_CONFIG
    wst: Target | None = None
    praesenz: Target | None = None
    selbstlern: Target | None = None
    presence_share: Share | None = None
    max_days: PresenceDays | None = None

    def presence_bounds(self, total: int, wst_per_day: int) -> tuple[tuple[str, int, int], ...]:
        """For each budget rule that depends on the split between presence and self-study, the
        presence WSt that keep it when the plan has `total` WSt: (rule, lowest, highest), or
        lowest > highest when no split keeps it. The one definition the check (QP202–QP205)
        and the offer choice share: booking an offer whole moves a module into the offer's
        phase, the total stays. Tolerances (the guideline's „ca.“) are the catalogue's."""
        rules: list[tuple[str, Callable[[int], bool]]] = []
        if self.praesenz is not None:
            rules.append(("QP202", self.praesenz.holds))
        if self.selbstlern is not None:
            selbstlern = self.selbstlern
            rules.append(("QP203", lambda p: selbstlern.holds(total - p)))
        if self.presence_share is not None:
            share = self.presence_share
            rules.append(("QP204", lambda p: share.holds(p, total)))
        if self.max_days is not None:
            days = self.max_days
            rules.append(("QP205", lambda p: -(-p // wst_per_day) <= days))
        bounds = []
        for code, holds in rules:
            kept = [p for p in range(total + 1) if holds(p)]
            bounds.append((code, kept[0], kept[-1]) if kept else (code, 1, 0))
        return tuple(bounds)


@dataclass(frozen=True, kw_only=True)
class TrackModules:
    __pydantic_config__ = STRICT_CONFIG
    praesenz: tuple[Text, ...] = ()
    selbstlern: tuple[Text, ...] = ()

    def all(self) -> tuple[str, ...]:
        return self.praesenz + self.selbstlern


@dataclass(frozen=True, kw_only=True)
class Track:
    __pydantic_config__ = STRICT_CONFIG
    id: Text
    format: FormatId
    name: Text
    modules: TrackModules
    budget: Budget
    schedule: TrackSchedule
    source: Text
    field: PlanField | None = None
    allowed_formats: tuple[FormatId, ...] = ()
    schedule_reason: str = ""

    @property
    def formats(self) -> tuple[str, ...]:
        return self.allowed_formats or (self.format,)

    def phase_of(self, module: Module) -> Phase:
        if module.id in self.modules.praesenz:
            return "praesenz"
        if module.id in self.modules.selbstlern:
            return "selbstlern"
        return module.default_phase


@dataclass(frozen=True, kw_only=True)
class Competences:
    __pydantic_config__ = STRICT_CONFIG
    fach: tuple[Text, ...]
    methoden: tuple[Text, ...]
    source: Text


@dataclass(frozen=True, kw_only=True)
class CompetenceRef:
    """One of the ten competences of section 4, with a short id."""

    __pydantic_config__ = STRICT_CONFIG
    id: Text
    kind: Literal["fach", "methoden"]
    text: Text


@dataclass(frozen=True, kw_only=True)
class ModuleCompetences:
    """What a module develops (competence id → grund or vertieft) and which phases it prepares for."""

    __pydantic_config__ = STRICT_CONFIG
    develops: dict[str, Literal["grund", "vertieft"]]
    prepares: tuple[Text, ...] = ()


@dataclass(frozen=True, kw_only=True)
class CompetenceMap:
    __pydantic_config__ = STRICT_CONFIG
    source: Text
    competences: tuple[CompetenceRef, ...]
    modules: dict[str, ModuleCompetences]


@dataclass(frozen=True, kw_only=True)
class ImplementationPhase:
    __pydantic_config__ = STRICT_CONFIG
    id: Text
    name: Text
    tasks: tuple[Text, ...]
    source: Text


@dataclass(frozen=True, kw_only=True)
class TargetGroup:
    __pydantic_config__ = STRICT_CONFIG
    id: Text
    name: Text


@dataclass(frozen=True, kw_only=True)
class TargetGroups:
    """The programme's Zielgruppen (a plan's `target_group` names one)."""

    __pydantic_config__ = STRICT_CONFIG
    source: Text
    groups: tuple[TargetGroup, ...]


@dataclass(frozen=True, kw_only=True)
class Funding:
    """Who funds participation in the programme (an offer's `funded`)."""

    __pydantic_config__ = STRICT_CONFIG
    funder: Text
    source: Text


@dataclass(frozen=True, kw_only=True)
class Edition:
    """Which edition of the programme a catalogue describes; plan files record its id."""

    __pydantic_config__ = STRICT_CONFIG
    id: Text
    date: Text  # as the source gives it ("Herbst 2019"), not invented to the day
    source: Text


MigrationKind = Literal["renamed", "split", "merged", "dropped"]


@dataclass(frozen=True, kw_only=True)
class MigrationStep:
    """One change of the modules from the previous edition: `old` ids become `new` ids."""

    __pydantic_config__ = STRICT_CONFIG
    kind: MigrationKind
    old: tuple[Text, ...]
    new: tuple[Text, ...] = ()
    reason: Text


@dataclass(frozen=True, kw_only=True)
class Migration:
    """How plans of the previous edition (`from_edition`) follow this one (`qplan migrate`)."""

    __pydantic_config__ = STRICT_CONFIG
    from_edition: Text
    steps: tuple[MigrationStep, ...]
    source: Text


@dataclass(frozen=True, kw_only=True)
class TeamRules:
    """A municipality's team (`qplan team`): the smallest group for an in-house event and the
    advisor's role for each target group (of the funding rules)."""

    __pydantic_config__ = STRICT_CONFIG
    inhouse_min_group: PositiveInt
    inhouse_min_group_assumed: StrictBool
    source: Text
    target_groups: dict[Text, Text]  # target group id -> the advisor's `rolle` answer
    target_groups_source: Text


@dataclass(frozen=True, kw_only=True)
class Catalog:
    """The whole programme, a plain frozen value; lookups by id are derived on first use."""

    __pydantic_config__ = STRICT_CONFIG
    schema_version: PositiveInt
    edition: Edition | Text  # text: a catalogue written before editions had an id
    source: Source
    unit: Unit
    areas: tuple[Area, ...]
    fields: tuple[TaskField, ...]
    formats: tuple[Format, ...]
    modules: tuple[Module, ...]
    schedule_frame: ScheduleFrame
    tracks: tuple[Track, ...]
    competences: Competences
    implementation_phases: tuple[ImplementationPhase, ...]
    advisor: Advisor | None = None
    competence_map: CompetenceMap | None = None
    target_groups: TargetGroups | None = None
    funding: Funding | None = None
    migration: Migration | None = None
    teams: TeamRules | None = None

    @property
    def edition_id(self) -> str:
        return self.edition.id if isinstance(self.edition, Edition) else self.edition

    @cached_property
    def module_by_id(self) -> dict[str, Module]:
        return {m.id: m for m in self.modules}

    @cached_property
    def area_by_id(self) -> dict[str, Area]:
        return {a.id: a for a in self.areas}

    @cached_property
    def format_by_id(self) -> dict[str, Format]:
        return {f.id: f for f in self.formats}

    @cached_property
    def field_by_id(self) -> dict[str, TaskField]:
        return {f.id: f for f in self.fields}

    @cached_property
    def grundlagen_of(self) -> dict[str, str]:
        """Each module's Grundlagen module (the module itself and modules outside areas excluded)."""
        areas = self.area_by_id
        return {
            m.id: areas[m.area].grundlagen_module
            for m in self.modules
            if m.area in areas and areas[m.area].grundlagen_module != m.id
        }

    @cached_property
    def grundlagen_ids(self) -> frozenset[str]:
        return frozenset(a.grundlagen_module for a in self.areas)

    def track_for(self, format_id: str, field: str | None) -> Track | None:
        """The track of a format (and, for formats with fields, a field)."""
        return next((t for t in self.tracks if t.format == format_id and (t.field is None or t.field == field)), None)

    def hours(self, wst: int) -> float:
        """Clock hours of a number of WSt."""
        return wst * self.unit.minutes / 60

    def order_key(self, module_id: str) -> tuple[int, int, int, str]:
        """Pedagogical order: Lernbereich, its Grundlagen module first, then number."""
        module = self.module_by_id.get(module_id)
        if module is None:
            return (99, 1, 999, module_id)
        area = self.area_by_id.get(module.area or "")
        area_no = area.number if area else 0
        first = 0 if module_id in self.grundlagen_ids else 1
        formats = {"einfuehrung": 0, "basis": 1, "vertiefung": 2}
        return (area_no, first, formats.get(module.format, 3) * 100 + (module.number or 0), module_id)


@dataclass(frozen=True, kw_only=True)
class AdvisorAnswer:
    __pydantic_config__ = STRICT_CONFIG
    id: Text
    text: Text


@dataclass(frozen=True, kw_only=True)
class AdvisorQuestion:
    __pydantic_config__ = STRICT_CONFIG
    id: Text
    text: Text
    answers: tuple[AdvisorAnswer, ...]


@dataclass(frozen=True, kw_only=True)
class Recommendation:
    __pydantic_config__ = STRICT_CONFIG
    when: dict[str, str]
    format: FormatId
    reason: Text
    field: PlanField | None = None


@dataclass(frozen=True, kw_only=True)
class Advisor:
    __pydantic_config__ = STRICT_CONFIG
    source: Text
    questions: tuple[AdvisorQuestion, ...]
    recommendations: tuple[Recommendation, ...]

    def recommend(self, answers: dict[str, str]) -> Recommendation | None:
        """The first recommendation whose conditions all hold."""
        for rec in self.recommendations:
            if all(answers.get(q) == a for q, a in rec.when.items()):
                return rec
        return None
