"""Consistency of the providers file (Fortbildungsträger and their offers): the QA rules."""

from __future__ import annotations

from collections.abc import Iterator

from qplan.findings import Finding
from qplan.models.catalog import Catalog
from qplan.models.providers import ProviderCatalog
from qplan.rules.datafiles import Problem as _Problem
from qplan.rules.datafiles import as_findings, duplicate_ids
from qplan.rules.registry import declare

declare(
    "QA101",
    "anbieter-kennung-doppelt",
    "error",
    "Kennung eines Trägers oder Angebots doppelt vergeben",
    """Jeder Träger und jedes Angebot hat in der Anbieterdatei eine eigene Kennung; ein Plan
    verweist mit `offer` darauf.""",
    kind="providers",
)
declare(
    "QA102",
    "anbieter-verweis",
    "error",
    "Angebot verweist auf einen Träger oder ein Modul, das es nicht gibt",
    """Ein Angebot nennt einen Träger der Datei und Module des Katalogs.""",
    kind="providers",
)
declare(
    "QA103",
    "anbieter-termine",
    "error",
    "Termine eines Angebots passen nicht zu seinen Modulen",
    """Ein Präsenzangebot hat je Modul einen eigenen Präsenztag; ein Selbstlernangebot ein
    Zeitfenster von `start` bis `until`. Jedes Modul steht in einem Angebot einmal.""",
    kind="providers",
)
declare(
    "QA104",
    "anbieter-form",
    "error",
    "Angebot in einer Form (inhouse, regional, zentral), die der Träger nicht anbietet",
    """Die Form eines Angebots (`setting`) gehört zu den Formen, die sein Träger anbietet.""",
    kind="providers",
)


def check_providers(providers: ProviderCatalog, catalog: Catalog) -> list[Finding]:
    """Every inconsistency of the providers file, each anchored at its place."""
    return as_findings(_problems(providers, catalog))


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
        seen: set[str] = set()
        for pos, module in enumerate(offer.modules):
            if module in seen:
                yield (
                    "QA103",
                    f"Angebot {offer.id}: Modul {module} steht zweimal im Angebot; einmal nennen.",
                    ("offers", index, "modules", pos),
                )
            seen.add(module)
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
