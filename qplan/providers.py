"""Finding, checking and loading the providers file (Fortbildungsträger and their offers)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from qplan import datafile
from qplan.catalog import data_dir
from qplan.datafile import Problem as _Problem
from qplan.datafile import Report, duplicate_ids, located
from qplan.findings import Finding
from qplan.models.catalog import Catalog
from qplan.models.providers import ProviderCatalog
from qplan.positions import Node

ENV_VAR = "QPLAN_PROVIDERS"
MAX_PROVIDERS_BYTES = 32 << 20

PROVIDER_RULES: dict[str, str] = {
    "QA101": "Kennung eines Trägers oder Angebots doppelt vergeben",
    "QA102": "Angebot verweist auf einen Träger oder ein Modul, das es nicht gibt",
    "QA103": "Termine eines Angebots passen nicht zu seinen Modulen",
    "QA104": "Angebot in einer Form (inhouse, regional, zentral), die der Träger nicht anbietet",
}


def resolve_path(option: str | None) -> Path:
    """`--providers`, else `QPLAN_PROVIDERS`, else the shipped example providers."""
    chosen = option or os.environ.get(ENV_VAR)
    return Path(chosen) if chosen else data_dir() / "providers.yaml"


def check_providers(providers: ProviderCatalog, catalog: Catalog, root: Node | None = None) -> list[Finding]:
    return located(_problems(providers, catalog), root)


def _problems(providers: ProviderCatalog, catalog: Catalog) -> Iterator[_Problem]:
    yield from duplicate_ids("QA101", {"providers": providers.providers, "offers": providers.offers})
    known = providers.provider_by_id
    for index, offer in enumerate(providers.offers):
        provider = known.get(offer.provider)
        if provider is None:
            yield (
                "QA102",
                f"Angebot {offer.id}: Träger „{offer.provider}“ gibt es nicht.",
                ("offers", index, "provider"),
            )
        elif offer.setting not in provider.settings:
            yield (
                "QA104",
                f"Angebot {offer.id}: {provider.name} bietet „{offer.setting}“ nicht an "
                f"(nur {', '.join(provider.settings)}).",
                ("offers", index, "setting"),
            )
        for pos, module in enumerate(offer.modules):
            if module not in catalog.module_by_id:
                yield (
                    "QA102",
                    f"Angebot {offer.id}: Modul „{module}“ gibt es im Katalog nicht.",
                    ("offers", index, "modules", pos),
                )
        if not offer.modules:
            yield ("QA103", f"Angebot {offer.id} nennt kein Modul.", ("offers", index, "modules"))
        if offer.phase == "praesenz":
            if len(offer.dates) != len(offer.modules):
                yield (
                    "QA103",
                    f"Angebot {offer.id}: {len(offer.modules)} Module, aber {len(offer.dates)} Termine "
                    "(ein Präsenztag je Modul).",
                    ("offers", index, "dates"),
                )
            elif len(set(offer.dates)) != len(offer.dates):
                yield ("QA103", f"Angebot {offer.id}: zwei Module am selben Tag.", ("offers", index, "dates"))
        elif offer.start is None or offer.until is None or offer.until < offer.start:
            yield (
                "QA103",
                f"Angebot {offer.id}: ein Selbstlernangebot braucht ein Zeitfenster „start“ bis „until“.",
                ("offers", index, "phase"),
            )


def _consistency_for(catalog: Catalog):  # type: ignore[no-untyped-def]
    def consistency(providers: ProviderCatalog, root: Node | None) -> list[Finding]:
        return check_providers(providers, catalog, root)

    return consistency


def check_file(path: Path, catalog: Catalog) -> Report[ProviderCatalog]:
    return datafile.check(ProviderCatalog, path, max_bytes=MAX_PROVIDERS_BYTES, consistency=_consistency_for(catalog))


def load(option: str | None, catalog: Catalog) -> ProviderCatalog:
    """The providers for a command; InputError (exit 2) when the file cannot be used."""
    path = resolve_path(option)
    identity = hashlib.sha256(",".join(sorted(catalog.module_by_id)).encode()).digest()
    return datafile.load(
        ProviderCatalog,
        path,
        kind="providers",
        max_bytes=MAX_PROVIDERS_BYTES,
        consistency=_consistency_for(catalog),
        what="Die Anbieterdatei",
        check_command=f"qplan providers --check --providers {path}",
        depends_on=identity,
    )
