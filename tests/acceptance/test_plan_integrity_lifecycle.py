"""Issue 19, the learner's file: every plan qplan writes passes `qplan check`, or the command
exits 1 naming the rules and writes nothing; replan as a choice over what is left; costs
once per booking; partial recognition; commands that change nothing write nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import run_cli


@pytest.fixture
def day(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Set today for the next in-process commands."""

    def set_day(value: str) -> None:
        monkeypatch.setenv("QPLAN_TODAY", value)

    set_day("2026-11-25")
    return set_day


def errors(path: Path) -> set[str]:
    data = json.loads(run_cli("check", str(path), "--format", "json").stdout)
    return {f["code"] for f in data["files"][0]["findings"] if f["severity"] == "error"}


def modules(path: Path) -> dict[str, dict[str, object]]:
    return {m["id"]: m for m in json.loads(run_cli("show", str(path), "--json").stdout)["modules"]}


@pytest.fixture
def koordination(tmp_path: Path, day) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "plan.yaml"
    result = run_cli("plan", "--format", "basis", "--field", "koordination", "--start", "2026-12", "--out", str(path))
    assert result.code == 0, result.stderr
    return path


def test_plan_out_with_errors_writes_nothing_unless_forced(tmp_path: Path, day) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "plan.yaml"
    args = ("plan", "--format", "basis", "--field", "koordination", "--drop", "M05", "--out", str(path))
    result = run_cli(*args)
    assert result.code == 1 and not path.exists()
    assert "nichts geschrieben" in result.stderr and "QP105 Pflichtmodul der Spur fehlt" in result.stderr
    assert f"{path}:9:1: [Fehler]" in result.stderr and "Abhilfe" in result.stderr
    forced = run_cli(*args, "--force")
    assert forced.code == 1 and path.exists() and "QP105" in errors(path)


def test_offers_file_records_each_booking_once(tmp_path: Path, day) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "plan.yaml"
    result = run_cli(
        "plan", "--format", "basis", "--field", "beide", "--offers", "--region", "freiburg", "--json",
        "--out", str(path),
    )  # fmt: skip
    assert result.code == 0, result.stderr
    planned = json.loads(result.stdout)
    assert errors(path) == set()
    text = path.read_text(encoding="utf-8")
    assert "cost_eur" not in text.split("bookings:")[0]  # no cost on the module entries
    shown = json.loads(run_cli("show", str(path), "--json").stdout)
    bookings = shown["bookings"]
    assert bookings == planned["bookings"]
    assert shown["cost_total_eur"] == planned["offers"]["cost_eur"] == sum(b["cost_eur"] for b in bookings)
    assert any(len(b["modules"]) > 1 for b in bookings)  # a multi-module offer, counted once
    assert set(bookings[0]) == {"offer", "provider", "modules", "cost_eur", "funded", "registration_deadline"}
    offers = {m["id"]: m["offer"] for m in shown["modules"]}
    assert all(offers[m] == b["offer"] for b in bookings for m in b["modules"])  # the offer id stays per module


def test_older_files_with_cost_per_module_load_with_a_hint(tmp_path: Path, day) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "plan.yaml"
    path.write_text(
        "format: basis\nfield: koordination\nstart: 2027-01-01\nmodules:\n"
        "  - {id: M01, phase: praesenz, wst: 6, date: 2027-01-18, offer: A00003, cost_eur: 260, funded: true}\n"
        "  - {id: M03, phase: praesenz, wst: 6, date: 2027-01-19, offer: A00003, cost_eur: 260, funded: true}\n",
        encoding="utf-8",
    )
    shown = json.loads(run_cli("show", str(path), "--json").stdout)
    assert shown["bookings"][0]["modules"] == ["M01", "M03"] and shown["cost_total_eur"] == 260
    assert any("Angebot A00003 (260 €) stehen bei M01, M03" in n and "nicht 520 €" in n for n in shown["notes"])


def test_commands_that_change_nothing_write_nothing(koordination: Path, day) -> None:  # type: ignore[no-untyped-def]
    before, stamp = koordination.read_bytes(), koordination.stat().st_mtime_ns
    result = run_cli("undo", str(koordination), "M05")
    assert result.code == 0 and "M05: ist offen; unverändert" in result.stdout
    assert "Plan unverändert" in result.stderr
    day("2027-02-15")
    assert run_cli("done", str(koordination), "M01").code == 0
    again = koordination.read_bytes()
    result = run_cli("done", str(koordination), "M01")
    assert "unverändert" in result.stdout and koordination.read_bytes() == again
    assert run_cli("replan", str(koordination)).code == 0
    replanned, stamp = koordination.read_bytes(), koordination.stat().st_mtime_ns
    result = run_cli("replan", str(koordination))
    assert result.code == 0 and "Plan unverändert" in result.stderr and "Nichts zu ändern" in result.stdout
    assert koordination.read_bytes() == replanned and koordination.stat().st_mtime_ns == stamp
    assert before != replanned


