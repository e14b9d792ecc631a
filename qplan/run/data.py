"""The data files of a run: find, check, load and cache the catalogue, the providers file and
the funding rules.

One straight path: bytes → cache → (on a miss) read and validate (`qplan.loading`) → the
consistency rules (`qplan.rules`) → findings placed at their lines → store. A data file that
passed every check is cached by a hash of its bytes (and of whatever else its checks depend
on), so later runs skip YAML and pydantic altogether.
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
from qplan.models.funding import FundingRules
from qplan.models.providers import ProviderCatalog
from qplan.models.results import Report
from qplan.run.memory import keep_for_the_run, no_cyclic_gc

if TYPE_CHECKING:
    from qplan.models.offer_table import OfferTable  # (imported where a table is read: start-up)

T = TypeVar("T")

CATALOG_ENV = "QPLAN_CATALOG"
PROVIDERS_ENV = "QPLAN_PROVIDERS"
FUNDING_ENV = "QPLAN_FUNDING"
MAX_CATALOG_BYTES = 4 << 20
MAX_PROVIDERS_BYTES = 32 << 20
MAX_FUNDING_BYTES = 256 << 10


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


def funding_path(option: str | None) -> Path:
    """`--funding`, else `QPLAN_FUNDING`, else the shipped (fictional) funding rules."""
    chosen = option or os.environ.get(FUNDING_ENV)
    return Path(chosen) if chosen else data_dir() / "funding.yaml"


def check_catalog_file(path: Path, raw: bytes | None = None) -> Report[Catalog]:
    """Read (unless `raw` holds the bytes), validate and check a catalogue without the cache."""
    from qplan.rules.catalog import check_catalog

    return _read_and_check(Catalog, path, MAX_CATALOG_BYTES, raw, check_catalog)


def check_providers_file(path: Path, catalog: Catalog, raw: bytes | None = None) -> Report[ProviderCatalog]:
    """Read (unless `raw` holds the bytes), validate and check a providers file without the cache."""
    from qplan.rules.providers import check_providers

    return _read_and_check(ProviderCatalog, path, MAX_PROVIDERS_BYTES, raw, lambda p: check_providers(p, catalog))


def check_funding_file(path: Path, raw: bytes | None = None) -> Report[FundingRules]:
    """Read (unless `raw` holds the bytes), validate and check funding rules without the cache."""
    from qplan.rules.funding import check_funding

    return _read_and_check(FundingRules, path, MAX_FUNDING_BYTES, raw, check_funding)


def _read_and_check(
    model: type[T], path: Path, max_bytes: int, raw: bytes | None, rules: Callable[[T], list[Finding]]
) -> Report[T]:
    """read → validate → check → place: the findings of the file and of its consistency rules."""
    from qplan.loading import datafile  # YAML and pydantic: only here, never for a cached file
    from qplan.loading.sourcemap import place

    with no_cyclic_gc():
        loaded = datafile.read(model, path, max_bytes=max_bytes, raw=raw)
        if loaded.value is None or loaded.errors:
            return Report(loaded.label, None, loaded.findings)
        placed = place(rules(loaded.value), loaded.source)
    return Report(loaded.label, loaded.value, (*loaded.findings, *(f.at(loaded.label) for f in placed)))


def load_catalog(option: str | None = None) -> Catalog:
    """The catalogue for a command; InputError (exit 2) when it cannot be used."""
    path = catalog_path(option)
    return _load(Catalog, "catalog", "Der Katalog", path, MAX_CATALOG_BYTES, lambda raw: check_catalog_file(path, raw))


def load_providers(option: str | None, catalog: Catalog) -> ProviderCatalog:
    """The providers for a command; InputError (exit 2) when the file cannot be used.

    Cached by the file's bytes and the catalogue's modules (its checks depend on them)."""
    table, objects = _providers(option, catalog)
    return objects if objects is not None else table.to_catalog()


def load_offer_table(option: str | None, catalog: Catalog) -> OfferTable:
    """The providers as columns (`qplan.models.offer_table`), what the offer choice needs:
    from the cache without building an object per offer. InputError as `load_providers`."""
    return _providers(option, catalog)[0]


def _providers(option: str | None, catalog: Catalog) -> tuple[OfferTable, ProviderCatalog | None]:
    """The cached table of the providers file; else the file read, checked, its table built
    once and stored, and its objects as read (None: from the cache, built only if asked for).
    The cache holds the compact form (`qplan.loading.compact` checks it when read)."""
    from qplan.loading.compact import intact
    from qplan.models.offer_table import OfferTable

    path = providers_path(option)
    identity = _modules_identity(catalog)
    raw = _bytes(path, MAX_PROVIDERS_BYTES)
    key = cache.key_for(raw + identity, "providers") if raw is not None else None
    cached = cache.load(key, OfferTable, check=intact) if key is not None else None
    if cached is not None:
        keep_for_the_run()
        return cached, None
    value = _usable(check_providers_file(path, catalog, raw), "providers", "Die Anbieterdatei", path, None)
    table = OfferTable.of(value)
    if key is not None:
        cache.store(key, table)
    return table, value


def load_funding(option: str | None = None) -> FundingRules:
    """The funding rules for a command; InputError (exit 2) when the file cannot be used."""
    path = funding_path(option)
    what = "Die Datei der Förderregeln"
    return _load(FundingRules, "funding", what, path, MAX_FUNDING_BYTES, lambda raw: check_funding_file(path, raw))


def _load(
    model: type[T],
    kind: str,
    what: str,
    path: Path,
    max_bytes: int,
    check: Callable[[bytes | None], Report[T]],
) -> T:
    """bytes → cache (keyed by the bytes) → on a miss `check(bytes)` → store."""
    raw = _bytes(path, max_bytes)
    key = cache.key_for(raw, kind) if raw is not None else None
    cached = cache.load(key, model) if key is not None else None
    if cached is not None:
        keep_for_the_run()
        return cached
    return _usable(check(raw), kind, what, path, key)


def _bytes(path: Path, max_bytes: int) -> bytes | None:
    """The file's bytes, or None for stdin or a file the reader will explain."""
    from qplan.loading.files import read_capped

    raw = read_capped(path, max_bytes) if str(path) != "-" else None
    return raw if isinstance(raw, bytes) else None


