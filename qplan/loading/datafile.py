"""Reading a data file (catalogue, providers) once: read, validate, check consistency.

The consistency checks are rules (`qplan.rules.catalog`, `qplan.rules.providers`) handed
in by the run layer; they return findings with anchors, placed here by the source map.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from qplan.findings import Finding
from qplan.loading.files import read_source
from qplan.loading.loader import load_model, validate_parsed
from qplan.loading.reader import ParsedYaml
from qplan.loading.sourcemap import place
from qplan.models.results import Report

T = TypeVar("T")
Consistency = Callable[[Any], list[Finding]]


def check(
    model: type[T], source: Path | str, *, max_bytes: int, consistency: Consistency, raw: bytes | None = None
) -> Report[T]:
    """Read, validate and check a data file (`raw`: its bytes, if already read)."""
    label = str(source)
    data: bytes | ParsedYaml
    if raw is None:
        label, data = read_source(source, max_bytes)
    else:
        data = raw
    if isinstance(data, ParsedYaml):
        loaded = validate_parsed(model, data, label)
    else:
        loaded = load_model(model, data, label, max_bytes=max_bytes)
    findings = list(loaded.findings)
    if loaded.value is None or any(f.severity == "error" for f in loaded.findings):
        return Report(label, None, tuple(findings))
    findings.extend(f.at(label) for f in place(consistency(loaded.value), loaded.source))
    return Report(label, loaded.value, tuple(findings))
