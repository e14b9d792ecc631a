"""`qplan check` and `qplan rules`: formats, exit codes, hostile input, stdin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.kit import run_cli, run_process

BROKEN = (
    "format: basis\n"
    "field: koordination\n"
    "modules:\n"
    "  - {id: M01, phase: praesenz, wst: 6}\n"
    "  - {id: M02, phase: selbstlern, wst: 4}\n"
)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_text_format_exact(broken: Path) -> None:
    result = run_cli("check", str(broken), "--select", "QP106", "--select", "QP105")
    assert result.code == 1
    assert result.stdout.splitlines()[0].startswith(f"{broken}:3:1: [Fehler] Pflichtmodul M03 ")
    assert result.stdout.splitlines()[-1] == (
        f"{broken}:5:39: [Warnung] Modul M02 hat laut Katalog 6 WSt, im Plan 4 WSt. (QP106)"
    )
    assert result.stderr == ("1 Datei(en) geprüft, 1 mit Fehlern; 10 Fehler, 1 Warnung(en), 0 Hinweis(e).\n")


def test_json_format_exact(broken: Path) -> None:
    result = run_cli("check", str(broken), "--select", "QP106", "--format", "json")
    assert json.loads(result.stdout) == {
        "ok": True,
        "files": [
            {
                "path": str(broken),
                "ok": True,
                "findings": [
                    {
                        "code": "QP106",
                        "severity": "warning",
                        "message": "Modul M02 hat laut Katalog 6 WSt, im Plan 4 WSt.",
                        "line": 5,
                        "column": 39,
                    }
                ],
            }
        ],
        "summary": {"files": 1, "errors": 0, "warnings": 1, "infos": 0, "files_with_errors": 0},
    }
    assert result.code == 0


def test_strict_makes_warnings_fail(broken: Path) -> None:
    assert run_cli("check", str(broken), "--select", "QP106", "--strict").code == 1


def test_github_format_exact(broken: Path) -> None:
    result = run_cli("check", str(broken), "--select", "QP106", "--format", "github")
    assert result.stdout == (
        f"::warning file={broken},line=5,col=39,title=QP106::Modul M02 hat laut Katalog 6 WSt, im Plan 4 WSt.\n"
    )


def test_quiet_and_ignore(broken: Path) -> None:
    result = run_cli("check", str(broken), "--quiet")
    assert result.stdout == "" and "geprüft" in result.stderr and result.code == 1
    result = run_cli("check", str(broken), "--ignore", "QP1", "--ignore", "QP2")
    assert result.code == 0 and result.stdout == ""


def test_unknown_rule_and_missing_path(broken: Path, tmp_path: Path) -> None:
    assert run_cli("check", str(broken), "--select", "QP999").code == 2
    result = run_cli("check", str(broken), str(tmp_path / "fehlt.yaml"))
    assert result.code == 2 and "fehlt.yaml" in result.stderr
    assert run_cli("check", str(broken), "--format", "xml").code == 2


def test_folder_and_one_bad_file_does_not_stop(tmp_path: Path) -> None:
    folder = tmp_path / "plaene"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.yaml").write_text("format: [\n", encoding="utf-8")
    (folder / "sub" / "b.yml").write_bytes(b"\xff\xfe\x00x")
    (folder / "c.yaml").write_text(
        "format: einfuehrung\nmodules:\n  - {id: E01, phase: praesenz, wst: 6}\n", encoding="utf-8"
    )
    (folder / "notes.txt").write_text("kein YAML", encoding="utf-8")
    data = json.loads(run_cli("check", str(folder), "--format", "json").stdout)
    assert [(Path(f["path"]).name, f["ok"]) for f in data["files"]] == [
        ("a.yaml", False),
        ("c.yaml", True),
        ("b.yml", False),
    ]
    assert data["files"][0]["findings"][0]["code"] == "QP001"
    assert data["files"][2]["findings"][0]["code"] == "QP004"


def test_stdin() -> None:
    result = run_cli("check", "-", stdin="format: einfuehrung\nmodules:\n  - {id: E01, phase: praesenz, wst: 6}\n")
    assert result.code == 0
    result = run_cli("check", "-", stdin="format: einfuehrung\nmodules: []\n")
    assert result.code == 1 and result.stdout.startswith("<stdin>:2:1: [Fehler]")


def test_rules_listing_and_detail() -> None:
    result = run_cli("rules")
    assert result.code == 0 and "QP103" in result.stdout and "QK104" in result.stdout
    detail = run_cli("rules", "QP305")
    assert "veranstaltungen [Warnung]" in detail.stdout and "2-Tagesveranstaltungen" in detail.stdout
    data = json.loads(run_cli("rules", "--json").stdout)
    assert len(data["rules"]) == len({r["code"] for r in data["rules"]}) >= 20
    assert run_cli("rules", "QP999").code == 2


HOSTILE = {
    "syntax.yaml": b"format: basis\nfield: [unclosed\n",
    "dupkey.yaml": b"format: basis\nformat: vertiefung\nfield: koordination\nmodules: []\n",
    "aliases.yaml": (
        b'a: &a ["x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\n'
        b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c]\n"
        b"e: &e [*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e]\n"
    ),
    "binary.yaml": b"\xff\xfe\x00garbage",
    "empty.yaml": b"",
    "deep.yaml": b"[" * 100_000 + b"]" * 100_000,
    "huge.yaml": b"format: basis\n" + b"# " + b"x" * (2 << 20) + b"\n",
    "nested.yaml": b"format: einfuehrung\nmodules:\n" + b"  - " * 1 + b"[" * 900 + b"]" * 900 + b"\n",
}


# In a process of its own (bounded in time) what could exhaust the stack, the memory or the
# time of the test run if a regression let it through; the rest in-process.
IN_A_PROCESS = {"aliases.yaml", "deep.yaml", "huge.yaml", "nested.yaml"}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(HOSTILE[name])
    result = run_process("check", str(path), timeout=30) if name in IN_A_PROCESS else run_cli("check", str(path))
    assert result.code == 1, result
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout.startswith(f"{path}:")


def test_missing_path(tmp_path: Path) -> None:
    result = run_cli("check", str(tmp_path / "missing.yaml"))
    assert result.code == 2 and "Traceback" not in result.stderr and "missing.yaml" in result.stderr


def test_plan_written_by_plan_checks_clean_and_edited_one_has_lines(tmp_path: Path) -> None:
    out = tmp_path / "plan.yaml"
    run_cli("plan", "--format", "basis", "--field", "beide", "--start", "2027-01", "--out", str(out))
    assert run_cli("check", str(out), "--strict").code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip() == "date: 2027-01-05")
    lines[index] = "    date: 2027-01-09"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("check", str(out))
    assert result.code == 1
    assert f"{out}:{index + 1}:11: [Fehler] Modul M03: Sa 09.01.2027 ist ein Wochenende. (QP304)" in result.stdout


def test_a_folder_on_a_terminal_shows_progress_and_the_findings(tmp_path: Path) -> None:
    from tests.conftest import ROOT, run_on_terminal

    source = (ROOT / "tests" / "examples" / "invalid" / "qp304-wochenende.yaml").read_text()
    for number in range(30):
        (tmp_path / f"p{number:02d}.yaml").write_text(source)
    screen, code = run_on_terminal(["check", str(tmp_path), "--select", "QP304"], columns=200)
    import re

    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen)
    assert code == 1
    assert screen.count("[Fehler] Modul M03: Sa 06.03.2027 ist ein Wochenende. (QP304)") == 30, screen
    assert "30 Datei(en) geprüft, 30 mit Fehlern; 30 Fehler" in screen
