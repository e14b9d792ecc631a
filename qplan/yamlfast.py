"""A fast reader for the plain shape of plan documents; everything else goes to libyaml.

A batch check reads thousands of plan files, and composing each with libyaml costs more
than everything else qplan does with it. Plan files written by `qplan plan --out` (and
most hand-edited ones) use a small regular shape: top-level `key: value` lines and one
block list of `- key: value` entries, plain or double-quoted one-line values, comments.
This reader accepts exactly that shape and returns the same data and the same node
positions as the libyaml path (tests compare both on every example and on generated
files). At the first line outside the shape it gives up and `parse_yaml` uses libyaml.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

_KEY = r"[A-Za-z_][A-Za-z0-9_]*"
# Plain values: letters, digits and a few marks, single spaces between words. No `:`,
# `#`, `,`, quotes, brackets or leading `-`, so no YAML indicator can hide in them.
_PLAIN = r"[A-Za-z0-9ÄÖÜäöüß][A-Za-z0-9ÄÖÜäöüß_.+/()\-]*(?: [A-Za-z0-9ÄÖÜäöüß_.+/()\-]+)*"
_QUOTED = r'"[^"\\\x00-\x1f]*"'
_VALUE = rf"({_PLAIN}|{_QUOTED}|\[\])"
_TAIL = r"(?: +#.*)?"
_TOP_VALUE = re.compile(rf"({_KEY}): +{_VALUE} *{_TAIL}")
_TOP_BLOCK = re.compile(rf"({_KEY}): *{_TAIL}")
_ITEM_FIRST = re.compile(rf"( *)- ({_KEY}): +{_VALUE} *{_TAIL}")
_ITEM_NEXT = re.compile(rf"( *)({_KEY}): +{_VALUE} *{_TAIL}")

# Anything libyaml treats specially beyond the shape: characters YAML does not allow
# (it would report them), and U+0085/U+2028/U+2029, which YAML 1.1 counts as line breaks.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class Mark(NamedTuple):
    line: int
    column: int


class Node:
    """Just what `qplan.positions` reads of a PyYAML node."""

    __slots__ = ("id", "start_mark", "tag", "value")

    def __init__(self, kind: str, tag: str, value: Any, line: int, column: int) -> None:
        self.id = kind
        self.tag = tag
        self.value = value
        self.start_mark = Mark(line, column)


class _Decline(Exception):
    """The text leaves the plain shape; libyaml must read it."""


def parse(text: str, typed: Any) -> tuple[Any, Any] | None:
    """(data, root node) for a document of the plain shape, else None.

    `typed(text)` turns a plain scalar into its value exactly as the libyaml path does.
    The node tree is only built when something asks for a position (a finding): a clean
    file never needs it.
    """
    if _UNUSUAL.search(text):
        return None
    try:
        data, records = _read(text, typed)
    except _Decline:
        return None
    return data, _LazyRoot(records)


class _LazyRoot:
    """Stands in for the root node; builds the tree on first use."""

    __slots__ = ("_node", "_records")

    def __init__(self, records: list[tuple[Any, ...]]) -> None:
        self._records = records
        self._node: Node | None = None

    def __getattr__(self, name: str) -> Any:
        if self._node is None:
            self._node = _tree(self._records)
        return getattr(self._node, name)


def _value_node(raw: str, line: int, column: int) -> Node:
    if raw.startswith('"'):
        return Node("scalar", _STR, raw[1:-1], line, column)
    if raw == "[]":
        return Node("sequence", _SEQ, [], line, column)
    return Node("scalar", "plain", raw, line, column)


# Plain scalars `typed` may change: the words for true, false and null, and anything that
# starts with a digit (the shape allows no other start that YAML could type).
_TYPED_WORDS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL"})


def _value(raw: str, typed: Any) -> Any:
    first = raw[0]
    if first == '"':
        return raw[1:-1]
    if raw == "[]":
        return []
    if first.isdigit() or raw in _TYPED_WORDS:
        return typed(raw)
    return raw


def _key(key: str, typed: Any) -> Any:
    return typed(key) if key in _TYPED_WORDS else key


# Records: ("top", line, key, raw, column) for `key: value`; ("block", line, key) for
# `key:` with a list below; ("item", line, indent, key, raw, column) for the first key of
# an entry; ("entry", line, indent, key, raw, column) for its other keys.


def _read(text: str, typed: Any) -> tuple[dict[Any, Any], list[tuple[Any, ...]]]:
    data: dict[Any, Any] = {}
    records: list[tuple[Any, ...]] = []
    items: list[Any] | None = None  # the open list
    entry: dict[Any, Any] | None = None
    indent = -1
    for number, line in enumerate(text.split("\n")):
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            continue
        first = line[0]
        if first != " " and first != "-":
            items = entry = None
            match = _TOP_VALUE.fullmatch(line)
            if match is not None:
                key = match.group(1)
            else:
                block_match = _TOP_BLOCK.fullmatch(line)
                if block_match is None:
                    raise _Decline
                key = block_match.group(1)
            key_value = _key(key, typed)
            if key_value in data:
                raise _Decline  # duplicate keys are reported by the libyaml path
            if match is not None:
                data[key_value] = _value(match.group(2), typed)
                records.append(("top", number, key, match.group(2), match.start(2)))
            else:
                items = data[key_value] = []
                records.append(("block", number, key))
                indent = -1
            continue
        if items is None:
            raise _Decline
        item = _ITEM_FIRST.fullmatch(line) if stripped[0] == "-" else None
        if item is not None:
            spaces = len(item.group(1))
            if indent == -1:
                indent = spaces
            elif spaces != indent:
                raise _Decline
            entry = {}
            items.append(entry)
            _, key, raw = item.groups()
            column = item.start(3)
            records.append(("item", number, indent, key, raw, column))
        else:
            following = _ITEM_NEXT.fullmatch(line) if stripped[0] != "-" else None
            if following is None or entry is None or len(following.group(1)) != indent + 2:
                raise _Decline
            _, key, raw = following.groups()
            column = following.start(3)
            records.append(("entry", number, indent, key, raw, column))
        key_value = _key(key, typed)
        if key_value in entry:
            raise _Decline
        first_char = raw[0]
        if first_char == '"' or first_char == "[" or first_char.isdigit() or raw in _TYPED_WORDS:
            entry[key_value] = _value(raw, typed)
        else:
            entry[key_value] = raw  # plain text, the common case
    if not records:
        raise _Decline
    for position, record in enumerate(records):
        if record[0] == "block" and (position + 1 >= len(records) or records[position + 1][0] != "item"):
            raise _Decline  # a `key:` without a list below it (null in YAML)
    return data, records


def _tree(records: list[tuple[Any, ...]]) -> Node:
    pairs: list[tuple[Node, Node]] = []
    root = Node("mapping", _MAP, pairs, records[0][1], 0)
    sequence: Node | None = None
    mapping: Node | None = None
    for record in records:
        kind = record[0]
        if kind == "top":
            _, line, key, raw, column = record
            pairs.append((Node("scalar", "plain", key, line, 0), _value_node(raw, line, column)))
        elif kind == "block":
            _, line, key = record
            sequence = Node("sequence", _SEQ, [], -1, -1)
            pairs.append((Node("scalar", "plain", key, line, 0), sequence))
        else:
            _, line, indent, key, raw, column = record
            assert sequence is not None
            if kind == "item":
                if not sequence.value:
                    sequence.start_mark = Mark(line, indent)
                mapping = Node("mapping", _MAP, [], line, indent + 2)
                sequence.value.append(mapping)
            assert mapping is not None
            mapping.value.append((Node("scalar", "plain", key, line, indent + 2), _value_node(raw, line, column)))
    return root
