"""Reading a team file (CSV, .xlsx, .ods or YAML): one member a row, checked like a plan file.

Columns (CSV header, or the keys of each entry under `members:` in YAML): `name`, `rolle`
(the advisor's role, or a target group of the funding rules: kommunal, fachkraefte, ehrenamt),
`vorkenntnisse` (keine, vorhanden), `ziel` (ueberblick, qualifizieren, vertiefen), and
optionally `module` (for a Vertiefung: module ids, separated by spaces or commas). A members
file for `qplan plan --group` needs only `name`.

Every problem is a finding at `file:line:column` (CSV: the row, and the column's name in the
message); all problems of a file are reported together.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qplan.findings import Finding
from qplan.loading.files import read_source
from qplan.loading.reader import ParsedYaml, parse_yaml
from qplan.models.catalog import Catalog
from qplan.models.team import COLUMNS, GOALS, PRIOR, REQUIRED, Member, Team

MAX_TEAM_BYTES = 1 << 20
HEADER = "QT001"  # a column missing or unknown
VALUE = "QT002"  # a value the advisor does not know
DUPLICATE = "QT003"  # a name twice
EMPTY = "QT004"  # no member at all, or a row without a name
SPREADSHEET_SUFFIXES = (".csv", ".xlsx", ".ods", ".tsv")


@dataclass(frozen=True)
class _Cell:
    text: str
    line: int
    column: int


_Row = tuple[int, int, dict[str, _Cell]]  # line, column of the row, cells by column name


def fold(text: str) -> str:
    """Lower case, umlauts as ae/oe/ue and ß as ss, surrounding space removed."""
    text = text.strip().lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    return text


def _hint(word: str, known: list[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f" (meinten Sie „{close[0]}“?)" if close else ""


class _Reader:
    def __init__(self, label: str, catalog: Catalog, required: tuple[str, ...]) -> None:
        self.label = label
        self.catalog = catalog
        self.required = required
        self.findings: list[Finding] = []

    def problem(self, code: str, message: str, line: int, column: int) -> None:
        self.findings.append(Finding(code, "error", message, line, column, self.label))

    # -- the two kinds of file -------------------------------------------------------------
    def table_rows(self, path: Path) -> list[_Row]:
        from qplan.loading.spreadsheet import read_tables

        table = read_tables(path)[0]
        names: list[str] = []
        for index, header in enumerate(table.headers):
            name = fold(str(header.value or ""))
            names.append(name)
            if name and name not in COLUMNS:
                self.problem(HEADER, f"Unbekannte Spalte „{header.value}“{_hint(name, list(COLUMNS))}.", 1, index + 1)
        header_line = int(re.sub(r"\D", "", table.headers[0].place.rsplit(":", 1)[-1]) or 1) if table.headers else 1
        for column in self.required:
            if column not in names:
                self.problem(HEADER, f"Spalte „{column}“ fehlt (nötig: {', '.join(self.required)}).", header_line, 1)
        rows: list[_Row] = []
        for row in table.rows:
            cells = {
                names[i]: _Cell(str(cell.value).strip() if cell.value is not None else "", row.number, i + 1)
                for i, cell in enumerate(row.cells)
                if names[i] in COLUMNS
            }
            rows.append((row.number, 1, cells))
        return rows

    def yaml_rows(self, parsed: ParsedYaml) -> tuple[str | None, list[_Row]]:
        data, source = parsed.data, parsed.source
        assert source is not None
        name = None
        entries: Any = data
        prefix: tuple[str | int, ...] = ()
        if isinstance(data, dict):
            name = data.get("team") if isinstance(data.get("team"), str) else None
            entries = data.get("members")
            prefix = ("members",)
            for key in data:
                if key not in ("team", "members"):
                    line, column = source.locate((key,), at_key=True)
                    self.problem(HEADER, f"Unbekannter Schlüssel „{key}“ (erlaubt: team, members).", line, column)
        if not isinstance(entries, list):
            self.problem(EMPTY, "Erwartet eine Liste von Personen unter „members:“.", 1, 1)
            return name, []
        rows: list[_Row] = []
        for index, entry in enumerate(entries):
            line, column = source.locate((*prefix, index))
            if isinstance(entry, str | int) and self.required == ("name",):  # a members file: names only
                entry = {"name": entry}
            if not isinstance(entry, dict):
                self.problem(EMPTY, "Erwartet eine Person mit name, rolle, vorkenntnisse und ziel.", line, column)
                continue
            cells: dict[str, _Cell] = {}
            for key, value in entry.items():
                at = source.locate((*prefix, index, key))
                column_name = fold(str(key))
                if column_name not in COLUMNS:
                    where = source.locate((*prefix, index, key), at_key=True)
                    self.problem(HEADER, f"Unbekannter Schlüssel „{key}“{_hint(column_name, list(COLUMNS))}.", *where)
                    continue
                text = " ".join(str(v) for v in value) if isinstance(value, list) else str(value or "")
                cells[column_name] = _Cell(text.strip(), *at)
            for column_name in self.required:
                if column_name not in cells:
                    self.problem(HEADER, f"„{column_name}“ fehlt bei dieser Person.", line, column)
            rows.append((line, column, cells))
        return name, rows

    # -- the values ------------------------------------------------------------------------
    def member(self, line: int, column: int, cells: dict[str, _Cell]) -> Member | None:
        name = cells.get("name")
        if name is None or not name.text:
            self.problem(EMPTY, "Person ohne Namen (Spalte „name“).", line, name.column if name else column)
            return None
        role = target = None
        if (cell := cells.get("rolle")) is not None and cell.text:
            role, target = self.role(cell)
        prior = self.choice(cells.get("vorkenntnisse"), "vorkenntnisse", PRIOR)
        goal = self.choice(cells.get("ziel"), "ziel", GOALS)
        modules: tuple[str, ...] = ()
        if (cell := cells.get("module")) is not None and cell.text:
            modules = tuple(dict.fromkeys(p.upper() for p in re.split(r"[\s,;]+", cell.text) if p))
            for module in modules:
                if module not in self.catalog.module_by_id:
                    hint = _hint(module, list(self.catalog.module_by_id))
                    self.problem(VALUE, f"Spalte „module“: „{module}“ ist kein Modul des Katalogs{hint}.", *_at(cell))
        return Member(name.text, role, target, prior, goal, modules, line)

    def role(self, cell: _Cell) -> tuple[str | None, str | None]:
        value = fold(cell.text)
        advisor = self.catalog.advisor
        roles = [a.id for q in advisor.questions if q.id == "rolle" for a in q.answers] if advisor else []
        groups = dict(self.catalog.teams.target_groups) if self.catalog.teams else {}
        if value in groups:
            return groups[value], value
        if value in roles:
            return value, ("ehrenamt" if value == "ehrenamt" and "ehrenamt" in groups else None)
        known = list(dict.fromkeys([*roles, *groups]))
        self.problem(
            VALUE,
            f"Spalte „rolle“: „{cell.text}“ ist keine bekannte Rolle{_hint(value, known)}. "
            f"Möglich: {', '.join(roles)} oder eine Zielgruppe: {', '.join(groups)}.",
            *_at(cell),
        )
        return None, None

    def choice(self, cell: _Cell | None, column: str, allowed: tuple[str, ...]) -> str | None:
        if cell is None or not cell.text:
            if column in self.required and cell is not None:
                self.problem(VALUE, f"Spalte „{column}“ ist leer (möglich: {', '.join(allowed)}).", *_at(cell))
            return None
        value = fold(cell.text)
        if value in allowed:
            return value
        self.problem(
            VALUE,
            f"Spalte „{column}“: „{cell.text}“ ist nicht vorgesehen{_hint(value, list(allowed))}. "
            f"Möglich: {', '.join(allowed)}.",
            *_at(cell),
        )
        return None

    def members(self, rows: list[_Row]) -> list[Member]:
        found: list[Member] = []
        seen: dict[str, int] = {}
        for line, column, cells in rows:
            member = self.member(line, column, cells)
            if member is None:
                continue
            key = " ".join(member.name.split()).casefold()
            if key in seen:
                self.problem(
                    DUPLICATE,
                    f"„{member.name}“ steht doppelt im Team (zuerst in Zeile {seen[key]}); "
                    "bitte unterscheidbar machen, etwa mit dem Vornamen.",
                    line,
                    cells["name"].column,
                )
                continue
            seen[key] = line
            found.append(member)
        if not found and not self.findings:
            self.problem(EMPTY, "Die Datei nennt keine Person.", 1, 1)
        return found


def _at(cell: _Cell) -> tuple[int, int]:
    return cell.line, cell.column


def read_team(
    path: str, catalog: Catalog, *, required: tuple[str, ...] = REQUIRED
) -> tuple[Team | None, list[Finding]]:
    """The team of a file and every problem found in it (the team is None when there are errors).

    `required`: the columns a person needs (a members file: only the name)."""
    label = str(path)
    reader = _Reader(label, catalog, required)
    name: str | None = None
    if Path(path).suffix.lower() in SPREADSHEET_SUFFIXES:
        from qplan.loading.spreadsheet import SheetError

        try:
            rows = reader.table_rows(Path(path))
        except SheetError as exc:
            return None, [Finding(EMPTY, "error", exc.message.removeprefix(f"{label}: "), None, None, label)]
    else:
        label, raw = read_source(path, MAX_TEAM_BYTES)
        parsed = raw if isinstance(raw, ParsedYaml) else parse_yaml(raw, max_bytes=MAX_TEAM_BYTES)
        if not parsed.usable:
            return None, [f.at(label) for f in parsed.findings]
        reader.findings.extend(f.at(label) for f in parsed.findings)
        name, rows = reader.yaml_rows(parsed)
    members = reader.members(rows)
    findings = sorted(reader.findings, key=lambda f: (f.line or 0, f.column or 0))
    if any(f.severity == "error" for f in findings):
        return None, findings
    stem = Path(label).stem if label != "<stdin>" else "Team"
    return Team(label, name or stem, tuple(members)), findings
