"""The migration table of a catalogue edition (`migration`): what became of the previous
edition's modules. Checked with the rest of the catalogue (`qplan catalog check`)."""

from __future__ import annotations

from collections.abc import Iterator

from qplan.models.catalog import Catalog
from qplan.rules.datafiles import Problem
from qplan.rules.registry import declare

declare(
    "QK120",
    "katalog-uebergang",
    "error",
    "Übergangstabelle einer Katalogausgabe unstimmig",
    """Die Übergangstabelle (`migration.steps`) sagt, was aus den Modulen der vorigen Ausgabe wird:
    `renamed` (eines wird eines), `split` (eines wird mehrere), `merged` (mehrere werden eines),
    `dropped` (eines entfällt). Jedes neue Modul steht im Katalog, keines der alten mehr (außer es
    wird geteilt und behält seinen Namen für einen Teil), und jedes alte Modul kommt höchstens
    einmal vor. Die Ausgabe, von der übergegangen wird, ist eine andere als diese.""",
    kind="catalog",
)

ARITY = {"renamed": (1, 1, 1, 1), "split": (1, 1, 2, 99), "merged": (2, 99, 1, 1), "dropped": (1, 1, 0, 0)}


def migration_problems(catalog: Catalog) -> Iterator[Problem]:
    migration = catalog.migration
    if migration is None:
        return
    if migration.from_edition == catalog.edition_id:
        yield ("QK120", f"Übergang von Ausgabe {migration.from_edition} zu sich selbst.", ("migration", "from_edition"))
    seen: set[str] = set()
    for index, step in enumerate(migration.steps):
        where = ("migration", "steps", index)
        low_old, high_old, low_new, high_new = ARITY[step.kind]
        if not (low_old <= len(step.old) <= high_old and low_new <= len(step.new) <= high_new):
            yield (
                "QK120",
                f"„{step.kind}“ braucht {_count(low_old, high_old)} alte(s) und {_count(low_new, high_new)} "
                f"neue(s) Modul(e), nicht {len(step.old)} und {len(step.new)}.",
                where,
            )
        for module in step.new:
            if module not in catalog.module_by_id:
                yield ("QK120", f"Neues Modul {module} steht nicht im Katalog.", (*where, "new"))
        for module in step.old:
            if module in seen:
                yield ("QK120", f"Altes Modul {module} kommt in der Übergangstabelle zweimal vor.", (*where, "old"))
            seen.add(module)
            if module in catalog.module_by_id and module not in step.new:
                yield ("QK120", f"Altes Modul {module} steht noch im Katalog dieser Ausgabe.", (*where, "old"))


def _count(low: int, high: int) -> str:
    if low == high:
        return str(low)
    return f"mindestens {low}" if high >= 99 else f"{low}–{high}"
