"""`qplan team`: a municipality's team, advised member by member, with in-house proposals."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from qplan.cli.common import catalog_of, today
from qplan.errors import UsageError


def team(
    ctx: typer.Context,
    files: Annotated[list[str], typer.Argument(metavar="DATEI...", help="Teamdatei(en): CSV, .xlsx, .ods oder YAML.")],
    pool: Annotated[
        bool, typer.Option("--pool", help="Mehrere Teams zusammenlegen: welche Inhouse-Veranstaltung nur gemeinsam?")
    ] = False,
    start: Annotated[
        str | None,
        typer.Option("--start", metavar="JJJJ-MM[-TT]", help="Beginn; Standard: der Erste des nächsten Monats."),
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Als JSON auf stdout ausgeben.")] = False,
    html: Annotated[Path | None, typer.Option("--html", metavar="DATEI", help="Druckbar als HTML (A4).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Vorhandene Datei bei --html überschreiben.")] = False,
) -> None:
    """Ein Team einer Kommune beraten: Format und Aufgabenfeld je Person, Personen je Modul
    und Halbjahr, und wo genug zusammenkommen, eine Inhouse-Veranstaltung.

    Spalten der Teamdatei: name, rolle (koordination, steuerung, beide, ehrenamt oder eine
    Zielgruppe: kommunal, fachkraefte, ehrenamt), vorkenntnisse (keine, vorhanden), ziel
    (ueberblick, qualifizieren, vertiefen), optional module (für die Vertiefung).
    """
    from qplan.cli import choices
    from qplan.models.team import TeamRequest
    from qplan.render import team as render
    from qplan.run.team import execute

    if pool and len(files) < 2:
        raise UsageError("--pool braucht mindestens zwei Teamdateien.")
    if force and html is None:
        raise UsageError("--force gilt nur zusammen mit --html.")
    for path in files:
        if path != "-" and not Path(path).exists():
            raise UsageError(f"{path}: Die Datei gibt es nicht.")
    catalog = catalog_of(ctx)
    first = choices.start("--start", start)
    if first is not None and first < today().replace(day=1):
        raise UsageError(f"--start {start}: der Beginn liegt in der Vergangenheit; bitte ab diesem Monat wählen.")
    request = TeamRequest(tuple(files), today(), first, pool)
    outcome = execute(request, catalog)
    if html is not None:
        from qplan.dates import german
        from qplan.fsio import write_atomic

        write_atomic(html, render.html(outcome, catalog, german(today())).encode("utf-8"), overwrite=force)
        sys.stderr.write(f"Geschrieben: {html}\n")
    if json:
        from qplan.cli.output import print_json

        print_json(render.data(outcome))
        return
    from qplan.cli.output import width_for

    sys.stdout.write("\n".join(render.lines(outcome, catalog, min(80, width_for(sys.stdout)))) + "\n")


def register(app: typer.Typer) -> None:
    from qplan.cli.helptext import epilog

    app.command("team", epilog=epilog("team"), options_metavar="[OPTIONEN]")(team)
