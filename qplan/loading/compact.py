"""Is an offer table read back from the cache intact?

The cache checks each value it reads against its model (`qplan.loading.conform`); for the
columns of `qplan.models.offer_table.OfferTable` that check would visit a million values
one by one. This one checks the same promises column by column: every number of a column
is an `int` (a `bool` where the field is one), points into `texts` or is a valid day, each
run of `modules` and `dates` lies inside its tuple, and every distinct value a column holds
passes the check of its `Offer` field. So every `Offer` the table can build conforms to
its model; a table that does not pass is ignored and rebuilt from the file.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from qplan.loading.conform import conforms, field_checks
from qplan.models.offer_table import NONE, OfferTable
from qplan.models.providers import Offer, ProviderCatalog

_TEXT_COLUMNS = ("id", "provider", "phase", "setting", "location")
_OPTIONAL_TEXT_COLUMNS = ("status", "reviewer", "reason", "begleitung")
_NUMBER_COLUMNS = ("seats", "cost_eur", "booked")
_BOOL_COLUMNS = ("funded", "online")
_LAST_DAY = date.max.toordinal()


def intact(table: Any) -> bool:
    """True if `table` is an `OfferTable` whose every offer would conform to `Offer`."""
    if type(table) is not OfferTable:
        return False
    try:
        return _head_ok(table) and _columns_ok(table)
    except (TypeError, ValueError, IndexError, OverflowError, RecursionError):
        return False


def _head_ok(table: OfferTable) -> bool:
    head = ProviderCatalog(schema_version=table.schema_version, note=table.note, providers=table.providers, offers=())
    return conforms(head) and type(table.texts) is tuple and _types(table.texts) <= {str}


def _columns_ok(table: OfferTable) -> bool:
    checks = field_checks(Offer)
    count = len(table.id)
    texts = table.texts
    for name in (*_TEXT_COLUMNS, *_OPTIONAL_TEXT_COLUMNS, *_NUMBER_COLUMNS, *_BOOL_COLUMNS):
        column = getattr(table, name)
        if type(column) is not tuple or len(column) != count:
            return False
    for name in _TEXT_COLUMNS:
        if not _all_pass(getattr(table, name), checks[name], lambda n: texts[_index(n, texts)]):
            return False
    for name in _OPTIONAL_TEXT_COLUMNS:
        if not _all_pass(getattr(table, name), checks[name], lambda n: None if n == NONE else texts[_index(n, texts)]):
            return False
    for name in _NUMBER_COLUMNS:
        if not _all_pass(getattr(table, name), checks[name], lambda n: n):
            return False
    for name in _BOOL_COLUMNS:
        if not _types(getattr(table, name)) <= {bool}:
            return False
    days = (
        ("registration_deadline", table.registration_deadline, _day),
        ("start", table.start, lambda n: _day(n) if n else None),
        ("until", table.until, lambda n: _day(n) if n else None),
    )
    for name, column, read in days:
        if type(column) is not tuple or len(column) != count:
            return False
        if not _all_pass(column, checks[name], read):
            return False
    return _runs_ok(table, checks, count) and _partial_ok(table, checks, count) and _shape_ok(table, count)


def _shape_ok(table: OfferTable, count: int) -> bool:
    """What the file's checks (QA101–QA103) promised and the offer choice relies on: unique
    ids, known providers, at least one module, a presence day per module, a self-study window
    with its start not after its end."""
    texts = table.texts
    if len(set(table.id)) != count:
        return False
    known = {p.id for p in table.providers}
    if not {texts[_index(n, texts)] for n in set(table.provider)} <= known:
        return False
    presence = table.text_number.get("praesenz")
    module_begin, date_begin = 0, 0
    for row in range(count):
        modules = table.module_end[row] - module_begin
        days = table.date_end[row] - date_begin
        module_begin, date_begin = table.module_end[row], table.date_end[row]
        if modules < 1:
            return False
        if table.phase[row] == presence:
            if days != modules:
                return False
        elif not (table.start[row] and table.until[row] and table.start[row] <= table.until[row]):
            return False
    return True


def _runs_ok(table: OfferTable, checks: dict[str, Callable[[Any], bool]], count: int) -> bool:
    """`modules` and `dates` with their run ends: in order, inside, and each value allowed."""
    texts = table.texts
    for flat, ends in ((table.modules, table.module_end), (table.dates, table.date_end)):
        if type(flat) is not tuple or type(ends) is not tuple or len(ends) != count:
            return False
        if not _types(flat) <= {int} or not _types(ends) <= {int}:
            return False
        if ends and (ends[0] < 0 or ends[-1] != len(flat) or list(ends) != sorted(ends)):
            return False
        if not ends and flat:
            return False
    modules = tuple(texts[_index(n, texts)] for n in set(table.modules))
    dates = tuple(_day(n) for n in set(table.dates))
    return checks["modules"](modules) and checks["dates"](dates)


def _partial_ok(table: OfferTable, checks: dict[str, Callable[[Any], bool]], count: int) -> bool:
    texts = table.texts
    if type(table.wst) is not tuple:
        return False
    for item in table.wst:
        if type(item) is not tuple or len(item) != 3 or not _types(item) <= {int}:
            return False
        row, module, hours = item
        if not 0 <= row < count or not checks["wst"]({texts[_index(module, texts)]: hours}):
            return False
    return True


def _all_pass(column: tuple[Any, ...], check: Callable[[Any], bool], read: Callable[[Any], Any]) -> bool:
    """Every distinct number of `column` is an int whose value (`read`) passes `check`."""
    return _types(column) <= {int} and all(check(read(n)) for n in set(column))


def _types(values: Any) -> set[type]:
    return set(map(type, values))


def _index(number: int, texts: tuple[str, ...]) -> int:
    if not 0 <= number < len(texts):
        raise IndexError(number)
    return number


def _day(number: int) -> date:
    if not 1 <= number <= _LAST_DAY:
        raise ValueError(number)
    return date.fromordinal(number)
