"""The funding rules file: read like the catalogue, every problem at its line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, Result, run_cli

DATA = ROOT / "tests" / "data" / "funding"
GOOD = (DATA / "rules.yaml").read_text(encoding="utf-8")


def test_the_shipped_rules_are_consistent_fictional_and_sourced() -> None:
    result = run_cli("funding", "check", "--json")
    assert result.code == 0, result.stdout
    text = (ROOT / "data" / "funding.yaml").read_text(encoding="utf-8")
    assert "FREI ERFUNDEN" in text and "(fiktiv)" in text
    import yaml

    data = yaml.safe_load(text)
    for key in ("office", "share", "cap_per_participation", "cap_per_inhouse_event", "settings", "target_groups"):
        assert data[key]["source"], key
    assert all(b["source"] for b in data["budgets"])


def check_changed(tmp_path: Path, old: str, new: str) -> tuple[Path, Result]:
    """`qplan funding check` on the good rules with `old` replaced by `new`."""
    path = tmp_path / "foerderung.yaml"
    assert old in GOOD
    path.write_text(GOOD.replace(old, new), encoding="utf-8")
    return path, run_cli("funding", "check", str(path))


@pytest.mark.parametrize(
    ("old", "new", "where", "words"),
    [
        ("share: {percent: 50,", "share: {percent: 150,", "5:18", "höchstens 100"),
        ("share: {percent: 50,", 'share: {percent: "50 %",', "5:18", "ganze Zahl erwartet"),
        ("cap_per_participation: {eur: 300,", "cap_per_participation: {eur: -5,", "6:30", "mindestens 0"),
        ("cap_per_participation: {eur: 300,", "cap_per_participation: {eur: 100001,", "6:30", "höchstens 100000"),
        ("  - {year: 2027, eur: 1000,", "  - {year: 2027, eur: 99999999999,", "14:23", "höchstens 1000000000"),
        ("  - {year: 2027,", "  - {year: 1899,", "14:12", "mindestens 2000"),
        ("settings: {eligible: [inhouse,", "settings: {eligible: [online,", "8:23", "„inhouse“"),
        ("share: {percent: 50,", "share: {prozent: 50,", "5:9", "unbekannter Schlüssel"),
    ],
)
def test_schema_problems_name_line_and_column(tmp_path: Path, old: str, new: str, where: str, words: str) -> None:
    path, result = check_changed(tmp_path, old, new)
    assert result.code == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith(f"{path}:{where}: [Fehler] ")]
    assert any(words in line for line in lines), result.stderr


@pytest.mark.parametrize(
    ("old", "new", "code", "where"),
    [
        (
            'budgets:\n  - {year: 2027, eur: 1000, source: "Test"}',
            'budgets:\n  - {year: 2027, eur: 1000, source: "Test"}\n  - {year: 2027, eur: 5, source: "Test"}',
            "QF101",
            "15:12",
        ),
        ("cap_per_inhouse_event: {eur: 400,", "cap_per_inhouse_event: {eur: 200,", "QF102", "7:30"),
        ("eligible: [inhouse, regional, zentral]", "eligible: [inhouse, regional, inhouse]", "QF103", "8:42"),
    ],
)
def test_consistency_rules_name_line_and_column(tmp_path: Path, old: str, new: str, code: str, where: str) -> None:
    path, result = check_changed(tmp_path, old, new)
    assert result.code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:{where}: [Fehler] ") and first.endswith(f"({code})"), first


def test_every_command_that_needs_the_rules_stops_with_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "foerderung.yaml"
    bad.write_text(GOOD.replace("share: {percent: 50,", "share: {percent: 150,"), encoding="utf-8")
    plan = str(DATA / "anna.yaml")
    providers = ["--providers", str(DATA / "providers.yaml")]
    for args in (
        [*providers, "--funding", str(bad), "funding", plan],
        [*providers, "funding", plan, "--funding", str(bad)],
        [*providers, "funding", "report", plan, "--year", "2027", "--funding", str(bad)],
        [*providers, "--funding", str(bad), "export", plan, "--markdown", "-"],
    ):
        result = run_cli(*args)
        assert result.code == 2, (args, result.stderr)
        assert f"{bad}:5:18: [Fehler]" in result.stderr and "Förderregeln" in result.stderr
        assert "Traceback" not in result.stderr


def test_a_plan_file_given_as_rules_is_named(tmp_path: Path) -> None:
    result = run_cli("funding", "check", str(DATA / "anna.yaml"))
    assert result.code == 2 and "wie ein Plan-Dokument" in result.stderr


def test_funding_rules_are_listed_by_qplan_rules() -> None:
    listing = run_cli("rules")
    assert all(code in listing.stdout for code in ("QF101", "QF102", "QF103"))
    assert "Förderregeln" in listing.stdout
    assert run_cli("rules", "QF102").code == 0
