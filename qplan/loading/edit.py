"""Changing a plan file the learner owns without losing a line of theirs.

Reading goes through qplan's one loader, with its positions and messages; writing a change
back goes through ruamel.yaml's round-trip mode, which keeps the learner's comments, key
order and layout. The result is read back with the loader before it is written.

Three differences between the two parsers are bridged here, so that every file the loader
accepts can be changed:
- ruamel types plain scalars by YAML 1.2 (`.nan` a float, `2027-03-01` a date, `0x1F` a
  number); here it types them exactly as qplan's reader does (only `true`/`false`, null and
  decimal integers), so an entry's id is the same text in both and nothing is re-typed.
- ruamel refuses a tab as the blank between tokens (`date: 2027-03-01<TAB>`), which YAML and
  libyaml allow; such tabs become spaces (tabs inside values and comments stay).
- whatever ruamel still refuses ends in a `UserError` with line and column (exit 2).
Values qplan writes are never shared as anchors and aliases (`&id001`/`*id001`): one date
given to three modules is written three times, so that editing one changes one. A comment
on a key that a change removes (or on a value it replaces) moves to the key before it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from qplan.errors import InputError
from qplan.findings import YAML_SYNTAX, Finding

# Plain scalars as qplan's reader types them (qplan.loading.reader.plain_value).
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_INT = re.compile(r"^(?:[-+](?:0|[1-9][0-9]{0,17})|0|[1-9][0-9]{0,18})$")
_IMPLICIT: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:bool", _BOOL, "tTfF"),
    ("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", _INT, "-+0123456789"),
):
    for _char in _first:
        _IMPLICIT.setdefault(_char, []).append((_tag, _pattern))


def _yaml() -> Any:
    """A round-trip YAML instance that types, writes and aliases like qplan."""
    from ruamel.yaml import YAML
    from ruamel.yaml.representer import RoundTripRepresenter
    from ruamel.yaml.resolver import VersionedResolver

    class Resolver(VersionedResolver):
        @property
        def versioned_resolver(self) -> Any:
            return _IMPLICIT  # for every %YAML version: qplan's reader knows only one

    class Representer(RoundTripRepresenter):
        def ignore_aliases(self, data: Any) -> bool:
            anchor = getattr(data, "anchor", None)
            # An anchor the learner wrote stays; qplan itself never shares a value.
            return anchor is None or getattr(anchor, "value", None) is None

    # Dates are text to qplan's reader; written as plain text, never with a `!!timestamp` tag.
    Representer.add_representer(date, lambda rep, value: rep.represent_str(value.isoformat()))
    yaml = YAML(typ="rt")
    yaml.Resolver = Resolver
    yaml.Representer = Representer
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a learner's long lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def edit_yaml(text: str, change: Callable[[Any], None], *, label: str = "") -> str:
    """`text` with `change` applied to its round-trip data (comments and order kept).

    `text` must be one the loader accepted; what ruamel still cannot read is an
    `InputError` (exit 2) with its line and column, never an internal error.
    """
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = _yaml()
    windows = "\r\n" in text and text.count("\n") == text.count("\r\n")
    if windows:
        text = text.replace("\r\n", "\n")  # ruamel would keep the \r inside comments
    try:
        data = yaml.load(_untab(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        raise _refused(label, str(exc.problem or exc.context or "").strip(), line, column) from None
    except (YAMLError, ValueError, TypeError) as exc:
        raise _refused(label, str(exc).splitlines()[0] if str(exc) else type(exc).__name__, None, None) from None
    change(data)
    out = io.StringIO()
    yaml.dump(data, out)
    result = out.getvalue()
    if windows:
        result = result.replace("\n", "\r\n")  # a file with Windows line ends keeps them
    return result


def _refused(label: str, problem: str, line: int | None, column: int | None) -> InputError:
    finding = Finding(
        YAML_SYNTAX,
        "error",
        "Diese Stelle kann qplan beim Ändern der Datei nicht lesen "
        f"(Meldung des Parsers: {problem}); bitte die Zeile vereinfachen.",
        line,
        column,
    )
    where = f"{label}: " if label else ""
    return InputError(
        f"{where}Die Datei kann nicht geändert werden; sie bleibt unverändert.",
        (finding.at(label) if label else finding,),
    )


def _untab(text: str) -> str:
    """Tabs between tokens as spaces; tabs inside values and comments are kept."""
    if "\t" not in text:
        return text
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    lines = text.split("\n")
    keep: dict[int, list[tuple[int, int]]] = {}  # line → column spans of scalars
    try:
        for event in yaml.parse(text, Loader=loader):
            start, end = event.start_mark, event.end_mark
            if isinstance(event, yaml.ScalarEvent) and start is not None and end is not None:
                for number in range(start.line, end.line + 1):
                    first = start.column if number == start.line else 0
                    last = end.column if number == end.line else len(lines[number]) + 1 if number < len(lines) else 0
                    keep.setdefault(number, []).append((first, last))
    except yaml.YAMLError:
        return text  # the loader accepted it; ruamel will say where it disagrees
    for number, line in enumerate(lines):
        if "\t" not in line:
            continue
        spans = keep.get(number, [])
        chars = list(line)
        for column, char in enumerate(chars):
            inside = any(first <= column < last for first, last in spans)
            if char == "#" and not inside and (column == 0 or chars[column - 1] in " \t"):
                break  # a comment: kept as written
            if char == "\t" and not inside:
                chars[column] = " "
        lines[number] = "".join(chars)
    return "\n".join(lines)


def entry_maps(data: Any) -> dict[str, Any]:
    """The plan's entries by id, as round-trip mappings (a bare id becomes `{id: …}`)."""
    modules = data.get("modules") if hasattr(data, "get") else None
    found: dict[str, Any] = {}
    if modules is None:
        return found
    for index, item in enumerate(modules):
        if isinstance(item, str):
            item = as_mapping(modules, index)
        if hasattr(item, "get") and isinstance(item.get("id"), str):
            found.setdefault(str(item["id"]), item)
    return found


