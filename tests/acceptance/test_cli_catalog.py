"""`qplan catalog` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.kit import CATALOG_PATH, run_cli, run_process


def test_catalog_json_contract() -> None:
    result = run_cli("catalog", "--json")
    assert result.code == 0
    data = json.loads(result.stdout)
    assert len(data["modules"]) == 30
    for module in data["modules"]:
        assert {"id", "title", "area", "format", "wst", "fields"} <= set(module)
        assert module["format"] in ("einfuehrung", "basis", "vertiefung")
        assert set(module["fields"]) <= {"koordination", "steuerung"}
        if module["format"] != "basis":
            assert module["fields"] == []
    assert data["areas"][0] == {
        "id": "LB1",
        "name": "Person/Lebenswelt",
        "number": 1,
        "grundlage": "Personen mit ihren unterschiedlichen Lebenslagen und Lebenswelten in den Blick nehmen",
        "meaning": "Lebenslagen der Menschen vor Ort berücksichtigen",
        "basis_wst": 12,
    }
    m12 = next(m for m in data["modules"] if m["id"] == "M12")
    assert (
        m12["title"] == "Besondere Rolle einzelner Akteure im Sozialraum und Zusammenarbeit mit diesen gestalten lernen"
    )
    assert (m12["area"], m12["wst"], m12["fields"]) == ("LB4", 6, ["steuerung"])


def test_catalog_filters() -> None:
    ids = lambda *a: [m["id"] for m in json.loads(run_cli("catalog", "--json", *a).stdout)["modules"]]  # noqa: E731
    assert ids("--format", "einfuehrung") == ["E01"]
    assert ids("--field", "steuerung") == [
        "M01",
        "M03",
        "M04",
        "M07",
        "M08",
        "M10",
        "M11",
        "M12",
        "M15",
        "M16",
        "M17",
        "M18",
    ]
    assert ids("--field", "beide") == ["M01", "M03", "M07", "M08", "M11", "M15"]
    assert ids("--area", "LB1", "--format", "vertiefung") == ["V01", "V02"]


def test_catalog_table_text() -> None:
    result = run_cli("catalog", "--area", "LB1")
    assert result.code == 0
    assert "M02" in result.stdout and "Bedarfe der Quartiersbewohner/innen selbst ermitteln" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour when not a terminal


def test_catalog_bad_filter_is_usage_error() -> None:
    result = run_cli("catalog", "--format", "grund")
    assert result.code == 2 and "erlaubt sind" in result.stderr
    assert run_cli("catalog", "--area", "LB7").code == 2


def test_catalog_show_module_area_format() -> None:
    result = run_cli("catalog", "show", "M15")
    assert result.code == 0 and "Grundlagen: Steuerungsprozesse verstehen lernen" in result.stdout
    data = json.loads(run_cli("catalog", "show", "LB3", "--json").stdout)
    assert data["grundlagen_module"] == "M07"
    data = json.loads(run_cli("catalog", "show", "basis", "--json").stdout)
    assert data["name"] == "Basisqualifizierung"
    result = run_cli("catalog", "show", "M19")
    assert result.code == 2 and "M19" in result.stderr and "Meinten Sie" in result.stderr


def test_catalog_show_finds_a_word_of_a_title() -> None:
    result = run_cli("catalog", "show", "sozialraum")
    assert result.code == 2
    assert "M03 Grundlagen: Sozialraumorientiertes Arbeiten verstehen lernen" in result.stderr
    assert "qplan catalog show M03" in result.stderr
    nothing = run_cli("catalog", "show", "xyz")
    assert nothing.code == 2 and "qplan catalog` listet alle" in nothing.stderr


def test_catalog_check_ok_and_broken(tmp_path: Path) -> None:
    result = run_cli("catalog", "check")
    assert result.code == 0 and "stimmig" in result.stderr
    broken = tmp_path / "modules.yaml"
    broken.write_text(
        CATALOG_PATH.read_text(encoding="utf-8").replace("basis_wst: 12", "basis_wst: 18"), encoding="utf-8"
    )
    result = run_cli("catalog", "check", str(broken), "--json")
    assert result.code == 1
    data = json.loads(result.stdout)
    assert [f["code"] for f in data["findings"]] == ["QK103"]
    unusable = tmp_path / "bin.yaml"
    unusable.write_bytes(b"\x00\x01")
    assert run_cli("catalog", "check", str(unusable)).code == 2
    assert run_cli("catalog", "check", str(tmp_path / "missing.yaml")).code == 2


def test_global_catalog_option_and_env(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    custom = tmp_path / "modules.yaml"
    custom.write_text(
        CATALOG_PATH.read_text(encoding="utf-8").replace(
            "Sozialräume analysieren", "Sozialräume gemeinsam analysieren"
        ),
        encoding="utf-8",
    )
    data = json.loads(run_cli("--catalog", str(custom), "catalog", "--json").stdout)
    assert any(m["title"] == "Sozialräume gemeinsam analysieren" for m in data["modules"])
    monkeypatch.setenv("QPLAN_CATALOG", str(custom))
    data = json.loads(run_cli("catalog", "--json").stdout)
    assert any(m["title"] == "Sozialräume gemeinsam analysieren" for m in data["modules"])


def test_inconsistent_catalogue_stops_other_commands(tmp_path: Path) -> None:
    broken = tmp_path / "modules.yaml"
    broken.write_text(
        CATALOG_PATH.read_text(encoding="utf-8").replace("basis_wst: 12", "basis_wst: 18"), encoding="utf-8"
    )
    result = run_cli("--catalog", str(broken), "catalog")
    assert result.code == 2
    assert f"{broken}:" in result.stderr and "(QK103)" in result.stderr
    assert "Traceback" not in result.stderr


def test_version_and_module_entry_point() -> None:
    assert run_cli("--version").stdout.startswith("qplan ")
    proc = run_process("--version")  # `python -m qplan`: the module entry point
    assert proc.code == 0 and proc.stdout.startswith("qplan ")


def test_help_is_german() -> None:
    result = run_cli("--help")
    assert result.code == 0
    for word in ("Aufruf:", "Optionen", "Befehle", "Exit-Codes"):
        assert word in result.stdout
    result = run_cli("catalog", "--bogus")
    assert result.code == 2 and "Unbekannte Option: --bogus" in result.stderr
