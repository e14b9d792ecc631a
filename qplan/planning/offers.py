"""Choosing offers for a path (the "passgenaue" offer of the guideline).

The offers are filtered here by everything that concerns one offer alone (phase, setting,
region, the track's window, weekdays, public holidays and the learner's days off,
registration, seats, price); the choice among the rest is a mixed-integer program solved by
HiGHS (`qplan.planning.solver`, where the model and its objective are written out):
(1) most modules served, (2) fewest trips, (3) lowest cost, for a fixed learning group (3a)
providers with fixed groups, (4) earliest end, then (5) fewest
Regierungsbezirke. An offer is one booking: its price counts once, and booking it sends the
learner there for every open module of the path it holds, in the phase the offer teaches.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from qplan.calendar import NO_DAYS_OFF, Calendar
from qplan.dates import dmy, window_end
from qplan.models.catalog import Catalog, Track
from qplan.models.common import PHASE_NAMES
from qplan.models.plan import PlanDocument
from qplan.models.providers import REGION_NAMES, Offer, ProviderCatalog
from qplan.models.requests import Wishes
from qplan.models.results import Assignment, Selection, StageResult, UnmetRule, Unserved
from qplan.planning.explain import Reasons, what_ifs
from qplan.planning.solver import Candidate, Hours, Problem, solve


def _window(doc: PlanDocument, track: Track) -> tuple[date, date | None]:
    start = doc.start or date.today()
    months = track.schedule.duration_months
    return start, (window_end(start, months) if months else None)


def _in_window(day: date | None, first: date, last: date | None) -> bool:
    return day is not None and day >= first and (last is None or day <= last)


class _Filter:
    """Offers usable for the path, and for each module without one, the reason."""

    def __init__(
        self,
        doc: PlanDocument,
        catalog: Catalog,
        track: Track,
        providers: ProviderCatalog,
        wishes: Wishes,
        calendar: Calendar = NO_DAYS_OFF,
    ) -> None:
        self.calendar = calendar
        self.grundlagen = catalog.grundlagen_of
        self.cadence = bool(track.schedule.max_events and track.schedule.max_events > 1)
        self.wst = {e.id: e.counted_wst for e in doc.modules if not e.done}
        self.first, self.last = _window(doc, track)
        self.first = max(self.first, wishes.today)
        self.wishes = wishes
        self.providers = providers
        self.phase = {e.id: e.phase for e in doc.modules if not e.done}
        self.reasons: dict[str, str] = {}
        self.usable: dict[str, list[Offer]] = {}
        for module, phase in self.phase.items():
            self.usable[module] = self._for_module(module, phase)

    def _for_module(self, module: str, phase: str) -> list[Offer]:
        wishes = self.wishes
        stages: list[tuple[str, Callable[[Offer], bool]]] = [
            ("es gibt kein Angebot für dieses Modul", lambda o: True),
            (f"kein Angebot als {PHASE_NAMES[phase]}", lambda o: o.phase == phase),
            (
                f"kein Angebot in der Form „{wishes.setting or 'regional/zentral'}“",
                lambda o: o.setting == wishes.setting if wishes.setting else o.setting != "inhouse",
            ),
            (
                f"kein Angebot in der Region {REGION_NAMES.get(wishes.region or '', wishes.region)}",
                lambda o: (
                    wishes.region is None
                    or o.online
                    or self.providers.provider_by_id[o.provider].region == wishes.region
                ),
            ),
            (
                f"kein Angebot im Zeitraum {dmy(self.first)} – {dmy(self.last) if self.last else 'offen'}",
                self._dated_ok,
            ),
            (
                "jedes passende Angebot hat einen Präsenztag an einem Feiertag oder freien Tag",
                self._days_free,
            ),
            (
                "der Anmeldeschluss aller passenden Angebote ist vorbei",
                lambda o: o.registration_deadline >= wishes.today,
            ),
            ("alle passenden Angebote sind ausgebucht", lambda o: not o.full),
            (
                f"jedes passende Angebot kostet mehr als das Budget ({wishes.budget_eur} €)",
                lambda o: wishes.budget_eur is None or o.cost_eur <= wishes.budget_eur,
            ),
        ]
        offers = list(self.providers.offers_by_module.get(module, ()))
        for reason, keep in stages:
            offers = [o for o in offers if keep(o)]
            if not offers:
                self.reasons[module] = reason
                return []
        return offers

    def _days_free(self, offer: Offer) -> bool:
        """No presence day the learner would attend is a holiday or a day off."""
        return all(
            self.calendar.blocked(day) is None
            for module, day in zip(offer.modules, offer.dates, strict=False)
            if module in self.phase
        )

    def _dated_ok(self, offer: Offer) -> bool:
        if offer.phase == "selbstlern":
            return _in_window(offer.start, self.first, self.last) and _in_window(offer.until, self.first, self.last)
        # Booked whole: every day of the offer the learner attends must be usable.
        for module, day in zip(offer.modules, offer.dates, strict=False):
            if module in self.phase and (not _in_window(day, self.first, self.last) or day.weekday() >= 5):
                return False
        return True


def _candidates(found: _Filter, providers: ProviderCatalog) -> tuple[dict[str, Offer], list[Candidate]]:
    """Each usable offer once; of offers alike in every respect the model sees, the cheapest."""
    offers: dict[str, Offer] = {}
    for usable in found.usable.values():
        for offer in usable:
            offers[offer.id] = offer
    best: dict[tuple[object, ...], Candidate] = {}
    for offer in sorted(offers.values(), key=lambda o: (o.cost_eur, o.id)):
        if offer.phase == "praesenz":
            served = tuple((m, d) for m, d in zip(offer.modules, offer.dates, strict=False) if m in found.phase)
            last = max(d for _, d in served)
        else:
            assert offer.start is not None and offer.until is not None
            served = tuple((m, offer.start) for m in offer.modules if m in found.phase)
            last = offer.until
        provider = providers.provider_by_id.get(offer.provider)
        region = None if offer.online or provider is None or offer.phase != "praesenz" else provider.region
        presence = offer.phase == "praesenz"
        shift = sum(
            found.wst[m] * ((1 if presence else 0) - (1 if found.phase[m] == "praesenz" else 0)) for m, _ in served
        )
        # only a fixed learning group tells providers with fixed groups apart (criterion 3a)
        fixed = found.wishes.group_size is not None and provider is not None and provider.group == "fest"
        candidate = Candidate(offer.id, offer.cost_eur, presence, region, served, last, shift, fixed)
        signature = (candidate.presence, served, region, last, fixed)
        best.setdefault(signature, candidate)
    return offers, _undominated(list(best.values()), found)


def _undominated(candidates: list[Candidate], found: _Filter) -> list[Candidate]:
    """Drop self-study windows no optimum needs.

    A window for one module m that is nobody's Grundlagen module is dominated by another
    window for m that costs no more, starts no earlier and ends no later: whatever plan uses
    the first can use the second and is no worse on any criterion (trips and regions do not
    count self-study; a later start only helps m come after its own Grundlagen module)."""
    bases = {base for module in found.phase if (base := found.grundlagen.get(module)) in found.phase}
    kept: list[Candidate] = []
    windows: dict[str, list[Candidate]] = {}
    for cand in candidates:
        module = cand.served[0][0]
        if cand.presence or len(cand.served) != 1 or module in bases:
            kept.append(cand)
        else:
            windows.setdefault(module, []).append(cand)
    for options in windows.values():
        # cheapest first, then latest start, then earliest end: a window is kept unless an
        # earlier one (no dearer) also starts no earlier and ends no later
        options.sort(key=lambda c: (c.cost, -c.served[0][1].toordinal(), c.last, c.key))
        front: list[Candidate] = []
        for cand in options:
            start = cand.served[0][1]
            # (a fixed group's provider is never dropped for one without fixed groups)
            if not any(f.served[0][1] >= start and f.last <= cand.last and f.fixed >= cand.fixed for f in front):
                front.append(cand)
        kept.extend(front)
    return kept


def _problem(
    doc: PlanDocument, catalog: Catalog, track: Track, found: _Filter, candidates: list[Candidate], wishes: Wishes
) -> Problem:
    frame = catalog.schedule_frame
    cadence = frame.cadence
    grundlagen = tuple(
        (module, base) for module in found.phase if (base := catalog.grundlagen_of.get(module)) in found.phase
    )
    rhythm = not wishes.compact and cadence is not None and found.cadence
    events = None if wishes.compact else track.schedule.max_events
    return Problem(
        modules=tuple(found.phase),
        candidates=tuple(candidates),
        grundlagen=grundlagen,
        origin=found.first - timedelta(days=1),  # day numbers start at 1: 0 means “not served”
        budget=wishes.budget_eur,
        min_gap_weeks=gap_weeks(cadence.min_months) if rhythm and cadence else None,
        max_gap_months=cadence.max_months if rhythm and cadence else None,
        max_events=events,
        max_event_days=track.schedule.event_days if events else None,
        hours=_hours(doc, catalog, track),
        home=wishes.home,
        max_open_windows=frame.self_study.max_open if frame.self_study else None,
        time_limit=wishes.time_limit,
        prefer_fixed=wishes.group_size is not None,
    )


def _hours(doc: PlanDocument, catalog: Catalog, track: Track) -> Hours | None:
    """The path's presence WSt and the range each budget rule allows; a rule the path misses
    without any booking keeps the path's own figure inside (bookings never make it worse)."""
    total = sum(e.counted_wst for e in doc.modules)
    base = sum(e.counted_wst for e in doc.modules if e.phase == "praesenz")
    bounds = track.budget.presence_bounds(total, catalog.schedule_frame.wst_per_day)
    if not bounds:
        return None
    return Hours(base, tuple((code, min(low, base), max(high, base)) for code, low, high in bounds if low <= high))


