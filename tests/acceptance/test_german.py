"""No English reaches a user (issue 21): help screens, usage errors, typer's completion
messages and the schema's descriptions are German; click's, typer's and pydantic's own
English texts never show."""

from __future__ import annotations

from pathlib import Path

import pytest

from qplan.cli.german import translate
from tests.conftest import run_cli

# The English texts of click (bundled with typer), typer and pydantic a user could meet.
ENGLISH = (
    "Usage:",
    "Options",
    "Arguments",
    "Commands",
    "[default",
    "[required]",
    "[env var",
    "<path>",
    "<int>",
    "<float>",
    "Show this message",
    "Try '",
    "Error:",
    "Missing",
    "Invalid value",
    "is not a valid",
    "is not one of",
    "is not in the range",
    "unexpected extra",
    "requires an argument",
    "does not take a value",
    "No such",
    "Did you mean",
    "Possible options",
    "completion installed",
    "will take effect",
    "Aborted",
    "does not exist",
    "Input should be",
    "Field required",
    "Extra inputs",
    "validation error",
    "Aufruf fehlerhaft (",  # qplan's fallback that quotes an untranslated message
)


def english_in(text: str) -> list[str]:
    return [phrase for phrase in ENGLISH if phrase in text]


COMMANDS = [
    *(
        (name,)
        for name in (
            "plan",
            "show",
            "check",
            "rules",
            "providers",
            "export",
            "done",
            "recognise",
            "undo",
            "replan",
            "profile",
            "compare",
            "schema",
            "catalog",
        )
    ),
    ("catalog", "show"),
    ("catalog", "check"),
]


@pytest.mark.parametrize("command", [(), *COMMANDS], ids=lambda c: " ".join(c) or "qplan")
def test_help_is_german(command: tuple[str, ...]) -> None:
    result = run_cli(*command, "--help")
    assert result.code == 0, result.stderr
    assert english_in(result.stdout + result.stderr) == []


@pytest.mark.parametrize(
    ("args", "expected", "help_of"),
    [
        (("done", "{plan}"), "Angabe ID fehlt (eine oder mehrere).", "qplan done"),
        (("show", "{plan}", "extra"), "Unerwartete zusätzliche Angabe: extra", "qplan show"),
        (("catalog", "show", "M01", "M02"), "Unerwartete zusätzliche Angabe: M02", "qplan catalog show"),
        (("check", "--jobs", "abc", "x"), "Ungültiger Wert für --jobs: „abc“ ist keine ganze Zahl.", "qplan check"),
        (("check", "x", "--jobs"), "Option --jobs braucht einen Wert.", "qplan check"),
        (("catalog", "--area"), "Option --area braucht einen Wert.", "qplan catalog"),
        (("plan", "--time-limit", "abc"), "„abc“ ist keine Zahl.", "qplan plan"),
        (("recognise", "{plan}", "M01"), "Option --reason fehlt.", "qplan recognise"),
        (("catalog", "show"), "Angabe ID fehlt.", "qplan catalog show"),
        (("plan", "--fromat", "basis"), "Unbekannte Option: --fromat. Meinten Sie --format?", "qplan plan"),
    ],
)
def test_usage_errors_are_german_and_point_at_the_command_help(
    tmp_path: Path, args: tuple[str, ...], expected: str, help_of: str
) -> None:
    plan = tmp_path / "plan.yaml"
    assert run_cli("plan", "--format", "einfuehrung", "--out", str(plan)).code == 0
    result = run_cli(*(a.format(plan=plan) for a in args))
    assert result.code == 2
    assert expected in result.stderr
    assert f"Hilfe: {help_of} --help" in result.stderr
    assert english_in(result.stderr) == []


@pytest.mark.parametrize(
    "message",
    [
        "Missing argument 'ID...'.",
        "Missing argument 'PLAN'.",
        "Missing option '--reason'.",
        "Missing parameter: path",
        "Missing command.",
        "Got unexpected extra argument(s) (a b)",
        "Got unexpected extra argument (a)",
        "Option '--jobs' requires an argument.",
        "Option '--x' requires 2 arguments.",
        "Option '--json' does not take a value.",
        "Argument 'x' takes 2 values.",
        "No such option: --fromat",
        "No such command 'plna'.",
        "Invalid value for '--jobs' / '-j': 'abc' is not a valid int.",
        "Invalid value for '--jobs' / '-j': 'abc' is not a valid integer.",
        "Invalid value for '--time-limit': 'abc' is not a valid float.",
        "Invalid value for '--jobs': 0 is not in the range x>=1.",
        "Invalid value for '--x': 9 is not in the range x<=3.",
        "Invalid value for '--x': 9 is not in the range 0<=x<=3.",
        "Invalid value for '--flag': 'vielleicht' is not a valid boolean. Recognized values: 0, 1",
        "Invalid value for '--id': 'x' is not a valid UUID.",
        "Invalid value for '--day': 'x' does not match the formats '%Y-%m-%d'.",
        "Invalid value for '--format': 'x' is not one of 'text', 'json'.",
        "Invalid value for 'PLAN': Path 'x.yaml' does not exist.",
        "Invalid value for 'PLAN': File 'x.yaml' is a directory.",
        "Invalid value for 'PLAN': Directory 'x' is a file.",
        "Invalid value for 'PLAN': Path 'x' is not readable.",
        "Invalid value for 'PLAN': Path 'x' is not writable.",
        "Invalid value for '--pair': 2 values are required, but 1 was given.",
        "Invalid value for '--pair': Takes 2 values but 1 given.",
        "Invalid value for '--many': Value must be an iterable.",
        "Invalid value: 'x' is not a valid int.",
    ],
)
def test_every_click_message_has_a_german_wording(message: str) -> None:
    german = translate(message)
    assert english_in(german) == [], german
    assert "is not" not in german and "given" not in german and "Value" not in german


def test_install_completion_speaks_german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import typer._completion_shared as shared

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(shared, "_get_shell_name", lambda: "bash")
    result = run_cli("--install-completion")
    assert result.code == 0, result.stderr
    assert "Vervollständigung für bash eingerichtet" in result.stdout
    assert english_in(result.stdout + result.stderr) == []
    assert (tmp_path / ".bash_completions" / "qplan.sh").is_file()
    monkeypatch.setattr(shared, "_get_shell_name", lambda: "tcsh")
    refused = run_cli("--install-completion")
    assert refused.code == 2 and "tcsh" in refused.stderr and english_in(refused.stderr) == []


def test_schema_descriptions_are_german() -> None:
    import json

    result = run_cli("schema")
    descriptions: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, dict):
            descriptions.extend(v for k, v in node.items() if k == "description" and isinstance(v, str))
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(json.loads(result.stdout))
    assert len(descriptions) > 30
    for text in descriptions:
        assert english_in(text) == []
        assert not any(word in text.split() for word in ("the", "of", "and", "is", "a", "from")), text
