"""The office's printable overviews through a real browser (issue 23): the coverage heatmap
and the demand report printed by headless Chromium to PDF, A4 landscape, every cell's numbers
and every offer id present, nothing past the printable width."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.kit import pdf_info, pdf_text, pdf_words, print_to_pdf, run_cli
from tests.office_data import write_plans, write_providers

A4_LANDSCAPE = (841.89, 595.28)
MARGIN_RIGHT = 10 / 25.4 * 72


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("office-print")
    providers, plans = write_providers(folder), write_plans(folder)
    coverage = folder / "abdeckung.html"
    result = run_cli("coverage", "--from", "2027-01", "--until", "2028-12-31", "--html", str(coverage))
    assert result.code == 0, result.stderr
    demand = folder / "nachfrage.html"
    result = run_cli("--providers", str(providers), "demand", str(plans), "--html", str(demand))
    assert result.code == 1, result.stderr
    return {"coverage": print_to_pdf(coverage), "demand": print_to_pdf(demand)}


@pytest.mark.parametrize("kind", ["coverage", "demand"])
def test_a4_landscape_and_nothing_cut(printed: dict[str, Path], kind: str) -> None:
    info = pdf_info(printed[kind])
    assert abs(info.width - A4_LANDSCAPE[0]) < 2 and abs(info.height - A4_LANDSCAPE[1]) < 2
    pages = pdf_words(printed[kind])
    right_edges = [word[2] for page in pages for word in page]
    assert right_edges and max(right_edges) <= A4_LANDSCAPE[0] - MARGIN_RIGHT + 1.5
    heights = sorted(word[3] - word[1] for page in pages for word in page)
    assert heights[len(heights) // 2] >= 6.5  # not shrunk to fit


def test_heatmap_has_every_module_half_year_and_number(printed: dict[str, Path]) -> None:
    report = run_cli("coverage", "--from", "2027-01", "--until", "2028-12-31", "--json")
    data = __import__("json").loads(report.stdout)
    text = pdf_text(printed["coverage"])
    flat = " ".join(text.split())
    for module in data["modules"]:
        assert re.search(rf"\b{module}\b", flat), module
    for half in data["half_years"]:
        assert half["id"] in flat
    for area in ("Stuttgart", "Karlsruhe", "Freiburg", "Tübingen", "Online"):  # no heading cut
        assert flat.count(area) >= len(data["half_years"]), area
    # Every cell prints its numbers: the cells with offers as „Angebote / frei“, gaps as „0 Lücke“.
    tokens = re.findall(r"(\d+) ?/ ?(\d+)", flat)
    # Online without an offer prints 0 / 0; the legend shows that once more.
    assert len(tokens) == sum(1 for c in data["cells"] if not c["gap"]) + 1
    assert len(re.findall(r"(?<![\d(])0 Lücke(?!\()", flat)) == data["gaps"]


def test_demand_report_names_every_offer(printed: dict[str, Path]) -> None:
    text = pdf_text(printed["demand"])
    flat = " ".join(text.split())
    for offer in ("F1 (überbucht)", "S1"):
        assert offer in flat
    assert "V07" in flat and "ohne Angebot" in flat and "Ehrenamtlich Engagierte" in flat
