"""Tables that keep their facts at any width.

A column is a *fact* (date, id, place, provider, number: never cut, never wrapped) or
*text* (a title: wraps at word boundaries). When every fact column fits beside the text
columns at their minimum width (at least their longest word: a word is never cut), the
result is a table; otherwise one block per row, facts on lines of their own and text
wrapped under them, so nothing is ever cut.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

TEXT_MIN = 14  # a title column narrower than this reads as a list of syllables
_DAY = re.compile(r"\b(Mo|Di|Mi|Do|Fr|Sa|So) (\d{2}\.\d{2}\.\d{4})")
_GLUE = "\x00"  # holds a weekday to its date while wrapping; never in output


@dataclass(frozen=True)
class Column:
    header: str
    fact: bool = True
    justify: str = "left"


Block = Callable[[Sequence[str]], list[str]]


def fits(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int) -> bool:
    """Whether a table with these rows shows every fact unbroken within `width`."""
    needed = 1 + 3 * len(columns)  # borders and padding
    for index, column in enumerate(columns):
        if column.fact:
            longest = max((_longest_line(row[index]) for row in rows), default=0)
            needed += max(len(column.header), longest)
        else:
            needed += _text_width(rows, index)
    return needed <= width


def _longest_line(cell: str) -> int:
    return max((len(line) for line in cell.split("\n")), default=0)


def _text_width(rows: Sequence[Sequence[str]], index: int) -> int:
    """The narrowest a text column may be: TEXT_MIN, or its longest word (never cut)."""
    longest = max((len(word) for row in rows for word in row[index].split()), default=0)
    return max(TEXT_MIN, longest)


def wrap_title(title: str, width: int) -> str:
    """A title of parts joined by „ · “, wrapped only between parts (a date stays whole)."""
    lines: list[str] = []
    for part in title.split(" · "):
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += " · " + part
        else:
            lines.append(part)
    return "\n".join(lines)


def table_or_blocks(
    title: str,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    width: int,
    block: Block,
    styles: Sequence[str | None] | None = None,
) -> Any:
    """A rich table when the facts fit, else the rows as blocks (`block` lays out one row)."""
    title = wrap_title(title, width)
    if fits(columns, rows, width):
        from rich.table import Table

        table = Table(title=title, title_justify="left", header_style="bold")
        for index, column in enumerate(columns):
            longest = max((_longest_line(row[index]) for row in rows), default=0)
            if column.fact:
                table.add_column(
                    column.header,
                    no_wrap=True,
                    min_width=max(len(column.header), longest),
                    justify=column.justify,  # type: ignore[arg-type]
                )
            else:
                table.add_column(
                    column.header,
                    ratio=1,
                    min_width=_text_width(rows, index),
                    justify=column.justify,  # type: ignore[arg-type]
                )
        for number, row in enumerate(rows):
            table.add_row(*row, style=styles[number] if styles else None)
        return table
    return blocks(title, [block(row) for row in rows], width)


def fold(line: str, width: int) -> list[str]:
    """`line` in lines of at most `width` columns where it can be: broken between the parts
    of a „ · “ list first, then at spaces, never inside a word or a date like „Mo 01.03.2027“;
    continued with the indentation of its start."""
    if len(line) <= width:
        return [line]
    indent = " " * (len(line) - len(line.lstrip(" ")))
    room = max(20, width - len(indent))
    glued = _DAY.sub(lambda m: m[1] + _GLUE + m[2], line.strip())
    packed: list[str] = []
    for part in glued.split(" · "):
        if packed and len(packed[-1]) + 3 + len(part) <= room:
            packed[-1] += " · " + part
        else:
            packed.append(part)
    folded: list[str] = []
    for part in packed:
        folded.extend(textwrap.wrap(part, width=room, break_long_words=False, break_on_hyphens=False) or [""])
    return [indent + part.replace(_GLUE, " ") for part in folded]


def blocks(title: str, laid_out: Sequence[Sequence[str]], width: int) -> Any:
    """Blocks of lines under a title; lines wider than `width` are folded (`fold`)."""
    from rich.text import Text

    lines = [*title.split("\n"), ""] if title else []
    for block_lines in laid_out:
        for line in block_lines:
            lines.extend(fold(line, width))
        lines.append("")
    return Text("\n".join(lines).rstrip("\n"), no_wrap=True, overflow="ignore")
