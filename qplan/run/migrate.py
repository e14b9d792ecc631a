"""`qplan migrate`: plan files follow a newer catalogue edition by its migration table.

The new edition's catalogue says what became of the previous edition's modules (renamed,
split, merged, dropped, each with a reason). A plan keeps what the learner did: a renamed
module keeps its dates, marks and notes; the parts of a split module inherit them (the learner
attended the whole); merged modules are done only if all of them were; a dropped module that
was done or recognised stops the migration of that plan unless the learner lets it go. The
file is changed with the round-trip editor (comments and order kept), checked against the
new edition, and written atomically, only when the migrated plan breaks no rule (or with
`force`).
"""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

from qplan.dates import german
from qplan.findings import Finding
from qplan.models.catalog import Catalog, MigrationStep
from qplan.models.migration import MigrateOutcome, MigrateRequest, PlanMigration
from qplan.models.plan import PlanDocument, PlanEntry

COST_KEYS = ("cost_eur", "funded", "registration_deadline")  # a booking's cost counts once


def execute(request: MigrateRequest, target: Catalog, *, today: date) -> MigrateOutcome:
    return MigrateOutcome(tuple(_one(Path(p), request, target, today) for p in request.paths))


def _one(path: Path, request: MigrateRequest, target: Catalog, today: date) -> PlanMigration:
    from qplan.fsio import locked
    from qplan.run.lifecycle import read_plan

    if request.dry_run:
        text, doc, _ = read_plan(path, target, for_writing=False)
        return _migrate(path, text, doc, request, target, today)
    with locked(path):
        text, doc, _ = read_plan(path, target)
        return _migrate(path, text, doc, request, target, today)


def _migrate(
    path: Path, text: str, doc: PlanDocument, request: MigrateRequest, target: Catalog, today: date
) -> PlanMigration:
    migration = target.migration
    to = target.edition_id
    made_with = doc.catalog_edition
    if made_with == to:
        return PlanMigration(str(path), made_with, to, (), (), (), False)
    if migration is None:
        problem = (
            f"Der Katalog (Ausgabe {to}) enthält keine Übergangstabelle („migration“); ohne sie kann qplan "
            "den Plan nicht nachführen."
        )
        return PlanMigration(str(path), made_with, to, (), (problem,), (), False)
    if (made_with or migration.from_edition) != migration.from_edition:
        problem = (
            f"Der Plan ist nach Ausgabe {made_with}; die Ausgabe {to} führt nur Pläne der Ausgabe "
            f"{migration.from_edition} nach. Bitte zuerst auf {migration.from_edition} bringen."
        )
        return PlanMigration(str(path), made_with, to, (), (problem,), (), False)
    changes: list[str] = [] if made_with else [f"Ausgabe nicht angegeben; angenommen: {migration.from_edition}."]
    problems: list[str] = []
    entries = {e.id: e for e in doc.modules}
    for step in migration.steps:
        present = [entries[m] for m in step.old if m in entries]
        if present:
            _describe(step, present, target, changes, problems, request.allow_drop)
    if problems:
        drops = any(s.kind == "dropped" for s in migration.steps if any(m in entries for m in s.old))
        return PlanMigration(str(path), made_with, to, tuple(changes), tuple(problems), (), False, drops)
    from qplan.loading.edit import edit_yaml

    new_text = edit_yaml(text, lambda data: _apply(data, migration.steps, target, to), label=str(path))
    findings = _check(path, new_text, target, today)
    errors = any(f.severity == "error" for f in findings)
    written = False
    if not request.dry_run and (not errors or request.force):
        from qplan.models.requests import Writing
        from qplan.run.lifecycle import write_checked

        write_checked(path, new_text, Writing(target, today, None, request.force))
        written = True
    return PlanMigration(str(path), made_with, to, tuple(changes), (), findings, written)


