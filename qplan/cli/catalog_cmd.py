"""`qplan catalog`: show the programme, one entry in full, or check a catalogue file."""

import dataclasses
from typing import TYPE_CHECKING, Annotated

import typer

from qplan.cli import choices
from qplan.cli.common import catalog_of, data_files
from qplan.cli.helptext import epilog
from qplan.errors import UsageError

if TYPE_CHECKING:
    from qplan.models.catalog import Area, Catalog, Format, Module

app = typer.Typer(
    help="Das Programm zeigen: Module, Lernbereiche, Formate; den Katalog prüfen.",
    invoke_without_command=True,
    options_metavar="[OPTIONEN]",
    subcommand_metavar="[BEFEHL [ARGUMENTE]...]",
    epilog=epilog("catalog"),
)


@app.callback()
def catalog(
    ctx: typer.Context,
    format: Annotated[
        str | None,
        typer.Option("--format", metavar="FORMAT", help="Nur Module dieses Formats: einfuehrung, basis, vertiefung."),
    ] = None,
    field: Annotated[
        str | None,
        typer.Option(
            "--field", metavar="FELD", help="Nur Module dieses Aufgabenfeldes: koordination, steuerung, beide."
        ),
    ] = None,
    area: Annotated[
        str | None, typer.Option("--area", metavar="LB", help="Nur Module dieses Lernbereichs: LB1 … LB5.")
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Als JSON auf stdout ausgeben.")] = False,
) -> None:
    """Tabelle aller Module (ID, Titel, Lernbereich, WSt, Aufgabenfelder), mit Filtern."""
    if ctx.invoked_subcommand is not None:
        if format or field or area or json:
            raise UsageError("--format/--field/--area/--json gehören hinter den Unterbefehl.")
        return
    from qplan.models.requests import ModulesRequest
    from qplan.render.catalog import catalog_data, catalog_table
    from qplan.run.catalog import execute

    request = ModulesRequest(data_files(ctx), choices.FORMAT.maybe(format), choices.FIELD.maybe(field), area)
    listing = execute(request)
    if json:
        from qplan.cli.output import print_json

        print_json(catalog_data(listing.catalog, list(listing.modules)))
        return
    from qplan.cli.output import console

    out = console()
    out.print(catalog_table(listing.catalog, list(listing.modules), out.width))
    if any(m.wst_assumed for m in listing.modules):
        out.print("* Annahme: Der Leitfaden nennt für Vertiefungsmodule keine Lernzeit.")


@app.command("show", epilog=epilog("catalog show"), options_metavar="[OPTIONEN]")
def show(
    ctx: typer.Context,
    ident: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="Modul (M01), Lernbereich (LB1) oder Format (basis).",
            autocompletion=choices.complete_catalog_id,
        ),
    ],
    json: Annotated[bool, typer.Option("--json", help="Als JSON auf stdout ausgeben.")] = False,
) -> None:
    """Ein Modul, einen Lernbereich oder ein Format vollständig zeigen."""
    from qplan.models.catalog import Area, Module
    from qplan.render import catalog as render

    cat = catalog_of(ctx)
    obj = _look_up(cat, ident)
    if json:
        from qplan.cli.output import print_json

        print_json(dataclasses.asdict(obj))
        return
    from qplan.cli.output import console

    if isinstance(obj, Module):
        rows = render.module_detail(cat, obj)
    elif isinstance(obj, Area):
        rows = render.area_detail(cat, obj)
    else:
        rows = render.format_detail(cat, obj)
    console().print(render.detail_table(rows))


def _look_up(cat: "Catalog", ident: str) -> "Module | Area | Format":
    """A module, learning area or format by its id, spelled as people do (m04, lb3, Basis);
    else a usage error with the closest ids or the modules whose title has the word."""
    from qplan.cli.choices import fold

    for found in (
        cat.module_by_id.get(ident.upper()),
        cat.area_by_id.get(ident.upper()),
        cat.format_by_id.get(fold(ident)),
    ):
        if found is not None:
            return found
    import difflib

    known = [*cat.module_by_id, *cat.area_by_id, *cat.format_by_id]
    close = difflib.get_close_matches(ident, known, n=3, cutoff=0.5)
    # A word of a title: „sozialraum“ finds the modules about it.
    wanted = fold(ident)
    by_title = [m for m in cat.modules if len(wanted) >= 3 and wanted in fold(m.title)]
    if by_title:
        listed = "; ".join(f"{m.id} {m.title}" for m in by_title[:5])
        more = f" (und {len(by_title) - 5} weitere)" if len(by_title) > 5 else ""
        hint = f" Im Titel kommt es vor bei: {listed}{more}. Zeigen mit: qplan catalog show {by_title[0].id}"
    elif close:
        hint = f" Meinten Sie {', '.join(close)}?"
    else:
        hint = " Bekannt sind Module (M01), Lernbereiche (LB1), Formate (basis); `qplan catalog` listet alle."
    raise UsageError(f"„{ident}“ gibt es im Katalog nicht.{hint}")


@app.command("check", epilog=epilog("catalog check"), options_metavar="[OPTIONEN]")
def check(
    ctx: typer.Context,
    path: Annotated[
        str | None, typer.Argument(metavar="PFAD", help="Katalogdatei; ohne Angabe der verwendete Katalog.")
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Ergebnis als JSON auf stdout.")] = False,
) -> None:
    """Den Katalog prüfen: Kennungen, Verweise, WSt je Lernbereich, Budgets jeder Spur."""
    from qplan.cli.common import finish_data_check
    from qplan.models.requests import DataCheckRequest
    from qplan.run.datacheck import execute

    report = execute(DataCheckRequest("catalog", path, data_files(ctx)))
    count = len(report.value.modules) if report.value else 0
    finish_data_check(report, as_json=json, summary=f"Katalog stimmig ({count} Module)")
