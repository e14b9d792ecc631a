"""Choices in one place: forgiving values, suggestions, core errors worded with the flag."""

from __future__ import annotations

import pytest

from qplan.cli import choices
from qplan.errors import Reason, RequestError, UsageError


@pytest.mark.parametrize(
    ("choice", "typed", "meant"),
    [
        (choices.FORMAT, "Basis", "basis"),
        (choices.FORMAT, "einführung", "einfuehrung"),
        (choices.FORMAT, "EINFUEHRUNG", "einfuehrung"),
        (choices.FIELD, "Koordination", "koordination"),
        (choices.REGION, "Tübingen", "tuebingen"),
        (choices.REGION, "freiburg ", "freiburg"),
        (choices.OUTPUT, "JSON", "json"),
        (choices.REGION, "Tubingen", "tuebingen"),
        (choices.FORMAT, "Einfuhrung", "einfuehrung"),
    ],
)
def test_values_are_folded(choice: choices.Choice, typed: str, meant: str) -> None:
    assert choice.parse(typed) == meant


@pytest.mark.parametrize(("typed", "euros"), [("1000", 1000), ("1.000", 1000), ("1.000,00 €", 1000), ("800,-", 800)])
def test_euros_as_people_write_them(typed: str, euros: int) -> None:
    assert choices.euro(typed) == euros


@pytest.mark.parametrize("typed", ["12,5", "zehn", "-5", ""])
def test_amounts_that_are_not_whole_euros(typed: str) -> None:
    with pytest.raises(UsageError, match="ganzen Euro"):
        choices.euro(typed)


def test_a_typo_gets_the_closest_value() -> None:
    with pytest.raises(UsageError, match="Meinten Sie „koordination“"):
        choices.FIELD.parse("koordiantion")


def test_nonsense_lists_what_is_allowed() -> None:
    with pytest.raises(UsageError, match="erlaubt sind einfuehrung, basis, vertiefung"):
        choices.FORMAT.parse("xyz")


def test_core_errors_carry_data_and_the_cli_names_the_flag() -> None:
    error = RequestError(Reason.NOT_IN_PATH, option="modules", ids=["V03"])
    assert error.option == "modules" and error.ids == ("V03",)
    assert "--" not in error.message  # the core does not know the flags
    assert choices.explain(error) == "--module V03: Das Modul ist nicht im Pfad."


def test_module_ids_are_case_insensitive(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("plan", "--format", "basis", "--field", "koordination", "--done", "m01", "--json")
    assert result.code == 0, result.stderr
    assert '"done": true' in result.stdout


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("2027-03", "2027-03-01"), ("03.2027", "2027-03-01"), ("1.3.2027", "2027-03-01"), ("Mo 01.03.2027", "2027-03-01")],
)
def test_start_dates_as_people_write_them(typed: str, meant: str) -> None:
    from datetime import date

    from qplan.dates import parse_start

    assert parse_start(typed) == date.fromisoformat(meant)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Di 01.03.2027", "ist ein Mo, kein Di"),
        ("31.02.2027", "kein gültiges Datum"),
        ("20270301", "auch TT.MM.JJJJ"),
        ("2027-03", "erwartet wird JJJJ-MM-TT"),
    ],
)
def test_days_as_people_write_them_or_a_german_reason(typed: str, message: str) -> None:
    from qplan.dates import parse_day

    assert parse_day("Mo 01.03.2027").isoformat() == "2027-03-01"
    with pytest.raises(ValueError, match=message):
        parse_day(typed)


def test_every_reason_of_the_core_is_worded_with_its_flag() -> None:
    """Core errors carry a Reason and data; the CLI words each one (never the bare code)."""
    from datetime import date

    from qplan.cli.choices import explain
    from qplan.errors import Reason, RequestError

    for reason in Reason:
        error = RequestError(
            reason,
            option="add",
            ids=["M01"],
            hint="basis",
            wst=9,
            limit=6,
            months=18,
            last=date(2020, 6, 30),
            known=("LB1",),
            day=date(2027, 3, 1),
            today=date(2027, 2, 1),
            begin=date(2027, 1, 1),
            low=1,
            high=20,
        )
        text = explain(error)
        assert text != error.message and reason.value not in text, reason
