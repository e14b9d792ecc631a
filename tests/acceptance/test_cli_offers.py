"""`qplan providers`, `qplan plan --offers`, `qplan export` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.kit import run_cli

PLAN = """format: basis
field: koordination
start: 2027-01-01
learner: "Erika Muster"
modules:
  - {id: M01, phase: praesenz, wst: 6, date: 2027-01-18, offer: A00003, provider: "Akademie Neckarbogen (fiktiv)", location: "Stuttgart, Bildungszentrum Süd", done: true}
  - {id: M02, phase: selbstlern, wst: 6, date: 2027-02-01, until: 2027-04-12}
  - {id: M03, phase: praesenz, wst: 6, date: 2027-01-19, offer: A00003, provider: "Akademie Neckarbogen (fiktiv)", location: "Stuttgart, Bildungszentrum Süd"}
"""


def test_providers_listing_and_filters() -> None:
    data = json.loads(run_cli("providers", "--module", "M16", "--region", "karlsruhe", "--json").stdout)
    assert data["offers"] and all("M16" in o["modules"] for o in data["offers"])
    assert all(o["region"] == "karlsruhe" or o["online"] for o in data["offers"])
    assert {p["id"] for p in data["providers"]} >= {o["provider"] for o in data["offers"]}
    assert all("(fiktiv)" in p["name"] for p in data["providers"])
    later = json.loads(run_cli("providers", "--from", "2028-06", "--setting", "zentral", "--json").stdout)["offers"]
    assert later and all(o["setting"] == "zentral" for o in later)
    assert all((o["dates"] or [o["start"]])[0] >= "2028-06-01" for o in later)
    text = run_cli("providers", "--module", "E01", "--region", "freiburg", "--available")
    assert text.code == 0 and "fiktiv" in text.stdout


@pytest.mark.parametrize(
    "args", [["--region", "bodensee"], ["--setting", "online"], ["--module", "M99"], ["--from", "2027-13"]]
)
def test_providers_usage_errors(args: list[str]) -> None:
    result = run_cli("providers", *args)
    assert result.code == 2 and "Traceback" not in result.stderr


def test_providers_check_and_bad_file(tmp_path: Path) -> None:
    assert run_cli("providers", "--check").code == 0
    bad = tmp_path / "providers.yaml"
    bad.write_text(
        "schema_version: 1\nnote: x\nproviders: []\noffers:\n  - {id: A1, provider: nope}\n", encoding="utf-8"
    )
    result = run_cli("--providers", str(bad), "providers", "--check", "--json")
    assert result.code == 2
    assert json.loads(result.stdout)["findings"][0]["line"] == 5
    result = run_cli("--providers", str(bad), "plan", "--format", "einfuehrung", "--offers")
    assert result.code == 2 and f"{bad}:5:" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("region", ["stuttgart", "karlsruhe", "freiburg", "tuebingen"])
def test_plan_with_offers_checks_clean(tmp_path: Path, region: str) -> None:
    out = tmp_path / "plan.yaml"
    result = run_cli(
        "plan",
        "--format",
        "basis",
        "--field",
        "beide",
        "--start",
        "2027-01",
        "--offers",
        "--region",
        region,
        "--json",
        "--out",
        str(out),
    )
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["ok"] and data["offers"]["complete"] and data["offers"]["optimal"]
    assert data["offers"]["trips"] == 3
    assert all(m["provider"] and m["date"] and m["offer"] for m in data["modules"])
    checked = run_cli("check", str(out), "--strict", "--format", "json")
    assert checked.code == 0, checked.stdout
    shown = json.loads(run_cli("show", str(out), "--json").stdout)
    assert [(m["id"], m["date"], m["provider"]) for m in shown["modules"]] == [
        (m["id"], m["date"], m["provider"]) for m in data["modules"]
    ]


def test_incomplete_plan_exits_1() -> None:
    result = run_cli(
        "plan",
        "--format",
        "basis",
        "--field",
        "steuerung",
        "--start",
        "2027-01",
        "--offers",
        "--region",
        "tuebingen",
        "--budget-eur",
        "1200",
    )
    assert result.code == 1
    text = " ".join(result.stdout.split())  # folded at the width of a pipe (80)
    assert "ohne Angebot" in text and "Plan unvollständig" in text


def test_offer_options_need_offers() -> None:
    assert run_cli("plan", "--format", "einfuehrung", "--region", "freiburg").code == 2
    assert run_cli("plan", "--format", "einfuehrung", "--offers", "--region", "bodensee").code == 2


def test_edited_offer_reference_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN.replace("offer: A00003, provider", "offer: A99999, provider", 1), encoding="utf-8")
    result = run_cli("check", str(path), "--select", "QP4")
    assert result.stdout.startswith(f"{path}:6:") and "(QP401)" in result.stdout
    path.write_text(PLAN.replace("date: 2027-01-19", "date: 2027-01-20"), encoding="utf-8")
    result = run_cli("check", str(path), "--select", "QP4")
    assert "(QP402)" in result.stdout and result.code == 0


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    return path


def test_export_ics(plan_file: Path, tmp_path: Path) -> None:
    from icalendar import Calendar

    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert run_cli("export", str(plan_file), "--ics", str(first)).code == 0
    assert run_cli("export", str(plan_file), "--ics", str(second)).code == 0

    def without_stamps(data: bytes) -> list[bytes]:  # DTSTAMP is the time of the export
        return [line for line in data.splitlines() if not line.startswith((b"DTSTAMP", b"LAST-MODIFIED"))]

    assert without_stamps(first.read_bytes()) == without_stamps(second.read_bytes())  # stable UIDs
    calendar = Calendar.from_ical(first.read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 3  # M01 is done: attended, still in the calendar
    attended = next(e for e in events.values() if "M01" in str(e["SUMMARY"]))
    assert str(attended["STATUS"]) == "CONFIRMED" and "(teilgenommen)" in str(attended["SUMMARY"])
    presence = next(e for e in events.values() if "M03" in str(e["SUMMARY"]))
    assert presence.decoded("DTSTART").isoformat() == "2027-01-19T09:00:00+01:00"
    assert str(presence["DTSTART"].params["TZID"]) == "Europe/Berlin"
    assert str(presence["LOCATION"]) == "Stuttgart, Bildungszentrum Süd"
    assert "Akademie Neckarbogen (fiktiv)" in str(presence["DESCRIPTION"])
    window = next(e for e in events.values() if "M02" in str(e["SUMMARY"]))
    assert window.decoded("DTSTART").isoformat() == "2027-02-01"
    assert window.decoded("DTEND").isoformat() == "2027-04-13"  # all-day: the day after
    assert str(window["TRANSP"]) == "TRANSPARENT" and str(presence["TRANSP"]) == "OPAQUE"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert calendar.walk("VTIMEZONE")
    moved = tmp_path / "moved.yaml"
    moved.write_text(PLAN.replace("2027-01-19", "2027-01-21"), encoding="utf-8")
    run_cli("export", str(moved), "--ics", str(tmp_path / "c.ics"))
    again = {str(e["UID"]) for e in Calendar.from_ical((tmp_path / "c.ics").read_bytes()).walk("VEVENT")}
    assert again == set(events)  # same UIDs after a date change


def test_export_refuses_overwrite_and_needs_a_target(plan_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    target.write_text("meins", encoding="utf-8")
    result = run_cli("export", str(plan_file), "--markdown", str(target))
    assert result.code == 2 and target.read_text(encoding="utf-8") == "meins"
    assert run_cli("export", str(plan_file)).code == 2
    assert run_cli("export", str(tmp_path / "fehlt.yaml"), "--html", "-").code == 2


MARKDOWN = """# Lernplan: Basisqualifizierung Quartierskoordination