def _usable(report: Report[T], kind: str, what: str, path: Path, key: str | None) -> T:
    """The checked value, stored in the cache; InputError when it cannot be used."""
    if not report.ok or report.value is None:
        raise InputError(f"{what} {report.label} ist nicht verwendbar.", report.findings, data_file=(kind, str(path)))
    if key is not None:
        cache.store(key, report.value)
    keep_for_the_run()
    return report.value


def _modules_identity(catalog: Catalog) -> bytes:
    """What the providers' checks read of the catalogue (QA101–QA106 read each module's id,
    WSt and task fields): all of every module, so that a catalogue with other WSt never reuses
    a table checked against another (a stable text: sets sorted, dates as text)."""
    import dataclasses
    import json

    def stable(value: object) -> object:
        return sorted(value, key=str) if isinstance(value, set | frozenset) else str(value)

    modules = [dataclasses.asdict(catalog.module_by_id[m]) for m in sorted(catalog.module_by_id)]
    return hashlib.sha256(json.dumps(modules, sort_keys=True, default=stable).encode()).digest()


class Providers:
    """The providers file of a run: read on first use (a plan without offers never reads it),
    then kept. The one handle every command uses for it."""

    def __init__(self, option: str | None, catalog: Catalog) -> None:
        self.option = option  # the file the user named; None: QPLAN_PROVIDERS, else the shipped one
        self.catalog = catalog
        self._table: OfferTable | None = None
        self._objects: ProviderCatalog | None = None

    def get(self) -> ProviderCatalog:
        """Every provider and offer as objects."""
        table = self.table()
        if self._objects is None:
            self._objects = table.to_catalog()
        return self._objects

    def table(self) -> OfferTable:
        """The offers as columns (what the offer choice needs; see `load_offer_table`)."""
        if self._table is None:
            self._table, self._objects = _providers(self.option, self.catalog)
        return self._table

    @property
    def examples(self) -> bool:
        """Whether these are the shipped, fictional example providers."""
        return self.option is None and not os.environ.get(PROVIDERS_ENV)
