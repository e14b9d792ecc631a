"""`qplan providers`: who offers what, where and when; `--check` validates the file."""

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from qplan.cli.common import catalog_of, today
from qplan.errors import UsageError

if TYPE_CHECKING:
    from qplan.models.providers import Offer


def providers(
    ctx: typer.Context,
    module: Annotated[
        list[str] | None, typer.Option("--module", metavar="ID", help="Nur Angebote mit diesem Modul.")
    ] = None,
    region: Annotated[
        str | None, typer.Option("--region", metavar="BEZIRK", help="stuttgart, karlsruhe, freiburg oder tuebingen.")
    ] = None,
    setting: Annotated[
        str | None, typer.Option("--setting", metavar="FORM", help="inhouse, regional oder zentral.")
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
    from qplan.cli import choices
    from qplan.run.data import load_providers, providers_path

    region = choices.REGION.maybe(region)
    setting = choices.SETTING.maybe(setting)
    module = [choices.module_id(m) for m in module or []]
    since = choices.start("--from", start)
    catalog = catalog_of(ctx)
    option = providers_file or (ctx.find_root().obj or {}).get("providers")
    if check:
        _check(providers_path(option), catalog, as_json=json)
        return
    data = load_providers(option, catalog)
    for mid in module or []:
        if mid not in catalog.module_by_id:
            raise UsageError(f"--module {mid}: Dieses Modul gibt es im Katalog nicht.")
    day = today()
    filters: list[tuple[object, str, Callable[[Offer], bool]]] = [
        (module, f"--module {' '.join(module or ())}", lambda o: bool(set(module or ()) & set(o.modules))),
        (
            region,
            f"--region {region}",
            lambda o: data.provider_by_id[o.provider].region == region or o.online,
        ),
        (setting, f"--setting {setting}", lambda o: o.setting == setting),
        (since, f"--from {start}", lambda o: o.first_day is not None and since is not None and o.first_day >= since),
        (available or None, "--available", lambda o: not o.full and o.registration_deadline >= day),
    ]
    chosen = list(data.offers)
    emptied_by = None
    for wanted, flag, keep in filters:
        if wanted:
            chosen = [o for o in chosen if keep(o)]
            if not chosen and emptied_by is None:
                emptied_by = flag
    chosen.sort(key=lambda o: (o.first_day or date.max, o.id))
    if html or jsonld or ics:
        from qplan.cli.office_cmd import publish

        publish(data, chosen, catalog, day, html=html, jsonld=jsonld, ics=ics, force=force)
        return
    from qplan.render import providers as render

    if json:
        from qplan.cli.output import print_json

        print_json(render.offers_data(data, chosen, day))
        return
    from qplan.cli.output import console

    out = console()
    if not chosen:
        from qplan.cli.output import message

        message(
            f"Kein Angebot: nach {emptied_by} bleibt keines übrig. Ohne diese Einschränkung suchen "
            "oder sie ändern (z. B. ein früheres --from)."
            if emptied_by
            else "Die Anbieterdatei enthält kein Angebot."
        )
        return
    out.print(render.offers_table(data, chosen, catalog, day, out.width))
    out.print(
        f"{len(chosen)} Angebot(e). Alle Träger und Angebote der mitgelieferten Datei sind fiktiv."
        if option is None
        else f"{len(chosen)} Angebot(e)."
    )


def _check(path, catalog, *, as_json: bool) -> None:  # type: ignore[no-untyped-def]
    from qplan.cli.common import finish_data_check
    from qplan.run.data import check_providers_file

    report = check_providers_file(path, catalog)
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
