"""Finding, loading and caching the programme catalogue."""

from __future__ import annotations

import os
from pathlib import Path

from qplan import datafile
from qplan.datafile import Report
from qplan.findings import Finding
from qplan.models.catalog import Catalog
from qplan.positions import Node

ENV_VAR = "QPLAN_CATALOG"
MAX_CATALOG_BYTES = 4 << 20

CatalogReport = Report[Catalog]


def data_dir() -> Path:
    """The shipped data: inside the installed package, or `data/` of a source checkout."""
    packaged = Path(__file__).parent / "data"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "data"


def resolve_path(option: str | None) -> Path:
    """`--catalog`, else `QPLAN_CATALOG`, else the shipped catalogue."""
    chosen = option or os.environ.get(ENV_VAR)
    return Path(chosen) if chosen else data_dir() / "modules.yaml"


def _consistency(catalog: Catalog, root: Node | None) -> list[Finding]:
    from qplan.consistency import check_catalog

    return check_catalog(catalog, root)


def check_file(path: Path) -> CatalogReport:
    """Read, validate and check a catalogue without the cache."""
    return datafile.check(Catalog, path, max_bytes=MAX_CATALOG_BYTES, consistency=_consistency)


def load(option: str | None = None) -> Catalog:
    """The catalogue for a command; InputError (exit 2) when it cannot be used."""
    path = resolve_path(option)
    return datafile.load(
        Catalog,
        path,
        kind="catalog",
        max_bytes=MAX_CATALOG_BYTES,
        consistency=_consistency,
        what="Der Katalog",
        check_command=f"qplan catalog check {path}",
    )
