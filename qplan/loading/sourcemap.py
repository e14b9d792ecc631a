"""The source map of a document: anchors (paths into the data) to 1-based line:column.

Built from the node tree the reader composed; nodes are recognised by their `id`
("scalar", "sequence", "mapping"), so this module does not import `yaml`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from qplan.findings import Anchor, Finding

Node = Any


class SourceMap:
    """Where each part of one document stands in its file."""

    __slots__ = ("root",)

    def __init__(self, root: Node) -> None:
        self.root = root

    def node_at(self, loc: tuple[object, ...]) -> tuple[Node, bool]:
        """The node a path points at, or its deepest existing ancestor (then False)."""
        node = self.root
        for part in loc:
            nxt = _child(node, part)
            if nxt is None:
                return node, False
            node = nxt
        return node, True

    def key_node_at(self, loc: tuple[object, ...]) -> Node | None:
        """The key node of the last path element, for problems with a key itself."""
        if not loc:
            return None
        parent, found = self.node_at(loc[:-1])
        if not found or parent.id != "mapping":
            return None
        for key, _ in parent.value:
            if key.id == "scalar" and key.value == str(loc[-1]):
                return key
        return None

    def locate(self, anchor: Anchor, at_key: bool = False) -> tuple[int, int]:
        """1-based line and column of an anchor (its key with `at_key`, when it has one)."""
        node = self.key_node_at(anchor) if at_key else None
        if node is None:
            node = self.node_at(anchor)[0]
        return position(node)

    def place(self, findings: Iterable[Finding]) -> list[Finding]:
        """Findings with a line and column for each anchor."""
        result = []
        for finding in findings:
            if finding.anchor is not None and finding.line is None:
                finding = finding.placed(*self.locate(finding.anchor, finding.at_key))
            result.append(finding)
        return result


def place(findings: Iterable[Finding], source: SourceMap | None) -> list[Finding]:
    """Findings placed by `source`; without one they keep no position."""
    return source.place(findings) if source is not None else list(findings)


def _child(node: Node, part: object) -> Node | None:
    if node.id == "mapping":
        match = None
        for key, value in node.value:
            if key.id == "scalar" and key.value == str(part):
                match = value  # the last one wins, as in the constructed data
        return match
    if node.id == "sequence" and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part]
    return None


def position(node: Node) -> tuple[int, int]:
    """1-based line and column of a node."""
    return node.start_mark.line + 1, node.start_mark.column + 1
