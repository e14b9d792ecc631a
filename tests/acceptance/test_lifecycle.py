"""A learner's plan over 18 months (issue 15): done, recognise, undo, replan, offers, show,
on the file the learner owns, with comments kept, concurrent changes safe, bad input refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import run_cli

COMMENT = "# Mein Lernplan – Notizen bitte nicht löschen!"


def qplan(*args: str, today: str = "2026-11-25") -> subprocess.CompletedProcess[str]:
    """A command in-process (tests/kit.py), as of `today`; shaped like a finished process."""
    result = run_cli(*args, env={"QPLAN_TODAY": today})
    return subprocess.CompletedProcess(list(args), result.code, result.stdout, result.stderr)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    result = run_cli("plan", "--format", "basis", "--field", "koordination", "--start", "2026-12", "--out", str(path))
    assert result.code == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    text = text.replace("format: basis", f"{COMMENT}\nformat: basis  # die Basisqualifizierung", 1)
    text = text.replace("  - id: M05", "  # M05 mit der Kollegin zusammen\n  - id: M05", 1)
    path.write_text(text, encoding="utf-8")
    os.chmod(path, 0o640)
    return path


def codes(path: Path, today: str) -> set[str]:
    data = json.loads(qplan("check", str(path), "--json", today=today).stdout)
    return {f["code"] for f in data["files"][0]["findings"] if f["severity"] != "info"}


def comments_kept(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert COMMENT in text and "# die Basisqualifizierung" in text and "# M05 mit der Kollegin zusammen" in text
    assert oct(path.stat().st_mode & 0o777) == "0o640"


def test_eighteen_months(plan: Path, tmp_path: Path) -> None:
    dates = {m["id"]: m.get("date") for m in json.loads(qplan("show", str(plan), "--json").stdout)["modules"]}
    # Winter: the first three modules done, on their days.
    day = "2027-02-15"
    done = qplan("done", str(plan), "M01", "M03", "m02", "--note", "Teilnahmebescheinigung liegt vor", today=day)
    assert done.returncode == 0, done.stderr
    assert "M01: erledigt am" in done.stdout
    comments_kept(plan)
    assert codes(plan, day) == set()
    # Spring: a date is missed – show calls it overdue.
    late = "2027-06-20"
    shown = json.loads(qplan("show", str(plan), "--json", today=late).stdout)
    overdue = {o["module"] for o in shown["progress"]["overdue"]}
    assert overdue and all(dates[m] and dates[m] < late for m in overdue)
    # Replan the rest from July: done stays, the rest moves, the calendar follows.
    ics = tmp_path / "plan.ics"
    assert qplan("export", str(plan), "--ics", str(ics), today=late).returncode == 0
    dry = qplan("replan", str(plan), "--from", "2027-07-01", "--dry-run", today=late)
    assert dry.returncode == 0 and "→" in dry.stdout and "unverändert" in dry.stderr
    before = plan.read_bytes()
    assert qplan("replan", str(plan), "--from", "2027-07-01", today=late).returncode == 0
    assert plan.read_bytes() != before
    comments_kept(plan)
    after = {m["id"]: m for m in json.loads(qplan("show", str(plan), "--json", today=late).stdout)["modules"]}
    assert all(after[m]["done"] for m in ("M01", "M02", "M03"))
    assert all(m["done"] or (m["date"] and m["date"] >= "2027-07-01") for m in after.values())
    assert not codes(plan, late) - {"QP305", "QP311"}  # no error: a written plan passes its check
    assert qplan("export", str(plan), "--ics", str(ics), "--force", today=late).returncode == 0
    events = {str(e["UID"]): e for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")}
    moved = [e for e in events.values() if int(e["SEQUENCE"]) > 0]
    assert moved and all(e.decoded("DTSTART").isoformat() >= "2027-07-01" for e in moved)
    # Recognition: M05 learned elsewhere, partly.
    rec = qplan(
        "recognise", str(plan), "M05", "--reason", "VHS-Zertifikat 2025", "--by", "KVJS", "--wst", "4", today=late
    )
    assert rec.returncode == 0 and "4 von 6 WSt" in rec.stdout and "die übrigen 2 WSt bleiben offen" in rec.stdout
    assert not codes(plan, late) - {"QP305", "QP311"}  # the rest is done in the module: still valid
    comments_kept(plan)
    # Offers for the rest only.
    offers = qplan("replan", str(plan), "--from", "2027-07-01", "--offers", today=late)
    assert offers.returncode == 0, offers.stderr
    final = json.loads(qplan("show", str(plan), "--json", today=late).stdout)
    for module in final["modules"]:
        if module["id"] in ("M01", "M02", "M03"):
            assert module["done"] and not module.get("offer")
    assert not next(m for m in final["modules"] if m["id"] == "M05")["done"]  # 2 WSt still to do
    progress = final["progress"]["phases"]["total"]
    assert progress["done"] == 3 and progress["recognised"] == 0 and progress["partly_recognised"] == 1
    shown = qplan("show", str(plan), today=late)
    assert "Fortschritt" in shown.stdout and "(teilweise anerkannt 1)" in shown.stdout
    comments_kept(plan)
    assert qplan("undo", str(plan), "M05", today=late).returncode == 0
    assert not next(
        m for m in json.loads(qplan("show", str(plan), "--json", today=late).stdout)["modules"] if m["id"] == "M05"
    )["done"]


def test_two_changes_at_once_lose_nothing(plan: Path) -> None:
    ids = ["M01", "M02", "M03", "M05", "M06", "M07"]
    env = dict(os.environ, QPLAN_TODAY="2027-03-01", NO_COLOR="1")
    procs = [  # six changes at once
        subprocess.Popen([sys.executable, "-m", "qplan", "done", str(plan), mid, "--yes"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for mid in ids
    ]  # fmt: skip
    assert all(p.wait(timeout=60) == 0 for p in procs)
    data = json.loads(qplan("show", str(plan), "--json").stdout)
    assert {m["id"] for m in data["modules"] if m["done"]} >= set(ids)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("done", "{plan}", "M99"), "M99: Dieses Modul gibt es im Katalog nicht"),
        (("done", "{plan}", "M04"), "M04: Das Modul steht nicht im Plan"),
        (("done", "{plan}", "M01", "--date", "31.02.2027"), "kein gültiges Datum"),
        (("recognise", "{plan}", "M02", "--reason", "x", "--wst", "9"), "hat 6 WSt"),
        (("replan", "{plan}", "--from", "morgen"), "erwartet wird JJJJ-MM-TT"),
    ],
)
def test_bad_input_leaves_the_file_alone(plan: Path, args: tuple[str, ...], message: str) -> None:
    before = plan.read_bytes()
    result = qplan(*(a.replace("{plan}", str(plan)) for a in args))
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert plan.read_bytes() == before


def test_a_read_only_plan_is_not_changed(plan: Path) -> None:
    os.chmod(plan, 0o444)
    before = plan.read_bytes()
    result = qplan("done", str(plan), "M01")
    assert result.returncode == 2 and "schreibgeschützt" in result.stderr
    assert plan.read_bytes() == before and [p.name for p in plan.parent.iterdir()] == ["plan.yaml"]


def test_json_names_the_change(plan: Path) -> None:
    data = json.loads(qplan("done", str(plan), "M01", "--json", "--date", "2026-12-01", today="2027-01-10").stdout)
    assert data["changes"] == [{"module": "M01", "what": "erledigt am Di 01.12.2026", "old": None, "new": "2026-12-01"}]
    assert data["written"] is True and any(m["id"] == "M01" and m["done"] for m in data["modules"])


def test_what_if_names_the_difference_from_the_reference() -> None:
    result = run_cli("plan", "--format", "basis", "--field", "steuerung", "--drop", "M16", "--add", "M05", "--json")
    difference = json.loads(result.stdout)["difference"]
    assert [m["id"] for m in difference["added"]] == ["M05"] and [m["id"] for m in difference["removed"]] == ["M16"]
    assert difference["budgets"]["praesenz"] == {"actual": 48, "expected": 54, "difference": -6}
    text = run_cli("plan", "--format", "basis", "--field", "steuerung", "--drop", "M16").stdout
    assert (
        "Abweichung von der Referenz der Spur:" in text
        and "− M16" in text
        and "Präsenz: 48 statt 54 WSt (-6 WSt)" in text
    )
