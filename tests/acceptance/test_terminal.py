"""On a real (pseudo-)terminal: colour where it helps, NO_COLOR turns off colour only, the
layout follows the terminal's width (issue 13)."""

from __future__ import annotations

import re

from tests.kit import ROOT, run_on_terminal

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


def test_show_names_each_finding_once_on_a_terminal() -> None:
    path = str(ROOT / "tests" / "examples" / "invalid" / "qp304-wochenende.yaml")
    screen, code = on_terminal(["show", path], columns=100, NO_COLOR="1")
    assert code == 1
    assert screen.count("ist ein Wochenende. (QP304)") == 1
    assert screen.count("(QP311)") == 1 and screen.count("(QP305)") == 1


def test_self_assessment_is_asked_once_and_kept_in_the_plan(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from tests.conftest import run_cli

    plan = tmp_path / "plan.yaml"
    assert run_cli("plan", "--format", "basis", "--field", "koordination", "--out", str(plan)).code == 0
    plan.write_text(plan.read_text(encoding="utf-8").replace("format:", "# meine Notiz\nformat:", 1), encoding="utf-8")
    screen, code = run_on_terminal(["profile", str(plan), "--self"], answers=b"3\n2\n1\n0\n3\n2\n1\n0\n3\n2\n")
    assert code == 0, screen
    assert "Einschätzung gespeichert" in screen
    text = plan.read_text(encoding="utf-8")
    assert "# meine Notiz" in text and "self_assessment:" in text  # the learner's comment stays
    own = {
        c["id"]: c["self_assessment"] for c in json.loads(run_cli("profile", str(plan), "--json").stdout)["competences"]
    }
    assert own["FK1"] == 3 and own["FK4"] == 0 and own["MK5"] == 2
    assert run_cli("check", str(plan)).code == 0
