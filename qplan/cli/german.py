"""German text for what typer and its bundled click print in English."""

from __future__ import annotations

import re

_NAME = r"'?([^':]+?)'?(?: / '?[^':]+'?)?"  # an option's names as click quotes them: '--jobs' / '-j'

# The messages of the click bundled with typer (typer/_click, typer/_types.py, typer/models.py,
# typer/core.py), each with its German wording; `tests/acceptance/test_german.py` keeps the list complete.
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"No such option: (\S+)(?: Did you mean (\S+)\?)?"), "Unbekannte Option: {0}."),
    (re.compile(r"No such command '?([^'.]+)'?\.?"), "Unbekannter Befehl: {0}"),
    (re.compile(r"Missing command\.?"), "Es fehlt ein Befehl."),
    (re.compile(r"Missing option '?([^'.]+)'?\.?.*", re.S), "Option {0} fehlt."),
    (re.compile(r"Missing argument '([^']+?)\.\.\.'\.?.*", re.S), "Angabe {0} fehlt (eine oder mehrere)."),
    (re.compile(r"Missing argument '?([^']+?)'?\.?"), "Angabe {0} fehlt."),
    (re.compile(r"Missing parameter:? '?([^'.]+)'?\.?"), "Angabe {0} fehlt."),
    (re.compile(r"Option '?([^' ]+)'? requires an argument\.?"), "Option {0} braucht einen Wert."),
    (re.compile(r"Option '?([^' ]+)'? requires (\d+) arguments\.?"), "Option {0} braucht {1} Werte."),
    (re.compile(r"Option '([^']+)' does not take a value\.?"), "Option {0} nimmt keinen Wert."),
    (re.compile(r"Argument '([^']+)' takes (\d+) values\.?"), "Angabe {0} braucht {1} Werte."),
    (re.compile(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", re.S), "Unerwartete zusätzliche Angabe: {0}"),
    (re.compile(rf"Invalid value for {_NAME}: (.*)", re.S), "Ungültiger Wert für {0}: {1}"),
    (re.compile(r"Invalid value: (.*)", re.S), "Ungültiger Wert: {0}"),
]

# What follows "Invalid value for X:" (the parameter types' messages).
_NUMBER = r"'?(-?\d+(?:\.\d+)?)'?"
_VALUE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"'?(.*?)'? is not a valid (?:int|integer)(?: range)?\.?", re.S), "„{0}“ ist keine ganze Zahl."),
    (re.compile(r"'?(.*?)'? is not a valid float(?: range)?\.?", re.S), "„{0}“ ist keine Zahl."),
    (re.compile(r"'?(.*?)'? is not a valid boolean\..*", re.S), "„{0}“ ist weder ja noch nein (true/false)."),
    (re.compile(r"'?(.*?)'? is not a valid (?:uuid|UUID)\.?", re.S), "„{0}“ ist keine UUID."),
    (re.compile(r"'?(.*?)'? is not a valid ([a-z ]+)\.?", re.S), "„{0}“ ist kein gültiger Wert."),
    (re.compile(r"'?(.*?)'? does not match the formats? (.*)\.", re.S), "„{0}“ hat nicht das Format {1}."),
    (
        re.compile(rf"{_NUMBER} is not in the range x>={_NUMBER}\.?"),
        "{0} ist zu klein; erlaubt sind Werte ab {1}.",
    ),
    (
        re.compile(rf"{_NUMBER} is not in the range x<={_NUMBER}\.?"),
        "{0} ist zu groß; erlaubt sind Werte bis {1}.",
    ),
    (
        re.compile(rf"{_NUMBER} is not in the range (.*?)\.", re.S),
        "{0} liegt nicht im erlaubten Bereich ({1}).",
    ),
    (re.compile(r"'([^']*)' is not one of (.*)\.", re.S), "„{0}“; erlaubt sind {1}."),
    (re.compile(r"(\d+) values are required, but (\d+) (?:was|were)? ?given\.?"), "{0} Werte nötig, {1} angegeben."),
    (re.compile(r"Takes (\d+) values but (\d+) given\.?"), "{0} Werte nötig, {1} angegeben."),
    (re.compile(r"Value must be an iterable\.?"), "mehrere Werte erwartet."),
    (re.compile(r"(?:File|Directory|Path) '(.*)' does not exist\.?", re.S), "{0} gibt es nicht."),
    (re.compile(r"(?:File|Directory|Path) '(.*)' is a file\.?", re.S), "{0} ist eine Datei, kein Ordner."),
    (re.compile(r"(?:File|Directory|Path) '(.*)' is a directory\.?", re.S), "{0} ist ein Ordner, keine Datei."),
    (re.compile(r"(?:File|Directory|Path) '(.*)' is not readable\.?", re.S), "{0} ist nicht lesbar."),
    (re.compile(r"(?:File|Directory|Path) '(.*)' is not writable\.?", re.S), "{0} ist nicht beschreibbar."),
]


