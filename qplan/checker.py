"""Batch checks: many plan documents in one process, every file gets its findings."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from qplan.errors import UsageError
from qplan.evaluate import evaluate
from qplan.findings import Finding, sort_key
from qplan.loader import MAX_PLAN_BYTES, load_file
from qplan.models.catalog import Catalog
from qplan.models.plan import ENTRY_KEY_ORDER, PlanDocument
from qplan.models.providers import ProviderCatalog
from qplan.yamlfast.layout import Layout

# Plan files as `qplan plan --out` writes them are read fastest (`qplan.yamlfast`).
PLAN_LAYOUT = Layout("modules", ENTRY_KEY_ORDER)


@dataclass(frozen=True, slots=True)
class FileResult:
    path: str
    findings: tuple[Finding, ...]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def ok(self, strict: bool = False) -> bool:
        return not self.count("error") and not (strict and self.count("warning"))


@dataclass(frozen=True)
class RunResult:
    files: tuple[FileResult, ...]
    strict: bool = False

    @property
    def ok(self) -> bool:
        return all(f.ok(self.strict) for f in self.files)

    def count(self, severity: str) -> int:
        return sum(f.count(severity) for f in self.files)


def _yaml_files(folder: str) -> list[str]:
    """*.yaml and *.yml below a folder, sorted; os.scandir needs no stat per file."""
    found: list[str] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.name.endswith((".yaml", ".yml")) and entry.is_file():
                found.append(entry.path)
    found.sort(key=lambda p: p.split(os.sep))
    return found


def expand_paths(paths: Sequence[str]) -> list[str]:
    """Files as given, folders searched for *.yaml/*.yml; a missing path is a usage error."""
    result: list[str] = []
    missing = []
    for raw in paths:
        if raw == "-":
            result.append(raw)
            continue
        path = Path(raw)
        if path.is_dir():
            result.extend(_yaml_files(raw))
        elif path.exists():
            result.append(raw)
        else:
            missing.append(raw)
    if missing:
        raise UsageError("Pfad nicht gefunden: " + ", ".join(missing))
    return result


def selector(select: Iterable[str], ignore: Iterable[str]) -> Callable[[str], bool]:
    """Whether a rule code is enabled; `QP3` selects every QP3xx code, as with linters."""
    chosen = tuple(s.upper() for s in select)
    dropped = tuple(s.upper() for s in ignore)

    def enabled(code: str) -> bool:
        if chosen and not code.startswith(chosen):
            return False
        return not (dropped and code.startswith(dropped))

    return enabled


def check_one(
    path: str,
    catalog: Catalog,
    *,
    today: date,
    enabled: Callable[[str], bool],
    codes: frozenset[str] | None = None,
    providers: Callable[[], ProviderCatalog | None] | None = None,
) -> FileResult:
    """Every finding of one file; `codes` are the enabled rule codes, if already known."""
    if codes is None:
        codes = enabled_codes(enabled)
    loaded = load_file(PlanDocument, path, max_bytes=MAX_PLAN_BYTES, fast=True, layout=PLAN_LAYOUT)
    findings = [f for f in loaded.findings if enabled(f.code)]
    if loaded.value is not None:
        offers = providers() if providers is not None and any(e.offer for e in loaded.value.modules) else None
        result = evaluate(
            loaded.value,
            catalog,
            today=today,
            root=loaded.root,
            enabled=codes,
            path=loaded.label,
            with_checks=False,
            providers=offers,
        )
        findings.extend(result.findings)
    findings.sort(key=sort_key)
    return FileResult(loaded.label, tuple(findings))


def enabled_codes(enabled: Callable[[str], bool]) -> frozenset[str]:
    from qplan.rules import RULES

    return frozenset(code for code in RULES if enabled(code))


def check_paths(
    paths: Sequence[str],
    catalog: Catalog,
    *,
    today: date,
    enabled: Callable[[str], bool],
    strict: bool = False,
    progress: Callable[[int], None] | None = None,
    providers: Callable[[], ProviderCatalog | None] | None = None,
) -> RunResult:
    results = []
    codes = enabled_codes(enabled)
    # The results of a large batch are many small long-lived objects; with the default
    # thresholds the cyclic collector re-walks all of them again and again, so a run
    # slows down as it goes. Checking a file creates no reference cycles that need it.
    gc.freeze()
    old = gc.get_threshold()
    gc.set_threshold(50_000, 50, 1_000)
    try:
        for path in paths:
            results.append(check_one(path, catalog, today=today, enabled=enabled, codes=codes, providers=providers))
            if progress is not None:
                progress(1)
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()
    return RunResult(tuple(results), strict)
