"""Calendar files that behave (issue 14): re-exports update, dropped modules are cancelled,
reminders and registration deadlines, checked with a real calendar program (khal)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.kit import khal_binary, khal_calendar, run_cli

__all__ = ["khal_binary"]  # still importable from here; it lives in tests/kit.py


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    result = run_cli(
        "plan", "--format", "basis", "--field", "koordination", "--start", "2027-03", "--offers",
        "--learner", "Erika Muster", "--out", str(path),
    )  # fmt: skip
    assert result.code == 0, result.stderr
    return path


def events(path: Path) -> dict[str, object]:
    return {str(e["UID"]): e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


def test_reexport_updates_sequence_and_cancels_dropped(plan: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    assert run_cli("export", str(plan), "--ics", str(target), "--reminder", "2d").code == 0
    first = events(target)
    presence = [e for e in first.values() if str(e["TRANSP"]) == "OPAQUE"]
    assert presence and all(e.walk("VALARM") for e in presence)  # type: ignore[attr-defined]
    assert str(presence[0].walk("VALARM")[0]["TRIGGER"].to_ical(), "ascii") == "-P2D"  # type: ignore[attr-defined]
    deadlines = [e for e in first.values() if str(e["SUMMARY"]).startswith("Anmeldeschluss")]
    assert deadlines and all(e.walk("VALARM") for e in deadlines)  # type: ignore[attr-defined]
    # Unchanged plan: same SEQUENCE; a moved module: SEQUENCE + 1; a dropped one: CANCELLED.
    assert run_cli("export", str(plan), "--ics", str(target), "--force", "--reminder", "2d").code == 0
    assert {u: int(e["SEQUENCE"]) for u, e in events(target).items()} == {u: 0 for u in first}  # type: ignore[index]
    text = plan.read_text(encoding="utf-8")
    m02_block = text[text.index("- id: M02") :]
    moved_date = m02_block.split("date: ", 1)[1][:10]
    text = text.replace(f"date: {moved_date}", "date: 2027-03-03", 1)
    m05 = text.index("  - id: M05")
    end = text.index("  - id:", m05 + 5)
    plan.write_text(text[:m05] + text[end:], encoding="utf-8")
    assert run_cli("export", str(plan), "--ics", str(target), "--force", "--reminder", "2d").code == 0
    after = events(target)
    changed = next(e for u, e in after.items() if "-M02@" in u)
    dropped = next(e for u, e in after.items() if "-M05@" in u)
    assert int(changed["SEQUENCE"]) == 1  # type: ignore[index]
    assert str(dropped["STATUS"]) == "CANCELLED" and int(dropped["SEQUENCE"]) == 1  # type: ignore[index]
    assert set(after) == set(first)


def test_khal_holds_each_event_once_with_the_latest_dates(plan: Path, tmp_path: Path) -> None:
    calendar = khal_calendar(tmp_path, "lernplan")
    khal, vdir, env = calendar.binary, calendar.vdir, calendar.env
    target = tmp_path / "plan.ics"

    def import_export() -> None:
        done = subprocess.run(
            [khal, "import", "--batch", "-a", "lernplan", str(target)], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr

    assert run_cli("export", str(plan), "--ics", str(target)).code == 0
    import_export()
    text = plan.read_text(encoding="utf-8")
    first_presence = text.split("phase: praesenz", 1)[1].split("date: ", 1)[1][:10]
    plan.write_text(text.replace(f"date: {first_presence}", "date: 2027-03-10", 1), encoding="utf-8")
    m05 = plan.read_text(encoding="utf-8")
    start = m05.index("  - id: M05")
    end = m05.index("  - id:", start + 5)
    plan.write_text(m05[:start] + m05[end:], encoding="utf-8")
    assert run_cli("export", str(plan), "--ics", str(target), "--force").code == 0
    import_export()
    stored = {}
    for item in vdir.glob("*.ics"):
        for event in Calendar.from_ical(item.read_bytes()).walk("VEVENT"):
            uid = str(event["UID"])
            assert uid not in stored, f"{uid} twice"
            stored[uid] = event
    exported = events(target)
    assert set(stored) == set(exported)
    for uid, event in exported.items():
        assert stored[uid].decoded("DTSTART") == event.decoded("DTSTART")  # type: ignore[attr-defined]
        assert str(stored[uid].get("STATUS", "")) == str(event.get("STATUS", ""))  # type: ignore[attr-defined]
    moved = [e for e in stored.values() if str(e.decoded("DTSTART"))[:10] == "2027-03-10"]
    assert moved  # the latest date, not the first
    dropped = next(e for u, e in stored.items() if "-M05@" in u)
    assert str(dropped["STATUS"]) == "CANCELLED"
    windows = [e for e in stored.values() if str(e["SUMMARY"]).startswith("Selbstlernen")]
    assert windows and all(str(e["TRANSP"]) == "TRANSPARENT" for e in windows)
    listing = subprocess.run([khal, "list", "01.03.2027", "30d"], env=env, capture_output=True, text=True)
    assert listing.returncode == 0 and "10.03.2027" in listing.stdout  # khal itself shows the moved day
    assert listing.stdout.count(" M01 ") == 1


def test_reminder_in_weeks(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    assert run_cli("plan", "--format", "einfuehrung", "--start", "2027-03", "--out", str(plan)).code == 0
    target = tmp_path / "w.ics"
    assert run_cli("export", str(plan), "--ics", str(target), "--reminder", "1w").code == 0
    assert "TRIGGER:-P7D" in target.read_text(encoding="utf-8") or "TRIGGER:-P1W" in target.read_text(encoding="utf-8")
    assert run_cli("export", str(plan), "--ics", str(tmp_path / "d.ics"), "--reminder", "400d").code == 0


def test_khal_shows_an_attended_module_as_a_normal_event(plan: Path, tmp_path: Path) -> None:
    """Issue 19: after `qplan done` a re-export keeps the days attended; khal lists them, not cancelled."""
    calendar = khal_calendar(tmp_path, "lernplan")
    khal, env = calendar.binary, calendar.env
    target = tmp_path / "plan.ics"
    assert run_cli("export", str(plan), "--ics", str(target)).code == 0
    imported = subprocess.run([khal, "import", "--batch", "-a", "lernplan", str(target)], env=env, capture_output=True)
    assert imported.returncode == 0
    first = next(e for e in events(target).values() if "-M01@" in str(e["UID"]))
    day = first.decoded("DTSTART").date()  # type: ignore[attr-defined]
    os.environ["QPLAN_TODAY"] = day.isoformat()
    try:
        assert run_cli("done", str(plan), "M01").code == 0
        assert run_cli("export", str(plan), "--ics", str(target), "--force").code == 0
    finally:
        os.environ["QPLAN_TODAY"] = "2026-11-25"
    imported = subprocess.run([khal, "import", "--batch", "-a", "lernplan", str(target)], env=env, capture_output=True)
    assert imported.returncode == 0
    listing = subprocess.run(
        [khal, "list", day.strftime("%d.%m.%Y"), "1d"], env=env, capture_output=True, text=True, check=False
    )
    line = next(line for line in listing.stdout.splitlines() if "M01" in line)
    assert "(teilgenommen)" in line and "CANCELLED" not in line.upper()
