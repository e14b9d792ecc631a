"""The competence profile (issue 16): the mapping as data, levels with exact values, and
suggestions that really raise the weakest competence."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from qplan.models.catalog import Catalog
from qplan.models.requests import PlanRequest
from qplan.planning.profile import profile, suggest
from qplan.render.profile import suggestion_command
from qplan.rules.catalog import check_catalog
from qplan.run.plan import plan
from tests.kit import TODAY, run_cli

IDS = ("FK1", "FK2", "FK3", "FK4", "FK5", "MK1", "MK2", "MK3", "MK4", "MK5")


def levels(catalog: Catalog, fmt: str, field: str | None = None, **extra: object) -> dict[str, str]:
    result = plan(catalog, PlanRequest(fmt, field, date(2027, 3, 1), **extra), today=TODAY)  # type: ignore[arg-type]
    return {c.id: c.level for c in profile(result.doc, catalog).competences}


def test_the_mapping_is_complete_and_consistent(catalog: Catalog) -> None:
    mapping = catalog.competence_map
    assert mapping is not None
    assert tuple(c.id for c in mapping.competences) == IDS
    assert set(mapping.modules) == {m.id for m in catalog.modules}
    assert [f for f in check_catalog(catalog) if f.code in ("QK106", "QK107")] == []
    for field in ("koordination", "steuerung"):
        basis = [m.id for m in catalog.modules if m.format == "basis" and field in m.fields]
        reached = {c for m in basis for c in mapping.modules[m].develops}
        assert reached == set(IDS), field


def test_a_gap_or_an_unknown_id_is_reported(catalog: Catalog) -> None:
    mapping = catalog.competence_map
    assert mapping is not None
    modules = dict(mapping.modules)
    modules["M08"] = replace(modules["M08"], develops={"MK3": "vertieft", "MK4": "grund"})  # without MK5
    modules["V01"] = replace(modules["V01"], develops={"XX9": "grund"}, prepares=("irgendwann",))
    broken = replace(catalog, competence_map=replace(mapping, modules=modules))
    messages = [f.message for f in check_catalog(broken) if f.code in ("QK106", "QK107")]
    assert "Kompetenz MK5 wird von keinem Basismodul der Quartierskoordination erreicht." in messages
    assert "Modul V01: Kompetenz „XX9“ gibt es nicht." in messages
    assert "Modul V01: Umsetzungsphase „irgendwann“ gibt es nicht." in messages


def test_levels_of_each_basis_track(catalog: Catalog) -> None:
    assert levels(catalog, "basis", "koordination") == {
        "FK1": "vertieft", "FK2": "vertieft", "FK3": "vertieft", "FK4": "grund", "FK5": "grund",
        "MK1": "grund", "MK2": "vertieft", "MK3": "vertieft", "MK4": "vertieft", "MK5": "grund",
    }  # fmt: skip
    assert levels(catalog, "basis", "steuerung") == {
        "FK1": "grund", "FK2": "vertieft", "FK3": "grund", "FK4": "vertieft", "FK5": "vertieft",
        "MK1": "vertieft", "MK2": "vertieft", "MK3": "vertieft", "MK4": "grund", "MK5": "vertieft",
    }  # fmt: skip
    assert set(levels(catalog, "basis", "beide").values()) == {"vertieft"}


def test_a_vertiefung_choice(catalog: Catalog) -> None:
    chosen = levels(catalog, "vertiefung", modules=("V05", "V10"))
    assert chosen == {
        "FK1": "keine", "FK2": "keine", "FK3": "keine", "FK4": "vertieft", "FK5": "vertieft",
        "MK1": "keine", "MK2": "keine", "MK3": "vertieft", "MK4": "keine", "MK5": "keine",
    }  # fmt: skip


def test_a_learner_part_way(catalog: Catalog) -> None:
    result = plan(
        catalog, PlanRequest("basis", "koordination", date(2027, 3, 1), done=("M01", "M02", "M03")), today=TODAY
    )
    found = {c.id: c for c in profile(result.doc, catalog).competences}
    assert (found["FK1"].done, found["FK1"].planned) == (2, 2)  # M02 deepens it
    assert (found["FK2"].done, found["FK2"].planned) == (1, 2)  # M03 done, M05 still planned
    assert (found["MK2"].done, found["MK2"].planned) == (0, 2)
    assert found["MK1"].modules == ("M02",)


def test_suggestions_raise_the_weakest_competence(catalog: Catalog) -> None:
    result = plan(catalog, PlanRequest("basis", "koordination", date(2027, 3, 1)), today=TODAY)
    before = profile(result.doc, catalog)
    weakest = {c.id for c in before.weakest()}
    suggestions = suggest(result.doc, catalog, 3)
    assert suggestions and suggestions[0].module.startswith("V")
    for suggestion in suggestions[:1]:
        added = replace(result.doc, modules=(*result.doc.modules, replace(result.doc.modules[0], id=suggestion.module)))
        after = {c.id: c.score for c in profile(added, catalog).competences}
        assert any(after[c] > next(x.score for x in before.competences if x.id == c) for c in weakest)
        assert suggestion_command(suggestion) == f"qplan plan --format vertiefung --module {suggestion.module}"


@pytest.mark.parametrize("field", ["koordination", "steuerung"])
def test_a_module_that_strengthens_nothing_ranks_after_those_that_do(catalog: Catalog, field: str) -> None:
    result = plan(catalog, PlanRequest("basis", field, date(2027, 3, 1)), today=TODAY)
    suggestions = suggest(result.doc, catalog, 40)
    confirms = [any(a != b for _, a, b in s.raises) for s in suggestions]
    assert True in confirms
    assert confirms == sorted(confirms, reverse=True), [s.module for s in suggestions]


@pytest.mark.parametrize("args", [("--json",), ("--suggest", "2", "--json")])
def test_profile_command_json(tmp_path, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "plan.yaml"
    assert (
        run_cli("plan", "--format", "basis", "--field", "koordination", "--done", "M01", "--out", str(path)).code == 0
    )
    data = json.loads(run_cli("profile", str(path), *args).stdout)
    assert [c["id"] for c in data["competences"]] == list(IDS)
    assert next(c for c in data["competences"] if c["id"] == "FK1")["done_level"] == "grund"
    assert [p["id"] for p in data["phases"]] == ["planung", "durchfuehrung", "verstetigung"]
    assert len(data["suggestions"]) == (2 if "--suggest" in args else 0)


def test_self_assessment_from_the_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "plan.yaml"
    assert run_cli("plan", "--format", "basis", "--field", "steuerung", "--out", str(path)).code == 0
    path.write_text(path.read_text(encoding="utf-8") + "self_assessment: {FK1: 3, MK5: 0}\n", encoding="utf-8")
    data = json.loads(run_cli("profile", str(path), "--self", "--json").stdout)
    own = {c["id"]: c["self_assessment"] for c in data["competences"]}
    assert own["FK1"] == 3 and own["MK5"] == 0 and own["FK2"] is None
    text = run_cli("profile", str(path)).stdout
    assert "selbst: sicher" in text and "Fachkompetenzen" in text and "Methodenkompetenzen" in text


def test_plan_profile_and_compare() -> None:
    result = run_cli("plan", "--format", "basis", "--field", "koordination", "--profile")
    assert "Kompetenzprofil – Basisqualifizierung Quartierskoordination" in result.stdout
    data = json.loads(run_cli("compare", "--json").stdout)["tracks"]
    assert data["koordination"]["competences_deep"] == "6 von 10" and data["beide"]["competences_deep"] == "10 von 10"
    assert data["steuerung"]["profile"]["MK5"] == "vertieft"
