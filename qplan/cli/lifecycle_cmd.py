"""`qplan done`, `recognise`, `undo`, `replan`: a learner's plan along the way."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from qplan.cli import choices
from qplan.cli.common import catalog_of, today
from qplan.errors import UsageError

Ids = Annotated[
    list[str],
    typer.Argument(metavar="ID...", help="Modulkennungen (M01 oder m01).", autocompletion=choices.complete_module),
]
Plan = Annotated[Path, typer.Argument(metavar="PLAN", help="Die Plan-Datei; sie wird geändert (Kommentare bleiben).")]
Json = Annotated[bool, typer.Option("--json", help="Ergebnis als JSON (wie show --json, dazu „changes“).")]


def _ids(values: list[str]) -> tuple[str, ...]:
    found = choices.module_ids(values)
    if not found:
        raise UsageError("Mindestens eine Modulkennung angeben, z. B. M01.")
    return tuple(dict.fromkeys(found))


def _report(ctx: typer.Context, plan: Path, changes, as_json: bool, written: bool = True) -> None:  # type: ignore[no-untyped-def]
    catalog = catalog_of(ctx)
    if as_json:
        from qplan.cli.output import print_json
        from qplan.render.plan import plan_data
        from qplan.run.plan import review_file

        data = plan_data(review_file(str(plan), catalog, today=today()).result, catalog)
        data["changes"] = [c.as_dict() for c in changes]
        data["written"] = written
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
    json: Json = False,
) -> None:
    """Module als erledigt markieren (auch: qplan erledigt)."""
    from qplan.run.lifecycle import mark_done

    changes = mark_done(plan, _ids(ids), catalog_of(ctx), today=today(), on=choices.day("--date", on), note=note)
    _report(ctx, plan, changes, json)


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
        int | None, typer.Option("--wst", metavar="N", help="Nur N WSt anerkannt (teilweise Anerkennung).")
    ] = None,
    json: Json = False,
) -> None:
    """Vorkenntnisse anerkennen: das Modul zählt wie ein erledigtes (auch: qplan anerkennen)."""
    from qplan.run.lifecycle import mark_recognised

    if wst is not None and wst < 1:
        raise UsageError(f"--wst {wst}: mindestens 1.")
    changes = mark_recognised(
        plan, _ids(ids), catalog_of(ctx), today=today(), reason=reason, by=by, on=choices.day("--date", on), wst=wst
    )
    _report(ctx, plan, changes, json)


def undo(ctx: typer.Context, plan: Plan, ids: Ids, json: Json = False) -> None:
    """Eine Markierung (erledigt, anerkannt) zurücknehmen."""
    from qplan.run.lifecycle import undo as take_back

    _report(ctx, plan, take_back(plan, _ids(ids), catalog_of(ctx)), json)


def replan(
    ctx: typer.Context,
    plan: Plan,
    since: Annotated[
        str | None, typer.Option("--from", metavar="JJJJ-MM-TT", help="Ab diesem Tag neu planen (Standard: heute).")
    ] = None,
    offers: Annotated[bool, typer.Option("--offers", help="Für die offenen Module Angebote wählen.")] = False,
    region: Annotated[
        str | None,
        choices.region_option("--region", "Mit --offers: Regierungsbezirk."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Nur zeigen, was sich ändern würde.")] = False,
    json: Json = False,
) -> None:
    """Den Rest neu planen: Erledigtes, Anerkanntes und gebuchte künftige Termine bleiben."""
    from qplan.run.lifecycle import replan as plan_again

    catalog = catalog_of(ctx)
    start = choices.day("--from", since) or today()
    providers = wishes = None
    if offers:
        from qplan.cli.common import providers_of
        from qplan.models.requests import Wishes

        providers = providers_of(ctx, catalog)
        wishes = Wishes(today=start, region=choices.REGION.maybe(region))
    result = plan_again(plan, catalog, today=today(), since=start, dry_run=dry_run, providers=providers, wishes=wishes)
    for note in result.notes:
        sys.stderr.write(f"Hinweis: {note}\n")
    _report(ctx, plan, result.changes, json, written=result.written)


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
