"""One loader for every YAML file qplan reads: bytes → parsed YAML → validated model."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from qplan.findings import Finding
from qplan.positions import Node
from qplan.validation import validate
from qplan.yamlsafe import ParsedYaml, parse_yaml, read_bytes

if TYPE_CHECKING:
    from qplan.yamlfast.layout import Layout

T = TypeVar("T")

MAX_PLAN_BYTES = 1 << 20  # a plan with every module of the programme is about 2 KiB
MAX_PROVIDERS_BYTES = 32 << 20


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """A model read from a file, with its node tree for positions and every finding."""

    label: str
    value: T | None
    root: Node | None
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")


def read_source(source: str | Path, max_bytes: int) -> tuple[str, bytes | ParsedYaml]:
    """Bytes of a file, or of standard input for `-`; the label names it in messages."""
    if str(source) == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            return "<stdin>", parse_yaml(data, max_bytes=max_bytes)
        return "<stdin>", data
    label = str(source)
    return label, read_bytes(label, max_bytes)


def load_model(
    model: type[T], raw: bytes, label: str, *, max_bytes: int, fast: bool = False, layout: Layout | None = None
) -> Loaded[T]:
    """Parse and validate; all findings carry `label` as their path (`fast`, `layout`: see parse_yaml)."""
    parsed = parse_yaml(raw, max_bytes=max_bytes, fast=fast, layout=layout)
    return validate_parsed(model, parsed, label)


def load_file(
    model: type[T], source: str | Path, *, max_bytes: int, fast: bool = False, layout: Layout | None = None
) -> Loaded[T]:
    label, raw = read_source(source, max_bytes)
    if isinstance(raw, ParsedYaml):
        return validate_parsed(model, raw, label)
    return load_model(model, raw, label, max_bytes=max_bytes, fast=fast, layout=layout)


def validate_parsed(model: type[T], parsed: ParsedYaml, label: str) -> Loaded[T]:
    findings = list(parsed.findings)
    value = None
    if parsed.usable and parsed.root is not None:
        value, problems = validate(model, parsed.data, parsed.root)
        findings.extend(problems)
    return Loaded(label, value, parsed.root, tuple(f.at(label) for f in findings))
