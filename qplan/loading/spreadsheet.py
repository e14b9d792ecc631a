"""Reading the tables of a spreadsheet (.xlsx, .ods) or a CSV file as rows of raw cells.

Nothing here knows what a column means: a table is its header row and the rows below it,
each cell with its place (`Angebote!F7`). The readers are well-kept libraries imported only
here: python-calamine for .xlsx and .ods (fast, and it reports merged cells and hidden sheets),
the csv module for .csv. A spreadsheet is a zip archive: its members' sizes are checked
before anything is unpacked, so a zip bomb is refused instead of filling the memory.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from qplan.errors import UserError

MAX_FILE_BYTES = 64 << 20
MAX_UNPACKED_BYTES = 512 << 20  # all members of the archive together, unpacked
MAX_RATIO = 200  # unpacked / packed of one member; spreadsheets stay far below it
MAX_ROWS = 100_000  # per table: a larger providers file would exceed its own size limit
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx and old .xls

Value = str | int | float | bool | date | datetime | time | timedelta | None


MISSING_EXTRA = (
    "Für Tabellen (.xlsx, .ods) braucht qplan die Erweiterung „tabellen“: "
    "pip install 'qplan[tabellen]' (CSV-Dateien gehen auch ohne)."
)


class SheetError(UserError):
    """A spreadsheet that cannot be read at all (exit 2)."""


@dataclass(frozen=True, slots=True)
class Cell:
    value: Value
    place: str  # "datei.xlsx:Angebote!F7" or "angebote.csv:F7"


@dataclass(frozen=True, slots=True)
class Row:
    number: int  # 1-based, as the spreadsheet shows it
    cells: tuple[Cell, ...]  # one per header column, in header order
    place: str  # the row's first cell


@dataclass(frozen=True, slots=True)
class Table:
    source: str  # the file's name as given
    sheet: str  # the sheet's name; for CSV the file's name
    headers: tuple[Cell, ...]
    rows: tuple[Row, ...]


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_tables(path: Path) -> list[Table]:
    """Every visible, non-empty table of the file; SheetError when it cannot be read."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm", ".ods", ".csv"):
        raise SheetError(
            f"{path}: Unbekanntes Format „{path.suffix or 'ohne Endung'}“; qplan liest .xlsx, .ods und .csv."
        )
    raw = _read_bytes(path)
    if suffix == ".csv":
        return [_csv_table(path, raw)]
    return _workbook_tables(path, raw)


def _read_bytes(path: Path) -> bytes:
    from qplan.loading.files import read_capped

    raw = read_capped(path, MAX_FILE_BYTES)
    if not isinstance(raw, bytes):
        message = raw.findings[0].message if raw.findings else "Die Datei kann nicht gelesen werden."
        raise SheetError(f"{path}: {message}")
    if not raw:
        raise SheetError(f"{path}: Die Datei ist leer.")
    return raw


def _workbook_tables(path: Path, raw: bytes) -> list[Table]:
    if raw.startswith(OLE_MAGIC):
        raise SheetError(
            f"{path}: Die Datei ist mit einem Passwort geschützt (oder im alten .xls-Format). "
            "Bitte ohne Passwort als .xlsx oder .ods speichern."
        )
    _refuse_bombs(path, raw)
    try:
        import python_calamine as calamine
    except ImportError:
        raise SheetError(MISSING_EXTRA) from None

    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
    except calamine.PasswordError:
        raise SheetError(
            f"{path}: Die Datei ist mit einem Passwort geschützt; bitte ohne Passwort speichern."
        ) from None
    except (calamine.CalamineError, ValueError, OSError) as exc:
        raise SheetError(f"{path}: Keine lesbare Tabellendatei ({_short(exc)}).") from None
    tables = []
    for meta in book.sheets_metadata:
        if meta.visible != calamine.SheetVisibleEnum.Visible or meta.typ != calamine.SheetTypeEnum.WorkSheet:
            continue  # hidden sheets (helper sheets, lists for drop-downs) are not tables
        try:
            sheet = book.get_sheet_by_name(meta.name)
            rows: list[list[Value]] = list(sheet.to_python(skip_empty_area=False))  # type: ignore[arg-type]
            merged = sheet.merged_cell_ranges or []
        except (calamine.CalamineError, ValueError) as exc:
            raise SheetError(f"{path}: Blatt „{meta.name}“ ist nicht lesbar ({_short(exc)}).") from None
        table = _table(path, meta.name, f"{path.name}:{meta.name}!", rows)
        if table is None:
            continue
        for (top, left), (bottom, right) in merged:
            if bottom >= _first_row(rows):
                first = f"{column_letter(left)}{top + 1}"
                last = f"{column_letter(right)}{bottom + 1}"
                raise SheetError(
                    f"{path.name}:{meta.name}!{first}: Verbundene Zellen {first}:{last}; "
                    "bitte die Verbindung aufheben und jeden Wert in seine eigene Zelle schreiben."
                )
        tables.append(table)
    return tables


