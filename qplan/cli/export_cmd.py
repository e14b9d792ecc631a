"""`qplan export`: a plan as a calendar file, Markdown or HTML."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

if TYPE_CHECKING:
    from datetime import timedelta

    from qplan.models.results import PlanExport

import typer

from qplan.cli.common import data_files, today
from qplan.errors import EXIT_FINDINGS, UsageError


def export(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(metavar="PLAN", help="Plan-Dokument (YAML) oder - für stdin.")],
    ics: Annotated[
        str | None, typer.Option("--ics", metavar="DATEI", help="iCalendar-Datei (.ics); - für stdout.")
    ] = None,
    markdown: Annotated[
        str | None, typer.Option("--markdown", metavar="DATEI", help="Druckbarer Plan als Markdown.")
    ] = None,
    html: Annotated[str | None, typer.Option("--html", metavar="DATEI", help="Druckbarer Plan als HTML.")] = None,
    reminder: Annotated[
        str | None,
        typer.Option(
            "--reminder", metavar="DAUER", help="Mit --ics: Erinnerung vor jedem Präsenztag, z. B. 1w, 2d oder 12h."
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit-Code 1, wenn der Plan Regeln verletzt (das Dokument sagt es).")
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Vorhandene Dateien überschreiben (ein Kalender wird dabei fortgeschrieben)."),
    ] = False,
) -> None:
    """Einen Plan für Kalender (iCalendar) oder zum Drucken (Markdown, HTML) ausgeben.

    Den Kalender aktuell halten: nach jeder Änderung am Plan mit --force in dieselbe Datei
    exportieren und sie erneut importieren; geänderte Termine werden ersetzt, entfallene abgesagt.
    """
    targets = [(kind, target) for kind, target in (("ics", ics), ("markdown", markdown), ("html", html)) if target]
    if not targets:
        raise UsageError("Mindestens eines von --ics, --markdown oder --html angeben.")
    if sum(1 for _, target in targets if target == "-") > 1:
        raise UsageError("Nur eine Ausgabe kann nach stdout (-) gehen.")
    ahead = _duration(reminder) if reminder else None
    from qplan.models.requests import ExportRequest
    from qplan.run.export import execute

    request = ExportRequest(path, today(), data_files(ctx), printable=bool(markdown or html), calendar=ics or None)
    export = execute(request)
    files = [(kind, *out) for kind, target in targets for out in _render(kind, target, export, ahead)]
    existing = [name for _, name, _ in files if not force and name != "-" and Path(name).exists()]
    if existing:  # nothing is written when any file is there already
        from qplan.fsio import FileExistsUserError

        raise FileExistsUserError(Path(existing[0]))
    for kind, name, data in files:
        _emit(kind, name, data, force)
    label = export.reviewed.label
    if not export.reviewed.result.ok:
        sys.stderr.write(
            f"Warnung: {label} erfüllt die Regeln des Programms nicht; das Dokument sagt es. "
            "Einzelheiten: qplan show " + label + "\n"
        )
        if strict:
            raise typer.Exit(EXIT_FINDINGS)


def _render(kind: str, target: str, export: "PlanExport", ahead: "timedelta | None") -> list[tuple[str, bytes]]:
    """The files of one export: (name, bytes); Markdown's profile chart goes beside it as SVG."""
    result, catalog = export.reviewed.result, export.catalog
    if kind == "ics":
        from datetime import UTC, datetime

        from qplan.render.ics import ics as render_ics

        ics = render_ics(result.doc, catalog, now=datetime.now(UTC), previous=export.previous_calendar, reminder=ahead)
        return [(target, ics)]
    from qplan.render.report import build

    funding = (export.funding.result, export.funding.rules) if export.funding else None
    report = build(result, catalog, today=today(), profile=export.profile, funding=funding)
    if kind == "html":
        from qplan.render.html import html as render_html

        return [(target, render_html(report).encode("utf-8"))]
    from qplan.render.markdown import markdown as render_md

    if target == "-" or not report.profile_svg:  # on stdout the chart has no place beside it
        return [(target, render_md(report, chart=None).encode("utf-8"))]
    chart = Path(target).with_suffix(".profil.svg")
    return [
        (str(chart), report.profile_svg.encode("utf-8")),
        (target, render_md(report, chart=chart.name).encode("utf-8")),
    ]


def _emit(kind: str, target: str, data: bytes, force: bool) -> None:
    """Write to stdout (-) or atomically to a file (never over an existing one without --force)."""
    if target == "-":
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            sys.stdout.flush()
            buffer.write(data)
            buffer.flush()
        else:
            sys.stdout.write(data.decode("utf-8"))
        return
    from qplan.fsio import write_atomic

    write_atomic(Path(target), data, overwrite=force)
    sys.stderr.write(f"{kind}: {target} geschrieben.\n")


def _duration(text: str) -> "timedelta":
    """`1w`, `2d`, `12h`, `30m` (also `2 Tage`, `1 Woche`)."""
    import re
    from datetime import timedelta

    match = re.fullmatch(r"\s*(\d+)\s*(w|wo|woche|wochen|d|t|tag|tage|h|std|stunden|m|min)?\s*", text.lower())
    if match is None or int(match.group(1)) == 0:
        raise UsageError(
            f"--reminder {text}: erwartet wird eine Dauer wie 1w (Wochen), 2d (Tage), 12h (Stunden) oder 30m."
        )
    amount, unit = int(match.group(1)), (match.group(2) or "d")
    if unit in ("w", "wo", "woche", "wochen"):
        return timedelta(weeks=amount)
    if unit in ("d", "t", "tag", "tage"):
        return timedelta(days=amount)
    if unit in ("h", "std", "stunden"):
        return timedelta(hours=amount)
    return timedelta(minutes=amount)


def register(app: typer.Typer) -> None:
    from qplan.cli.helptext import epilog

    app.command("export", epilog=epilog("export"), options_metavar="[OPTIONEN]")(export)
