"""The checks of the catalogue (qplan/rules/catalog.py), each on a catalogue broken for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from qplan.run.data import check_catalog_file as check_file
from tests.kit import CATALOG_PATH

SOURCE = CATALOG_PATH.read_text(encoding="utf-8")


def broken(tmp_path: Path, old: str, new: str, count: int = 1) -> tuple[Path, str]:
    assert old in SOURCE, old
    text = SOURCE.replace(old, new, count)
    path = tmp_path / "modules.yaml"
    path.write_text(text, encoding="utf-8")
    return path, text


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    index = -1
    for _ in range(occurrence):
        index = text.index(fragment, index + 1)
    return text[:index].count("\n") + 1


def test_shipped_catalogue_is_consistent() -> None:
    report = check_file(CATALOG_PATH)
    assert report.ok and report.findings == ()


def test_duplicate_module_id(tmp_path: Path) -> None:
    path, text = broken(tmp_path, "{id: M02, number: 2", "{id: M01, number: 2")
    report = check_file(path)
    assert not report.ok
    qk101 = [f for f in report.findings if f.code == "QK101"]
    assert [(f.line, f.column) for f in qk101] == [(line_of(text, "{id: M01, number: 2"), 10)]
    assert "„M01“" in qk101[0].message


def test_unresolved_area(tmp_path: Path) -> None:
    path, text = broken(
        tmp_path, "{id: M04, number: 4, format: basis, area: LB2", "{id: M04, number: 4, format: basis, area: LB9"
    )
    report = check_file(path)
    qk102 = [f for f in report.findings if f.code == "QK102"]
    assert qk102 and qk102[0].line == line_of(text, "area: LB9")
    assert "LB9" in qk102[0].message


def test_unresolved_track_module(tmp_path: Path) -> None:
    path, text = broken(tmp_path, "selbstlern: [M04, M17, M18]", "selbstlern: [M04, M17, M19]")
    report = check_file(path)
    qk102 = [f for f in report.findings if f.code == "QK102"]
    assert [(f.line, f.column) for f in qk102] == [
        (line_of(text, "M19"), text.split("\n")[line_of(text, "M19") - 1].index("M19") + 1)
    ]


def test_grundlagen_module_of_other_area(tmp_path: Path) -> None:
    path, _ = broken(tmp_path, "grundlagen_module: M03", "grundlagen_module: M07")
    report = check_file(path)
    assert any(f.code == "QK102" and "gehört zu LB3" in f.message for f in report.findings)


def test_area_hours_mismatch(tmp_path: Path) -> None:
    path, text = broken(
        tmp_path,
        "{id: M05, number: 5, format: basis, area: LB2, wst: 6",
        "{id: M05, number: 5, format: basis, area: LB2, wst: 8",
    )
    report = check_file(path)
    qk103 = [f for f in report.findings if f.code == "QK103"]
    assert len(qk103) == 1
    assert qk103[0].line == line_of(text, "basis_wst: 24")
    assert "26 WSt" in qk103[0].message
    # the same change breaks the Koordination budget too
    assert any(f.code == "QK104" and "basis-koordination" in f.message for f in report.findings)


def test_track_budget_broken(tmp_path: Path) -> None:
    path, text = broken(tmp_path, "      praesenz: {expected: 54}", "      praesenz: {expected: 48}")
    report = check_file(path)
    qk104 = [f for f in report.findings if f.code == "QK104"]
    assert qk104 and all("basis-steuerung" in f.message for f in qk104)
    assert (qk104[0].line, qk104[0].column) == (line_of(text, "praesenz: {expected: 48}"), 17)


def test_beide_tolerance_must_hold(tmp_path: Path) -> None:
    path, _ = broken(tmp_path, "wst: {expected: 100, tolerance: 10}", "wst: {expected: 100, tolerance: 5}")
    report = check_file(path)
    assert any(f.code == "QK104" and "QP201" in f.message for f in report.findings)


def test_module_in_both_phases(tmp_path: Path) -> None:
    path, _ = broken(
        tmp_path, "selbstlern: [M02, M05, M06, M09, M13, M14]", "selbstlern: [M01, M02, M05, M06, M09, M13, M14]"
    )
    report = check_file(path)
    assert any(f.code == "QK105" and "M01" in f.message for f in report.findings)


def test_schema_error_in_catalogue_is_unusable(tmp_path: Path) -> None:
    path, text = broken(tmp_path, "  minutes: 45", "  minutes: fünfundvierzig")
    report = check_file(path)
    assert not report.usable
    assert [(f.code, f.line) for f in report.findings] == [("QP002", line_of(text, "minutes:"))]


@pytest.mark.parametrize("content", [b"", b"\x00\x01", b"a: [", b"- 1\n"])
def test_unusable_catalogue_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "c.yaml"
    path.write_bytes(content)
    report = check_file(path)
    assert not report.usable and report.findings
