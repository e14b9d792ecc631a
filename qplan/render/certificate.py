"""The Teilnahmebescheinigung as one self-contained HTML page (A4 portrait, printable in
black and white) and as Markdown; nothing from a plan file passes through as markup."""

from __future__ import annotations

import re
from html import escape

from qplan import __version__
from qplan.dates import german
from qplan.models.certificate import AttendedModule, Certificate
from qplan.models.common import PHASE_NAMES

HEADER = ("Datum", "Modul", "Art", "Träger, Ort", "WSt", "Zeitstunden")
RECOGNISED_HEADER = ("Modul", "WSt", "Begründung", "Anerkannt von, am")

STYLE = """
@page { size: A4 portrait; margin: 20mm 18mm 20mm 18mm;
  @bottom-right { content: "Seite " counter(page) " von " counter(pages); font: 8pt sans-serif; } }
* { box-sizing: border-box; }
html { font: 10pt/1.4 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111; }
body { margin: 0 auto; max-width: 174mm; }
h1 { font-size: 18pt; margin: 0 0 1mm; letter-spacing: 0.5pt; }
.subtitle { margin: 0 0 8mm; color: #333; }
h2 { font-size: 11pt; margin: 6mm 0 2mm; border-bottom: 0.4mm solid #111; padding-bottom: 0.8mm; }
p.who { font-size: 11pt; margin: 0 0 4mm; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.25mm solid #666; padding: 1.2mm 1.5mm; text-align: left; vertical-align: top;
  overflow-wrap: break-word; font-size: 8.5pt; }
th { background: #e6e6e6; }
td.date { white-space: pre; }
td.num { text-align: right; white-space: nowrap; }
td.pre { white-space: pre-line; }
col.when { width: 25mm; } col.kind { width: 21mm; } col.place { width: 44mm; }
col.wst { width: 11mm; } col.hours { width: 21mm; }
.total { margin: 3mm 0; font-weight: bold; }
.signature { margin-top: 22mm; width: 90mm; border-top: 0.3mm solid #111; padding-top: 1mm; font-size: 8pt;
  break-inside: avoid; }
footer { margin-top: 8mm; font-size: 7.5pt; color: #444; }
@media screen { body { margin: 12mm auto; padding: 0 8mm; } }
""".strip()


def hours(minutes: int) -> str:
    """Clock hours in German notation: `4,5`."""
    return f"{minutes / 60:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def when(module: AttendedModule) -> str:
    if module.first_day is None:
        return "ohne Datum"
    if module.last_day is not None and module.last_day != module.first_day:
        return f"{german(module.first_day)} –\n{german(module.last_day)}"
    return german(module.first_day)


def attended_rows(certificate: Certificate) -> list[tuple[str, ...]]:
    return [
        (
            when(m),
            f"{m.id} {m.title}",
            PHASE_NAMES.get(m.phase, m.phase),
            "\n".join(text for text in (m.provider, m.place) if text) or "–",
            str(m.wst),
            hours(m.minutes),
        )
        for m in certificate.attended
    ]


def recognised_rows(certificate: Certificate) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for m in certificate.recognised:
        who = ", ".join(text for text in (m.by, german(m.on) if m.on else None) if text) or "–"
        rows.append((f"{m.id} {m.title}", str(m.wst), m.reason, who))
    return rows


def _sentence(certificate: Certificate) -> str:
    who = certificate.learner or "Die lernende Person (Name im Plan nicht angegeben)"
    if certificate.organisation:
        who += f" ({certificate.organisation})"
    course = f" im Angebot {certificate.offer}" if certificate.offer else ""
    if certificate.provider:
        course += f" von {certificate.provider}"
    return f"{who} hat{course} an den folgenden Modulen des Programms „{certificate.programme}“ teilgenommen."


def _total(certificate: Certificate) -> str:
    return (
        f"Zusammen: {certificate.wst} WSt = {hours(certificate.minutes)} Zeitstunden "
        f"({len(certificate.attended)} Modul(e))."
    )


def _footer() -> str:
    return (
        f"Erstellt mit qplan {__version__} aus dem Plan-Dokument der lernenden Person. "
        "1 WSt (Unterrichtseinheit) = 45 Minuten. Bescheinigt sind nur erledigte Module."
    )


def html(certificate: Certificate) -> str:
    lines = [
        "<!DOCTYPE html>",
        '<html lang="de">',
        "<head>",
        '<meta charset="utf-8">',
        "<title>Teilnahmebescheinigung</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        "<h1>Teilnahmebescheinigung</h1>",
        '<p class="subtitle">Fortbildungsprogramm „Qualifiziert ins Quartier!“</p>',
        f'<p class="who">{escape(_sentence(certificate))}</p>',
    ]
    if certificate.attended:
        lines += ["<table>", "<colgroup>"]
        lines += [f'<col class="{c}">' for c in ("when", "module", "kind", "place", "wst", "hours")]
        lines += ["</colgroup>", "<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in HEADER) + "</tr></thead>"]
        lines.append("<tbody>")
        classes = ("date", "", "", "pre", "num", "num")
        for row in attended_rows(certificate):
            cells = "".join(
                f'<td class="{css}">{escape(text)}</td>' if css else f"<td>{escape(text)}</td>"
                for text, css in zip(row, classes, strict=True)
            )
            lines.append(f"<tr>{cells}</tr>")
        lines += ["</tbody>", "</table>", f'<p class="total">{escape(_total(certificate))}</p>']
    if certificate.recognised:
        lines += ["<h2>Anerkannte Module (Vorkenntnisse, nicht besucht)</h2>", "<table>"]
        lines.append("<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in RECOGNISED_HEADER) + "</tr></thead>")
        lines.append("<tbody>")
        for row in recognised_rows(certificate):
            lines.append("<tr>" + "".join(f"<td>{escape(text)}</td>" for text in row) + "</tr>")
        lines += ["</tbody>", "</table>"]
    lines += [
        f"<p>Ausgestellt am {escape(german(certificate.issued))}.</p>",
        '<div class="signature">Ort, Datum, Unterschrift und Stempel des Trägers</div>',
        f"<footer>{escape(_footer())}</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"


_MARKUP = re.compile(r"([\\`*_\[\]|])")


def _text(text: str) -> str:
    return _MARKUP.sub(r"\\\1", escape(text, quote=False)).replace("\n", " ")


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join("<br>".join(_text(p) for p in c.split("\n")) for c in cells) + " |"


def markdown(certificate: Certificate) -> str:
    lines = [
        "# Teilnahmebescheinigung",
        "",
        "Fortbildungsprogramm „Qualifiziert ins Quartier!“",
        "",
        _text(_sentence(certificate)),
        "",
    ]
    if certificate.attended:
        lines += [_row(HEADER), "|---|---|---|---|---:|---:|"]
        lines += [_row(row) for row in attended_rows(certificate)]
        lines += ["", f"**{_text(_total(certificate))}**", ""]
    if certificate.recognised:
        lines += ["## Anerkannte Module (Vorkenntnisse, nicht besucht)", ""]
        lines += [_row(RECOGNISED_HEADER), "|---|---:|---|---|"]
        lines += [_row(row) for row in recognised_rows(certificate)]
        lines.append("")
    lines += [f"Ausgestellt am {_text(german(certificate.issued))}.", "", "", "\\_" * 40, ""]
    lines += ["Ort, Datum, Unterschrift und Stempel des Trägers", "", "---", "", _text(_footer())]
    return "\n".join(lines) + "\n"
