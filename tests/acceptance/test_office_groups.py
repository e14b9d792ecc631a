"""`qplan demand` with fixed learning groups (issue 24): a group's files count its size once
per offer, however many of its members' files are read; the groups and the in-house
proposals are reported apart, in text, JSON and printed HTML, never with a name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.kit import ROOT, Result, pdf_text, print_to_pdf, run_cli
from tests.office_data import HEAD, booking, write_providers

NAME = "Erika Musterfrau"
FREIBURG = ("F1", "Träger Freiburg (fiktiv)", "Freiburg, Haus C")
STUTTGART = ("S1", "Träger Stuttgart (fiktiv)", "Stuttgart, Haus A")


def plan(n: int, *, home: str, target: str, organisation: str, group: tuple[str, int] | None, modules: str) -> str:
    text = HEAD + f'learner: "{NAME} {n}"\norganisation: "{organisation}"\nhome: {home}\ntarget_group: {target}\n'
    if group is not None:
        text += f"group: {{id: {group[0]}, size: {group[1]}}}\n"
    return text + "modules:\n" + modules


F1 = booking("M11", "2027-03-15", *FREIBURG) + booking("M15", "2027-03-16", *FREIBURG)
S1 = booking("M01", "2027-03-01", *STUTTGART)


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A group of 12 with all 12 files on F1 (Stadt Freiburg); a group of 5 with 1 file on F1;
    a group of 12 with only the leader's file on S1 (Stadt Stuttgart); 3 single learners of
    Stadt Stuttgart on S1."""
    folder = tmp_path_factory.mktemp("office-groups")
    providers = write_providers(folder)
    plans = folder / "plaene"
    for n in range(12):
        text = plan(
            n, home="freiburg", target="kommunal", organisation="Stadt Freiburg", group=("G-aaaa1111", 12), modules=F1
        )
        write(plans / "gruppe-a", f"a{n:02d}.yaml", text)
    text = plan(0, home="freiburg", target="ehrenamt", organisation="Gemeinde Au", group=("G-bbbb2222", 5), modules=F1)
    write(plans / "gruppe-b", "b00.yaml", text)
    text = plan(
        0, home="stuttgart", target="fachkraefte", organisation="Stadt  Stuttgart", group=("G-cccc3333", 12), modules=S1
    )
    write(plans / "gruppe-c", "c00.yaml", text)
    for n in range(3):
        text = plan(n, home="stuttgart", target="fachkraefte", organisation="Stadt Stuttgart", group=None, modules=S1)
        write(plans / "einzeln", f"e{n}.yaml", text)
    return providers, plans


def demand(providers: Path, *args: str) -> Result:
    return run_cli("--providers", str(providers), "demand", *args)


def report(providers: Path, *paths: Path) -> dict[str, Any]:
    result = demand(providers, *map(str, paths), "--json")
    assert result.code in (0, 1), result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def planned(data: dict[str, Any]) -> dict[str, int]:
    return {o["offer"]: o["planned"] for o in data["offers"]}


def test_a_group_counts_its_size_once_per_offer(data: tuple[Path, Path]) -> None:
    providers, plans = data
    full = report(providers, plans)
    assert full["counted"] == 17  # 12 + 1 + 1 + 3 files
    # F1: group A (12, all files) + group B (5, one file) = 17, not 13 files and not 12 × 12.
    # S1: group C (12, only the leader's file) + 3 single learners = 15.
    assert planned(full) == {"F1": 17, "S1": 15}
    assert set(full["over_subscribed"]) == {"S1", "F1"}  # 14 free seats each
    cells = {(c["module"], c["area"]): c for c in full["cells"]}
    assert cells[("M11", "freiburg")]["booked"] == 17
    assert cells[("M11", "freiburg")]["by_target_group"] == [
        {"target_group": "ehrenamt", "booked": 5, "open": 0},
        {"target_group": "kommunal", "booked": 12, "open": 0},
    ]
    assert cells[("M01", "stuttgart")]["by_target_group"] == [{"target_group": "fachkraefte", "booked": 15, "open": 0}]
    # Only one file of group A: still 12 seats; all files or one, the count is the same.
    alone = report(providers, plans / "gruppe-a" / "a07.yaml")
    assert planned(alone) == {"F1": 12}
    assert alone["learning_groups"] == [{"size": 12, "files": 1, "offers": [{"offer": "F1", "seats": 12}]}]
    # Two of its files: still the one group of 12.
    twice = report(providers, plans / "gruppe-a" / "a00.yaml", plans / "gruppe-a" / "a01.yaml")
    assert planned(twice) == {"F1": 12}


