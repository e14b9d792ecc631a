"""`qplan team`: a municipality's team advised member by member, in-house proposals, pooling,
and team files checked like plan files (issue 24)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

TEAMS = ROOT / "tests" / "data" / "teams"
MUSTERSTADT = str(TEAMS / "musterstadt.csv")


def test_the_readme_team_gets_one_inhouse_event() -> None:
    """14 members, 10 Verwaltung and 4 Ehrenamt, all for an overview: E01 inhouse for 14."""
    result = run_cli("team", MUSTERSTADT, "--start", "2027-03")
    assert result.code == 0, result.stderr
    assert "Team musterstadt" in result.stdout and "14 Personen" in result.stdout
    assert "E01 inhouse: 14 Personen" in result.stdout
    assert result.stdout.count(": Einführungsqualifizierung") == 14
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    data = json.loads(run_cli("team", MUSTERSTADT, "--start", "2027-03", "--json").stdout)
    (team,) = data["teams"]
    assert team["people"] == 14
    assert {m["format"] for m in team["members"]} == {"einfuehrung"}
    assert team["proposals"] == [{"module": "E01", "half_year": "2027-H1", "people": 14, "setting": "inhouse"}]
    assert data["inhouse_min_group"] == 8 and data["inhouse_min_group_assumed"] is True


def test_a_qualifying_member_gets_a_basis_path_counted_per_half_year() -> None:
    data = json.loads(run_cli("team", str(TEAMS / "talheim.csv"), "--start", "2027-03", "--json").stdout)
    (team,) = data["teams"]
    tina = next(m for m in team["members"] if m["name"] == "Tina Thiel")
    assert (tina["format"], tina["field"]) == ("basis", "koordination")
    counts = {(c["module"], c["half_year"]): c["people"] for c in team["headcounts"]}
    assert counts[("E01", "2027-H1")] == 5
    assert counts[("M01", "2027-H1")] == 1
    assert sum(c["people"] for c in team["headcounts"] if c["module"].startswith("M")) == len(tina["modules"])
    # below the minimum everywhere: regional offers, never an in-house event
    assert all(p["setting"] == "regional" for p in team["proposals"])


def test_two_teams_reach_together_what_neither_reaches_alone() -> None:
    result = run_cli("team", str(TEAMS / "talheim.csv"), str(TEAMS / "bergdorf.yaml"), "--pool", "--start", "2027-03")
    assert result.code == 0, result.stderr
    assert "E01 inhouse gemeinsam: 9 Personen; allein jeweils zu klein" in result.stdout
    data = json.loads(
        run_cli(
            "team", str(TEAMS / "talheim.csv"), str(TEAMS / "bergdorf.yaml"), "--pool", "--start", "2027-03", "--json"
        ).stdout
    )
    pooled = [p for p in data["pool"] if p["pooled"]]
    assert pooled == [
        {
            "module": "E01",
            "half_year": "2027-H1",
            "people": 9,
            "setting": "inhouse",
            "pooled": True,
            "teams": [{"team": "talheim", "people": 5}, {"team": "Bergdorf", "people": 4}],
        }
    ]


def test_a_pool_with_a_team_large_enough_alone_is_not_only_together() -> None:
    data = json.loads(
        run_cli("team", MUSTERSTADT, str(TEAMS / "bergdorf.yaml"), "--pool", "--start", "2027-03", "--json").stdout
    )
    (e01,) = [p for p in data["pool"] if p["module"] == "E01"]
    assert e01["people"] == 18 and e01["pooled"] is False and e01["setting"] == "inhouse"


def test_pool_needs_two_files() -> None:
    result = run_cli("team", MUSTERSTADT, "--pool")
    assert result.code == 2 and "--pool braucht mindestens zwei" in result.stderr


BAD_CSV = (
    "name,rolle,vorkenntnisse,zeil\nAnna,verwaltng,keine,ueberblick\nAnna,kommunal,ja,überblick\n,ehrenamt,keine,x\n"
)


def test_a_bad_csv_team_file_names_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    result = run_cli("team", str(path))
    assert result.code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert f"{path}:1:1: [Fehler] Spalte „ziel“ fehlt (nötig: name, rolle, vorkenntnisse, ziel). (QT001)" in lines
    assert f"{path}:1:4: [Fehler] Unbekannte Spalte „zeil“ (meinten Sie „ziel“?). (QT001)" in lines
    assert any(
        line.startswith(f"{path}:2:2: [Fehler] Spalte „rolle“: „verwaltng“ ist keine bekannte Rolle") for line in lines
    )
    assert any(
        line.startswith(f"{path}:3:1: [Fehler] „Anna“ steht doppelt im Team (zuerst in Zeile 2)") for line in lines
    )
    assert any(
        line.startswith(f"{path}:3:3: [Fehler] Spalte „vorkenntnisse“: „ja“ ist nicht vorgesehen") for line in lines
    )
    assert f"{path}:4:1: [Fehler] Person ohne Namen (Spalte „name“). (QT004)" in lines
    assert "Anna" not in result.stdout


def test_a_bad_yaml_team_file_suggests_the_role(tmp_path: Path) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(
        "team: Musterstadt\nmembers:\n"
        "  - {name: Anna, rolle: kommunal, vorkenntnisse: keine, ziel: ueberblick}\n"
        "  - {name: Ben, rolle: stuerung, vorkenntnisse: keine, ziel: ueberblick, modul: V01}\n"
        "  - name: anna\n    rolle: ehrenamt\n    vorkenntnisse: keine\n",
        encoding="utf-8",
    )
    result = run_cli("team", str(path))
    assert result.code == 2
    assert (
        "team.yaml:4:24: [Fehler] Spalte „rolle“: „stuerung“ ist keine bekannte Rolle (meinten Sie „steuerung“?)"
        in result.stderr
    )
    assert "team.yaml:4:74: [Fehler] Unbekannter Schlüssel „modul“ (meinten Sie „module“?). (QT001)" in result.stderr
    assert "team.yaml:5:5: [Fehler] „ziel“ fehlt bei dieser Person. (QT001)" in result.stderr
    assert "„anna“ steht doppelt im Team (zuerst in Zeile 3)" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("a: [\n", "Kein gültiges YAML"),
        ("", "Die Datei ist leer"),
        ("- 3\n", "Erwartet eine Person"),
        ("team: X\n", "Erwartet eine Liste von Personen"),
        ("members: []\n", "Die Datei nennt keine Person."),
    ],
)
def test_unusable_team_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "team.yaml"
    path.write_text(content, encoding="utf-8")
    result = run_cli("team", str(path))
    assert result.code == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_a_missing_file_and_html_without_overwrite(tmp_path: Path) -> None:
    assert run_cli("team", str(tmp_path / "fehlt.csv")).code == 2
    target = tmp_path / "team.html"
    target.write_text("mein Text", encoding="utf-8")
    result = run_cli("team", MUSTERSTADT, "--html", str(target))
    assert result.code == 2 and target.read_text(encoding="utf-8") == "mein Text"


def test_team_through_the_installed_executable(tmp_path: Path) -> None:
    qplan = shutil.which("qplan")
    if qplan is None:
        pytest.skip("qplan ist nicht installiert (pip install -e .)")
    done = subprocess.run(
        [qplan, "team", MUSTERSTADT, "--start", "2027-03"],
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_COLOR="1"),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "E01 inhouse: 14 Personen" in done.stdout


def test_the_catalogue_maps_every_target_group_to_an_advisor_role(catalog) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from qplan.rules.catalog import check_catalog

    assert [f for f in check_catalog(catalog) if f.code == "QK109"] == []
    broken = replace(catalog, teams=replace(catalog.teams, target_groups={"kommunal": "verwaltung"}))
    (finding,) = [f for f in check_catalog(broken) if f.code == "QK109"]
    assert "Zielgruppe kommunal: Rolle „verwaltung“ kennt die Beratung nicht" in finding.message


def test_a_start_in_the_past_is_refused() -> None:
    result = run_cli("team", MUSTERSTADT, "--start", "2020-01")
    assert result.code == 2 and "liegt in der Vergangenheit" in result.stderr


def test_pool_reports_each_team_by_its_name_never_a_person_in_the_pool_section() -> None:
    result = run_cli("team", str(TEAMS / "talheim.csv"), str(TEAMS / "bergdorf.yaml"), "--pool", "--start", "2027-03")
    pool = result.stdout.split("Gemeinsam (", 1)[1]
    assert "talheim 5" in pool and "Bergdorf 4" in pool and "Olaf" not in pool
