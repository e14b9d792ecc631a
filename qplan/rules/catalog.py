"""Consistency of a catalogue: ids, references, hours per Lernbereich, track budgets.

The coordinating office edits the catalogue (a new edition, changed hours); these checks
run on every load of a changed file and on demand with `qplan catalog check`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from qplan.findings import Finding
from qplan.models.catalog import Catalog, Track
from qplan.models.plan import PlanDocument, PlanEntry
from qplan.rules.catalog_migration import migration_problems
from qplan.rules.datafiles import Problem as _Problem
from qplan.rules.datafiles import as_findings, duplicate_ids
from qplan.rules.registry import declare

declare(
    "QK101",
    "katalog-kennung-doppelt",
    "error",
    "Kennung doppelt vergeben",
    """Jede Kennung (Lernbereich, Aufgabenfeld, Format, Modul, Spur, Umsetzungsphase) kommt im
    Katalog einmal vor; sonst ist unklar, welcher Eintrag gemeint ist.""",
    kind="catalog",
)
declare(
    "QK102",
    "katalog-verweis",
    "error",
    "Verweis auf etwas, das es im Katalog nicht gibt",
    """Module verweisen auf Lernbereiche, Formate und Aufgabenfelder, Spuren auf Module; jeder
    Verweis muss auf einen Eintrag des Katalogs zeigen, und jedes Format braucht seine Spuren.""",
    kind="catalog",
)
declare(
    "QK103",
    "katalog-lernbereich-wst",
    "error",
    "WSt eines Lernbereichs stimmen nicht mit seiner genannten Summe überein",
    """Die Basismodule eines Lernbereichs ergeben zusammen die unter `basis_wst` genannten WSt
    (Lernbereich 1: 12 WSt, 2–5: je 24 WSt).""",
    kind="catalog",
)
declare(
    "QK104",
    "katalog-spur-budget",
    "error",
    "Referenzzusammenstellung einer Spur verletzt deren eigene Regeln",
    """Die Module einer Spur, in ihren Phasen, müssen die Budgets der Spur einhalten (geprüft mit
    denselben Regeln wie Pläne, QP1xx und QP2xx).""",
    kind="catalog",
)
declare(
    "QK105",
    "katalog-phase-doppelt",
    "error",
    "Modul in einer Spur zugleich Präsenz und Selbstlernen",
    """Ein Modul steht in einer Spur entweder unter Präsenz oder unter Selbstlernen.""",
    kind="catalog",
)


# Where a failed budget rule points in the catalogue: the budget line it contradicts.
_BUDGET_KEYS = {
    "QP201": "wst",
    "QP202": "praesenz",
    "QP203": "selbstlern",
    "QP204": "presence_share",
    "QP205": "max_days",
}


declare(
    "QK106",
    "katalog-kompetenz-verweis",
    "error",
    "Kompetenzzuordnung verweist auf etwas, das es nicht gibt",
    """Die Zuordnung (`competence_map`) nennt nur Kompetenzen aus Abschnitt 4 (Text wörtlich),
    nur Module des Katalogs und nur Umsetzungsphasen unter `implementation_phases`.""",
    kind="catalog",
)
declare(
    "QK107",
    "katalog-kompetenz-luecke",
    "error",
    "Modul ohne Kompetenz oder Kompetenz, die ein Aufgabenfeld nicht erreicht",
    """Jedes Modul entwickelt mindestens eine Kompetenz, und jede Kompetenz wird von mindestens einem
    Basismodul jedes Aufgabenfeldes erreicht.""",
    kind="catalog",
)

declare(
    "QK109",
    "katalog-team-rolle",
    "error",
    "Zielgruppe der Teams ohne Rolle der Beratung",
    """Unter `teams.target_groups` steht jede Zielgruppe (kommunal, fachkraefte, ehrenamt) für eine
    Antwort der Frage `rolle` der Beratung (`advisor`); sonst bekäme ein Teammitglied dieser
    Zielgruppe keine Empfehlung.""",
    kind="catalog",
)


declare(
    "QK108",
    "katalog-zeitrahmen",
    "error",
    "Zeitangaben einer Spur oder des Takts widersprechen einander",
    """Der Abstand der Veranstaltungen (`interval_months`) passt in den Zeitraum der Spur
    (`duration_months`); im Takt liegt `min_months` nicht über `max_months`. Die Obergrenzen
    jeder Zahl (Monate, Tage einer Veranstaltung) prüft schon das Schema.""",
    kind="catalog",
)


def check_catalog(catalog: Catalog) -> list[Finding]:
    """Every inconsistency, each anchored at its place in the file."""
    return as_findings(_problems(catalog))


def _problems(catalog: Catalog) -> Iterator[_Problem]:
    yield from _unique_ids(catalog)
    yield from _references(catalog)
    yield from _area_hours(catalog)
    for index, track in enumerate(catalog.tracks):
        yield from _track_budget(catalog, index, track)
    yield from _competence_map(catalog)
    yield from migration_problems(catalog)
    yield from _time_frame(catalog)
    yield from _teams(catalog)


def _time_frame(catalog: Catalog) -> Iterator[_Problem]:
    cadence = catalog.schedule_frame.cadence
    if cadence is not None and cadence.min_months > cadence.max_months:
        yield (
            "QK108",
            f"Takt: min_months {cadence.min_months} liegt über max_months {cadence.max_months}.",
            ("schedule_frame", "cadence", "min_months"),
        )
    for index, track in enumerate(catalog.tracks):
        schedule = track.schedule
        if schedule.duration_months is not None and schedule.interval_months > schedule.duration_months:
            yield (
                "QK108",
                f"Spur {track.id}: Abstand {schedule.interval_months} Monate ist länger als der Zeitraum "
                f"von {schedule.duration_months} Monaten.",
                ("tracks", index, "schedule", "interval_months"),
            )


def _teams(catalog: Catalog) -> Iterator[_Problem]:
    if catalog.teams is None:
        return
    advisor = catalog.advisor
    roles = {a.id for q in advisor.questions if q.id == "rolle" for a in q.answers} if advisor else set()
    for group, role in catalog.teams.target_groups.items():
        if role not in roles:
            known = ", ".join(sorted(roles)) or "keine (der Katalog hat keine Beratung)"
            yield (
                "QK109",
                f"Zielgruppe {group}: Rolle „{role}“ kennt die Beratung nicht (bekannt: {known}).",
                ("teams", "target_groups", group),
            )


def _competence_map(catalog: Catalog) -> Iterator[_Problem]:
    mapping = catalog.competence_map
    if mapping is None:
        return
    listed = set(catalog.competences.fach) | set(catalog.competences.methoden)
    ids = {c.id for c in mapping.competences}
    for index, ref in enumerate(mapping.competences):
        if ref.text not in listed:
            yield (
                "QK106",
                f"Kompetenz {ref.id}: „{ref.text}“ steht nicht in Abschnitt 4.",
                ("competence_map", "competences", index, "text"),
            )
    phases = {p.id for p in catalog.implementation_phases}
    for module_id, entry in mapping.modules.items():
        where: tuple[str | int, ...] = ("competence_map", "modules", module_id)
        if module_id not in catalog.module_by_id:
            yield ("QK106", f"Kompetenzzuordnung: Modul „{module_id}“ gibt es nicht.", where)
        for competence in entry.develops:
            if competence not in ids:
                yield ("QK106", f"Modul {module_id}: Kompetenz „{competence}“ gibt es nicht.", (*where, "develops"))
        for phase in entry.prepares:
            if phase not in phases:
                yield ("QK106", f"Modul {module_id}: Umsetzungsphase „{phase}“ gibt es nicht.", (*where, "prepares"))
        if not entry.develops:
            yield ("QK107", f"Modul {module_id} entwickelt keine Kompetenz.", where)
    for module in catalog.modules:
        if module.id not in mapping.modules:
            yield ("QK107", f"Modul {module.id} fehlt in der Kompetenzzuordnung.", ("competence_map", "modules"))
    for field in catalog.fields:
        reached = {
            competence
            for module in catalog.modules
            if module.format == "basis" and field.id in module.fields and module.id in mapping.modules
            for competence in mapping.modules[module.id].develops
        }
        for competence in sorted(ids - reached):
            yield (
                "QK107",
                f"Kompetenz {competence} wird von keinem Basismodul der {field.name} erreicht.",
                ("competence_map", "competences"),
            )


def _unique_ids(catalog: Catalog) -> Iterator[_Problem]:
    yield from duplicate_ids(
        "QK101",
        {
            "areas": catalog.areas,
            "fields": catalog.fields,
            "formats": catalog.formats,
            "modules": catalog.modules,
            "tracks": catalog.tracks,
            "implementation_phases": catalog.implementation_phases,
        },
    )


def _references(catalog: Catalog) -> Iterator[_Problem]:
    modules = catalog.module_by_id
    for index, module in enumerate(catalog.modules):
        if module.area is not None and module.area not in catalog.area_by_id:
            yield (
                "QK102",
                f"Modul {module.id}: Lernbereich „{module.area}“ gibt es nicht.",
                ("modules", index, "area"),
            )
        if module.format not in catalog.format_by_id:
            yield (
                "QK102",
                f"Modul {module.id}: Format „{module.format}“ fehlt unter „formats“.",
                ("modules", index, "format"),
            )
        for field in module.fields:
            if field not in catalog.field_by_id:
                yield (
                    "QK102",
                    f"Modul {module.id}: Aufgabenfeld „{field}“ fehlt unter „fields“.",
                    ("modules", index, "fields"),
                )
        if module.format == "basis" and (module.area is None or not module.fields):
            yield (
                "QK102",
                f"Basismodul {module.id} braucht einen Lernbereich und mindestens ein Aufgabenfeld.",
                ("modules", index),
            )
    for index, area in enumerate(catalog.areas):
        target = modules.get(area.grundlagen_module)
        if target is None:
            yield (
                "QK102",
                f"Lernbereich {area.id}: Grundlagenmodul „{area.grundlagen_module}“ gibt es nicht.",
                ("areas", index, "grundlagen_module"),
            )
        elif target.area != area.id:
            yield (
                "QK102",
                f"Lernbereich {area.id}: Grundlagenmodul {target.id} gehört zu {target.area}.",
                ("areas", index, "grundlagen_module"),
            )
    for index, track in enumerate(catalog.tracks):
        if track.format not in catalog.format_by_id:
            yield (
                "QK102",
                f"Spur {track.id}: Format „{track.format}“ fehlt unter „formats“.",
                ("tracks", index, "format"),
            )
        if track.field not in (None, "beide") and track.field not in catalog.field_by_id:
            yield ("QK102", f"Spur {track.id}: Aufgabenfeld „{track.field}“ gibt es nicht.", ("tracks", index, "field"))
        for phase in ("praesenz", "selbstlern"):
            for pos, mid in enumerate(getattr(track.modules, phase)):
                if mid not in modules:
                    yield (
                        "QK102",
                        f"Spur {track.id}: Modul „{mid}“ gibt es nicht.",
                        ("tracks", index, "modules", phase, pos),
                    )
        both = set(track.modules.praesenz) & set(track.modules.selbstlern)
        for mid in sorted(both):
            yield (
                "QK105",
                f"Spur {track.id}: Modul {mid} steht unter Präsenz und Selbstlernen.",
                ("tracks", index, "modules"),
            )
    for fmt in catalog.formats:
        wanted: list[str | None] = [*catalog.field_by_id, "beide"] if fmt.id == "basis" else [None]
        for wanted_field in wanted:
            if catalog.track_for(fmt.id, wanted_field) is None:
                yield (
                    "QK102",
                    f"Für {fmt.name}{' / ' + wanted_field if wanted_field else ''} gibt es keine Spur unter „tracks“.",
                    ("tracks",),
                )


def _area_hours(catalog: Catalog) -> Iterator[_Problem]:
    for index, area in enumerate(catalog.areas):
        actual = sum(m.wst for m in catalog.modules if m.area == area.id and m.format == "basis")
        if actual != area.basis_wst:
            yield (
                "QK103",
                f"Lernbereich {area.id} „{area.name}“: Basismodule ergeben {actual} WSt, "
                f"genannt sind {area.basis_wst} WSt.",
                ("areas", index, "basis_wst"),
            )


def _track_budget(catalog: Catalog, index: int, track: Track) -> Iterator[_Problem]:
    from qplan.rules.engine import RuleSet, evaluate

    reference = track.modules.all()
    if not reference or any(mid not in catalog.module_by_id for mid in reference):
        return
    entries = tuple(
        PlanEntry(id=mid, phase=track.phase_of(catalog.module_by_id[mid]), wst=catalog.module_by_id[mid].wst)
        for mid in reference
    )
    doc = PlanDocument(format=track.format, field=track.field, modules=entries)
    result = evaluate(doc, catalog, today=date(2000, 1, 1), ruleset=RuleSet(catalog))
    for check in result.checks:
        if not check.ok:
            key = _BUDGET_KEYS.get(check.code)
            anchor: tuple[str | int, ...] = ("tracks", index, "budget", key) if key else ("tracks", index, "modules")
            yield ("QK104", f"Spur {track.id}: {check.message} ({check.code})", anchor)
