"""Finding, loading and caching the programme catalogue."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from qplan import cache
from qplan.errors import InputError
from qplan.findings import Finding
from qplan.models.catalog import Catalog

ENV_VAR = "QPLAN_CATALOG"


def data_dir() -> Path:
    """The shipped data: inside the installed package, or `data/` of a source checkout."""
    packaged = Path(__file__).parent / "data"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "data"


def resolve_path(option: str | None) -> Path:
    """`--catalog`, else `QPLAN_CATALOG`, else the shipped catalogue."""
    chosen = option or os.environ.get(ENV_VAR)
    return Path(chosen) if chosen else data_dir() / "modules.yaml"


@dataclass(frozen=True)
class CatalogReport:
    label: str
    catalog: Catalog | None
    findings: tuple[Finding, ...]

    @property
    def usable(self) -> bool:
        """The file could be read and matches the schema (consistency aside)."""
        return self.catalog is not None

    @property
    def ok(self) -> bool:
        return self.catalog is not None and not any(f.severity == "error" for f in self.findings)


def check_file(path: Path) -> CatalogReport:
    """Read, validate and check a catalogue without the cache."""
    from qplan.loader import MAX_CATALOG_BYTES, read_source

    label, raw = read_source(path, MAX_CATALOG_BYTES)
    return _check_raw(label, raw)


def _check_raw(label: str, raw: object) -> CatalogReport:
    from qplan.consistency import check_catalog
    from qplan.loader import MAX_CATALOG_BYTES, _validate, load_model
    from qplan.yamlsafe import ParsedYaml

    if isinstance(raw, ParsedYaml):
        loaded = _validate(Catalog, raw, label)
    else:
        assert isinstance(raw, bytes)
        loaded = load_model(Catalog, raw, label, max_bytes=MAX_CATALOG_BYTES)
    findings = list(loaded.findings)
    if loaded.value is not None:
        findings.extend(f.at(label) for f in check_catalog(loaded.value, loaded.root))
        if any(f.severity == "error" for f in loaded.findings):
            return CatalogReport(label, None, tuple(findings))
    return CatalogReport(label, loaded.value, tuple(findings))


def load(option: str | None = None) -> Catalog:
    """The catalogue for a command; InputError (exit 2) when it cannot be used."""
    path = resolve_path(option)
    try:
        raw = path.read_bytes() if str(path) != "-" else None
    except OSError:
        raw = None
    key = cache.key_for(raw, "catalog") if raw is not None else None
    if key is not None:
        cached = cache.load(key)
        if isinstance(cached, Catalog):
            return cached
    report = _check_raw(str(path), raw) if raw is not None else check_file(path)
    if not report.ok or report.catalog is None:
        raise InputError(
            f"Der Katalog {report.label} ist nicht verwendbar (Einzelheiten: qplan catalog check {report.label}).",
            report.findings,
        )
    if key is not None:
        cache.store(key, report.catalog)
    return report.catalog
