"""`qplan coverage` and `qplan demand` (issue 23) on skewed data with known cells: a thin
Regierungsbezirk, an empty half-year, a full offer, an online offer, an over-subscribed offer,
demand without an offer, a plan with an error and a broken file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Result, run_cli
from tests.office_data import write_plans, write_providers


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("office")
    return write_providers(folder), write_plans(folder)


def coverage(providers: Path, *args: str) -> Result:
    return run_cli("--providers", str(providers), "coverage", *args)


def test_coverage_cells(data: tuple[Path, Path]) -> None:
    result = coverage(data[0], "--from", "2027-01", "--until", "2028-06-30", "--json")
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    assert [h["id"] for h in report["half_years"]] == ["2027-H1", "2027-H2", "2028-H1"]
    cells = {(c["module"], c["area"], c["half_year"]): c for c in report["cells"]}
    assert len(cells) == 30 * 5 * 3
    m01 = cells[("M01", "stuttgart", "2027-H1")]
    assert (m01["offers"], m01["offer_ids"], m01["free_seats"], m01["gap"]) == (1, ["S1"], 14, False)
    assert (cells[("M01", "stuttgart", "2027-H2")]["offers"], cells[("M01", "stuttgart", "2027-H2")]["free_seats"]) == (
        1,
        0,
    )  # full
    assert cells[("M01", "karlsruhe", "2027-H1")]["free_seats"] == 12
    assert cells[("M11", "freiburg", "2027-H1")]["offer_ids"] == ["F1"]
    assert cells[("M15", "freiburg", "2027-H1")]["offer_ids"] == ["F1"]
    online = cells[("M02", "online", "2027-H1")]
    assert (online["offers"], online["free_seats"], online["gap"]) == (1, 30, False)
    assert cells[("M02", "stuttgart", "2027-H1")]["gap"] is True  # online does not fill a region
    assert cells[("E01", "online", "2027-H1")]["gap"] is False  # online without offer is no gap
    # The thin region and the empty half-year: every cell a gap.
    assert all(c["gap"] for c in report["cells"] if c["area"] == "tuebingen")
    assert all(c["gap"] for c in report["cells"] if c["half_year"] == "2028-H1" and c["area"] != "online")
    filled = [k for k, c in cells.items() if c["offers"]]
    assert sorted(filled) == sorted(
        [
            ("M01", "stuttgart", "2027-H1"),
            ("M03", "stuttgart", "2027-H1"),
            ("M01", "stuttgart", "2027-H2"),
            ("M01", "karlsruhe", "2027-H1"),
            ("M11", "freiburg", "2027-H1"),
            ("M15", "freiburg", "2027-H1"),
            ("M02", "online", "2027-H1"),
        ]
    )
    assert report["gaps"] == 30 * 4 * 3 - 6


def test_coverage_text_fits_80_columns_and_fail_on_gap(data: tuple[Path, Path]) -> None:
    result = coverage(data[0], "--until", "2027-12-31")
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "M01   1/14       1/12       Lücke      Lücke      –" in lines
    assert "M02   Lücke      Lücke      Lücke      Lücke      1/30" in lines
    assert "2027-H2 (Juli–Dezember 2027)" in lines
    assert lines[-1] == "Lücken: 234 von 240 Zellen (Modul × Bezirk × Halbjahr)."
    assert coverage(data[0], "--fail-on-gap").code == 1


def test_coverage_of_the_shipped_example_shows_the_missing_vertiefung() -> None:
    result = run_cli("coverage", "--from", "2027-01", "--until", "2027-06-30")
    assert result.code == 0
    assert "In keinem Bezirk angeboten: V07, V08, V09, V10, V11" in result.stdout
    assert "fiktiv" in result.stdout


def test_coverage_bad_input(data: tuple[Path, Path], tmp_path: Path) -> None:
    result = coverage(data[0], "--from", "2027-06", "--until", "2027-01-31")
    assert result.code == 2 and "--until" in result.stderr
    broken = tmp_path / "kaputt.yaml"
    broken.write_text(data[0].read_text(encoding="utf-8").replace("provider: p-k", "provider: p-x"), encoding="utf-8")
    result = coverage(broken)
    assert result.code == 2
    assert "QA102" in result.stderr and "kaputt.yaml:" in result.stderr and "Traceback" not in result.stderr


def demand(providers: Path, *args: str) -> Result:
    return run_cli("--providers", str(providers), "demand", *args)


def test_demand_counts(data: tuple[Path, Path]) -> None:
    result = demand(data[0], str(data[1]), "--json")
    assert result.code == 1, result.stderr
    report = json.loads(result.stdout)
    assert (report["files"], report["counted"], report["with_errors"], report["unusable"]) == (27, 25, 1, 1)
    assert report["over_subscribed"] == ["F1"]
    offers = {o["offer"]: o for o in report["offers"]}
    assert (offers["F1"]["planned"], offers["F1"]["free_seats"], offers["F1"]["seats"]) == (20, 14, 16)
    assert (offers["S1"]["planned"], offers["S1"]["free_seats"], offers["S1"]["over_subscribed"]) == (2, 14, False)
    cells = {(c["module"], c["area"], c["half_year"]): c for c in report["cells"]}
    assert set(cells) == {
        ("M01", "stuttgart", "2027-H1"),
        ("M02", "stuttgart", "2027-H1"),
        ("V07", "tuebingen", "2027-H1"),
        ("M11", "freiburg", "2027-H1"),
        ("M15", "freiburg", "2027-H1"),
    }
    assert cells[("V07", "tuebingen", "2027-H1")]["without_offer"] is True
    assert cells[("V07", "tuebingen", "2027-H1")]["by_target_group"] == [
        {"target_group": "ehrenamt", "booked": 0, "open": 3}
    ]
    assert cells[("M02", "stuttgart", "2027-H1")]["without_offer"] is False  # the online offer serves it
    assert cells[("M11", "freiburg", "2027-H1")]["booked"] == 20
    assert report["target_groups"] == [
        {"target_group": "kommunal", "plans": 20, "booked": 40, "open": 0},
        {"target_group": "fachkraefte", "plans": 2, "booked": 2, "open": 2},
        {"target_group": "ehrenamt", "plans": 3, "booked": 0, "open": 3},
    ]


def test_demand_text_names_counts_only(data: tuple[Path, Path]) -> None:
    result = demand(data[0], str(data[1]))
    assert result.code == 1
    out = result.stdout
    assert "  F1 M11 M15, Freiburg 2027-H1: 20 geplant, 14 frei" in out
    assert "  V07, Tübingen 2027-H1: 3 offen, kein Angebot" in out
    assert "27 Datei(en) gelesen: 25 Plan/Pläne ohne Fehler gezählt," in out
    assert max(len(line) for line in out.splitlines()) <= 80
    for name in ("f00", "kaputt", "fehler", "plaene"):
        assert name not in out  # no file of a learner in the report
    # The broken file is listed on stderr with its first error, never silently dropped.
    assert "kaputt.yaml:3:1: [Fehler]" in result.stderr and "(QP001)" in result.stderr


def test_demand_ok_and_empty_folder(data: tuple[Path, Path], tmp_path: Path) -> None:
    result = demand(data[0], str(data[1] / "andere" / "s0.yml"))
    assert result.code == 0, result.stdout + result.stderr
    assert "Überbuchte Angebote: 0" in result.stdout
    empty = tmp_path / "leer"
    empty.mkdir()
    result = demand(data[0], str(empty))
    assert result.code == 2 and "Keine Plan-Dateien" in result.stderr


def test_demand_stops_on_a_broken_providers_file(data: tuple[Path, Path], tmp_path: Path) -> None:
    broken = tmp_path / "angebote.yaml"
    broken.write_text(data[0].read_text(encoding="utf-8").replace("seats: 12", "seats: zwoelf"), encoding="utf-8")
    result = demand(broken, str(data[1]))
    assert result.code == 2
    assert f"{broken}:11:" in result.stderr and "offers[3].seats" in result.stderr and "(QP002)" in result.stderr
    assert result.stdout == ""


def test_demand_through_the_installed_executable_with_the_pool(data: tuple[Path, Path], tmp_path: Path) -> None:
    html = tmp_path / "nachfrage.html"
    env = {**os.environ, "COLUMNS": "80"}
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "qplan"),
            "--providers",
            str(data[0]),
            "demand",
            str(data[1]),
            "--jobs",
            "2",
            "--html",
            str(html),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "F1 M11 M15, Freiburg 2027-H1: 20 geplant, 14 frei" in done.stdout
    text = html.read_text(encoding="utf-8")
    assert "F1 (überbucht)" in text and "f00" not in text


def test_progress_bar_on_a_terminal_only(data: tuple[Path, Path]) -> None:
    from tests.conftest import run_on_terminal

    screen, code = run_on_terminal(["--providers", str(data[0]), "demand", str(data[1])], columns=80)
    assert code == 1 and "Zähle" in screen and "20 geplant, 14 frei" in screen
    assert "Zähle" not in demand(data[0], str(data[1])).stderr  # off a terminal: no bar
