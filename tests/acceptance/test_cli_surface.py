"""A person at a terminal and a script (issue 13): German messages, forgiving input, honest
exit codes and outputs."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from tests.kit import EXAMPLES, ROOT, run_cli, run_on_terminal


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("plan", "--fromat", "basis"), "Unbekannte Option: --fromat. Meinten Sie --format?"),
        (("plna",), "Unbekannter Befehl: plna. Meinten Sie plan oder replan?"),
        (("plan", "--format", "basis", "--field", "koordiantion"), "Meinten Sie „koordination“?"),
        (("plan", "--format", "basis", "--field", "beide", "--offers", "--budget-eur", "-5"), "ganzen Euro"),
        (("check", "x.yaml", "--jobs", "0"), "--jobs 0: erlaubt sind 1 bis 256 Prozesse"),
    ],
)
def test_usage_errors_are_german(args: tuple[str, ...], expected: str) -> None:
    result = run_cli(*args)
    assert result.code == 2
    assert expected in result.stderr
    for english in ("No such", "Possible options", "is not", "Did you mean", "Aufruf fehlerhaft ("):
        assert english not in result.stderr


def test_bare_qplan_shows_the_overview() -> None:
    result = run_cli()
    assert result.code == 0 and "Befehle" in result.stdout and "Fehler" not in result.stderr


@pytest.mark.parametrize("budget", ["1.000", "1000", "1 000 €"])
def test_budget_as_people_write_it(budget: str) -> None:
    result = run_cli("plan", "--format", "einfuehrung", "--offers", "--budget-eur", budget, "--json")
    assert result.code in (0, 1), result.stderr
    assert json.loads(result.stdout)["offers"]["cost_eur"] <= 1000


def test_check_accepts_json_and_strict_says_why(tmp_path: Path) -> None:
    warned = EXAMPLES / "invalid" / "qp305-veranstaltungen.yaml"  # warnings only
    assert json.loads(run_cli("check", str(warned), "--json").stdout)["summary"]["warnings"] >= 1
    strict = run_cli("check", str(warned), "--strict")
    assert strict.code == 1 and "Mit --strict lassen die Warnungen die Prüfung scheitern." in strict.stderr
    relaxed = run_cli("check", str(warned))
    assert relaxed.code == 0 and "--strict" not in relaxed.stderr


def test_incomplete_offer_plan_does_not_claim_to_hold() -> None:
    result = run_cli("plan", "--format", "basis", "--field", "beide", "--offers", "--budget-eur", "300")
    assert result.code == 1
    last = result.stdout.strip().splitlines()[-1]
    assert "alle Regeln" not in last and "unvollständig" in result.stdout


def test_the_number_of_checks_does_not_depend_on_the_run() -> None:
    counts = set()
    for extra in ((), ("--offers",), ("--offers", "--budget-eur", "300"), ("--drop", "M16")):
        data = json.loads(run_cli("plan", "--format", "basis", "--field", "steuerung", *extra, "--json").stdout)
        counts.add(len(data["checks"]))
    assert len(counts) == 1


def test_out_dash_writes_the_plan_to_stdout(tmp_path: Path) -> None:
    result = run_cli("plan", "--format", "einfuehrung", "--start", "2027-03", "--out", "-")
    assert (
        result.code == 0
        and result.stdout.startswith("# yaml-language-server: $schema=")
        and "format: einfuehrung" in result.stdout
    )
    assert not Path("-").exists()


def test_providers_check_takes_its_file_where_the_message_says(tmp_path: Path) -> None:
    result = run_cli("providers", "--check", "--providers", str(ROOT / "data" / "providers.yaml"))
    assert result.code == 0 and "stimmig" in result.stderr


def test_empty_provider_result_names_the_filter() -> None:
    result = run_cli("providers", "--from", "2029-01")
    assert result.code == 0 and "nach --from 2029-01 bleibt keines übrig" in result.stderr


def test_unknown_key_names_the_closest(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(
        "format: basis\nfield: beide\nmodules:\n  - id: M01\n    phase: praesenz\n    wst: 6\n    datum: 2027-01-04\n"
    )
    result = run_cli("check", str(path))
    assert "„modules[1].datum“: unbekannter Schlüssel – meinten Sie „date“? (QP002)" in result.stdout
    assert f"{path}:7:5:" in result.stdout


def test_a_trainer_may_list_only_ids(tmp_path: Path) -> None:
    ids = ["M01", "M02", "M03", "M05", "M06", "M07", "M08", "M09", "M11", "M13", "M14", "M15"]
    bare = tmp_path / "bare.yaml"
    bare.write_text(f"format: basis\nfield: koordination\nmodules: [{', '.join(ids)}]\n")
    assert run_cli("check", str(bare)).code == 0
    entries = tmp_path / "entries.yaml"
    entries.write_text("format: basis\nfield: koordination\nmodules:\n" + "".join(f"  - id: {m}\n" for m in ids))
    shown = run_cli("show", str(entries))
    assert shown.code == 0, shown.stdout + shown.stderr
    text = " ".join(shown.stdout.split())  # folded at the width of a pipe (80)
    assert "Aus dem Katalog ergänzt (in der Datei nicht angegeben): M01 (Phase, WSt)" in text
    typo = tmp_path / "typo.yaml"
    typo.write_text("format: basis\nfield: koordination\nmodules: [M01, M04x]\n")
    assert "Modul „M04x“ gibt es im Katalog nicht. Gemeint: M04" in run_cli("check", str(typo)).stdout


def test_a_file_of_the_wrong_kind_says_which_command_fits() -> None:
    plan = EXAMPLES / "valid" / "beide-kombiniert.yaml"
    result = run_cli("catalog", "check", str(plan))
    assert result.code == 2 and "sieht aus wie ein Plan-Dokument" in result.stderr and "qplan check" in result.stderr
    result = run_cli("check", str(ROOT / "data" / "modules.yaml"))
    assert result.code == 1 and result.stdout.count("(QP004)") == 1 and "qplan catalog check" in result.stdout


def test_a_start_long_past_is_a_usage_error() -> None:
    result = run_cli("plan", "--format", "basis", "--field", "beide", "--start", "2020-01")
    assert result.code == 2 and "endete am Mi 30.06.2021" in result.stderr
    recent = run_cli("plan", "--format", "basis", "--field", "beide", "--start", "2026-01", "--json")
    assert recent.code in (0, 1)  # started this year: what is left is planned from today


def test_show_on_a_terminal_names_each_finding_once() -> None:
    path = EXAMPLES / "invalid" / "qp304-wochenende.yaml"
    text, _code = run_on_terminal(["show", str(path)], env={"COLUMNS": "120"})
    assert text.count("Sa 06.03.2027 ist ein Wochenende") == 1


@pytest.mark.parametrize(
    "command",
    [
        ("plan",), ("show",), ("compare",), ("schema",), ("check",), ("rules",), ("providers",), ("export",),
        ("catalog",), ("catalog", "show"), ("catalog", "check"),
    ],
)  # fmt: skip
def test_every_help_has_examples_and_exit_codes(command: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    text = run_cli(*command, "--help").stdout
    assert "Beispiele:" in text and "Exit-Codes:" in text and "interner Fehler" in text
    for english in ("<str>", "<text>", "{DATEI}", "{PLAN}", "[x>=", "Usage:", "Show this message"):
        assert english not in text, english


@pytest.mark.parametrize("name", sorted(__import__("qplan.cli.helptext", fromlist=["EXAMPLES"]).EXAMPLES))
def test_help_at_80_columns_keeps_examples_whole_and_paragraphs_flowing(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qplan.cli.helptext import EXAMPLES

    monkeypatch.setenv("COLUMNS", "80")
    text = run_cli(*name.split(), "--help").stdout
    lines = [line.rstrip() for line in text.splitlines()]
    for example in EXAMPLES[name][0]:
        assert any(line.strip() == example for line in lines), example
    # A paragraph line that ends well before the edge while the paragraph goes on is a line
    # break from the source, not from the terminal.
    prose = {line for line in lines if line.startswith(" ") and not line.startswith(("  ", " │", " ╭", " ╰"))}
    ends = (".", ":")
    for line, following in itertools.pairwise(lines):
        if (
            line.strip()
            and following.strip()
            and line in prose
            and following in prose
            and not line.endswith(ends)
            and not following.strip().startswith(("Beispiele", "Exit-Codes"))
        ):
            assert len(line) + 1 + len(following.split()[0]) > 78, (line, following)


def _complete(words: str, cword: int) -> list[str]:
    env = {"_QPLAN_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    return run_cli(env=env).stdout.split()


def test_shell_completion_of_commands_options_and_values() -> None:
    assert "plan" in _complete("qplan pl", 1)
    assert _complete("qplan plan --fo", 2) == ["--format", "--force"]
    assert _complete("qplan plan --format b", 3) == ["basis"]
    assert _complete("qplan plan --region t", 3) == ["tuebingen"]
    assert {"M10", "M18"} <= set(_complete("qplan plan --add M1", 3))
    assert "--install-completion" in run_cli("--help").stdout


def test_files_accept_the_command_lines_spellings_with_a_hint(tmp_path: Path) -> None:
    """`format: Basis`, `field: Koordination`, `id: m01`, `phase: Präsenz` are read as the
    canonical values, each with one QP005 hint at its place, and no schema error (issue 21)."""
    text = (EXAMPLES / "valid" / "koordination-drei-veranstaltungen.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    changed = "\n".join(
        line.replace("format: basis", "format: Basis")
        .replace("field: koordination", "field: Koordination")
        .replace("id: M01", "id: m01")
        for line in lines
    )
    first_phase = changed.index("phase: praesenz")
    changed = changed[:first_phase] + "phase: Präsenz" + changed[first_phase + len("phase: praesenz") :] + "\n"
    path = tmp_path / "forgiving.yaml"
    path.write_text(changed, encoding="utf-8")
    result = run_cli("check", str(path), "--json")
    assert result.code == 0, result.stdout
    findings = json.loads(result.stdout)["files"][0]["findings"]
    hints = [f for f in findings if f["code"] == "QP005"]
    assert [f["message"] for f in hints] == [
        "„Basis“ gelesen als „basis“; bitte so schreiben.",
        "„Koordination“ gelesen als „koordination“; bitte so schreiben.",
        "„m01“ gelesen als „M01“; bitte so schreiben.",
        "„Präsenz“ gelesen als „praesenz“; bitte so schreiben.",
    ]
    numbered = changed.splitlines()
    for hint in hints:
        assert hint["line"] is not None and hint["column"] is not None
        assert numbered[hint["line"] - 1][hint["column"] - 1 :].startswith(("Basis", "Koordination", "m01", "Präsenz"))
    assert not any(f["code"] in ("QP002", "QP101") for f in findings)
