"""`done`, `recognise`, `undo` and `replan` read a plan file with forgiving spellings
(`format: Basis`, `id: m07`) as `qplan check` does, each with its hint (QP005)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.kit import EXAMPLES, run_cli


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    text = (EXAMPLES / "valid" / "koordination-unterwegs.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("format: basis", "format: Basis").replace("- id: M07", "- id: m07"), "utf-8")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("done", "M07", "--date", "2026-11-20"),
        ("recognise", "m07", "--reason", "Nachweis"),
        ("undo", "M01"),
        ("replan", "--dry-run"),
    ],
)
def test_the_lifecycle_commands_read_forgiving_spellings(plan: Path, args: tuple[str, ...]) -> None:
    result = run_cli(args[0], str(plan), *args[1:])
    assert result.code == 0, result.stderr
    hint = f"{plan}:37:9: [Hinweis] „m07“ gelesen als „M07“; bitte so schreiben. (QP005)"
    assert hint in result.stderr.splitlines()
    assert f"{plan}:4:9: [Hinweis] „Basis“ gelesen als „basis“; bitte so schreiben. (QP005)" in result.stderr


def test_the_hint_stays_in_the_json_and_the_file_keeps_its_spelling(plan: Path) -> None:
    result = run_cli("done", str(plan), "m07", "--date", "2026-11-20", "--json")
    assert result.code == 0 and result.stderr == ""
    data = json.loads(result.stdout)
    assert [c["module"] for c in data["changes"]] == ["M07"] and data["written"]
    assert {"QP005"} <= {f["code"] for f in data["findings"]}
    text = plan.read_text(encoding="utf-8")
    assert "- id: m07" in text and "format: Basis" in text and "done_on: 2026-11-20" in text


def test_a_short_list_keeps_its_other_bare_ids(tmp_path: Path) -> None:
    """The trainers' short form `modules: [M01, …]`: only the marked entry gets keys, the other
    ids stay bare, the list and its comments stay where they were, and `undo` gives back the
    bare id; the file still ends with a line end."""
    ids = ["M01", "m02", "M03", "M05", "M06", "M07", "M08", "M09", "M11", "M13", "M14", "M15"]
    path = tmp_path / "kurz.yaml"
    head = "format: basis\nfield: koordination\nstart: 2026-10-01\n"
    path.write_text(f"{head}modules: [{', '.join(ids)}]  # alle\n# Ende\n", "utf-8")
    assert run_cli("done", str(path), "M02", "--date", "2026-11-20").code == 0
    lines = path.read_text("utf-8").splitlines()
    marked = "{id: m02, done: true, done_on: 2026-11-20}"
    assert lines[3].split("]")[0] + "]" == f"modules: [{', '.join([ids[0], marked, *ids[2:]])}]"
    assert lines[3].endswith("# alle") and lines[4:] == ["# Ende"]
    assert run_cli("undo", str(path), "M02").code == 0
    text = path.read_text("utf-8")
    assert text.startswith(f"{head}modules: [{', '.join(ids)}]") and text.endswith("# alle\n# Ende\n")
    assert run_cli("check", str(path)).code == 0


def test_a_refused_change_names_the_places_of_the_file_on_disk(tmp_path: Path) -> None:
    """The write gate refuses a change to a file that has errors already: it names them where
    `qplan check` finds them in the file as it is, not in the changed text it did not write."""
    path = tmp_path / "plan.yaml"
    text = (EXAMPLES / "valid" / "koordination-unterwegs.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("- id: M07", "- id: M99"), "utf-8")
    before = path.read_bytes()
    checked = [line for line in run_cli("check", str(path)).stdout.splitlines() if "[Fehler]" in line]
    refused = run_cli("done", str(path), "M01", "--yes")
    assert refused.code == 1 and path.read_bytes() == before
    assert checked and all(line in refused.stderr.splitlines() for line in checked)
    assert "nach der Änderung" not in refused.stderr
