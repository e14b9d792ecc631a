"""Every choice an option offers, in one place: values, German names, forgiving parsing.

`Basis`, `einführung`, `Tübingen` and `KOORDINATION` are understood (case and umlauts are
folded: ü = ue); anything else gets a German sentence with the closest value. Errors of the
core (`RequestError`) are worded here with the flag the user typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from qplan.errors import Reason, RequestError, UsageError
from qplan.models.common import FORMAT_IDS, PLAN_FIELDS
from qplan.models.providers import REGION_NAMES, REGIONS, SETTINGS
from qplan.words import bare as bare  # re-exported: the CLI compares words through choices
from qplan.words import fold as fold


@dataclass(frozen=True)
class Choice:
    flag: str
    values: tuple[str, ...]
    what: str  # "Format", for the sentence

    def parse(self, text: str) -> str:
        """The value `text` means, or UsageError with the closest one."""
        wanted = fold(text)
        for value in self.values:
            if fold(value) == wanted:
                return value
        for value in self.values:  # „Tubingen“: an umlaut written without its e
            if bare(value) == bare(text):
                return value
        import difflib

        close = difflib.get_close_matches(wanted, [fold(v) for v in self.values], n=1, cutoff=0.6)
        allowed = ", ".join(self.values)
        if close:
            value = next(v for v in self.values if fold(v) == close[0])
            raise UsageError(f"{self.flag} {text}: {self.what} unbekannt. Meinten Sie „{value}“? Erlaubt: {allowed}.")
        raise UsageError(f"{self.flag} {text}: {self.what} unbekannt; erlaubt sind {allowed}.")

    def maybe(self, text: str | None) -> str | None:
        return None if text is None else self.parse(text)


FORMAT = Choice("--format", FORMAT_IDS, "Format")
FIELD = Choice("--field", PLAN_FIELDS, "Aufgabenfeld")
REGION = Choice("--region", REGIONS, "Regierungsbezirk")
SETTING = Choice("--setting", SETTINGS, "Form")
OUTPUT = Choice("--format", ("text", "json", "github"), "Ausgabeformat")

# The request fields of the core and the flags that set them.
FLAGS = {"done": "--done", "add": "--add", "drop": "--drop", "modules": "--module", "field": "--field"}


def euro(text: str) -> int:
    """Whole euros as people write them: `1000`, `1.000`, `1 000 €`."""
    cleaned = (
        text.strip()
        .removesuffix("€")
        .strip()
        .removesuffix(",-")
        .removesuffix(",00")
        .replace(".", "")
        .replace(" ", "")
        .replace("\u202f", "")
    )
    if not cleaned.isdigit():
        raise UsageError(
            f"--budget-eur {text}: erwartet wird ein Betrag in ganzen Euro, z. B. 1000, 1.000 oder 1.000,00 €."
        )
    return int(cleaned)


def module_id(text: str) -> str:
    """Module ids are case-insensitive: `m01` is M01."""
    return text.strip().upper()


def module_ids(values: list[str] | None) -> tuple[str, ...]:
    """IDs from repeated options or arguments; `M01,M02` and `"M01 M02"` work too."""
    return tuple(module_id(part) for value in values or [] for part in value.replace(",", " ").split())


def start(option: str, text: str | None) -> date | None:
    """A start month or day as typed (`qplan.dates.parse_start`), or a usage error naming `option`."""
    if not text:
        return None
    from qplan.dates import parse_start

    try:
        return parse_start(text)
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None


def day(option: str, text: str | None) -> date | None:
    """A day as typed (`qplan.dates.parse_day`), or a usage error naming `option` and the text."""
    if text is None:
        return None
    from qplan.dates import parse_day

    try:
        return parse_day(text)
    except ValueError as exc:
        raise UsageError(f"{option} {text}: {exc}") from None


def module_option(flag: str, help: str) -> Any:
    """A repeatable option of module ids, completed from the catalogue."""
    import typer

    return typer.Option(flag, metavar="ID", help=help, autocompletion=complete_module)


def region_option(flag: str, help: str) -> Any:
    """An option naming a Regierungsbezirk, completed from the known ones."""
    import typer

    return typer.Option(flag, metavar="BEZIRK", help=help, autocompletion=complete_region)


def region_name(region: str) -> str:
    return REGION_NAMES.get(region, region)


def explain(error: RequestError) -> str:
    """A German sentence for a core error, with the flag the user typed."""
    flag = FLAGS.get(error.option or "", f"--{error.option}")
    ids = ", ".join(error.ids)
    reason = error.reason
    if reason is Reason.UNKNOWN_MODULE and error.option is None:
        return f"{ids}: Dieses Modul gibt es im Katalog nicht.{error.hint}"
    if reason is Reason.UNKNOWN_RULE:
        return f"Regel {ids} gibt es nicht; `qplan rules` listet alle."
    if reason is Reason.NOT_IN_PLAN:
        return f"{ids}: Das Modul steht nicht im Plan; `qplan show PLAN` zeigt seine Module."
    if reason is Reason.FILE_EXISTS:
        return f"{ids}: Die Datei gibt es schon; mit --force wird sie überschrieben."
    if reason is Reason.UNKNOWN_MODULE:
        return f"{flag} {ids}: Dieses Modul gibt es im Katalog nicht.{error.hint}"
    if reason is Reason.FIELD_MISSING:
        return "Die Basisqualifizierung braucht --field koordination, steuerung oder beide."
    if reason is Reason.FIELD_NOT_ALLOWED:
        return f"--field gilt nur für --format basis, nicht für {error.hint}."
    if reason is Reason.MODULES_ONLY_VERTIEFUNG:
        return "--module wählt Module der Vertiefung; für andere Formate --add und --drop verwenden."
    if reason is Reason.NO_TRACK:
        return f"Für {'/'.join(i for i in error.ids if i)} enthält der Katalog keine Spur."
    if reason is Reason.ADD_AND_DROP:
        return f"{ids}: zugleich --add und --drop."
    if reason is Reason.NO_MODULES:
        return "Für die Vertiefung Module wählen: --module ID (mehrfach), z. B. --module V01 --module M04."
    if reason is Reason.ALREADY_IN_PATH:
        return f"{flag} {ids}: Das Modul ist schon im Pfad."
    if reason is Reason.NOT_IN_PATH:
        extra = " (mit --add aufnehmen)" if error.option == "done" else ""
        return f"{flag} {ids}: Das Modul ist nicht im Pfad{extra}."
    return _explain_more(error, flag, ids) or error.message


def _explain_day(error: RequestError) -> str:
    """The wording of a day given to `done` or `recognise` that cannot be the day."""
    from qplan.dates import german

    if error.reason is Reason.DATE_AHEAD:
        return (
            f"{', '.join(error.ids)}: Der Termin liegt noch vor uns. Mit --date JJJJ-MM-TT den Tag des Abschlusses "
            "nennen oder mit --yes bestätigen, dass das Modul heute erledigt ist."
        )
    day = error.data["day"]
    if error.reason is Reason.DAY_BEFORE_TODAY:
        return (
            f"--from {day}: Der Tag liegt vor heute ({german(error.data['today'])}); neu geplant wird nur, was "  # type: ignore[arg-type]
            "noch kommt. Ohne --from plant qplan ab heute."
        )
    if error.reason is Reason.DAY_AFTER_TODAY:
        return f"--date {day}: Der Tag liegt nach heute ({german(error.data['today'])}); erledigt ist, was war."  # type: ignore[arg-type]
    return f"--date {day}: Der Tag liegt vor dem Beginn des Plans ({german(error.data['begin'])})."  # type: ignore[arg-type]


def _explain_more(error: RequestError, flag: str, ids: str) -> str | None:
    """The wording of the reasons of `recognise` and of a plan's window."""
    reason = error.reason
    if reason is Reason.UNKNOWN_AREA:
        return f"{flag} {ids}: erlaubt sind {', '.join(error.data['known'])}."  # type: ignore[arg-type]
    if reason in (Reason.DAY_AFTER_TODAY, Reason.DAY_BEFORE_START, Reason.DATE_AHEAD, Reason.DAY_BEFORE_TODAY):
        return _explain_day(error)
    if reason is Reason.OUT_OF_RANGE and error.option == "jobs":
        return (
            f"--jobs {ids}: erlaubt sind 1 bis {error.data['high']} Prozesse; mehr als viermal die Zahl der "
            "Prozessorkerne startet qplan ohnehin nicht."
        )
    if reason is Reason.OUT_OF_RANGE:
        return f"{flag} {ids}: bitte eine Zahl von {error.data['low']} bis {error.data['high']}."
    if reason is Reason.REASON_MISSING:
        return f"{flag}: Bitte angeben, warum das Modul anerkannt wird (z. B. der Nachweis)."
    if reason is Reason.TOO_MANY_WST:
        limit = error.data["limit"]
        return f"{flag} {error.data['wst']}: Modul {ids} hat {limit} WSt; mehr kann nicht anerkannt werden."
    if reason is Reason.WINDOW_ENDED:
        from qplan.dates import german

        last = error.data["last"]
        return (
            f"{flag} {ids}: der Zeitraum von {error.data['months']} Monaten endete am {german(last)}. "  # type: ignore[arg-type]
            f"Für einen neuen Plan einen Beginn ab heute wählen oder {flag} weglassen."
        )
    return None


