"""The editors' JSON Schema (`qplan schema`, issue 21): German descriptions, the short form,
module ids as choices; every valid example file passes it, as an editor would apply it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from qplan.loading.reader import parse_yaml
from tests.conftest import ROOT, run_cli

VALID = sorted((ROOT / "tests" / "examples" / "valid").glob("*.y*ml"))


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = run_cli("schema")
    assert result.code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _described(node: Any, where: str = "") -> list[str]:
    """Every object schema and every property without a description, by path."""
    missing = []
    if isinstance(node, dict):
        for key, prop in node.get("properties", {}).items():
            if "description" not in prop:
                missing.append(f"{where}/properties/{key}")
        for key, value in node.items():
            if key != "properties":
                missing.extend(_described(value, f"{where}/{key}"))
            else:
                for name, prop in value.items():
                    missing.extend(_described(prop, f"{where}/properties/{name}"))
    return missing


def test_every_property_has_a_german_description(schema: dict[str, Any]) -> None:
    assert _described(schema) == []
    texts = json.dumps(schema, ensure_ascii=False)
    assert "Modul" in texts and "Präsenz" in texts
    for definition in (schema, *schema["$defs"].values()):
        assert "description" in definition
        for prop in definition.get("properties", {}).values():
            assert "title" not in prop  # pydantic's English titles ("Self Assessment") are gone
    for english in ("Days off", "One module", "Prior learning", '"Modules"', "whether"):
        assert english not in texts


def test_id_and_module_choices(schema: dict[str, Any]) -> None:
    assert schema["$id"].startswith("urn:qplan:")
    assert {"M01", "E01"} <= set(schema["$defs"]["ModuleId"]["enum"])


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_examples_pass_the_schema(schema: dict[str, Any], path: Path) -> None:
    # qplan's own reader, as YAML 1.2 editors read it: dates stay text, `no` stays text.
    parsed = parse_yaml(path.read_bytes(), max_bytes=1 << 20)
    jsonschema.validate(parsed.data, schema)


def test_the_short_form_passes_and_an_unknown_module_does_not(schema: dict[str, Any]) -> None:
    jsonschema.validate({"format": "basis", "field": "steuerung", "modules": ["M01", {"id": "M03"}]}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"format": "basis", "modules": ["M99"]}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"format": "basis", "modules": [{"id": "M01", "colour": "red"}]}, schema)


def test_schema_out_writes_atomically_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "qplan-plan.schema.json"
    assert run_cli("schema", "--out", str(target)).code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["$id"]
    target.write_text("eigene Datei\n", encoding="utf-8")
    refused = run_cli("schema", "--out", str(target))
    assert refused.code == 2 and "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "eigene Datei\n"
    assert run_cli("schema", "--out", str(target), "--force").code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["$id"]


def test_written_plans_name_the_schema(tmp_path: Path) -> None:
    result = run_cli("plan", "--format", "einfuehrung", "--out", "-")
    assert result.stdout.splitlines()[0] == "# yaml-language-server: $schema=qplan-plan.schema.json"
