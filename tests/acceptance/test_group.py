"""`qplan plan --offers --group`: a fixed learning group on the shipped example offers (issue 24)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

MEMBERS = str(ROOT / "tests" / "data" / "teams" / "musterstadt.csv")
BASIS = ("plan", "--format", "basis", "--field", "koordination", "--start", "2027-03", "--offers")


def test_a_group_of_40_names_each_module_and_its_most_free_seats() -> None:
    result = run_cli(*BASIS, "--group", "40")
    assert result.code == 1
    reasons = re.findall(r"Hinweis: (M\d\d): höchstens (\d+) freie Plätze \(Gruppe: 40 Personen\)", result.stdout)
    assert {m for m, _ in reasons} == {
        "M01",
        "M02",
        "M03",
        "M05",
        "M06",
        "M07",
        "M08",
        "M09",
        "M11",
        "M13",
        "M14",
        "M15",
    }
    assert all(int(n) < 40 for _, n in reasons)
    data = json.loads(run_cli(*BASIS, "--group", "40", "--json").stdout)
    assert "M07: höchstens 23 freie Plätze (Gruppe: 40 Personen)" in data["group"]["seat_problems"]


def test_a_group_of_15_books_only_offers_with_15_free_seats(catalog) -> None:  # type: ignore[no-untyped-def]
    from qplan.run.data import load_providers

    result = run_cli(*BASIS, "--group", "15", "--json")
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    offers = load_providers(None, catalog).offer_by_id
    booked = {m["offer"] for m in data["modules"] if m.get("offer")}
    assert booked and all(offers[o].seats - offers[o].booked >= 15 for o in booked)
    assert data["group"]["size"] == 15


def test_members_file_writes_one_plan_per_member_with_one_group_id(tmp_path: Path) -> None:
    folder = tmp_path / "gruppe"
    result = run_cli("plan", "--format", "einfuehrung", "--start", "2027-03", "--offers", "--group", MEMBERS,
                     "--out-dir", str(folder))  # fmt: skip
    assert result.code == 0, result.stderr
    assert "14 Pläne geschrieben" in result.stderr
    assert "Anna" not in result.stdout + result.stderr  # names only in each member's own file
    files = sorted(folder.iterdir())
    assert len(files) == 14
    texts = {p.name: p.read_text(encoding="utf-8") for p in files}
    ids = {re.search(r"group: \{id: (\S+), size: 14\}", t).group(1) for t in texts.values()}  # type: ignore[union-attr]
    assert len(ids) == 1
    assert 'learner: "Anna Adler"' in texts["anna-adler.yaml"]
    assert all("Anna" not in t for name, t in texts.items() if name != "anna-adler.yaml")
    offers = {tuple(re.findall(r"offer: (\S+)", t)) for t in texts.values()}
    assert len(offers) == 1  # the whole group on the same offers
    check = run_cli("check", str(folder))
    assert check.code == 0, check.stdout
    again = run_cli("plan", "--format", "einfuehrung", "--offers", "--group", MEMBERS, "--out-dir", str(folder))
    assert again.code == 2 and "mit --force" in again.stderr  # nothing overwritten unasked


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("plan", "--format", "einfuehrung", "--group", "5"), "--group gilt nur zusammen mit --offers"),
        (("plan", "--format", "einfuehrung", "--out-dir", "x"), "--out-dir gilt nur zusammen mit --group"),
        (("plan", "--format", "einfuehrung", "--offers", "--group", "0"), "Gruppengröße von 1 bis"),
        (("plan", "--format", "einfuehrung", "--offers", "--group", "fehlt.csv"), "weder eine Zahl"),
    ],
)
def test_group_usage_errors(args: tuple[str, ...], message: str) -> None:
    result = run_cli(*args)
    assert result.code == 2 and message in result.stderr


def test_a_bad_members_file_is_reported_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "mitglieder.csv"
    path.write_text("name\nAnna\nanna\n", encoding="utf-8")
    result = run_cli("plan", "--format", "einfuehrung", "--offers", "--group", str(path))
    assert result.code == 2
    assert f"{path}:3:1: [Fehler] „anna“ steht doppelt im Team (zuerst in Zeile 2)" in result.stderr


def test_group_through_the_installed_executable(tmp_path: Path) -> None:
    qplan = shutil.which("qplan")
    if qplan is None:
        pytest.skip("qplan ist nicht installiert (pip install -e .)")
    done = subprocess.run(
        [qplan, *BASIS, "--group", "40"],
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_COLOR="1"),
        check=False,
    )
    assert done.returncode == 1
    assert "M07: höchstens 23 freie Plätze" in done.stdout


def test_a_yaml_members_file_may_be_a_plain_list_of_names(tmp_path: Path) -> None:
    members = tmp_path / "mitglieder.yaml"
    members.write_text("- Anna Adler\n- Bernd Berg\n", encoding="utf-8")
    folder = tmp_path / "gruppe"
    result = run_cli("plan", "--format", "einfuehrung", "--offers", "--group", str(members), "--out-dir", str(folder))
    assert result.code == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["anna-adler.yaml", "bernd-berg.yaml"]
