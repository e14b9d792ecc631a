"""What the rules look up in the catalogue, indexed once per run.

`PlanContext` needs these facts and `RuleSet` extends them with the enabled rules; keeping
them here lets the context be typed without importing the engine that builds contexts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qplan.calendar import Calendar
from qplan.models.catalog import Catalog, Track

REMEMBERED_COMPOSITIONS = 4096


class CatalogFacts:
    """The catalogue's indexes, the calendar and a bounded per-run memo."""

    def __init__(self, catalog: Catalog, calendar: Calendar | None = None) -> None:
        self.catalog = catalog
        self.calendar = calendar  # public and school holidays; without one, QP309 is not checked
        modules = catalog.modules
        self.module_ids = frozenset(m.id for m in modules)
        ids_by_format: dict[str, frozenset[str]] = {
            f.id: frozenset(m.id for m in modules if m.format == f.id) for f in catalog.formats
        }
        self.allowed_ids = {
            t.id: frozenset().union(*(ids_by_format.get(f, frozenset()) for f in t.formats)) for t in catalog.tracks
        }
        self.required_ids = {t.id: frozenset(t.modules.all()) for t in catalog.tracks}
        self.basis_outside_field = {
            f.id: frozenset(m.id for m in modules if m.format == "basis" and f.id not in m.fields)
            for f in catalog.fields
        }
        self._tracks: dict[tuple[str, str | None], Track | None] = {}
        self._memo: dict[Any, Any] = {}

    def remember(self, key: Any, compute: Callable[[], Any]) -> Any:
        """A value derived from `key` alone, computed once per run (bounded)."""
        if key not in self._memo:
            if len(self._memo) >= REMEMBERED_COMPOSITIONS:
                self._memo.clear()
            self._memo[key] = compute()
        return self._memo[key]

    def track_for(self, format_id: str, field: str | None) -> Track | None:
        key = (format_id, field)
        if key not in self._tracks:  # every plan of a batch asks
            self._tracks[key] = self.catalog.track_for(format_id, field)
        return self._tracks[key]
