"""Catalogue figures have documented maxima (issue 20): `catalog check` names the line, every
command says the catalogue cannot be used (exit 2) instead of crashing or stalling."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CATALOG_PATH, ROOT, run_cli

SOURCE = CATALOG_PATH.read_text(encoding="utf-8")
PLAN = ROOT / "tests" / "examples" / "valid" / "koordination-drei-veranstaltungen.yaml"
TRACK = "{event_days: 2, duration_months: 18, interval_months: 6, max_events: 3}"

HOSTILE = {
    "duration": (TRACK, TRACK.replace("duration_months: 18", "duration_months: 99999"), "duration_months"),
    "interval": (TRACK, TRACK.replace("interval_months: 6", "interval_months: 99999"), "interval_months"),
    "cadence": ("min_months: 4", "min_months: 99999", "min_months"),
    "event-days": (TRACK, TRACK.replace("event_days: 2", "event_days: 5000"), "event_days"),
    "module-days": ("    days: 1\n", "    days: 400\n", "days"),
}


def hostile(tmp_path: Path, name: str) -> tuple[Path, int]:
    old, new, _ = HOSTILE[name]
    assert old in SOURCE, old
    text = SOURCE.replace(old, new)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path, SOURCE[: SOURCE.index(old)].count("\n") + 1


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_catalog_check_names_the_line(tmp_path: Path, name: str) -> None:
    path, line = hostile(tmp_path, name)
    result = run_cli("catalog", "check", str(path), "--json")
    assert result.code == 2, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert findings and all(f["code"] == "QP002" and "höchstens" in f["message"] for f in findings)
    assert findings[0]["line"] == line and HOSTILE[name][2] in findings[0]["message"]


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize(
    "args",
    [
        ("show", str(PLAN)),
        ("plan", "--format", "basis", "--field", "koordination"),
        ("replan", "--dry-run", str(PLAN)),
        ("replan", "--dry-run", "--offers", str(PLAN)),
    ],
)
def test_every_command_refuses_the_catalogue(tmp_path: Path, name: str, args: tuple[str, ...]) -> None:
    path, _ = hostile(tmp_path, name)
    result = run_cli("--catalog", str(path), *args)
    assert result.code == 2, result.stderr
    assert "Der Katalog" in result.stderr and "nicht verwendbar" in result.stderr


def test_the_bounds_themselves_are_usable(tmp_path: Path) -> None:
    text = (
        SOURCE.replace(TRACK, "{event_days: 5, duration_months: 60, interval_months: 60, max_events: 60}")
        .replace("min_months: 4", "min_months: 60")
        .replace("max_months: 8", "max_months: 60")
    )
    path = tmp_path / "edge.yaml"
    path.write_text(text, encoding="utf-8")
    assert run_cli("catalog", "check", str(path)).code in (0, 1)
    for args in (("plan", "--format", "basis", "--field", "koordination", "--start", "2100-11"), ("show", str(PLAN))):
        result = run_cli("--catalog", str(path), *args)
        assert result.code in (0, 1), result.stderr


def test_time_figures_that_contradict_each_other(tmp_path: Path) -> None:
    text = SOURCE.replace(TRACK, TRACK.replace("duration_months: 18", "duration_months: 4"), 1).replace(
        "min_months: 4", "min_months: 9"
    )
    path = tmp_path / "contradiction.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("catalog", "check", str(path), "--json")
    assert result.code == 1
    found = [(f["code"], f["line"]) for f in json.loads(result.stdout)["findings"] if f["code"] == "QK108"]
    assert found == [
        ("QK108", SOURCE[: SOURCE.index("min_months: 4")].count("\n") + 1),
        ("QK108", SOURCE[: SOURCE.index(TRACK)].count("\n") + 1),
    ]


def test_the_schema_documents_each_bound() -> None:
    from qplan.loading.validation import json_schema
    from qplan.models.catalog import MAX_EVENT_DAYS, MAX_MONTHS, Catalog

    defs = json_schema(Catalog)["$defs"]
    months = defs["Cadence"]["properties"]["min_months"]
    assert months["maximum"] == MAX_MONTHS and "fünf Jahre" in months["description"]
    days = defs["TrackSchedule"]["properties"]["event_days"]
    assert days["maximum"] == MAX_EVENT_DAYS and "Werktagen einer Woche" in days["description"]
