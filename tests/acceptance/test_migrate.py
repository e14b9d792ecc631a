"""Catalogue editions and `qplan migrate` (issue 26), with a test edition that renames one module
(M14 → M19) and splits another (M13 → M20 + M21)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import CATALOG_PATH

TEST_EDITION = "2030-test"


def _replace(node: Any, old: str, new: list[str]) -> Any:
    """Every reference to module `old` in the catalogue becomes `new` (one or more ids)."""
    if isinstance(node, dict):
        result = {}
        for key, value in node.items():
            if key == old:
                for part in new:
                    result[part] = _replace(value, old, new)
            else:
                result[key] = _replace(value, old, new)
        if result.get("grundlagen_module") == old:
            result["grundlagen_module"] = new[0]
        return result
    if isinstance(node, list):
        out: list[Any] = []
        for item in node:
            if item == old:
                out.extend(new)
            elif isinstance(item, dict) and item.get("id") == old:
                for index, part in enumerate(new):
                    copy = _replace(dict(item), old, new)
                    copy["id"] = part
                    if len(new) > 1:
                        copy["wst"] = item["wst"] // len(new)
                        copy["title"] = f"{item['title']} (Teil {index + 1})"
                        copy.pop("number", None)
                    out.append(copy)
            else:
                out.append(_replace(item, old, new))
        return out
    return node


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = yaml.safe_load(CATALOG_PATH.read_text(encoding="utf-8"))
    data = _replace(data, "M14", ["M19"])
    data = _replace(data, "M13", ["M20", "M21"])
    data["edition"] = {"id": TEST_EDITION, "date": "2030", "source": "Testausgabe für qplans Tests (fiktiv)"}
    data["migration"] = {
        "from_edition": "2019",
        "source": "Testausgabe (fiktiv)",
        "steps": [
            {"kind": "renamed", "old": ["M14"], "new": ["M19"], "reason": "neue Nummer in der Testausgabe"},
            {"kind": "split", "old": ["M13"], "new": ["M20", "M21"], "reason": "zwei Hälften in der Testausgabe"},
        ],
    }
    path = tmp_path_factory.mktemp("edition") / "katalog-2030.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def plan(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "plan.yaml"
    done = cli("plan", "--format", "basis", "--field", "koordination", "--start", "2027-01", "--out", str(path))
    assert done.code == 0, done.stderr
    monkeypatch.setenv("QPLAN_TODAY", "2027-02-01")  # a month into the plan: M13 is done
    text = path.read_text(encoding="utf-8")
    text = text.replace("  - id: M13", "  # mein Praxisprojekt im Quartier\n  - id: M13", 1)
    path.write_text(text + "# Ende meines Plans\n", encoding="utf-8")
    assert cli("done", str(path), "M13", "--date", "2027-01-20").code == 0
    assert cli("recognise", str(path), "M14", "--reason", "Zertifikat Netzwerkarbeit").code == 0
    return path


def _entries(path: Path) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in yaml.safe_load(path.read_text(encoding="utf-8"))["modules"]}


def test_the_test_edition_is_a_valid_catalogue(cli, edition: Path) -> None:
    done = cli("catalog", "check", str(edition))
    assert done.code == 0, done.stdout + done.stderr


def test_written_plans_record_their_edition(cli, plan: Path) -> None:
    assert yaml.safe_load(plan.read_text(encoding="utf-8"))["catalog_edition"] == "2019"


def test_dry_run_shows_and_writes_nothing(cli, plan: Path, edition: Path) -> None:
    before = plan.read_bytes()
    done = cli("migrate", str(plan), "--to", str(edition), "--dry-run")
    assert done.code == 0, done.stderr
    assert f"Ausgabe 2019 → {TEST_EDITION}" in done.stderr
    assert "M14 heißt jetzt M19 (neue Nummer in der Testausgabe)." in done.stderr
    assert "M13 ist geteilt in M20, M21 (erledigt/anerkannt gilt für jeden Teil)" in done.stderr
    assert "Probelauf: nichts geschrieben." in done.stderr
    assert plan.read_bytes() == before


def test_migrate_keeps_marks_and_comments(cli, plan: Path, edition: Path) -> None:
    done = cli("migrate", str(plan), "--to", str(edition))
    assert done.code == 0, done.stderr
    assert "Geschrieben." in done.stderr
    text = plan.read_text(encoding="utf-8")
    assert "# mein Praxisprojekt im Quartier" in text and "# Ende meines Plans" in text
    assert f"catalog_edition: {TEST_EDITION}" in text or f'catalog_edition: "{TEST_EDITION}"' in text
    entries = _entries(plan)
    assert "M13" not in entries and "M14" not in entries
    assert entries["M19"]["recognised"]["reason"] == "Zertifikat Netzwerkarbeit"
    for part in ("M20", "M21"):
        assert entries[part]["done"] is True
        assert str(entries[part]["done_on"]) == "2027-01-20"
        assert entries[part]["wst"] == 3
    # valid under the new edition; the old catalogue warns that it is of another edition
    checked = cli("--catalog", str(edition), "check", str(plan))
    assert "[Fehler]" not in checked.stdout + checked.stderr, checked.stdout + checked.stderr
    old = cli("check", str(plan), "--format", "json")
    codes = {f["code"] for f in json.loads(old.stdout)["files"][0]["findings"]}
    assert "QP601" in codes
    # a second run changes nothing
    again = cli("migrate", str(plan), "--to", str(edition))
    assert again.code == 0 and "Schon auf dieser Ausgabe; unverändert." in again.stderr


def test_plan_without_edition_is_taken_as_the_previous_one(cli, plan: Path, edition: Path) -> None:
    plan.write_text(plan.read_text(encoding="utf-8").replace('catalog_edition: "2019"\n', ""), encoding="utf-8")
    done = cli("migrate", str(plan), "--to", str(edition), "--json")
    assert done.code == 0, done.stderr
    (result,) = json.loads(done.stdout)
    assert result["from_edition"] is None and result["written"] is True
    assert result["changes"][0] == "Ausgabe nicht angegeben; angenommen: 2019."


def test_plan_of_another_edition_is_left_alone(cli, plan: Path, edition: Path) -> None:
    plan.write_text(plan.read_text(encoding="utf-8").replace('catalog_edition: "2019"', 'catalog_edition: "2025"'))
    before = plan.read_bytes()
    done = cli("migrate", str(plan), "--to", str(edition))
    assert done.code == 1
    assert "nur Pläne der Ausgabe 2019" in done.stderr
    assert plan.read_bytes() == before


def test_a_dropped_done_module_needs_consent(cli, plan: Path, edition: Path, tmp_path: Path) -> None:
    data = yaml.safe_load(edition.read_text(encoding="utf-8"))
    data["migration"]["steps"].append({"kind": "dropped", "old": ["V01"], "reason": "entfällt (Test)"})
    data["modules"] = [m for m in data["modules"] if m["id"] != "V01"]
    data["competence_map"]["modules"].pop("V01", None)
    dropping = tmp_path / "katalog-ohne-v01.yaml"
    dropping.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    vertiefung = tmp_path / "v.yaml"
    vertiefung.write_text(
        "format: vertiefung\nmodules:\n  - {id: V01, phase: praesenz, wst: 6, done: true, done_on: 2026-03-02}\n  - {id: V02, phase: praesenz, wst: 6}\n"
    )
    before = vertiefung.read_bytes()
    done = cli("migrate", str(vertiefung), "--to", str(dropping))
    assert done.code == 1, done.stderr
    assert "V01 entfällt in Ausgabe 2030-test (entfällt (Test)), ist aber erledigt" in done.stderr
    assert vertiefung.read_bytes() == before
    done = cli("migrate", str(vertiefung), "--to", str(dropping), "--allow-drop")
    assert done.code == 0, done.stderr
    assert list(_entries(vertiefung)) == ["V02"]


def test_a_wrong_migration_table_is_a_catalogue_error(cli, edition: Path, tmp_path: Path) -> None:
    text = edition.read_text(encoding="utf-8").replace("- M20\n    - M21\n    reason", "- M99\n    reason", 1)
    broken = tmp_path / "kaputt.yaml"
    broken.write_text(text, encoding="utf-8")
    done = cli("catalog", "check", str(broken))
    assert done.code == 1
    assert "(QK120)" in done.stdout + done.stderr
    assert "Neues Modul M99 steht nicht im Katalog." in done.stdout + done.stderr


def test_migrate_through_the_installed_command(plan: Path, edition: Path) -> None:
    qplan = Path(sys.executable).parent / "qplan"
    env = {**os.environ, "QPLAN_TODAY": "2027-02-01"}
    done = subprocess.run(
        [str(qplan), "migrate", str(plan), "--to", str(edition)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "Geschrieben." in done.stderr
