"""The round-trip editor (issue 20): it reads plain values as qplan's reader does, writes no
anchors, keeps comments and line ends, and refuses what it cannot read with a position."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from qplan.errors import InputError
from qplan.loading.edit import edit_yaml, entry_maps, set_keys
from qplan.loading.reader import parse_yaml

ORDER = ("id", "date", "done", "done_on")


def mark(ids: tuple[str, ...], day: date) -> Any:
    def change(data: Any) -> None:
        maps = entry_maps(data)
        for module in ids:
            set_keys(maps[module], {"done": True, "done_on": day}, ORDER)

    return change


@pytest.mark.parametrize("odd", [".nan", ".inf", "0x1F", "1e3", "0o17", "2027-03-01", "1_000", "yes", "12:30"])
def test_ids_are_the_text_the_reader_sees(odd: str) -> None:
    text = f"modules:\n  - id: {odd}\n  - {odd}x\n"
    reader = parse_yaml(text.encode(), max_bytes=1 << 20).data
    assert reader["modules"][0]["id"] == odd
    out = edit_yaml(text, mark((odd, f"{odd}x"), date(2027, 1, 4)))
    again = parse_yaml(out.encode(), max_bytes=1 << 20).data
    assert [m["id"] for m in again["modules"]] == [odd, f"{odd}x"]
    assert all(m["done_on"] == "2027-01-04" for m in again["modules"]), out


def test_a_shared_value_is_written_each_time() -> None:
    text = "modules:\n  - id: A\n  - id: B\n  - id: C\n"
    out = edit_yaml(text, mark(("A", "B", "C"), date(2027, 1, 4)))
    assert "&" not in out and "*" not in out
    assert out.count("done_on: 2027-01-04\n") == 3


def test_windows_line_ends_are_kept() -> None:
    text = "modules:  # Liste\r\n  - id: A\r\n"
    out = edit_yaml(text, mark(("A",), date(2027, 1, 4)))
    assert out == "modules:  # Liste\r\n  - id: A\r\n    done: true\r\n    done_on: 2027-01-04\r\n"


def test_a_tab_inside_a_value_is_kept() -> None:
    text = 'modules:\n  - id: A\t\n    note: "a\tb"  # c\td\n'
    out = edit_yaml(text, mark(("A",), date(2027, 1, 4)))
    assert "# c\td" in out and "id: A\n" in out
    assert parse_yaml(out.encode(), max_bytes=1 << 20).data["modules"][0]["note"] == "a\tb"


def test_what_it_cannot_read_is_exit_2_with_a_position() -> None:
    with pytest.raises(InputError) as caught:
        edit_yaml("modules:\n  - id: A\n  - [\n", mark((), date(2027, 1, 4)), label="plan.yaml")
    assert caught.value.exit_code == 2
    (finding,) = caught.value.findings
    assert finding.path == "plan.yaml" and finding.line == 4 and finding.column is not None
    assert "plan.yaml" in caught.value.message and "unverändert" in caught.value.message


def test_comments_inside_a_removed_value_are_kept() -> None:
    text = "modules:\n  - id: A\n    recognised:\n      reason: x  # Beleg\n      # im Ordner\n    done: true\n"

    def change(data: Any) -> None:
        set_keys(entry_maps(data)["A"], {"recognised": None, "done": None}, ORDER)

    out = edit_yaml(text, change)
    assert "# Beleg" in out and "# im Ordner" in out and "recognised" not in out
