"""The schedule's invariants over many start dates (qplan/planning/schedule.py, property-based)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from qplan.dates import add_months, events_of, window_end
from qplan.models.catalog import Catalog
from qplan.models.requests import PlanRequest
from qplan.run.plan import plan
from tests.kit import TODAY

starts = st.dates(min_value=TODAY, max_value=date(2035, 12, 31))
tracks = st.sampled_from([("basis", "koordination"), ("basis", "steuerung"), ("basis", "beide")])


@settings(max_examples=150, deadline=None)
@given(start=starts, track=tracks, done=st.sets(st.sampled_from(["M01", "M02", "M03", "M07", "M08", "M15"])))
def test_schedule_invariants(catalog: Catalog, start: date, track: tuple[str, str], done: set[str]) -> None:
    fmt, field = track
    path_ids = set(catalog.track_for(fmt, field).modules.all())  # type: ignore[union-attr]
    done_ids = tuple(sorted(done & path_ids))
    result = plan(catalog, PlanRequest(fmt, field, start, done=done_ids), today=TODAY)
    doc = result.doc
    last = window_end(start, 18)
    open_entries = [e for e in doc.modules if not e.done]
    # every open module is dated, within 18 months
    for entry in open_entries:
        assert entry.date is not None and start <= entry.date <= last
        if entry.until is not None:
            assert entry.date <= entry.until <= last
    presence = [e for e in open_entries if e.phase == "praesenz"]
    days = [e.date for e in presence]
    # no weekend presence day, one module a day, presence days × 6 = presence WSt
    assert all(d.weekday() < 5 for d in days)  # type: ignore[union-attr]
    assert len(set(days)) == len(days)
    assert len(days) * 6 == sum(e.wst for e in presence)
    # Grundlagen first in each Lernbereich
    dates = {e.id: e.date for e in open_entries}
    for area in catalog.areas:
        base = dates.get(area.grundlagen_module)
        if base is None:
            continue
        for entry in open_entries:
            module = catalog.module_by_id[entry.id]
            if module.area == area.id and entry.id != area.grundlagen_module:
                assert entry.date > base, (entry.id, entry.date, base)  # type: ignore[operator]
    # events: at most three, of the track's length, consecutive weekdays
    events = events_of(days)  # type: ignore[arg-type]
    size = catalog.track_for(fmt, field).schedule.event_days  # type: ignore[union-attr]
    assert len(events) <= 3
    assert all(len(ev) <= size for ev in events)
    # self-study windows do not overlap presence days
    for entry in open_entries:
        if entry.phase == "selbstlern":
            assert not any(entry.date <= d <= entry.until for d in days)  # type: ignore[operator]
    assert result.ok, [c for c in result.evaluation.checks if not c.ok]


@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), months=st.integers(0, 60))
def test_add_months_is_monotonic(day: date, months: int) -> None:
    later = add_months(day, months)
    assert later >= day
    assert (later.year - day.year) * 12 + later.month - day.month == months
    assert window_end(day, 1) < add_months(day, 1)


def test_events_of_groups_consecutive_days() -> None:
    d = date(2027, 1, 4)
    assert events_of([d, d + timedelta(1), d + timedelta(3)]) == [[d, d + timedelta(1)], [d + timedelta(3)]]


def test_steuerung_uses_three_day_events(catalog: Catalog) -> None:
    result = plan(catalog, PlanRequest("basis", "steuerung", date(2027, 1, 1)), today=TODAY)
    presence = [s for s in result.schedule.slots if s.kind == "praesenz"]
    assert [len(s.modules) for s in presence] == [3, 3, 3]
    assert any("3 Veranstaltungen à 3 Tage" in n for n in result.schedule.notes)


def test_start_on_weekend_moves_event(catalog: Catalog) -> None:
    result = plan(catalog, PlanRequest("basis", "koordination", date(2027, 5, 1)), today=TODAY)  # Saturday
    first = result.schedule.slots[0]
    assert first.kind == "praesenz" and first.start == date(2027, 5, 3)
