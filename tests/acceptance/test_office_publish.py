"""What the Onlineportal would publish (issue 23): `qplan providers --html` printed by
headless Chromium (A4, every offer id, nothing cut), `--jsonld` parsed and checked for
capacity and funder, `--ics` imported into khal."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.acceptance.test_print import MARGIN_RIGHT
from tests.kit import A4, ROOT, khal_calendar, pdf_info, pdf_text, pdf_words, print_to_pdf, run_cli
from tests.office_data import write_providers


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("publish")
    providers = write_providers(folder)
    paths = {kind: folder / f"angebote.{kind}" for kind in ("html", "jsonld", "ics")}
    result = run_cli(
        "--providers", str(providers), "providers",
        "--html", str(paths["html"]), "--jsonld", str(paths["jsonld"]), "--ics", str(paths["ics"]),
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert "ics: " in result.stderr and "(6 Präsenztage)" in result.stderr
    return {"folder": folder, **paths}


def test_jsonld_capacity_mode_and_funder(published: dict[str, Path]) -> None:
    data = json.loads(published["jsonld"].read_text(encoding="utf-8"))
    assert data["@context"] == "https://schema.org"
    items = {item["identifier"]: item for item in data["@graph"]}
    assert set(items) == {"S1", "S2", "K1", "F1", "O1"}
    assert all(item["@type"] == "CourseInstance" for item in items.values())
    capacity = {k: (v["maximumAttendeeCapacity"], v["remainingAttendeeCapacity"]) for k, v in items.items()}
    assert capacity == {"S1": (20, 14), "S2": (10, 0), "K1": (12, 12), "F1": (16, 14), "O1": (30, 30)}
    assert items["O1"]["courseMode"] == "online" and items["O1"]["location"]["@type"] == "VirtualLocation"
    assert items["F1"]["courseMode"] == "onsite"
    assert items["F1"]["location"]["address"]["addressRegion"] == "Regierungsbezirk Freiburg"
    assert items["F1"]["funder"] == {"@type": "GovernmentOrganization", "name": "Land Baden-Württemberg"}
    assert "funder" not in items["S2"]  # not funded
    assert [c["courseCode"] for c in items["F1"]["about"]] == ["M11", "M15"]
    assert items["S1"]["startDate"] == "2027-03-01" and items["S1"]["endDate"] == "2027-03-02"


def test_ics_every_presence_day_imported_by_khal(published: dict[str, Path]) -> None:
    events = Calendar.from_ical(published["ics"].read_bytes()).walk("VEVENT")
    days = sorted((str(e["UID"]), e.decoded("DTSTART").date().isoformat()) for e in events)
    assert days == [
        ("angebot-F1-M11@qplan", "2027-03-15"),
        ("angebot-F1-M15@qplan", "2027-03-16"),
        ("angebot-K1-M01@qplan", "2027-03-08"),
        ("angebot-S1-M01@qplan", "2027-03-01"),
        ("angebot-S1-M03@qplan", "2027-03-02"),
        ("angebot-S2-M01@qplan", "2027-09-06"),
    ]
    calendar = khal_calendar(published["folder"], "angebote")
    khal, vdir, env = calendar.binary, calendar.vdir, calendar.env
    for _ in range(2):  # imported twice: still one event per presence day
        done = subprocess.run(
            [khal, "import", "--batch", "-a", "angebote", str(published["ics"])],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    stored = [
        str(e["UID"]) for item in vdir.glob("*.ics") for e in Calendar.from_ical(item.read_bytes()).walk("VEVENT")
    ]
    assert sorted(stored) == [uid for uid, _ in days]
    listing = subprocess.run([khal, "list", "01.03.2027", "20d"], env=env, capture_output=True, text=True, check=False)
    assert listing.returncode == 0
    assert "09:00-16:00 M11" in listing.stdout and "(Angebot F1)" in listing.stdout


@pytest.fixture(scope="module")
def printed_overview(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """The shipped example overview (768 offers, many pages) printed through Chromium."""
    folder = tmp_path_factory.mktemp("overview")
    html = folder / "angebote.html"
    result = run_cli("providers", "--html", str(html))
    assert result.code == 0, result.stderr
    ids = re.findall(r"\{id: (A\d+)", (ROOT / "data" / "providers.yaml").read_text(encoding="utf-8"))
    return print_to_pdf(html), ids


def test_overview_prints_on_a4_with_every_offer(printed_overview: tuple[Path, list[str]]) -> None:
    pdf, ids = printed_overview
    info = pdf_info(pdf)
    assert abs(info.width - A4[0]) < 2 and abs(info.height - A4[1]) < 2
    text = pdf_text(pdf, layout=False)
    printed = set(re.findall(r"\bA\d{5}\b", text))
    assert len(ids) == 768 and printed == set(ids)
    pages = pdf_words(pdf)
    assert max(word[2] for page in pages for word in page) <= A4[0] - MARGIN_RIGHT + 1.5
    for region in ("Stuttgart", "Karlsruhe", "Freiburg", "Tübingen", "Online"):
        assert re.search(rf"{region} \(\d+\)", text), region
