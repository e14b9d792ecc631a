"""Calendar arithmetic the schedule needs: months, weekdays, German date text."""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from datetime import date, timedelta

WEEKDAYS_DE = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
MONTHS_DE = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def window_end(start: date, months: int) -> date:
    """The last day of a window of `months` months that begins on `start`."""
    return add_months(start, months) - timedelta(days=1)


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def first_run_of_weekdays(day: date, length: int) -> date:
    """The first day on or after `day` that starts `length` consecutive weekdays."""
    if length > 5:
        raise ValueError("an event cannot have more than 5 consecutive weekdays")
    while day.weekday() + length > 5:
        day += timedelta(days=1)
    return day


def events_of(days: list[date], booking: Mapping[date, str] | None = None) -> list[list[date]]:
    """Presence days grouped into events, the one definition the check, the schedule and the
    offer choice share: runs of consecutive calendar days, and the days of one booking (the
    `booking` each day belongs to, an offer id) are one event even when they are not
    consecutive (Friday and Monday). An event is a run from its first to its last day: two
    bookings whose days interleave or touch are one event."""
    if not booking:
        events: list[list[date]] = []
        last = 0
        for day in sorted(set(days)):
            number = day.toordinal()
            if events and number == last + 1:
                events[-1].append(day)
            else:
                events.append([day])
            last = number
        return events
    span: dict[str, tuple[int, int]] = {}
    for day in days:
        key = booking.get(day)
        if key is not None:
            first, final = span.get(key, (day.toordinal(), day.toordinal()))
            span[key] = (min(first, day.toordinal()), max(final, day.toordinal()))
    runs = sorted(
        span[booking[day]] if booking.get(day) is not None else (day.toordinal(), day.toordinal()) for day in set(days)
    )
    merged: list[list[int]] = []
    for first, final in runs:
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], final)
        else:
            merged.append([first, final])
    grouped: list[list[date]] = [[] for _ in merged]
    index = 0
    for day in sorted(set(days)):
        while day.toordinal() > merged[index][1]:
            index += 1
        grouped[index].append(day)
    return grouped


def first_of_next_month(today: date) -> date:
    return add_months(today.replace(day=1), 1)


def dmy(day: date) -> str:
    """`04.01.2027` (without strftime, which is slow in tight loops)."""
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def german(day: date) -> str:
    """`Mo 04.01.2027`."""
    return f"{WEEKDAYS_DE[day.weekday()]} {dmy(day)}"


# Plans are made for real people: dates outside these years are typing mistakes, and far
# dates would overflow the calendar arithmetic (9999-12-31 + 18 months).
FIRST_YEAR = 2000
LAST_YEAR = 2100
_START = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_GERMAN = re.compile(r"(?:(\d{1,2})\.)?(\d{1,2})\.(\d{4})")


def in_range(day: date) -> bool:
    return FIRST_YEAR <= day.year <= LAST_YEAR


def _checked(day: date, text: str) -> date:
    if not in_range(day):
        raise ValueError(f"„{text}“ liegt nicht zwischen {FIRST_YEAR} und {LAST_YEAR}.")
    return day


def _german_form(text: str) -> tuple[str | None, re.Match[str] | None]:
    """The weekday written before a German date (as qplan prints them), and the date's parts."""
    weekday = None
    head, _, rest = text.partition(" ")
    if rest and head.rstrip(",") in WEEKDAYS_DE:
        weekday, text = head.rstrip(","), rest.strip()
    return weekday, _GERMAN.fullmatch(text)


def _make(year: str, month: str, day: str | None, text: str, weekday: str | None = None) -> date:
    try:
        made = _checked(date(int(year), int(month), int(day or 1)), text)
    except ValueError as exc:
        if "zwischen" in str(exc):
            raise
        raise ValueError(f"„{text}“ ist kein gültiges Datum.") from None
    if weekday is not None and WEEKDAYS_DE[made.weekday()] != weekday:
        raise ValueError(f"„{text}“: der {dmy(made)} ist ein {WEEKDAYS_DE[made.weekday()]}, kein {weekday}.")
    return made


def parse_start(text: str) -> date:
    """`YYYY-MM` (the first of that month), `YYYY-MM-DD`, or German `MM.YYYY`, `TT.MM.YYYY`
    (`Mo 01.03.2027` too); ValueError with a German text."""
    cleaned = text.strip()
    match = _START.fullmatch(cleaned)
    if match is not None:
        year, month, day = match.groups()
        return _make(year, month, day, text)
    weekday, german_match = _german_form(cleaned)
    if german_match is not None and (weekday is None or german_match.group(1)):
        day, month, year = german_match.groups()
        return _make(year, month, day, text, weekday)
    raise ValueError(f"„{text}“: erwartet wird JJJJ-MM oder JJJJ-MM-TT (auch MM.JJJJ oder TT.MM.JJJJ).")


def parse_day(text: str) -> date:
    """Exactly `YYYY-MM-DD` (not `YYYYMMDD`) or German `TT.MM.YYYY` (`Mo 01.03.2027` too),
    within the years qplan plans for."""
    cleaned = text.strip()
    if _DAY.fullmatch(cleaned) is not None:
        year, month, day = cleaned.split("-")
        return _make(year, month, day, text)
    weekday, german_match = _german_form(cleaned)
    if german_match is not None and german_match.group(1):
        day, month, year = german_match.groups()
        return _make(year, month, day, text, weekday)
    raise ValueError(f"„{text}“: erwartet wird JJJJ-MM-TT (auch TT.MM.JJJJ).")
