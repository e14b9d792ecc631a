"""A fast reader for the plain shape of plan documents; everything else goes to libyaml.

A batch check reads thousands of plan files, and composing each with libyaml costs more
than everything else qplan does with it. Plan files written by `qplan plan --out` (and
most hand-edited ones) use a small regular shape: top-level `key: value` lines and one
block list of `- key: value` entries, plain or double-quoted one-line values, comments.
This reader accepts exactly that shape and returns the same data and the same node
positions as the libyaml path (tests compare both on every example and on generated
files). At the first line outside the shape it gives up and `parse_yaml` uses libyaml.

Two readers share the shape (`shape`):
- `lines` goes line by line and accepts all of it;
- `layout` reads the layout a writer uses (`Layout`: the list's key and its entries'
  keys in order) with a few regular-expression passes over the whole text, about three
  times faster; any other document goes to `lines`.
Neither builds a node tree: `nodes.LazyRoot` finds a position when a finding asks for one.
"""

from __future__ import annotations

import re
from typing import Any

from qplan.yamlfast import layout as by_layout
from qplan.yamlfast import lines
from qplan.yamlfast.layout import Layout
from qplan.yamlfast.nodes import LazyRoot

__all__ = ["Layout", "parse"]

# Anything libyaml treats specially beyond the shape: characters YAML does not allow
# (it would report them), and U+0085/U+2028/U+2029, which YAML 1.1 counts as line breaks.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
# Searching the text costs more than reading the document; the UTF-8 bytes answer sooner.
# Every byte but the ASCII control characters (newline excepted):
_NOT_CONTROL = bytes(sorted(set(range(256)) - set(range(0x20)) - {0x7F} | {0x0A}))


def _plainly_usual(raw: bytes) -> bool:
    """True when the UTF-8 bytes hold no character `_UNUSUAL` finds (a quick, safe screen).

    Control characters are ASCII bytes; U+0080–U+009F start with C2, U+2028/U+2029 are
    E2 80 A8/A9, U+FEFF, U+FFFE and U+FFFF start with EF. Texts with a C2 or EF byte at
    all (rare in plan files) are left to the exact search.
    """
    return (
        not raw.translate(None, _NOT_CONTROL)
        and b"\xc2" not in raw
        and b"\xef" not in raw
        and b"\xe2\x80\xa8" not in raw
        and b"\xe2\x80\xa9" not in raw
    )


def parse(text: str, typed: Any, layout: Layout | None = None, raw: bytes | None = None) -> tuple[Any, LazyRoot] | None:
    """(data, root node) for a document of the plain shape, else None.

    `typed(text)` turns a plain scalar into its value exactly as the libyaml path does;
    `raw`, the bytes `text` was decoded from, if at hand, lets a quick screen replace the
    search for unusual characters.
    """
    if not (raw is not None and _plainly_usual(raw)) and _UNUSUAL.search(text):
        return None
    if layout is not None:
        data = by_layout.read(text, typed, layout)
        if data is not None:
            return data, LazyRoot(lambda: lines.read(text, typed)[1], lambda: by_layout.Places(text, layout))
    try:
        data, records = lines.read(text, typed)
    except lines.Decline:
        return None
    return data, LazyRoot(lambda: records)
