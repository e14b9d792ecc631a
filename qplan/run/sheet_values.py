"""Cell values as people type them in a spreadsheet, turned into the providers file's values.

`01.03.2027`, `Mo 01.03.2027`, a real date cell, `1.000,00 €`, `800,-`, `ja`, `M01, M03`:
each kind of column (`qplan.models.sheets.Kind`) has one parser here. A value that cannot be
read raises ValueError with a German sentence; the caller adds the cell's place.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from qplan.dates import parse_day
from qplan.loading.spreadsheet import Value
from qplan.models.sheets import Kind
from qplan.words import fold

TRUE = {"ja", "j", "x", "wahr", "true", "yes", "1"}
FALSE = {"nein", "n", "falsch", "false", "no", "0", "-"}
_MONEY = re.compile(r"^\d{1,3}(\.\d{3})+$|^\d+$")


def text(value: Value) -> str:
    """A cell as text; whole numbers from a number cell without `.0`."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def parse(kind: Kind, value: Value) -> object:
    """The value of a filled cell for the providers file."""
    if kind == "text":
        return text(value)
    if kind == "id":
        return text(value).upper()
    if kind == "int":
        return _whole(value, "eine ganze Zahl, z. B. 18")
    if kind == "money":
        return _money(value)
    if kind == "bool":
        return _bool(value)
    if kind == "date":
        return _date(value).isoformat()
    if kind == "list":
        return [fold(part) for part in _parts(value)]
    if kind == "ids":
        return [part.upper() for part in _parts(value)]
    if kind == "dates":
        if isinstance(value, date):
            return [_date(value).isoformat()]
        return [_date(part).isoformat() for part in _parts(value)]
    if kind == "wst":
        return _wst(value)
    raise AssertionError(kind)


def _parts(value: Value) -> list[str]:
    return [p.strip() for p in re.split(r"[,;\n]", text(value)) if p.strip()]


def _whole(value: Value, expected: str) -> int:
    if isinstance(value, bool):
        raise ValueError(f"„{text(value)}“: erwartet wird {expected}.")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        cleaned = text(value).replace("\u202f", "").replace(" ", "")
        if not _MONEY.match(cleaned):
            raise ValueError(f"„{text(value)}“: erwartet wird {expected}.")
        number = int(cleaned.replace(".", ""))
    if number < 0:
        raise ValueError(f"„{text(value)}“: erwartet wird {expected}, nicht negativ.")
    return number


def _money(value: Value) -> int:
    """Whole euros: `320`, `1.000`, `1.000,00 €`, `800,-`, a number cell 320.0."""
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"„{value}“: nur volle Euro (ohne Cent), z. B. 320 oder 1.000,00 €.")
    if isinstance(value, int | float):
        return _whole(value, "ein Betrag in Euro")
    cleaned = text(value).removesuffix("€").removesuffix("EUR").strip().removeprefix("€").strip()
    cleaned = cleaned.removesuffix(",-").removesuffix(",–")
    euros, _, cents = cleaned.partition(",")
    if cents and cents.strip("0"):
        raise ValueError(f"„{text(value)}“: nur volle Euro (ohne Cent), z. B. 320 oder 1.000,00 €.")
    return _whole(euros, "ein Betrag in Euro, z. B. 320 oder 1.000,00 €")


def _bool(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    word = fold(text(value))
    if word in TRUE:
        return True
    if word in FALSE:
        return False
    raise ValueError(f"„{text(value)}“: erwartet wird ja oder nein.")


def _date(value: Value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        raise ValueError(f"„{text(value)}“: erwartet wird ein Datum, z. B. 01.03.2027.")
    return parse_day(text(value))


def _wst(value: Value) -> dict[str, int]:
    """`M01: 4, M03: 6` (also `M01=4`)."""
    result: dict[str, int] = {}
    for part in _parts(value):
        module, sep, hours = part.replace("=", ":").partition(":")
        if not sep:
            raise ValueError(f"„{part}“: erwartet wird Modul und WSt, z. B. M01: 4.")
        result[module.strip().upper()] = _whole(hours.strip(), "eine Zahl von WSt, z. B. M01: 4")
    return result
