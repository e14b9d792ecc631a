"""The offer choice's mixed-integer model, built row by row with names (the statement of the
model is `qplan.planning.solver`'s docstring; the staged solve lives there, on `qplan.planning.highs`).

Each constraint family is one function that adds named rows (`coverage[M01]`,
`cadence[2027-W05]`, …), so that the model can be printed and tested without a catalogue.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from qplan.dates import add_months

INF = 1e30


@dataclass(frozen=True)
class Candidate:
    """An offer as the model sees it."""

    key: str  # the offer id
    cost: int
    presence: bool
    region: str | None  # None: online, or self-study
    served: tuple[tuple[str, date], ...]  # (module, presence day or window start)
    last: date  # the last day the offer takes
    shift: int = 0  # presence WSt booking it adds: modules it moves into presence minus out of it
    fixed: bool = False  # the provider teaches in fixed learning groups (`group: fest`)

    @property
    def first(self) -> date:
        """The first day the learner attends (a presence event's start)."""
        return min(day for _, day in self.served)


@dataclass(frozen=True)
class Hours:
    """The presence WSt of the plan without bookings (`base`) and, per budget rule, the range
    the plan's presence WSt must stay in (`qplan.models.catalog.Budget.presence_bounds`)."""

    base: int
    bounds: tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Problem:
    modules: tuple[str, ...]  # the open modules of the path
    candidates: tuple[Candidate, ...]
    grundlagen: tuple[tuple[str, str], ...]  # (module, its Grundlagen module), both open
    origin: date  # day 0 of the day numbers, before every candidate's first day
    budget: int | None = None
    min_gap_weeks: int | None = None  # the cadence, in calendar weeks; None: compact, or no cadence
    max_gap_months: int | None = None  # at most this far between the starts of two events
    max_events: int | None = None  # presence bookings (events) at most
    max_event_days: int | None = None  # presence days of one booking at most
    hours: Hours | None = None  # the track's hour budgets
    home: str | None = None
    max_open_windows: int | None = None  # soft: self-study windows open at the same time
    time_limit: float = 5.0
    prefer_fixed: bool = False  # a fixed learning group: criterion 3a


def _week(day: date) -> int:
    """A running number of calendar weeks (Monday to Sunday)."""
    return (day.toordinal() - 1) // 7


def _iso_week(week: int) -> str:
    year, number, _ = date.fromordinal(week * 7 + 1).isocalendar()
    return f"{year}-W{number:02d}"


@dataclass
class Model:
    """Columns and rows with names. The base model (`build`) is handed to HiGHS in one piece;
    the rows only a late stage needs (`add_finish`, `add_regions`, `add_windows`) are appended
    when that stage runs, over the columns still open then."""

    problem: Problem
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    col_names: list[str] = field(default_factory=list)
    rows: list[tuple[float, float, dict[int, float]]] = field(default_factory=list)
    row_names: list[str] = field(default_factory=list)
    x: list[int] = field(default_factory=list)  # the column of each candidate
    live: list[int] = field(default_factory=list)  # the candidates that may be chosen at all
    finish: int = -1
    coverage: dict[str, int] = field(default_factory=dict)  # the row of coverage[m]
    by_module: dict[str, list[int]] = field(default_factory=dict)  # live candidates serving m

    def var(self, name: str, lower: float, upper: float, integer: bool) -> int:
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(integer)
        self.col_names.append(name)
        return len(self.lower) - 1

    def row(self, name: str, lower: float, upper: float, terms: dict[int, float]) -> None:
        self.rows.append((lower, upper, terms))
        self.row_names.append(name)

    def named(self, prefix: str) -> dict[str, tuple[float, float, dict[str, float]]]:
        """The rows whose names start with `prefix`, with their terms by column name."""
        return {
            name: (low, high, {self.col_names[c]: v for c, v in terms.items()})
            for name, (low, high, terms) in zip(self.row_names, self.rows, strict=True)
            if name.startswith(prefix)
        }

    def objective(self, name: str) -> dict[int, float]:
        """The terms of criteria 1–3a (`name` as in the solver's stages)."""
        cands = self.problem.candidates
        if name == "Module":
            return {self.x[i]: float(len(cands[i].served)) for i in self.live}
        if name == "Reisen":
            return {self.x[i]: 1.0 for i in self.live if cands[i].presence}
        if name == "Kosten":
            return {self.x[i]: float(cands[i].cost) for i in self.live if cands[i].cost}
        if not self.problem.prefer_fixed:  # criterion 3a: only for a fixed learning group
            return {}
        return {self.x[i]: 1.0 for i in self.live if not cands[i].fixed}

    def weight(self, regions: set[str] | frozenset[str]) -> int:
        """Criterion 5's value of travelling to `regions`: 2 each, the learner's home 1."""
        return sum(1 if r == self.problem.home else 2 for r in regions)

    def window_days(self) -> list[tuple[date, int]]:
        """(t, N): each self-study window's first day t at which more than N windows of all the
        candidates are open (the days e_t is defined at)."""
        most = self.problem.max_open_windows
        if most is None:
            return []
        spans = [(c.served[0][1], c.last) for c in self.problem.candidates if not c.presence]
        begins = sorted(b for b, _ in spans)
        ends = sorted(e for _, e in spans)
        return [
            (day, most)
            for day in sorted(set(begins))
            if bisect_right(begins, day) - bisect_left(ends, day) > most  # begun minus ended before
        ]

    def excess(self, chosen: Sequence[int]) -> int:
        """Criterion 6's value Σ_t e_t at its least for the candidates `chosen`."""
        spans = [(c.served[0][1], c.last) for c in (self.problem.candidates[i] for i in chosen) if not c.presence]
        return sum(max(0, sum(1 for b, e in spans if b <= day <= e) - most) for day, most in self.window_days())

    def add_finish(self) -> None:
        """F ≥ the last day of the offer serving m, for every module m: at most one offer serves
        m, so the sum is that offer's last day. Per module, not per offer: the LP relaxation
        then bounds F by an average of last days instead of almost nothing."""
        problem = self.problem
        self.finish = self.var("finish", 0, _horizon(problem), False)
        for module, columns in self.by_module.items():
            terms = {self.finish: 1.0}
            for i in columns:
                terms[self.x[i]] = -float((problem.candidates[i].last - problem.origin).days)
            self.row(f"finish[{module}]", 0, INF, terms)

    def add_regions(self, open_: Sequence[int], most: int) -> None:
        """r_R ≥ x_o for the open presence offers (not online) in Regierungsbezirk R, and
        Σ_R 2·r_R − r_home ≤ `most` (criterion 5 kept at its optimum)."""
        cands = self.problem.candidates
        region: dict[str, int] = {}
        for i in open_:
            name = cands[i].region
            if cands[i].presence and name:
                if name not in region:
                    region[name] = self.var(f"region[{name}]", 0, 1, False)
                self.row(f"region[{cands[i].key}]", 0, INF, {region[name]: 1.0, self.x[i]: -1.0})
        weights = {v: float(self.weight({r})) for r, v in region.items()}
        if weights:
            self.row("regions", -INF, most, weights)

    def add_windows(self, open_: Sequence[int]) -> dict[int, float]:
        """Soft: at most N self-study windows open at once. At each day t of `window_days`,
        e_t ≥ Σ_{open self-study o open on t} x_o − N; a row that the open candidates cannot
        break is left out (its e_t is 0). Returns the e_t, to be minimised."""
        cands = self.problem.candidates
        windows = [(i, cands[i].served[0][1], cands[i].last) for i in open_ if not cands[i].presence]
        excess: dict[int, float] = {}
        for day, most in self.window_days():
            open_then = [i for i, begin, end in windows if begin <= day <= end]
            if len(open_then) > most:
                over = self.var(f"excess[{day.isoformat()}]", 0, INF, False)
                excess[over] = 1.0
                terms = {self.x[i]: -1.0 for i in open_then}
                terms[over] = 1.0
                self.row(f"windows[{day.isoformat()}]", -float(most), INF, terms)
        return excess


def build(problem: Problem) -> Model:
    """The base model of `problem`: one function per constraint family."""
    model = Model(problem)
    model.x = [model.var(f"x[{c.key}]", 0, 1, True) for c in problem.candidates]
    _event_length(model)
    for index in model.live:
        for module, _day in problem.candidates[index].served:
            model.by_module.setdefault(module, []).append(index)
    for family in (_coverage, _one_per_day, _grundlagen, _budget, _hours, _cadence, _events, _max_gap):
        family(model)
    return model


def _event_length(model: Model) -> None:
    """An event has at most the track's days: a longer booking is not chosen (its column's
    upper bound is 0, and it is left out of every row)."""
    most = model.problem.max_event_days
    for i, cand in enumerate(model.problem.candidates):
        if most is not None and cand.presence and len(cand.served) > most:
            model.upper[model.x[i]] = 0
        else:
            model.live.append(i)


def _coverage(model: Model) -> None:
    """Every open module served at most once."""
    for module, columns in model.by_module.items():
        model.coverage[module] = len(model.rows)
        model.row(f"coverage[{module}]", -INF, 1, {model.x[i]: 1.0 for i in columns})


def _one_per_day(model: Model) -> None:
    """One module per presence day (implied by the cadence rows when there is a cadence: the
    window starting in d's week holds every offer with a day d)."""
    if model.problem.min_gap_weeks is not None:
        return
    by_day: dict[date, list[int]] = {}
    for index in _presence(model):
        for _module, day in model.problem.candidates[index].served:
            by_day.setdefault(day, []).append(index)
    for day, columns in sorted(by_day.items()):
        if len(columns) > 1:
            model.row(f"day[{day.isoformat()}]", -INF, 1, {model.x[i]: 1.0 for i in columns})


def _grundlagen(model: Model) -> None:
    """A served module comes after its served Grundlagen module: D_m − H·s_m − D_b ≥ 1 − H."""
    problem = model.problem
    horizon = _horizon(problem)
    for module, base in problem.grundlagen:
        if module not in model.by_module or base not in model.by_module:
            continue
        terms: dict[int, float] = {}
        for i in model.by_module[module]:
            day = dict(problem.candidates[i].served)[module]
            terms[model.x[i]] = terms.get(model.x[i], 0.0) + (day - problem.origin).days - horizon
        for i in model.by_module[base]:
            day = dict(problem.candidates[i].served)[base]
            terms[model.x[i]] = terms.get(model.x[i], 0.0) - (day - problem.origin).days
        model.row(f"grundlagen[{base}<{module}]", 1 - horizon, INF, terms)


def _horizon(problem: Problem) -> int:
    return max((c.last - problem.origin).days for c in problem.candidates) + 2


def _budget(model: Model) -> None:
    """The learner's budget in euros."""
    budget = model.problem.budget
    if budget is not None:
        terms = {model.x[i]: float(c.cost) for i in model.live if (c := model.problem.candidates[i]).cost}
        model.row("budget", -INF, budget, terms)


def _hours(model: Model) -> None:
    """The track's hour budgets after whole bookings: base + Σ shift_o·x_o within each rule's
    range; the rules share their terms, so one row holds the ranges' intersection."""
    hours = model.problem.hours
    if hours is None or not hours.bounds:
        return
    terms = {model.x[i]: float(c.shift) for i in model.live if (c := model.problem.candidates[i]).shift}
    if terms:
        low = max(low for _code, low, _high in hours.bounds) - hours.base
        high = min(high for _code, _low, high in hours.bounds) - hours.base
        model.row(f"hours[{','.join(code for code, _l, _h in hours.bounds)}]", low, high, terms)


def _cadence(model: Model) -> None:
    """One presence booking per window of G consecutive calendar weeks: events lie G weeks
    apart or more, and an event is one booking. As cliques on x this is far stronger than
    conflicts between days. A window whose offers all lie in a neighbouring window too says
    nothing more and is left out."""
    weeks = model.problem.min_gap_weeks
    if weeks is None:
        return
    by_week: dict[int, set[int]] = {}
    for index in _presence(model):
        for _module, day in model.problem.candidates[index].served:
            by_week.setdefault(_week(day), set()).add(index)
    if not by_week:
        return
    starts = range(min(by_week), max(by_week) + 1)
    members = [set().union(*(by_week.get(w, set()) for w in range(s, s + weeks))) for s in starts]
    for k, start in enumerate(starts):
        after = members[k + 1] if k + 1 < len(members) else set()
        before = members[k - 1] if k else set()
        if len(members[k]) < 2 or members[k] <= after or members[k] < before:
            continue
        model.row(f"cadence[{_iso_week(start)}]", -INF, 1, {model.x[i]: 1.0 for i in sorted(members[k])})


def _presence(model: Model) -> list[int]:
    return [i for i in model.live if model.problem.candidates[i].presence]


def _events(model: Model) -> None:
    """At most N events: one presence booking is one event."""
    most = model.problem.max_events
    presence = _presence(model)
    if most is not None and len(presence) > most:
        model.row("events", -INF, most, {model.x[i]: 1.0 for i in presence})


def _max_gap(model: Model) -> None:
    """The next event starts at most M months after an event's start (exact, by day, as QP311
    counts). Sparse, over the distinct start days t₁ < t₂ < …: c_t counts the events started
    on or before t (count[t]: c_t = c_{t⁻} + Σ_{o starts on t} x_o; with the cadence at most one
    a day), g_t ≥ "an event starts on t or later" (later[t]: g_t ≥ g_{t⁺}, g_t ≥ c_t − c_{t⁻}),
    and for each start day t with a start day after t + M, the first of them b(t) and the last
    one up to t + M, l(t): gap[t]: (c_t − c_{t⁻}) + g_{b(t)} − (c_{l(t)} − c_t) ≤ 1."""
    months = model.problem.max_gap_months
    if months is None:
        return
    cands = model.problem.candidates
    by_start: dict[date, list[int]] = {}
    for i in _presence(model):
        by_start.setdefault(cands[i].first, []).append(i)
    starts = sorted(by_start)
    if len(starts) < 2:
        return
    count = {day: model.var(f"count[{day.isoformat()}]", 0, INF, False) for day in starts}
    later = {day: model.var(f"later[{day.isoformat()}]", 0, 1, False) for day in starts}
    before: dict[date, int | None] = dict(zip(starts, [None, *(count[d] for d in starts[:-1])], strict=True))

    def started(day: date) -> dict[int, float]:
        """c_t − c_{t⁻}: the events starting on `day` (0 or 1)."""
        terms = {count[day]: 1.0}
        previous = before[day]
        if previous is not None:
            terms[previous] = -1.0
        return terms

    for day in starts:
        terms = started(day)
        for i in by_start[day]:
            terms[model.x[i]] = -1.0
        model.row(f"count[{day.isoformat()}]", 0, 0, terms)
        terms = {later[day]: 1.0, **{c: -v for c, v in started(day).items()}}
        model.row(f"later[{day.isoformat()}]", 0, INF, terms)
    for day, after in pairwise(starts):
        model.row(f"later[{day.isoformat()}>]", 0, INF, {later[day]: 1.0, later[after]: -1.0})
    for day in starts:
        position = bisect_right(starts, add_months(day, months))
        if position == len(starts):
            continue
        terms = started(day)
        terms[later[starts[position]]] = terms.get(later[starts[position]], 0.0) + 1.0
        last = count[starts[position - 1]]
        terms[last] = terms.get(last, 0.0) - 1.0
        terms[count[day]] = terms.get(count[day], 0.0) + 1.0
        model.row(f"gap[{day.isoformat()}]", -INF, 1, {c: v for c, v in terms.items() if v})