def _unmet(doc: PlanDocument, catalog: Catalog, track: Track, presence: int) -> tuple[UnmetRule, ...]:
    """The budget rules the chosen plan (with `presence` WSt in presence) still misses."""
    total = sum(e.counted_wst for e in doc.modules)
    unmet = []
    for code, low, high in track.budget.presence_bounds(total, catalog.schedule_frame.wst_per_day):
        if not low <= presence <= high:
            allowed = f"{low}–{high} WSt" if low < high else (f"{low} WSt" if low == high else "keine Aufteilung")
            unmet.append(
                UnmetRule(
                    code,
                    f"Präsenzlernzeit {presence} von {total} WSt, erlaubt {allowed}: schon der Pfad verfehlt "
                    "das Budget der Spur, und die gewählten Angebote gleichen es nicht aus.",
                )
            )
    return tuple(unmet)


def gap_weeks(months: int) -> int:
    """Calendar weeks that keep two events at least `months` apart (see `qplan.planning.solver`)."""
    return math.ceil((31 * months + 4) / 7)


def choose(
    doc: PlanDocument,
    catalog: Catalog,
    track: Track,
    providers: ProviderCatalog,
    wishes: Wishes,
    calendar: Calendar = NO_DAYS_OFF,
    *,
    what_if: bool = True,
) -> Selection:
    """The best choice of offers for the open modules of `doc` (see `qplan.planning.solver`).

    With `what_if`, a plan that leaves modules out says why (from the plan with one rule
    lifted, one more solve each) and what a larger budget, or offers from every region, would
    serve (each one more choice); without it, only the choice is made."""
    found = _Filter(doc, catalog, track, providers, wishes, calendar)
    offers, candidates = _candidates(found, providers)
    problem = _problem(doc, catalog, track, found, candidates, wishes)
    solution = solve(problem)
    # A module without any usable offer keeps its filter's reason; one that has offers is
    # unserved only when no chosen offer serves it (a multi-module offer may serve it).
    unserved = {m: r for m, r in found.reasons.items() if m not in solution.served}
    reasons = Reasons(problem, solution, catalog)
    for module in found.phase:
        if module not in solution.served and module not in unserved:
            # a what-if's own choice is asked only what it serves: no reasons solved for it
            unserved[module] = reasons.why(module) if what_if else "nicht gewählt"
    by_key = {c.key: c for c in candidates}
    assignments = []
    cost = trips = 0
    presence = sum(e.counted_wst for e in doc.modules if e.phase == "praesenz")
    finish: date | None = None
    for key in solution.chosen:
        offer = offers[key]
        cost += offer.cost_eur
        trips += offer.phase == "praesenz"
        presence += by_key[key].shift
        for module, day in by_key[key].served:
            until = offer.until if offer.phase == "selbstlern" else None
            assignments.append(Assignment(module, offer, day, until))
            end = until or day
            finish = end if finish is None or end > finish else finish
    assignments.sort(key=lambda a: (a.day, catalog.order_key(a.module)))
    missing = [Unserved(m, r) for m, r in sorted(unserved.items(), key=lambda i: catalog.order_key(i[0]))]
    answers: list[str] = []
    if what_if and missing:
        served = len(solution.served)
        answers = what_ifs(
            lambda w: choose(doc, catalog, track, providers, w, calendar, what_if=False), wishes, served, providers
        )
    return Selection(
        tuple(assignments),
        tuple(missing),
        trips,
        cost,
        finish,
        solution.proven,
        solution.gap,
        solution.seconds,
        tuple(answers),
        tuple(StageResult(s.name, s.status.value, s.gap, s.seconds) for s in solution.stages),
        _unmet(doc, catalog, track, presence),
    )


def apply(doc: PlanDocument, selection: Selection, providers: ProviderCatalog) -> PlanDocument:
    """The plan with each chosen offer's dates, provider, offer id and location."""
    chosen = {a.module: a for a in selection.assignments}
    entries = []
    for entry in doc.modules:
        a = chosen.get(entry.id)
        if entry.done or a is None:
            entries.append(replace(entry, date=None, until=None) if not entry.done else entry)
            continue
        provider = providers.provider_by_id.get(a.offer.provider)
        entries.append(
            replace(
                entry,
                phase=a.offer.phase,  # booked whole: the learner attends it as the offer teaches it
                date=a.day,
                until=a.until,
                offer=a.offer.id,
                provider=provider.name if provider else a.offer.provider,
                location=a.offer.location,
                cost_eur=a.offer.cost_eur,
                funded=a.offer.funded,
                registration_deadline=a.offer.registration_deadline,
            )
        )
    names = {e.provider for e in entries if e.provider}
    return replace(doc, modules=tuple(entries), provider=names.pop() if len(names) == 1 else doc.provider)
