"""Short plan files: what a trainer may leave out, filled in from the catalogue.

A composition may list its modules as ids only (`modules: [M01, M03]`) or as entries with
just `id` (and `date`, `done`, …). Before validation the missing `phase` comes from the
track's reference composition (else the module's default phase) and `wst` from the
catalogue; what was filled in is kept, so `show` can say so.
"""

from __future__ import annotations

from typing import Any

from qplan.models.catalog import Catalog


class FillIn:
    """Fills in one parsed plan document; `filled` names what it added, per module."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.filled: list[str] = []

    def __call__(self, data: Any) -> Any:
        self.filled = []
        if not isinstance(data, dict) or not isinstance(data.get("modules"), list):
            return data
        fmt, field = data.get("format"), data.get("field")
        track = (
            self.catalog.track_for(fmt, field)
            if isinstance(fmt, str) and (field is None or isinstance(field, str))
            else None
        )
        entries = []
        for item in data["modules"]:
            entry = {"id": item} if isinstance(item, str) else item
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                module = self.catalog.module_by_id.get(entry["id"])
                added = []
                # An unknown id gets stand-in values, so that the rules can name it (QP101,
                # with the closest known id) instead of reporting missing fields.
                if "phase" not in entry:
                    phase = (track.phase_of(module) if track else module.default_phase) if module else "selbstlern"
                    entry = {**entry, "phase": phase}
                    added.append("Phase")
                if "wst" not in entry:
                    entry = {**entry, "wst": module.wst if module else 6}
                    added.append("WSt")
                if added:
                    self.filled.append(f"{entry['id']} ({', '.join(added)})")
            entries.append(entry)
        return {**data, "modules": entries}
