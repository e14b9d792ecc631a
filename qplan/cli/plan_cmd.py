"""`qplan plan`, `qplan show`: a learner's path."""

import math
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qplan.cli import choices
from qplan.cli.common import catalog_of, data_files, today
from qplan.cli.output import is_terminal
from qplan.cli.plan_view import print_result
from qplan.errors import EXIT_FINDINGS, UsageError

if TYPE_CHECKING:
    from datetime import date

    from qplan.models.catalog import Catalog
    from qplan.models.requests import PlanRequest, Wishes
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
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Bei --out: vorhandene Datei überschreiben, auch einen Plan mit Fehlern schreiben."
        ),
    ] = False,
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
        str | None,
        choices.region_option("--home", "Eigener Regierungsbezirk: steht im Plan; mit --offers bevorzugt für Reisen."),
    ] = None,
    target_group: Annotated[
        str | None,
        typer.Option(
            "--target-group",
            metavar="GRUPPE",
            help="Zielgruppe (kommunal, fachkraefte, ehrenamt): steht im Plan, für die Statistik.",
        ),
    ] = None,
    time_limit: Annotated[
        float,
        typer.Option("--time-limit", metavar="SEKUNDEN", help="Mit --offers: Zeitgrenze für die Suche (Standard 5)."),
    ] = 5.0,
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            metavar="N|DATEI",
            help="Mit --offers: feste Lerngruppe von N Personen oder aus einer Mitgliederliste (CSV, YAML).",
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out-dir", metavar="ORDNER", help="Mit --group: je Mitglied eine Plan-Datei in diesen Ordner."),
    ] = None,
) -> None:
    """Einen Lernpfad zusammenstellen, die Stunden prüfen und einen Zeitplan zeigen.

    Ohne --format fragt qplan am Terminal nach Rolle, Vorkenntnissen und Ziel und empfiehlt
    Format und Aufgabenfeld.
    """
    from qplan.models.requests import PlanCommand
    from qplan.run.plan_command import execute

    if format is None:
        format, field, module, asked = _ask(ctx, module, start, target_group, interactive=not (no_input or json))
        target_group = target_group or asked
    if force and (out is None or str(out) == "-") and out_dir is None:
        raise UsageError("--force gilt nur zusammen mit --out oder --out-dir.")
    if out is not None and str(out) == "-" and json:
        raise UsageError("--out - und --json schreiben beide nach stdout; bitte eines wählen.")
    path = replace(
        _path_request(format, field, start, done, add, drop, module, unavailable),
        learner=learner,
        organisation=organisation,
        contact=contact,
        avoid_school_holidays=avoid_school_holidays,
        compact=compact,
        home=choices.REGION.maybe(home),
        target_group=_target_group(catalog_of(ctx), target_group) if target_group else None,
    )
    wishes = _wishes(offers, region, setting, budget_eur, home, time_limit, compact)
    if group is not None or out_dir is not None:
        _plan_group(ctx, path, wishes, group, out_dir, out=out, force=force, as_json=json)
        return
    outcome = execute(PlanCommand(path, today(), data_files(ctx), wishes))
    if outcome.example_offers:
        sys.stderr.write(
            "Hinweis: Die Angebote stammen aus den mitgelieferten, frei erfundenen Beispieldaten; "
            "echte Angebote mit --providers PFAD laden.\n"
        )
    if not _write_plan(outcome.result, outcome.catalog, out, force, data_files(ctx).providers):
        _show_plan(outcome.result, outcome.catalog, as_json=json, profile=profile, what_if=bool(add or drop))
    if not outcome.result.ok:
        raise typer.Exit(EXIT_FINDINGS)


def _plan_group(  # type: ignore[no-untyped-def]
    ctx: typer.Context, path: "PlanRequest", wishes: "Wishes | None", group, out_dir, *, out, force, as_json
) -> None:
    """A fixed learning group on one path: qplan.cli.group_out."""
    if group is None:
        raise UsageError("--out-dir gilt nur zusammen mit --group.")
    if wishes is None:
        raise UsageError("--group gilt nur zusammen mit --offers.")
    from qplan.cli.common import providers_of
    from qplan.cli.group_out import plan_group

    catalog = catalog_of(ctx)
    plan_group(
        catalog, path, providers_of(ctx, catalog), wishes, group, out_dir=out_dir, out=out, force=force, as_json=as_json
    )


def _ask(
    ctx: typer.Context, module: list[str] | None, start: str | None, target_group: str | None, *, interactive: bool
) -> tuple[str, str | None, list[str] | None, str | None]:
    """Without --format: ask at a terminal (and say the command that asks nothing)."""
    if not interactive or not sys.stdin.isatty():
        raise UsageError(
            "--format fehlt (einfuehrung, basis oder vertiefung). Ohne --no-input fragt qplan am Terminal nach."
        )
    from qplan.cli.advisor_prompt import ask, equivalent_command

    format, field, chosen, asked = ask(catalog_of(ctx))
    module = list(chosen) or module
    command = equivalent_command(format, field, tuple(module or ()), start, target_group or asked)
    sys.stderr.write(f"Derselbe Plan ohne Fragen: {command}\n\n")
    return format, field, module, asked


