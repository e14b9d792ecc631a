"""`qplan coverage` and `qplan demand`: the Koordinierungsstelle's overviews."""

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qplan.cli.common import data_files, providers_option, today
from qplan.errors import EXIT_FINDINGS, UsageError

if TYPE_CHECKING:
    from qplan.models.office import DemandResult

HTML_HELP = "Zusätzlich druckbar als HTML (A4 quer) in DATEI."
FORCE_HELP = "Eine vorhandene HTML-Datei überschreiben."


def coverage(
    ctx: typer.Context,
    start: Annotated[str | None, typer.Option("--from", metavar="JJJJ-MM[-TT]", help="Ab diesem Tag.")] = None,
    until: Annotated[str | None, typer.Option("--until", metavar="JJJJ-MM-TT", help="Bis zu diesem Tag.")] = None,
    json: Annotated[bool, typer.Option("--json", help="Als JSON auf stdout ausgeben.")] = False,
    html: Annotated[str | None, typer.Option("--html", metavar="DATEI", help=HTML_HELP)] = None,
    force: Annotated[bool, typer.Option("--force", help=FORCE_HELP)] = False,
    fail_on_gap: Annotated[bool, typer.Option("--fail-on-gap", help="Exit-Code 1, wenn es eine Lücke gibt.")] = False,
) -> None:
    """Welches Modul wird wo und wann angeboten: Modul × Regierungsbezirk × Halbjahr.

    Jede Zelle zählt die Angebote und ihre freien Plätze; ein Bezirk ohne Angebot ist eine
    Lücke. Online-Angebote stehen getrennt und sind nie eine Lücke.
    """
    from qplan.cli import choices
    from qplan.models.office import CoverageRequest
    from qplan.render import office_text
    from qplan.run import coverage as run

    request = CoverageRequest(
        today=today(),
        start=choices.start("--from", start),
        until=choices.day("--until", until),
        catalog=data_files(ctx).catalog,
        providers=providers_option(ctx),
    )
    if request.start and request.until and request.until < request.start:
        raise UsageError(f"--until {until} liegt vor --from {start}.")
    result = run.execute(request)
    if html:
        from qplan.render.office_html import coverage_html

        _write(html, coverage_html(result), force)
    _show(office_text.coverage_data(result) if json else office_text.coverage_lines(result))
    if fail_on_gap and result.gaps:
        raise typer.Exit(EXIT_FINDINGS)


def demand(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(metavar="PFAD...", help="Plan-Dokumente oder Ordner (*.yaml, *.yml).")],
    json: Annotated[bool, typer.Option("--json", help="Als JSON auf stdout ausgeben.")] = False,
    html: Annotated[str | None, typer.Option("--html", metavar="DATEI", help=HTML_HELP)] = None,
    force: Annotated[bool, typer.Option("--force", help=FORCE_HELP)] = False,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", metavar="N", help="Prozesse für große Stapel (wie bei check).")
    ] = None,
) -> None:
    """Die Nachfrage aus Lernpfaden gegen die freien Plätze der Angebote zählen.

    Liest Plan-Dateien wie `qplan check` und zählt je Modul, Bezirk und Halbjahr gebuchte und
    offene Module, nach Zielgruppe. Nennt jedes überbuchte Angebot und jede Nachfrage ohne
    Angebot (dann Exit-Code 1). Nur Zahlen: kein Name und keine Datei erscheint im Bericht.
    """
    from qplan.models.office import DemandRequest
    from qplan.render import office_text
    from qplan.run import demand as run

    if "-" in paths:
        raise UsageError("demand liest Dateien und Ordner, nicht die Standardeingabe (-).")
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs {jobs}: mindestens 1.")
    request = DemandRequest(
        paths=tuple(paths),
        today=today(),
        jobs=jobs,
        catalog=data_files(ctx).catalog,
        providers=providers_option(ctx),
    )
    files, unreadable = run.plan_files(request)
    result = _with_progress(len(files), lambda advance: run.execute(request, files, unreadable, advance))
    from qplan.cli.output import message

    for problem in result.unusable:
        message(f"Nicht gezählt: {problem.first_error}")
    if html:
        from qplan.render.office_html import demand_html

        _write(html, demand_html(result), force)
    _show(office_text.demand_data(result) if json else office_text.demand_lines(result))
    if not result.ok:
        raise typer.Exit(EXIT_FINDINGS)


