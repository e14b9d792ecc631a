"""Reading a data file (catalogue, providers) once: validate, check consistency, cache.

A data file that passed every check is cached by a hash of its bytes (and of whatever
else its checks depend on), so later runs skip YAML and pydantic altogether.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from qplan import cache
from qplan.errors import InputError
from qplan.findings import Finding
from qplan.positions import Node, node_at, position

T = TypeVar("T")
Consistency = Callable[[Any, "Node | None"], list[Finding]]
Problem = tuple[str, str, tuple[str | int, ...]]  # code, message, path into the file


def duplicate_ids(code: str, sections: dict[str, Sequence[Any]]) -> Iterator[Problem]:
    """Every id used twice within a section, at its second place."""
    for section, items in sections.items():
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if item.id in seen:
                yield (
                    code,
                    f"Kennung „{item.id}“ in „{section}“ doppelt (zuerst Eintrag {seen[item.id] + 1}).",
                    (section, index, "id"),
                )
            else:
                seen[item.id] = index


def located(problems: Iterable[Problem], root: Node | None) -> list[Finding]:
    """Problems as error findings, each at its line when the node tree is known."""
    findings = []
    for code, message, anchor in problems:
        line = column = None
        if root is not None:
            line, column = position(node_at(root, anchor)[0])
        findings.append(Finding(code, "error", message, line, column))
    return findings


@dataclass(frozen=True)
class Report(Generic[T]):
    label: str
    value: T | None
    findings: tuple[Finding, ...]

    @property
    def usable(self) -> bool:
        """The file could be read and matches the schema (consistency aside)."""
        return self.value is not None

    @property
    def ok(self) -> bool:
        return self.value is not None and not any(f.severity == "error" for f in self.findings)


def check(
    model: type[T], source: Path | str, *, max_bytes: int, consistency: Consistency, raw: bytes | None = None
) -> Report[T]:
    """Read, validate and check a data file without the cache."""
    collecting = gc.isenabled()
    gc.disable()  # the node tree and the data hold no cycles; see `load` below
    try:
        return _check(model, source, max_bytes=max_bytes, consistency=consistency, raw=raw)
    finally:
        if collecting:
            gc.enable()


def _check(
    model: type[T], source: Path | str, *, max_bytes: int, consistency: Consistency, raw: bytes | None
) -> Report[T]:
    from qplan.loader import load_model, read_source, validate_parsed
    from qplan.yamlsafe import ParsedYaml

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
    findings.extend(f.at(label) for f in consistency(loaded.value, loaded.root))
    return Report(label, loaded.value, tuple(findings))


def load(
    model: type[T],
    path: Path,
    *,
    kind: str,
    max_bytes: int,
    consistency: Consistency,
    what: str,
    check_command: str,
    depends_on: bytes = b"",
) -> T:
    """The file's model for a command; InputError (exit 2) when it cannot be used."""
    try:
        raw = path.read_bytes() if str(path) != "-" else None
    except OSError:
        raw = None
    key = cache.key_for(raw + depends_on, kind) if raw is not None else None
    if key is not None:
        cached = cache.load(key)
        if isinstance(cached, model):
            _keep(cached)
            return cached
    report = check(model, path, max_bytes=max_bytes, consistency=consistency, raw=raw)
    if not report.ok or report.value is None:
        raise InputError(
            f"{what} {report.label} ist nicht verwendbar (Einzelheiten: {check_command}).", report.findings
        )
    if key is not None:
        cache.store(key, report.value)
    _keep(report.value)
    return report.value


def _keep(value: object) -> None:
    """The loaded data lives until the command ends and holds no reference cycles: move it
    out of the cyclic collector's sight, or every later collection walks all of it again
    (with 5,000 offers that cost 0.3 s)."""
    gc.freeze()
