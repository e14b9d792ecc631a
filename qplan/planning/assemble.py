"""Assembling a learner's path: format and task field → modules and their phases."""

from __future__ import annotations

import difflib
from datetime import date

from qplan.dates import window_end
from qplan.errors import Reason, RequestError
from qplan.models.catalog import Catalog, Track
from qplan.models.plan import DaySpan, PlanDocument, PlanEntry
from qplan.models.requests import PlanRequest


def _unknown(catalog: Catalog, option: str, ids: tuple[str, ...]) -> None:
    for mid in ids:
        if mid not in catalog.module_by_id:
            close = difflib.get_close_matches(mid, list(catalog.module_by_id), n=2, cutoff=0.5)
            hint = f" Meinten Sie {' oder '.join(close)}?" if close else " `qplan catalog` listet alle Module."
            raise RequestError(Reason.UNKNOWN_MODULE, option=option, ids=[mid], hint=hint)


def resolve_track(catalog: Catalog, request: PlanRequest) -> Track:
    """The track a request asks for; UsageError when the options do not name one."""
    if request.format == "basis" and request.field is None:
        raise RequestError(Reason.FIELD_MISSING, option="field")
    if request.format != "basis" and request.field is not None:
        raise RequestError(Reason.FIELD_NOT_ALLOWED, option="field", ids=[request.field or ""], hint=request.format)
    if request.modules and request.format != "vertiefung":
        raise RequestError(Reason.MODULES_ONLY_VERTIEFUNG, option="modules", ids=request.modules)
    track = catalog.track_for(request.format, request.field)
    if track is None:
        raise RequestError(Reason.NO_TRACK, ids=[request.format, request.field or ""])
    return track


def check_window(track: Track, start: date | None, today: date) -> None:
    """A new plan cannot begin in a window that ended before today (RequestError WINDOW_ENDED)."""
    if start is None or not track.schedule.duration_months:
        return
    last = window_end(start, track.schedule.duration_months)
    if last < today:
        raise RequestError(
            Reason.WINDOW_ENDED,
            option="start",
            ids=[start.isoformat()],
            months=track.schedule.duration_months,
            last=last,
        )


def assemble(catalog: Catalog, request: PlanRequest, track: Track) -> PlanDocument:
    """The path without dates: the track's reference composition, changed as asked."""
    for option, given in (
        ("done", request.done),
        ("add", request.add),
        ("drop", request.drop),
        ("modules", request.modules),
    ):
        _unknown(catalog, option, given)
    both = set(request.add) & set(request.drop)
    if both:
        raise RequestError(Reason.ADD_AND_DROP, option="add", ids=sorted(both))
    ids: list[str] = list(dict.fromkeys((*track.modules.all(), *request.modules)))
    if request.format == "vertiefung" and not ids and not request.add:
        raise RequestError(Reason.NO_MODULES, option="modules")
    for mid in request.add:
        if mid in ids:
            raise RequestError(Reason.ALREADY_IN_PATH, option="add", ids=[mid])
        ids.append(mid)
    for mid in request.drop:
        if mid not in ids:
            raise RequestError(Reason.NOT_IN_PATH, option="drop", ids=[mid])
        ids.remove(mid)
    for mid in request.done:
        if mid not in ids:
            raise RequestError(Reason.NOT_IN_PATH, option="done", ids=[mid])
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
    unavailable = tuple(
        first if first == last else DaySpan(start=first, until=last) for first, last in request.unavailable
    )
    return PlanDocument(
        format=track.format,
        field=field,
        start=request.start,
        learner=request.learner,
        organisation=request.organisation,
        contact=request.contact,
        home=request.home,  # type: ignore[arg-type]  # a region id, checked by the CLI
        target_group=request.target_group,
        modules=entries,
        unavailable=unavailable,
        avoid_school_holidays=request.avoid_school_holidays,
    )
