"""Every command once through the installed `qplan` executable (the console script that
`pip install` writes), started from a folder outside the checkout, as a user starts it.

The rest of the suite runs commands in-process (tests/kit.py, `run_cli`); this file is
where the installed command, its start-up and its packaged data are tested for each command.
A new command needs a line here: `test_every_command_is_here` says so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.kit import ROOT, run_cli, run_installed

PROVIDERS = ROOT / "data" / "providers.yaml"
CATALOG = ROOT / "data" / "modules.yaml"

# command words → (arguments, a fragment of its output, a command run in-process before it)
COMMANDS: dict[str, tuple[tuple[str, ...], str, tuple[str, ...]]] = {
    "plan": (("plan", "--format", "basis", "--field", "koordination", "--start", "2027-01", "--json"), '"wst": 72', ()),
    "show": (("show", "{plan}"), "Basisqualifizierung Quartierskoordination", ()),
    "compare": (("compare",), "Spuren der Basisqualifizierung im Vergleich", ()),
    "schema": (("schema",), '"$schema"', ()),
    "check": (("check", "{plan}"), "1 Datei(en) geprüft, 0 mit Fehlern", ()),
    "rules": (("rules", "QP304"), "QP304 wochenende", ()),
    "providers": (("providers", "--check"), "Anbieterdatei stimmig", ()),
    "export": (("export", "{plan}", "--ics", "-"), "BEGIN:VCALENDAR", ()),
    "done": (("done", "{plan}", "M01", "--yes"), "M01: erledigt am Mi 25.11.2026", ()),
    "recognise": (("recognise", "{plan}", "M05", "--reason", "VHS", "--by", "KVJS"), "M05: anerkannt am", ()),
    "undo": (("undo", "{plan}", "M01"), "M01: wieder offen (war erledigt)", ("done", "{plan}", "M01", "--yes")),
    "replan": (("replan", "{plan}", "--from", "2027-07-01", "--dry-run"), "M01: Mo 04.01.2027 → Do 01.07.2027", ()),
    "profile": (("profile", "{plan}"), "Kompetenzprofil", ()),
    "catalog": (("catalog",), "Module (30)", ()),
    "catalog show": (("catalog", "show", "M01"), "Grundlagen personenzentrierter Ansätze", ()),
    "catalog check": (("catalog", "check"), "Katalog stimmig (30 Module)", ()),
    "coverage": (("coverage",), "Lücken: 80 von 480 Zellen", ()),
    "demand": (("demand", "{plan}"), "ohne Angabe: 1 · 0 · 12", ()),
    "providers diff": (("providers", "diff", "{providers}", "{providers}"), "", ()),
    "providers check": (("providers", "check", "{providers}"), "stimmig (768 Angebote)", ()),
    "providers export": (("providers", "export", "--xlsx", "{tmp}/a.xlsx"), "768 Angebote", ()),
    "providers template": (("providers", "template", "--xlsx", "{tmp}/v.xlsx"), "v.xlsx geschrieben", ()),
    "providers import": (
        ("providers", "import", "{tmp}/a.xlsx", "--out", "{tmp}/a.yaml"),
        "768 Angebote (768 Kennungen übernommen",
        ("providers", "export", "--xlsx", "{tmp}/a.xlsx"),
    ),
    "team": (("team", "{teams}/musterstadt.csv"), "inhouse", ()),
    "migrate": (("migrate", "{plan}", "--to", "{catalog}"), "Schon auf dieser Ausgabe; unverändert.", ()),
    "funding": (("funding", "{plan}"), "Fiktive Förderregeln", ()),
    "funding report": (("funding", "report", "{plan}", "--year", "2027"), "Haushaltsmittel 2027", ()),
    "funding check": (("funding", "check"), "Förderregeln stimmig", ()),
    "certificate": (
        ("certificate", "{plan}", "--html", "{tmp}/c.html"),
        "c.html geschrieben",
        ("done", "{plan}", "M01", "--yes"),
    ),
}


def _fill(args: tuple[str, ...], plan: Path) -> list[str]:
    places = {
        "{plan}": str(plan),
        "{tmp}": str(plan.parent),
        "{providers}": str(PROVIDERS),
        "{catalog}": str(CATALOG),
        "{teams}": str(ROOT / "tests" / "data" / "teams"),
    }
    filled = []
    for arg in args:
        for key, value in places.items():
            arg = arg.replace(key, value)
        filled.append(arg)
    return filled


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_command_through_the_installed_executable(tmp_path: Path, command: str) -> None:
    args, fragment, before = COMMANDS[command]
    plan = tmp_path / "plan.yaml"
    written = run_cli("plan", "--format", "basis", "--field", "koordination", "--start", "2027-01", "--out", str(plan))
    assert written.code == 0, written.stderr
    if before:
        assert run_cli(*_fill(before, plan)).code == 0
    result = run_installed(*_fill(args, plan), cwd=tmp_path)
    assert result.code == 0, result.stderr
    assert fragment in result.stdout + result.stderr, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_the_installed_executable_completes_and_fails_like_the_command(tmp_path: Path) -> None:
    env = {"_QPLAN_COMPLETE": "complete_bash", "COMP_WORDS": "qplan plan --format b", "COMP_CWORD": "3"}
    assert run_installed(env=env, cwd=tmp_path).stdout.split() == ["basis"]
    wrong = run_installed("plan", "--format", "nonsense", cwd=tmp_path)
    assert wrong.code == 2 and "Traceback" not in wrong.stderr and wrong.stdout == ""
    data = json.loads(run_installed("plan", "--format", "einfuehrung", "--json", cwd=tmp_path).stdout)
    assert data["ok"] is True


def test_every_command_is_here() -> None:
    import typer

    from qplan.cli.app import app

    def visible(group: object, prefix: str = "") -> set[str]:
        names = set()
        for name, command in getattr(group, "commands", {}).items():
            if not command.hidden:
                names.add(prefix + name)
                names |= visible(command, f"{prefix}{name} ")
        return names

    assert visible(typer.main.get_command(app)) == set(COMMANDS)
