"""Rules about which modules a plan holds."""

from __future__ import annotations

import difflib
from functools import lru_cache

from qplan.models.common import PHASE_NAMES
from qplan.rules.context import PlanContext
from qplan.rules.registry import Issue, Outcome, register, register_composition


@lru_cache(maxsize=4096)
def _close_matches(ident: str, known: tuple[str, ...]) -> tuple[str, ...]:
    # The same typo recurs across a batch of files; difflib is slow enough to remember it.
    return tuple(difflib.get_close_matches(ident, known, n=2, cutoff=0.5))


@register_composition(
    "QP100",
    "spur",
    "error",
    "Format und Aufgabenfeld ergeben keine Spur des Programms",
    """Die Basisqualifizierung wird für ein Aufgabenfeld geplant: `field` ist `koordination`,
    `steuerung` oder `beide`. Ohne Aufgabenfeld lassen sich Pflichtmodule und Budgets nicht
    bestimmen.""",
)
def track_known(ctx: PlanContext) -> Outcome:
    if ctx.track is not None:
        return Outcome("Spur des Katalogs", ctx.track.id)
    return Outcome(
        "Aufgabenfeld angegeben",
        "kein Aufgabenfeld",
        (
            Issue(
                "Für die Basisqualifizierung fehlt das Aufgabenfeld: „field: koordination“, "
                "„field: steuerung“ oder „field: beide“ ergänzen.",
                ("format",),
            ),
        ),
    )


@register_composition(
    "QP101",
    "modul-unbekannt",
    "error",
    "Modul gibt es im Katalog nicht",
    """Jede Modulkennung muss im Katalog stehen (E01, M01–M18, V01–V11 im Leitfaden 2019).
    Ein Tippfehler in der Kennung macht das Modul unbekannt; qplan schlägt ähnliche Kennungen vor.""",
)
def unknown_module(ctx: PlanContext) -> Outcome:
    if ctx.ids <= ctx.rules.module_ids:
        return Outcome("nur Module des Katalogs", "0 unbekannt")
    issues = []
    for index, entry in enumerate(ctx.doc.modules):
        if entry.id not in ctx.catalog.module_by_id:
            close = _close_matches(entry.id, tuple(ctx.catalog.module_by_id))
            hint = f" Gemeint: {' oder '.join(close)}?" if close else ""
            issues.append(Issue(f"Modul „{entry.id}“ gibt es im Katalog nicht.{hint}", ("modules", index, "id")))
    return Outcome("nur Module des Katalogs", f"{len(issues)} unbekannt", tuple(issues))


@register_composition(
    "QP102",
    "modul-doppelt",
    "error",
    "Modul steht mehrfach im Plan",
    """Jedes Modul wird einmal belegt. Ein doppelter Eintrag zählt seine WSt doppelt und
    verfälscht alle Budgets.""",
)
def duplicate_module(ctx: PlanContext) -> Outcome:
    if len(ctx.ids) == len(ctx.doc.modules):
        return Outcome("jedes Modul einmal", "0 doppelt")
    first: dict[str, int] = {}
    issues = []
    for index, entry in enumerate(ctx.doc.modules):
        if entry.id in first:
            issues.append(
                Issue(
                    f"Modul {entry.id} steht doppelt (zuerst als Eintrag {first[entry.id] + 1}); "
                    "einen Eintrag entfernen.",
                    ("modules", index, "id"),
                )
            )
        else:
            first[entry.id] = index
    return Outcome("jedes Modul einmal", f"{len(issues)} doppelt", tuple(issues))


@register_composition(
    "QP103",
    "modul-format",
    "error",
    "Modul gehört nicht zum gewählten Format",
    """Die Einführung besteht aus E01, die Basisqualifizierung aus den Modulen M01–M18, die
    Vertiefung aus V01–V11 und wahlweise Basismodulen. Ein Modul eines anderen Formats gehört
    nicht in diesen Plan.""",
)
def module_format(ctx: PlanContext) -> Outcome | None:
    track = ctx.track
    if track is None:
        return None
    fmt = ctx.catalog.format_by_id.get(track.format)
    expected = f"nur Module der {fmt.name if fmt else track.format}"
    if ctx.ids & ctx.rules.module_ids <= ctx.rules.allowed_ids[track.id]:
        return Outcome(expected, "0 fremd")
    issues = []
    for index, _entry, module in ctx.known:
        if module.format not in track.formats:
            other = ctx.catalog.format_by_id.get(module.format)
            issues.append(
                Issue(
                    f"Modul {module.id} gehört zur {other.name if other else module.format}, nicht zur "
                    f"{fmt.name if fmt else track.format}; entfernen.",
                    ("modules", index, "id"),
                )
            )
    return Outcome(expected, f"{len(issues)} fremd", tuple(issues))


