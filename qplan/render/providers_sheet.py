"""The providers file as a spreadsheet (.xlsx) or as CSV, in the layout `providers import` reads.

Export then import gives an equal providers file: every column of `qplan.models.sheets` is
written, offer ids included. The template is the same workbook without rows, with a sheet
„Hinweise“ that explains each column and drop-down lists for the columns with fixed values.
openpyxl is imported only here (and only when a workbook is written).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from typing import Any

from qplan.dates import dmy
from qplan.models.providers import REGION_NAMES, Offer, Provider, ProviderCatalog
from qplan.models.sheets import OFFERS_TABLE, PROVIDERS_TABLE, TABLES, Column, TableLayout

PHASE_WORDS = {"praesenz": "Präsenz", "selbstlern": "Selbstlernen"}
CHOICES = {  # drop-down lists of the template and the export
    "region": tuple(REGION_NAMES.values()),
    "phase": tuple(PHASE_WORDS.values()),
    "setting": ("inhouse", "regional", "zentral"),
    "group": ("fest", "wechselnd"),
    "funded": ("ja", "nein"),
    "online": ("ja", "nein"),
    "status": ("eingereicht", "geprüft", "aufgenommen", "abgelehnt"),
}


def rows(layout: TableLayout, data: ProviderCatalog) -> Iterator[list[object]]:
    """The table's rows as cell values (dates as dates, lists as text)."""
    items: tuple[Provider, ...] | tuple[Offer, ...] = data.providers if layout is PROVIDERS_TABLE else data.offers
    for item in items:
        yield [_cell(column, getattr(item, column.key)) for column in layout.columns]


def _cell(column: Column, value: Any) -> object:
    if value is None or value == () or value == {}:
        return None
    if column.key == "region":
        return REGION_NAMES.get(value, value)
    if column.key == "phase":
        return PHASE_WORDS.get(value, value)
    if column.kind == "bool":
        return "ja" if value else "nein"
    if column.kind in ("list", "ids"):
        return ", ".join(value)
    if column.kind == "dates":
        return ", ".join(dmy(d) for d in value)
    if column.kind == "wst":
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return value


def csv_tables(data: ProviderCatalog) -> dict[str, str]:
    """File name → CSV text (semicolon, as a German spreadsheet program opens it directly)."""
    result = {}
    for layout, name in ((PROVIDERS_TABLE, "traeger.csv"), (OFFERS_TABLE, "angebote.csv")):
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([c.header for c in layout.columns])
        for row in rows(layout, data):
            writer.writerow([dmy(v) if isinstance(v, date) else ("" if v is None else v) for v in row])
        result[name] = buffer.getvalue()
    return result


def workbook(data: ProviderCatalog | None) -> bytes:
    """The .xlsx file: both tables (empty for the template) and the sheet „Hinweise“."""
    try:
        from openpyxl import Workbook
    except ImportError:
        from qplan.errors import UserError

        raise UserError(
            "Für .xlsx-Dateien braucht qplan die Erweiterung „tabellen“: pip install 'qplan[tabellen]'."
        ) from None
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    first = book.active
    if first is not None:
        book.remove(first)
    bold = Font(bold=True)
    for layout in TABLES:
        sheet = book.create_sheet(layout.name)
        sheet.append([c.header for c in layout.columns])
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
        for index, column in enumerate(layout.columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = column.width + 2
            if column.kind == "date":
                for cell in sheet[letter][1:]:
                    cell.number_format = "DD.MM.YYYY"
            if column.key in CHOICES:
                values = ",".join(CHOICES[column.key])
                check = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True)
                check.error = f"Bitte einen der Werte wählen: {', '.join(CHOICES[column.key])}."
                check.errorTitle = column.header
                sheet.add_data_validation(check)
                check.add(f"{letter}2:{letter}100000")
        for row in rows(layout, data) if data is not None else ():
            sheet.append(row)
            for index, column in enumerate(layout.columns):
                if column.kind == "date" and row[index] is not None:
                    sheet.cell(sheet.max_row, index + 1).number_format = "DD.MM.YYYY"
    notes = book.create_sheet("Hinweise")
    notes.append(["Tabelle", "Spalte", "Pflicht", "Bedeutung"])
    for cell in notes[1]:
        cell.font = bold
    for layout in TABLES:
        for column in layout.columns:
            notes.append([layout.name, column.header, "ja" if column.required else "", column.hint])
    for letter, width in zip("ABCD", (10, 18, 8, 90), strict=True):
        notes.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
