"""A printable plan as Markdown."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from qplan.render.report import Report

_MARKUP = re.compile(r"([\\`*_\[\]|])")


def _text(text: str) -> str:
    """Plain text in Markdown: no HTML passes through, no character is read as markup."""
    return _MARKUP.sub(r"\\\1", escape(text, quote=False)).replace("\n", " ")


def _cell(text: str) -> str:
    return _text(text)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |"]
    lines.append("|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|")
    lines.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows)
    return lines


def markdown(report: Report) -> str:
    lines = [f"# {_text(report.title)}", ""]
    lines += [f"- **{_text(key)}:** {_text(value)}" for key, value in report.facts]
    lines += ["", "## Module", ""]
    lines += _table(report.module_header, report.modules, {4})
    lines += ["", "## Stunden", ""]
    lines += _table(report.totals_header, report.totals, {1, 2})
    lines += ["", "## Prüfung", "", _text(report.verdict)]
    if report.problems:
        lines.append("")
        lines += [f"- {_text(p)}" for p in report.problems]
    lines += ["", "---", "", _text(report.footer)]
    return "\n".join(lines) + "\n"
