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
    return not os.environ.get("NO_COLOR") and hasattr(stream, "isatty") and stream.isatty()


def console(stderr: bool = False) -> Console:
    """A rich console that keeps plain text when the stream is no terminal or NO_COLOR is set."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    is_tty = color_allowed(stream)
    return Console(
        file=stream,
        no_color=not is_tty,
        color_system="auto" if is_tty else None,
        force_terminal=False if not is_tty else None,
        highlight=False,
        emoji=False,
        soft_wrap=False,
        width=None if is_tty else 120,
    )


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def message(text: str) -> None:
    """A message for the person (stderr)."""
    sys.stderr.write(text.rstrip("\n") + "\n")


def findings_to_stderr(findings: Iterable[Finding]) -> None:
    for finding in findings:
        message(finding.format())
