"""The days on which no presence day may fall: public holidays, the learner's own days off,
and (if asked for) school holidays; years are loaded on first use.

The lookups are handed in by the run layer (`qplan.run.calendar`), which takes the
holidays of Baden-Württemberg from the `holidays` package and keeps them in the cache;
rules and the scheduler see only this object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta

YearLookup = Callable[[int], Mapping[date, str]]
SEARCH_DAYS = 400  # how far a free run of weekdays is looked for


class Calendar:
    """Blocked days for presence, with the reason a person reads."""

    def __init__(
        self,
        holidays: YearLookup | None = None,
        unavailable: Iterable[tuple[date, date]] = (),
        school: YearLookup | None = None,
    ) -> None:
        self._holidays = holidays
        self._school = school
        self.unavailable = tuple(unavailable)
        # One flat lookup per kind, with the years loaded so far: a batch asks for every
        # presence day of every plan.
        self._names: dict[str, dict[date, str]] = {"holiday": {}, "school": {}}
        self._loaded: dict[str, set[int]] = {"holiday": set(), "school": set()}

    def _lookup(self, kind: str, source: YearLookup | None, day: date) -> str | None:
        if source is None:
            return None
        if day.year not in self._loaded[kind]:
            self._loaded[kind].add(day.year)
            self._names[kind].update(source(day.year))
        return self._names[kind].get(day)

    def holiday(self, day: date) -> str | None:
        """The name of the public holiday on `day`, if it is one."""
        return self._lookup("holiday", self._holidays, day)

    def any_holiday(self, days: list[date]) -> bool:
        """Whether any of `days` is a public holiday (one set operation for a batch's plans)."""
        if self._holidays is None:
            return False
        loaded = self._loaded["holiday"]
        for day in days:
            if day.year not in loaded:
                self._lookup("holiday", self._holidays, day)
        return not self._names["holiday"].keys().isdisjoint(days)

    def school_holiday(self, day: date) -> str | None:
        return self._lookup("school", self._school, day)

    def is_unavailable(self, day: date) -> bool:
        return any(first <= day <= last for first, last in self.unavailable)

    def blocked(self, day: date) -> str | None:
        """Why no presence day may fall on `day` (a German phrase), or None."""
        name = self.holiday(day)
        if name is not None:
            return f"Feiertag ({name})"
        if self.is_unavailable(day):
            return "nicht verfügbar"
        name = self.school_holiday(day)
        if name is not None:
            return f"Schulferien ({name})"
        return None

    def free_run(self, day: date, length: int, *, weekdays_only: bool = True) -> date | None:
        """The first day on or after `day` that starts `length` consecutive free days
        (weekdays of one week when `weekdays_only`), or None within `SEARCH_DAYS`."""
        for offset in range(SEARCH_DAYS):
            first = day + timedelta(days=offset)
            if weekdays_only and first.weekday() + length > 5:
                continue
            if all(self.blocked(first + timedelta(days=n)) is None for n in range(length)):
                return first
        return None


NO_DAYS_OFF = Calendar()
