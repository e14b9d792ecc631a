"""One loader for every YAML file qplan reads: bytes → parsed YAML → validated model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from qplan.findings import UNUSABLE, Finding
from qplan.loading.files import read_source
from qplan.loading.reader import ParsedYaml, parse_yaml
from qplan.loading.sourcemap import SourceMap
from qplan.loading.validation import validate

T = TypeVar("T")

MAX_PLAN_BYTES = 1 << 20  # a plan with every module of the programme is about 2 KiB


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """A model read from a file, with its source map and every finding of the file itself."""

    label: str
    value: T | None
    source: SourceMap | None
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")


Prepare = Callable[[Any], Any]  # parsed data → the data to validate (fills in defaults)


def load_model(model: type[T], raw: bytes, label: str, *, max_bytes: int, prepare: Prepare | None = None) -> Loaded[T]:
    """Parse and validate; all findings carry `label` as their path."""
    return validate_parsed(model, parse_yaml(raw, max_bytes=max_bytes), label, prepare)


def load_file(model: type[T], source: str | Path, *, max_bytes: int, prepare: Prepare | None = None) -> Loaded[T]:
    label, raw = read_source(source, max_bytes)
    if isinstance(raw, ParsedYaml):
        return validate_parsed(model, raw, label, prepare)
    return load_model(model, raw, label, max_bytes=max_bytes, prepare=prepare)


# What each kind of file looks like at its top level, and the command that reads it.
_KINDS = {
    "PlanDocument": ("ein Plan-Dokument", ("format", "modules"), "qplan check DATEI oder qplan show DATEI"),
    "Catalog": ("ein Katalog", ("schema_version", "tracks", "modules"), "qplan catalog check DATEI"),
    "ProviderCatalog": ("eine Anbieterdatei", ("providers", "offers"), "qplan providers check DATEI"),
    "FundingRules": ("eine Datei der Förderregeln", ("share", "cap_per_participation"), "qplan funding check DATEI"),
}


def _wrong_kind(model: type, data: Any) -> str | None:
    """A sentence when the data is plainly another kind of qplan file than `model` expects."""
    if not isinstance(data, dict):
        return None
    wanted = _KINDS.get(model.__name__)
    if wanted is None or all(key in data for key in wanted[1]):
        return None
    for name, (what, keys, command) in _KINDS.items():
        if name != model.__name__ and all(key in data for key in keys):
            return f"Die Datei sieht aus wie {what}, nicht wie {wanted[0]}; sie passt zu: {command}."
    return None


def validate_parsed(model: type[T], parsed: ParsedYaml, label: str, prepare: Prepare | None = None) -> Loaded[T]:
    findings = list(parsed.findings)
    value = None
    other = _wrong_kind(model, parsed.data) if parsed.usable else None
    if other is not None:
        findings.append(Finding(UNUSABLE, "error", other, 1, 1))
    elif parsed.usable and parsed.source is not None:
        data = prepare(parsed.data) if prepare is not None else parsed.data
        value, problems = validate(model, data, parsed.source)
        findings.extend(problems)
    return Loaded(label, value, parsed.source, tuple(f.at(label) for f in findings))
