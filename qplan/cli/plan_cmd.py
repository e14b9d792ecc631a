"""`qplan plan`, `qplan show`: a learner's path."""

import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qplan.cli import choices
from qplan.cli.common import catalog_of, providers_option, today
from qplan.cli.output import is_terminal
from qplan.errors import EXIT_FINDINGS, UsageError

if TYPE_CHECKING:
    from datetime import date

    from qplan.models.catalog import Catalog
    from qplan.models.results import PlanResult


def _span(text: str) -> tuple["date", "date"]:
    """`2027-08-01` or `2027-08-01..2027-08-31`, as the first and last day."""
    from qplan.dates import parse_day

    first, _, last = text.partition("..")
    try:
        begin = parse_day(first)
        end = parse_day(last) if last else begin
    except ValueError as exc:
        raise UsageError(f"--unavailable {text}: {exc} Beispiel: 2027-08-01..2027-08-31.") from None
    if end < begin:
        raise UsageError(f"--unavailable {text}: das Ende liegt vor dem Anfang.")
    return begin, end


def _print_result(
    result: "PlanResult", catalog: "Catalog", *, as_json: bool, progress: bool = False, what_if: bool = False
) -> None:
    from qplan.render import plan as render
    from qplan.render import progress as changes

    difference = changes.difference_data(result, catalog) if what_if else None
    if as_json:
        from qplan.cli.output import print_json

        data = render.plan_data(result, catalog)
        if progress:
            data["progress"] = changes.progress_data(result, today())
        if what_if:
            data["difference"] = difference
        print_json(data)
        return
    from qplan.cli.output import console, print_folded

    out = console()
    out.print(render.schedule_table(result, catalog, out.width))
    out.print(render.budget_table(result, catalog, out.width))
    failed = render.checks_table(result, out.width)
    if failed is not None:
        out.print(failed)
    for note in result.schedule.notes:
        print_folded(out, f"Hinweis: {note}")
    if progress:
        for line in changes.progress_lines(result, today(), out.width):
            print_folded(out, line)
    if difference is not None:
        for line in changes.difference_lines(difference):
            print_folded(out, line)
    for line, style in render.problems(result):
        print_folded(out, line, style=style)
    print_folded(out, render.verdict(result), style=render.verdict_style(result))


