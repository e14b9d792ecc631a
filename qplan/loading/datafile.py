"""Reading a data file (catalogue, providers): bytes → parsed YAML → validated model.

Only reading: the consistency rules (`qplan.rules.catalog`, `qplan.rules.providers`) are
applied by the run layer, which holds both (`qplan.run.data`); nothing here calls back up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from qplan.loading.files import read_source
from qplan.loading.loader import Loaded, load_model, validate_parsed
from qplan.loading.reader import ParsedYaml

T = TypeVar("T")


def read(model: type[T], source: Path | str, *, max_bytes: int, raw: bytes | None = None) -> Loaded[T]:
    """Read and validate a data file (`raw`: its bytes, if already read)."""
    label = str(source)
    data: bytes | ParsedYaml
    if raw is None:
        label, data = read_source(source, max_bytes)
    else:
        data = raw
    if isinstance(data, ParsedYaml):
        return validate_parsed(model, data, label)
    return load_model(model, data, label, max_bytes=max_bytes)