def providers_diff(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(metavar="ALT", help="Die frühere Anbieterdatei.")],
    new: Annotated[str, typer.Argument(metavar="NEU", help="Die neue Anbieterdatei.")],
    plans: Annotated[
        list[str] | None,
        typer.Option(
            "--plans",
            metavar="PFAD",
            help="Plan-Dateien oder Ordner: die nennen, die ein abgesagtes oder geändertes Angebot gebucht haben.",
        ),
    ] = None,
    output: Annotated[str, typer.Option("--format", metavar="FORMAT", help="text, json oder csv.")] = "text",
    json: Annotated[bool, typer.Option("--json", help="Wie --format json.")] = False,
) -> None:
    """Was sich zwischen zwei Anbieterdateien geändert hat, je Angebot.

    Neu, abgesagt, verschoben (Termine, Ort) oder geändert (Plätze, Kosten, Förderung, Module,
    Anmeldeschluss). Mit --plans: die Plan-Dateien, die ein abgesagtes oder geändertes Angebot
    gebucht haben (Pfade, etwa für ein Anschreiben); mit --format csv dann als Liste.
    """
    from qplan.render import office_diff
    from qplan.run import providers_diff as run

    output = "json" if json else output.strip().lower()
    if output not in ("text", "json", "csv"):
        raise UsageError(f"--format {output}: erlaubt sind text, json und csv.")
    result = run.execute(old, new, tuple(plans or ()), data_files(ctx).catalog)
    from qplan.cli.output import message

    for problem in result.unusable:
        message(f"Nicht gelesen: {problem.first_error}")
    if output == "csv":
        sys.stdout.write(office_diff.diff_csv(result))
    else:
        _show(office_diff.diff_data(result) if output == "json" else office_diff.diff_lines(result))


def publish(  # type: ignore[no-untyped-def]
    providers, offers, catalog, day, *, html: str | None, jsonld: str | None, ics: str | None, force: bool
) -> None:
    """`qplan providers --html/--jsonld/--ics`: what the Onlineportal would publish."""
    from datetime import UTC, datetime

    from qplan.fsio import write_atomic
    from qplan.render import providers_publish as render

    targets = [(kind, target) for kind, target in (("html", html), ("jsonld", jsonld), ("ics", ics)) if target]
    if len({target for _, target in targets}) < len(targets):
        raise UsageError("--html, --jsonld und --ics brauchen verschiedene Dateien (- nur einmal: stdout).")
    for kind, target in targets:
        if kind == "html":
            data = render.overview_html(providers, offers, catalog, today=day).encode("utf-8")
        elif kind == "jsonld":
            data = render.jsonld(providers, offers, catalog).encode("utf-8")
        else:
            data = render.ics(providers, offers, catalog, now=datetime.now(UTC))
        if target == "-":
            sys.stdout.write(data.decode("utf-8"))
            continue
        write_atomic(Path(target), data, overwrite=force)
        what = f"{render.presence_days(offers)} Präsenztage" if kind == "ics" else f"{len(offers)} Angebote"
        sys.stderr.write(f"{kind}: {target} geschrieben ({what}).\n")


def _with_progress(total: int, work: "Callable[[Callable[[int], None] | None], DemandResult]") -> "DemandResult":
    """Run `work(advance)` with a progress bar on stderr, on a terminal and for many files only."""
    from qplan.cli.output import console, is_terminal

    if total <= 20 or not is_terminal(sys.stderr):
        return work(None)
    from rich.progress import Progress

    with Progress(console=console(stderr=True), transient=True) as bar:
        task = bar.add_task("Zähle", total=total)
        return work(lambda n: bar.advance(task, n))


def _write(target: str, text: str, force: bool) -> None:
    from qplan.fsio import write_atomic

    write_atomic(Path(target), text.encode("utf-8"), overwrite=force)
    sys.stderr.write(f"html: {target} geschrieben.\n")


def _show(data: object) -> None:
    from qplan.cli.output import print_json

    if isinstance(data, list):
        sys.stdout.write("".join(line + "\n" for line in data))
    else:
        print_json(data)


def register(app: typer.Typer) -> None:
    from qplan.cli.helptext import epilog

    app.command("coverage", epilog=epilog("coverage"), options_metavar="[OPTIONEN]")(coverage)
    app.command("demand", epilog=epilog("demand"), options_metavar="[OPTIONEN]")(demand)
