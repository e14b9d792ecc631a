"""Consistency of the providers file (Fortbildungsträger and their offers): the QA rules."""

from __future__ import annotations

from collections.abc import Iterator

from qplan.findings import Finding
from qplan.models.catalog import Catalog
from qplan.models.providers import Offer, ProviderCatalog
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
declare(
    "QA105",
    "anbieter-teilmodul",
    "warning",
    "Angebot deckt ein Modul nur teilweise ab (weniger WSt als das Modul)",
    """Ein Angebot kann mit `wst` angeben, dass es ein Modul nur zum Teil abdeckt (z. B.
    `wst: {M01: 4}` bei einem Modul von 6 WSt). Der Rest des Moduls bleibt offen; qplan plant
    ein solches Angebot deshalb für dieses Modul nicht ein. Mehr WSt als das Modul hat, oder
    ein Modul, das das Angebot nicht nennt, ist ein Fehler.""",
    kind="providers",
)
declare(
    "QA106",
    "anbieter-prozessbegleitung",
    "warning",
    "Selbstlernangebot der Quartierskoordination ohne Prozessbegleitung",
    """Der Leitfaden sieht für die Quartierskoordination mehr Selbstlernen in einem begleiteten
    Praxisprojekt vor: „Dafür soll eine Prozessbegleitung sichergestellt werden.“ Ein
    Selbstlernangebot für ein Modul der Quartierskoordination nennt deshalb unter `begleitung`,
    wer das Praxisprojekt begleitet und wie.""",
    kind="providers",
)
declare(
    "QA107",
    "anbieter-pruefvermerk",
    "warning",
    "Prüfvermerk eines Angebots unvollständig (wer geprüft hat, warum abgelehnt)",
    """Bestehende Angebote werden daraufhin geprüft, welche Module sie abdecken (Leitfaden,
    Abschnitt 5). Ein Angebot mit `status: geprüft`, `aufgenommen` oder `abgelehnt` nennt unter
    `reviewer`, wer geprüft hat; ein abgelehntes nennt unter `reason` den Grund. Nur
    aufgenommene Angebote werden eingeplant.""",
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
        yield from _review(offer, index, catalog)


def _review(offer: Offer, index: int, catalog: Catalog) -> Iterator[_Problem]:
    """The intake review's own rules: partial modules, accompaniment, the review note."""
    for module, wst in offer.wst.items():
        full = catalog.module_by_id.get(module)
        if module not in offer.modules:
            yield (
                "QA102",
                f"Angebot {offer.id}: „wst“ nennt {module}, das Angebot aber nicht; nur Module des Angebots.",
                ("offers", index, "wst", module),
            )
        elif full is not None and wst > full.wst:
            yield (
                "QA102",
                f"Angebot {offer.id}: {module} hat {full.wst} WSt, „wst“ nennt {wst}; höchstens {full.wst}.",
                ("offers", index, "wst", module),
            )
        elif full is not None:
            yield (
                "QA105",
                f"Angebot {offer.id} deckt von {module} nur {wst} von {full.wst} WSt ab; "
                "es wird für dieses Modul nicht eingeplant.",
                ("offers", index, "wst", module),
            )
    if offer.phase == "selbstlern" and offer.begleitung is None:
        coordination = [
            m for m in offer.modules if "koordination" in getattr(catalog.module_by_id.get(m), "fields", ())
        ]
        if coordination:
            yield (
                "QA106",
                f"Angebot {offer.id} (Selbstlernen, {', '.join(coordination)}, Quartierskoordination) nennt "
                "keine Prozessbegleitung; bitte unter „begleitung“ angeben, wer das Praxisprojekt begleitet.",
                ("offers", index, "phase"),
            )
    if offer.status not in (None, "eingereicht") and offer.reviewer is None:
        yield (
            "QA107",
            f"Angebot {offer.id} ist „{offer.status}“, nennt aber nicht, wer geprüft hat („reviewer“).",
            ("offers", index, "status"),
        )
    if offer.status == "abgelehnt" and offer.reason is None:
        yield (
            "QA107",
            f"Angebot {offer.id} ist abgelehnt, nennt aber keinen Grund („reason“).",
            ("offers", index, "status"),
        )
