"""The commands' `execute(request) -> outcome` in `qplan.run`, called directly (no CLI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qplan.errors import InputError, Reason, RequestError, UsageError
from qplan.models.requests import DataFiles, ExportRequest, ProfileRequest, ShowRequest
from tests.kit import CATALOG_PATH, EXAMPLES, TODAY

FILES = DataFiles(catalog=str(CATALOG_PATH))


def test_show_reviews_a_valid_plan() -> None:
    from qplan.run.show import execute

    review = execute(ShowRequest(str(EXAMPLES / "valid" / "koordination-unterwegs.yaml"), TODAY, FILES))
    assert review.ok
    assert review.reviewed.label.endswith("koordination-unterwegs.yaml")
    assert review.reviewed.result.doc.modules
    assert review.catalog.module_by_id


def test_show_keeps_a_broken_rule_and_a_duplicate_key_apart() -> None:
    from qplan.run.show import execute

    holiday = execute(ShowRequest(str(EXAMPLES / "invalid" / "qp309-feiertag.yaml"), TODAY, FILES))
    assert not holiday.ok and not holiday.reviewed.errors
    assert "QP309" in {f.code for f in holiday.reviewed.result.evaluation.findings}
    duplicate = execute(ShowRequest(str(EXAMPLES / "invalid" / "qp003-doppelter-schluessel.yaml"), TODAY, FILES))
    assert not duplicate.ok and duplicate.reviewed.errors
    assert {f.code for f in duplicate.reviewed.file_findings} == {"QP003"}


def test_show_refuses_a_missing_or_unusable_file(tmp_path: Path) -> None:
    from qplan.run.show import execute

    with pytest.raises(UsageError, match="Die Datei gibt es nicht"):
        execute(ShowRequest(str(tmp_path / "fehlt.yaml"), TODAY, FILES))
    with pytest.raises(InputError):
        execute(ShowRequest(str(EXAMPLES / "invalid" / "qp004-leer.yaml"), TODAY, FILES))


def test_export_gathers_only_what_the_files_need(tmp_path: Path) -> None:
    from qplan.run.export import execute

    plan = str(EXAMPLES / "valid" / "koordination-unterwegs.yaml")
    calendar = execute(ExportRequest(plan, TODAY, FILES, calendar=str(tmp_path / "neu.ics")))
    assert calendar.profile is None and calendar.funding is None and calendar.previous_calendar is None
    earlier = tmp_path / "alt.ics"
    earlier.write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    printable = execute(ExportRequest(plan, TODAY, FILES, printable=True, calendar=str(earlier)))
    assert printable.profile is not None and printable.profile.competences
    assert printable.funding is not None and printable.funding.rules is not None
    assert printable.previous_calendar == earlier.read_bytes()
    assert printable.reviewed.result.doc == calendar.reviewed.result.doc


def test_export_refuses_a_file_with_errors_of_its_own() -> None:
    from qplan.run.export import execute

    with pytest.raises(InputError, match="nicht verwendbar") as raised:
        execute(ExportRequest(str(EXAMPLES / "invalid" / "qp003-doppelter-schluessel.yaml"), TODAY, FILES))
    assert {f.code for f in raised.value.findings} == {"QP003"}


def test_profile_profiles_the_plan_with_suggestions() -> None:
    from qplan.run.profile import execute

    plan = str(EXAMPLES / "valid" / "koordination-unterwegs.yaml")
    plain = execute(ProfileRequest(plan, TODAY, FILES))
    assert len(plain.profile.competences) == 10 and plain.profile.suggestions == ()
    assert plain.doc.modules and plain.catalog.competence_map is not None
    assert 1 <= len(execute(ProfileRequest(plan, TODAY, FILES, suggest=2)).profile.suggestions) <= 2


@pytest.mark.parametrize("suggest", [0, 21])
def test_profile_refuses_a_suggestion_count_out_of_range(suggest: int) -> None:
    from qplan.cli.choices import explain
    from qplan.run.profile import execute

    plan = str(EXAMPLES / "valid" / "koordination-unterwegs.yaml")
    with pytest.raises(RequestError) as raised:
        execute(ProfileRequest(plan, TODAY, FILES, suggest=suggest))
    assert raised.value.reason is Reason.OUT_OF_RANGE and raised.value.option == "suggest"
    assert explain(raised.value) == f"--suggest {suggest}: bitte eine Zahl von 1 bis 20."


def test_profile_answers_are_kept_in_the_file(tmp_path: Path) -> None:
    from qplan.run.profile import answer, execute

    plan = tmp_path / "plan.yaml"
    plan.write_bytes((EXAMPLES / "valid" / "koordination-unterwegs.yaml").read_bytes())
    request = ProfileRequest(str(plan), TODAY, FILES)
    found = execute(request)
    assert found.doc.self_assessment is None
    answers = {c.id: 2 for c in found.profile.competences}
    answered = answer(request, found, answers)
    assert {c.id: c.self_assessed for c in answered.profile.competences} == answers
    again = execute(request)  # asked once: the file answers next time
    assert again.doc.self_assessment == answers and again.profile == answered.profile
