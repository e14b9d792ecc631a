"""`qplan certificate`: a learner's Teilnahmebescheinigung and a provider's batch, printed
through headless Chromium like the plan document."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.kit import A4, ROOT, pdf_info, pdf_text, print_to_pdf, run_cli

DATA = ROOT / "tests" / "data" / "funding"
ANNA = DATA / "anna.yaml"
DONE = {"M01": "Mo 18.01.2027", "M03": "Di 19.01.2027", "M02": "Mo 01.02.2027"}
OPEN = ("M07", "M08", "M09", "M11", "M15")


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("certificate")
    html = folder / "bescheinigung.html"
    result = run_cli("certificate", str(ANNA), "--html", str(html))
    assert result.code == 0, result.stderr
    pdf = print_to_pdf(html)
    info = pdf_info(pdf)
    assert abs(info.width - A4[0]) < 2 and abs(info.height - A4[1]) < 2
    assert info.pages == 1
    text = pdf_text(pdf)
    return " ".join(text.split())


def test_every_done_module_with_its_date_and_no_open_module(printed: str) -> None:
    assert "Teilnahmebescheinigung" in printed and "Anna Beispiel (Gemeinde Musterstadt)" in printed
    for module, day in DONE.items():
        assert module in printed and day in printed, module
    assert "Mo 12.04.2027" in printed  # the end of the self-study window
    for module in OPEN:
        assert module not in printed, module
    assert "Träger Eins (fiktiv)" in printed and "Stuttgart, Haus am Markt" in printed
    assert "Zusammen: 18 WSt = 13,5 Zeitstunden" in printed


def test_recognised_modules_stand_apart_with_their_reason(printed: str) -> None:
    head, _, recognised = printed.partition("Anerkannte Module")
    assert "M05" not in head and "M05" in recognised
    assert all(word in recognised for word in ("Zertifikat", "Sozialraumanalyse", "KVJS", "Do 01.10.2026"))


def test_markdown_and_chosen_modules(tmp_path: Path) -> None:
    result = run_cli("certificate", str(ANNA), "--module", "m01", "--module", "M07", "--markdown", "-")
    assert result.code == 0
    assert "M01" in result.stdout and "M03" not in result.stdout and "M07" not in result.stdout
    assert "M07 ist noch nicht erledigt" in result.stderr
    assert "| Mo 18.01.2027 | M01 Grundlagen" in result.stdout and "| 6 | 4,5 |" in result.stdout
    missing = run_cli("certificate", str(ANNA), "--module", "M16", "--markdown", "-")
    assert missing.code == 2 and "M16" in missing.stderr and "nicht im Plan" in missing.stderr


def test_nothing_done_is_exit_1(tmp_path: Path) -> None:
    target = tmp_path / "b.html"
    result = run_cli("certificate", str(DATA / "cem.yaml"), "--html", str(target))
    assert result.code == 1 and "Kein erledigtes Modul" in result.stderr and not target.exists()
    only_open = run_cli("certificate", str(ANNA), "--module", "M07", "--html", str(target))
    assert only_open.code == 1 and not target.exists()


def test_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "b.html"
    target.write_text("meins", encoding="utf-8")
    result = run_cli("certificate", str(ANNA), "--html", str(target))
    assert result.code == 2 and target.read_text(encoding="utf-8") == "meins"
    assert run_cli("certificate", str(ANNA), "--html", str(target), "--force").code == 0
    assert "Teilnahmebescheinigung" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ["certificate", str(ANNA)],
        ["certificate", str(ANNA), str(ANNA), "--html", "x.html"],
        ["certificate", "--offer", "T1", str(DATA)],
        ["certificate", str(ANNA), "--out-dir", "x", "--html", "x.html"],
        ["certificate", "fehlt.yaml", "--html", "x.html"],
    ],
)
def test_usage_errors(args: list[str]) -> None:
    result = run_cli(*args)
    assert result.code == 2 and result.stderr.startswith("Fehler:")


def test_a_providers_batch_one_file_per_participant(tmp_path: Path) -> None:
    out = tmp_path / "bescheinigungen"
    result = run_cli("certificate", "--offer", "t1", str(DATA), "--out-dir", str(out))
    assert result.code == 0, result.stderr
    files = sorted(p.name for p in out.iterdir())
    assert files == ["T1-anna.html", "T1-ben.html"]
    anna = (out / "T1-anna.html").read_text(encoding="utf-8")
    ben = (out / "T1-ben.html").read_text(encoding="utf-8")
    assert "Anna Beispiel" in anna and "Ben Muster" not in anna
    assert "Ben Muster" in ben and "Anna Beispiel" not in ben
    assert "M01" in anna and "M03" in anna and "M02" not in anna  # only this offer's modules
    assert "M01" in ben and "M03" not in ben  # Ben's M03 is open
    assert "im Angebot T1 von Träger Eins (fiktiv)" in anna
    assert "2 Bescheinigung(en)" in result.stderr and "2 Plan-Datei(en) ohne dieses Angebot" in result.stderr
    for name in ("Anna", "Ben"):
        assert name not in result.stdout + result.stderr  # names only in their own certificate
    again = run_cli("certificate", "--offer", "T1", str(DATA), "--out-dir", str(out))
    assert again.code == 2 and "nichts wurde geschrieben" in again.stderr
    assert run_cli("certificate", "--offer", "T1", str(DATA), "--out-dir", str(out), "--force").code == 0
    assert run_cli("certificate", "--offer", "T9", str(DATA), "--out-dir", str(tmp_path / "leer")).code == 1


def test_certificate_through_the_installed_executable(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "qplan"
    env = dict(os.environ, NO_COLOR="1")
    target = tmp_path / "b.md"
    done = subprocess.run(
        [str(exe), "certificate", str(ANNA), "--markdown", str(target)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = target.read_text(encoding="utf-8")
    assert all(module in text for module in DONE) and not any(module in text for module in OPEN)
