"""Every example file is a test: valid ones check clean, invalid ones produce what they say."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.kit import run_cli

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
VALID = sorted((EXAMPLES / "valid").glob("*.y*ml"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.y*ml"))
EXPECT = re.compile(r"# erwartet: (QP\d{3})(?: Zeile (\d+))?")


def findings(path: Path) -> list[tuple[str, int | None]]:
    result = run_cli("check", "--format", "json", str(path))
    data = json.loads(result.stdout)
    return sorted((f["code"], f["line"]) for f in data["files"][0]["findings"])


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_example(path: Path) -> None:
    assert findings(path) == []
    result = run_cli("show", str(path))
    assert result.code == 0, result.stderr


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_example(path: Path) -> None:
    expected = sorted((code, int(line) if line else None) for code, line in EXPECT.findall(path.read_text()))
    assert expected, f"{path.name} states no expected finding"
    assert findings(path) == expected


def test_every_rule_has_an_invalid_example() -> None:
    from qplan.rules import RULES

    covered = {code for path in INVALID for code, _ in EXPECT.findall(path.read_text())}
    plan_rules = {code for code, rule in RULES.items() if rule.kind == "plan"}
    assert plan_rules <= covered, sorted(plan_rules - covered)


def test_every_rule_passes_in_some_valid_example() -> None:
    from qplan.rules import RULES

    passing: set[str] = set()
    for path in VALID:
        data = json.loads(run_cli("show", "--json", str(path)).stdout)
        passing |= {c["code"] for c in data["checks"] if c["ok"] and c["applies"]}
    plan_rules = {code for code, rule in RULES.items() if rule.kind == "plan"}
    assert plan_rules - {"QP001", "QP002", "QP003", "QP004", "QP005"} <= passing


def test_example_folder_in_one_run() -> None:
    result = run_cli("check", str(EXAMPLES / "valid"), str(EXAMPLES / "invalid"), "--format", "json")
    data = json.loads(result.stdout)
    assert result.code == 1
    assert data["summary"]["files"] == len(VALID) + len(INVALID)
    assert {f["path"] for f in data["files"] if f["ok"]} >= {str(p) for p in VALID}