def _path_request(  # type: ignore[no-untyped-def]
    format, field, start, done, add, drop, module, unavailable
) -> "PlanRequest":
    """The options that shape the path, checked and spelled as the core expects them."""
    from qplan.models.requests import PlanRequest

    return PlanRequest(
        format=choices.FORMAT.parse(format),
        field=choices.FIELD.maybe(field),
        start=choices.start("--start", start),
        done=choices.module_ids(done),
        add=choices.module_ids(add),
        drop=choices.module_ids(drop),
        modules=choices.module_ids(module),
        unavailable=tuple(_span(text) for text in unavailable or ()),
    )


def _wishes(  # type: ignore[no-untyped-def]
    offers: bool, region, setting, budget_eur, home, time_limit: float, compact: bool
) -> "Wishes | None":
    """The wishes for the offer choice, or None without --offers."""
    budget = choices.euro(budget_eur) if budget_eur is not None else None
    if not math.isfinite(time_limit) or time_limit <= 0:  # nan and inf pass a comparison with 0
        raise UsageError(f"--time-limit {time_limit:g}: bitte eine endliche Zeit in Sekunden größer als 0 angeben.")
    if not offers:
        if region or setting or budget is not None:
            raise UsageError("--region, --setting und --budget-eur gelten nur zusammen mit --offers.")
        return None
    from qplan.models.requests import Wishes

    return Wishes(
        today=today(),
        region=choices.REGION.maybe(region),
        setting=choices.SETTING.maybe(setting),
        budget_eur=budget,
        compact=compact,
        home=choices.REGION.maybe(home),
        time_limit=time_limit,
    )


def _write_plan(result: "PlanResult", catalog: "Catalog", out: Path | None, force: bool, providers: str | None) -> bool:
    """--out FILE writes the plan file, only if it passes `qplan check` (or with --force);
    --out - makes it the output (True)."""
    if out is None:
        return False
    from qplan.render.plan_yaml import plan_yaml

    text = plan_yaml(result.doc, catalog)
    if str(out) == "-":
        sys.stdout.write(text)
        return True
    from qplan.run.plan import write_plan

    write_plan(out, text, catalog, today=today(), force=force, providers=providers)
    sys.stderr.write(f"Plan geschrieben: {out}\n")
    return False


def _show_plan(result: "PlanResult", catalog: "Catalog", *, as_json: bool, profile: bool, what_if: bool) -> None:
    """The plan as tables or JSON, with the competence profile when asked."""
    if not profile:
        print_result(result, catalog, as_json=as_json, what_if=what_if)
        return
    from qplan.cli.profile_cmd import show as show_profile
    from qplan.run.plan import profile_for

    competences = profile_for(result.doc, catalog)
    if as_json:
        from qplan.cli.output import print_json
        from qplan.render import plan as render
        from qplan.render.profile import profile_data

        data = render.plan_data(result, catalog)
        data["profile"] = profile_data(competences)
        print_json(data)
        return
    print_result(result, catalog, as_json=False, what_if=what_if)
    sys.stdout.write("\n")
    show_profile(competences, catalog, result.doc, as_json=False)


def _target_group(catalog: "Catalog", text: str | None) -> str | None:
    """--target-group as typed (any case, umlauts folded), checked against the catalogue."""
    if text is None:
        return None
    groups = catalog.target_groups.groups if catalog.target_groups else ()
    wanted = choices.fold(text)
    for group in groups:
        if choices.fold(group.id) == wanted:
            return group.id
    known = ", ".join(g.id for g in groups) or "keine (der Katalog führt keine Zielgruppen)"
    raise UsageError(f"--target-group {text}: Diese Zielgruppe gibt es nicht; erlaubt: {known}.")


def show(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(metavar="DATEI", help="Plan-Dokument (YAML) oder - für stdin.")],
    json: Annotated[bool, typer.Option("--json", help="Als JSON auf stdout ausgeben.")] = False,
) -> None:
    """Ein Plan-Dokument zeigen: Zeitplan, Stunden, Fortschritt und Prüfungen."""
    from qplan.models.requests import ShowRequest
    from qplan.run.show import execute

    review = execute(ShowRequest(path, today(), data_files(ctx)))
    reviewed = review.reviewed
    if reviewed.errors:  # duplicate keys: the data is there, but something was silently replaced
        from qplan.cli.output import findings_to_stderr

        findings_to_stderr(reviewed.file_findings)
    result = reviewed.result
    print_result(result, review.catalog, as_json=json, progress=True)
    if json is False and not is_terminal(sys.stdout):
        # The report on stdout names every finding; a script that keeps only stderr still
        # learns where the errors are, as `file:line:column` lines. On a terminal once is enough.
        from qplan.cli.output import findings_to_stderr

        findings_to_stderr(f.at(reviewed.label) for f in result.evaluation.findings if f.severity == "error")
    if not review.ok:
        raise typer.Exit(EXIT_FINDINGS)


def register(app: typer.Typer) -> None:
    from qplan.cli.helptext import epilog

    for name, command in (("plan", plan), ("show", show)):
        app.command(name, epilog=epilog(name), options_metavar="[OPTIONEN]")(command)
