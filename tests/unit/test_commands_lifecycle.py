"""`done`, `recognise`, `undo` and `replan` as `execute(request) -> outcome` in
`qplan.run`, called directly (no CLI), and the plan file read with forgiving spellings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from qplan.errors import Reason, RequestError
from qplan.models.catalog import Catalog
from qplan.models.requests import DoneRequest, RecogniseRequest, ReplanRequest, UndoRequest, Writing
from tests.kit import EXAMPLES, TODAY

PLAN = EXAMPLES / "valid" / "koordination-unterwegs.yaml"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_bytes(PLAN.read_bytes())
    return path


def test_done_marks_and_reviews(plan: Path, catalog: Catalog) -> None:
    from qplan.run.lifecycle import execute

    day = date(2026, 12, 1)
    edited = execute(DoneRequest(plan, ("M07",), on=day, review=True), Writing(catalog, day))
    assert edited.written and [c.module for c in edited.changes] == ["M07"]
    assert edited.changes[0].new == "2026-12-01" and edited.hints == ()
    assert edited.review is not None
    assert {e.id for e in edited.review.result.doc.modules if e.done} >= {"M07"}
    again = execute(DoneRequest(plan, ("M07",), on=day), Writing(catalog, day))
    assert not again.written and again.review is None and "unverändert" in again.changes[0].what


def test_done_ahead_needs_the_persons_yes(plan: Path, catalog: Catalog) -> None:
    from qplan.run.lifecycle import execute

    before = plan.read_bytes()
    with pytest.raises(RequestError) as raised:
        execute(DoneRequest(plan, ("M11",)), Writing(catalog, TODAY))
    assert raised.value.reason is Reason.DATE_AHEAD and raised.value.data["ahead"] == ["M11"]
    assert plan.read_bytes() == before
    edited = execute(DoneRequest(plan, ("M11",), confirmed=True), Writing(catalog, TODAY))
    assert edited.written and edited.changes[0].new == TODAY.isoformat()


def test_recognise_in_part_and_undo(plan: Path, catalog: Catalog) -> None:
    from qplan.run.lifecycle import execute

    writing = Writing(catalog, TODAY)
    part = execute(RecogniseRequest(plan, ("M08",), "Kurs der VHS", wst=2), writing)
    assert part.written and "2 von 6 WSt" in part.changes[0].what
    assert "recognised: {reason: Kurs der VHS, on: 2026-11-25, wst: 2}" in plan.read_text(encoding="utf-8")
    with pytest.raises(RequestError) as raised:
        execute(RecogniseRequest(plan, ("M08",), "  "), writing)
    assert raised.value.reason is Reason.REASON_MISSING
    undone = execute(UndoRequest(plan, ("M08",)), writing)
    assert undone.written and undone.changes[0].what == "wieder offen (war anerkannt)"
    assert "recognised" not in plan.read_text(encoding="utf-8").split("- id: M08")[1].split("- id:")[0]


def test_replan_dry_run_reports_without_writing(plan: Path, catalog: Catalog) -> None:
    from qplan.run.replan import execute

    before = plan.read_bytes()
    day = date(2027, 1, 10)
    outcome = execute(ReplanRequest(plan, dry_run=True, review=True), Writing(catalog, day))
    assert not outcome.written and plan.read_bytes() == before
    assert outcome.changes and all(c.new is None or c.new >= day.isoformat() for c in outcome.changes)
    assert {"M01", "M02", "M03", "M05"} <= set(outcome.difference.kept)
    assert outcome.review is not None and outcome.refused == ()


def forgiving(plan: Path) -> None:
    """`format: Basis` and `id: m07`, as a trainer may write them."""
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("format: basis", "format: Basis").replace("- id: M07", "- id: m07"), "utf-8")


def test_a_forgiving_spelling_is_read_with_a_hint(plan: Path, catalog: Catalog) -> None:
    from qplan.run.lifecycle import execute

    forgiving(plan)
    day = date(2026, 12, 1)
    edited = execute(DoneRequest(plan, ("M07",), on=day), Writing(catalog, day))
    assert edited.written
    assert [(f.code, f.line) for f in edited.hints] == [("QP005", 4), ("QP005", 37)]
    assert "- id: m07" in plan.read_text(encoding="utf-8")  # the file keeps its spelling


def test_an_error_the_change_would_bring_is_named_at_the_changed_text(plan: Path, catalog: Catalog) -> None:
    """The gate's errors: one the file has already at its place on disk; a new one, which has
    no place in the file yet, at its place in the text that was not written, named so."""
    from qplan.findings import Finding
    from qplan.run.gate import _on_disk

    new = Finding("QP101", "error", "Modul „M99“ gibt es im Katalog nicht.", 40, 9, str(plan))
    placed = _on_disk(plan, (new,), catalog, today=TODAY, providers=lambda: None)
    assert placed[0].format().startswith(f"{plan} (nach der Änderung):40:9: [Fehler]")
    assert placed[0].path == f"{plan} (nach der Änderung)" and (placed[0].line, placed[0].column) == (40, 9)