def test_done_dates_are_checked(koordination: Path, day) -> None:  # type: ignore[no-untyped-def]
    day("2027-02-15")
    before = koordination.read_bytes()
    late = run_cli("done", str(koordination), "M01", "--date", "2030-01-01")
    early = run_cli("done", str(koordination), "M01", "--date", "2026-01-01")
    ahead = run_cli("done", str(koordination), "M07")  # planned for June: a script must say so
    assert (late.code, early.code, ahead.code) == (2, 2, 2)
    assert "liegt nach heute" in late.stderr and "vor dem Beginn des Plans" in early.stderr
    assert "Der Termin liegt noch vor uns" in ahead.stderr and "--yes" in ahead.stderr
    assert koordination.read_bytes() == before
    assert run_cli("done", str(koordination), "M07", "--date", "2027-02-10").code == 0
    assert run_cli("done", str(koordination), "M08", "--yes").code == 0
    assert modules(koordination)["M08"]["done"] and errors(koordination) == set()


def test_done_asks_at_a_terminal(koordination: Path) -> None:
    from tests.conftest import run_on_terminal

    screen, code = run_on_terminal(
        ["done", str(koordination), "M07"], answers=b"n\n", env={"QPLAN_TODAY": "2027-02-15"}
    )
    assert "Heute als erledigt markieren? [j/N]" in screen and code == 2
    screen, code = run_on_terminal(
        ["done", str(koordination), "M07"], answers=b"vielleicht\nj\n", env={"QPLAN_TODAY": "2027-02-15"}
    )
    assert "Bitte mit j (ja) oder n (nein) antworten." in screen
    assert code == 0 and "M07: erledigt am Mo 15.02.2027" in screen


def test_replan_after_a_missed_event_fits_the_window(koordination: Path, day) -> None:  # type: ignore[no-untyped-def]
    day("2027-02-15")
    assert run_cli("done", str(koordination), "M01", "M02", "M03", "M05").code == 0
    day("2027-07-20")
    assert run_cli("done", str(koordination), "M06").code == 0
    before = modules(koordination)
    assert before["M07"]["date"] == "2027-06-01" and not before["M07"]["done"]  # V2 missed
    dry = run_cli("replan", str(koordination), "--dry-run")
    assert dry.code == 0 and "Plan unverändert" in dry.stderr and "M07: Di 01.06.2027 →" in dry.stdout
    result = run_cli("replan", str(koordination))
    assert result.code == 0, result.stderr
    assert result.stdout == dry.stdout  # --dry-run shows the same difference
    after = modules(koordination)
    assert errors(koordination) == set()
    for entry in after.values():
        if not entry["done"]:
            assert str(entry["date"]) >= "2027-07-20" and str(entry["until"] or entry["date"]) <= "2028-05-31"
    assert str(after["M11"]["date"]) < "2028-05-31" and str(after["M15"]["date"]) < "2028-05-31"  # V3 fits


def test_replan_from_must_not_lie_before_today(koordination: Path, day) -> None:  # type: ignore[no-untyped-def]
    day("2027-07-20")
    before = koordination.read_bytes()
    result = run_cli("replan", str(koordination), "--from", "2027-07-01")
    assert result.code == 2 and "liegt vor heute" in result.stderr and koordination.read_bytes() == before
    assert run_cli("replan", str(koordination), "--region", "freiburg").code == 2  # only with --offers
    assert run_cli("replan", str(koordination), "--from", "2027-09-01").code == 0
    assert all(m["done"] or str(m["date"]) >= "2027-09-01" for m in modules(koordination).values())


def test_replan_with_offers_keeps_the_booking_in_progress(tmp_path: Path, day) -> None:  # type: ignore[no-untyped-def]
    """The issue's case: both fields, Freiburg, M01–M03 done, M11 and M15 missed on 2027-06-15."""
    path = tmp_path / "plan.yaml"
    assert run_cli("plan", "--format", "basis", "--field", "beide", "--offers", "--region", "freiburg",
                   "--out", str(path)).code == 0  # fmt: skip
    day("2027-06-15")
    assert run_cli("done", str(path), "M01", "M02", "M03").code == 0
    planned = modules(path)
    running = [m for m, e in planned.items() if e["offer"] and not e["done"] and str(e["date"]) <= "2027-06-15"
               <= str(e["until"] or e["date"])]  # fmt: skip
    assert running  # a self-study booking in progress
    before = path.read_bytes()
    result = run_cli("replan", str(path), "--offers", "--region", "freiburg", "--json")
    data = json.loads(result.stdout)
    assert set(running) <= set(data["difference"]["kept"])
    assert "dropped_bookings" in data["difference"] and "cost_eur" in data["difference"]
    if result.code == 0:
        assert errors(path) == set()
        after = modules(path)
        assert all(after[m]["offer"] == planned[m]["offer"] for m in running)
        # nothing new before today: only what is done or a booking in progress lies earlier
        assert all(e["done"] or m in running or str(e["date"] or "9999") >= "2027-06-15" for m, e in after.items())
    else:  # the offer choice could not keep every rule: named, and the file stays as it was
        assert result.code == 1 and "nichts geschrieben" in result.stderr and path.read_bytes() == before
        assert "QP302" not in result.stderr  # Grundlagen order is never broken by what is kept


