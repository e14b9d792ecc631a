"""The line reader: every document of the plain shape, one line at a time."""

from __future__ import annotations

import re
from typing import Any

from qplan.yamlfast.shape import KEY, PLAIN, QUOTED, TYPED_WORDS, Record, key, value

_VALUE = rf"({PLAIN}|{QUOTED}|\[\])"
_TAIL = r"(?: +#.*)?"
_TOP_VALUE = re.compile(rf"({KEY}): +{_VALUE} *{_TAIL}")
_TOP_BLOCK = re.compile(rf"({KEY}): *{_TAIL}")
_ITEM_FIRST = re.compile(rf"( *)- ({KEY}): +{_VALUE} *{_TAIL}")
_ITEM_NEXT = re.compile(rf"( *)({KEY}): +{_VALUE} *{_TAIL}")


class Decline(Exception):
    """The text leaves the plain shape; libyaml must read it."""


def read(text: str, typed: Any) -> tuple[dict[Any, Any], list[Record]]:
    """The data and the records of a document; `Decline` if it leaves the shape."""
    data: dict[Any, Any] = {}
    records: list[Record] = []
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
                name = match.group(1)
            else:
                block_match = _TOP_BLOCK.fullmatch(line)
                if block_match is None:
                    raise Decline
                name = block_match.group(1)
            key_value = key(name, typed)
            if key_value in data:
                raise Decline  # duplicate keys are reported by the libyaml path
            if match is not None:
                data[key_value] = value(match.group(2), typed)
                records.append(("top", number, name, match.group(2), match.start(2)))
            else:
                items = data[key_value] = []
                records.append(("block", number, name))
                indent = -1
            continue
        if items is None:
            raise Decline
        item = _ITEM_FIRST.fullmatch(line) if stripped[0] == "-" else None
        if item is not None:
            spaces = len(item.group(1))
            if indent == -1:
                indent = spaces
            elif spaces != indent:
                raise Decline
            entry = {}
            items.append(entry)
            _, name, raw = item.groups()
            column = item.start(3)
            records.append(("item", number, indent, name, raw, column))
        else:
            following = _ITEM_NEXT.fullmatch(line) if stripped[0] != "-" else None
            if following is None or entry is None or len(following.group(1)) != indent + 2:
                raise Decline
            _, name, raw = following.groups()
            column = following.start(3)
            records.append(("entry", number, indent, name, raw, column))
        key_value = key(name, typed)
        if key_value in entry:
            raise Decline
        first_char = raw[0]
        if first_char == '"' or first_char == "[" or raw.isdigit() or raw in TYPED_WORDS:
            entry[key_value] = value(raw, typed)
        else:
            entry[key_value] = raw  # plain text, the common case
    if not records:
        raise Decline
    for position, record in enumerate(records):
        if record[0] == "block" and (position + 1 >= len(records) or records[position + 1][0] != "item"):
            raise Decline  # a `key:` without a list below it (null in YAML)
    return data, records
