"""Calendar arithmetic the schedule needs: months, weekdays, German date text."""

from __future__ import annotations

import calendar
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


def events_of(days: list[date]) -> list[list[date]]:
    """Presence days grouped into events: runs of consecutive calendar days."""
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


def first_of_next_month(today: date) -> date:
    return add_months(today.replace(day=1), 1)


def dmy(day: date) -> str:
    """`04.01.2027` (without strftime, which is slow in tight loops)."""
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


def german(day: date) -> str:
    """`Mo 04.01.2027`."""
    return f"{WEEKDAYS_DE[day.weekday()]} {dmy(day)}"


def parse_start(text: str) -> date:
    """`YYYY-MM` (the first of that month) or `YYYY-MM-DD`; ValueError with a German text."""
    parts = text.strip().split("-")
    try:
        if len(parts) == 2 and len(parts[0]) == 4:
            return date(int(parts[0]), int(parts[1]), 1)
        if len(parts) == 3 and len(parts[0]) == 4:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise ValueError(f"„{text}“ ist kein gültiges Datum.") from None
    raise ValueError(f"„{text}“: erwartet wird JJJJ-MM oder JJJJ-MM-TT.")