def test_partial_recognition_keeps_the_plan_valid(koordination: Path, day) -> None:  # type: ignore[no-untyped-def]
    day("2027-02-15")
    result = run_cli("recognise", str(koordination), "M05", "--reason", "VHS-Zertifikat 2025", "--wst", "4")
    assert result.code == 0 and "die übrigen 2 WSt bleiben offen" in result.stdout
    assert errors(koordination) == set()
    entry = modules(koordination)["M05"]
    assert not entry["done"] and entry["date"]
    assert run_cli("done", str(koordination), "M05").code == 0 and errors(koordination) == set()


def test_the_old_shape_of_a_partial_recognition_says_what_to_do(tmp_path: Path) -> None:
    example = Path(__file__).parent.parent / "examples" / "invalid" / "qp503-teilanerkennung-rest-fehlt.yaml"
    result = run_cli("check", str(example))
    assert result.code == 1 and "(QP503)" in result.stdout
    for line in result.stdout.splitlines():
        if "[Fehler]" in line:
            assert "Abhilfe" in line


def test_calendar_keeps_attended_modules_and_past_deadlines(tmp_path: Path, day) -> None:  # type: ignore[no-untyped-def]
    from icalendar import Calendar

    from qplan.render.ics import ics
    from qplan.run.data import load_catalog

    path = tmp_path / "plan.yaml"
    assert run_cli("plan", "--format", "basis", "--field", "koordination", "--start", "2027-03", "--offers",
                   "--out", str(path)).code == 0  # fmt: skip
    target = tmp_path / "plan.ics"
    assert run_cli("export", str(path), "--ics", str(target)).code == 0
    first = modules(path)
    attended, when = min(
        ((m, str(e["date"])) for m, e in first.items() if e["phase"] == "praesenz"), key=lambda p: p[1]
    )
    day(when)
    assert run_cli("done", str(path), attended).code == 0
    assert run_cli("export", str(path), "--ics", str(target), "--force").code == 0
    events = {str(e["UID"]): e for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")}
    event = next(e for u, e in events.items() if u.endswith(f"-{attended}@qplan"))
    assert str(event["STATUS"]) == "CONFIRMED" and "(teilgenommen)" in str(event["SUMMARY"])
    assert not [e for e in events.values() if str(e["STATUS"]) == "CANCELLED"]
    # A booking whose deadline has passed leaves the plan: its deadline event is not cancelled.
    from qplan.loading.loader import MAX_PLAN_BYTES, load_file
    from qplan.models.plan import PlanDocument

    doc = load_file(PlanDocument, path, max_bytes=MAX_PLAN_BYTES).value
    assert doc is not None
    catalog = load_catalog(None)
    previous = ics(doc, catalog, now=datetime(2027, 1, 1, tzinfo=UTC))
    gone = doc.booked()[0]
    without = type(doc)(**{**doc.__dict__, "bookings": doc.booked()[1:]})
    stripped = type(doc)(**{**without.__dict__, "modules": tuple(
        type(e)(**{**e.__dict__, "offer": None}) if e.offer == gone.offer else e for e in doc.modules
    )})  # fmt: skip
    later = ics(stripped, catalog, now=datetime(2027, 12, 1, tzinfo=UTC), previous=previous)
    again = {str(e["UID"]): e for e in Calendar.from_ical(later).walk("VEVENT")}
    assert not any(f"anmeldung-{gone.offer}@" in u for u in again)  # past: left alone, not cancelled
    sooner = ics(stripped, catalog, now=datetime(2026, 12, 1, tzinfo=UTC), previous=previous)
    cancelled = {str(e["UID"]): e for e in Calendar.from_ical(sooner).walk("VEVENT")}
    assert str(next(e for u, e in cancelled.items() if f"anmeldung-{gone.offer}@" in u)["STATUS"]) == "CANCELLED"


def test_schema_knows_bookings() -> None:
    schema = json.loads(run_cli("schema").stdout)
    assert "bookings" in schema["properties"]
    booking = schema["$defs"]["Booking"]["properties"]
    assert {"offer", "modules", "cost_eur", "funded", "registration_deadline"} <= set(booking)


def test_replan_refusal_through_the_installed_command(koordination: Path) -> None:
    """The executable: a --from before today is a usage error, the file stays as it was."""
    env = dict(os.environ, QPLAN_TODAY="2027-07-20", NO_COLOR="1")
    before = koordination.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "qplan", "replan", str(koordination), "--from", "2027-01-01"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 2 and "Traceback" not in result.stderr and koordination.read_bytes() == before


def test_one_date_for_several_modules_writes_no_anchors(koordination: Path, day) -> None:  # type: ignore[no-untyped-def]
    day("2027-02-15")
    assert run_cli("done", str(koordination), "M01", "M03", "M02", "--date", "2027-02-01").code == 0
    text = koordination.read_text(encoding="utf-8")
    assert text.count("done_on: 2027-02-01") == 3 and "&id" not in text and "*id" not in text
