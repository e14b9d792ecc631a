"""Baden-Württemberg's calendar for a run: public holidays and school holidays from the
`holidays` package, kept in the cache per year so that a command with a warm cache does
not import the package (its import and a year's computation cost about 0.1 s)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache as memoize
from functools import lru_cache
from types import MappingProxyType

from qplan.calendar import Calendar
from qplan.loading import cache

COUNTRY, SUBDIVISION, LANGUAGE = "DE", "BW", "de"


@lru_cache(maxsize=1)
def _fingerprint() -> str:
    """Which `holidays` release computed the cached years (its file, without importing it)."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return "none"
    from pathlib import Path

    info = Path(spec.origin).stat()
    return f"{info.st_size}-{info.st_mtime_ns}"


@memoize  # a run's calendars (scheduling, rules) share each year
def _year(kind: str, year: int) -> Mapping[date, str]:
    key = cache.key_for(f"{kind}:{COUNTRY}-{SUBDIVISION}:{year}:{_fingerprint()}".encode(), "holidays")
    stored = cache.load(key, dict)
    if stored is None:
        import holidays

        categories = ("school",) if kind == "school" else ("public",)
        computed = holidays.country_holidays(
            COUNTRY, subdiv=SUBDIVISION, years=year, language=LANGUAGE, categories=categories
        )
        stored = {day.isoformat(): str(name) for day, name in sorted(computed.items())}
        cache.store(key, stored)
    return MappingProxyType({date.fromisoformat(day): str(name) for day, name in stored.items()})


def public_holidays(year: int) -> Mapping[date, str]:
    """The statutory public holidays of Baden-Württemberg in `year`, by date, with German names."""
    return _year("public", year)


def school_holidays(year: int) -> Mapping[date, str]:
    """Baden-Württemberg's school holidays in `year` (as far as the package knows them)."""
    return _year("school", year)


def calendar_for(unavailable: Iterable[tuple[date, date]] = (), *, avoid_school_holidays: bool = False) -> Calendar:
    return Calendar(public_holidays, unavailable, school_holidays if avoid_school_holidays else None)
