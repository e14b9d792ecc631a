"""What every rule sees: the plan document, the catalogue, the track, and derived totals."""

from __future__ import annotations

from datetime import date

from qplan.models.catalog import Catalog, Module, Track
from qplan.models.plan import PlanDocument, PlanEntry
from qplan.models.providers import ProviderCatalog
from qplan.models.results import Totals
from qplan.rules.facts import CatalogFacts


class PlanContext:
    """Read-only view of one plan for the rules; derived values are computed once.

    A batch check runs every rule on thousands of plans, so the values several rules need
    (totals, the dates of presence days, ...) come from one pass over the entries.
    """

    __slots__ = (
        "_known",
        "catalog",
        "dates",
        "doc",
        "has_done",
        "ids",
        "open_dates",
        "open_presence_days",
        "open_undated",
        "presence_days",
        "providers",
        "rules",
        "start",
        "today",
        "totals",
        "track",
        "untils",
        "window_reversed",
    )

    def __init__(
        self, doc: PlanDocument, catalog: Catalog, today: date, providers: ProviderCatalog | None, rules: CatalogFacts
    ) -> None:
        self.doc = doc
        self.providers = providers
        self.catalog = catalog
        self.today = today
        self.rules = rules
        self.track: Track | None = (
            None if doc.format == "basis" and doc.field is None else rules.track_for(doc.format, doc.field)
        )
        praesenz = selbstlern = done = 0
        dates: list[date] = []  # every date given, in entry order
        presence: list[date] = []  # dates of presence days
        open_presence: list[date] = []  # ... of modules not done
        open_dates: dict[str, date] = {}  # module id → date of modules not done (last entry wins)
        untils: list[date] = []
        window_reversed = False  # a self-study window ends before it begins
        open_undated = False  # a module not done has no date
        for entry in doc.modules:
            day = entry.date
            if entry.phase == "praesenz":
                praesenz += entry.counted_wst
                if day is not None:
                    presence.append(day)
                    if not entry.done:
                        open_presence.append(day)
            else:
                selbstlern += entry.counted_wst
            if entry.done:
                done += entry.counted_wst
            if day is not None:
                dates.append(day)
                if not entry.done:
                    open_dates[entry.id] = day
            elif not entry.done:
                open_undated = True
            if entry.until is not None:
                untils.append(entry.until)
                if day is not None and entry.until < day:
                    window_reversed = True
        self.totals = Totals(praesenz + selbstlern, praesenz, selbstlern, done)
        self.has_done = done > 0  # wst is at least 1
        self.dates = dates
        self.presence_days = presence
        self.open_presence_days = open_presence
        self.open_dates = open_dates
        self.untils = untils
        self.window_reversed = window_reversed
        self.open_undated = open_undated
        self.ids = {e.id for e in doc.modules}
        self.start = doc.start or (min(dates) if dates else None)
        self._known: list[tuple[int, PlanEntry, Module]] | None = None

    def bookings(self, *, open_only: bool) -> dict[date, str]:
        """The booking (offer id) each presence day belongs to: the days of one booking are one
        event (`qplan.dates.events_of`)."""
        return {
            e.date: e.offer
            for e in self.doc.modules
            if e.phase == "praesenz" and e.date is not None and e.offer and not (open_only and e.done)
        }

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
