"""A learner's plan over 18 months: marking modules done or recognised, taking a mark back,
and planning the rest again, on the file the learner owns.

Every change: lock the plan file (two `qplan done` at once lose neither mark), read the
file with qplan's loader, change it with the round-trip editor (comments and order kept),
read the result back with the loader, write it atomically with its mode kept.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from qplan.errors import InputError, Reason, RequestError, UserError
from qplan.fsio import describe_os_error, locked, not_writable, write_atomic
from qplan.models.catalog import Catalog
from qplan.models.plan import ENTRY_KEY_ORDER, PlanDocument, PlanEntry
from qplan.models.providers import ProviderCatalog
from qplan.models.requests import Wishes
from qplan.models.results import Change, Replan


def _read(path: Path) -> tuple[str, PlanDocument]:
    from qplan.loading.files import read_capped
    from qplan.loading.loader import MAX_PLAN_BYTES, load_model

    if not path.is_file():
        raise UserError(f"{path}: Die Datei gibt es nicht (oder sie ist keine gewöhnliche Datei).")
    refused = not_writable(path)
    if refused is not None:
        raise UserError(f"{path}: {refused}")
    raw = read_capped(str(path), MAX_PLAN_BYTES)
    if not isinstance(raw, bytes):
        raise InputError(f"{path}: Die Datei ist nicht lesbar.", raw.findings)
    loaded = load_model(PlanDocument, raw, str(path), max_bytes=MAX_PLAN_BYTES)
    if loaded.value is None or loaded.errors:
        raise InputError(f"{path}: Das Plan-Dokument ist nicht verwendbar; es bleibt unverändert.", loaded.findings)
    return raw.decode("utf-8-sig"), loaded.value


def _write(path: Path, text: str) -> None:
    from qplan.loading.loader import MAX_PLAN_BYTES, load_model

    data = text.encode("utf-8")
    check = load_model(PlanDocument, data, str(path), max_bytes=MAX_PLAN_BYTES)
    if check.value is None or check.errors:  # qplan never writes a file it cannot read back
        raise InputError(
            f"{path}: Die Änderung ergäbe kein gültiges Plan-Dokument; nichts geschrieben.", check.findings
        )
    try:
        write_atomic(path, data, overwrite=True)
    except OSError as exc:
        raise UserError(f"{path}: {describe_os_error(exc, path.parent)}") from None


def _known(doc: PlanDocument, ids: tuple[str, ...], catalog: Catalog) -> dict[str, PlanEntry]:
    entries = {e.id: e for e in doc.modules}
    unknown = [m for m in ids if m not in catalog.module_by_id]
    if unknown:
        raise RequestError(Reason.UNKNOWN_MODULE, ids=unknown, hint=" `qplan catalog` listet alle Module.")
    missing = [m for m in ids if m not in entries]
    if missing:
        raise RequestError(Reason.NOT_IN_PLAN, ids=missing)
    return entries


def _change_file(
    path: Path, compute: Callable[[PlanDocument], tuple[dict[str, dict[str, Any]], list[Change]]]
) -> list[Change]:
    """Under the lock: read, compute the new values per module, write them back."""
    from qplan.loading.edit import edit_yaml, entry_maps, set_keys

    with locked(path):
        text, doc = _read(path)
        values, changes = compute(doc)

        def change(data: Any) -> None:
            maps = entry_maps(data)
            for module, new in values.items():
                set_keys(maps[module], new, (*ENTRY_KEY_ORDER, "recognised"))

        if values:
            _write(path, edit_yaml(text, change, label=str(path)))
    return changes


def mark_done(
    path: Path, ids: tuple[str, ...], catalog: Catalog, *, today: date, on: date | None, note: str | None
) -> list[Change]:
    """Modules completed: `done: true`, `done_on` (the planned date if past, else today), a note."""
    from qplan.dates import german

    def compute(doc: PlanDocument) -> tuple[dict[str, dict[str, Any]], list[Change]]:
        entries = _known(doc, ids, catalog)
        values, changes = {}, []
        for module in ids:
            entry = entries[module]
            when = on or (entry.date if entry.date is not None and entry.date <= today else today)
            values[module] = {"done": True, "done_on": when, **({"note": note} if note else {})}
            changes.append(Change(module, f"erledigt am {german(when)}", None, when.isoformat()))
        return values, changes

    return _change_file(path, compute)


def mark_recognised(
    path: Path,
    ids: tuple[str, ...],
    catalog: Catalog,
    *,
    today: date,
    reason: str,
    by: str | None,
    on: date | None,
    wst: int | None,
) -> list[Change]:
    """Prior learning recognised: counts like a completed module, with who, when and why."""
    from ruamel.yaml.comments import CommentedMap

    from qplan.dates import german

    if not reason.strip():
        raise RequestError(Reason.REASON_MISSING, option="reason")

    def compute(doc: PlanDocument) -> tuple[dict[str, dict[str, Any]], list[Change]]:
        _known(doc, ids, catalog)
        values, changes = {}, []
        for module in ids:
            limit = catalog.module_by_id[module].wst
            if wst is not None and wst > limit:
                raise RequestError(Reason.TOO_MANY_WST, option="wst", ids=[module], wst=wst, limit=limit)
            record = CommentedMap()
            record["reason"] = reason
            if by:
                record["by"] = by
            record["on"] = on or today
            if wst is not None:
                record["wst"] = wst
            record.fa.set_flow_style()
            values[module] = {"done": True, "recognised": record}
            part = f" ({wst} von {limit} WSt)" if wst is not None and wst < limit else ""
            changes.append(Change(module, f"anerkannt am {german(on or today)}{part}: {reason}"))
        return values, changes

    return _change_file(path, compute)


def undo(path: Path, ids: tuple[str, ...], catalog: Catalog) -> list[Change]:
    """Take a mark back: the module is open again."""

    def compute(doc: PlanDocument) -> tuple[dict[str, dict[str, Any]], list[Change]]:
        entries = _known(doc, ids, catalog)
        values, changes = {}, []
        for module in ids:
            entry = entries[module]
            state = "anerkannt" if entry.recognised else ("erledigt" if entry.done else "offen")
            values[module] = {"done": None, "done_on": None, "recognised": None, "note": None}
            changes.append(Change(module, f"wieder offen (war {state})"))
        return values, changes

    return _change_file(path, compute)


def keep_self_assessment(path: Path, answers: dict[str, int]) -> None:
    """The learner's own confidence per competence, kept in their plan file (`self_assessment:`),
    so that `qplan profile` shows it next time without asking again."""
    from ruamel.yaml.comments import CommentedMap

    from qplan.loading.edit import edit_yaml

    def change(data: Any) -> None:
        record = CommentedMap(sorted(answers.items()))
        record.fa.set_flow_style()
        data["self_assessment"] = record

    with locked(path):
        text, _doc = _read(path)
        _write(path, edit_yaml(text, change))


_SCHEDULE_KEYS = ("date", "until", "offer", "provider", "location", "cost_eur", "funded", "registration_deadline")


def replan(
    path: Path,
    catalog: Catalog,
    *,
    today: date,
    since: date,
    dry_run: bool,
    providers: ProviderCatalog | None = None,
    wishes: Wishes | None = None,
) -> Replan:
    """Schedule again what is open: keep what is done, recognised, or booked on a date still
    ahead; place the rest from `since` within the track's window."""
    from qplan.dates import german
    from qplan.planning.schedule import schedule_plan
    from qplan.run.calendar import calendar_for

    def plan_again(doc: PlanDocument) -> tuple[PlanDocument, tuple[str, ...]]:
        track = catalog.track_for(doc.format, doc.field)
        if track is None:
            raise UserError(f"{path}: Die Datei nennt keine Spur des Katalogs; so kann qplan nicht neu planen.")
        kept = {e.id for e in doc.modules if e.done or (e.offer and e.date is not None and e.date >= since)}
        # Scheduling treats kept modules as taken, then the kept ones get their own values back.
        frozen = replace(doc, modules=tuple(replace(e, done=True) if e.id in kept else e for e in doc.modules))
        if providers is not None and wishes is not None:
            from qplan.planning.offers import apply, choose

            dated = apply(frozen, choose(frozen, catalog, track, providers, wishes), providers)
            notes: tuple[str, ...] = ()
        else:
            days_off = calendar_for(doc.unavailable_spans(), avoid_school_holidays=doc.avoid_school_holidays)
            start = doc.start or doc.first_date() or since
            dated, schedule = schedule_plan(frozen, catalog, track, start, today=since, calendar=days_off)
            notes = schedule.notes
        original = {e.id: e for e in doc.modules}
        modules = tuple(original[e.id] if e.id in kept else e for e in dated.modules)
        return replace(doc, modules=modules), notes

    planned: dict[str, Any] = {}  # the new plan's notes, computed once, from the file as read

    def compute(doc: PlanDocument) -> tuple[dict[str, dict[str, Any]], list[Change]]:
        new, notes = plan_again(doc)
        planned["notes"] = advice(new, notes)
        before = {e.id: e for e in doc.modules}
        values: dict[str, dict[str, Any]] = {}
        changes = []
        for entry in new.modules:
            old = before[entry.id]
            fresh = {k: getattr(entry, k) for k in _SCHEDULE_KEYS if getattr(entry, k) != getattr(old, k)}
            if not fresh:
                continue
            values[entry.id] = fresh
            was = german(old.date) if old.date else "ohne Termin"
            now = german(entry.date) if entry.date else "ohne Termin"
            changes.append(
                Change(
                    entry.id,
                    f"{was} → {now}",
                    old.date.isoformat() if old.date else None,
                    entry.date.isoformat() if entry.date else None,
                )
            )
        return values, changes

    def advice(doc: PlanDocument, notes: tuple[str, ...]) -> tuple[str, ...]:
        track = catalog.track_for(doc.format, doc.field)
        start = doc.start or doc.first_date()
        if track is None or start is None or not track.schedule.duration_months:
            return notes
        from qplan.dates import window_end

        last = window_end(start, track.schedule.duration_months)
        late = [e.id for e in doc.modules if not e.done and e.date is not None and (e.until or e.date) > last]
        if not late:
            return notes
        return (
            *notes,
            f"Passt nicht mehr vor dem Ende des Zeitraums ({german(last)}): {', '.join(late)}. Möglich: ab einem "
            "früheren Tag neu planen, für die offenen Module Angebote wählen lassen oder mit dem Träger "
            "einen späteren Abschluss vereinbaren (`qplan replan --help`).",
        )

    if dry_run:
        _text, current = _read(path)
        _values, changes = compute(current)
        return Replan(changes, planned["notes"], False)
    changes = _change_file(path, compute)
    return Replan(changes, planned["notes"], True)