Fortbildungsprogramm „Qualifiziert ins Quartier!“ · Stand: Mi 25.11.2026

> **ACHTUNG: Der Plan erfüllt die Regeln des Programms nicht (27 von 32 Prüfungen erfüllt).**

- **Lernende Person:** Erika Muster
- **Format:** Basisqualifizierung
- **Aufgabenfeld:** Quartierskoordination
- **Zeitraum:** Fr 01.01.2027 – Mo 12.04.2027
- **Budget der Spur:** 72 WSt gesamt, 36 WSt Präsenz, 36 WSt Selbstlernen

## Module

| Termin | Art | Modul | Angebot, Träger, Ort | Kosten | Anmeldung bis | Stand |
|---|---|---|---|---:|---|---|
| Mo 18.01.2027 | Präsenz | M01 Grundlagen personenzentrierter Ansätze kennenlernen (6 WSt) | Angebot A00003<br>Akademie Neckarbogen (fiktiv)<br>Stuttgart, Bildungszentrum Süd | – | – | erledigt |
| Di 19.01.2027 | Präsenz | M03 Grundlagen: Sozialraumorientiertes Arbeiten verstehen lernen (6 WSt) | Angebot A00003<br>Akademie Neckarbogen (fiktiv)<br>Stuttgart, Bildungszentrum Süd | – | – | offen |
| Mo 01.02.2027 –<br>Mo 12.04.2027 | Selbstlernen | M02 Bedarfe der Quartiersbewohner/innen selbst ermitteln (6 WSt) | – | – | – | offen |

