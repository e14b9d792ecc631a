"""`qplan providers import | export | template`: the providers file and spreadsheets."""

from pathlib import Path
from typing import Annotated

import typer

from qplan.cli.common import catalog_of, data_files
from qplan.errors import EXIT_FINDINGS, UsageError

FORCE = typer.Option("--force", help="Eine vorhandene Datei überschreiben.")
SHEETS_EXIT = (
    "Exit-Codes: 0 geschrieben · 1 Tabelle mit Fehlern (nichts geschrieben) · "
    "2 Aufruf fehlerhaft oder Datei nicht lesbar · 3 interner Fehler."
)


def import_(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(metavar="DATEI...", help="Tabellen: .xlsx, .ods oder .csv.")],
    out: Annotated[
        str, typer.Option("--out", metavar="DATEI", help="Die Anbieterdatei, die entsteht („-“: auf stdout).")
    ],
    force: Annotated[bool, FORCE] = False,
    json: Annotated[bool, typer.Option("--json", help="Das Ergebnis als JSON auf stdout.")] = False,
) -> None:
    """Angebote aus einer Tabelle (.xlsx, .ods, .csv) als Anbieterdatei einlesen.

    Die Tabellen „Träger“ und „Angebote“ (je ein Blatt oder je eine CSV-Datei) mit den
    Überschriften der Vorlage (qplan providers template --xlsx DATEI). Fehler stehen mit Blatt
    und Zelle da (datei.xlsx:Angebote!F7). Beim erneuten Einlesen in dieselbe Datei bleiben die
    Kennungen der Angebote gleich, und kein Angebot wird doppelt angelegt.
    """
    from qplan.cli.output import message, print_json
    from qplan.fsio import FileExistsUserError, write_atomic
    from qplan.models.sheets import ImportRequest
    from qplan.run.providers_import import execute

    target = None if out == "-" else Path(out)
    if target is not None and target.exists() and not force:
        raise FileExistsUserError(target)
    request = ImportRequest(tuple(str(f) for f in files), out, str(target) if target is not None else None)
    outcome = execute(request, catalog_of(ctx))
    if json:
        print_json(
            {
                "ok": outcome.ok,
                "out": out if outcome.ok else None,
                "providers": outcome.providers,
                "offers": outcome.offers,
                "kept_ids": outcome.kept_ids,
                "new_ids": outcome.new_ids,
                "findings": [{**f.as_dict(), "place": f.path} for f in outcome.findings],
            }
        )
    else:
        for finding in outcome.findings:
            message(finding.format())
    if not outcome.ok:
        if not json:
            errors = sum(f.severity == "error" for f in outcome.findings)
            message(f"{errors} Fehler in der Tabelle; nichts geschrieben. Bitte in der Tabelle korrigieren.")
        raise typer.Exit(EXIT_FINDINGS)
    if target is None:
        typer.echo(outcome.text, nl=False)
        return
    write_atomic(target, outcome.text.encode(), overwrite=force)
    if not json:
        message(
            f"{target} geschrieben: {outcome.providers} Träger, {outcome.offers} Angebote "
            f"({outcome.kept_ids} Kennungen übernommen, {outcome.new_ids} neu vergeben)."
        )


def export(
    ctx: typer.Context,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", metavar="DATEI", help="Als Excel-Tabelle (.xlsx).")] = None,
    csv: Annotated[
        Path | None,
        typer.Option("--csv", metavar="ORDNER", help="Als zwei CSV-Dateien traeger.csv und angebote.csv."),
    ] = None,
    force: Annotated[bool, FORCE] = False,
) -> None:
    """Die Anbieterdatei als Tabelle ausgeben, im Aufbau, den „providers import“ liest.

    Welche Anbieterdatei: --providers PFAD vor dem Befehl oder QPLAN_PROVIDERS. Ausgeben und
    wieder einlesen ergibt dieselbe Anbieterdatei.
    """
    from qplan.cli.output import message
    from qplan.render.providers_sheet import csv_tables, workbook
    from qplan.run.data import load_providers

    if xlsx is None and csv is None:
        raise UsageError("Bitte --xlsx DATEI oder --csv ORDNER angeben (siehe qplan providers export --help).")
    data = load_providers(data_files(ctx).providers, catalog_of(ctx))
    if xlsx is not None:
        _write(xlsx, workbook(data), force)
        message(f"{xlsx} geschrieben: {len(data.providers)} Träger, {len(data.offers)} Angebote.")
    if csv is not None:
        if csv.exists() and not csv.is_dir():
            raise UsageError(f"--csv {csv}: Das ist eine Datei; bitte einen Ordner angeben.")
        csv.mkdir(parents=True, exist_ok=True)
        for name, text in csv_tables(data).items():
            _write(csv / name, text.encode("utf-8-sig"), force)
        message(f"{csv}/traeger.csv und {csv}/angebote.csv geschrieben.")


def template(
    xlsx: Annotated[Path, typer.Option("--xlsx", metavar="DATEI", help="Die Vorlage als Excel-Tabelle.")],
    force: Annotated[bool, FORCE] = False,
) -> None:
    """Eine leere Vorlage: die Blätter „Träger“ und „Angebote“ mit ihren Überschriften,
    Auswahllisten und einem Blatt „Hinweise“, das jede Spalte erklärt."""
    from qplan.cli.output import message
    from qplan.render.providers_sheet import workbook

    _write(xlsx, workbook(None), force)
    message(f"{xlsx} geschrieben. Ausfüllen und mit qplan providers import {xlsx} --out angebote.yaml einlesen.")


def check(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(metavar="DATEI...", help="Anbieterdateien (.yaml).")],
    json: Annotated[bool, typer.Option("--json", help="Als JSON auf stdout ausgeben.")] = False,
) -> None:
    """Anbieterdateien prüfen (wie --check, für mehrere Dateien, z. B. im pre-commit-Hook)."""
    from qplan.cli.output import message, print_json
    from qplan.errors import EXIT_OK, EXIT_USAGE
    from qplan.run.data import check_providers_file

    catalog = catalog_of(ctx)
    reports = [check_providers_file(path, catalog) for path in files]
    if json:
        print_json(
            [
                {"path": r.label, "ok": r.ok, "usable": r.usable, "findings": [f.as_dict() for f in r.findings]}
                for r in reports
            ]
        )
    else:
        for report in reports:
            for finding in report.findings:
                message(finding.format())
            count = len(report.value.offers) if report.value else 0
            verdict = f"stimmig ({count} Angebote)" if report.ok else f"{len(report.findings)} Problem(e)"
            message(f"{report.label}: {verdict}.")
    code = (
        EXIT_USAGE
        if any(not r.usable for r in reports)
        else EXIT_FINDINGS
        if any(not r.ok for r in reports)
        else EXIT_OK
    )
    raise typer.Exit(code)


def _write(path: Path, data: bytes, force: bool) -> None:
    from qplan.fsio import write_atomic

    write_atomic(path, data, overwrite=force)


def register(group: typer.Typer) -> None:
    from qplan.cli.helptext import flowing

    for name, func, examples in (
        ("import", import_, "qplan providers import angebote.xlsx --out angebote.yaml"),
        ("export", export, "qplan --providers angebote.yaml providers export --xlsx angebote.xlsx"),
        ("template", template, "qplan providers template --xlsx vorlage.xlsx"),
        ("check", check, "qplan providers check angebote.yaml"),
    ):
        group.command(
            name,
            help=flowing(func.__doc__ or ""),
            epilog=f"Beispiel: {examples}\n\n{SHEETS_EXIT}",
            options_metavar="[OPTIONEN]",
        )(func)