@register_composition(
    "QP104",
    "modul-aufgabenfeld",
    "warning",
    "Modul gehört nicht zum gewählten Aufgabenfeld",
    """Die Tabelle der Basisqualifizierung ordnet jedes Modul einem oder beiden Aufgabenfeldern
    zu. Ein Modul des anderen Feldes zählt nicht zur Qualifizierung für dieses Feld; meist
    verfehlt der Plan dann auch die Budgets.""",
)
def module_field(ctx: PlanContext) -> Outcome | None:
    track = ctx.track
    if track is None or track.format != "basis" or track.field not in ("koordination", "steuerung"):
        return None
    field = ctx.catalog.field_by_id[track.field]
    if ctx.ids.isdisjoint(ctx.rules.basis_outside_field.get(track.field, frozenset())):
        return Outcome(f"nur Module der {field.name}", "0 aus dem anderen Feld")
    issues = [
        Issue(f"Modul {module.id} ist in der Tabelle nicht für die {field.name} vorgesehen.", ("modules", index, "id"))
        for index, entry, module in ctx.known
        if module.format == "basis" and track.field not in module.fields
    ]
    return Outcome(f"nur Module der {field.name}", f"{len(issues)} aus dem anderen Feld", tuple(issues))


@register_composition(
    "QP105",
    "pflichtmodul-fehlt",
    "error",
    "Pflichtmodul der Spur fehlt",
    """Die Basisqualifizierung eines Aufgabenfeldes umfasst die 12 in der Tabelle markierten
    Module, beide Felder zusammen alle 18; die Einführung den einen Einführungstag. Bereits
    absolvierte Module bleiben mit `done: true` im Plan.""",
)
def required_missing(ctx: PlanContext) -> Outcome | None:
    track = ctx.track
    if track is None or not track.modules.all():
        return None
    required = ctx.rules.required_ids[track.id]
    if required <= ctx.ids:
        return Outcome(f"{len(required)} Pflichtmodule", f"{len(required)} vorhanden")
    missing = [mid for mid in track.modules.all() if mid not in ctx.ids]
    missing.sort(key=ctx.catalog.order_key)
    issues = []
    for mid in missing:
        module = ctx.catalog.module_by_id.get(mid)
        if module is None:
            continue
        phase = PHASE_NAMES[track.phase_of(module)]
        issues.append(
            Issue(f"Pflichtmodul {mid} „{module.title}“ ({phase}, {module.wst} WSt) fehlt.", ("modules",), at_key=True)
        )
    return Outcome(
        f"{len(track.modules.all())} Pflichtmodule",
        f"{len(track.modules.all()) - len(missing)} vorhanden",
        tuple(issues),
    )


@register_composition(
    "QP106",
    "wst-abweichend",
    "warning",
    "WSt eines Moduls weichen vom Katalog ab",
    """Ein Basismodul hat 6 WSt. Weicht die Angabe im Plan ab, rechnet qplan mit der Angabe
    des Plans, weist aber darauf hin: ein Träger kann ein Modul kürzen oder strecken, das
    muss dann bewusst geschehen.""",
)
def wst_differs(ctx: PlanContext) -> Outcome:
    issues = [
        Issue(
            f"Modul {module.id} hat laut Katalog {module.wst} WSt, im Plan {entry.wst} WSt.", ("modules", index, "wst")
        )
        for index, entry, module in ctx.known
        if entry.wst != module.wst
    ]
    return Outcome("WSt wie im Katalog", f"{len(issues)} abweichend", tuple(issues))


@register_composition(
    "QP107",
    "keine-module",
    "error",
    "Der Plan enthält kein Modul",
    """Ein Plan braucht mindestens ein Modul; für die Vertiefung werden sie frei gewählt.""",
)
def no_modules(ctx: PlanContext) -> Outcome:
    if ctx.doc.modules:
        return Outcome("mindestens 1 Modul", str(len(ctx.doc.modules)))
    return Outcome("mindestens 1 Modul", "0", (Issue("Der Plan enthält kein Modul.", ("modules",), at_key=True),))


@register(  # not a composition rule: `target_group` is not part of the composition's key
    "QP108",
    "zielgruppe",
    "error",
    "Zielgruppe gibt es im Katalog nicht",
    """`target_group` nennt eine Zielgruppe des Programms (Abschnitt 5 des Leitfadens): `kommunal`
    (kommunale Fach- und Führungskräfte), `fachkraefte` (markt- und zivilgesellschaftliche
    Fachkräfte) oder `ehrenamt` (Ehrenamtlich Engagierte); der Katalog führt sie unter
    `target_groups`. Die Angabe ist freiwillig; die Koordinierungsstelle zählt danach.""",
)
def target_group_known(ctx: PlanContext) -> Outcome | None:
    wanted = ctx.doc.target_group
    groups = ctx.catalog.target_groups
    known = tuple(g.id for g in groups.groups) if groups else ()
    if wanted is None:
        return None
    if wanted in known:
        return Outcome("Zielgruppe des Katalogs", wanted)
    listed = ", ".join(f"„{g}“" for g in known) or "keine (der Katalog führt keine Zielgruppen)"
    return Outcome(
        "Zielgruppe des Katalogs",
        wanted,
        (Issue(f"Zielgruppe „{wanted}“ gibt es nicht; erlaubt: {listed}.", ("target_group",)),),
    )
