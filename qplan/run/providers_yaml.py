"""The providers file as YAML text, one record a line, with a map back to where each value came from.

Every string is written double-quoted (JSON escaping is valid YAML), so no value typed in a
spreadsheet can turn into a YAML 1.1 surprise (`no` → false, `12:30` → 750) on the way.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from qplan.models.sheets import OFFERS_TABLE, PROVIDERS_TABLE, PlaceMap, TableLayout

Source = tuple[dict[str, object], dict[str, str], str]  # values, key → cell, the row's place

HEADER = (
    "# Anbieterdatei für qplan, eingelesen mit „qplan providers import“ aus einer Tabelle.\n"
    "# Änderungen am besten in der Tabelle machen und neu einlesen: die Kennungen bleiben.\n"
    "schema_version: 1\n"
)


def render_providers(note: str, providers: Sequence[Source], offers: Sequence[Source]) -> tuple[str, PlaceMap]:
    """The file's text and its place map."""
    parts = [HEADER, f"note: {_scalar(note)}\n"]
    placed = PlaceMap(default=providers[0][2] if providers else "")
    line = HEADER.count("\n") + 2
    for title, layout, records in (("providers", PROVIDERS_TABLE, providers), ("offers", OFFERS_TABLE, offers)):
        parts.append(f"{title}:\n" if records else f"{title}: []\n")
        line += 1
        for values, cells, row in records:
            text, starts, places = _record(layout, values, cells)
            parts.append(text)
            placed.lines[line] = (starts, places, row)
            line += 1
    return "".join(parts), placed


def _record(layout: TableLayout, values: dict[str, object], cells: dict[str, str]) -> tuple[str, list[int], list[str]]:
    text = "  - {"
    starts: list[int] = []
    places: list[str] = []
    first = True
    for column in layout.columns:
        if column.key not in values:
            continue
        if not first:
            text += ", "
        first = False
        starts.append(len(text) + 1)  # 1-based column of the key
        places.append(cells[column.key])
        text += f"{column.key}: {_value(values[column.key])}"
    return text + "}\n", starts, places


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_scalar(str(k))}: {_value(v)}" for k, v in value.items()) + "}"
    return _scalar(str(value))


def _scalar(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
