"""`qplan export`: a plan as a calendar file, Markdown or HTML."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from qplan.cli.common import catalog_of, providers_option, today
from qplan.errors import InputError, UsageError


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
    force: Annotated[bool, typer.Option("--force", help="Vorhandene Dateien überschreiben.")] = False,
) -> None:
    """Einen Plan für Kalender (iCalendar) oder zum Drucken (Markdown, HTML) ausgeben."""
    targets = [(kind, target) for kind, target in (("ics", ics), ("markdown", markdown), ("html", html)) if target]
    if not targets:
        raise UsageError("Mindestens eines von --ics, --markdown oder --html angeben.")
    if sum(1 for _, target in targets if target == "-") > 1:
        raise UsageError("Nur eine Ausgabe kann nach stdout (-) gehen.")
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
            from qplan.render.ics import ics as render_ics

            data = render_ics(doc, catalog)
        else:
            from qplan.render.report import build

            report = build(result, catalog)
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


def register(app: typer.Typer) -> None:
    from qplan.cli.helptext import epilog

    app.command("export", epilog=epilog("export"), options_metavar="[OPTIONEN]")(export)