def _refuse_bombs(path: Path, raw: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SheetError(f"{path}: Keine .xlsx- oder .ods-Datei (kein gültiges Archiv).") from None
    total = 0
    for member in members:
        total += member.file_size
        packed = max(member.compress_size, 1)
        if member.file_size > MAX_UNPACKED_BYTES or member.file_size / packed > MAX_RATIO or total > MAX_UNPACKED_BYTES:
            raise SheetError(
                f"{path}: Das Archiv würde ausgepackt {member.file_size // (1 << 20)} MiB und mehr ergeben "
                "(eine „Zip-Bombe“ oder eine für ein Angebotsverzeichnis viel zu große Datei); nicht gelesen."
            )


def _first_row(rows: list[list[Value]]) -> int:
    for number, row in enumerate(rows):
        if any(_filled(v) for v in row):
            return number
    return len(rows)


def _filled(value: Value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _table(path: Path, name: str, prefix: str, rows: list[list[Value]]) -> Table | None:
    """The table of a sheet: its first non-empty row is the header; empty rows are skipped."""
    start = _first_row(rows)
    if start == len(rows):
        return None
    header_row = rows[start]
    width = max((i + 1 for i, v in enumerate(header_row) if _filled(v)), default=0)
    headers = tuple(Cell(header_row[i], f"{prefix}{column_letter(i)}{start + 1}") for i in range(width))
    body: list[Row] = []
    for number in range(start + 1, len(rows)):
        values = rows[number]
        if not any(_filled(v) for v in values):
            continue
        if len(body) >= MAX_ROWS:
            raise SheetError(
                f"{prefix}A{number + 1}: Mehr als {MAX_ROWS:,} Zeilen in einer Tabelle; ".replace(",", ".")
                + "bitte auf mehrere Dateien aufteilen."
            )
        extra = next((i for i in range(width, len(values)) if _filled(values[i])), None)
        if extra is not None:
            raise SheetError(
                f"{prefix}{column_letter(extra)}{number + 1}: Wert in einer Spalte ohne Überschrift; "
                "bitte eine Überschrift eintragen oder den Wert löschen."
            )
        cells = tuple(
            Cell(values[i] if i < len(values) else None, f"{prefix}{column_letter(i)}{number + 1}")
            for i in range(width)
        )
        body.append(Row(number + 1, cells, f"{prefix}A{number + 1}"))
    return Table(str(path), name, headers, tuple(body))


def _csv_table(path: Path, raw: bytes) -> Table:
    text = _decode(path, raw)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows: list[list[Value]] = [list(r) for r in _bounded(csv.reader(io.StringIO(text, newline=""), dialect))]
    except csv.Error as exc:
        raise SheetError(f"{path}: Keine lesbare CSV-Datei ({_short(exc)}).") from None
    table = _table(path, path.name, f"{path.name}:", rows)
    if table is None:
        raise SheetError(f"{path}: Die Datei enthält keine Zeile.")
    return table


def _bounded(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    for count, row in enumerate(reader):
        if count > MAX_ROWS + 1:
            raise SheetError(f"Mehr als {MAX_ROWS:,} Zeilen in einer Tabelle; ".replace(",", ".") + "bitte aufteilen.")
        yield row


def _decode(path: Path, raw: bytes) -> str:
    if b"\x00" in raw[:4096]:
        raise SheetError(f"{path}: Das ist keine Textdatei (Binärdaten); als CSV (UTF-8) speichern.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows writes "CSV (Trennzeichen-getrennt)" in Windows-1252.
        return raw.decode("cp1252", errors="replace")


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
