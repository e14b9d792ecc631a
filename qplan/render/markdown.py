"""A printable plan as Markdown."""

from __future__ import annotations

from collections.abc import Sequence

from qplan.render.report import Report


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |"]
    lines.append("|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|")
    lines.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows)
    return lines


def markdown(report: Report) -> str:
    lines = [f"# {report.title}", ""]
    lines += [f"- **{key}:** {value}" for key, value in report.facts]
    lines += ["", "## Module", ""]
    lines += _table(report.module_header, report.modules, {4})
    lines += ["", "## Stunden", ""]
    lines += _table(report.totals_header, report.totals, {1, 2})
    lines += ["", "## Prüfung", "", report.verdict]
    if report.problems:
        lines.append("")
        lines += [f"- {p}" for p in report.problems]
    lines += ["", "---", "", report.footer]
    return "\n".join(lines) + "\n"
