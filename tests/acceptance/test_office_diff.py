"""`qplan providers diff OLD NEW [--plans PATH…]` (issue 23): per offer what is new,
cancelled, moved or changed, and which plan files booked what changed."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.office_data import write_changed_providers, write_plans, write_providers


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("diff")
    return write_providers(folder), write_changed_providers(folder), write_plans(folder)


def test_every_kind_of_change(files: tuple[Path, Path, Path]) -> None:
    old, new, _ = files
    result = run_cli("providers", "diff", str(old), str(new), "--json")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    kinds = {c["offer"]: c["kind"] for c in data["changes"]}
    assert kinds == {"K1": "cancelled", "S1": "moved", "F1": "changed", "T1": "new"}
    fields = {c["offer"]: c["fields"] for c in data["changes"]}
    assert fields["S1"] == [{"field": "dates", "old": "2027-03-01 2027-03-02", "new": "2027-03-08 2027-03-09"}]
    assert fields["F1"] == [{"field": "seats", "old": "16", "new": "12"}]
    assert "plans" not in data


def test_text_shows_german_dates_within_80_columns(files: tuple[Path, Path, Path]) -> None:
    old, new, _ = files
    result = run_cli("providers", "diff", str(old), str(new))
    assert result.code == 0
    lines = result.stdout.splitlines()
    assert "    Termine: Mo 01.03.2027, Di 02.03.2027 → Mo 08.03.2027, Di 09.03.2027" in lines
    assert "  K1 M01, Karlsruhe 2027-H1" in lines and "    Plätze: 16 → 12" in lines
    assert max(len(line) for line in lines) <= 80


def test_plans_that_booked_what_changed(files: tuple[Path, Path, Path]) -> None:
    old, new, plans = files
    result = run_cli("providers", "diff", str(old), str(new), "--plans", str(plans), "--format", "csv")
    assert result.code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["path", "offers"]
    listed = {Path(path).name: offers for path, offers in rows[1:]}
    assert listed == {"s0.yml": "S1", "s1.yml": "S1", **{f"f{n:02d}.yaml": "F1" for n in range(20)}}
    assert "kaputt.yaml:3:1" in result.stderr  # not silently dropped
    data = json.loads(run_cli("providers", "diff", str(old), str(new), "--plans", str(plans), "--json").stdout)
    assert data["plans_read"] == 27 and len(data["plans"]) == 22


def test_bad_input(files: tuple[Path, Path, Path], tmp_path: Path) -> None:
    old, new, _ = files
    assert run_cli("providers", "diff", str(old), str(new), "--format", "xml").code == 2
    broken = tmp_path / "kaputt.yaml"
    broken.write_text("schema_version: 1\noffers: [\n", encoding="utf-8")
    result = run_cli("providers", "diff", str(old), str(broken))
    assert result.code == 2 and "kaputt.yaml:" in result.stderr and "Traceback" not in result.stderr
    assert run_cli("providers", "diff", str(old), str(tmp_path / "fehlt.yaml")).code == 2
    # The plain listing still works with providers as a group.
    assert run_cli("--providers", str(old), "providers", "--module", "M11").code == 0
