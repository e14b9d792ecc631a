"""A printable plan as one self-contained HTML page: A4 portrait, page numbers, a header
row repeated on every page, no module row split across pages, black-and-white friendly."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from qplan.render.report import FUNDING_HEADER, MODULE_HEADER, TOTALS_HEADER, Report

STYLE = """
@page {
  size: A4 portrait;
  margin: 16mm 14mm 18mm 14mm;
  @bottom-right { content: "Seite " counter(page) " von " counter(pages); font: 8pt sans-serif; }
  @bottom-left { content: "qplan · Qualifiziert ins Quartier!"; font: 8pt sans-serif; color: #555; }
}
* { box-sizing: border-box; }
html { font: 9.5pt/1.35 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111; }
body { margin: 0 auto; max-width: 182mm; }
h1 { font-size: 16pt; margin: 0 0 1mm; }
.subtitle { margin: 0 0 4mm; color: #444; }
h2 { font-size: 11pt; margin: 5mm 0 2mm; border-bottom: 0.4mm solid #111; padding-bottom: 0.8mm; }
.stand { float: right; color: #444; }
dl.facts { display: grid; grid-template-columns: 34mm 1fr; gap: 0.8mm 3mm; margin: 0 0 2mm; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.25mm solid #666; padding: 1mm 1.2mm; text-align: left; vertical-align: top;
  overflow-wrap: break-word; }
th { background: #e6e6e6; font-size: 8pt; overflow-wrap: normal; }
td { font-size: 8pt; }
td.date, td.nowrap { white-space: nowrap; overflow-wrap: normal; }
td.date.pre { white-space: pre; }
td.num { text-align: right; white-space: nowrap; }
td.pre { white-space: pre-line; }
col.when { width: 24mm; } col.kind { width: 21mm; } col.module { width: auto; }
col.offer { width: 40mm; } col.cost { width: 19mm; } col.deadline { width: 24mm; } col.state { width: 13mm; }
table.totals { width: auto; min-width: 110mm; break-inside: avoid; page-break-inside: avoid; }
.verdict { border: 0.6mm solid #111; padding: 2mm 3mm; margin: 3mm 0; font-weight: bold; }
.verdict.failed { border-style: double; border-width: 1.2mm; }
.verdict.failed::before { content: "ACHTUNG: "; }
ul { margin: 1mm 0 2mm 5mm; padding: 0; }
.signatures { display: grid; grid-template-columns: 1fr 1fr; gap: 12mm; margin-top: 14mm; break-inside: avoid; }
.signatures div { border-top: 0.3mm solid #111; padding-top: 1mm; font-size: 8pt; }
footer { margin-top: 6mm; font-size: 7.5pt; color: #444; }
table.funding { break-inside: auto; } table.funding td, table.funding th { padding: 0.4mm 1.2mm; font-size: 7.5pt; }
col.f-offer { width: 17mm; } col.f-modules { width: 34mm; } col.f-cost, col.f-subsidy { width: 18mm; }
col.f-reason { width: auto; }
.office { margin: 1.5mm 0 1mm; font-size: 8pt; }
.profile { break-inside: avoid; } .legend { font-size: 7.5pt; color: #333; }
@media screen { body { margin: 12mm auto; padding: 0 8mm; } }
""".strip()

_MODULE_CLASSES = ("date pre", "nowrap", "", "pre", "num pre", "date", "nowrap")
_MODULE_COLS = ("when", "kind", "module", "offer", "cost", "deadline", "state")
_FUNDING_COLS = ("offer", "modules", "cost", "subsidy", "reason")


def _cell(text: str, css: str) -> str:
    attribute = f' class="{css}"' if css else ""
    return f"<td{attribute}>{escape(text)}</td>"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], classes: Sequence[str], css: str = "") -> list[str]:
    attribute = f' class="{css}"' if css else ""
    lines = [f"<table{attribute}>"]
    if css == "modules":
        lines.append("<colgroup>" + "".join(f'<col class="{c}">' for c in _MODULE_COLS) + "</colgroup>")
    elif css == "funding":
        lines.append("<colgroup>" + "".join(f'<col class="f-{c}">' for c in _FUNDING_COLS) + "</colgroup>")
    lines.append("<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr></thead>")
    lines.append("<tbody>")
    for row in rows:
        lines.append("<tr>" + "".join(_cell(c, classes[i]) for i, c in enumerate(row)) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return lines


def html(report: Report) -> str:
    lines = [
        "<!DOCTYPE html>",
        '<html lang="de">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(report.title)}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        f'<p class="stand">Stand: {escape(report.stand)}</p>',
        f"<h1>{escape(report.title)}</h1>",
        f'<p class="subtitle">{escape(report.subtitle)}</p>',
    ]
    if not report.ok:
        lines.append(f'<p class="verdict failed">{escape(report.verdict)}</p>')
    lines.append('<dl class="facts">')
    lines += [f"<dt>{escape(key)}</dt><dd>{escape(value)}</dd>" for key, value in report.facts]
    lines += ["</dl>", "<h2>Module</h2>"]
    lines += _table(MODULE_HEADER, [r.cells() for r in report.modules], _MODULE_CLASSES, "modules")
    lines.append("<h2>Stunden und Kosten</h2>")
    totals = [list(row) for row in report.totals] + [[label, value, "", ""] for label, value in report.money]
    lines += _table(TOTALS_HEADER, totals, ("", "num", "num", "num"), "totals")
    if report.profile_svg:
        lines += ["<h2>Kompetenzprofil</h2>", f'<div class="profile">{report.profile_svg}</div>']
        lines.append(
            '<p class="legend">Schwarz: erledigt · schraffiert: geplant · halb: Grundlagen · voll: vertieft. '
            + " · ".join(f"{escape(cid)}: {escape(text)}" for cid, text, _level in report.profile_levels)
            + "</p>"
        )
    if report.funding is not None:
        funding = report.funding
        sums = " · ".join(f"{label}: {value}" for label, value in funding.totals)
        lines += ["<h2>Landesförderung</h2>", f'<p class="office"><b>{escape(sums)}</b></p>']
        if funding.rows:
            lines += _table(FUNDING_HEADER, funding.rows, ("nowrap", "", "num", "num", ""), "funding")
        lines += [f'<p class="legend">{escape(note)}</p>' for note in funding.notes]
        lines.append(f'<p class="office">Antrag an: {escape(", ".join(funding.office))}</p>')
    lines.append("<h2>Prüfung</h2>")
    lines.append(f'<p class="verdict{"" if report.ok else " failed"}">{escape(report.verdict)}</p>')
    if report.problems:
        lines += ["<ul>", *(f"<li>{escape(p)}</li>" for p in report.problems), "</ul>"]
    if report.notes:
        lines += ["<h2>Hinweise</h2>", "<ul>", *(f"<li>{escape(n)}</li>" for n in report.notes), "</ul>"]
    lines.append('<div class="signatures">')
    lines += [f"<div>{escape(s)}</div>" for s in report.signatures]
    lines += ["</div>", f"<footer>{escape(report.footer)}</footer>", "</body>", "</html>"]
    return "\n".join(lines) + "\n"