def test_groups_and_proposals_apart_in_json(data: tuple[Path, Path]) -> None:
    full = report(*data)
    assert full["learning_groups"] == [
        {"size": 12, "files": 12, "offers": [{"offer": "F1", "seats": 12}]},
        {"size": 12, "files": 1, "offers": [{"offer": "S1", "seats": 12}]},
        {"size": 5, "files": 1, "offers": [{"offer": "F1", "seats": 5}]},
    ]
    # The catalogue's minimum for an in-house event is 8 (a marked assumption): Stadt Freiburg
    # reaches it with its group for M11 and M15; Stadt Stuttgart with its group of 12 and 3
    # single learners (whitespace in the organisation folded); Gemeinde Au (5) does not.
    assert full["inhouse"] == {
        "min_group": 8,
        "min_group_assumed": True,
        "proposals": [
            {"organisation": "Stadt Stuttgart", "module": "M01", "half_year": "2027-H1", "people": 15},
            {"organisation": "Stadt Freiburg", "module": "M11", "half_year": "2027-H1", "people": 12},
            {"organisation": "Stadt Freiburg", "module": "M15", "half_year": "2027-H1", "people": 12},
        ],
    }


def test_text_reports_groups_and_proposals_without_names(data: tuple[Path, Path]) -> None:
    result = demand(data[0], str(data[1]))
    assert result.code == 1, result.stderr
    out = result.stdout
    assert "Feste Lerngruppen: 3 (je Angebot einmal mit ihrer Größe gezählt," in out
    assert "  Gruppe 1: 12 Personen, 12 Datei(en); Plätze: F1 12" in out
    assert "  Gruppe 3: 5 Personen, 1 Datei(en); Plätze: F1 5" in out
    assert "  S1 M01 M03, Stuttgart 2027-H1: 15 geplant, 14 frei" in out
    assert "  M01 inhouse 2027-H1: 15 Personen · Stadt Stuttgart" in out
    assert "Inhouse-Vorschläge: 3 (Präsenzmodul im Halbjahr, ab 8 Personen" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    for text in (out, demand(data[0], str(data[1]), "--json").stdout):
        assert NAME not in text and "G-aaaa1111" not in text and "a00" not in text


def test_printed_html_has_groups_and_proposals(data: tuple[Path, Path], tmp_path: Path) -> None:
    html = tmp_path / "nachfrage.html"
    result = demand(data[0], str(data[1]), "--html", str(html))
    assert result.code == 1, result.stderr
    source = html.read_text(encoding="utf-8")
    assert NAME not in source and "G-cccc3333" not in source
    text = pdf_text(print_to_pdf(html))
    flat = " ".join(text.split())
    assert "Feste Lerngruppen" in flat and "Inhouse-Vorschläge" in flat
    assert "Gruppe 1 12 12 F1 (12)" in flat and "Gruppe 3 5 1 F1 (5)" in flat
    assert "M01 2027-H1 (Januar–Juni 2027) Stadt Stuttgart 15" in flat
    assert NAME not in flat


def test_plans_written_by_plan_group_are_counted_and_compositions_are_not() -> None:
    """`qplan plan --offers` writes `provider:` when every booked offer is of one provider (as in
    tests/office/lerngruppe): such a plan is a learner's, not a provider's composition."""
    result = run_cli("demand", str(ROOT / "tests" / "office" / "lerngruppe"), "--json")
    assert result.code == 1, result.stderr  # A00127: 14 planned, 12 free
    data = json.loads(result.stdout)
    assert (data["counted"], data["compositions"]) == (3, 0)
    assert planned(data) == {"A00127": 14}
    assert data["inhouse"]["proposals"] == [
        {"organisation": "Gemeinde Musterstadt (fiktiv)", "module": "E01", "half_year": "2027-H1", "people": 14}
    ]
    composition = ROOT / "tests" / "examples" / "valid" / "traeger-steuerung-ohne-termine.yml"
    data = json.loads(run_cli("demand", str(composition), "--json").stdout)
    assert (data["counted"], data["compositions"]) == (0, 1)
