"""Short plan files: what a trainer may leave out, filled in from the catalogue.

A composition may list its modules as ids only (`modules: [M01, M03]`) or as entries with
just `id` (and `date`, `done`, …). Before validation the missing `phase` comes from the
track's reference composition (else the module's default phase) and `wst` from the
catalogue; what was filled in is kept, so `show` can say so.

Values are read as forgivingly as on the command line: `format: Basis`, `field: Steuerung`,
`id: m01`, `phase: Präsenz` are read as `basis`, `steuerung`, `M01`, `praesenz`, each with a
hint (QP005) that names the canonical spelling, instead of a schema error.
"""

from __future__ import annotations

from typing import Any

from qplan.findings import RESPELLED, Finding
from qplan.models.catalog import Catalog
from qplan.models.common import FORMAT_IDS, PHASES, PLAN_FIELDS


def _fold(text: str) -> str:
    """Lower case, umlauts as two letters: `Präsenz` → `praesenz`, `Einführung` → `einfuehrung`."""
    text = text.strip().lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    return text


def _canonical(value: Any, known: tuple[str, ...]) -> str | None:
    """The known spelling of `value` when it is written another way, else None."""
    if not isinstance(value, str) or value in known:
        return None
    folded = _fold(value)
    return next((k for k in known if _fold(k) == folded), None)


class FillIn:
    """Fills in one parsed plan document; `filled` names what it added, per module."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.filled: list[str] = []
        self.respelled: list[Finding] = []  # QP005 hints, with anchors into the document

    def _respell(self, value: Any, known: tuple[str, ...], anchor: tuple[str | int, ...]) -> Any:
        canonical = _canonical(value, known)
        if canonical is None:
            return value
        self.respelled.append(
            Finding(RESPELLED, "info", f"„{value}“ gelesen als „{canonical}“; bitte so schreiben.", anchor=anchor)
        )
        return canonical

    def __call__(self, data: Any) -> Any:
        self.filled = []
        self.respelled = []
        if isinstance(data, dict):
            data = {**data}
            for key, known in (("format", FORMAT_IDS), ("field", PLAN_FIELDS)):
                if key in data:
                    data[key] = self._respell(data[key], known, (key,))
        if not isinstance(data, dict) or not isinstance(data.get("modules"), list):
            return data
        fmt, field = data.get("format"), data.get("field")
        track = (
            self.catalog.track_for(fmt, field)
            if isinstance(fmt, str) and (field is None or isinstance(field, str))
            else None
        )
        entries = []
        ids = tuple(self.catalog.module_by_id)
        for index, item in enumerate(data["modules"]):
            if isinstance(item, str):
                item = self._respell(item, ids, ("modules", index))
            elif isinstance(item, dict):
                item = {**item}
                if "id" in item:
                    item["id"] = self._respell(item["id"], ids, ("modules", index, "id"))
                if "phase" in item:
                    item["phase"] = self._respell(item["phase"], PHASES, ("modules", index, "phase"))
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
