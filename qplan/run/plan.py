"""Planning a path, with or without offers, and reviewing a plan file: the one place that
combines assembling, scheduling, the offer choice and the rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qplan.dates import first_of_next_month
from qplan.models.catalog import Catalog
from qplan.models.plan import PlanDocument
from qplan.models.providers import ProviderCatalog
from qplan.models.requests import PlanRequest, Wishes
from qplan.models.results import PlanResult, Reviewed, Schedule, Selection
from qplan.planning.assemble import assemble, resolve_track
from qplan.planning.schedule import schedule_from_dates, schedule_plan
from qplan.planning.shorthand import FillIn
from qplan.rules.engine import evaluate
from qplan.run.calendar import calendar_for
from qplan.run.rules import rules_for

if TYPE_CHECKING:
    from qplan.models.offer_table import OfferTable


def plan(catalog: Catalog, request: PlanRequest, *, today: date) -> PlanResult:
    """Assemble, schedule and check a path."""
    track = resolve_track(catalog, request)
    doc = assemble(catalog, request, track)
    start = request.start or first_of_next_month(today)
    days_off = calendar_for(doc.unavailable_spans(), avoid_school_holidays=doc.avoid_school_holidays)
    dated, schedule = schedule_plan(doc, catalog, track, start, today=today, calendar=days_off, compact=request.compact)
    return PlanResult(dated, track, schedule, evaluate(dated, catalog, today=today, ruleset=rules_for(catalog)))


def plan_with_offers(
    catalog: Catalog, request: PlanRequest, providers: ProviderCatalog | OfferTable, wishes: Wishes
) -> PlanResult:
    """Assemble a path and choose the best offers for it (see `qplan.planning.offers`).

    `providers` as a table (`qplan.run.data.load_offer_table`) builds only the offers the
    choice keeps."""
    from qplan.planning.offers import apply, choose

    track = resolve_track(catalog, request)
    doc = assemble(catalog, request, track)
    doc = replace(doc, start=request.start or first_of_next_month(wishes.today))
    days_off = calendar_for(doc.unavailable_spans(), avoid_school_holidays=doc.avoid_school_holidays)
    selection = choose(doc, catalog, track, providers, wishes, days_off)
    dated = apply(doc, selection, providers)
    notes = tuple(f"{u.module} ohne Angebot: {u.reason}." for u in selection.unserved)
    notes += tuple(f"{rule.code}: {rule.reason}" for rule in selection.unmet)
    notes += tuple(f"Was wäre, wenn: {answer}" for answer in selection.what_if)
    if not selection.proven:
        open_ = ", ".join(s.name for s in selection.stages if s.status != "optimal")
        gap = "unbekannt" if selection.gap is None else f"{selection.gap:.1%}".replace(".", ",")
        notes += (
            f"Zeitgrenze erreicht: die Wahl ist gültig, aber nicht als optimal bewiesen (offen: {open_}); "
            f"Abstand zur Schranke {gap} (mehr Zeit: eine höhere Zeitgrenze der Suche).",
        )
    if wishes.compact:
        notes += ("Kompakter Plan: die Angebote müssen nicht dem Takt des Leitfadens folgen (4–8 Monate).",)
    schedule = Schedule(schedule_from_dates(dated).slots, notes)
    evaluation = evaluate(
        dated, catalog, today=wishes.today, providers=_named(providers, dated, selection), ruleset=rules_for(catalog)
    )
    return PlanResult(dated, track, schedule, evaluation, selection)


def _named(providers: ProviderCatalog | OfferTable, doc: PlanDocument, selection: Selection) -> ProviderCatalog:
    """The providers with the offers `doc` names: all the rules look up (QP401–QP403 read the
    offer of each entry that names one), so a table builds only those."""
    if isinstance(providers, ProviderCatalog):
        return providers
    chosen = {a.offer.id: a.offer for a in selection.assignments}
    named = {e.offer for e in doc.modules if e.offer}
    if named <= chosen.keys():  # (an entry done before may name an offer of its own)
        return replace(providers.catalog_of(()), offers=tuple(chosen[o] for o in sorted(named)))
    rows = providers.row_by_id
    return providers.catalog_of(sorted(rows[o] for o in named if o in rows))


def review(catalog: Catalog, doc: PlanDocument, *, today: date, providers: ProviderCatalog | None = None) -> PlanResult:
    """A plan document read from a file: its own dates, or a computed schedule if it has none.

    The findings carry anchors; the caller places them with the file's source map."""
    track = None if doc.format == "basis" and doc.field is None else catalog.track_for(doc.format, doc.field)
    has_dates = any(e.date is not None for e in doc.modules if not e.done)
    if not has_dates and track is not None and doc.start is not None:
        days_off = calendar_for(doc.unavailable_spans(), avoid_school_holidays=doc.avoid_school_holidays)
        _dated, schedule = schedule_plan(doc, catalog, track, doc.start, today=today, calendar=days_off)
        schedule = Schedule(schedule.slots, (*schedule.notes, "Termine berechnet (die Datei nennt keine)."))
    else:
        schedule = schedule_from_dates(doc)
    evaluation = evaluate(doc, catalog, today=today, providers=providers, ruleset=rules_for(catalog))
    return PlanResult(doc, track, schedule, evaluation)


