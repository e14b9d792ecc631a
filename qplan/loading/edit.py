"""Changing a plan file the learner owns without losing a line of theirs.

Reading goes through qplan's one loader, with its positions and messages; writing a change
back goes through ruamel.yaml's round-trip mode, which keeps the learner's comments, key
order and layout. The result is read back with the loader before it is written.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any


def edit_yaml(text: str, change: Callable[[Any], None]) -> str:
    """`text` with `change` applied to its round-trip data (comments and order kept)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a learner's long lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(text)
    change(data)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def entry_maps(data: Any) -> dict[str, Any]:
    """The plan's entries by id, as round-trip mappings (a bare id becomes `{id: …}`)."""
    from ruamel.yaml.comments import CommentedMap

    modules = data.get("modules") if hasattr(data, "get") else None
    found: dict[str, Any] = {}
    if modules is None:
        return found
    for index, item in enumerate(modules):
        if isinstance(item, str):
            mapping = CommentedMap()
            mapping["id"] = item
            modules[index] = mapping
            item = mapping
        if hasattr(item, "get") and isinstance(item.get("id"), str):
            found.setdefault(item["id"], item)
    return found


def set_keys(mapping: Any, values: dict[str, Any], order: tuple[str, ...]) -> None:
    """Set, replace or (with None) remove keys, new keys placed in the writer's key order."""
    for key, value in values.items():
        if value is None:
            if key in mapping:
                del mapping[key]
            continue
        if key in mapping:
            mapping[key] = value
            continue
        position = len(mapping)
        if key in order:
            later = set(order[order.index(key) + 1 :])
            for index, existing in enumerate(mapping):
                if existing in later:
                    position = index
                    break
        mapping.insert(position, key, value)
