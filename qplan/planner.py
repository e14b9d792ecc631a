"""Assembling a learner's path: format and task field → modules, phases, dates, checks."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from qplan.errors import UsageError
from qplan.evaluate import Evaluation, evaluate
from qplan.models.catalog import Catalog, Track
from qplan.models.plan import PlanDocument, PlanEntry
from qplan.scheduler import Schedule, schedule_from_dates, schedule_plan

if TYPE_CHECKING:
    from qplan.models.providers import ProviderCatalog
    from qplan.offers import Selection, Wishes


@dataclass(frozen=True)
class PlanRequest:
    format: str
    field: str | None = None
    start: date | None = None
    done: tuple[str, ...] = ()
    add: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    learner: str | None = None


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


def _unknown(catalog: Catalog, option: str, ids: tuple[str, ...]) -> None:
    for mid in ids:
        if mid not in catalog.module_by_id:
            close = difflib.get_close_matches(mid, list(catalog.module_by_id), n=2, cutoff=0.5)
            hint = f" Meinten Sie {' oder '.join(close)}?" if close else " `qplan catalog` listet alle Module."
            raise UsageError(f"{option} {mid}: Dieses Modul gibt es im Katalog nicht.{hint}")


def _track(catalog: Catalog, request: PlanRequest) -> Track:
    if request.format == "basis" and request.field is None:
        raise UsageError("Die Basisqualifizierung braucht --field koordination, steuerung oder beide.")
    if request.format != "basis" and request.field is not None:
        raise UsageError(f"--field gilt nur für --format basis, nicht für {request.format}.")
    if request.modules and request.format != "vertiefung":
        raise UsageError("--module wählt Module der Vertiefung; für andere Formate --add und --drop verwenden.")
    track = catalog.track_for(request.format, request.field)
    if track is None:
        raise UsageError(f"Für {request.format}/{request.field} enthält der Katalog keine Spur.")
    return track


def assemble(catalog: Catalog, request: PlanRequest) -> PlanDocument:
    """The path without dates: the track's reference composition, changed as asked."""
    track = _track(catalog, request)
    for option, given in (
        ("--done", request.done),
        ("--add", request.add),
        ("--drop", request.drop),
        ("--module", request.modules),
    ):
        _unknown(catalog, option, given)
    both = set(request.add) & set(request.drop)
    if both:
        raise UsageError(f"{', '.join(sorted(both))}: zugleich --add und --drop.")
    ids: list[str] = list(dict.fromkeys((*track.modules.all(), *request.modules)))
    if request.format == "vertiefung" and not ids and not request.add:
        raise UsageError("Für die Vertiefung Module wählen: --module ID (mehrfach), z. B. --module V01 --module M04.")
    for mid in request.add:
        if mid in ids:
            raise UsageError(f"--add {mid}: Das Modul ist schon im Pfad.")
        ids.append(mid)
    for mid in request.drop:
        if mid not in ids:
            raise UsageError(f"--drop {mid}: Das Modul ist nicht im Pfad.")
        ids.remove(mid)
    for mid in request.done:
        if mid not in ids:
            raise UsageError(f"--done {mid}: Das Modul ist nicht im Pfad (mit --add aufnehmen).")
    ids.sort(key=catalog.order_key)
    entries = tuple(
        PlanEntry(
            id=mid,
            phase=track.phase_of(catalog.module_by_id[mid]),
            wst=catalog.module_by_id[mid].wst,
            done=mid in request.done,
        )
        for mid in ids
    )
    field = track.field if track.format == "basis" else None
    return PlanDocument(format=track.format, field=field, start=request.start, learner=request.learner, modules=entries)


def plan(catalog: Catalog, request: PlanRequest, *, today: date) -> PlanResult:
    """Assemble, schedule and check a path."""
    from qplan.dates import first_of_next_month

    doc = assemble(catalog, request)
    track = _track(catalog, request)
    start = request.start or first_of_next_month(today)
    dated, schedule = schedule_plan(doc, catalog, track, start, today=today)
    return PlanResult(dated, track, schedule, evaluate(dated, catalog, today=today))


def plan_with_offers(catalog: Catalog, request: PlanRequest, providers: ProviderCatalog, wishes: Wishes) -> PlanResult:
    """Assemble a path and choose the best offers for it (see `qplan.offers`)."""
    from qplan.dates import first_of_next_month
    from qplan.offers import apply, choose

    doc = assemble(catalog, request)
    track = _track(catalog, request)
    doc = replace(doc, start=request.start or first_of_next_month(wishes.today))
    selection = choose(doc, catalog, track, providers, wishes)
    dated = apply(doc, selection, providers)
    notes = tuple(f"{u.module} ohne Angebot: {u.reason}." for u in selection.unserved)
    if not selection.proven:
        notes += ("Die Suche wurde abgebrochen; die Wahl ist gültig, aber nicht als optimal bewiesen.",)
    base = schedule_from_dates(dated)
    schedule = Schedule(base.slots, notes)
    evaluation = evaluate(dated, catalog, today=wishes.today, providers=providers)
    return PlanResult(dated, track, schedule, evaluation, selection)


def review(
    catalog: Catalog, doc: PlanDocument, *, today: date, root: object = None, providers: ProviderCatalog | None = None
) -> PlanResult:
    """A plan document read from a file: its own dates, or a computed schedule if it has none."""
    track = None if doc.format == "basis" and doc.field is None else catalog.track_for(doc.format, doc.field)
    has_dates = any(e.date is not None for e in doc.modules if not e.done)
    if not has_dates and track is not None and doc.start is not None:
        _dated, schedule = schedule_plan(doc, catalog, track, doc.start, today=today)
        schedule = Schedule(schedule.slots, (*schedule.notes, "Termine berechnet (die Datei nennt keine)."))
    else:
        schedule = schedule_from_dates(doc)
    return PlanResult(doc, track, schedule, evaluate(doc, catalog, today=today, root=root, providers=providers))