def review_file(path: str, catalog: Catalog, *, today: date, providers: str | None = None) -> Reviewed:
    """Load a plan file and review it; the rules' findings placed at their lines.

    `providers` is the --providers option; the file is loaded only when the plan names an
    offer. InputError (exit 2) when the plan cannot be used at all."""
    from qplan.errors import InputError
    from qplan.loading.loader import MAX_PLAN_BYTES, load_file
    from qplan.loading.sourcemap import place
    from qplan.run.data import Providers

    fill_in = FillIn(catalog)
    loaded = load_file(PlanDocument, path, max_bytes=MAX_PLAN_BYTES, prepare=fill_in)
    if loaded.value is None:
        raise InputError(f"{loaded.label}: Das Plan-Dokument ist nicht verwendbar.", loaded.findings)
    doc = loaded.value
    offers = Providers(providers, catalog).get() if any(e.offer for e in doc.modules) else None
    result = review(catalog, doc, today=today, providers=offers)
    placed = tuple(place((*fill_in.respelled, *result.evaluation.findings), loaded.source))
    result = replace(result, evaluation=replace(result.evaluation, findings=placed))
    notes = []
    if fill_in.filled:
        notes.append("Aus dem Katalog ergänzt (in der Datei nicht angegeben): " + ", ".join(fill_in.filled) + ".")
    for offer, modules, cost in doc.double_counted():
        notes.append(
            f"Die Kosten von Angebot {offer} ({cost} €) stehen bei {', '.join(modules)}; es ist eine Buchung, "
            f"sie zählen einmal (nicht {cost * len(modules)} €). Neuere Plan-Dateien führen sie einmal unter "
            "„bookings“."
        )
    if notes:
        result = replace(result, schedule=replace(result.schedule, notes=(*result.schedule.notes, *notes)))
    return Reviewed(loaded.label, loaded.findings, result)


def write_plan(path: Path, text: str, catalog: Catalog, *, today: date, force: bool, providers: str | None) -> None:
    """`plan --out`: the plan file (`text`, rendered YAML), written only if it passes `qplan
    check` (or with `force`, which also replaces an existing file); `RulesBroken` (exit 1)
    names the rules otherwise."""
    from qplan.run.gate import gated_write, providers_loader

    data = text.encode("utf-8")
    gated_write(
        path,
        data,
        catalog,
        today=today,
        providers=providers_loader(providers, catalog),
        force=force,
        overwrite=force,
    )


def plan_schema() -> dict[str, Any]:
    """The JSON Schema of plan documents, for editors."""
    from qplan.loading.validation import json_schema

    return json_schema(PlanDocument)


def earlier_export(path: str) -> bytes | None:
    """A file written by an earlier export, if it is a regular file qplan can read."""
    from qplan.loading.files import read_capped

    data = read_capped(path, 16 << 20)
    return data if isinstance(data, bytes) else None


def profile_for(
    doc: PlanDocument, catalog: Catalog, *, suggest: int = 0, self_assessment: dict[str, int] | None = None
) -> Any:
    """The competence profile of a plan, with `suggest` suggestions (see planning.profile)."""
    from qplan.planning.profile import profile
    from qplan.planning.profile import suggest as suggestions

    result = profile(doc, catalog, self_assessment=self_assessment or doc.self_assessment)
    if suggest:
        result = replace(result, suggestions=suggestions(doc, catalog, suggest))
    return result
