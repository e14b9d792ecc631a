"""`qplan replan`: plan again what is left of a learner's plan, as a choice over what is left.

Kept as they are: modules done or recognised, and bookings already in progress (an offer
whose first day has come and whose last day has not passed: paid for and begun). A
self-study window without a booking is only a plan and is placed again. Everything else
is chosen again under every rule: new dates (and, with offers, new offers) from `--from`
(today at the earliest), Grundlagen order against what is kept, within the track's window.
Before writing, the difference is shown (dates, offers, cost, funding, dropped bookings);
the file is written only if it passes the check.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from typing import Any

from qplan.errors import Reason, RequestError, UserError
from qplan.findings import Finding
from qplan.models.catalog import Catalog, Track
from qplan.models.lifecycle import Change, Difference, Edited, Replanned
from qplan.models.plan import BOOKING_KEY_ORDER, Booking, PlanDocument, PlanEntry
from qplan.models.providers import ProviderCatalog
from qplan.models.requests import ReplanRequest, Writing

_SCHEDULE_KEYS = ("phase", "date", "until", "offer", "provider", "location")
_COST_KEYS = ("cost_eur", "funded", "registration_deadline")  # moved into `bookings`


def kept_modules(doc: PlanDocument, today: date) -> set[str]:
    """Done and recognised modules, and bookings in progress on `today` (all of their modules)."""
    kept = {e.id for e in doc.modules if e.done}
    by_offer: dict[str, list[PlanEntry]] = {}
    for entry in doc.modules:
        if entry.offer:
            by_offer.setdefault(entry.offer, []).append(entry)
    for entries in by_offer.values():
        dated = [e for e in entries if e.date is not None]
        if not dated or all(e.done for e in entries):
            continue
        first = min(e.date for e in dated if e.date is not None)
        last = max((e.until or e.date) for e in dated if e.date is not None)
        if first <= today <= last:
            kept.update(e.id for e in entries)
    return kept


def _cleared(entry: PlanEntry) -> PlanEntry:
    return replace(
        entry,
        date=None,
        until=None,
        offer=None,
        provider=None,
        location=None,
        cost_eur=None,
        funded=None,
        registration_deadline=None,
    )


def _days_off(doc: PlanDocument) -> Any:
    """The learner's days off, and the presence days of what is kept (done, recognised, in
    progress: marked done here), so that no new module lands on a day already taken."""
    from qplan.run.calendar import calendar_for

    taken = tuple((e.date, e.date) for e in doc.modules if e.done and e.phase == "praesenz" and e.date is not None)
    return calendar_for((*doc.unavailable_spans(), *taken), avoid_school_holidays=doc.avoid_school_holidays)


def _schedule(doc: PlanDocument, catalog: Catalog, track: Track, since: date) -> tuple[PlanDocument, tuple[str, ...]]:
    """Dates for the open modules from `since`: on the track's cadence from its start, or, if
    that would end after the track's window, on a tighter cadence from `since` that fits."""
    from qplan.dates import first_of_next_month, german, window_end
    from qplan.planning.schedule import schedule_plan

    days_off = _days_off(doc)
    start = doc.start or doc.first_date() or since
    dated, schedule = schedule_plan(doc, catalog, track, start, today=since, calendar=days_off)
    rule = track.schedule
    if not rule.duration_months:
        return dated, schedule.notes
    last = window_end(start, rule.duration_months)
    if all((e.until or e.date) <= last for e in dated.modules if not e.done and e.date is not None):
        return dated, schedule.notes
    # What is open, as a plan of its own from `since` to the window's end.
    open_entries = tuple(e for e in doc.modules if not e.done)
    presence = sum(1 for e in open_entries if e.phase == "praesenz")
    begin = since if since.day == 1 else first_of_next_month(since)  # a month's notice at least
    months = (last.year - begin.year) * 12 + last.month - begin.month + 1
    if months < 1:
        return dated, schedule.notes
    events = max(1, math.ceil(presence / rule.event_days))
    cadence = catalog.schedule_frame.cadence
    interval = months // events if events > 1 else rule.interval_months
    if cadence is not None:
        interval = max(min(interval, cadence.max_months, rule.interval_months), 1)
    tight = replace(track, schedule=replace(rule, interval_months=interval, duration_months=months))
    rest = replace(doc, modules=open_entries)
    again, schedule = schedule_plan(rest, catalog, tight, begin, today=since, calendar=days_off)
    if any((e.until or e.date) > last for e in again.modules if e.date is not None):
        return dated, schedule.notes  # no better: the check names what does not fit
    new = {e.id: e for e in again.modules}
    modules = tuple(new.get(e.id, e) if not e.done else e for e in doc.modules)
    note = (
        f"Die offenen Module folgen ab {german(begin)} mit Veranstaltungen im Abstand von {interval} Monaten, "
        f"damit sie vor dem Ende des Zeitraums ({german(last)}) liegen."
    )
    return replace(doc, modules=modules), (*schedule.notes, note)


