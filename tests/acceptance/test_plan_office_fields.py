"""What a plan file records for the Koordinierungsstelle (issue 23): the home
Regierungsbezirk and the target group, both optional, set by option or asked by the advisor."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli


def test_home_and_target_group_are_written_and_read_back(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    result = run_cli(
        "plan", "--format", "basis", "--field", "koordination", "--start", "2027-03",
        "--home", "Freiburg", "--target-group", "Fachkräfte", "--out", str(plan),
    )  # fmt: skip
    assert result.code == 0, result.stderr
    text = plan.read_text(encoding="utf-8")
    assert "\nhome: freiburg\ntarget_group: fachkraefte\nmodules:\n" in text
    assert run_cli("check", str(plan)).code == 0


def test_without_them_nothing_is_written(tmp_path: Path) -> None:
    result = run_cli("plan", "--format", "basis", "--field", "koordination", "--start", "2027-03", "--out", "-")
    assert result.code == 0
    assert "home:" not in result.stdout and "target_group:" not in result.stdout


def test_an_unknown_target_group_is_a_usage_error() -> None:
    result = run_cli("plan", "--format", "einfuehrung", "--target-group", "beamte")
    assert result.code == 2
    assert "--target-group beamte" in result.stderr and "kommunal, fachkraefte, ehrenamt" in result.stderr
