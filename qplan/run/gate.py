"""The write gate: a plan file qplan is about to write is checked first, with the rules and
the reader of `qplan check`, so that every file qplan writes passes its own check.

A document with errors is not written (`RulesBroken`, exit 1: the rules by code and German
name, each finding at its line) unless the person asks for it with `--force`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

from qplan.errors import EXIT_FINDINGS, InputError, UserError
from qplan.findings import Finding
from qplan.fsio import describe_os_error, write_atomic
from qplan.models.catalog import Catalog
from qplan.models.plan import PlanDocument
from qplan.models.providers import ProviderCatalog

# The providers file, loaded only when the document names an offer (as `check` does).
Providers = Callable[[], ProviderCatalog | None]


class RulesBroken(InputError):
    """The document about to be written breaks rules that `qplan check` reports as errors."""

    exit_code = EXIT_FINDINGS

    def __init__(self, path: str, findings: tuple[Finding, ...], *, forced_hint: bool = True) -> None:
        counts = Counter(f.code for f in findings)
        from qplan.rules import RULES

        lines = [
            f"  {code} {RULES[code].summary if code in RULES else ''}".rstrip() + (f" ({n}×)" if n > 1 else "")
            for code, n in sorted(counts.items())
        ]
        hint = "Abhilfe: die genannten Regeln erfüllen (`qplan rules CODE` erklärt jede)."
        message = (
            f"{path}: Der Plan hielte diese Regeln nicht ein; nichts geschrieben:\n" + "\n".join(lines) + f"\n{hint}"
        )
        super().__init__(message, findings)
        self.codes = tuple(sorted(counts))
        self.forceable = forced_hint  # the CLI says how to write it anyway


def errors_of(data: bytes, label: str, catalog: Catalog, *, today: date, providers: Providers) -> tuple[Finding, ...]:
    """The errors `qplan check` would report for `data` as the file `label`."""
    from qplan.loading.loader import MAX_PLAN_BYTES, load_model
    from qplan.loading.sourcemap import place
    from qplan.planning.shorthand import FillIn
    from qplan.rules.engine import evaluate
    from qplan.run.rules import rules_for

    loaded = load_model(PlanDocument, data, label, max_bytes=MAX_PLAN_BYTES, prepare=FillIn(catalog))
    findings = list(loaded.findings)
    doc = loaded.value
    if doc is not None:
        offers = providers() if any(e.offer for e in doc.modules) else None
        result = evaluate(
            doc, catalog, today=today, ruleset=rules_for(catalog), providers=offers, with_checks=False, path=label
        )
        findings.extend(f.at(label) for f in place(result.findings, loaded.source))
    return tuple(f for f in findings if f.severity == "error")


def gated_write(
    path: Path,
    data: bytes,
    catalog: Catalog,
    *,
    today: date,
    providers: Providers,
    force: bool,
    overwrite: bool,
) -> tuple[Finding, ...]:
    """Write `data` atomically if it passes the check (or `force`); the errors written anyway."""
    errors = errors_of(data, str(path), catalog, today=today, providers=providers)
    if errors and not force:
        raise RulesBroken(str(path), _on_disk(path, errors, catalog, today=today, providers=providers))
    try:
        write_atomic(path, data, overwrite=overwrite)
    except OSError as exc:
        raise UserError(f"{path}: {describe_os_error(exc, path.parent)}") from None
    return errors


def _on_disk(
    path: Path, errors: tuple[Finding, ...], catalog: Catalog, *, today: date, providers: Providers
) -> tuple[Finding, ...]:
    """The refused document's errors placed where the person can find them: one the file on
    disk has already at its place there; one the change would bring at its place in the
    changed text, named so (`plan.yaml (nach der Änderung):33:9`)."""
    try:
        before = path.read_bytes() if path.is_file() else None
    except OSError:
        before = None
    if before is None:
        return errors
    known: dict[tuple[str, str], list[Finding]] = {}
    for finding in errors_of(before, str(path), catalog, today=today, providers=providers):
        known.setdefault((finding.code, finding.message), []).append(finding)
    placed = []
    for finding in errors:
        same = known.get((finding.code, finding.message))
        placed.append(same.pop(0) if same else finding.at(f"{path} (nach der Änderung)"))
    return tuple(placed)


def providers_loader(option: str | None, catalog: Catalog, loaded: ProviderCatalog | None = None) -> Providers:
    """The providers `check` would use: `loaded` if given, else the file of `--providers`."""

    def load() -> ProviderCatalog | None:
        if loaded is not None:
            return loaded
        from qplan.run.data import load_providers

        return load_providers(option, catalog)

    return load
