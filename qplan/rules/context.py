"""What every rule sees: the plan document, the catalogue, the track, and derived totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qplan.models.catalog import Catalog, Module, Track
from qplan.models.plan import PlanDocument, PlanEntry
from qplan.models.providers import ProviderCatalog


@dataclass(frozen=True, slots=True)
class Totals:
    wst: int
    praesenz: int
    selbstlern: int
    done: int

    def as_dict(self, catalog: Catalog) -> dict[str, float | int]:
        return {
            "wst": self.wst,
            "praesenz": self.praesenz,
            "selbstlern": self.selbstlern,
            "done": self.done,
            "hours": catalog.hours(self.wst),
        }


def totals_of(entries: tuple[PlanEntry, ...]) -> Totals:
    praesenz = sum(e.wst for e in entries if e.phase == "praesenz")
    selbstlern = sum(e.wst for e in entries if e.phase == "selbstlern")
    return Totals(praesenz + selbstlern, praesenz, selbstlern, sum(e.wst for e in entries if e.done))


class PlanContext:
    """Read-only view of one plan for the rules; derived values are computed once."""

    __slots__ = ("_known", "catalog", "doc", "ids", "providers", "start", "today", "totals", "track")

    def __init__(
        self, doc: PlanDocument, catalog: Catalog, today: date, providers: ProviderCatalog | None = None
    ) -> None:
        self.doc = doc
        self.providers = providers
        self.catalog = catalog
        self.today = today
        self.track: Track | None = (
            None if doc.format == "basis" and doc.field is None else catalog.track_for(doc.format, doc.field)
        )
        self.totals = totals_of(doc.modules)
        self.ids = {e.id for e in doc.modules}
        self.start = doc.start or doc.first_date()
        self._known: list[tuple[int, PlanEntry, Module]] | None = None

    @property
    def known(self) -> list[tuple[int, PlanEntry, Module]]:
        """Entries whose module is in the catalogue, first occurrence of each id only."""
        if self._known is None:
            seen: set[str] = set()
            result = []
            modules = self.catalog.module_by_id
            for index, entry in enumerate(self.doc.modules):
                module = modules.get(entry.id)
                if module is not None and entry.id not in seen:
                    seen.add(entry.id)
                    result.append((index, entry, module))
            self._known = result
        return self._known
