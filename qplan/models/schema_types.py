"""Field types for the data models that pydantic validates strictly, without importing it.

The models are plain frozen dataclasses so that a command that only reads the cached
catalogue never pays for importing pydantic. The markers below tell pydantic, when it
validates a file, how to check a field: `no` is not a boolean, `"6"` is not a number,
dates are `JJJJ-MM-TT` strings checked here, not by the YAML parser.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from qplan.dates import FIRST_YEAR, LAST_YEAR


class _Schema:
    """An `Annotated` marker that hands pydantic a core schema built on first use."""

    __slots__ = ("_build", "_json")

    def __init__(self, build: Callable[[], Any], json: dict[str, Any]) -> None:
        self._build = build
        self._json = json

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        return self._build()

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        return dict(self._json)


# No count, hour, seat or euro figure of the programme comes near this; a bound keeps
# absurd numbers (a 400-digit `wst`) from reaching arithmetic that would overflow.
MAX_NUMBER = 1_000_000
FIRST_DAY = date(FIRST_YEAR, 1, 1)
LAST_DAY = date(LAST_YEAR, 12, 31)


def _int_schema(minimum: int) -> Callable[[], Any]:
    def build() -> Any:
        from pydantic_core import core_schema

        return core_schema.int_schema(strict=True, ge=minimum, le=MAX_NUMBER)

    return build


def _bool_schema() -> Any:
    from pydantic_core import core_schema

    return core_schema.bool_schema(strict=True)


def _number_schema() -> Any:
    from pydantic_core import core_schema

    # Strings such as "0.5" are accepted: the loader leaves decimals as text (YAML 1.1's
    # `1.10` → 1.1 surprise), so a number field parses them here.
    return core_schema.float_schema(ge=0, le=MAX_NUMBER, allow_inf_nan=False)


def _date_schema() -> Any:
    from pydantic_core import core_schema

    # Both steps run inside pydantic-core: a batch check validates thousands of dates.
    text = core_schema.custom_error_schema(
        core_schema.str_schema(strict=True, pattern=r"^\d{4}-\d{2}-\d{2}$"),
        custom_error_type="date_format",
        custom_error_message="Datum im Format JJJJ-MM-TT erwartet",
    )
    calendar = core_schema.custom_error_schema(
        core_schema.date_schema(), custom_error_type="date_invalid", custom_error_message="kein Kalenderdatum"
    )
    years = core_schema.custom_error_schema(
        core_schema.date_schema(ge=FIRST_DAY, le=LAST_DAY),
        custom_error_type="date_range",
        custom_error_message=f"Datum zwischen {FIRST_YEAR} und {LAST_YEAR} erwartet",
    )
    return core_schema.chain_schema([text, calendar, years])


def _text_schema() -> Any:
    from pydantic_core import core_schema

    return core_schema.str_schema(strict=True, min_length=1)


def _confidence_schema() -> Any:
    from pydantic_core import core_schema

    return core_schema.int_schema(strict=True, ge=0, le=3)


def bound(maximum: int, reason: str, minimum: int = 1) -> _Schema:
    """The marker for a whole number from `minimum` to `maximum` (`Annotated[int, bound(…)]`);
    `reason` (German) says why no more, in the message and in the JSON Schema."""

    def build() -> Any:
        from pydantic_core import core_schema

        bound = core_schema.custom_error_schema(
            core_schema.int_schema(le=maximum),
            custom_error_type="bound",
            custom_error_message=f"Wert darf höchstens {maximum} sein: {reason}",
        )
        return core_schema.chain_schema([_int_schema(minimum)(), bound])

    return _Schema(build, {"type": "integer", "minimum": minimum, "maximum": maximum, "description": reason})


Confidence = Annotated[int, _Schema(_confidence_schema, {"type": "integer", "minimum": 0, "maximum": 3})]
StrictInt = Annotated[int, _Schema(_int_schema(0), {"type": "integer", "minimum": 0, "maximum": MAX_NUMBER})]
PositiveInt = Annotated[int, _Schema(_int_schema(1), {"type": "integer", "minimum": 1, "maximum": MAX_NUMBER})]
StrictBool = Annotated[bool, _Schema(_bool_schema, {"type": "boolean"})]
Number = Annotated[float, _Schema(_number_schema, {"type": "number", "minimum": 0})]
IsoDate = Annotated[date, _Schema(_date_schema, {"type": "string", "format": "date"})]
Text = Annotated[str, _Schema(_text_schema, {"type": "string", "minLength": 1})]


def int_between(minimum: int, maximum: int) -> _Schema:
    """The marker of a strict whole number from `minimum` to `maximum`, for
    `Annotated[int, int_between(0, 100)]` (amounts beyond MAX_NUMBER)."""

    def build() -> Any:
        from pydantic_core import core_schema

        return core_schema.int_schema(strict=True, ge=minimum, le=maximum)

    return _Schema(build, {"type": "integer", "minimum": minimum, "maximum": maximum})
