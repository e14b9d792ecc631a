"""A printable plan as Markdown: the same content as the HTML document, CommonMark with
GitHub-style tables; nothing from a plan or providers file passes through as HTML."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from qplan.render.report import FUNDING_HEADER, MODULE_HEADER, TOTALS_HEADER, Report

_MARKUP = re.compile(r"([\\`*_\[\]|])")


def _text(text: str) -> str:
    """Plain text in Markdown: no HTML passes through, no character is read as markup."""
    return _MARKUP.sub(r"\\\1", escape(text, quote=False)).replace("\n", " ")


def _cell(text: str) -> str:
    # Line breaks inside a cell are written as "<br>", the one tag a table cell needs.
    return "<br>".join(_text(part) for part in text.split("\n"))


def _link(name: str) -> str:
    """A file name as a Markdown link target (spaces and brackets escaped)."""
    from urllib.parse import quote

    return quote(name)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    lines = ["| " + " | ".join(_text(h) or " " for h in header) + " |"]
    lines.append("|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|")
    lines.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows)
    return lines


def markdown(report: Report, chart: str | None = None) -> str:
    """The report as Markdown; `chart` names the profile's SVG file beside it (linked, not inlined)."""
    lines = [f"# {_text(report.title)}", "", f"{_text(report.subtitle)} · Stand: {_text(report.stand)}", ""]
    if not report.ok:
        lines += [f"> **ACHTUNG: {_text(report.verdict)}**", ""]
    lines += [f"- **{_text(key)}:** {_text(value)}" for key, value in report.facts]
    lines += ["", "## Module", ""]
    lines += _table(MODULE_HEADER, [r.cells() for r in report.modules], {4})
    lines += ["", "## Stunden und Kosten", ""]
    totals = [list(row) for row in report.totals] + [[label, value, "", ""] for label, value in report.money]
    lines += _table(TOTALS_HEADER, totals, {1, 2, 3})
    if report.profile_levels:
        lines += ["", "## Kompetenzprofil", ""]
        if chart:
            lines += [f"![Kompetenzprofil]({_link(chart)})", ""]
        lines += [f"- {_text(cid)} {_text(text)}: {_text(level)}" for cid, text, level in report.profile_levels]
    if report.funding is not None:
        funding = report.funding
        lines += ["", "## Landesförderung", ""]
        lines += [" · ".join(f"**{_text(label)}:** {_text(value)}" for label, value in funding.totals), ""]
        if funding.rows:
            lines += [*_table(FUNDING_HEADER, funding.rows, {2, 3}), ""]
        lines += [*(f"- {_text(note)}" for note in funding.notes), ""]
        lines.append(f"Antrag an: {_text(', '.join(funding.office))}")
    lines += ["", "## Prüfung", "", _text(report.verdict)]
    if report.problems:
        lines.append("")
        lines += [f"- {_text(p)}" for p in report.problems]
    if report.notes:
        lines += ["", "## Hinweise", ""]
        lines += [f"- {_text(n)}" for n in report.notes]
    lines += ["", "## Unterschriften", ""]
    for signature in report.signatures:
        lines += ["", "\\_" * 40, "", _text(signature), ""]
    lines += ["---", "", _text(report.footer)]
    return "\n".join(lines) + "\n"
