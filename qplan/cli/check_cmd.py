"""`qplan check` and `qplan rules`: validate compositions and plans like a linter."""

import sys
from typing import Annotated

import typer

from qplan.cli import choices
from qplan.cli.common import catalog_of, data_files, today
from qplan.errors import EXIT_FINDINGS, UsageError


def check(
    ctx: typer.Context,
    paths: Annotated[
        list[str], typer.Argument(metavar="PFAD...", help="Plan-Dokumente, Ordner (*.yaml, *.yml) oder - für stdin.")
    ],
    output: Annotated[
        str,
        typer.Option(
            "--format", metavar="FORMAT", help="text, json oder github.", autocompletion=choices.complete_output
        ),
    ] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Auch Warnungen lassen die Prüfung scheitern.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Nur die Zusammenfassung ausgeben.")] = False,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", metavar="CODE", help="Nur diese Regeln (Präfix, z. B. QP3; mehrfach)."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", metavar="CODE", help="Diese Regeln auslassen (Präfix; mehrfach).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Wie --format json.")] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            help="Prozesse für große Stapel (Standard: einer je Prozessorkern; 1: ein Prozess).",
        ),
    ] = None,
) -> None:
    """Plan-Dokumente und Zusammenstellungen von Trägern gegen die Regeln des Programms prüfen.

    Jede Meldung: PFAD:ZEILE:SPALTE: \\[Fehler|Warnung|Hinweis] Text (CODE). `qplan rules` erklärt die Codes.
    """
    from qplan.cli.choices import OUTPUT
    from qplan.models.requests import CheckRequest
    from qplan.run.rules import known_prefix

    output = "json" if as_json else OUTPUT.parse(output)
    codes = [*(select or []), *(ignore or [])]
    for code in codes:
        if not known_prefix(code):
            raise UsageError(f"Regel {code} gibt es nicht; `qplan rules` listet alle.")
    if paths.count("-") > 1:
        raise UsageError("- (stdin) darf nur einmal vorkommen.")
    if jobs is not None and jobs < 1:
        raise UsageError(f"--jobs {jobs}: mindestens 1.")
    files = data_files(ctx)
    request = CheckRequest(
        paths=tuple(paths),
        today=today(),
        strict=strict,
        select=tuple(select or ()),
        ignore=tuple(ignore or ()),
        jobs=jobs,
        catalog=files.catalog,
        providers=files.providers,
    )
    if not _run(ctx, request, output, quiet):
        raise typer.Exit(EXIT_FINDINGS)


def _run(ctx: typer.Context, request, output: str, quiet: bool) -> bool:  # type: ignore[no-untyped-def]
    """Check and report file by file; True when the run is ok."""
    from qplan.cli.output import color_allowed, is_terminal
    from qplan.models.results import Tally
    from qplan.render.findings import REPORTERS, summary
    from qplan.run.check import expand_paths, results

    files, unreadable = expand_paths(request.paths)
    if not files and not unreadable:
        raise UsageError(
            f"Keine Plan-Dateien gefunden in {', '.join(request.paths)}: geprüft werden *.yaml und *.yml "
            "(Ordner werden durchsucht) oder - für die Standardeingabe."
        )
    catalog = catalog_of(ctx)
    reporter = REPORTERS[output](sys.stdout, strict=request.strict, quiet=quiet, colour=color_allowed(sys.stdout))
    tally = Tally(request.strict)
    reporter.start()
    for problem in unreadable:
        tally.add(problem)
        reporter.file(problem)
    if len(files) <= 20 or quiet or not is_terminal(sys.stderr):
        for result in results(request, files, catalog):
            tally.add(result)
            reporter.file(result)
    else:
        from rich.progress import Progress

        from qplan.cli.output import console

        with Progress(console=console(stderr=True), transient=True) as bar:
            task = bar.add_task("Prüfe", total=len(files))
            for result in results(request, files, catalog, progress=lambda n: bar.advance(task, n)):
                tally.add(result)
                reporter.file(result)
    reporter.finish(tally)
    sys.stdout.flush()
    if output != "json":
        text = summary(tally)
        if request.strict and not tally.ok and not tally.errors:
            text += " Mit --strict lassen die Warnungen die Prüfung scheitern."
        sys.stderr.write(text + "\n")
    return tally.ok


def rules(
    code: Annotated[
        str | None,
        typer.Argument(
            metavar="CODE", help="Eine Regel ausführlich, z. B. QP103.", autocompletion=choices.complete_rule
        ),
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Als JSON auf stdout ausgeben.")] = False,
) -> None:
    """Alle Regeln mit Code, Schwere und Kurzbeschreibung; mit CODE die ausführliche Erklärung."""
    from qplan.models.rules import RulesRequest
    from qplan.render import rules as render
    from qplan.run.rules import execute

    listing = execute(RulesRequest(code))
    if json:
        from qplan.cli.output import print_json

        print_json(render.rules_data(listing))
        return
    from qplan.cli.output import console

    out = console()
    if listing.single:
        out.print(render.rule_text(listing), markup=False)
        return
    for table in render.rules_tables(listing, out.width):
        out.print(table)


def register(app: typer.Typer) -> None:
    from qplan.cli.helptext import epilog

    app.command("check", epilog=epilog("check"), options_metavar="[OPTIONEN]")(check)
    app.command("rules", epilog=epilog("rules"), options_metavar="[OPTIONEN]")(rules)