_POSSIBLE = re.compile(r"No such option: (\S+) \(Possible options: ([^)]*)\)\.?")
_DID_YOU_MEAN = re.compile(r"No such command '([^']+)'\. Did you mean (?:one of )?(.+)\?")


def _value(message: str) -> str:
    """The reason of an invalid value in German (a message qplan wrote itself stays as is)."""
    for pattern, template in _VALUE_PATTERNS:
        match = pattern.fullmatch(message.strip())
        if match:
            return template.format(*(g or "" for g in match.groups()))
    return message


def translate(message: str) -> str:
    """A click usage message in German (the original where no pattern fits)."""
    message = message.strip()
    possible = _POSSIBLE.fullmatch(message)
    if possible:
        import difflib

        typed, options = possible.group(1), [o.strip() for o in possible.group(2).split(",")]
        close = difflib.get_close_matches(typed, options, n=1, cutoff=0.5)
        hint = f" Meinten Sie {close[0]}?" if close else f" Möglich sind {', '.join(options)}."
        return f"Unbekannte Option: {typed}.{hint}"
    command = _DID_YOU_MEAN.fullmatch(message)
    if command:
        options = [o.strip(" '") for o in command.group(2).split(",")]
        return f"Unbekannter Befehl: {command.group(1)}. Meinten Sie {' oder '.join(options)}?"
    for pattern, template in _PATTERNS:
        match = pattern.fullmatch(message)
        if match:
            groups = [g or "" for g in match.groups()]
            if template.startswith("Ungültiger Wert"):
                groups[-1] = _value(groups[-1])
            text = template.format(*groups)
            if "Did you mean" in message and match.lastindex and match.lastindex >= 2 and match.group(2):
                text += f" Meinten Sie {match.group(2)}?"
            return text
    return f"Aufruf fehlerhaft ({message})."


def germanise_help() -> None:
    """Patch the few fixed English strings of typer's help screens; only for `--help`."""
    from typer import rich_utils

    rich_utils.OPTIONS_PANEL_TITLE = "Optionen"
    rich_utils.COMMANDS_PANEL_TITLE = "Befehle"
    rich_utils.ARGUMENTS_PANEL_TITLE = "Argumente"
    rich_utils.ERRORS_PANEL_TITLE = "Fehler"
    rich_utils.DEFAULT_STRING = "[Standard: {}]"
    rich_utils.ENVVAR_STRING = "[Umgebungsvariable: {}]"
    rich_utils.REQUIRED_LONG_STRING = "[Pflicht]"
    rich_utils.DEPRECATED_STRING = "(veraltet) "
    _german_help_option()
    _german_metavars()


def _german_help_option() -> None:
    from typer._click import decorators

    original_help_option = decorators.help_option

    def help_option(param_decls: list[str]):  # type: ignore[no-untyped-def]
        decorate = original_help_option(param_decls)

        def apply(command):  # type: ignore[no-untyped-def]
            command = decorate(command)
            command.params[-1].help = "Diese Hilfe zeigen und beenden."
            return command

        return apply

    decorators.help_option = help_option


def _german_metavars() -> None:
    from typer import core
    from typer._click import formatting, types

    def make_metavar(self, ctx, *, usage: bool = False) -> str:  # type: ignore[no-untyped-def]
        # An argument shows its German name as it is: no {braces}, no <str>.
        if self.metavar is not None:
            return str(self.metavar) if self.required or not usage else f"[{self.metavar}]"
        return str(original_metavar(self, ctx, usage=usage))

    original_metavar = core.TyperArgument.make_metavar
    core.TyperArgument.make_metavar = make_metavar  # type: ignore[method-assign]
    # No English type placeholder (<path>, <int>) beside an argument's German name.
    types.StringParamType.get_metavar = lambda self, param, ctx=None: ""  # type: ignore[method-assign,misc]
    types.ParamType.get_metavar = lambda self, param, ctx=None: ""  # type: ignore[method-assign,misc]
    original_write_usage = formatting.HelpFormatter.write_usage

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:  # type: ignore[no-untyped-def]
        original_write_usage(self, prog, args, "Aufruf: " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]
