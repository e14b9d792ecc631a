"""The commands' `execute(request) -> outcome` in `qplan.run`, called directly (no CLI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qplan.errors import InputError, UsageError
from qplan.models.requests import DataFiles, ShowRequest
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
