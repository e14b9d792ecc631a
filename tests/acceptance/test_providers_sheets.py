"""Providers' spreadsheets (issue 26): import, export, template; positions, stable ids, hostile files."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

openpyxl = pytest.importorskip("openpyxl")

PROVIDERS = ROOT / "data" / "providers.yaml"
TRAEGER = ["Kennung", "Name", "Art", "Ort", "Regierungsbezirk", "Formen", "Lerngruppe", "Webseite"]
ANGEBOTE = [
    "Kennung",
    "Träger",
    "Module",
    "Phase",
    "Form",
    "Ort",
    "Termine",
    "Beginn",
    "Ende",
    "Plätze",
    "Gebucht",
    "Kosten",
    "Gefördert",
    "Anmeldeschluss",
]
PROVIDER_ROW = [
    "tr-a",
    "Träger A (fiktiv)",
    "Bildungswerk",
    "Ulm",
    "Tübingen",
    "regional, zentral",
    "fest",
    "https://example.org/a",
]


def offer(kennung: str | None = None, **changes: object) -> list[object]:
    row: dict[str, object] = {
        "Kennung": kennung,
        "Träger": "tr-a",
        "Module": "M01, M03",
        "Phase": "Präsenz",
        "Form": "regional",
        "Ort": "Ulm, Haus am Markt",
        "Termine": "18.01.2027, 19.01.2027",
        "Beginn": None,
        "Ende": None,
        "Plätze": 18,
        "Gebucht": 3,
        "Kosten": "1.000,00 €",
        "Gefördert": "ja",
        "Anmeldeschluss": "Mo 28.12.2026",
    }
    row.update(changes)
    return [row[h] for h in ANGEBOTE]


def book(path: Path, offers: list[list[object]], *, providers: list[list[object]] | None = None) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "Träger"
    wb.active.append(TRAEGER)
    for row in providers if providers is not None else [PROVIDER_ROW]:
        wb.active.append(row)
    sheet = wb.create_sheet("Angebote")
    sheet.append(ANGEBOTE)
    for row in offers:
        sheet.append(row)
    wb.save(path)
    return path


def load(path: Path):  # type: ignore[no-untyped-def]
    from qplan.run.data import check_providers_file, load_catalog

    report = check_providers_file(path, load_catalog(None))
    assert report.ok, report.findings
    return report.value


def test_export_then_import_gives_an_equal_file(cli, tmp_path: Path) -> None:
    sheet = tmp_path / "angebote.xlsx"
    assert cli("providers", "export", "--xlsx", str(sheet)).code == 0
    out = tmp_path / "angebote.yaml"
    done = cli("providers", "import", str(sheet), "--out", str(out))
    assert done.code == 0, done.stderr
    assert "12 Träger, 768 Angebote (768 Kennungen übernommen, 0 neu vergeben)" in done.stderr
    original, imported = load(PROVIDERS), load(out)
    assert imported.providers == original.providers
    assert imported.offers == original.offers
    assert [o.wst for o in imported.offers] == [o.wst for o in original.offers]
    # the second round trip is byte for byte the same file
    again = tmp_path / "again.xlsx"
    assert cli("--providers", str(out), "providers", "export", "--xlsx", str(again)).code == 0
    assert cli("providers", "import", str(again), "--out", str(out), "--force").code == 0
    first = out.read_text(encoding="utf-8")
    assert cli("providers", "import", str(again), "--out", str(out), "--force").code == 0
    assert out.read_text(encoding="utf-8") == first


def test_csv_export_and_import(cli, tmp_path: Path) -> None:
    folder = tmp_path / "tabellen"
    assert cli("providers", "export", "--csv", str(folder)).code == 0
    text = (folder / "angebote.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Kennung;Träger;Module;Phase")
    assert "18.01.2027" in text
    out = tmp_path / "p.yaml"
    done = cli("providers", "import", str(folder / "traeger.csv"), str(folder / "angebote.csv"), "--out", str(out))
    assert done.code == 0, done.stderr
    assert load(out).offers == load(PROVIDERS).offers


def test_values_as_people_type_them(cli, tmp_path: Path) -> None:
    sheet = book(tmp_path / "a.xlsx", [offer(Kosten="800,-", Gefördert="Nein", Phase="präsenz", Form="Regional")])
    out = tmp_path / "p.yaml"
    assert cli("providers", "import", str(sheet), "--out", str(out)).code == 0
    (item,) = load(out).offers
    assert (item.cost_eur, item.funded, item.phase, item.setting) == (800, False, "praesenz", "regional")
    assert [d.isoformat() for d in item.dates] == ["2027-01-18", "2027-01-19"]
    assert item.registration_deadline.isoformat() == "2026-12-28"
    assert load(out).providers[0].region == "tuebingen"


def test_errors_name_sheet_and_cell(cli, tmp_path: Path) -> None:
    sheet = book(
        tmp_path / "a.xlsx",
        [offer(), offer(Termine="31.02.2027, 19.01.2027", Module="M01, M99"), offer(Plätze="viele", Kosten="12,50")],
    )
    out = tmp_path / "p.yaml"
    done = cli("providers", "import", str(sheet), "--out", str(out))
    assert done.code == 1
    assert not out.exists()
    assert "a.xlsx:Angebote!G3: [Fehler] Termine: „31.02.2027“ ist kein gültiges Datum. (QP002)" in done.stderr
    assert "a.xlsx:Angebote!J4: [Fehler] Plätze: „viele“: erwartet wird eine ganze Zahl" in done.stderr
    assert "a.xlsx:Angebote!L4: [Fehler] Kosten: „12,50“: nur volle Euro" in done.stderr


def test_rule_findings_point_at_the_cell(cli, tmp_path: Path) -> None:
    sheet = book(
        tmp_path / "a.xlsx", [offer(Module="M01, M99"), offer(Träger="tr-x", Termine="18.02.2027, 19.02.2027")]
    )
    done = cli("providers", "import", str(sheet), "--out", str(tmp_path / "p.yaml"), "--json")
    assert done.code == 1
    import json

    findings = json.loads(done.stdout)["findings"]
    places = {(f["place"], f["code"]) for f in findings}
    assert ("a.xlsx:Angebote!C2", "QA102") in places  # M99 is no module
    assert ("a.xlsx:Angebote!B3", "QA102") in places  # tr-x is no provider


def test_unknown_column_gets_a_suggestion(cli, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Träger"
    wb.active.append(TRAEGER)
    wb.active.append(PROVIDER_ROW)
    sheet = wb.create_sheet("Angebote")
    sheet.append([*ANGEBOTE[:-1], "Anmeldeschlus"])
    sheet.append(offer())
    wb.save(tmp_path / "a.xlsx")
    done = cli("providers", "import", str(tmp_path / "a.xlsx"), "--out", str(tmp_path / "p.yaml"))
    assert done.code == 1
    assert (
        "a.xlsx:Angebote!N1: [Fehler] Unbekannte Spalte „Anmeldeschlus“ in „Angebote“. Meinten Sie „Anmeldeschluss“?"
        in done.stderr
    )


def test_reimport_keeps_ids_and_never_duplicates(cli, tmp_path: Path) -> None:
    out = tmp_path / "p.yaml"
    first = book(tmp_path / "1.xlsx", [offer(), offer(Termine="08.02.2027, 09.02.2027", Module="M07, M08")])
    assert cli("providers", "import", str(first), "--out", str(out)).code == 0
    ids = {o.modules: o.id for o in load(out).offers}
    assert sorted(ids.values()) == ["A00001", "A00002"]
    # the provider sends the sheet again with a new offer in between, still without ids
    second = book(
        tmp_path / "2.xlsx",
        [
            offer(Termine="08.02.2027, 09.02.2027", Module="M07, M08"),
            offer(Module="M11, M15", Termine="01.03.2027, 02.03.2027"),
            offer(),
        ],
    )
    assert cli("providers", "import", str(second), "--out", str(out), "--force").code == 0
    again = {o.modules: o.id for o in load(out).offers}
    assert again[("M01", "M03")] == ids[("M01", "M03")]
    assert again[("M07", "M08")] == ids[("M07", "M08")]
    assert again[("M11", "M15")] == "A00003"
    assert len(load(out).offers) == 3
    # the same offer twice in one sheet is refused, and the file is kept
    before = out.read_bytes()
    twice = book(tmp_path / "3.xlsx", [offer(), offer()])
    done = cli("providers", "import", str(twice), "--out", str(out), "--force")
    assert done.code == 1
    assert "3.xlsx:Angebote!A3: [Fehler] Dasselbe Angebot wie in Zeile 2" in done.stderr
    assert out.read_bytes() == before


def test_existing_file_needs_force(cli, tmp_path: Path) -> None:
    out = tmp_path / "p.yaml"
    out.write_text("bleibt\n")
    done = cli("providers", "import", str(book(tmp_path / "a.xlsx", [offer()])), "--out", str(out))
    assert done.code == 2
    assert "mit --force" in done.stderr
    assert out.read_text() == "bleibt\n"


def test_intake_review_columns(cli, tmp_path: Path) -> None:
    rows = [
        offer(),
        offer(Termine="08.02.2027, 09.02.2027", Module="M07, M08"),
        offer(Termine="01.03.2027, 02.03.2027", Module="M11, M15"),
    ]
    wb = openpyxl.Workbook()
    wb.active.title = "Träger"
    wb.active.append(TRAEGER)
    wb.active.append(PROVIDER_ROW)
    sheet = wb.create_sheet("Angebote")
    sheet.append([*ANGEBOTE, "Status", "Geprüft von", "Begründung", "WSt je Modul"])
    sheet.append([*rows[0], "eingereicht", None, None, None])
    sheet.append([*rows[1], "Geprüft", "KS Quartiersakademie", None, "M07: 4"])
    sheet.append([*rows[2], "abgelehnt", None, None, None])
    wb.save(tmp_path / "a.xlsx")
    out = tmp_path / "p.yaml"
    done = cli("providers", "import", str(tmp_path / "a.xlsx"), "--out", str(out))
    assert done.code == 0, done.stderr
    assert "Angebote!R3: [Warnung] Angebot A00002 deckt von M07 nur 4 von 6 WSt ab" in done.stderr
    assert "Angebote!O4: [Warnung] Angebot A00003 ist abgelehnt, nennt aber keinen Grund" in done.stderr
    assert "Angebote!O4: [Warnung] Angebot A00003 ist „abgelehnt“, nennt aber nicht, wer geprüft hat" in done.stderr
    data = load(out)
    assert [o.status for o in data.offers] == ["eingereicht", "geprüft", "abgelehnt"]
    assert data.offers_by_module == {}  # nothing taken in yet: nothing is planned


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "mit einem Passwort geschützt"),
        (lambda p: p.write_bytes(b""), "Die Datei ist leer"),
        (lambda p: p.write_bytes(b"PK\x03\x04kaputt"), "kein gültiges Archiv"),
        (lambda p: p.write_bytes(_bomb()), "Zip-Bombe"),
    ],
    ids=["password", "empty", "broken", "zip-bomb"],
)
def test_hostile_workbooks(cli, tmp_path: Path, make, expected: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.xlsx"
    make(path)
    done = cli("providers", "import", str(path), "--out", str(tmp_path / "p.yaml"))
    assert done.code == 2, done.stderr
    assert expected in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "p.yaml").exists()


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 << 20))
    return buffer.getvalue()


def test_merged_cells_formulas_and_hidden_sheets(cli, tmp_path: Path) -> None:
    path = book(tmp_path / "a.xlsx", [offer(), offer(Termine="08.02.2027, 09.02.2027", Module="M07, M08")])
    wb = openpyxl.load_workbook(path)
    hidden = wb.create_sheet("Listen")
    hidden.append(["Module"])
    hidden.append(["M01"])
    hidden.sheet_state = "hidden"
    wb.save(path)
    done = cli("providers", "import", str(path), "--out", str(tmp_path / "p.yaml"))
    assert done.code == 0, done.stderr  # the hidden helper sheet is no table
    wb["Angebote"].merge_cells("F2:F3")
    wb.save(path)
    done = cli("providers", "import", str(path), "--out", str(tmp_path / "q.yaml"))
    assert done.code == 2
    assert "a.xlsx:Angebote!F2: Verbundene Zellen F2:F3" in done.stderr


def test_formula_without_a_value_is_an_empty_cell(cli, tmp_path: Path) -> None:
    path = book(tmp_path / "a.xlsx", [offer(Plätze="=10+8")])  # openpyxl stores no computed value
    done = cli("providers", "import", str(path), "--out", str(tmp_path / "p.yaml"))
    assert done.code == 1
    assert "a.xlsx:Angebote!J2: [Fehler] „Plätze“ ist leer" in done.stderr


def test_csv_rows_and_binary(cli, tmp_path: Path) -> None:
    many = tmp_path / "angebote.csv"
    many.write_text(";".join(ANGEBOTE) + "\n" + "x;tr-a;M01\n" * 100_002, encoding="utf-8")
    done = cli("providers", "import", str(many), "--out", str(tmp_path / "p.yaml"))
    assert done.code == 2
    assert "Mehr als 100.000 Zeilen" in done.stderr
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"\x00\x01\x02garbage")
    done = cli("providers", "import", str(binary), "--out", str(tmp_path / "p.yaml"))
    assert done.code == 2 and "Binärdaten" in done.stderr
    done = cli("providers", "import", str(tmp_path / "fehlt.xlsx"), "--out", str(tmp_path / "p.yaml"))
    assert done.code == 2 and "gibt es nicht" in done.stderr
    done = cli("providers", "import", str(tmp_path / "a.txt"), "--out", str(tmp_path / "p.yaml"))
    assert done.code == 2 and "qplan liest .xlsx, .ods und .csv" in done.stderr


def test_ods_is_read(cli, tmp_path: Path) -> None:
    path = tmp_path / "a.ods"
    path.write_bytes(_ods({"Träger": [TRAEGER, PROVIDER_ROW], "Angebote": [ANGEBOTE, offer(Kosten=320)]}))
    out = tmp_path / "p.yaml"
    done = cli("providers", "import", str(path), "--out", str(out))
    assert done.code == 0, done.stderr
    assert load(out).offers[0].cost_eur == 320
    path.write_bytes(_ods({"Träger": [TRAEGER, PROVIDER_ROW], "Angebote": [ANGEBOTE, offer(Kosten="teuer")]}))
    done = cli("providers", "import", str(path), "--out", str(tmp_path / "q.yaml"))
    assert done.code == 1
    assert "a.ods:Angebote!L2: [Fehler] Kosten: „teuer“" in done.stderr


def _ods(sheets: dict[str, list[list[object]]]) -> bytes:
    """A minimal OpenDocument spreadsheet (what LibreOffice writes, less the styles)."""
    from xml.sax.saxutils import escape, quoteattr

    def cell(value: object) -> str:
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, int):
            return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    body = "".join(
        f"<table:table table:name={quoteattr(name)}>"
        + "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
        + "</table:table>"
        for name, rows in sheets.items()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def test_template_through_the_installed_command(tmp_path: Path) -> None:
    qplan = Path(sys.executable).parent / "qplan"
    done = subprocess.run(
        [str(qplan), "providers", "template", "--xlsx", "vorlage.xlsx"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    wb = openpyxl.load_workbook(tmp_path / "vorlage.xlsx")
    assert wb.sheetnames == ["Träger", "Angebote", "Hinweise"]
    assert [c.value for c in wb["Angebote"][1]][:3] == ["Kennung", "Träger", "Module"]
    done = subprocess.run(
        [str(qplan), "providers", "import", "vorlage.xlsx", "--out", "p.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "vorlage.xlsx:Angebote!A1: [Fehler] Die Tabelle „Angebote“ hat keine Zeile" in done.stderr
