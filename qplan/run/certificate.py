"""Proof of attendance (Teilnahmebescheinigung) from plan files: a learner's own certificate
of every done module, or a provider's batch, one certificate per participant of one offer.

Only done modules are certified; recognised modules (prior learning) are listed apart with
their reason; open modules never appear. Plan files are only read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from qplan.errors import InputError, UsageError
from qplan.models.catalog import Catalog
from qplan.models.certificate import (
    AttendedModule,
    BatchEntry,
    BatchRequest,
    Certificate,
    CertificateRequest,
    RecognisedModule,
)
from qplan.models.plan import PlanDocument, PlanEntry
from qplan.planning.shorthand import FillIn


def _programme(doc: PlanDocument, catalog: Catalog) -> str:
    track = catalog.track_for(doc.format, doc.field)
    if track is not None:
        return track.name
    fmt = catalog.format_by_id.get(doc.format)
    return fmt.name if fmt else doc.format


def _attended(entry: PlanEntry, catalog: Catalog) -> AttendedModule:
    module = catalog.module_by_id.get(entry.id)
    first = entry.date or entry.done_on
    last = entry.until if entry.date is not None else None
    return AttendedModule(
        id=entry.id,
        title=module.title if module else entry.id,
        phase=entry.phase,
        wst=entry.wst,
        minutes=entry.wst * catalog.unit.minutes,
        first_day=first,
        last_day=last,
        provider=entry.provider,
        place=entry.location,
        offer=entry.offer,
    )


def _recognised(entry: PlanEntry, catalog: Catalog) -> RecognisedModule:
    module = catalog.module_by_id.get(entry.id)
    assert entry.recognised is not None
    return RecognisedModule(
        id=entry.id,
        title=module.title if module else entry.id,
        wst=entry.counted_wst,
        reason=entry.recognised.reason or "ohne Begründung",
        by=entry.recognised.by,
        on=entry.recognised.on,
    )


def certificate_of(
    doc: PlanDocument, catalog: Catalog, *, issued: date, modules: tuple[str, ...] = (), offer: str | None = None
) -> Certificate | None:
    """The certificate of a plan's done modules (only `modules`, only `offer`, if given);
    None when nothing is done among them."""

    def chosen(entry: PlanEntry) -> bool:
        return (not modules or entry.id in modules) and (offer is None or entry.offer == offer)

    attended = tuple(_attended(e, catalog) for e in doc.modules if chosen(e) and e.done and e.recognised is None)
    recognised = tuple(_recognised(e, catalog) for e in doc.modules if chosen(e) and e.recognised is not None)
    attended = tuple(sorted(attended, key=lambda m: (m.first_day or date.max, catalog.order_key(m.id))))
    if not attended and not recognised:
        return None
    providers = {m.provider for m in attended if m.provider}
    return Certificate(
        learner=doc.learner,
        organisation=doc.organisation,
        programme=_programme(doc, catalog),
        attended=attended,
        recognised=recognised,
        issued=issued,
        offer=offer,
        provider=providers.pop() if offer is not None and len(providers) == 1 else None,
    )


def _load(path: str, catalog: Catalog) -> PlanDocument:
    from qplan.loading.loader import MAX_PLAN_BYTES, load_file

    loaded = load_file(PlanDocument, path, max_bytes=MAX_PLAN_BYTES, prepare=FillIn(catalog))
    if loaded.value is None or loaded.errors:
        raise InputError(f"{loaded.label}: Das Plan-Dokument ist nicht verwendbar.", loaded.findings)
    return loaded.value


def execute(request: CertificateRequest, catalog: Catalog, *, today: date) -> tuple[Certificate | None, list[str]]:
    """A learner's certificate, or None when nothing (chosen) is done; and the chosen modules
    that are still open (they are left out)."""
    doc = _load(request.path, catalog)
    in_plan = {e.id: e for e in doc.modules}
    missing = [m for m in request.modules if m not in in_plan]
    if missing:
        from qplan.errors import Reason, RequestError

        raise RequestError(Reason.NOT_IN_PLAN, option="modules", ids=missing)
    open_ = [m for m in request.modules if not in_plan[m].done and in_plan[m].recognised is None]
    return certificate_of(doc, catalog, issued=today, modules=request.modules), open_


def batch(request: BatchRequest, catalog: Catalog, *, today: date) -> Iterator[BatchEntry]:
    """Every plan file under `request.paths` that booked the offer: its certificate, or why none."""
    from qplan.loading.loader import MAX_PLAN_BYTES, load_file
    from qplan.run.check import expand_paths

    files, unreadable = expand_paths(request.paths)
    if not files and not unreadable:
        raise UsageError(f"Keine Plan-Dateien gefunden in {', '.join(request.paths)} (gelesen werden *.yaml, *.yml).")
    if "-" in files:
        raise UsageError("Für die Bescheinigungen eines Angebots Plan-Dateien oder Ordner angeben, nicht - (stdin).")
    for problem in unreadable:
        yield BatchEntry(problem.path, None, "unusable", problem.findings[0].format())
    fill_in = FillIn(catalog)
    for path in files:
        loaded = load_file(PlanDocument, path, max_bytes=MAX_PLAN_BYTES, prepare=fill_in)
        if loaded.value is None or loaded.errors:
            first = (loaded.errors or loaded.findings)[0]
            yield BatchEntry(path, None, "unusable", first.format())
            continue
        doc = loaded.value
        if not any(e.offer == request.offer for e in doc.modules):
            yield BatchEntry(path, None, "not_booked")
            continue
        done = certificate_of(doc, catalog, issued=today, offer=request.offer)
        if done is None or not done.attended:
            yield BatchEntry(path, None, "nothing_done")
            continue
        # A provider certifies attendance of its own offer; recognition is the office's.
        yield BatchEntry(path, replace(done, recognised=()))
