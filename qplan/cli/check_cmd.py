"""`qplan check` and `qplan rules`: validate compositions and plans like a linter."""

import contextlib
import os
import signal
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from qplan.cli import choices
from qplan.cli.common import data_files, today
from qplan.errors import EXIT_FINDINGS

if TYPE_CHECKING:
    from qplan.models.requests import CheckRequest
    from qplan.models.results import CheckOutcome
    from qplan.render.findings import Reporter
    from qplan.run.check_command import CheckRun


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
    as_json: Annotated[
        bool, typer.Option("--json", help="Wie --format json, eingerückt wie bei jedem Befehl.")
    ] = False,
    indent: Annotated[
        bool,
        typer.Option("--indent", help="JSON eingerückt (sonst kompakt, eine Datei je Zeile; am Terminal eingerückt)."),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            help="Prozesse für große Stapel (Standard: einer je Prozessorkern; 1: ein Prozess; "
            "höchstens so viele wie Dateien und viermal die Kerne).",
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Jede Datei neu prüfen, ohne gespeicherte Ergebnisse zu lesen oder schreiben."),
    ] = False,
) -> None:
    """Plan-Dokumente und Zusammenstellungen von Trägern gegen die Regeln des Programms prüfen.

    Jede Meldung: PFAD:ZEILE:SPALTE: \\[Fehler|Warnung|Hinweis] Text (CODE). `qplan rules` erklärt die Codes.
    Das Ergebnis einer unveränderten Datei kommt aus dem Cache (`--no-cache`: nicht).
    """
    from qplan.cli.choices import OUTPUT
    from qplan.models.requests import CheckRequest

    output = "json" if as_json else OUTPUT.parse(output)
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
        use_cache=not no_cache,
    )
    exit_code = _run(request, output, quiet, indent=indent or as_json)
    if exit_code:
        raise typer.Exit(exit_code)


def _run(request: "CheckRequest", output: str, quiet: bool, indent: bool) -> int:
    """Check and report file by file (Ctrl-C ends the report as a whole document); the exit code."""
    from qplan.cli.output import color_allowed, is_terminal
    from qplan.errors import EXIT_INTERNAL, Interrupted
    from qplan.render.findings import REPORTERS, JsonReporter, Reporter
    from qplan.run.check_command import execute

    bar = None
    if (
        not quiet
        and is_terminal(sys.stderr)
        and (len(request.paths) > 20 or any(os.path.isdir(p) for p in request.paths))
    ):
        bar = _progress()
    run = execute(request, progress=bar[1] if bar else None, on_break=_restarted)
    reporter: Reporter
    if output == "json":
        indent = indent or is_terminal(sys.stdout)
        reporter = JsonReporter(sys.stdout, strict=request.strict, quiet=quiet, indent=indent)
    else:
        reporter = REPORTERS[output](sys.stdout, strict=request.strict, quiet=quiet, colour=color_allowed(sys.stdout))
    stopped = _stream(run, reporter, bar[0] if bar else contextlib.nullcontext())
    outcome = run.outcome()
    if stopped or outcome.breaks is not None:
        reporter.finish(outcome.tally, interrupted=True)
        sys.stdout.flush()
        if outcome.breaks is None:
            raise Interrupted
        sys.stderr.write(
            f"Fehler: Die Prüfung ist abgebrochen: die Prüfprozesse wurden {outcome.breaks}-mal unerwartet "
            f"beendet (etwa vom Betriebssystem wegen Speichermangels); {outcome.tally.files} Datei(en) waren geprüft.\n"
        )
        return EXIT_INTERNAL
    return _finish(request.strict, reporter, outcome)


def _stream(run: "CheckRun", reporter: "Reporter", bar: contextlib.AbstractContextManager[object]) -> bool:
    """Each file's result to the report as it comes; whether Ctrl-C stopped it. An internal
    error on the way still ends a JSON report as a whole document (marked as cut short)."""
    reporter.start()
    with (
        _StopOnInterrupt() as stop,
        bar,
        contextlib.closing(run.results(lambda: stop.requested)) as results,
    ):
        try:
            for result in results:
                reporter.file(result)
        except Exception:
            reporter.finish(run.outcome().tally, interrupted=True)
            sys.stdout.flush()
            raise
    return stop.requested


def _finish(strict: bool, reporter: "Reporter", outcome: "CheckOutcome") -> int:
    """The report's end, the summary on stderr and the exit code of a check that ran through."""
    from qplan.errors import EXIT_INTERNAL
    from qplan.render.findings import JsonReporter, summary

    tally = outcome.tally
    reporter.finish(tally)
    sys.stdout.flush()
    if not isinstance(reporter, JsonReporter):
        text = summary(tally)
        if strict and not tally.ok and not tally.errors:
            text += " Mit --strict lassen die Warnungen die Prüfung scheitern."
        sys.stderr.write(text + "\n")
    if outcome.unchecked:
        sys.stderr.write(
            f"Fehler: {outcome.unchecked} Datei(en) nicht geprüft: ihr Prüfprozess wurde zweimal unerwartet beendet "
            "(etwa vom Betriebssystem wegen Speichermangels); sie stehen im Bericht (QP004).\n"
        )
        return EXIT_INTERNAL
    return 0 if tally.ok else EXIT_FINDINGS


def _restarted(files: int) -> None:
    sys.stderr.write(
        f"Hinweis: Ein Prüfprozess wurde unerwartet beendet; {files} Datei(en) werden in einem neuen Prozess "
        "noch einmal geprüft.\n"
    )


def _progress() -> tuple[Any, Callable[[int], None]]:
    """A progress display on stderr and the function that advances it."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from qplan.cli.output import console

    progress = Progress(
        TextColumn("Prüfe"),
        BarColumn(),
        TextColumn("{task.completed} Datei(en)"),
        TimeElapsedColumn(),
        console=console(stderr=True),
        transient=True,
    )
    task = progress.add_task("Prüfe", total=None)
    return progress, lambda n: progress.advance(task, n)


class _StopOnInterrupt:
    """Ctrl-C asks the report to end after the current file (a JSON document stays whole);
    a second Ctrl-C stops at once."""

    def __init__(self) -> None:
        self.requested = False

    def __enter__(self) -> "_StopOnInterrupt":
        self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum: int, frame: object) -> None:
        from qplan.errors import Interrupted

        if self.requested:
            raise Interrupted
        self.requested = True

    def __exit__(self, *exc: object) -> None:
        signal.signal(signal.SIGINT, self._previous)


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
