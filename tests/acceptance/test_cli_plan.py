"""`qplan plan`, `show`, `compare`, `schema` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.kit import run_cli


@pytest.mark.parametrize(
    ("args", "wst", "praesenz", "selbstlern"),
    [
        (["--format", "einfuehrung"], 6, 6, 0),
        (["--format", "basis", "--field", "koordination"], 72, 36, 36),
        (["--format", "basis", "--field", "steuerung"], 72, 54, 18),
        (["--format", "basis", "--field", "beide"], 108, 36, 72),
        (["--format", "vertiefung", "--module", "V01", "--module", "V11", "--module", "M04"], 18, 12, 6),
    ],
)
def test_every_track_plans_green_and_rechecks(
    tmp_path: Path, args: list[str], wst: int, praesenz: int, selbstlern: int
) -> None:
    out = tmp_path / "plan.yaml"
    result = run_cli("plan", *args, "--start", "2027-01", "--json", "--out", str(out))
    assert result.code == 0, result.stdout
    data = json.loads(result.stdout)
    assert data["ok"] is True
    assert data["totals"]["wst"] == wst
    assert (data["totals"]["praesenz"], data["totals"]["selbstlern"]) == (praesenz, selbstlern)
    assert data["totals"]["hours"] == wst * 45 / 60
    assert all(c["ok"] for c in data["checks"])
    for key in ("format", "field", "start", "ok", "modules", "totals", "checks", "schedule"):
        assert key in data
    for check in data["checks"]:
        assert {"id", "ok", "expected", "actual", "message"} <= set(check)
    for slot in data["schedule"]:
        assert slot["kind"] in ("praesenz", "selbstlern") and slot["start"] <= slot["end"]
    shown = run_cli("show", str(out), "--json")
    assert shown.code == 0
    again = json.loads(shown.stdout)
    assert again["modules"] == data["modules"] and again["totals"] == data["totals"]
    assert run_cli("check", str(out)).code == 0


def test_plan_json_exact_for_einfuehrung() -> None:
    data = json.loads(run_cli("plan", "--format", "einfuehrung", "--start", "2027-01-20", "--json").stdout)
    assert data["modules"] == [
        {
            "id": "E01",
            "title": "Kompakter Überblick",
            "area": None,
            "phase": "praesenz",
            "wst": 6,
            "done": False,
            "date": "2027-01-20",
            "until": None,
            "provider": None,
            "offer": None,
            "location": None,
        }
    ]
    assert data["schedule"] == [{"kind": "praesenz", "start": "2027-01-20", "end": "2027-01-20", "modules": ["E01"]}]
    assert data["totals"] == {"wst": 6, "praesenz": 6, "selbstlern": 0, "done": 0, "hours": 4.5}


def test_plan_file_exact_text(tmp_path: Path) -> None:
    out = tmp_path / "p.yaml"
    assert (
        run_cli(
            "plan", "--format", "einfuehrung", "--start", "2027-01-20", "--learner", "Eva: Test", "--out", str(out)
        ).code
        == 0
    )
    assert out.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=qplan-plan.schema.json\n"
        "# Lernpfad: Einführungsqualifizierung (erstellt mit qplan 0.1.0)\n"
        "# Erledigte Module mit „done: true“ markieren; prüfen mit „qplan show DATEI“\n"
        "# oder „qplan check DATEI“. Schema für Editoren: „qplan schema --out qplan-plan.schema.json“.\n"
        "format: einfuehrung\n"
        'catalog_edition: "2019"\n'
        "start: 2027-01-20\n"
        'learner: "Eva: Test"\n'
        "modules:\n"
        "  - id: E01  # Kompakter Überblick\n"
        "    phase: praesenz\n"
        "    wst: 6\n"
        "    date: 2027-01-20\n"
        "    done: false\n"
    )


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "plan.yaml"
    out.write_text("meine Notizen\n", encoding="utf-8")
    result = run_cli("plan", "--format", "einfuehrung", "--out", str(out))
    assert result.code == 2 and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "meine Notizen\n"
    result = run_cli("plan", "--format", "einfuehrung", "--out", str(out), "--force")
    assert result.code == 0 and out.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")


def test_done_modules_count_and_are_not_scheduled() -> None:
    data = json.loads(
        run_cli(
            "plan", "--format", "basis", "--field", "koordination", "--start", "2027-01", "--done", "M01,M02", "--json"
        ).stdout
    )
    assert data["ok"] and data["totals"]["done"] == 12 and data["totals"]["wst"] == 72
    scheduled = {m for slot in data["schedule"] for m in slot["modules"]}
    assert "M01" not in scheduled and "M02" not in scheduled
    done = {m["id"]: m for m in data["modules"] if m["done"]}
    assert set(done) == {"M01", "M02"} and done["M01"]["date"] is None


def test_drop_fails_with_fix() -> None:
    result = run_cli("plan", "--format", "basis", "--field", "steuerung", "--drop", "M16", "--json")
    assert result.code == 1
    data = json.loads(result.stdout)
    failing = {c["id"]: c for c in data["checks"] if not c["ok"]}
    assert set(failing) == {"pflichtmodul-fehlt", "wst-gesamt", "wst-praesenz"}
    assert failing["wst-praesenz"]["expected"] == "54 WSt" and failing["wst-praesenz"]["actual"] == "48 WSt"
    assert "ergänzen: M16 (Präsenz, 6 WSt)" in failing["wst-praesenz"]["message"]


def test_add_in_text_output() -> None:
    result = run_cli("plan", "--format", "basis", "--field", "koordination", "--add", "M04")
    assert result.code == 1
    assert "Der Plan verletzt" in result.stdout and "entfernen: M04" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--format", "basis"], "--field"),
        (["--format", "einfuehrung", "--field", "steuerung"], "--field gilt nur"),
        (["--format", "basis", "--field", "beide", "--add", "M99"], "M99"),
        (["--format", "basis", "--field", "beide", "--add", "M01"], "schon im Pfad"),
        (["--format", "basis", "--field", "koordination", "--drop", "M04"], "nicht im Pfad"),
        (["--format", "basis", "--field", "koordination", "--add", "M04", "--drop", "M04"], "zugleich"),
        (["--format", "vertiefung"], "--module"),
        (["--format", "basis", "--field", "koordination", "--module", "V01"], "--module"),
        (["--format", "basis", "--field", "koordination", "--start", "2027-13"], "--start"),
        (["--format", "basis", "--field", "x"], "erlaubt sind"),
        (["--no-input"], "--format fehlt"),
        (["--format", "einfuehrung", "--force"], "--out"),
    ],
)
def test_usage_errors(args: list[str], fragment: str) -> None:
    result = run_cli("plan", *args)
    assert result.code == 2, result
    assert fragment in result.stderr and "Traceback" not in result.stderr


def test_no_terminal_means_no_questions() -> None:
    result = run_cli("plan")
    assert result.code == 2 and "--format fehlt" in result.stderr


def test_show_progress_and_broken_file(tmp_path: Path) -> None:
    out = tmp_path / "plan.yaml"
    run_cli("plan", "--format", "basis", "--field", "koordination", "--start", "2027-01", "--out", str(out))
    text = out.read_text(encoding="utf-8")
    first = text.index("done: false")
    out.write_text(text[:first] + "done: true" + text[first + len("done: false") :], encoding="utf-8")
    result = run_cli("show", str(out))
    assert result.code == 0 and "Erledigt" in result.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("phase: praesenz", "phase: selbstlern", 1), encoding="utf-8")
    result = run_cli("show", str(broken))
    assert result.code == 1
    assert f"{broken}:9:1: [Fehler]" in result.stderr and "(QP202)" in result.stderr


@pytest.mark.parametrize("content", [b"", b"\x00\xff", b"format: [\n", b"format: basis\nformat: basis\n"])
def test_show_bad_input(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(content)
    result = run_cli("show", str(path))
    assert result.code in (1, 2) and f"{path}:" in result.stderr and "Traceback" not in result.stderr


def test_show_missing_file(tmp_path: Path) -> None:
    result = run_cli("show", str(tmp_path / "fehlt.yaml"))
    assert result.code == 2 and "gibt es nicht" in result.stderr


def test_compare() -> None:
    data = json.loads(run_cli("compare", "--start", "2027-01", "--json").stdout)["tracks"]
    assert [(t["wst"], t["praesenz"], t["selbstlern"], t["presence_days"], t["events"]) for t in data.values()] == [
        (72, 36, 36, 6, 3),
        (72, 54, 18, 9, 3),
        (108, 36, 72, 6, 3),
    ]
    assert data["beide"]["months"] == 18 and data["koordination"]["hours"] == 54
    text = run_cli("compare").stdout
    assert "Koordination" in text and "Steuerung" in text and "beide Felder" in text


def test_schema() -> None:
    data = json.loads(run_cli("schema").stdout)
    assert data["title"] == "qplan-Plan-Dokument"
    assert "modules" in data["properties"] and "format" in data["required"]


def test_command_modules_keep_real_annotations() -> None:
    """String annotations would make typer compile every parameter's type at each start."""
    cli = Path(__file__).resolve().parents[2] / "qplan" / "cli"
    modules = [cli / "app.py", *sorted(cli.glob("*_cmd.py"))]
    assert len(modules) >= 6
    for module in modules:
        lines = module.read_text(encoding="utf-8").splitlines()
        assert "from __future__ import annotations" not in lines, module
