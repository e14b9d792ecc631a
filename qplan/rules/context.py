"""What every rule sees: the plan document, the catalogue, the track, and derived totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from qplan.models.catalog import Catalog, Module, Track
from qplan.models.plan import PlanDocument, PlanEntry


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


@dataclass(frozen=True)
class PlanContext:
    doc: PlanDocument
    catalog: Catalog
    today: date

    @cached_property
    def track(self) -> Track | None:
        if self.doc.format == "basis" and self.doc.field is None:
            return None
        return self.catalog.track_for(self.doc.format, self.doc.field)

    @cached_property
    def totals(self) -> Totals:
        return totals_of(self.doc.modules)

    @cached_property
    def known(self) -> list[tuple[int, PlanEntry, Module]]:
        """Entries whose module is in the catalogue, first occurrence of each id only."""
        seen: set[str] = set()
        result = []
        for index, entry in enumerate(self.doc.modules):
            module = self.catalog.module_by_id.get(entry.id)
            if module is not None and entry.id not in seen:
                seen.add(entry.id)
                result.append((index, entry, module))
        return result

    @cached_property
    def ids(self) -> set[str]:
        return {e.id for e in self.doc.modules}

    @cached_property
    def start(self) -> date | None:
        return self.doc.start or self.doc.first_date()