def _plan_again(
    doc: PlanDocument,
    catalog: Catalog,
    track: Track,
    kept: set[str],
    since: date,
    providers: ProviderCatalog | None,
    region: str | None,
) -> tuple[PlanDocument, tuple[str, ...]]:
    """The new plan: kept entries as they are, everything else chosen again from `since`."""
    frozen = replace(
        doc,
        modules=tuple(replace(e, done=True) if e.id in kept else _cleared(e) for e in doc.modules),
    )
    notes: tuple[str, ...] = ()
    if providers is not None:
        from qplan.models.requests import Wishes
        from qplan.planning.offers import apply, choose

        days_off = _days_off(frozen)
        wishes = Wishes(today=since, region=region)
        selection = choose(frozen, catalog, track, providers, wishes, days_off)
        dated = apply(frozen, selection, providers)
        notes = tuple(f"{u.module} ohne Angebot: {u.reason}." for u in selection.unserved)
    else:
        dated, notes = _schedule(frozen, catalog, track, since)
    original = {e.id: e for e in doc.modules}
    modules = tuple(original[e.id] if e.id in kept else e for e in dated.modules)
    new = replace(doc, modules=modules, start=doc.start or dated.start)
    in_use = {e.offer for e in new.modules if e.offer}
    kept_bookings = tuple(b for b in doc.booked() if b.offer in in_use and set(b.modules) & kept)
    fresh = replace(new, bookings=kept_bookings).booked()
    bookings = tuple(b for b in fresh if b.offer in in_use)
    modules = tuple(replace(e, cost_eur=None, funded=None, registration_deadline=None) for e in new.modules)
    return replace(new, modules=modules, bookings=bookings), notes


def _money(bookings: tuple[Booking, ...]) -> tuple[int, int]:
    cost = sum(b.cost_eur or 0 for b in bookings)
    return cost, sum(b.cost_eur or 0 for b in bookings if b.funded)


def _changes(before: PlanDocument, after: PlanDocument) -> tuple[list[Change], dict[str, dict[str, Any]]]:
    from qplan.dates import german

    old = {e.id: e for e in before.modules}
    values: dict[str, dict[str, Any]] = {}
    changes = []
    for entry in after.modules:
        was = old[entry.id]
        fresh = {k: getattr(entry, k) for k in _SCHEDULE_KEYS if getattr(entry, k) != getattr(was, k)}
        stale = {k: None for k in _COST_KEYS if getattr(was, k) is not None}
        if stale:
            values[entry.id] = {**fresh, **stale}
        elif fresh:
            values[entry.id] = fresh
        if not fresh:
            continue
        then = german(was.date) if was.date else "ohne Termin"
        now = german(entry.date) if entry.date else "ohne Termin"
        what = f"{then} → {now}"
        if entry.offer != was.offer:
            what += f" (Angebot {was.offer or '–'} → {entry.offer or '–'})"
        changes.append(
            Change(
                entry.id,
                what,
                was.date.isoformat() if was.date else None,
                entry.date.isoformat() if entry.date else None,
            )
        )
    return changes, values


def _bookings_yaml(bookings: tuple[Booking, ...]) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    items = CommentedSeq()
    for booking in bookings:
        item = CommentedMap()
        for key in BOOKING_KEY_ORDER:
            value = getattr(booking, key)
            if key == "modules":
                seq = CommentedSeq(list(value))
                seq.fa.set_flow_style()
                item[key] = seq
            elif isinstance(value, date):
                item[key] = date.fromordinal(value.toordinal())  # shared objects would become anchors
            elif value is not None:
                item[key] = value
        items.append(item)
    return items


def execute(request: ReplanRequest, writing: Writing) -> Replanned:
    """Plan the rest again; write it (unless `dry_run`) if it passes the check."""
    from qplan.run.gate import RulesBroken
    from qplan.run.lifecycle import change_file
    from qplan.run.plan import review_file

    today, catalog = writing.today, writing.catalog
    since = request.since or today
    if since < today:
        raise RequestError(Reason.DAY_BEFORE_TODAY, option="since", day=since, today=today)
    providers = None
    if request.offers:
        from qplan.run.data import load_providers

        providers = load_providers(writing.providers, catalog)
    planned: dict[str, Any] = {}

    def compute(doc: PlanDocument) -> tuple[dict[str, dict[str, Any]], list[Change]]:
        track = catalog.track_for(doc.format, doc.field)
        if track is None:
            raise UserError(f"{request.path}: Die Datei nennt keine Spur des Katalogs; so kann qplan nicht neu planen.")
        kept = kept_modules(doc, today)
        new, notes = _plan_again(doc, catalog, track, kept, since, providers, request.region)
        before, after = doc.booked(), new.booked()
        offers_after = {b.offer for b in after}
        offers_before = {b.offer for b in before}
        cost_before, funded_before = _money(before)
        cost_after, funded_after = _money(after)
        planned["difference"] = Difference(
            dropped=tuple(b for b in before if b.offer not in offers_after),
            added=tuple(b for b in after if b.offer not in offers_before),
            kept=tuple(e.id for e in doc.modules if e.id in kept),
            cost_before=cost_before,
            cost_after=cost_after,
            funded_before=funded_before,
            funded_after=funded_after,
        )
        planned["notes"] = notes
        changes, values = _changes(doc, new)
        planned["changes"] = changes
        planned["bookings_changed"] = before != after or any(e.cost_eur is not None for e in doc.modules)
        planned["bookings"] = after
        return values, changes

    def bookings(data: Any) -> None:
        if not planned["bookings_changed"]:
            return
        if planned["bookings"]:
            data["bookings"] = _bookings_yaml(planned["bookings"])
        elif "bookings" in data:
            del data["bookings"]

    refused: tuple[Finding, ...] = ()
    message = ""
    try:
        edited = change_file(request.path, compute, writing, extra=bookings, dry_run=request.dry_run)
    except RulesBroken as exc:
        edited = Edited(planned.get("changes", []), False)
        refused, message = exc.findings, exc.message
    review = review_file(str(request.path), catalog, today=today) if request.review else None
    return Replanned(
        edited.changes,
        planned.get("difference", Difference()),
        planned.get("notes", ()),
        edited.written,
        refused,
        message,
        edited.hints,
        review,
    )
