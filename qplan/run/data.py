"""The data files of a run: find, check, load and cache the catalogue and the providers file.

A data file that passed every check is cached by a hash of its bytes (and of whatever
else its checks depend on), so later runs skip YAML and pydantic altogether.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from qplan.errors import InputError
from qplan.findings import Finding
from qplan.loading import cache
from qplan.models.catalog import Catalog
from qplan.models.providers import ProviderCatalog
from qplan.models.results import Report
from qplan.run.memory import keep_for_the_run, no_cyclic_gc

if TYPE_CHECKING:
    from qplan.loading.datafile import Consistency

T = TypeVar("T")

CATALOG_ENV = "QPLAN_CATALOG"
PROVIDERS_ENV = "QPLAN_PROVIDERS"
MAX_CATALOG_BYTES = 4 << 20
MAX_PROVIDERS_BYTES = 32 << 20


def data_dir() -> Path:
    """The shipped data: inside the installed package, or `data/` of a source checkout."""
    package = Path(__file__).parent.parent
    packaged = package / "data"
    return packaged if packaged.is_dir() else package.parent / "data"


def catalog_path(option: str | None) -> Path:
    """The catalogue the user named, else `QPLAN_CATALOG`, else the shipped catalogue."""
    chosen = option or os.environ.get(CATALOG_ENV)
    return Path(chosen) if chosen else data_dir() / "modules.yaml"


def providers_path(option: str | None) -> Path:
    """The providers file the user named, else `QPLAN_PROVIDERS`, else the shipped example providers."""
    chosen = option or os.environ.get(PROVIDERS_ENV)
    return Path(chosen) if chosen else data_dir() / "providers.yaml"


def _catalog_rules(catalog: Catalog) -> list[Finding]:
    from qplan.rules.catalog import check_catalog

    return check_catalog(catalog)


def _providers_rules(catalog: Catalog) -> Consistency:
    from qplan.rules.providers import check_providers

    return lambda providers: check_providers(providers, catalog)


def check_catalog_file(path: Path, raw: bytes | None = None) -> Report[Catalog]:
    """Read (unless `raw` holds the bytes), validate and check a catalogue without the cache."""
    from qplan.loading import datafile  # YAML and pydantic: only here, never for a cached file

    with no_cyclic_gc():
        return datafile.check(Catalog, path, max_bytes=MAX_CATALOG_BYTES, consistency=_catalog_rules, raw=raw)


def check_providers_file(path: Path, catalog: Catalog, raw: bytes | None = None) -> Report[ProviderCatalog]:
    """Read (unless `raw` holds the bytes), validate and check a providers file without the cache."""
    from qplan.loading import datafile

    with no_cyclic_gc():
        return datafile.check(
            ProviderCatalog, path, max_bytes=MAX_PROVIDERS_BYTES, consistency=_providers_rules(catalog), raw=raw
        )


def load_catalog(option: str | None = None) -> Catalog:
    """The catalogue for a command; InputError (exit 2) when it cannot be used."""
    path = catalog_path(option)
    return _load(
        Catalog,
        path,
        kind="catalog",
        check=lambda raw: check_catalog_file(path, raw),
        what="Der Katalog",
        max_bytes=MAX_CATALOG_BYTES,
    )


def load_providers(option: str | None, catalog: Catalog) -> ProviderCatalog:
    """The providers for a command; InputError (exit 2) when the file cannot be used."""
    path = providers_path(option)
    identity = hashlib.sha256(",".join(sorted(catalog.module_by_id)).encode()).digest()
    return _load(
        ProviderCatalog,
        path,
        kind="providers",
        check=lambda raw: check_providers_file(path, catalog, raw),
        what="Die Anbieterdatei",
        max_bytes=MAX_PROVIDERS_BYTES,
        depends_on=identity,
    )


def _load(
    model: type[T],
    path: Path,
    *,
    kind: str,
    check: Callable[[bytes | None], Report[T]],
    what: str,
    max_bytes: int,
    depends_on: bytes = b"",
) -> T:
    from qplan.loading.files import read_capped

    raw = read_capped(path, max_bytes) if str(path) != "-" else None
    raw_bytes = raw if isinstance(raw, bytes) else None
    key = cache.key_for(raw_bytes + depends_on, kind) if raw_bytes is not None else None
    if key is not None:
        cached = cache.load(key, model)
        if cached is not None:
            keep_for_the_run()
            return cached
    report = check(raw_bytes)
    if not report.ok or report.value is None:
        raise InputError(f"{what} {report.label} ist nicht verwendbar.", report.findings, data_file=(kind, str(path)))
    if key is not None:
        cache.store(key, report.value)
    keep_for_the_run()
    return report.value