def _describe(
    step: MigrationStep,
    present: list[PlanEntry],
    target: Catalog,
    changes: list[str],
    problems: list[str],
    allow_drop: bool,
) -> None:
    old = ", ".join(e.id for e in present)
    new = ", ".join(step.new)
    if step.kind == "renamed":
        changes.append(f"{old} heißt jetzt {new} ({step.reason}).")
    elif step.kind == "split":
        kept = " (erledigt/anerkannt gilt für jeden Teil)" if any(e.done or e.recognised for e in present) else ""
        changes.append(f"{old} ist geteilt in {new}{kept} ({step.reason}).")
    elif step.kind == "merged":
        done = [e for e in present if e.done]
        if done and len(done) < len(step.old):
            open_ = ", ".join(m for m in step.old if m not in {e.id for e in done})
            changes.append(
                f"{', '.join(step.old)} sind zusammengelegt zu {new}; {open_} war noch offen, daher ist {new} "
                f"offen ({step.reason})."
            )
        else:
            changes.append(f"{', '.join(step.old)} sind zusammengelegt zu {new} ({step.reason}).")
    else:
        marked = [e for e in present if e.done or e.recognised is not None]
        if marked and not allow_drop:
            when = ", ".join(f"{e.id} erledigt am {german(e.done_on)}" if e.done_on else e.id for e in marked)
            problems.append(
                f"{old} entfällt in Ausgabe {target.edition_id} ({step.reason}), ist aber erledigt oder anerkannt "
                f"({when}); die Bescheinigung aufheben."
            )
        else:
            changes.append(f"{old} entfällt ({step.reason}).")


def _apply(data: Any, steps: tuple[MigrationStep, ...], target: Catalog, edition: str) -> None:
    from qplan.loading.edit import entry_maps, set_keys

    entry_maps(data)  # bare ids become mappings
    modules = data.get("modules")
    for step in steps:
        if modules is None:
            break
        spots = [i for i, item in enumerate(modules) if item.get("id") in step.old]
        if not spots:
            continue
        first = modules[spots[0]]
        for index in reversed(spots[1:]):
            _merge_into(first, modules[index])
            del modules[index]
        if step.kind == "dropped":
            del modules[spots[0]]
            continue
        parts = [first] + [_copy_part(first) for _ in step.new[1:]]
        for part, module_id in zip(parts, step.new, strict=True):
            wst = target.module_by_id[module_id].wst
            part["id"] = module_id
            if "wst" in part:
                old_wst = part["wst"]
                part["wst"] = wst
                _scale_recognition(part, wst, old_wst)
        for offset, part in enumerate(parts[1:], start=1):
            modules.insert(spots[0] + offset, part)
    set_keys(data, {"catalog_edition": edition}, ("format", "field", "catalog_edition", "start"))


def _copy_part(entry: Any) -> Any:
    part = copy.deepcopy(entry)
    part.ca.items.clear()  # the comments stay with the first part only
    for key in COST_KEYS:
        part.pop(key, None)
    return part


def _merge_into(first: Any, other: Any) -> None:
    """Merged modules: done only if every one was; the earliest date."""
    if not other.get("done", False) and first.get("done", False):
        first["done"] = False
        first.pop("done_on", None)
    if other.get("date") is not None and (first.get("date") is None or str(other["date"]) < str(first["date"])):
        first["date"] = other["date"]


def _scale_recognition(part: Any, wst: int, old_wst: Any) -> None:
    recognised = part.get("recognised")
    if recognised is None or not hasattr(recognised, "get") or recognised.get("wst") is None:
        return
    if isinstance(old_wst, int) and old_wst > 0:
        recognised["wst"] = max(1, recognised["wst"] * wst // old_wst)


def _check(path: Path, text: str, target: Catalog, today: date) -> tuple[Finding, ...]:
    from qplan.loading.loader import MAX_PLAN_BYTES, load_model
    from qplan.loading.sourcemap import place
    from qplan.run.plan import review

    loaded = load_model(PlanDocument, text.encode(), str(path), max_bytes=MAX_PLAN_BYTES)
    if loaded.value is None:
        return tuple(loaded.findings)
    result = review(target, loaded.value, today=today)
    placed = place(result.evaluation.findings, loaded.source)
    return tuple(f.at(str(path)) for f in placed if f.severity == "error")
