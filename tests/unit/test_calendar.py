"""Baden-Württemberg's calendar (issue 12): no presence day on a public holiday or a day off,
and the Basis tracks keep the guideline's rhythm unless a learner asks for a compact plan."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from qplan.calendar import Calendar
from qplan.dates import add_months, events_of
from qplan.models.catalog import Catalog
from qplan.models.requests import PlanRequest
from qplan.run.calendar import public_holidays, school_holidays
from qplan.run.plan import plan
from tests.kit import TODAY

TRACKS = [("einfuehrung", None), ("basis", "koordination"), ("basis", "steuerung"), ("basis", "beide")]


def test_holidays_of_baden_wuerttemberg() -> None:
    names = public_holidays(2027)
    assert names[date(2027, 1, 6)] == "Heilige Drei Könige"
    assert names[date(2027, 5, 6)] == "Christi Himmelfahrt"
    assert names[date(2027, 5, 27)] == "Fronleichnam"
    assert names[date(2027, 11, 1)] == "Allerheiligen"
    assert date(2027, 8, 15) not in names  # Mariä Himmelfahrt is Bavaria's and Saarland's, not BW's
    assert len(names) == 12


def test_school_holidays_are_known() -> None:
    assert any(day.month == 8 for day in school_holidays(2027))


def test_free_run_skips_holidays_and_days_off() -> None:
    calendar = Calendar(public_holidays, [(date(2027, 1, 11), date(2027, 1, 12))])
    # 4–5 Jan is free, 6 Jan a holiday; asking from the 5th needs two free weekdays in a row.
    assert calendar.free_run(date(2027, 1, 5), 2) == date(2027, 1, 7)
    assert calendar.free_run(date(2027, 1, 11), 1) == date(2027, 1, 13)
    assert calendar.blocked(date(2027, 5, 6)) == "Feiertag (Christi Himmelfahrt)"


@settings(max_examples=120, deadline=None, derandomize=True)
@given(
    st.dates(min_value=date(2027, 1, 1), max_value=date(2032, 12, 1)),
    st.sampled_from(TRACKS),
    st.one_of(st.none(), st.integers(0, 200)),
    st.booleans(),
)
def test_no_presence_day_on_a_holiday_or_day_off(
    catalog: Catalog, start: date, track: tuple[str, str | None], off: int | None, compact: bool
) -> None:
    fmt, field = track
    days_off = () if off is None else ((start + timedelta(days=off), start + timedelta(days=off + 20)),)
    request = PlanRequest(fmt, field, start, unavailable=days_off, compact=compact)
    result = plan(catalog, request, today=TODAY)
    presence = [e.date for e in result.doc.modules if e.phase == "praesenz" and e.date is not None]
    holidays = {d for year in {d.year for d in presence} for d in public_holidays(year)}
    assert not holidays & set(presence)
    for first, last in days_off:
        assert not any(first <= day <= last for day in presence)
    codes = {f.code for f in result.evaluation.findings}
    assert "QP309" not in codes and "QP310" not in codes
    cadence = catalog.schedule_frame.cadence
    if fmt == "basis" and not compact and cadence is not None:
        events = events_of(presence)
        for earlier, later in pairwise(events):
            assert add_months(earlier[0], cadence.min_months) <= later[0] <= add_months(earlier[0], cadence.max_months)
        assert "QP311" not in codes


def test_compact_says_it_departs_from_the_rhythm(catalog: Catalog) -> None:
    result = plan(catalog, PlanRequest("basis", "koordination", date(2027, 3, 1), compact=True), today=TODAY)
    assert any("Kompakter Plan" in note for note in result.schedule.notes)
    assert any(f.code == "QP311" for f in result.evaluation.findings)


def test_neujahr_is_not_the_introduction_day(cli) -> None:  # type: ignore[no-untyped-def]
    import json

    data = json.loads(cli("plan", "--format", "einfuehrung", "--start", "2027-01", "--json").stdout)
    assert data["modules"][0]["date"] == "2027-01-04"
    data = json.loads(cli("plan", "--format", "basis", "--field", "steuerung", "--start", "2027-01", "--json").stdout)
    assert "2027-01-06" not in {m.get("date") for m in data["modules"]}


def test_unavailable_is_understood_and_kept(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "plan.yaml"
    result = cli(
        "plan", "--format", "basis", "--field", "beide", "--start", "2027-01",
        "--unavailable", "2027-01-04..2027-01-08", "--out", str(target),
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert "{start: 2027-01-04, until: 2027-01-08}" in target.read_text()
    assert cli("check", str(target)).code == 0
    wrong = cli("plan", "--format", "einfuehrung", "--unavailable", "2027-08-31..2027-08-01")
    assert wrong.code == 2 and "Ende liegt vor dem Anfang" in wrong.stderr