def as_mapping(modules: Any, index: int) -> Any:
    """The entry at `index` as a round-trip mapping: a bare id becomes `{id: …}` in place, the
    other bare ids stay as written. A short list written in flow style (`[M01, M02]`) stays in
    flow style: turning it to one entry a line moved the comments around it."""
    from ruamel.yaml.comments import CommentedMap

    item = modules[index]
    if not isinstance(item, str):
        return item
    mapping = CommentedMap()
    mapping["id"] = item
    modules[index] = mapping
    return mapping


def bare_ids(data: Any) -> None:
    """In a short list written in flow style, an entry left with nothing but its id (after an
    `undo`) becomes the bare id again, as it was written."""
    modules = data.get("modules") if hasattr(data, "get") else None
    style = getattr(modules, "fa", None)
    if modules is None or style is None or not style.flow_style():
        return
    for index, item in enumerate(modules):
        if hasattr(item, "keys") and list(item.keys()) == ["id"] and isinstance(item["id"], str):
            modules[index] = item["id"]


def set_keys(mapping: Any, values: dict[str, Any], order: tuple[str, ...]) -> None:
    """Set, replace or (with None) remove keys, new keys placed in the writer's key order.

    Comments on a removed key, or inside a replaced value, are kept next to the key before.
    """
    for key, value in values.items():
        if value is None:
            if key in mapping:
                _keep_comments(mapping, key, removed=True)
                del mapping[key]
            continue
        if key in mapping:
            _keep_comments(mapping, key, removed=False)
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
        if position > 0:
            _pass_trailing_lines(mapping, list(mapping)[position - 1], key)


def _pass_trailing_lines(mapping: Any, before: Any, key: Any) -> None:
    """Comment lines below `before` (a file's closing comment) stay below the key inserted after it."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    slot = mapping.ca.items.get(before)
    token = slot[2] if slot and len(slot) > 2 else None
    if token is None or "\n" not in str(token.value).rstrip("\n"):
        return
    value = str(token.value)
    cut = value.index("\n") + 1
    head, tail = value[:cut], value[cut:]
    slot[2] = CommentToken(head, token.start_mark, None) if head.strip() else None
    mapping.ca.items[key] = [None, None, CommentToken("\n" + tail, CommentMark(0), None), None]


def _keep_comments(mapping: Any, key: Any, *, removed: bool) -> None:
    """Move the comments that would go with `key` (if `removed`) or its old value to a key that stays."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    own = _flatten(mapping.ca.items.pop(key, None) if removed else mapping.ca.items.get(key))
    # ruamel keeps a flow mapping's end-of-line comment twice: on the key and in the mapping.
    nested = [t for t in _comments_within(mapping[key]) if not any(str(t.value) in str(o.value) for o in own)]
    tokens = (own if removed else []) + nested
    seen: set[str] = set()
    indent = _key_column(mapping, key)
    lines: list[str] = []
    for token in tokens:
        value = str(token.value)
        if value in seen:
            continue
        seen.add(value)
        parts = value.rstrip("\n").split("\n")
        if value.startswith("#"):  # a comment at the end of the key's own line
            parts[0] = " " * indent + parts[0]
        elif parts and not parts[0].strip():
            parts = parts[1:]  # the end of the value's line
        lines.extend(part if part.strip() else "" for part in parts)
    if not any(line.strip() for line in lines):
        return
    keys = list(mapping)
    at = keys.index(key)
    if not removed:
        holder = key
    elif at > 0:
        holder = keys[at - 1]
    elif at + 1 < len(keys):
        holder = keys[at + 1]
    else:
        return  # nothing stays in this mapping to hold the comment
    slot = mapping.ca.items.setdefault(holder, [None, None, None, None])
    old = slot[2]
    block = "\n".join(lines) + "\n"
    if old is not None:
        value = str(old.value)
        slot[2] = CommentToken(value + ("" if value.endswith("\n") else "\n") + block, old.start_mark, None)
    else:
        slot[2] = CommentToken("\n" + block, CommentMark(0), None)


def _flatten(item: Any) -> list[Any]:
    if item is None:
        return []
    if isinstance(item, list):
        return [token for part in item for token in _flatten(part)]
    return [item] if hasattr(item, "value") else []


def _comments_within(value: Any) -> list[Any]:
    """Every comment token inside a mapping or sequence (nested), in order."""
    ca = getattr(value, "ca", None)
    if ca is None:
        return []
    found = _flatten(ca.comment) + [token for item in ca.items.values() for token in _flatten(item)]
    found += _flatten(getattr(ca, "end", None))
    children = value.values() if hasattr(value, "values") else value if isinstance(value, list) else []
    for child in children:
        found += _comments_within(child)
    return found


def _key_column(mapping: Any, key: Any) -> int:
    try:
        return int(mapping.lc.key(key)[1])
    except (AttributeError, KeyError, TypeError, IndexError):
        return 0
