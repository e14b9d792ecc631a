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
    from qplan.models.requests import DataFiles

    ctx.obj = DataFiles(catalog, providers, funding)


def _register() -> None:
    from qplan.cli import (
        catalog_cmd,
        check_cmd,
        compare_cmd,
        export_cmd,
        funding_cmd,
        lifecycle_cmd,
        migrate_cmd,
        office_cmd,
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
    migrate_cmd.register(app)
    profile_cmd.register(app)
    funding_cmd.register(app)
    office_cmd.register(app)
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
    command = _command(helping="--help" in args or "-h" in args)
    try:
        result = command.main(args=args, prog_name="qplan", standalone_mode=False)
        code = result if isinstance(result, int) else 0
    except click_exceptions.UsageError as exc:
        from qplan.cli.german import translate

        path = exc.ctx.command_path if exc.ctx is not None else _command_path(command, args)
        sys.stderr.write(f"Fehler: {translate(exc.format_message())}\nHilfe: {path} --help\n")
        code = EXIT_USAGE
    except click_exceptions.ClickException as exc:
        from qplan.cli.german import translate

        sys.stderr.write(f"Fehler: {translate(exc.format_message())}\n")
        code = exc.exit_code
    except UserError as exc:
        code = _user_error(exc, args)
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


def _catalog_typed(args: list[str]) -> str:
    """` --catalog FILE` when the user named a catalogue (the providers' checks depend on it)."""
    for index, arg in enumerate(args):
        if arg == "--catalog" and index + 1 < len(args):
            return f" --catalog {args[index + 1]}"
        if arg.startswith("--catalog="):
            return f" --catalog {arg.removeprefix('--catalog=')}"
    return ""


def _user_error(exc: UserError, args: list[str]) -> int:
    """A message for the user: the findings of an unusable file first, a core request worded
    with the flags the user typed."""
    if isinstance(exc, InputError):
        from qplan.cli.output import findings_to_stderr

        findings_to_stderr(exc.findings)
    if isinstance(exc, RequestError):
        from qplan.cli.choices import explain

        sys.stderr.write(f"Fehler: {explain(exc)}\n")
    elif isinstance(exc, InputError) and exc.data_file is not None:
        kind, path = exc.data_file
        command = {
            "catalog": f"qplan catalog check {path}",
            "funding": f"qplan funding check {path}",
        }.get(kind, f"qplan{_catalog_typed(args)} providers --check --providers {path}")
        sys.stderr.write(f"Fehler: {exc.message.removesuffix('.')} (Einzelheiten: {command}).\n")
    else:
        sys.stderr.write(f"Fehler: {exc.message}\n")
    if getattr(exc, "forceable", False):  # the write gate: the rules it names hold unless forced
        sys.stderr.write("Trotzdem schreiben: mit --force (qplan check nennt die Fehler dann weiter).\n")
    return exc.exit_code


_commands: dict[bool, Any] = {}  # the click command built from `app`, for help or not


def _command(*, helping: bool) -> Any:
    """The click command of `app`: built once per process and kind (typer takes 25 ms to build
    it, which a process running qplan many times, as the tests do, would pay every time).
    A help screen's command is built after the help texts are made German."""
    if helping not in _commands:
        if helping:
            from qplan.cli.german import germanise_help

            germanise_help()
        command = typer.main.get_command(app)
        _german_completion_options(command)
        _commands[helping] = command
    return _commands[helping]


def _german_completion_options(command: Any) -> None:
    """typer's own two options, in German."""
    for param in command.params:
        if param.name == "install_completion":
            param.help = "Vervollständigung für die aktuelle Shell einrichten (bash, zsh, fish)."
            param.callback = _install_completion
        elif param.name == "show_completion":
            param.help = "Das Vervollständigungsskript zeigen, zum Kopieren oder Anpassen."


def _install_completion(ctx: Any, param: Any, value: Any) -> None:
    """typer's `--install-completion`, with German messages."""
    if not value or ctx.resilient_parsing:
        return
    from typer._completion_shared import _get_shell_name, install

    shell = value if isinstance(value, str) else _get_shell_name()
    if shell not in ("bash", "zsh", "fish", "powershell", "pwsh"):
        raise UserError(
            f"Die Shell {shell or '(nicht erkannt)'} kennt qplans Vervollständigung nicht; möglich sind bash, "
            "zsh, fish und PowerShell. Das Skript zeigt `qplan --show-completion`."
        )
    shell, path = install(shell=shell)
    sys.stdout.write(
        f"Vervollständigung für {shell} eingerichtet in {path}.\nSie wirkt in jedem neu geöffneten Terminal.\n"
    )
    raise typer.Exit(EXIT_OK)


def _command_path(command: Any, args: list[str]) -> str:
    """The sub-command the arguments name (`qplan catalog show`), for an error raised before
    click knew it: a missing option value is found while the sub-command's options are read."""
    path = ["qplan"]
    for arg in args:
        commands = getattr(command, "commands", None)
        if not commands:
            break
        if arg in commands:
            command = commands[arg]
            path.append(arg)
    return " ".join(path)


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