def plan(
    ctx: typer.Context,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="einfuehrung, basis oder vertiefung.",
            autocompletion=choices.complete_format,
        ),
    ] = None,
    field: Annotated[
        str | None,
        typer.Option(
            "--field",
            metavar="FELD",
            help="Für basis: koordination, steuerung oder beide.",
            autocompletion=choices.complete_field,
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option("--start", metavar="JJJJ-MM[-TT]", help="Beginn; Standard: der Erste des nächsten Monats."),
    ] = None,
    done: Annotated[
        list[str] | None, choices.module_option("--done", "Schon absolviert oder anerkannt (mehrfach).")
    ] = None,
    add: Annotated[list[str] | None, choices.module_option("--add", "Zusätzliches Modul (mehrfach).")] = None,
    drop: Annotated[list[str] | None, choices.module_option("--drop", "Modul weglassen (mehrfach).")] = None,
    module: Annotated[
        list[str] | None, choices.module_option("--module", "Für vertiefung: gewählte Module (mehrfach).")
    ] = None,
    learner: Annotated[str | None, typer.Option("--learner", metavar="NAME", help="Name im Plan.")] = None,
    organisation: Annotated[
        str | None,
        typer.Option("--organisation", metavar="NAME", help="Arbeitgeber oder Organisation (für Dokumente)."),
    ] = None,
    contact: Annotated[
        str | None, typer.Option("--contact", metavar="TEXT", help="Ansprechperson für einen Förderantrag.")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", metavar="DATEI", help="Plan als YAML-Datei schreiben.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Vorhandene Datei bei --out überschreiben.")] = False,
    json: Annotated[bool, typer.Option("--json", help="Als JSON auf stdout ausgeben.")] = False,
    no_input: Annotated[bool, typer.Option("--no-input", help="Nie nachfragen, auch am Terminal nicht.")] = False,
    profile: Annotated[bool, typer.Option("--profile", help="Dazu das Kompetenzprofil des Pfads zeigen.")] = False,
    offers: Annotated[
        bool, typer.Option("--offers", help="Für jedes Modul das passende Angebot eines Trägers wählen.")
    ] = False,
    region: Annotated[
        str | None, choices.region_option("--region", "Mit --offers: stuttgart, karlsruhe, freiburg, tuebingen.")
    ] = None,
    setting: Annotated[
        str | None,
        typer.Option(
            "--setting",
            metavar="FORM",
            help="Mit --offers: inhouse, regional oder zentral.",
            autocompletion=choices.complete_setting,
        ),
    ] = None,
    budget_eur: Annotated[
        str | None,
        typer.Option(
            "--budget-eur", metavar="EURO", help="Mit --offers: höchstens so viel Euro insgesamt (1000 oder 1.000)."
        ),
    ] = None,
    unavailable: Annotated[
        list[str] | None,
        typer.Option(
            "--unavailable",
            metavar="TAG[..TAG]",
            help="An diesen Tagen keine Präsenz, z. B. 2027-08-01..2027-08-31 (mehrfach).",
        ),
    ] = None,
    avoid_school_holidays: Annotated[
        bool, typer.Option("--avoid-school-holidays", help="Keine Präsenz in den Schulferien Baden-Württembergs.")
    ] = False,
    compact: Annotated[
        bool,
        typer.Option("--compact", help="Schneller fertig: Veranstaltungen enger als im Takt des Leitfadens."),
    ] = False,
    home: Annotated[
        str | None, choices.region_option("--home", "Mit --offers: eigener Regierungsbezirk, bevorzugt für Reisen.")
    ] = None,
    time_limit: Annotated[
        float,
        typer.Option("--time-limit", metavar="SEKUNDEN", help="Mit --offers: Zeitgrenze für die Suche (Standard 5)."),
    ] = 5.0,
) -> None:
    """Einen Lernpfad zusammenstellen, die Stunden prüfen und einen Zeitplan zeigen.

    Ohne --format fragt qplan am Terminal nach Rolle, Vorkenntnissen und Ziel und empfiehlt
    Format und Aufgabenfeld.
    """
    from qplan.models.requests import PlanRequest
    from qplan.run.plan import plan as make_plan

    catalog = catalog_of(ctx)
    if format is None:
        if no_input or json or not sys.stdin.isatty():
            raise UsageError(
                "--format fehlt (einfuehrung, basis oder vertiefung). Ohne --no-input fragt qplan am Terminal nach."
            )
        from qplan.cli.advisor_prompt import ask, equivalent_command

        format, field, chosen = ask(catalog)
        module = list(chosen) or module
        command = equivalent_command(format, field, tuple(module or ()), start)
        sys.stderr.write(f"Derselbe Plan ohne Fragen: {command}\n\n")
    format = choices.FORMAT.parse(format)
    field = choices.FIELD.maybe(field)
    if force and (out is None or str(out) == "-"):
        raise UsageError("--force gilt nur zusammen mit --out.")
    start_date = choices.start("--start", start)
    if start_date is not None:
        from qplan.dates import german, window_end

        track = catalog.track_for(format, field)
        if track is not None and track.schedule.duration_months:
            last = window_end(start_date, track.schedule.duration_months)
            if last < today():
                raise UsageError(
                    f"--start {start}: der Zeitraum von {track.schedule.duration_months} Monaten endete am "
                    f"{german(last)}. Für einen neuen Plan einen Beginn ab heute wählen oder --start weglassen."
                )
    request = PlanRequest(
        format=format,
        field=field,
        start=start_date,
        done=choices.module_ids(done),
        add=choices.module_ids(add),
        drop=choices.module_ids(drop),
        modules=choices.module_ids(module),
        learner=learner,
        organisation=organisation,
        contact=contact,
        unavailable=tuple(_span(text) for text in unavailable or ()),
        avoid_school_holidays=avoid_school_holidays,
        compact=compact,
    )
    budget = choices.euro(budget_eur) if budget_eur is not None else None
    if not math.isfinite(time_limit) or time_limit <= 0:  # nan and inf pass a comparison with 0
        raise UsageError(f"--time-limit {time_limit:g}: bitte eine endliche Zeit in Sekunden größer als 0 angeben.")
    if not offers and (region or setting or home or budget is not None):
        raise UsageError("--region, --setting, --home und --budget-eur gelten nur zusammen mit --offers.")
    if offers:
        from qplan.cli.common import providers_of
        from qplan.models.requests import Wishes
        from qplan.run.plan import plan_with_offers

        region = choices.REGION.maybe(region)
        setting = choices.SETTING.maybe(setting)
        wishes = Wishes(
            today=today(),
            region=region,
            setting=setting,
            budget_eur=budget,
            compact=compact,
            home=choices.REGION.maybe(home),
            time_limit=time_limit,
        )
        result = plan_with_offers(catalog, request, providers_of(ctx, catalog), wishes)
        if not (ctx.find_root().obj or {}).get("providers"):
            sys.stderr.write(
                "Hinweis: Die Angebote stammen aus den mitgelieferten, frei erfundenen Beispieldaten; "
                "echte Angebote mit --providers PFAD laden.\n"
            )
    else:
        result = make_plan(catalog, request, today=today())
    if out is not None and str(out) == "-":  # the plan file itself is the output
        from qplan.render.plan_yaml import plan_yaml

        if json:
            raise UsageError("--out - und --json schreiben beide nach stdout; bitte eines wählen.")
        sys.stdout.write(plan_yaml(result.doc, catalog))
        if not result.ok:
            raise typer.Exit(EXIT_FINDINGS)
        return
    if out is not None:
        from qplan.fsio import write_atomic
        from qplan.render.plan_yaml import plan_yaml

        write_atomic(out, plan_yaml(result.doc, catalog).encode("utf-8"), overwrite=force)
        sys.stderr.write(f"Plan geschrieben: {out}\n")
    if profile:
        from qplan.cli.profile_cmd import show as show_profile
        from qplan.run.plan import profile_for

        competences = profile_for(result.doc, catalog)
        if json:
            from qplan.cli.output import print_json
            from qplan.render import plan as render
            from qplan.render.profile import profile_data

            data = render.plan_data(result, catalog)
            data["profile"] = profile_data(competences)
            print_json(data)
        else:
            _print_result(result, catalog, as_json=False, what_if=bool(add or drop))
            sys.stdout.write("\n")
            show_profile(competences, catalog, result.doc, as_json=False)
    else:
        _print_result(result, catalog, as_json=json, what_if=bool(add or drop))
    if not result.ok:
        raise typer.Exit(EXIT_FINDINGS)


def show(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(metavar="DATEI", help="Plan-Dokument (YAML) oder - für stdin.")],
    json: Annotated[bool, typer.Option("--json", help="Als JSON auf stdout ausgeben.")] = False,
) -> None:
    """Ein Plan-Dokument zeigen: Zeitplan, Stunden, Fortschritt und Prüfungen."""
    from qplan.run.plan import review_file

    catalog = catalog_of(ctx)
    if path != "-" and not Path(path).exists():
        raise UsageError(f"{path}: Die Datei gibt es nicht.")
    reviewed = review_file(path, catalog, today=today(), providers=providers_option(ctx))
    if reviewed.errors:  # duplicate keys: the data is there, but something was silently replaced
        from qplan.cli.output import findings_to_stderr

        findings_to_stderr(reviewed.file_findings)
    result = reviewed.result
    _print_result(result, catalog, as_json=json, progress=True)
    if json is False and not is_terminal(sys.stdout):
        # The report on stdout names every finding; a script that keeps only stderr still
        # learns where the errors are, as `file:line:column` lines. On a terminal once is enough.
        from qplan.cli.output import findings_to_stderr

        findings_to_stderr(f.at(reviewed.label) for f in result.evaluation.findings if f.severity == "error")
    if not result.ok or reviewed.errors:
        raise typer.Exit(EXIT_FINDINGS)


def register(app: typer.Typer) -> None:
    from qplan.cli.helptext import epilog

    for name, command in (("plan", plan), ("show", show)):
        app.command(name, epilog=epilog(name), options_metavar="[OPTIONEN]")(command)
