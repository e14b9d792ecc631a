"""Does a model value read back from the cache hold what its model allows?

A cache entry is checked like any input, but without pydantic (the cached path must stay
light): every field of every dataclass is compared with its type hint, including the bounds
of the schema markers (`qplan.models.schema_types`). An entry that does not conform is
rebuilt from the file, so a changed or planted entry can never reach the planner.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import date
from typing import Any

Check = Callable[[Any], bool]

_CHECKS: dict[type, list[tuple[str, Check]]] = {}
_UNKNOWN = object()


def conforms(value: Any) -> bool:
    """True if `value` (a model dataclass) and everything in it matches its type hints."""
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return False
    try:
        return _dataclass_check(type(value))(value)
    except (NameError, TypeError, AttributeError, RecursionError):
        return False


def field_checks(cls: type) -> dict[str, Check]:
    """The check of each field of a model dataclass, by name (for checks of values in another
    form, such as the columns of `qplan.models.offer_table.OfferTable`)."""
    fields = _CHECKS.get(cls)
    return dict(fields if fields is not None else _fields(cls))


def _dataclass_check(cls: type) -> Check:
    def check(value: Any) -> bool:
        if type(value) is not cls:
            return False
        fields = _CHECKS.get(cls)
        if fields is None:
            fields = _fields(cls)
        return all(ok(getattr(value, name)) for name, ok in fields)

    return check


def _fields(cls: type) -> list[tuple[str, Check]]:
    import sys

    namespace = {**vars(builtins), **vars(sys.modules[cls.__module__]), "date": date}
    fields: list[tuple[str, Check]] = []
    _CHECKS[cls] = fields  # filled below; a recursive model sees the list being built
    for field in dataclasses.fields(cls):
        hint = field.type
        fields.append((field.name, _parse(hint, namespace) if isinstance(hint, str) else _compile(hint)))
    return fields


def _parse(text: str, namespace: dict[str, Any]) -> Check:
    """A check from an annotation's text (`from __future__ import annotations`), without
    `typing.get_type_hints`, which evaluates every annotation and costs milliseconds."""
    parts = _split(text, "|")
    if len(parts) > 1:
        options = [_parse(part, namespace) for part in parts]
        return lambda value: any(ok(value) for ok in options)
    text = text.strip()
    if text == "None":
        return lambda value: value is None
    if "[" in text and text.endswith("]"):
        name, inner = text[: text.index("[")].strip(), text[text.index("[") + 1 : -1]
        args = _split(inner, ",")
        if name == "tuple" and len(args) == 2 and args[1].strip() == "...":
            item = _parse(args[0], namespace)
            return lambda value: type(value) is tuple and all(item(part) for part in value)
        if name == "dict" and len(args) == 2:
            key, val = (_parse(arg, namespace) for arg in args)
            return lambda value: type(value) is dict and all(key(k) and val(v) for k, v in value.items())
        if name == "Literal":
            return _compile(typing.Literal[tuple(ast.literal_eval(arg.strip()) for arg in args)])
        return lambda value: False
    found = namespace.get(text, _UNKNOWN)
    return (lambda value: False) if found is _UNKNOWN else _compile(found)


def _split(text: str, separator: str) -> list[str]:
    """`text` split at `separator` outside brackets and quotes."""
    parts, depth, quote, start = [], 0, "", 0
    for index, char in enumerate(text):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def _compile(hint: Any) -> Check:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Annotated:
        base = _compile(args[0])
        limits = [getattr(meta, "_json", None) for meta in args[1:]]
        json = next((item for item in limits if isinstance(item, dict)), None)
        return base if json is None else _within(base, json)
    if hint is Any:
        return lambda value: True
    if hint is type(None):
        return lambda value: value is None
    if hint is bool:
        return lambda value: type(value) is bool
    if hint is int:
        return lambda value: type(value) is int
    if hint is float:
        return lambda value: type(value) in (int, float)
    if hint is str:
        return lambda value: type(value) is str
    if hint is date:
        return lambda value: type(value) is date
    if origin is typing.Literal:
        allowed = set(args)
        return lambda value: type(value) in (str, int, bool) and value in allowed
    if origin in (typing.Union, types.UnionType):
        options = [_compile(arg) for arg in args]
        return lambda value: any(ok(value) for ok in options)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _compile(args[0])
            return lambda value: type(value) is tuple and all(item(part) for part in value)
        items = [_compile(arg) for arg in args]
        return lambda value: (
            type(value) is tuple and len(value) == len(items) and all(ok(v) for ok, v in zip(items, value, strict=True))
        )
    if origin is dict:
        key, val = (_compile(arg) for arg in args)
        return lambda value: type(value) is dict and all(key(k) and val(v) for k, v in value.items())
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass_check(hint)
    return lambda value: False  # a type this check does not know: rebuild rather than trust


def _within(base: Check, json: dict[str, Any]) -> Check:
    minimum, maximum = json.get("minimum"), json.get("maximum")
    min_length = json.get("minLength")

    def check(value: Any) -> bool:
        if not base(value):
            return False
        if minimum is not None and value < minimum:
            return False
        if maximum is not None and value > maximum:
            return False
        return min_length is None or len(value) >= min_length

    return check
