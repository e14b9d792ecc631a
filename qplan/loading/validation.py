"""Validate parsed YAML against a model; pydantic's errors become German findings with positions."""

from __future__ import annotations

import difflib
import re
import types
from functools import cache as memoize
from typing import Any, TypeVar, cast

from qplan.dates import FIRST_YEAR, LAST_YEAR
from qplan.findings import SCHEMA, Finding
from qplan.loading.reader import MAX_DIGITS
from qplan.loading.sourcemap import SourceMap, position

T = TypeVar("T")

_TYPE_NAMES = {
    "str": "Text",
    "int": "ganze Zahl",
    "float": "Kommazahl",
    "bool": "Wahrheitswert",
    "list": "Liste",
    "dict": "Zuordnung",
    "NoneType": "leerer Wert",
}


@memoize
def _adapter(model: type) -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(model)


def json_schema(model: type) -> dict[str, Any]:
    """The JSON Schema of a model, for editors."""
    schema: dict[str, Any] = _adapter(model).json_schema()
    return schema


@memoize
def _validator(model: Any) -> Any:
    """pydantic-core's validator for a model, from a cached core schema when possible.

    Generating the core schema needs all of pydantic and takes about 0.1 s; building the
    validator from a stored schema needs only pydantic-core and takes a few milliseconds.
    The `metadata` entries (JSON Schema hooks) do not take part in validation and are
    dropped, so the schema is plain data (`qplan.loading.codec`).
    """
    import pydantic_core

    from qplan.loading import cache

    key = cache.key_for(f"{model.__module__}.{model.__qualname__}:{pydantic_core.__version__}".encode(), "schema")
    schema = cache.load(key, dict)
    if schema is not None:
        try:
            return pydantic_core.SchemaValidator(schema)
        except Exception:  # a stale entry: build anew below
            pass
    schema = _strip_metadata(_adapter(model).core_schema)
    cache.store(key, schema)
    return pydantic_core.SchemaValidator(schema)


def _strip_metadata(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {k: _strip_metadata(v) for k, v in schema.items() if k != "metadata"}
    if isinstance(schema, list):
        return [_strip_metadata(v) for v in schema]
    return schema


def validate(model: type[T], data: Any, source: SourceMap) -> tuple[T | None, list[Finding]]:
    """Build `model` from `data`; on failure, one finding per problem at its line."""
    from pydantic_core import ValidationError

    try:
        result: T = _validator(cast(Any, model)).validate_python(data)
        return result, []
    except ValidationError as exc:
        findings = [_finding(error, source, model) for error in exc.errors(include_url=False)]
        return None, findings
    except RecursionError:
        line, column = position(source.root)
        return None, [Finding(SCHEMA, "error", "Die Datei ist zu tief verschachtelt.", line, column)]


def _finding(error: Any, source: SourceMap, model: Any = None) -> Finding:
    loc = tuple(part for part in error["loc"] if not _is_internal(part))
    kind = error["type"]
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        node = source.key_node_at(loc)
        target = node if node is not None else source.node_at(loc)[0]
    else:
        target, _found = source.node_at(loc)
    line, column = position(target)
    where = _describe_loc(loc)
    message = f"{where}: {_message(error)}" if where else _message(error)
    if kind in ("unexpected_keyword_argument", "extra_forbidden") and model is not None and loc:
        allowed = _allowed_keys(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.5) if allowed else []
        if close:
            message = f"{where}: unbekannter Schlüssel – meinten Sie „{close[0]}“?"
        elif allowed:
            message += f" Erlaubt sind: {', '.join(allowed)}."
    return Finding(SCHEMA, "error", message, line, column)


def _allowed_keys(model: Any, loc: tuple[object, ...]) -> list[str]:
    """The field names of the dataclass that `loc` leads to inside `model` ([] if unknown)."""
    import dataclasses
    import typing

    current: Any = model
    for part in loc:
        if isinstance(part, int):
            args = [a for a in typing.get_args(current) if a is not Ellipsis]
            current = args[0] if args else None
        elif dataclasses.is_dataclass(current):
            hints = typing.get_type_hints(current)
            current = hints.get(str(part))
        else:
            return []
        while typing.get_origin(current) in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(current) if a is not type(None) and dataclasses.is_dataclass(a)]
            current = options[0] if options else typing.get_args(current)[0]
        if typing.get_origin(current) is typing.Annotated:
            current = typing.get_args(current)[0]
    if not (isinstance(current, type) and dataclasses.is_dataclass(current)):
        return []
    return [f.name for f in dataclasses.fields(current)]


def _is_internal(part: object) -> bool:
    # pydantic inserts tags of union members and function validators into `loc`.
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


def _describe_loc(loc: tuple[object, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return f"„{text}“" if text else ""


def _got(value: Any) -> str:
    name = _TYPE_NAMES.get(type(value).__name__, type(value).__name__)
    if isinstance(value, (str, int, float, bool)):
        shown = (
            f"„{value}“" if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
        )
        if len(shown) > 40:
            shown = shown[:37] + "…"
        return f"{name} {shown}"
    return name


def _message(error: Any) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind in ("missing", "missing_argument", "missing_keyword_only_argument"):
        return "Pflichtangabe fehlt"
    if kind in ("unexpected_keyword_argument", "extra_forbidden"):
        return "unbekannter Schlüssel (Tippfehler?); er ist hier nicht vorgesehen"
    if kind in ("string_type", "string_sub_type"):
        return f"Text erwartet, gefunden: {_got(value)}"
    if kind == "string_too_short":
        return "darf nicht leer sein"
    if isinstance(value, str) and value.lstrip("+-").isdigit() and len(value) > MAX_DIGITS:
        return f"Zahl mit {len(value)} Ziffern ist viel zu groß"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        hint = " (Zahlen ohne Anführungszeichen schreiben)" if isinstance(value, str) else ""
        return f"ganze Zahl erwartet, gefunden: {_got(value)}{hint}"
    if kind in ("float_type", "float_parsing"):
        return f"Zahl erwartet, gefunden: {_got(value)}"
    if kind == "bool_type":
        return f"true oder false erwartet, gefunden: {_got(value)}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"Wert muss mindestens {ctx.get('ge', ctx.get('gt'))} sein, gefunden: {value!r}"
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        allowed = ", ".join(f"„{o}“" for o in options)
        return f"erlaubt sind {allowed}; gefunden: {_got(value)}"
    if kind in ("list_type", "tuple_type", "set_type"):
        return f"Liste erwartet, gefunden: {_got(value)}"
    if kind in ("dataclass_type", "dataclass_exact_type", "model_type", "dict_type", "model_attributes_type"):
        return f"Zuordnung (Schlüssel: Wert) erwartet, gefunden: {_got(value)}"
    if kind == "date_format":
        return f"Datum im Format JJJJ-MM-TT erwartet, gefunden: {_got(value)}"
    if kind == "bound":
        return f"{error['msg']}; gefunden: {_got(value)}"
    if kind in ("less_than_equal", "less_than"):
        return f"Wert darf höchstens {ctx.get('le', ctx.get('lt'))} sein, gefunden: {_got(value)}"
    if kind == "date_range":
        return f"Datum zwischen {FIRST_YEAR} und {LAST_YEAR} erwartet, gefunden: {_got(value)}"
    if kind == "date_invalid":
        return f"„{value}“ ist kein Kalenderdatum"
    if kind == "recursion_loop":
        return "Die Daten verweisen auf sich selbst."
    return f"ungültiger Wert ({kind})"
