"""`qplan done`, `recognise`, `undo`, `replan`: a learner's plan along the way."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from qplan.cli import choices
from qplan.cli.common import catalog_of, providers_option, today
from qplan.errors import EXIT_FINDINGS, UsageError

Ids = Annotated[
    list[str],
    typer.Argument(metavar="ID...", help="Modulkennungen (M01 oder m01).", autocompletion=choices.complete_module),
]
Plan = Annotated[Path, typer.Argument(metavar="PLAN", help="Die Plan-Datei; sie wird geändert (Kommentare bleiben).")]
Json = Annotated[bool, typer.Option("--json", help="Ergebnis als JSON (wie show --json, dazu „changes“).")]
Force = Annotated[
    bool, typer.Option("--force", help="Auch schreiben, wenn der Plan danach Regeln verletzt (qplan check nennt sie).")
]


def _writing(ctx: typer.Context, force: bool):  # type: ignore[no-untyped-def]
    from qplan.models.requests import Writing

    return Writing(catalog_of(ctx), today(), providers_option(ctx), force)


def _ids(values: list[str]) -> tuple[str, ...]:
    found = choices.module_ids(values)
    if not found:
        raise UsageError("Mindestens eine Modulkennung angeben, z. B. M01.")
    return tuple(dict.fromkeys(found))


def _report(ctx: typer.Context, plan: Path, changes, as_json: bool, written: bool = True, extra=None) -> None:  # type: ignore[no-untyped-def]
    catalog = catalog_of(ctx)
    if as_json:
        from qplan.cli.output import print_json
        from qplan.render.plan import plan_data
        from qplan.run.plan import review_file

        data = plan_data(review_file(str(plan), catalog, today=today()).result, catalog)
        data["changes"] = [c.as_dict() for c in changes]
        data["written"] = written
        data.update(extra or {})
        print_json(data)
        return
    for change in changes:
        sys.stdout.write(f"{change.module}: {change.what}\n")
    if not changes:
        sys.stdout.write("Nichts zu ändern.\n")
    sys.stderr.write(f"Plan {'geschrieben' if written else 'unverändert'}: {plan}\n")


def done(
    ctx: typer.Context,
    plan: Plan,
    ids: Ids,
    on: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="JJJJ-MM-TT", help="Tag des Abschlusses (Standard: der geplante Tag, sonst heute)."
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="Notiz, z. B. die Teilnahmebescheinigung.")
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", help="Ohne Nachfrage: ein Modul mit künftigem Termin ist heute erledigt.")
    ] = False,
    force: Force = False,
    json: Json = False,
) -> None:
    """Module als erledigt markieren (auch: qplan erledigt)."""
    from qplan.run.lifecycle import mark_done

    def confirm(ahead: list[str]) -> bool:
        if yes:
            return True
        if not sys.stdin.isatty() or json:
            return False
        return typer.confirm(f"Der Termin von {', '.join(ahead)} liegt noch vor uns. Heute als erledigt markieren?")

    day = choices.day("--date", on)
    edited = mark_done(plan, _ids(ids), _writing(ctx, force), on=day, note=note, confirm=confirm)
    _report(ctx, plan, edited.changes, json, edited.written)


def recognise(
    ctx: typer.Context,
    plan: Plan,
    ids: Ids,
    reason: Annotated[str, typer.Option("--reason", metavar="TEXT", help="Warum anerkannt (Nachweis, Vorkenntnisse).")],
    by: Annotated[str | None, typer.Option("--by", metavar="NAME", help="Wer anerkannt hat.")] = None,
    on: Annotated[
        str | None, typer.Option("--date", metavar="JJJJ-MM-TT", help="Tag der Anerkennung (Standard: heute).")
    ] = None,
    wst: Annotated[
        int | None,
        typer.Option(
            "--wst", metavar="N", help="Nur N WSt anerkannt; der Rest bleibt offen und wird im Modul erbracht."
        ),
    ] = None,
    force: Force = False,
    json: Json = False,
) -> None:
    """Vorkenntnisse anerkennen: das Modul zählt wie ein erledigtes (auch: qplan anerkennen)."""
    from qplan.run.lifecycle import mark_recognised

    if wst is not None and wst < 1:
        raise UsageError(f"--wst {wst}: mindestens 1.")
    edited = mark_recognised(
        plan, _ids(ids), _writing(ctx, force), reason=reason, by=by, on=choices.day("--date", on), wst=wst
    )
    _report(ctx, plan, edited.changes, json, edited.written)


def undo(ctx: typer.Context, plan: Plan, ids: Ids, force: Force = False, json: Json = False) -> None:
    """Eine Markierung (erledigt, anerkannt) zurücknehmen."""
    from qplan.run.lifecycle import undo as take_back

    edited = take_back(plan, _ids(ids), _writing(ctx, force))
    _report(ctx, plan, edited.changes, json, edited.written)


def replan(
    ctx: typer.Context,
    plan: Plan,
    since: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="JJJJ-MM-TT",
            help="Neue Termine erst ab diesem Tag (Standard und frühestens: heute).",
        ),
    ] = None,
    offers: Annotated[bool, typer.Option("--offers", help="Für die offenen Module Angebote wählen.")] = False,
    region: Annotated[
        str | None,
        choices.region_option("--region", "Mit --offers: Regierungsbezirk."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Nur zeigen, was sich ändern würde.")] = False,
    force: Force = False,
    json: Json = False,
) -> None:
    """Den Rest neu planen: Erledigtes, Anerkanntes und laufende Buchungen bleiben, der Rest wird neu gewählt."""
    from qplan.models.requests import ReplanRequest
    from qplan.render.replan import difference_lines
    from qplan.run.replan import execute

    if region and not offers:
        raise UsageError("--region gilt nur zusammen mit --offers.")
    request = ReplanRequest(
        path=plan,
        since=choices.day("--from", since),
        offers=offers,
        region=choices.REGION.maybe(region),
        dry_run=dry_run,
    )
    result = execute(request, _writing(ctx, force))
    for note in result.notes:
        sys.stderr.write(f"Hinweis: {note}\n")
    if not json:
        for line in difference_lines(result.difference):
            sys.stdout.write(line + "\n")
    extra = {"difference": result.difference.as_dict(), "notes": [*result.notes]}
    _report(ctx, plan, result.changes, json, written=result.written, extra=extra)
    if result.refused:
        from qplan.cli.output import findings_to_stderr

        findings_to_stderr(result.refused)
        sys.stderr.write(f"Fehler: {result.refused_message}\n")
        raise typer.Exit(EXIT_FINDINGS)


def register(app: typer.Typer) -> None:
    from qplan.cli.helptext import epilog

    for names, command in (
        (("done", "erledigt"), done),
        (("recognise", "anerkennen"), recognise),
        (("undo",), undo),
        (("replan",), replan),
    ):
        for number, name in enumerate(names):
            app.command(name, epilog=epilog(names[0]), options_metavar="[OPTIONEN]", hidden=number > 0)(command)
