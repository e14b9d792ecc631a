"""The `qplan` command: global options, sub-commands, and the one place errors become exit codes.

The command modules (`app`, `*_cmd`) do without `from __future__ import annotations`: typer
reads the parameters' annotations at every start, and string annotations would be compiled
and evaluated each time (about 60 M instructions, a tenth of a short command's start-up).
"""

import sys
from typing import Annotated, Any

import typer

from qplan import __version__
from qplan.errors import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, InputError, Interrupted, RequestError, UserError

EXIT_CODES_HELP = (
    "Exit-Codes: 0 in Ordnung · 1 die Prüfung hat Probleme gefunden · "
    "2 Aufruf fehlerhaft oder Eingabe nicht verwendbar · 3 interner Fehler (bitte melden; "
    "Einzelheiten mit QPLAN_DEBUG=1)."
)

app = typer.Typer(
    name="qplan",
    help="Lernpfade für das Fortbildungsprogramm „Qualifiziert ins Quartier!“ planen und prüfen.",
    epilog=EXIT_CODES_HELP,
    add_completion=True,
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar="[OPTIONEN]",
    subcommand_metavar="BEFEHL [ARGUMENTE]...",
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"qplan {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    catalog: Annotated[
        str | None,
        typer.Option(
            "--catalog",
            metavar="PFAD",
            envvar="QPLAN_CATALOG",
            help="Anderer Katalog statt des mitgelieferten (auch über QPLAN_CATALOG).",
        ),
    ] = None,
    providers: Annotated[
        str | None,
        typer.Option(
            "--providers",
            metavar="PFAD",
            envvar="QPLAN_PROVIDERS",
            help="Anbieterdatei statt der mitgelieferten fiktiven Beispiele (auch über QPLAN_PROVIDERS).",
        ),
    ] = None,
    funding: Annotated[
        str | None,
        typer.Option(
            "--funding",
            metavar="PFAD",
            envvar="QPLAN_FUNDING",
            help="Förderregeln statt der mitgelieferten fiktiven (auch über QPLAN_FUNDING).",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Version zeigen und beenden.")
    ] = False,
) -> None:
    """Lernpfade für das Fortbildungsprogramm „Qualifiziert ins Quartier!“ planen und prüfen."""
    ctx.obj = {"catalog": catalog, "providers": providers, "funding": funding}


def _register() -> None:
    from qplan.cli import (
        catalog_cmd,
        check_cmd,
        compare_cmd,
        export_cmd,
        funding_cmd,
        lifecycle_cmd,
        plan_cmd,
        profile_cmd,
        providers_cmd,
        team_cmd,
    )

    app.add_typer(catalog_cmd.app, name="catalog")
    plan_cmd.register(app)
    compare_cmd.register(app)
    check_cmd.register(app)
    providers_cmd.register(app)
    export_cmd.register(app)
    lifecycle_cmd.register(app)
    profile_cmd.register(app)
    funding_cmd.register(app)
    team_cmd.register(app)
    from qplan.cli.helptext import flowing

    for info in (*app.registered_commands, *catalog_cmd.app.registered_commands, *funding_cmd.app.registered_commands):
        if info.help is None and info.callback is not None and info.callback.__doc__:
            info.help = flowing(info.callback.__doc__)


_register()


class _PipeClosed(BaseException):
    """The reader of stdout went away, raised past typer (which would exit 1 for it)."""


def _on_interrupt(signum: int, frame: object) -> None:
    raise Interrupted


class _PipeGuard:
    """stdout, with a closed pipe reported as `_PipeClosed`."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: Any) -> int:
        try:
            written: int = self._stream.write(text)
        except BrokenPipeError:
            raise _PipeClosed from None
        return written

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise _PipeClosed from None

    @property
    def buffer(self) -> Any:
        return _PipeGuard(self._stream.buffer)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def main(argv: list[str] | None = None) -> None:
    """Run qplan; every error ends here and becomes a message and an exit code."""
    import signal

    stdout = sys.stdout
    sys.stdout = _PipeGuard(stdout)
    previous = signal.signal(signal.SIGINT, _on_interrupt)
    try:
        code = _run(argv)
    finally:
        signal.signal(signal.SIGINT, previous)
        sys.stdout = stdout
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()
    sys.exit(code)


def _run(argv: list[str] | None) -> int:
    from typer._click import exceptions as click_exceptions

    args = sys.argv[1:] if argv is None else argv
    if not args:  # asking what qplan can do is no mistake: the overview, exit 0
        args = ["--help"]
    if "--help" in args or "-h" in args:
        from qplan.cli.german import germanise_help

        germanise_help()
    command = typer.main.get_command(app)
    for param in command.params:  # typer's own two options, in German
        if param.name == "install_completion":
            param.help = "Vervollständigung für die aktuelle Shell einrichten (bash, zsh, fish)."  # type: ignore[attr-defined]
        elif param.name == "show_completion":
            param.help = "Das Vervollständigungsskript zeigen, zum Kopieren oder Anpassen."  # type: ignore[attr-defined]
    try:
        result = command.main(args=args, prog_name="qplan", standalone_mode=False)
        code = result if isinstance(result, int) else 0
    except click_exceptions.UsageError as exc:
        from qplan.cli.german import translate

        hint = f"Hilfe: {exc.ctx.command_path} --help" if exc.ctx is not None else "Hilfe: qplan --help"
        sys.stderr.write(f"Fehler: {translate(exc.format_message())}\n{hint}\n")
        code = EXIT_USAGE
    except click_exceptions.ClickException as exc:
        from qplan.cli.german import translate

        sys.stderr.write(f"Fehler: {translate(exc.format_message())}\n")
        code = exc.exit_code
    except InputError as exc:
        from qplan.cli.output import findings_to_stderr

        findings_to_stderr(exc.findings)
        sys.stderr.write(f"Fehler: {exc.message}\n")
        code = exc.exit_code
    except RequestError as exc:
        from qplan.cli.choices import explain

        sys.stderr.write(f"Fehler: {explain(exc)}\n")
        code = exc.exit_code
    except UserError as exc:
        sys.stderr.write(f"Fehler: {exc.message}\n")
        code = exc.exit_code
    except typer.Exit as exc:
        code = exc.exit_code
    except (typer.Abort, KeyboardInterrupt, Interrupted):
        sys.stderr.write("\nAbgebrochen.\n")
        code = 130
    except (BrokenPipeError, _PipeClosed):
        _quiet_broken_pipe()
        code = EXIT_OK
    except Exception as exc:  # the one place an unexpected error ends: a message, never a traceback
        code = _internal_error(exc)
    return code


def _quiet_broken_pipe() -> None:
    """The reader went away (`qplan … | head`): not an error; keep Python from saying so at exit."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _internal_error(exc: Exception) -> int:
    import os

    if os.environ.get("QPLAN_DEBUG") == "1":
        import traceback

        traceback.print_exception(exc)
    else:
        sys.stderr.write(
            f"Interner Fehler: {type(exc).__name__}: {exc}; bitte melden "
            "(mit QPLAN_DEBUG=1 erscheinen die Einzelheiten).\n"
        )
    return EXIT_INTERNAL
