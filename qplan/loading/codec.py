"""Plain-data encoding of validated models for the cache: JSON that cannot run code.

Dataclass instances, tuples, dates and class references are written as tagged JSON
objects; reading them back builds only the dataclasses of `qplan.models` (looked up by
name in a fixed table, never imported by a name from the file) through their own
constructors. Anything else in a cache entry makes it invalid.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from typing import Any


class CodecError(ValueError):
    """A value that cannot be encoded, or an entry that is not what qplan wrote."""


def _model_classes() -> dict[str, type]:
    from qplan.models import catalog, funding, offer_table, plan, providers

    table: dict[str, type] = {}
    for module in (catalog, plan, providers, funding, offer_table):
        for value in vars(module).values():
            if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module.__name__:
                table[f"{value.__module__}.{value.__qualname__}"] = value
    return table


_CLASSES: dict[str, type] | None = None


def _classes() -> dict[str, type]:
    global _CLASSES
    if _CLASSES is None:
        _CLASSES = _model_classes()
    return _CLASSES


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, tuple):
        return {"$t": [_encode(v) for v in value]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, type):
        name = f"{value.__module__}.{value.__qualname__}"
        if _classes().get(name) is not value:
            raise CodecError(f"class {name} is not a model")
        return {"$cls": name}
    if dataclasses.is_dataclass(value):
        name = f"{type(value).__module__}.{type(value).__qualname__}"
        if _classes().get(name) is not type(value):
            raise CodecError(f"{name} is not a model")
        return {"$dc": name, "$f": {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    if isinstance(value, dict):
        if any(not isinstance(k, str) or k.startswith("$") for k in value):
            raise CodecError("dict keys must be text without a leading $")
        return {k: _encode(v) for k, v in value.items()}
    raise CodecError(f"cannot encode {type(value).__name__}")


def _decode_object(obj: dict[str, Any]) -> Any:
    if not obj or not next(iter(obj)).startswith("$"):
        return obj
    if "$t" in obj and len(obj) == 1 and isinstance(obj["$t"], list):
        return tuple(obj["$t"])
    if "$date" in obj and len(obj) == 1 and isinstance(obj["$date"], str):
        return date.fromisoformat(obj["$date"])
    if "$cls" in obj and len(obj) == 1:
        found = _classes().get(obj["$cls"])
        if found is None:
            raise CodecError("unknown class")
        return found
    if "$dc" in obj and len(obj) == 2 and isinstance(obj.get("$f"), dict):
        cls = _classes().get(obj["$dc"])
        if cls is None:
            raise CodecError("unknown model")
        try:
            return cls(**obj["$f"])
        except TypeError as exc:
            raise CodecError(str(exc)) from None
    raise CodecError("unknown tag")


def dumps(value: Any) -> bytes:
    """Compact JSON of a model, its parts or a plain structure (CodecError if impossible)."""
    return json.dumps(_encode(value), ensure_ascii=False, separators=(",", ":")).encode()


def loads(raw: bytes) -> Any:
    """The value `dumps` wrote (CodecError or ValueError for anything else)."""
    return json.loads(raw, object_hook=_decode_object)