## Stunden und Kosten

|   | Ist | Soll | Zeitstunden |
|---|---:|---:|---:|
| Gesamt | 18 WSt | 72 WSt | 13,5 |
| Präsenz | 12 WSt | 36 WSt | 9 |
| Selbstlernen | 6 WSt | 36 WSt | 4,5 |

## Kompetenzprofil

- FK1 """


def test_export_markdown_links_its_chart_beside_it(plan_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "mein plan.md"
    assert run_cli("export", str(plan_file), "--markdown", str(target)).code == 0
    chart = tmp_path / "mein plan.profil.svg"
    text = target.read_text(encoding="utf-8")
    assert "<svg" not in text and "![Kompetenzprofil](mein%20plan.profil.svg)" in text
    assert chart.read_text(encoding="utf-8").startswith("<svg")
    # Nothing is written when the chart is there already and --force is missing.
    target.unlink()
    again = run_cli("export", str(plan_file), "--markdown", str(target))
    assert again.code == 2 and "--force" in again.stderr and not target.exists()
    assert run_cli("export", str(plan_file), "--markdown", str(target), "--force").code == 0


def test_export_markdown_exact(plan_file: Path) -> None:
    result = run_cli("export", str(plan_file), "--markdown", "-")
    assert result.code == 0 and "erfüllt die Regeln des Programms nicht" in result.stderr
    assert result.stdout.startswith(MARKDOWN)
    assert "- Pflichtmodul M05 „Sozialräume entwickeln I“ (Selbstlernen, 6 WSt) fehlt. (QP105)" in result.stdout
    assert (
        "- FK1 Kenntnisse über unterschiedliche Lebenslagen/Lebenswelten verschiedener Zielgruppen: vertieft"
        in result.stdout
    )
    assert (
        "## Prüfung\n\nDer Plan erfüllt die Regeln des Programms nicht (27 von 32 Prüfungen erfüllt).\n"
        in result.stdout
    )
    assert "Ort, Datum, Unterschrift des Arbeitgebers" in result.stdout
    assert result.stdout.endswith(
        "---\n\nErstellt mit qplan 0.1.0 nach dem Leitfaden „Qualifiziert ins Quartier!“ (2019). 1 WSt = 45 Minuten.\n"
    )
    assert run_cli("export", str(plan_file), "--markdown", "-", "--strict").code == 1


def test_export_html_exact(plan_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    assert run_cli("export", str(plan_file), "--html", str(target)).code == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith(
        '<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
        "<title>Lernplan: Basisqualifizierung Quartierskoordination</title>\n"
    )
    assert "size: A4 portrait" in text and 'counter(page) " von " counter(pages)' in text
    assert "thead { display: table-header-group; }" in text and "break-inside: avoid" in text
    assert "http" not in text.split("<body>")[0]  # no external resources
    assert '<p class="verdict failed">' in text
    assert "<dt>Lernende Person</dt><dd>Erika Muster</dd>" in text
    assert (
        '<tr><td class="date pre">Di 19.01.2027</td><td class="nowrap">Präsenz</td><td>M03 Grundlagen: '
        "Sozialraumorientiertes Arbeiten verstehen lernen (6 WSt)</td>"
    ) in text
    assert text.endswith("</body>\n</html>\n")
