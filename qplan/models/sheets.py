"""The spreadsheet layout of a providers file: two tables with German headers.

One sheet (or one CSV file) per table: „Träger“ and „Angebote“. Each column maps to one key
of the YAML providers file (`data/providers.yaml`) and says how a person types its values.
Import, export and the template all follow this one description.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Literal

from qplan.findings import Finding

# text: as typed; id: a module or offer id (upper case); int: a whole number; money: euros
# (1.000,00 €, 800,-); bool: ja/nein; date: 01.03.2027 or 2027-03-01; list: comma separated;
# dates: a list of dates; wst: "M01: 4, M03: 6" (WSt per module).
Kind = Literal["text", "id", "int", "money", "bool", "date", "list", "ids", "dates", "wst"]


@dataclass(frozen=True, slots=True)
class Column:
    header: str  # as written in the first row
    key: str  # the key in the providers file
    kind: Kind
    required: bool
    width: int  # for export and the template, in characters
    hint: str  # shown in the template's second sheet


@dataclass(frozen=True, slots=True)
class TableLayout:
    name: str  # the sheet's name; a CSV file is recognised by its headers
    section: str  # the list in the providers file: providers or offers
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


PROVIDERS_TABLE = TableLayout(
    "Träger",
    "providers",
    (
        Column("Kennung", "id", "text", True, 20, "Kurzname des Trägers, z. B. ak-neckarbogen; bleibt immer gleich."),
        Column("Name", "name", "text", True, 40, "Vollständiger Name."),
        Column("Art", "kind", "text", True, 18, "z. B. Bildungswerk, Hochschule, Verband."),
        Column("Ort", "city", "text", True, 18, "Sitz des Trägers."),
        Column("Regierungsbezirk", "region", "text", True, 16, "Stuttgart, Karlsruhe, Freiburg oder Tübingen."),
        Column("Formen", "settings", "list", True, 18, "inhouse, regional, zentral (mit Komma getrennt)."),
        Column("Lerngruppe", "group", "text", True, 12, "fest oder wechselnd."),
        Column("Webseite", "url", "text", True, 30, "Adresse der Seite des Trägers."),
    ),
)

OFFERS_TABLE = TableLayout(
    "Angebote",
    "offers",
    (
        Column(
            "Kennung",
            "id",
            "id",
            False,
            10,
            "Leer lassen für ein neues Angebot: qplan vergibt die Kennung beim Einlesen; danach nie ändern.",
        ),
        Column("Träger", "provider", "text", True, 20, "Kennung des Trägers aus der Tabelle „Träger“."),
        Column("Module", "modules", "ids", True, 14, "z. B. M01, M03 (ein Präsenztag je Modul, in dieser Folge)."),
        Column("Phase", "phase", "text", True, 11, "Präsenz oder Selbstlernen."),
        Column("Form", "setting", "text", True, 10, "inhouse, regional oder zentral."),
        Column("Ort", "location", "text", True, 36, "Ort und Haus, z. B. Stuttgart, Bürgerhaus Mitte."),
        Column("Termine", "dates", "dates", False, 24, "Präsenz: die Tage, z. B. 18.01.2027, 19.01.2027."),
        Column("Beginn", "start", "date", False, 11, "Selbstlernen: erster Tag des Zeitfensters."),
        Column("Ende", "until", "date", False, 11, "Selbstlernen: letzter Tag des Zeitfensters."),
        Column("Plätze", "seats", "int", True, 7, "Plätze insgesamt."),
        Column("Gebucht", "booked", "int", False, 8, "Schon vergebene Plätze (leer: 0)."),
        Column("Kosten", "cost_eur", "money", True, 9, "In Euro, z. B. 320 oder 1.000,00 €."),
        Column("Gefördert", "funded", "bool", True, 9, "ja oder nein (Landesförderung)."),
        Column("Anmeldeschluss", "registration_deadline", "date", True, 14, "z. B. 28.12.2026."),
        Column("Online", "online", "bool", False, 7, "ja oder nein (leer: nein)."),
        Column(
            "Status",
            "status",
            "text",
            False,
            12,
            "eingereicht, geprüft, aufgenommen oder abgelehnt (leer: aufgenommen).",
        ),
        Column("Geprüft von", "reviewer", "text", False, 16, "Wer das Angebot geprüft hat."),
        Column("Begründung", "reason", "text", False, 30, "Warum aufgenommen oder abgelehnt."),
        Column("WSt je Modul", "wst", "wst", False, 16, "Nur wenn weniger als das Modul: z. B. M01: 4."),
        Column("Begleitung", "begleitung", "text", False, 24, "Prozessbegleitung des Selbstlernens (wer, wie)."),
    ),
)

TABLES: tuple[TableLayout, ...] = (PROVIDERS_TABLE, OFFERS_TABLE)


@dataclass(frozen=True, slots=True)
class ImportRequest:
    files: tuple[str, ...]  # spreadsheets or CSV files, together holding both tables
    out: str  # the providers file to write
    previous: str | None  # an existing providers file whose offer ids are kept


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    text: str  # the providers file, checked
    findings: tuple[Finding, ...]  # each at its cell (`datei.xlsx:Angebote!F7`)
    providers: int
    offers: int
    kept_ids: int  # offers whose id came from the sheet or the existing file
    new_ids: int  # offers that got a new id

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)


@dataclass(frozen=True)
class PlaceMap:
    """Line (1-based) of the written providers file → the cells of the record on it, by the
    column where each value starts: a finding on the file leads back to its cell."""

    lines: dict[int, tuple[list[int], list[str], str]] = field(default_factory=dict)
    default: str = ""

    def cell(self, line: int | None, column: int | None) -> str:
        entry = self.lines.get(line or 0)
        if entry is None:
            return self.default
        starts, places, row = entry
        index = bisect.bisect_right(starts, column or 0) - 1
        return places[index] if index >= 0 else row


@dataclass(frozen=True)
class SheetRecord:
    """One row of a table as the providers file's values, with the cell each came from
    (`values` gets the offer's id when the import assigns one)."""

    layout: TableLayout
    row: int  # 1-based, as the spreadsheet shows it
    place: str  # the row's first cell
    values: dict[str, object]
    places: dict[str, str]  # key → the cell it came from
