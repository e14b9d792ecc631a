"""The layout reader: documents laid out exactly as a known writer writes them.

Comments and `key: value` lines, then `block:` and its entries, each `  - first: …`
followed by `    other: …` lines with the keys in the writer's order (any left out).
`_head` matches everything up to the `block:` line; below it, the entries must follow one
another without a gap: their lengths add up to the rest of the text, or the document is
not of the layout (the line reader, and then libyaml, take it). Every document this
reader accepts, the line reader accepts with the same data (tests compare); its records,
wanted only to build a whole node tree, come from the line reader.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

from qplan.yamlfast.nodes import Path, Place, mapping_place, root_place, sequence_place, value_place
from qplan.yamlfast.shape import KEY, PLAIN, QUOTED, TYPED_WORDS, value


class Layout(NamedTuple):
    """A writer's layout: the key of the list, and its entries' keys in order."""

    block: str
    keys: tuple[str, ...]


# Values as in the line reader, but no `[]`; a line ends in spaces or a comment.
_VALUE = rf"(?:{PLAIN}|{QUOTED})"
_LINE_END = r"(?: +#[^\n]*| *)\n"
_TOP_PAIR = re.compile(rf"^({KEY}): +({_VALUE})", re.MULTILINE)
_INDENT = 2  # of `- ` under the block key; the entry's keys are two further in


@lru_cache(maxsize=4)
def _patterns(layout: Layout) -> tuple[re.Pattern[str], re.Pattern[str]]:
    if TYPED_WORDS.intersection(layout.keys):
        raise ValueError(f"layout keys must stay text in YAML: {layout.keys}")
    skip = r" *(?:#[^\n]*)?\n"
    head = rf"(?:{skip}|{KEY}: +{_VALUE}{_LINE_END})*{re.escape(layout.block)}:{_LINE_END}"
    first, *others = (re.escape(key) for key in layout.keys)
    entry = rf"(  - {first}: +({_VALUE}){_LINE_END}" + "".join(
        rf"(?:    {key}: +({_VALUE}){_LINE_END})?" for key in others
    )
    return re.compile(head), re.compile(entry + ")")


def read(text: str, typed: Any, layout: Layout) -> dict[Any, Any] | None:
    """The data of a document of this layout, else None."""
    head, entry = _patterns(layout)
    match = head.match(text)
    if match is None:
        return None
    start = match.end()
    found = entry.findall(text, start)
    if not found or sum([len(groups[0]) for groups in found]) != len(text) - start:
        return None
    values = _values_for(typed)
    data: dict[Any, Any] = {}
    for key, raw in _TOP_PAIR.findall(text, 0, start):
        if key in data or key in TYPED_WORDS:
            return None  # duplicates and typed keys: the line reader and libyaml decide
        data[key] = values[raw]
    if layout.block in data:
        return None
    keys = layout.keys
    data[layout.block] = [
        {key: values[raw] for key, raw in zip(keys, groups[1:], strict=True) if raw} for groups in found
    ]
    return data


class _Values(dict[str, Any]):
    """The value of each value text, remembered: the files of a batch share a small
    vocabulary (module ids, phases, `6`, `false`, dates), and a lookup costs a fraction of
    typing the text again. Values here are immutable (no `[]` in this layout)."""

    __slots__ = ("_typed",)
    LIMIT = 1 << 16

    def __init__(self, typed: Any) -> None:
        super().__init__()
        self._typed = typed

    def __missing__(self, raw: str) -> Any:
        result = value(raw, self._typed)
        if len(self) < self.LIMIT:
            self[raw] = result
        return result


@lru_cache(maxsize=4)
def _values_for(typed: Any) -> _Values:
    return _Values(typed)


class Places:
    """The places of a document `read` accepted, each found when asked for.

    A file with findings asks for a few positions; indexing all its records would cost
    more than finding those few in the text.
    """

    __slots__ = ("_entries", "_head_end", "_layout", "_text")

    def __init__(self, text: str, layout: Layout) -> None:
        match = _patterns(layout)[0].match(text)
        assert match is not None, "Places() of a document read() declined"
        self._text = text
        self._layout = layout
        self._head_end = match.end()
        self._entries: list[re.Match[str]] | None = None

    def _line(self, offset: int) -> int:
        return self._text.count("\n", 0, offset)

    def get(self, path: Path, /) -> Place | None:
        text, head_end = self._text, self._head_end
        if not path:
            first = _TOP_PAIR.search(text, 0, head_end)
            return root_place(self._line(first.start()) if first else self._line(head_end) - 1)
        if path[0] != self._layout.block:
            if len(path) > 1:
                return None
            for pair in _TOP_PAIR.finditer(text, 0, head_end):
                if pair[1] == path[0]:
                    return value_place(pair[2], self._line(pair.start()), pair.start(2) - pair.start(), 0)
            return None
        if self._entries is None:
            self._entries = list(_patterns(self._layout)[1].finditer(text, head_end))
        entries = self._entries
        if len(path) == 1:
            return sequence_place(self._line(entries[0].start()), _INDENT, self._line(head_end) - 1)
        number = path[1]
        if not isinstance(number, int) or not 0 <= number < len(entries):
            return None
        found = entries[number]
        if len(path) == 2:
            return mapping_place(self._line(found.start()), _INDENT + 2)
        if len(path) > 3 or path[2] not in self._layout.keys:
            return None
        group = self._layout.keys.index(str(path[2])) + 2
        raw = found[group]
        if raw is None:
            return None
        begin = found.start(group)
        return value_place(raw, self._line(begin), begin - text.rfind("\n", 0, begin) - 1, _INDENT + 2)
