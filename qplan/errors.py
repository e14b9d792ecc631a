"""Error hierarchy: every error a user may see carries a German message shown as is."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qplan.findings import Finding

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3  # a fault of qplan itself, never a verdict on the input


class Interrupted(BaseException):
    """Ctrl-C or Ctrl-D: the person stopped. A BaseException, so that nothing on the way
    (typer turns a KeyboardInterrupt into a silent exit) catches it before qplan's handler."""


class QplanError(Exception):
    """Base class of all qplan errors."""


class UserError(QplanError):
    """An error whose message is meant for the user; it maps to an exit code."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(UserError):
    """Contradictory or unknown options, unknown ids given on the command line."""


class InputError(UserError):
    """A file that cannot be used at all; carries the findings that say why."""

    def __init__(
        self, message: str, findings: Sequence[Finding] = (), data_file: tuple[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.findings = tuple(findings)
        self.data_file = data_file  # ("catalog" | "providers", path): the CLI names the command that checks it


class Reason(StrEnum):
    """Why the core cannot carry out a request; the CLI words each with the flags the user typed."""

    UNKNOWN_MODULE = "unknown-module"
    FIELD_MISSING = "field-missing"
    FIELD_NOT_ALLOWED = "field-not-allowed"
    MODULES_ONLY_VERTIEFUNG = "modules-only-vertiefung"
    NO_TRACK = "no-track"
    WINDOW_ENDED = "window-ended"
    ADD_AND_DROP = "add-and-drop"
    NO_MODULES = "no-modules"
    ALREADY_IN_PATH = "already-in-path"
    NOT_IN_PATH = "not-in-path"
    UNKNOWN_RULE = "unknown-rule"
    NOT_IN_PLAN = "not-in-plan"
    REASON_MISSING = "reason-missing"
    TOO_MANY_WST = "too-many-wst"
    UNKNOWN_AREA = "unknown-area"
    DAY_AFTER_TODAY = "day-after-today"
    DAY_BEFORE_START = "day-before-start"
    DATE_AHEAD = "date-ahead"
    DAY_BEFORE_TODAY = "day-before-today"
    OUT_OF_RANGE = "out-of-range"  # a number outside `low`..`high` (data)
    FILE_EXISTS = "file-exists"  # a file to write is there and was not to be overwritten (ids: the path)


class RequestError(UsageError):
    """A request the core cannot carry out, as data: which request `option` (the name of a
    request field such as "add", never a command-line flag), which `ids`, and a `reason`
    code. The CLI words it with the flag the user typed (`qplan.cli.choices.explain`)."""

    def __init__(
        self, reason: Reason, *, option: str | None = None, ids: Sequence[str] = (), hint: str = "", **data: object
    ) -> None:
        self.reason = reason
        self.option = option
        self.ids = tuple(ids)
        self.hint = hint
        self.data = data  # what the wording needs besides ids (dates, counts)
        what = f"{option} {', '.join(self.ids)}".strip() if option else ", ".join(self.ids)
        super().__init__(f"{what}: {reason}{hint}" if what else f"{reason}{hint}")
