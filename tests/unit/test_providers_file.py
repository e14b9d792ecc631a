"""Errors in a providers file point at file:line:column, like catalogue errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from qplan.models.catalog import Catalog
from qplan.run.data import check_providers_file as check_file

HEAD = """schema_version: 1
note: "Test"
providers:
  - {id: p1, name: "Träger A (fiktiv)", kind: Verband, city: Ulm, region: tuebingen, settings: [regional], group: fest, url: "https://example.org"}
offers:
"""
GOOD = (
    "  - {id: A1, provider: p1, modules: [M01, M03], phase: praesenz, setting: regional, location: Ulm, "
    "dates: [2027-01-11, 2027-01-12], seats: 10, cost_eur: 100, funded: true, registration_deadline: 2026-12-20}\n"
)


def problems(tmp_path: Path, catalog: Catalog, offers: str) -> list[tuple[str, int | None, int | None]]:
    path = tmp_path / "providers.yaml"
    path.write_text(HEAD + offers, encoding="utf-8")
    report = check_file(path, catalog)
    return [(f.code, f.line, f.column) for f in report.findings]


def test_valid(tmp_path: Path, catalog: Catalog) -> None:
    assert problems(tmp_path, catalog, GOOD) == []


@pytest.mark.parametrize(
    ("offer", "code", "line", "marker"),
    [
        (GOOD + GOOD, "QA101", 7, "A1"),
        (GOOD.replace("provider: p1", "provider: p9"), "QA102", 6, "p9"),
        (GOOD.replace("[M01, M03]", "[M01, M33]"), "QA102", 6, "M33"),
        (GOOD.replace("[2027-01-11, 2027-01-12]", "[2027-01-11]"), "QA103", 6, "[2027-01-11]"),
        (GOOD.replace("setting: regional", "setting: zentral"), "QA104", 6, "zentral"),
        (GOOD.replace("seats: 10", "seats: zehn"), "QP002", 6, "zehn"),
        (GOOD.replace("2027-01-12", "2027-02-30"), "QP002", 6, "2027-02-30"),
        (GOOD.replace("funded: true", "funded: ja"), "QP002", 6, "ja, reg"),
    ],
)
def test_errors_have_positions(tmp_path: Path, catalog: Catalog, offer: str, code: str, line: int, marker: str) -> None:
    text_line = (HEAD + offer).splitlines()[line - 1]
    assert problems(tmp_path, catalog, offer) == [(code, line, text_line.index(marker) + 1)]


def test_unknown_region(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "providers.yaml"
    path.write_text(HEAD.replace("region: tuebingen", "region: bodensee") + GOOD, encoding="utf-8")
    report = check_file(path, catalog)
    assert [(f.code, f.line) for f in report.findings] == [("QP002", 4)]
    assert "„stuttgart“, „karlsruhe“, „freiburg“, „tuebingen“" in report.findings[0].message
