"""`qplan plan` without --format asks on a terminal and recommends format and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from qplan.models.catalog import Catalog
from tests.kit import run_on_terminal


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"rolle": "koordination", "vorkenntnisse": "keine", "ziel": "qualifizieren"}, ("basis", "koordination")),
        ({"rolle": "steuerung", "vorkenntnisse": "keine", "ziel": "qualifizieren"}, ("basis", "steuerung")),
        ({"rolle": "beide", "vorkenntnisse": "vorhanden", "ziel": "qualifizieren"}, ("basis", "beide")),
        ({"rolle": "steuerung", "vorkenntnisse": "keine", "ziel": "ueberblick"}, ("einfuehrung", None)),
        ({"rolle": "koordination", "vorkenntnisse": "vorhanden", "ziel": "vertiefen"}, ("vertiefung", None)),
        ({"rolle": "ehrenamt", "vorkenntnisse": "keine", "ziel": "vertiefen"}, ("einfuehrung", None)),
    ],
)
def test_recommendations(catalog: Catalog, answers: dict[str, str], expected: tuple[str, str | None]) -> None:
    assert catalog.advisor is not None
    rec = catalog.advisor.recommend(answers)
    assert rec is not None and (rec.format, rec.field) == expected and rec.reason


def test_every_answer_combination_gets_a_recommendation(catalog: Catalog) -> None:
    import itertools

    advisor = catalog.advisor
    assert advisor is not None
    for combo in itertools.product(*([a.id for a in q.answers] for q in advisor.questions)):
        assert advisor.recommend(dict(zip([q.id for q in advisor.questions], combo, strict=True))) is not None


def test_questions_on_a_terminal() -> None:
    text, code = _session(b"2\n1\n2\n1\n", "--start", "2027-01")
    assert "In welcher Rolle arbeiten Sie" in text
    assert "Empfehlung: Basisqualifizierung, Aufgabenfeld steuerung." in text
    assert "Basisqualifizierung Quartierssteuerung" in text
    assert code == 0


def _session(answers: bytes, *args: str) -> tuple[str, int]:
    return run_on_terminal(["plan", *args], answers)


def test_the_equivalent_command_is_shown() -> None:
    text, code = _session(b"2\n1\n2\n1\n", "--start", "2027-01")
    assert code == 0
    assert (
        "Derselbe Plan ohne Fragen: qplan plan --format basis --field steuerung --start 2027-01 --target-group kommunal"
        in text
    )


def test_module_ids_with_spaces_and_a_typo_asked_again() -> None:
    # Koordination, with knowledge, to deepen: Vertiefung; then a typo, then ids in any case.
    text, code = _session(b"1\n2\n3\n3\nv01, v5x\nv01 V05\n", "--start", "2027-01")
    assert "Unbekannt: V5X (meinten Sie V05?)" in text
    assert "--format vertiefung --module V01 --module V05" in text
    assert code == 0


def test_ctrl_d_says_abgebrochen() -> None:
    text, code = _session(b"\x04")
    assert code == 130 and "Abgebrochen." in text and "--no-input" not in text


def test_deepening_uses_the_competence_profile() -> None:
    # Koordination, with knowledge, to deepen: the profile of the Koordination track names
    # the modules that raise its weakest competences (FK4, FK5: Steuerung).
    text, code = _session(b"1\n2\n3\n2\nV10\n", "--start", "2027-01")
    assert code == 0
    assert "Nach dem Kompetenzprofil der Basisqualifizierung Quartierskoordination" in " ".join(text.split())
    assert "V10  Ausgewählte Steuerungskonzepte vertiefen (stärkt FK4, FK5)" in text


def test_the_target_group_is_asked_and_written(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text, code = _session(b"2\n1\n2\n1\n", "--start", "2027-01", "--home", "Tübingen", "--out", str(plan))
    assert code == 0, text
    assert "Zu welcher Zielgruppe des Programms gehören Sie?" in text
    written = plan.read_text(encoding="utf-8")
    assert "\nhome: tuebingen\n" in written and "\ntarget_group: kommunal\n" in written


def test_volunteers_are_not_asked_twice() -> None:
    text, code = _session(b"4\n1\n1\n", "--start", "2027-01")
    assert code == 0, text
    assert "Zielgruppe" not in text and "--target-group ehrenamt" in text
