"""`qplan export`: a plan as a calendar file, Markdown or HTML."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

if TYPE_CHECKING:
    from datetime import timedelta

import typer

from qplan.cli.common import catalog_of, providers_option, today
from qplan.errors import EXIT_FINDINGS, InputError, UsageError


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
            "--reminder", metavar="DAUER", help="Mit --ics: Erinnerung vor jedem Präsenztag, z. B. 2d oder 12h."
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
    from qplan.run.plan import review_file

    catalog = catalog_of(ctx)
    if path != "-" and not Path(path).exists():
        raise UsageError(f"{path}: Die Datei gibt es nicht.")
    reviewed = review_file(path, catalog, today=today(), providers=providers_option(ctx))
    if reviewed.errors:
        raise InputError(f"{reviewed.label}: Das Plan-Dokument ist nicht verwendbar.", reviewed.file_findings)
    result = reviewed.result
    doc = result.doc
    for kind, target in targets:
        if kind == "ics":
            from datetime import UTC, datetime

            from qplan.render.ics import ics as render_ics

            data = render_ics(doc, catalog, now=datetime.now(UTC), previous=_previous(target), reminder=ahead)
        else:
            from qplan.render.report import build
            from qplan.run.funding import for_plan
            from qplan.run.plan import profile_for

            root = ctx.find_root().obj or {}
            funding = for_plan(
                doc, catalog, reviewed.label, providers=providers_option(ctx), funding=root.get("funding")
            )
            report = build(
                result,
                catalog,
                today=today(),
                profile=profile_for(doc, catalog),
                funding=(funding.result, funding.rules),
            )
            if kind == "markdown":
                from qplan.render.markdown import markdown as render_md

                data = render_md(report).encode("utf-8")
            else:
                from qplan.render.html import html as render_html

                data = render_html(report).encode("utf-8")
        if target == "-":
            buffer = getattr(sys.stdout, "buffer", None)
            if buffer is not None:
                sys.stdout.flush()
                buffer.write(data)
                buffer.flush()
            else:
                sys.stdout.write(data.decode("utf-8"))
        else:
            from qplan.fsio import write_atomic

            write_atomic(Path(target), data, overwrite=force)
            sys.stderr.write(f"{kind}: {target} geschrieben.\n")
    if not result.ok:
        sys.stderr.write(
            f"Warnung: {reviewed.label} erfüllt die Regeln des Programms nicht; das Dokument sagt es. "
            "Einzelheiten: qplan show " + reviewed.label + "\n"
        )
        if strict:
            raise typer.Exit(EXIT_FINDINGS)


def _duration(text: str) -> "timedelta":
    """`2d`, `12h`, `30m` (also `2 Tage`)."""
    import re
    from datetime import timedelta

    match = re.fullmatch(r"\s*(\d+)\s*(d|t|tag|tage|h|std|stunden|m|min)?\s*", text.lower())
    if match is None or int(match.group(1)) == 0:
        raise UsageError(f"--reminder {text}: erwartet wird eine Dauer wie 2d (Tage), 12h (Stunden) oder 30m.")
    amount, unit = int(match.group(1)), (match.group(2) or "d")
    if unit in ("d", "t", "tag", "tage"):
        return timedelta(days=amount)
    if unit in ("h", "std", "stunden"):
        return timedelta(hours=amount)
    return timedelta(minutes=amount)


def _previous(target: str) -> bytes | None:
    """The earlier export at `target`, if it is a regular file (for SEQUENCE and cancellations)."""
    from qplan.run.plan import earlier_export

    return None if target == "-" else earlier_export(target)


def register(app: typer.Typer) -> None:
    from qplan.cli.helptext import epilog

    app.command("export", epilog=epilog("export"), options_metavar="[OPTIONEN]")(export)
