"""A learner's plan over 18 months: marking modules done or recognised and taking a mark
back, on the file the learner owns (planning the rest again: `qplan.run.replan`).

Every change: lock the plan file (two `qplan done` at once lose neither mark), read the
file with qplan's loader, change it with the round-trip editor (comments and order kept),
read the result back with the loader, check it like `qplan check` (`qplan.run.gate`: a plan
that breaks a rule is not written unless the person insists), write it atomically with its mode kept.
A change that changes nothing writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qplan.errors import InputError, Reason, RequestError, UserError
from qplan.findings import Finding
from qplan.fsio import locked, not_writable
from qplan.models.catalog import Catalog
from qplan.models.lifecycle import Change, Edited
from qplan.models.plan import ENTRY_KEY_ORDER, PlanDocument, PlanEntry
from qplan.models.requests import DoneRequest, MarkRequest, RecogniseRequest, Writing

if TYPE_CHECKING:
    from qplan.loading.loader import Loaded


def load_plan(data: bytes, path: Path, catalog: Catalog) -> tuple[Loaded[PlanDocument], tuple[Finding, ...]]:
    """The plan document in `data`, read as `qplan check` reads it: forgiving spellings
    (`id: m01`, `format: Basis`) as the canonical ones, and a hint (QP005) at each."""
    from qplan.loading.loader import MAX_PLAN_BYTES, load_model
    from qplan.loading.sourcemap import place
    from qplan.planning.shorthand import FillIn

    fill_in = FillIn(catalog)
    loaded = load_model(PlanDocument, data, str(path), max_bytes=MAX_PLAN_BYTES, prepare=fill_in)
    return loaded, tuple(f.at(loaded.label) for f in place(fill_in.respelled, loaded.source))


def read_plan(
    path: Path, catalog: Catalog, *, for_writing: bool = True
) -> tuple[str, PlanDocument, tuple[Finding, ...]]:
    """The plan file's text, document and spelling hints; refused when it cannot be used
    (or, `for_writing`, cannot be written: a read-only file stays as it is)."""
    from qplan.loading.files import read_capped
    from qplan.loading.loader import MAX_PLAN_BYTES

    if not path.is_file():
        raise UserError(f"{path}: Die Datei gibt es nicht (oder sie ist keine gewöhnliche Datei).")
    refused = not_writable(path) if for_writing else None
    if refused is not None:
        raise UserError(f"{path}: {refused}")
    raw = read_capped(str(path), MAX_PLAN_BYTES)
    if not isinstance(raw, bytes):
        raise InputError(f"{path}: Die Datei ist nicht lesbar.", raw.findings)
    loaded, hints = load_plan(raw, path, catalog)
    if loaded.value is None or loaded.errors:
        raise InputError(f"{path}: Das Plan-Dokument ist nicht verwendbar; es bleibt unverändert.", loaded.findings)
    return raw.decode("utf-8-sig"), loaded.value, hints


def write_checked(path: Path, text: str, writing: Writing) -> None:
    from qplan.run.gate import gated_write, providers_loader

    data = text.encode("utf-8")
    check, _ = load_plan(data, path, writing.catalog)
    if check.value is None or check.errors:  # qplan never writes a file it cannot read back
        raise InputError(
            f"{path}: Die Änderung ergäbe kein gültiges Plan-Dokument; nichts geschrieben.", check.findings
        )
    providers = providers_loader(writing.providers, writing.catalog)
    gated_write(
        path, data, writing.catalog, today=writing.today, providers=providers, force=writing.force, overwrite=True
    )


def _own(value: Any) -> Any:
    """A date object of its own: the YAML writer would tie shared ones with anchors (`&id001`)."""
    return date.fromordinal(value.toordinal()) if type(value) is date else value


def _would_write(path: Path, text: str, writing: Writing) -> None:
    """`RulesBroken` if the text would not be written (for a dry run)."""
    from qplan.run.gate import RulesBroken, errors_of, providers_loader

    providers = providers_loader(writing.providers, writing.catalog)
    errors = errors_of(text.encode("utf-8"), str(path), writing.catalog, today=writing.today, providers=providers)
    if errors and not writing.force:
        raise RulesBroken(str(path), errors)


def _same(text: str, before: PlanDocument, path: Path, catalog: Catalog) -> bool:
    """The edited text means the same plan as before (a round trip may only re-format)."""
    loaded, _ = load_plan(text.encode("utf-8"), path, catalog)
    return loaded.value == before and not loaded.errors


def _by_id(data: Any, doc: PlanDocument, wanted: Collection[str]) -> dict[str, Any]:
    """The round-trip mappings of the `wanted` entries by the id as read (`m01` in the file is
    M01): the loader keeps the file's order, one entry per item. Only a wanted bare id becomes
    a mapping; the others stay as written."""
    from qplan.loading.edit import as_mapping, entry_maps

    items = data.get("modules") if hasattr(data, "get") else None
    if items is None or len(items) != len(doc.modules):
        return entry_maps(data)
    found: dict[str, Any] = {}
    for index, entry in enumerate(doc.modules):
        if entry.id in wanted and entry.id not in found:
            found[entry.id] = as_mapping(items, index)
    return found


def _known(doc: PlanDocument, ids: tuple[str, ...], catalog: Catalog) -> dict[str, PlanEntry]:
    entries = {e.id: e for e in doc.modules}
    unknown = [m for m in ids if m not in catalog.module_by_id]
    if unknown:
        raise RequestError(Reason.UNKNOWN_MODULE, ids=unknown, hint=" `qplan catalog` listet alle Module.")
    missing = [m for m in ids if m not in entries]
    if missing:
        raise RequestError(Reason.NOT_IN_PLAN, ids=missing)
    return entries


def change_file(
    path: Path,
    compute: Callable[[PlanDocument], tuple[dict[str, dict[str, Any]], list[Change]]],
    writing: Writing,
    extra: Callable[[Any], None] | None = None,
    *,
    dry_run: bool = False,
) -> Edited:
    """Under the lock: read, compute the new values per module, write them back if anything
    changed and the result passes the check (`dry_run`: check only, write nothing)."""
    from qplan.loading.edit import bare_ids, edit_yaml, set_keys

    with locked(path):
        text, doc, hints = read_plan(path, writing.catalog)
        values, changes = compute(doc)

        def change(data: Any) -> None:
            maps = _by_id(data, doc, values)
            for module, new in values.items():
                set_keys(maps[module], {k: _own(v) for k, v in new.items()}, (*ENTRY_KEY_ORDER, "recognised"))
            bare_ids(data)
            if extra is not None:
                extra(data)

        if not values and extra is None:
            return Edited(changes, False, hints)
        edited = edit_yaml(text, change)
        if edited == text or _same(edited, doc, path, writing.catalog):
            return Edited(changes, False, hints)
        if dry_run:
            _would_write(path, edited, writing)
            return Edited(changes, False, hints)
        write_checked(path, edited, writing)
    return Edited(changes, True, hints)


def execute(request: MarkRequest, writing: Writing) -> Edited:
    """Mark modules done or recognised, or take a mark back; with `review`, the plan after it."""
    from dataclasses import replace

    from qplan.run.plan import review_file

    if isinstance(request, DoneRequest):
        edited = _mark_done(request, writing)
    elif isinstance(request, RecogniseRequest):
        edited = _mark_recognised(request, writing)
    else:
        edited = _undo(request.path, request.ids, writing)
    if not request.review:
        return edited
    return replace(edited, review=review_file(str(request.path), writing.catalog, today=writing.today))


def _mark_done(request: DoneRequest, writing: Writing) -> Edited:
    """Modules completed: `done: true`, `done_on` (the planned date if past, else today), a note.

    A date after today or before the plan's start is refused; a module whose date lies ahead
    is marked only with `on` or when the request is `confirmed` (else the reason DATE_AHEAD,
    with the modules as `ahead`: the CLI may ask and send the request again)."""
    from qplan.dates import german

    catalog, today = writing.catalog, writing.today
    ids, on, note = request.ids, request.on, request.note
    if on is not None and on > today:
        raise RequestError(Reason.DAY_AFTER_TODAY, option="on", day=on, today=today)

    def compute(doc: PlanDocument) -> tuple[dict[str, dict[str, Any]], list[Change]]:
        entries = _known(doc, ids, catalog)
        begin = doc.start or doc.first_date()
        if on is not None and begin is not None and on < begin:
            raise RequestError(Reason.DAY_BEFORE_START, option="on", day=on, begin=begin)
        ahead = [m for m in ids if on is None and entries[m].date is not None and entries[m].date > today]  # type: ignore[operator]
        if ahead:
            listed = ", ".join(f"{m} ({german(entries[m].date)})" for m in ahead)  # type: ignore[arg-type]
            if not request.confirmed:
                raise RequestError(Reason.DATE_AHEAD, ids=[listed], ahead=ahead)
        values, changes = {}, []
        for module in ids:
            entry = entries[module]
            when = on or (entry.date if entry.date is not None and entry.date <= today else today)
            same_note = note is None or entry.note == note
            if entry.done and entry.recognised is None and entry.done_on == when and same_note:
                changes.append(Change(module, f"schon erledigt am {german(when)}; unverändert"))
                continue
            values[module] = {"done": True, "done_on": when, **({"note": note} if note else {})}
            changes.append(Change(module, f"erledigt am {german(when)}", None, when.isoformat()))
        return values, changes

    return change_file(request.path, compute, writing)


def _mark_recognised(request: RecogniseRequest, writing: Writing) -> Edited:
    """Prior learning recognised: counts like a completed module, with who, when and why.

    Partly recognised (`wst` below the module's): the module stays open for the remaining WSt,
    which the learner completes in the module as planned (see README "Teilweise anerkannt")."""
    from ruamel.yaml.comments import CommentedMap

    from qplan.dates import german

    catalog, today = writing.catalog, writing.today
    ids, reason, by, on, wst = request.ids, request.reason, request.by, request.on, request.wst
    if not reason.strip():
        raise RequestError(Reason.REASON_MISSING, option="reason")
    if on is not None and on > today:
        raise RequestError(Reason.DAY_AFTER_TODAY, option="on", day=on, today=today)

    def compute(doc: PlanDocument) -> tuple[dict[str, dict[str, Any]], list[Change]]:
        _known(doc, ids, catalog)
        values: dict[str, dict[str, Any]] = {}
        changes = []
        for module in ids:
            limit = catalog.module_by_id[module].wst
            if wst is not None and wst > limit:
                raise RequestError(Reason.TOO_MANY_WST, option="wst", ids=[module], wst=wst, limit=limit)
            partly = wst is not None and wst < limit
            record = CommentedMap()
            record["reason"] = reason
            if by:
                record["by"] = by
            record["on"] = on or today
            if partly:
                record["wst"] = wst
            record.fa.set_flow_style()
            if partly:
                values[module] = {"done": None, "done_on": None, "recognised": record}
                rest = limit - (wst or 0)
                changes.append(
                    Change(
                        module,
                        f"anerkannt am {german(on or today)} ({wst} von {limit} WSt): {reason}; die übrigen "
                        f"{rest} WSt bleiben offen und werden im Modul erbracht (am geplanten Termin oder als "
                        f"Selbstlernauftrag nach Absprache mit dem Träger); danach „qplan done PLAN {module}“",
                    )
                )
            else:
                values[module] = {"done": True, "recognised": record}
                changes.append(Change(module, f"anerkannt am {german(on or today)}: {reason}"))
        return values, changes

    return change_file(request.path, compute, writing)


def _undo(path: Path, ids: tuple[str, ...], writing: Writing) -> Edited:
    """Take a mark back: the module is open again (an open module stays as it is)."""

    def compute(doc: PlanDocument) -> tuple[dict[str, dict[str, Any]], list[Change]]:
        entries = _known(doc, ids, writing.catalog)
        values, changes = {}, []
        for module in ids:
            entry = entries[module]
            if not entry.done and entry.recognised is None and entry.done_on is None:
                changes.append(Change(module, "ist offen; unverändert"))
                continue
            state = "anerkannt" if entry.recognised else ("erledigt" if entry.done else "offen")
            values[module] = {"done": None, "done_on": None, "recognised": None, "note": None}
            changes.append(Change(module, f"wieder offen (war {state})"))
        return values, changes

    return change_file(path, compute, writing)


def keep_self_assessment(path: Path, answers: dict[str, int], writing: Writing) -> Edited:
    """The learner's own confidence per competence, kept in their plan file (`self_assessment:`),
    so that `qplan profile` shows it next time without asking again."""
    from ruamel.yaml.comments import CommentedMap

    def change(data: Any) -> None:
        record = CommentedMap(sorted(answers.items()))
        record.fa.set_flow_style()
        data["self_assessment"] = record

    return change_file(path, lambda doc: ({}, []), writing, extra=change)
