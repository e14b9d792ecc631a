"""`qplan providers`: who offers what, where and when; `--check` validates the file."""

from typing import TYPE_CHECKING, Annotated

import typer

from qplan.cli import choices
from qplan.cli.common import data_files, today
from qplan.errors import UsageError

if TYPE_CHECKING:
    from qplan.models.requests import DataFiles, OffersRequest
    from qplan.models.results import OfferListing


def providers(
    ctx: typer.Context,
    module: Annotated[list[str] | None, choices.module_option("--module", "Nur Angebote mit diesem Modul.")] = None,
    region: Annotated[
        str | None, choices.region_option("--region", "stuttgart, karlsruhe, freiburg oder tuebingen.")
    ] = None,
    setting: Annotated[
        str | None,
        typer.Option(
            "--setting", metavar="FORM", help="inhouse, regional oder zentral.", autocompletion=choices.complete_setting
        ),
    ] = None,
    start: Annotated[
        str | None, typer.Option("--from", metavar="JJJJ-MM[-TT]", help="Nur Angebote ab diesem Tag.")
    ] = None,
    available: Annotated[
        bool, typer.Option("--available", help="Nur buchbare (Plätze frei, Anmeldung offen).")
    ] = False,
    check: Annotated[bool, typer.Option("--check", help="Die Anbieterdatei prüfen statt Angebote zu zeigen.")] = False,
    providers_file: Annotated[
        str | None,
        typer.Option("--providers", metavar="PFAD", help="Diese Anbieterdatei (wie vor dem Befehl)."),
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Als JSON auf stdout ausgeben.")] = False,
    html: Annotated[
        str | None, typer.Option("--html", metavar="DATEI", help="Die Übersicht druckbar als HTML (A4).")
    ] = None,
    jsonld: Annotated[
        str | None,
        typer.Option("--jsonld", metavar="DATEI", help="Die Angebote als schema.org JSON-LD (CourseInstance)."),
    ] = None,
    ics: Annotated[
        str | None, typer.Option("--ics", metavar="DATEI", help="Jeder Präsenztag jedes Angebots als Kalender.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Vorhandene Dateien überschreiben.")] = False,
) -> None:
    """Wer bietet was, wo und wann an (Träger und ihre Angebote).

    Die mitgelieferte Anbieterdatei enthält nur fiktive Beispiele; die echte Übersicht der
    Koordinierungsstelle lädt --providers PFAD (vor dem Befehl) oder QPLAN_PROVIDERS.
    Tabellen (.xlsx, .ods, .csv) liest „qplan providers import“, „export“ und „template“
    schreiben sie.
    """
    if ctx.invoked_subcommand is not None:
        if module or region or setting or start or available or check or json:
            raise UsageError("Die Filter und --check/--json von „providers“ gehören nicht vor einen Unterbefehl.")
        return
    from dataclasses import replace

    from qplan.models.requests import OffersRequest
    from qplan.render import providers as render
    from qplan.run.providers import execute

    files = replace(data_files(ctx), providers=providers_file or data_files(ctx).providers)
    if check:
        _check(files, as_json=json)
        return
    request = OffersRequest(
        today=today(),
        files=files,
        modules=tuple(choices.module_id(m) for m in module or []),
        region=choices.REGION.maybe(region),
        setting=choices.SETTING.maybe(setting),
        since=choices.start("--from", start),
        available=available,
    )
    listing = execute(request)
    if html or jsonld or ics:
        from qplan.cli.office_cmd import publish

        offers = list(listing.offers)
        publish(
            listing.providers, offers, listing.catalog, request.today, html=html, jsonld=jsonld, ics=ics, force=force
        )
        return
    if json:
        from qplan.cli.output import print_json

        print_json(render.offers_data(listing.providers, list(listing.offers), request.today))
        return
    _print_offers(listing, request, typed_from=start)


# The options that filter, as the user typed them: for "after --region stuttgart none is left".
_FILTER_FLAGS = {"modules": "--module", "region": "--region", "setting": "--setting", "since": "--from"}


def _print_offers(listing: "OfferListing", request: "OffersRequest", typed_from: str | None) -> None:
    from qplan.cli.output import console, message
    from qplan.render import providers as render

    if not listing.offers:
        if listing.emptied_by is None:
            message("Die Anbieterdatei enthält kein Angebot.")
            return
        value = typed_from if listing.emptied_by == "since" else getattr(request, listing.emptied_by)
        typed = " ".join(value) if isinstance(value, tuple) else "" if isinstance(value, bool) else str(value)
        flag = f"{_FILTER_FLAGS.get(listing.emptied_by, '--' + listing.emptied_by)} {typed}".strip()
        message(
            f"Kein Angebot: nach {flag} bleibt keines übrig. Ohne diese Einschränkung suchen "
            "oder sie ändern (z. B. ein früheres --from)."
        )
        return
    out = console()
    out.print(render.offers_table(listing.providers, list(listing.offers), listing.catalog, request.today, out.width))
    out.print(
        f"{len(listing.offers)} Angebot(e). Alle Träger und Angebote der mitgelieferten Datei sind fiktiv."
        if listing.example_offers
        else f"{len(listing.offers)} Angebot(e)."
    )


def _check(files: "DataFiles", *, as_json: bool) -> None:
    from qplan.cli.common import finish_data_check
    from qplan.models.requests import DataCheckRequest
    from qplan.run.datacheck import execute

    report = execute(DataCheckRequest("providers", None, files))
    count = len(report.value.offers) if report.value else 0
    finish_data_check(report, as_json=as_json, summary=f"Anbieterdatei stimmig ({count} Angebote)")


def register(app: typer.Typer) -> None:
    """`qplan providers` with its sub-commands: `diff` (the office's comparison of two files),
    `import`, `export`, `template` (spreadsheets) and `check` (several files)."""
    from qplan.cli import providers_sheets_cmd
    from qplan.cli.helptext import epilog, flowing
    from qplan.cli.office_cmd import providers_diff

    group = typer.Typer(
        invoke_without_command=True,
        options_metavar="[OPTIONEN]",
        subcommand_metavar="[BEFEHL [ARGUMENTE]...]",
        epilog=epilog("providers"),
        help=flowing(providers.__doc__ or ""),
    )
    group.callback()(providers)
    group.command(
        "diff",
        epilog=epilog("providers diff"),
        options_metavar="[OPTIONEN]",
        help=flowing(providers_diff.__doc__ or ""),
    )(providers_diff)
    providers_sheets_cmd.register(group)
    app.add_typer(group, name="providers")
