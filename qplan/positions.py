"""Finding a node of a composed YAML tree by path, and its 1-based position.

Kept free of the `yaml` import: nodes are recognised by their `id` ("scalar",
"sequence", "mapping"), so code that only needs positions stays cheap to import. A root
that knows a quicker way (`qplan.yamlfast.nodes.LazyRoot`, which has no tree) answers
through its own `node_at` and `key_node_at`.
"""

from __future__ import annotations

from typing import Any

Node = Any


def node_at(root: Node, loc: tuple[object, ...]) -> tuple[Node, bool]:
    """The node a path points at, or its deepest existing ancestor (then False)."""
    own = getattr(type(root), "node_at", None)
    if own is not None:
        found: tuple[Node, bool] = own(root, loc)
        return found
    node = root
    for part in loc:
        nxt = _child(node, part)
        if nxt is None:
            return node, False
        node = nxt
    return node, True


def key_node_at(root: Node, loc: tuple[object, ...]) -> Node | None:
    """The key node of the last path element, for errors about a key itself."""
    own = getattr(type(root), "key_node_at", None)
    if own is not None:
        return own(root, loc)
    if not loc:
        return None
    parent, found = node_at(root, loc[:-1])
    if not found or parent.id != "mapping":
        return None
    for key, _ in parent.value:
        if key.id == "scalar" and key.value == str(loc[-1]):
            return key
    return None


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
