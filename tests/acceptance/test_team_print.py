"""The printable team page (`qplan team --html`) printed by a real browser: A4, every member
and the in-house proposal on paper (the pattern of test_print.py)."""

from __future__ import annotations

from pathlib import Path

from tests.kit import A4, ROOT, pdf_info, pdf_text, print_to_pdf, run_cli

TEAMS = ROOT / "tests" / "data" / "teams"


def test_the_team_page_prints_on_a4(tmp_path: Path) -> None:
    page = tmp_path / "team.html"
    result = run_cli(
        "team", str(TEAMS / "musterstadt.csv"), str(TEAMS / "bergdorf.yaml"), "--pool", "--start", "2027-03",
        "--html", str(page),
    )  # fmt: skip
    assert result.code == 0, result.stderr
    pdf = print_to_pdf(page)
    info = pdf_info(pdf)
    assert abs(info.width - A4[0]) < 2 and abs(info.height - A4[1]) < 2
    text = pdf_text(pdf)
    flat = " ".join(text.split())
    for name in ("Anna Adler", "Nora Neumann", "Yvonne Yilmaz"):
        assert name in flat
    assert "E01 inhouse: 14 Personen" in flat
    assert "Seite 1 von" in flat
