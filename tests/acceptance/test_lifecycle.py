"""A learner's plan over 18 months (issue 15): done, recognise, undo, replan, offers, show,
on the file the learner owns, with comments kept, concurrent changes safe, bad input refused."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.kit import installed_qplan, process_env, run_cli

COMMENT = "# Mein Lernplan – Notizen bitte nicht löschen!"


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
    data = json.loads(run_cli("check", str(path), "--json", env={"QPLAN_TODAY": today}).stdout)
    return {f["code"] for f in data["files"][0]["findings"] if f["severity"] != "info"}


def comments_kept(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert COMMENT in text and "# die Basisqualifizierung" in text and "# M05 mit der Kollegin zusammen" in text
    assert oct(path.stat().st_mode & 0o777) == "0o640"


def test_eighteen_months(plan: Path, tmp_path: Path) -> None:
    dates = {m["id"]: m.get("date") for m in json.loads(run_cli("show", str(plan), "--json").stdout)["modules"]}
    # Winter: the first three modules done, on their days.
    day = "2027-02-15"
    done = run_cli(
        "done", str(plan), "M01", "M03", "m02", "--note", "Teilnahmebescheinigung liegt vor", env={"QPLAN_TODAY": day}
    )
    assert done.code == 0, done.stderr
    assert "M01: erledigt am" in done.stdout
    comments_kept(plan)
    assert codes(plan, day) == set()
    # Spring: a date is missed – show calls it overdue.
    late = "2027-06-20"
    shown = json.loads(run_cli("show", str(plan), "--json", env={"QPLAN_TODAY": late}).stdout)
    overdue = {o["module"] for o in shown["progress"]["overdue"]}
    assert overdue and all(dates[m] and dates[m] < late for m in overdue)
    # Replan the rest from July: done stays, the rest moves, the calendar follows.
    ics = tmp_path / "plan.ics"
    assert run_cli("export", str(plan), "--ics", str(ics), env={"QPLAN_TODAY": late}).code == 0
    dry = run_cli("replan", str(plan), "--from", "2027-07-01", "--dry-run", env={"QPLAN_TODAY": late})
    assert dry.code == 0 and "→" in dry.stdout and "unverändert" in dry.stderr
    before = plan.read_bytes()
    assert run_cli("replan", str(plan), "--from", "2027-07-01", env={"QPLAN_TODAY": late}).code == 0
    assert plan.read_bytes() != before
    comments_kept(plan)
    after = {
        m["id"]: m
        for m in json.loads(run_cli("show", str(plan), "--json", env={"QPLAN_TODAY": late}).stdout)["modules"]
    }
    assert all(after[m]["done"] for m in ("M01", "M02", "M03"))
    assert all(m["done"] or (m["date"] and m["date"] >= "2027-07-01") for m in after.values())
    assert not codes(plan, late) - {"QP301", "QP311"}  # what may no longer fit is said, not hidden
    assert run_cli("export", str(plan), "--ics", str(ics), "--force", env={"QPLAN_TODAY": late}).code == 0
    events = {str(e["UID"]): e for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")}
    moved = [e for e in events.values() if int(e["SEQUENCE"]) > 0]
    assert moved and all(e.decoded("DTSTART").isoformat() >= "2027-07-01" for e in moved)
    # Recognition: M05 learned elsewhere, partly.
    rec = run_cli(
        "recognise",
        str(plan),
        "M05",
        "--reason",
        "VHS-Zertifikat 2025",
        "--by",
        "KVJS",
        "--wst",
        "4",
        env={"QPLAN_TODAY": late},
    )
    assert rec.code == 0 and "4 von 6 WSt" in rec.stdout
    assert {"QP201", "QP203"} <= codes(plan, late)  # 2 WSt are still missing, and say so
    comments_kept(plan)
    # Offers for the rest only.
    offers = run_cli("replan", str(plan), "--from", "2027-07-01", "--offers", env={"QPLAN_TODAY": late})
    assert offers.code == 0, offers.stderr
    final = json.loads(run_cli("show", str(plan), "--json", env={"QPLAN_TODAY": late}).stdout)
    for module in final["modules"]:
        if module["id"] in ("M01", "M02", "M03", "M05"):
            assert module["done"] and not module.get("offer")
    progress = final["progress"]["phases"]["total"]
    assert progress["done"] == 3 and progress["recognised"] == 1
    shown = run_cli("show", str(plan), env={"QPLAN_TODAY": late})
    assert "Fortschritt" in shown.stdout and "anerkannt 1" in shown.stdout
    comments_kept(plan)
    assert run_cli("undo", str(plan), "M05", env={"QPLAN_TODAY": late}).code == 0
    assert not next(
        m
        for m in json.loads(run_cli("show", str(plan), "--json", env={"QPLAN_TODAY": late}).stdout)["modules"]
        if m["id"] == "M05"
    )["done"]


@pytest.mark.parametrize("pair", [("M01", "M02"), ("M03", "M05"), ("M06", "M07")])
def test_two_changes_at_once_lose_nothing(plan: Path, pair: tuple[str, str]) -> None:
    # Two real processes (the installed command) at once: only processes can race.
    env = process_env({"QPLAN_TODAY": "2027-03-01"})
    procs = [
        subprocess.Popen([installed_qplan(), "done", str(plan), mid], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for mid in pair
    ]  # fmt: skip
    assert all(p.wait(timeout=60) == 0 for p in procs)
    data = json.loads(run_cli("show", str(plan), "--json").stdout)
    assert {m["id"] for m in data["modules"] if m["done"]} == set(pair)
    comments_kept(plan)


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
    result = run_cli(*(a.replace("{plan}", str(plan)) for a in args))
    assert result.code == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert plan.read_bytes() == before


def test_a_read_only_plan_is_not_changed(plan: Path) -> None:
    os.chmod(plan, 0o444)
    before = plan.read_bytes()
    result = run_cli("done", str(plan), "M01")
    assert result.code == 2 and "schreibgeschützt" in result.stderr
    assert plan.read_bytes() == before and [p.name for p in plan.parent.iterdir()] == ["plan.yaml"]


def test_json_names_the_change(plan: Path) -> None:
    data = json.loads(run_cli("done", str(plan), "M01", "--json", "--date", "2026-12-01").stdout)
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
