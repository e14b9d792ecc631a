"""Positions for the fast readers: found from the records, without building a node tree.

A finding asks for the position of one path into the document (`qplan.positions`); the
root answers from an index of the records, built on the first question. A clean file
never asks, so it never pays for positions at all. The full tree is still built when
someone reads the root like a PyYAML node (`.value`, as the tests do).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple, Protocol

from qplan.yamlfast.shape import Record

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_PLAIN = "plain"


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


# A place in the index: (kind, tag, scalar text, line, column, key line, key column); the
# key's line and column are -1 for list entries and the root. Plain tuples: a file with
# findings indexes all its values, and a tuple costs a fraction of a named one.
Place = tuple[str, str, "str | None", int, int, int, int]
Path = tuple[str | int, ...]


class Places(Protocol):
    """Places by path: a dict built from the records, or a reader's own lookup."""

    def get(self, path: Path, /) -> Place | None: ...


def _node(place: Place) -> Node:
    kind, tag, text, line, column, _, _ = place
    return Node(kind, tag, text if kind == "scalar" else [], line, column)


def value_place(raw: str, line: int, column: int, key_column: int) -> Place:
    """The place of a value written as `raw`, with its key at `key_column` of the line."""
    if raw[0] == '"':
        return ("scalar", _STR, raw[1:-1], line, column, line, key_column)
    if raw == "[]":
        return ("sequence", _SEQ, None, line, column, line, key_column)
    return ("scalar", _PLAIN, raw, line, column, line, key_column)


def root_place(line: int) -> Place:
    return ("mapping", _MAP, None, line, 0, -1, -1)


def sequence_place(line: int, column: int, key_line: int) -> Place:
    return ("sequence", _SEQ, None, line, column, key_line, 0)


def mapping_place(line: int, column: int) -> Place:
    return ("mapping", _MAP, None, line, column, -1, -1)


def index(records: list[Record]) -> dict[Path, Place]:
    """Every place of a document, from its records."""
    places: dict[Path, Place] = {(): root_place(records[0][1])}
    block = ""
    block_line = number = -1
    for record in records:
        kind = record[0]
        if kind == "top":
            _, line, key, raw, column = record
            places[(key,)] = value_place(raw, line, column, 0)
        elif kind == "block":
            _, block_line, block = record
            number = -1
        else:
            _, line, indent, key, raw, column = record
            if kind == "item":
                number += 1
                if number == 0:
                    places[(block,)] = sequence_place(line, indent, block_line)
                places[(block, number)] = mapping_place(line, indent + 2)
            places[(block, number, key)] = value_place(raw, line, column, indent + 2)
    return places


class LazyRoot:
    """Stands in for the root node of a document a fast reader read."""

    __slots__ = ("_make_places", "_node", "_places", "_records", "_source")

    def __init__(self, source: Callable[[], list[Record]], places: Callable[[], Places] | None = None) -> None:
        """`source` gives the records; `places`, if given, a quicker lookup than their index."""
        self._source = source
        self._records: list[Record] | None = None
        self._make_places = places
        self._places: Places | None = None
        self._node: Node | None = None

    def _get_records(self) -> list[Record]:
        if self._records is None:
            self._records = self._source()
        return self._records

    def _walk(self, loc: tuple[object, ...]) -> tuple[Path, Place, bool]:
        """The deepest place along `loc` (as `qplan.positions.node_at` walks a tree)."""
        if self._places is None:
            self._places = self._make_places() if self._make_places else index(self._get_records())
        path: Path = ()
        place = self._places.get(path)
        assert place is not None, "every document has a root"
        for part in loc:
            step: str | int
            if place[0] == "mapping":
                step = str(part)
            elif place[0] == "sequence" and isinstance(part, int):
                step = part
            else:
                return path, place, False
            child = self._places.get((*path, step))
            if child is None:
                return path, place, False
            path, place = (*path, step), child
        return path, place, True

    def node_at(self, loc: tuple[object, ...]) -> tuple[Node, bool]:
        _, place, found = self._walk(loc)
        return _node(place), found

    def key_node_at(self, loc: tuple[object, ...]) -> Node | None:
        if not loc:
            return None
        path, place, found = self._walk(loc[:-1])
        if not found or place[0] != "mapping":
            return None
        assert self._places is not None
        child = self._places.get((*path, str(loc[-1])))
        if child is None or child[5] < 0:
            return None
        return Node("scalar", _PLAIN, str(loc[-1]), child[5], child[6])

    def __getattr__(self, name: str) -> Any:
        if self._node is None:
            self._node = tree(self._get_records())
        return getattr(self._node, name)


def _value_node(raw: str, line: int, column: int) -> Node:
    return _node(value_place(raw, line, column, 0))


def tree(records: list[Record]) -> Node:
    """The full node tree, as libyaml would compose it."""
    pairs: list[tuple[Node, Node]] = []
    root = Node("mapping", _MAP, pairs, records[0][1], 0)
    sequence: Node | None = None
    mapping: Node | None = None
    for record in records:
        kind = record[0]
        if kind == "top":
            _, line, key, raw, column = record
            pairs.append((Node("scalar", _PLAIN, key, line, 0), _value_node(raw, line, column)))
        elif kind == "block":
            _, line, key = record
            sequence = Node("sequence", _SEQ, [], -1, -1)
            pairs.append((Node("scalar", _PLAIN, key, line, 0), sequence))
        else:
            _, line, indent, key, raw, column = record
            assert sequence is not None
            if kind == "item":
                if not sequence.value:
                    sequence.start_mark = Mark(line, indent)
                mapping = Node("mapping", _MAP, [], line, indent + 2)
                sequence.value.append(mapping)
            assert mapping is not None
            mapping.value.append((Node("scalar", _PLAIN, key, line, indent + 2), _value_node(raw, line, column)))
    return root