# Shell completion of option values (`qplan --install-completion`); called only while completing.


def _starting(values: tuple[str, ...], incomplete: str) -> list[str]:
    typed = fold(incomplete)
    return [v for v in values if fold(v).startswith(typed)]


def complete_format(incomplete: str) -> list[str]:
    return _starting(FORMAT.values, incomplete)


def complete_field(incomplete: str) -> list[str]:
    return _starting(FIELD.values, incomplete)


def complete_region(incomplete: str) -> list[str]:
    return _starting(REGION.values, incomplete)


def complete_setting(incomplete: str) -> list[str]:
    return _starting(SETTING.values, incomplete)


def complete_output(incomplete: str) -> list[str]:
    return _starting(OUTPUT.values, incomplete)


def complete_module(incomplete: str) -> list[tuple[str, str]]:
    """Module ids with their titles, from the catalogue (read from the cache)."""
    from qplan.run.data import load_catalog

    try:
        catalog = load_catalog(None)
    except Exception:
        return []
    typed = incomplete.upper()
    return [(m.id, m.title) for m in catalog.modules if m.id.startswith(typed)]


def complete_catalog_id(incomplete: str) -> list[tuple[str, str]]:
    """Modules, learning areas and formats, for `qplan catalog show`."""
    from qplan.run.data import load_catalog

    try:
        catalog = load_catalog(None)
    except Exception:
        return []
    entries = [
        *((m.id, m.title) for m in catalog.modules),
        *((a.id, a.name) for a in catalog.areas),
        *((f.id, f.name) for f in catalog.formats),
    ]
    typed = fold(incomplete)
    # The shell keeps only what starts with the typed text: `lb` gets `lb1` (the command takes both).
    spell = str.lower if incomplete and incomplete == incomplete.lower() else str
    return [(spell(key), help) for key, help in entries if fold(key).startswith(typed)]


def complete_rule(incomplete: str) -> list[tuple[str, str]]:
    from qplan.run.rules import all_rules

    return [(r.code, r.summary) for r in all_rules() if r.code.startswith(incomplete.upper())]
