"""On a real (pseudo-)terminal: colour where it helps, NO_COLOR turns off colour only, the
layout follows the terminal's width (issue 13)."""

from __future__ import annotations

import re

from tests.conftest import ROOT, run_on_terminal

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def on_terminal(args: list[str], columns: int = 80, **env: str) -> tuple[str, int]:
    return run_on_terminal(args, env=env, columns=columns)


def test_findings_are_coloured_on_a_terminal_and_not_with_no_color() -> None:
    path = str(ROOT / "tests" / "examples" / "invalid" / "qp304-wochenende.yaml")
    coloured, code = on_terminal(["check", path])
    assert code == 1 and "\x1b[31m[Fehler]" in coloured and "\x1b[33m[Warnung]" in coloured
    plain, code = on_terminal(["check", path], NO_COLOR="1")
    assert code == 1 and not ANSI.search(plain) and "[Fehler]" in plain


def test_no_color_keeps_the_layout_of_the_terminal() -> None:
    args = ["plan", "--format", "basis", "--field", "koordination", "--start", "2027-03"]
    coloured, _ = on_terminal(args, columns=80)
    plain, _ = on_terminal(args, columns=80, NO_COLOR="1")
    assert ANSI.sub("", coloured) == plain
    assert max(len(line) for line in plain.splitlines()) <= 80
    # At 80 columns the titles do not fit a table without cutting words: one card per date.
    assert "…" not in plain and "\nMo 01.03.2027\n  M01 · Präsenz" in plain
