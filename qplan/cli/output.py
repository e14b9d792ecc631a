"""Where output goes: data on stdout, messages on stderr; colour only on a terminal."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from qplan.findings import Finding


def color_allowed(stream: Any) -> bool:
    return not os.environ.get("NO_COLOR") and is_terminal(stream)


def is_terminal(stream: Any) -> bool:
    return hasattr(stream, "isatty") and stream.isatty()


def width_for(stream: Any) -> int:
    """`COLUMNS` if set, else the terminal's width, else 80 (files and pipes: the width of a
    default terminal, so that `qplan … | less` reads as it would on screen)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) >= 20:
        return int(columns)
    if is_terminal(stream):
        import shutil

        return shutil.get_terminal_size((80, 24)).columns
    return 80


class _NoTrailingSpaces:
    """A text stream that drops the spaces rich pads lines with (for files and pipes)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._pending = ""

    def write(self, text: str) -> int:
        self._pending += text
        *lines, self._pending = self._pending.split("\n")
        if lines:
            self._stream.write("".join(line.rstrip(" ") + "\n" for line in lines))
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._stream.write(self._pending.rstrip(" "))
            self._pending = ""
        self._stream.flush()

    def isatty(self) -> bool:
        return False


def console(stderr: bool = False) -> Console:
    """A rich console: colour only on a terminal without NO_COLOR; the width from COLUMNS or
    the terminal (80 off a terminal); no trailing spaces off a terminal."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    terminal = is_terminal(stream)
    colour = color_allowed(stream)
    return Console(
        file=stream if terminal else _NoTrailingSpaces(stream),  # type: ignore[arg-type]
        no_color=not colour,
        color_system="auto" if colour else None,
        force_terminal=terminal,
        highlight=False,
        emoji=False,
        soft_wrap=False,
        width=width_for(stream),
    )


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def message(text: str) -> None:
    """A message for the person (stderr)."""
    sys.stderr.write(text.rstrip("\n") + "\n")


def findings_to_stderr(findings: Iterable[Finding]) -> None:
    for finding in findings:
        message(finding.format())


def print_folded(out: Console, text: str, style: str | None = None) -> None:
    """Plain lines (no markup), folded to the console's width without breaking a date."""
    from qplan.render.layout import fold

    for line in text.split("\n"):
        for part in fold(line, out.width):
            out.print(part, markup=False, style=style, soft_wrap=True)
