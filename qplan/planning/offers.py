"""Choosing offers for a path (the "passgenaue" offer of the guideline).

The offers are filtered by everything that concerns one offer alone (phase, setting,
region, the track's window, weekdays, public holidays and the learner's days off,
registration, seats, price; `qplan.planning.offer_filter`); the choice among the rest is
a mixed-integer program solved by HiGHS (`qplan.planning.solver`, where the model and its objective are written out):
(1) most modules served, (2) fewest trips, (3) lowest cost, for a fixed learning group (3a)
providers with fixed groups, (4) earliest end, then (5) fewest
Regierungsbezirke. An offer is one booking: its price counts once, and booking it sends the
learner there for every open module of the path it holds, in the phase the offer teaches.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, timedelta

from qplan.calendar import NO_DAYS_OFF, Calendar
from qplan.models.catalog import Catalog, Track
from qplan.models.offer_table import OfferTable
from qplan.models.plan import PlanDocument
from qplan.models.providers import ProviderCatalog
from qplan.models.requests import Wishes
from qplan.models.results import Assignment, Selection, StageResult, UnmetRule, Unserved
from qplan.planning.explain import Reasons, what_ifs
from qplan.planning.offer_filter import OfferFilter as _Filter
from qplan.planning.offer_filter import Offers
from qplan.planning.offer_filter import candidates as _candidates
from qplan.planning.solver import Candidate, Hours, Problem, solve


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
    providers: Offers,
    wishes: Wishes,
    calendar: Calendar = NO_DAYS_OFF,
    *,
    what_if: bool = True,
) -> Selection:
    """The best choice of offers for the open modules of `doc` (see `qplan.planning.solver`).

    With `what_if`, a plan that leaves modules out says why (from the plan with one rule
    lifted, one more solve each) and what a larger budget, or offers from every region, would
    serve (each one more choice); without it, only the choice is made. `providers` as a table
    (`qplan.models.offer_table`) spares building every offer."""
    table = providers if isinstance(providers, OfferTable) else OfferTable.of(providers)
    found = _Filter(doc, catalog, track, table, wishes, calendar)
    rows, candidates = _candidates(found)  # (the table row of each candidate's offer)
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
        offer = table.offer(rows[key])
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
        # (the what-ifs read only the providers, not their offers)
        answers = what_ifs(
            lambda w: choose(doc, catalog, track, table, w, calendar, what_if=False),
            wishes,
            served,
            providers if isinstance(providers, ProviderCatalog) else table.catalog_of(()),
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


def apply(doc: PlanDocument, selection: Selection, providers: Offers) -> PlanDocument:
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
