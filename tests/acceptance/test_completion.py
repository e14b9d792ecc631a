"""Shell completion offers values, not file names (issue 21): regions, report formats,
catalogue entries, rule codes, and the module ids after `done PLAN`."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli


def complete(monkeypatch: pytest.MonkeyPatch, line: str) -> list[str]:
    words = line.split()
    monkeypatch.setenv("_QPLAN_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", line)
    monkeypatch.setenv("COMP_CWORD", str(len(words) if line.endswith(" ") else len(words) - 1))
    result = run_cli()
    return result.stdout.split()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("qplan providers --region ", {"stuttgart", "karlsruhe", "freiburg", "tuebingen"}),
        ("qplan providers --setting ", {"inhouse", "regional", "zentral"}),
        ("qplan check --format ", {"text", "json", "github"}),
        ("qplan catalog show LB", {"LB1", "LB2", "LB3"}),
        ("qplan catalog show lb", {"lb1", "lb2", "lb3"}),
        ("qplan catalog show bas", {"basis"}),
        ("qplan rules QP10", {"QP100", "QP101", "QP107"}),
        ("qplan done plan.yaml M0", {"M01", "M02", "M09"}),
        ("qplan recognise plan.yaml M1", {"M10", "M18"}),
    ],
)
def test_values_are_completed(monkeypatch: pytest.MonkeyPatch, line: str, expected: set[str]) -> None:
    offered = set(complete(monkeypatch, line))
    assert expected <= offered, offered
    assert not any("/" in value or value.endswith(".yaml") for value in offered)
