"""The printable team page (`qplan team --html`) printed by a real browser: A4, every member
and the in-house proposal on paper (the pattern of test_print.py)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.acceptance.test_print import A4, FLAGS, tool
from tests.conftest import ROOT, run_cli

TEAMS = ROOT / "tests" / "data" / "teams"


def test_the_team_page_prints_on_a4(tmp_path: Path) -> None:
    chromium, _ = tool("chromium"), tool("pdftotext")
    page = tmp_path / "team.html"
    result = run_cli(
        "team", str(TEAMS / "musterstadt.csv"), str(TEAMS / "bergdorf.yaml"), "--pool", "--start", "2027-03",
        "--html", str(page),
    )  # fmt: skip
    assert result.code == 0, result.stderr
    pdf = tmp_path / "team.pdf"
    done = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert pdf.exists(), done.stderr[-2000:]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width, height = (float(v) for v in re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())  # type: ignore[union-attr]
    assert abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for name in ("Anna Adler", "Nora Neumann", "Yvonne Yilmaz"):
        assert name in flat
    assert "E01 inhouse: 14 Personen" in flat
    assert "Seite 1 von" in flat
