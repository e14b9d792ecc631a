"""`qplan providers import`: spreadsheets (.xlsx, .ods, .csv) → a checked providers file.

The tables are turned into the providers file's YAML text, one record a line, and that text
goes through the very check a providers file gets (`check_providers_file`): the same rule
codes and German messages. Each finding's line and column lead back to the cell it came from
(`datei.xlsx:Angebote!F7`), through the place map kept while writing the text.

Offer ids stay stable over re-imports: a row's own `Kennung` wins; a row without one gets
the id its offer (provider, modules, days) has in the existing output file, else the next
free one. Two rows for the same offer are refused, so re-importing never duplicates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from qplan.findings import Finding
from qplan.loading.spreadsheet import SheetError, Table, read_tables
from qplan.models.catalog import Catalog
from qplan.models.providers import ProviderCatalog
from qplan.models.sheets import (
    OFFERS_TABLE,
    PROVIDERS_TABLE,
    Column,
    ImportOutcome,
    ImportRequest,
    PlaceMap,
    SheetRecord,
    TableLayout,
)
from qplan.run import sheet_values
from qplan.run.providers_yaml import render_providers
from qplan.words import fold

SCHEMA = "QP002"
DUPLICATE = "QA101"
_ID = re.compile(r"^A(\d+)$")
_CANONICAL = {
    "phase": {
        "praesenz": "praesenz",
        "praesenzphase": "praesenz",
        "selbstlern": "selbstlern",
        "selbstlernen": "selbstlern",
        "selbstlernphase": "selbstlern",
    },
    "region": {
        "stuttgart": "stuttgart",
        "karlsruhe": "karlsruhe",
        "freiburg": "freiburg",
        "tuebingen": "tuebingen",
        "tubingen": "tuebingen",
    },
    "status": {
        "eingereicht": "eingereicht",
        "geprueft": "geprüft",
        "aufgenommen": "aufgenommen",
        "abgelehnt": "abgelehnt",
    },
    "setting": {"inhouse": "inhouse", "regional": "regional", "zentral": "zentral"},
    "group": {"fest": "fest", "wechselnd": "wechselnd"},
}


def execute(request: ImportRequest, catalog: Catalog) -> ImportOutcome:
    """Read the spreadsheets, build and check the providers file; the text is written by the
    caller only when the outcome has no error."""
    findings: list[Finding] = []
    tables = _tables(request.files)
    by_layout = {PROVIDERS_TABLE.name: [], OFFERS_TABLE.name: []}  # type: dict[str, list[SheetRecord]]
    for table in tables:
        layout = _layout_of(table)
        if layout is None:
            continue
        by_layout[layout.name].extend(_records(table, layout, findings))
    for layout in (PROVIDERS_TABLE, OFFERS_TABLE):
        if not any(_layout_of(t) is layout for t in tables):
            names = ", ".join(str(f) for f in request.files)
            raise SheetError(
                f"{names}: Keine Tabelle „{layout.name}“ gefunden (erkannt an ihren Überschriften, z. B. "
                f"„{layout.columns[1].header}“). Eine Vorlage schreibt „qplan providers template“."
            )
    for layout in (PROVIDERS_TABLE, OFFERS_TABLE):
        if not by_layout[layout.name]:
            header = next(t for t in tables if _layout_of(t) is layout).headers[0]
            findings.append(
                _at(header.place, SCHEMA, f"Die Tabelle „{layout.name}“ hat keine Zeile unter den Überschriften.")
            )
    previous = _previous(request.previous, catalog)
    kept, new = _assign_ids(by_layout[OFFERS_TABLE.name], previous, findings)
    note = (
        previous.note if previous is not None else f"Eingelesen aus {', '.join(Path(f).name for f in request.files)}."
    )
    text, placed = render_providers(
        note,
        [(r.values, r.places, r.place) for r in by_layout[PROVIDERS_TABLE.name]],
        [(r.values, r.places, r.place) for r in by_layout[OFFERS_TABLE.name]],
    )
    if not any(f.severity == "error" for f in findings):
        from qplan.run.data import check_providers_file

        report = check_providers_file(Path(request.out), catalog, raw=text.encode())
        findings.extend(_to_cells(report.findings, placed))
    return ImportOutcome(
        text=text,
        findings=tuple(findings),
        providers=len(by_layout[PROVIDERS_TABLE.name]),
        offers=len(by_layout[OFFERS_TABLE.name]),
        kept_ids=kept,
        new_ids=new,
    )


def _tables(files: Iterable[str]) -> list[Table]:
    tables: list[Table] = []
    for name in files:
        tables.extend(read_tables(Path(name)))
    return tables


def _layout_of(table: Table) -> TableLayout | None:
    headers = {_header_key(sheet_values.text(h.value)) for h in table.headers}
    if "module" in headers:
        return OFFERS_TABLE
    if "regierungsbezirk" in headers or "lerngruppe" in headers:
        return PROVIDERS_TABLE
    return None


def _header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text.split("(")[0]))


def _columns(table: Table, layout: TableLayout, findings: list[Finding]) -> list[Column | None]:
    known = {_header_key(c.header): c for c in layout.columns} | {_header_key(c.key): c for c in layout.columns}
    columns: list[Column | None] = []
    seen: dict[str, str] = {}
    for cell in table.headers:
        label = sheet_values.text(cell.value)
        column = known.get(_header_key(label)) if label else None
        if label and column is None:
            import difflib

            close = difflib.get_close_matches(_header_key(label), list(known), n=1, cutoff=0.7)
            hint = f" Meinten Sie „{known[close[0]].header}“?" if close else ""
            findings.append(_at(cell.place, SCHEMA, f"Unbekannte Spalte „{label}“ in „{layout.name}“.{hint}"))
        elif column is not None and column.key in seen:
            findings.append(
                _at(cell.place, SCHEMA, f"Spalte „{column.header}“ steht zweimal (zuerst {seen[column.key]}).")
            )
            column = None
        if column is not None:
            seen[column.key] = cell.place
        columns.append(column)
    for column in layout.columns:
        if column.required and column.key not in seen:
            findings.append(
                _at(
                    table.headers[0].place if table.headers else table.source,
                    SCHEMA,
                    f"Spalte „{column.header}“ fehlt in „{layout.name}“; bitte als Überschrift ergänzen.",
                )
            )
    return columns


def _records(table: Table, layout: TableLayout, findings: list[Finding]) -> list[SheetRecord]:
    columns = _columns(table, layout, findings)
    records = []
    for row in table.rows:
        values: dict[str, object] = {}
        places: dict[str, str] = {}
        for column, cell in zip(columns, row.cells, strict=True):
            if column is None:
                continue
            places[column.key] = cell.place
            if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
                if column.required and not (layout is OFFERS_TABLE and column.key == "id"):
                    findings.append(_at(cell.place, SCHEMA, f"„{column.header}“ ist leer; bitte ausfüllen."))
                continue
            try:
                value = sheet_values.parse(column.kind, cell.value)
            except ValueError as exc:
                findings.append(_at(cell.place, SCHEMA, f"{column.header}: {exc}"))
                continue
            values[column.key] = _canonical(column.key, value)
        records.append(SheetRecord(layout, row.number, row.place, values, places))
    return records


def _canonical(key: str, value: object) -> object:
    table = _CANONICAL.get(key)
    if table is not None and isinstance(value, str):
        return table.get(re.sub(r"[^a-z]", "", fold(value)), value)
    if key == "settings" and isinstance(value, list):
        return [_CANONICAL["setting"].get(v, v) for v in value]
    return value


def _previous(path: str | None, catalog: Catalog) -> ProviderCatalog | None:
    if path is None or not Path(path).is_file():
        return None
    from qplan.run.data import check_providers_file

    report = check_providers_file(Path(path), catalog)
    if report.value is None:
        raise SheetError(
            f"{path}: Die vorhandene Anbieterdatei ist nicht lesbar; ihre Kennungen können nicht übernommen "
            f"werden (Einzelheiten: qplan providers check {path})."
        )
    return report.value


def _natural(values: dict[str, object]) -> tuple[object, ...]:
    """What makes an offer the same offer when it has no id yet: provider, modules, days, place."""
    days = values.get("dates") or (values.get("start"), values.get("until"))
    return (values.get("provider"), tuple(values.get("modules") or ()), tuple(days), values.get("location"))  # type: ignore[arg-type]


def _assign_ids(
    records: list[SheetRecord], previous: ProviderCatalog | None, findings: list[Finding]
) -> tuple[int, int]:
    known: dict[tuple[object, ...], str] = {}
    numbers = [0]
    if previous is not None:
        for offer in previous.offers:
            days: list[str | None] = [d.isoformat() for d in offer.dates] or [
                d.isoformat() if d else None for d in (offer.start, offer.until)
            ]
            known[(offer.provider, tuple(offer.modules), tuple(days), offer.location)] = offer.id
            numbers.extend(int(m.group(1)) for m in [_ID.match(offer.id)] if m)
    numbers.extend(int(m.group(1)) for r in records for m in [_ID.match(str(r.values.get("id", "")))] if m)
    used = {str(r.values["id"]) for r in records if "id" in r.values}
    first_row: dict[tuple[object, ...], SheetRecord] = {}
    kept = new = 0
    following = max(numbers) + 1
    for record in records:
        key = _natural(record.values)
        # Two rows with ids of their own are two offers (parallel groups on the same days);
        # a row without an id that repeats another row is the same offer typed twice.
        if key in first_row and "id" not in record.values:
            findings.append(
                _at(
                    record.place,
                    DUPLICATE,
                    f"Dasselbe Angebot wie in Zeile {first_row[key].row} (Träger, Module, Termine und "
                    "Ort gleich, ohne eigene Kennung); bitte eine der beiden Zeilen löschen.",
                )
            )
            continue
        first_row.setdefault(key, record)
        if "id" in record.values:
            kept += 1
            continue
        reuse = known.get(key)
        if reuse is not None and reuse not in used:
            record.values["id"] = reuse
            kept += 1
        else:
            while f"A{following:05d}" in used:
                following += 1
            record.values["id"] = f"A{following:05d}"
            following += 1
            new += 1
        used.add(str(record.values["id"]))
    return kept, new


def _to_cells(findings: Iterable[Finding], placed: PlaceMap) -> list[Finding]:
    """The check's findings on the YAML text, at the cells their values came from."""
    result = []
    for finding in findings:
        where = placed.cell(finding.line, finding.column)
        result.append(Finding(finding.code, finding.severity, finding.message, path=where))
    return result


def _at(place: str, code: str, message: str) -> Finding:
    return Finding(code, "error", message, path=place)
