"""`qplan done`, `recognise`, `undo`, `replan`: a learner's plan along the way."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from qplan.cli import choices
from qplan.cli.common import catalog_of, providers_option, today
from qplan.errors import EXIT_FINDINGS, UsageError

if TYPE_CHECKING:
    from qplan.models.lifecycle import Edited, Replanned
    from qplan.models.requests import MarkRequest

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


def _report(
    ctx: typer.Context, plan: Path, edited: "Edited | Replanned", as_json: bool, extra: dict[str, Any] | None = None
) -> None:
    """The changes on stdout (or the plan after them as JSON); on stderr the spelling hints
    and whether the file was written."""
    if as_json:
        from qplan.cli.output import print_json
        from qplan.render.plan import plan_data

        assert edited.review is not None  # the request asked for it with --json
        data = plan_data(edited.review.result, catalog_of(ctx))
        data["changes"] = [c.as_dict() for c in edited.changes]
        data["written"] = edited.written
        data.update(extra or {})
        print_json(data)
        return
    from qplan.cli.output import findings_to_stderr

    findings_to_stderr(edited.hints)
    for change in edited.changes:
        sys.stdout.write(f"{change.module}: {change.what}\n")
    if not edited.changes:
        sys.stdout.write("Nichts zu ändern.\n")
    sys.stderr.write(f"Plan {'geschrieben' if edited.written else 'unverändert'}: {plan}\n")


def _mark(ctx: typer.Context, request: "MarkRequest", force: bool, ask: bool = False) -> "Edited":
    """Carry out a mark; a module whose date lies ahead is marked today when the person,
    asked at a terminal (`ask`), agrees."""
    from dataclasses import replace

    from qplan.cli.advisor_prompt import ask_yes_no
    from qplan.errors import Reason, RequestError
    from qplan.models.requests import DoneRequest
    from qplan.run.lifecycle import execute

    writing = _writing(ctx, force)
    try:
        return execute(request, writing)
    except RequestError as exc:
        if not (ask and isinstance(request, DoneRequest) and exc.reason is Reason.DATE_AHEAD and sys.stdin.isatty()):
            raise
        ahead = ", ".join(exc.data["ahead"])  # type: ignore[arg-type]
        if not ask_yes_no(f"Der Termin von {ahead} liegt noch vor uns. Heute als erledigt markieren?"):
            raise
        request = replace(request, confirmed=True)
    return execute(request, writing)


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
    from qplan.models.requests import DoneRequest

    day = choices.day("--date", on)
    request = DoneRequest(plan, _ids(ids), on=day, note=note, confirmed=yes, review=json)
    _report(ctx, plan, _mark(ctx, request, force, ask=not json), json)


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
    from qplan.models.requests import RecogniseRequest

    if wst is not None and wst < 1:
        raise UsageError(f"--wst {wst}: mindestens 1.")
    day = choices.day("--date", on)
    request = RecogniseRequest(plan, _ids(ids), reason, by=by, on=day, wst=wst, review=json)
    _report(ctx, plan, _mark(ctx, request, force), json)


def undo(ctx: typer.Context, plan: Plan, ids: Ids, force: Force = False, json: Json = False) -> None:
    """Eine Markierung (erledigt, anerkannt) zurücknehmen."""
    from qplan.models.requests import UndoRequest

    _report(ctx, plan, _mark(ctx, UndoRequest(plan, _ids(ids), review=json), force), json)


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
        plan, choices.day("--from", since), offers, choices.REGION.maybe(region), dry_run, review=json
    )
    result = execute(request, _writing(ctx, force))
    for note in result.notes:
        sys.stderr.write(f"Hinweis: {note}\n")
    if not json:
        for line in difference_lines(result.difference):
            sys.stdout.write(line + "\n")
    extra = {"difference": result.difference.as_dict(), "notes": [*result.notes]}
    _report(ctx, plan, result, json, extra=extra)
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
