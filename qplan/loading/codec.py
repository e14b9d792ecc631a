"""Plain-data encoding of validated models for the cache: JSON that cannot run code.

Dataclass instances, tuples, dates and class references are written as tagged JSON
objects; reading them back builds only the dataclasses of `qplan.models` (looked up by
name in a fixed table, never imported by a name from the file) through their own
constructors. Anything else in a cache entry makes it invalid.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
from datetime import date
from typing import Any


class CodecError(ValueError):
    """A value that cannot be encoded, or an entry that is not what qplan wrote."""


# The model modules whose dataclasses an entry may hold; each is imported when an entry
# first names one of its classes (a command that never reads an offer table never imports it).
_MODULES = ("catalog", "plan", "providers", "funding", "offer_table")
_CLASSES: dict[str, dict[str, type]] = {}


def _class(name: object) -> type | None:
    """The model dataclass called `name` (`qplan.models.<module>.<class>`), or None."""
    if not isinstance(name, str):
        return None
    module, _, qualname = name.rpartition(".")
    short = module.removeprefix("qplan.models.")
    if module != f"qplan.models.{short}" or short not in _MODULES:
        return None
    table = _CLASSES.get(short)
    if table is None:
        loaded = importlib.import_module(module)
        table = _CLASSES[short] = {
            value.__qualname__: value
            for value in vars(loaded).values()
            if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module
        }
    return table.get(qualname)


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
        if _class(name) is not value:
            raise CodecError(f"class {name} is not a model")
        return {"$cls": name}
    if dataclasses.is_dataclass(value):
        name = f"{type(value).__module__}.{type(value).__qualname__}"
        if _class(name) is not type(value):
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
        found = _class(obj["$cls"])
        if found is None:
            raise CodecError("unknown class")
        return found
    if "$dc" in obj and len(obj) == 2 and isinstance(obj.get("$f"), dict):
        cls = _class(obj["$dc"])
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
