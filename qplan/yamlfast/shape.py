"""The plain shape both fast readers accept: keys, values, and how values are typed.

Records, the readers' account of where everything is (0-based line and column):
("top", line, key, raw, column) for `key: value`; ("block", line, key) for `key:` with a
list below; ("item", line, indent, key, raw, column) for the first key of an entry;
("entry", line, indent, key, raw, column) for its other keys. `raw` is the value's text
as written, quotes included.
"""

from __future__ import annotations

from typing import Any

Record = tuple[Any, ...]

KEY = r"[A-Za-z_][A-Za-z0-9_]*"
# Plain values: letters, digits and a few marks, single spaces between words. No `:`,
# `#`, `,`, quotes, brackets or leading `-`, so no YAML indicator can hide in them.
PLAIN = r"[A-Za-z0-9ÄÖÜäöüß][A-Za-z0-9ÄÖÜäöüß_.+/()\-]*(?: [A-Za-z0-9ÄÖÜäöüß_.+/()\-]+)*"
QUOTED = r'"[^"\\\x00-\x1f]*"'

# Plain scalars `typed` may change: the words for true, false and null, and numbers made
# of digits only (`raw.isdigit()`): the shape allows no sign and no other digits than 0-9,
# and `typed` leaves dates, `1.10` or `1e3` as text anyway.
TYPED_WORDS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL"})


def value(raw: str, typed: Any) -> Any:
    first = raw[0]
    if first == '"':
        return raw[1:-1]
    if raw == "[]":
        return []
    if raw.isdigit() or raw in TYPED_WORDS:
        return typed(raw)
    return raw


def key(text: str, typed: Any) -> Any:
    return typed(text) if text in TYPED_WORDS else text
