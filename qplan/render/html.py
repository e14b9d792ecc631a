"""A printable plan as a self-contained HTML page."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from qplan.render.report import Report

_STYLE = """
body { font-family: sans-serif; margin: 2em; color: #111; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #999; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
td.num { text-align: right; }
@media print { body { margin: 1cm; } }
""".strip()


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> list[str]:
    lines = ["<table>", "<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr></thead>", "<tbody>"]
    for row in rows:
        cells = "".join(
            f'<td class="num">{escape(c)}</td>' if i in right else f"<td>{escape(c)}</td>" for i, c in enumerate(row)
        )
        lines.append(f"<tr>{cells}</tr>")
    lines += ["</tbody>", "</table>"]
    return lines


def html(report: Report) -> str:
    lines = [
        "<!DOCTYPE html>",
        '<html lang="de">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(report.title)}</title>",
        f"<style>\n{_STYLE}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(report.title)}</h1>",
        "<dl>",
    ]
    for key, value in report.facts:
        lines.append(f"<dt>{escape(key)}</dt><dd>{escape(value)}</dd>")
    lines += ["</dl>", "<h2>Module</h2>"]
    lines += _table(report.module_header, report.modules, {4})
    lines.append("<h2>Stunden</h2>")
    lines += _table(report.totals_header, report.totals, {1, 2})
    lines += ["<h2>Prüfung</h2>", f"<p>{escape(report.verdict)}</p>"]
    if report.problems:
        lines += ["<ul>", *(f"<li>{escape(p)}</li>" for p in report.problems), "</ul>"]
    lines += ["<hr>", f"<p>{escape(report.footer)}</p>", "</body>", "</html>"]
    return "\n".join(lines) + "\n"
