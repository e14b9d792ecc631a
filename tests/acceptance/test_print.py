"""The printable plan printed by a real browser (issue 14): Chromium, headless, prints the
HTML export to PDF; poppler's tools check A4, the page count, every module row, the totals,
the page numbers, and that nothing runs past the printable width."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from tests.kit import A4, CHROMIUM_FLAGS, pdf_info, pdf_text, pdf_words, print_to_pdf, run_cli, tool

# The print helper lives in tests/kit.py; these names stay importable from here for older tests.
FLAGS, words = CHROMIUM_FLAGS, pdf_words
__all__ = ["A4", "FLAGS", "MARGIN_RIGHT", "tool", "words"]

MARGIN_RIGHT = 14 / 25.4 * 72  # the stylesheet's right margin, 14 mm, in points


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("print")
    plan = folder / "plan.yaml"
    result = run_cli(
        "plan", "--format", "basis", "--field", "beide", "--start", "2027-03", "--offers",
        "--learner", "Erika Muster", "--organisation", "Gemeinde Musterstadt, Amt für Soziales",
        "--contact", "E. Muster, Telefon 07071 12345", "--out", str(plan),
    )  # fmt: skip
    assert result.code == 0, result.stderr
    html = folder / "plan.html"
    assert run_cli("export", str(plan), "--html", str(html)).code == 0
    return plan, print_to_pdf(html)


def test_a4_on_at_most_three_pages(printed: tuple[Path, Path]) -> None:
    info = pdf_info(printed[1])
    assert abs(info.width - A4[0]) < 2 and abs(info.height - A4[1]) < 2
    assert 1 <= info.pages <= 3


def test_every_row_and_the_totals_are_printed(printed: tuple[Path, Path]) -> None:
    plan, pdf = printed
    text = pdf_text(pdf)
    flat = " ".join(text.split())
    for module in re.findall(r"- id: (\w+)", plan.read_text(encoding="utf-8")):
        assert module in flat
    for offer in set(re.findall(r"offer: (\w+)", plan.read_text(encoding="utf-8"))):
        assert offer in flat
    for phrase in ("Gesamt", "Präsenz", "Selbstlernen", "Kosten der Angebote", "davon gefördert", "Stand:"):
        assert phrase in flat
    assert "Gemeinde Musterstadt, Amt für Soziales" in flat and "Unterschrift des Arbeitgebers" in flat
    # The Landesförderung with the office's contact from the funding rules (issue 25).
    assert "Landesförderung" in flat and "Antrag an: Förderstelle Quartiersakademie (fiktiv)" in flat
    # The competence profile is an inline SVG: its labels are text in the PDF.
    assert "Kompetenzprofil" in flat and all(c in flat for c in ("FK1", "FK5", "MK1", "MK5", "Grundlagen"))
    pages = text.count("\f") or 1
    assert f"Seite 1 von {pages}" in flat


def test_nothing_runs_past_the_printable_width(printed: tuple[Path, Path]) -> None:
    pages = pdf_words(printed[1])
    right_edges = [word[2] for page in pages for word in page]
    assert right_edges and max(right_edges) <= A4[0] - MARGIN_RIGHT + 1.5
    # Chromium shrinks a page that is too wide to fit: the table text would print smaller.
    heights = sorted(word[3] - word[1] for page in pages for word in page)
    assert heights[len(heights) // 2] >= 8.5


def test_no_cell_runs_into_the_next(printed: tuple[Path, Path]) -> None:
    for page in pdf_words(printed[1]):
        lines: dict[int, list[tuple[float, float, float, float, str]]] = {}
        for word in page:
            lines.setdefault(round(word[1]), []).append(word)
        for line in lines.values():
            line.sort()
            for left, right in pairwise(line):
                assert right[0] >= left[2] - 0.5, f"{left[4]!r} runs into {right[4]!r}"
