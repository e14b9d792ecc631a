"""The office's overviews as printable HTML (A4 landscape): the coverage heatmap and the
demand report. Readable in black and white: every cell carries its numbers, shades of grey
only add to them, and a gap is hatched and says „Lücke“."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from qplan import __version__
from qplan.dates import german
from qplan.models.office import AREAS, ONLINE, CoverageResult, DemandResult
from qplan.render.office_text import area_name, demand_summary, group_name, half_name

HALVES_PER_TABLE = 3  # 3 half-years × 5 columns: every heading and cell fits A4 landscape at 7.5 pt

STYLE = """
@page {
  size: A4 landscape;
  margin: 12mm 10mm 14mm 10mm;
  @bottom-right { content: "Seite " counter(page) " von " counter(pages); font: 8pt sans-serif; }
  @bottom-left { content: "qplan · Qualifiziert ins Quartier! · Koordinierungsstelle"; font: 8pt sans-serif; }
}
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
html { font: 9pt/1.3 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #000; }
body { margin: 0 auto; max-width: 277mm; }
h1 { font-size: 15pt; margin: 0 0 1mm; }
h2 { font-size: 11pt; margin: 4mm 0 1.5mm; border-bottom: 0.4mm solid #000; padding-bottom: 0.6mm;
  break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 1.5mm; }
.stand { float: right; }
table { border-collapse: collapse; table-layout: fixed; width: 100%; margin-bottom: 3mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.25mm solid #000; padding: 0.6mm 0.8mm; font-size: 7.5pt; text-align: center;
  white-space: nowrap; overflow: hidden; }
th { background: #fff; font-weight: bold; }
th.module, td.module { text-align: left; width: 13mm; }
td.l0 { background: #fff; } td.l1 { background: #e8e8e8; } td.l2 { background: #cfcfcf; }
td.l3 { background: #b5b5b5; }
td.gap { background: repeating-linear-gradient(45deg, #fff 0 1.2mm, #000 1.2mm 1.5mm); font-weight: bold; }
td.gap span { background: #fff; padding: 0 0.5mm; }
td.none { color: #000; }
table.list td, table.list th { text-align: left; white-space: normal; }
table.list td.num, table.list th.num { text-align: right; }
.legend { font-size: 8pt; }
.legend i { display: inline-block; width: 5mm; height: 3mm; border: 0.25mm solid #000; vertical-align: middle; }
.verdict { border: 0.6mm solid #000; padding: 1.5mm 2.5mm; margin: 2mm 0; font-weight: bold; }
footer { margin-top: 4mm; font-size: 7.5pt; }
@media screen { body { margin: 10mm auto; padding: 0 6mm; } }
""".strip()


def _page(title: str, stand: str, body: list[str]) -> str:
    return (
        "\n".join(
            [
                "<!DOCTYPE html>",
                '<html lang="de">',
                "<head>",
                '<meta charset="utf-8">',
                f"<title>{escape(title)}</title>",
                f"<style>\n{STYLE}\n</style>",
                "</head>",
                "<body>",
                f'<p class="stand">Stand: {escape(stand)}</p>',
                f"<h1>{escape(title)}</h1>",
                *body,
                f"<footer>Erstellt mit qplan {escape(__version__)}. Zählungen ohne Namen.</footer>",
                "</body>",
                "</html>",
            ]
        )
        + "\n"
    )


def _level(offers: int) -> str:
    return f"l{min(offers, 3)}"


def coverage_html(result: CoverageResult) -> str:
    """The heatmap: a row per module, per half-year a column per Regierungsbezirk and online."""
    body = [
        f"<p>{len(result.modules)} Module × 4 Regierungsbezirke (online getrennt) × {len(result.halves)} "
        f"Halbjahr(e); {result.offers} Angebot(e); {len(result.gaps)} Lücke(n).</p>",
        '<p class="legend">Zelle: Angebote / freie Plätze. Grau: je dunkler, desto mehr Angebote '
        '(<i class="l1"></i> 1, <i class="l2"></i> 2, <i class="l3"></i> 3 und mehr). '
        '<i style="background: repeating-linear-gradient(45deg, #fff 0 1.2mm, #000 1.2mm 1.5mm)"></i> '
        "schraffiert: Lücke (kein Angebot im Bezirk). Online ohne Angebot: 0 / 0, keine Lücke.</p>",
    ]
    if result.default_providers:
        body.append("<p>Alle Träger und Angebote der mitgelieferten Datei sind fiktiv.</p>")
    for start in range(0, len(result.halves), HALVES_PER_TABLE):
        halves = result.halves[start : start + HALVES_PER_TABLE]
        body.append("<table>")
        body.append(
            '<thead><tr><th class="module" rowspan="2">Modul</th>'
            + "".join(f'<th colspan="{len(AREAS)}">{escape(half_name(h))}</th>' for h in halves)
            + "</tr><tr>"
            + "".join(f"<th>{escape(_short(a))}</th>" for _ in halves for a in AREAS)
            + "</tr></thead>"
        )
        body.append("<tbody>")
        for module in result.modules:
            cells = []
            for half in halves:
                for area in AREAS:
                    cell = result.cell(module, area, half)
                    if cell.gap:
                        cells.append('<td class="gap"><span>0 Lücke</span></td>')
                    elif not cell.offers:
                        cells.append('<td class="none">0 / 0</td>')
                    else:
                        cells.append(f'<td class="{_level(len(cell.offers))}">{len(cell.offers)} / {cell.free}</td>')
            body.append(f'<tr><td class="module">{escape(module)}</td>{"".join(cells)}</tr>')
        body += ["</tbody>", "</table>"]
    return _page("Abdeckung der Angebote", german(result.today), body)


def _short(area: str) -> str:
    return "Tübingen" if area == "tuebingen" else ("Online" if area == ONLINE else area_name(area))


def demand_html(result: DemandResult) -> str:
    body = [f"<p>{escape(' '.join(demand_summary(result)))}</p>"]
    verdict = (
        "Jedes Angebot hat genug freie Plätze, und jede Nachfrage hat ein Angebot."
        if result.ok
        else f"{len(result.over_subscribed)} überbuchte(s) Angebot(e), "
        f"{len(result.unserved)} Zelle(n) mit Nachfrage ohne Angebot."
    )
    body.append(f'<p class="verdict">{escape(verdict)}</p>')
    body.append("<h2>Angebote: geplant gegen frei</h2>")
    rows: list[tuple[str, ...]] = [
        (
            o.offer + (" (überbucht)" if o.over else ""),
            " ".join(o.modules),
            area_name(o.area),
            o.half,
            str(o.planned),
            str(o.free),
        )
        for o in result.offers
    ]
    body += _list(("Angebot", "Module", "Bezirk", "Halbjahr", "geplant", "frei"), rows, numeric=(4, 5))
    body.append("<h2>Nachfrage nach Modul, Bezirk und Halbjahr</h2>")
    rows = [
        (
            c.module,
            area_name(c.area),
            half_name(c.half),
            str(c.booked),
            str(c.open),
            str(c.offers),
            str(c.free),
            "ohne Angebot" if c.unserved else "",
        )
        for c in result.cells
    ]
    body += _list(
        ("Modul", "Bezirk", "Halbjahr", "gebucht", "offen", "Angebote", "frei", ""), rows, numeric=(3, 4, 5, 6)
    )
    body.append("<h2>Nach Zielgruppe</h2>")
    rows = [(group_name(result, g.group), str(g.plans), str(g.booked), str(g.open)) for g in result.groups]
    body += _list(("Zielgruppe", "Pläne", "gebuchte Module", "offene Module"), rows, numeric=(1, 2, 3))
    body += _learning_groups(result) + _proposals(result)
    return _page("Nachfrage aus Lernpfaden", german(result.today), body)


def _list(header: tuple[str, ...], rows: Sequence[Sequence[str]], numeric: tuple[int, ...]) -> list[str]:
    def css(i: int) -> str:
        return ' class="num"' if i in numeric else ""

    lines = ['<table class="list">', "<thead><tr>"]
    lines.append("".join(f"<th{css(i)}>{escape(h)}</th>" for i, h in enumerate(header)) + "</tr></thead><tbody>")
    for row in rows:
        lines.append("<tr>" + "".join(f"<td{css(i)}>{escape(v)}</td>" for i, v in enumerate(row)) + "</tr>")
    if not rows:
        lines.append(f'<tr><td colspan="{len(header)}">keine</td></tr>')
    lines += ["</tbody>", "</table>"]
    return lines


def _learning_groups(result: DemandResult) -> list[str]:
    if not result.learning_groups:
        return []
    body = [
        "<h2>Feste Lerngruppen</h2>",
        f"<p>{len(result.learning_groups)} Gruppe(n); je Angebot einmal mit ihrer Größe gezählt, auch wenn "
        "nicht jede Datei der Gruppe vorliegt.</p>",
    ]
    rows = [
        (
            f"Gruppe {n}",
            str(g.size),
            str(g.files),
            ", ".join(f"{offer} ({seats})" for offer, seats in g.offers) or "kein Angebot gebucht",
        )
        for n, g in enumerate(result.learning_groups, 1)
    ]
    return body + _list(("Gruppe", "Personen", "Dateien", "Angebote (Plätze)"), rows, numeric=(1, 2))


def _proposals(result: DemandResult) -> list[str]:
    if result.inhouse_min_group is None:
        return []
    note = " (eine Annahme des Katalogs)" if result.inhouse_assumed else ""
    body = [
        "<h2>Inhouse-Vorschläge</h2>",
        f"<p>Präsenzmodule im Halbjahr, die mindestens {result.inhouse_min_group} Personen einer "
        f"Organisation planen{escape(note)}.</p>",
    ]
    rows = [(p.module, half_name(p.half), p.organisation, str(p.people)) for p in result.proposals]
    return body + _list(("Modul", "Halbjahr", "Organisation", "Personen"), rows, numeric=(3,))
