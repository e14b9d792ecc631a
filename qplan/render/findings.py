"""Reports of a batch check, written file by file as results arrive: text, JSON, GitHub.

A reporter is chosen by name (`REPORTERS`); it writes each file's findings as soon as the
file is checked and the summary at the end, so a report of 100,000 files needs no more
memory than one of ten.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from qplan.models.results import FileResult, Tally


def summary(tally: Tally) -> str:
    return (
        f"{tally.files} Datei(en) geprüft, {tally.files_with_errors} mit Fehlern; "
        f"{tally.errors} Fehler, {tally.warnings} Warnung(en), {tally.infos} Hinweis(e)."
    )


def file_data(result: FileResult, strict: bool) -> dict[str, Any]:
    return {"path": result.path, "ok": result.ok(strict), "findings": [f.as_dict() for f in result.findings]}


def summary_data(tally: Tally) -> dict[str, int]:
    return {
        "files": tally.files,
        "errors": tally.errors,
        "warnings": tally.warnings,
        "infos": tally.infos,
        "files_with_errors": tally.files_with_errors,
    }


class Reporter:
    """Writes nothing per file; subclasses write their format."""

    def __init__(self, out: TextIO, strict: bool = False, quiet: bool = False, colour: bool = False) -> None:
        self.out = out
        self.strict = strict
        self.quiet = quiet
        self.colour = colour

    def start(self) -> None:
        pass

    def file(self, result: FileResult) -> None:
        pass

    def finish(self, tally: Tally, interrupted: bool = False) -> None:
        pass


class TextReporter(Reporter):
    """`file:line:column: [severity] message (code)`, one line per finding."""

    def file(self, result: FileResult) -> None:
        if not self.quiet and result.findings:
            lines = (f.format() for f in result.findings)
            if self.colour:
                lines = (_coloured(line) for line in lines)
            self.out.write("".join(line + "\n" for line in lines))


_COLOURS = {"[Fehler]": "31", "[Warnung]": "33", "[Hinweis]": "36"}  # red, yellow, cyan


def _coloured(line: str) -> str:
    for label, code in _COLOURS.items():
        if label in line:
            return line.replace(label, f"\033[{code}m{label}\033[0m", 1)
    return line


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


class GithubReporter(Reporter):
    """`::error file=…,line=…,col=…,title=QP103::message`, one per finding."""

    def file(self, result: FileResult) -> None:
        if self.quiet:
            return
        for f in result.findings:
            props = [f"file={_escape_property(result.path)}"]
            if f.line is not None:
                props.append(f"line={f.line}")
                props.append(f"col={f.column or 1}")
            props.append(f"title={_escape_property(f.code)}")
            self.out.write(f"::{_GITHUB_LEVEL[f.severity]} {','.join(props)}::{_escape_data(f.message)}\n")


class JsonReporter(Reporter):
    """`{"files": [...], "ok": …, "summary": {...}}`, the files streamed.

    Compact by default, one file per line (Python's fast encoder; a machine reads it);
    with `indent` indented by two, the same document as one `json.dumps(…, indent=2)`.
    A report ended early (Ctrl-C) is still a whole document, marked `"abgebrochen": true`.
    """

    def __init__(
        self, out: TextIO, strict: bool = False, quiet: bool = False, colour: bool = False, indent: bool = False
    ) -> None:
        super().__init__(out, strict, quiet, colour)
        self.indent = indent
        self._first = True

    def start(self) -> None:
        self.out.write('{\n  "files": [' if self.indent else '{"files":[')
        self._first = True

    def file(self, result: FileResult) -> None:
        data = file_data(result, self.strict)
        if self.indent:
            text = json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\n    ")
            self.out.write(("\n    " if self._first else ",\n    ") + text)
        else:
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            self.out.write(("\n" if self._first else ",\n") + text)
        self._first = False

    def finish(self, tally: Tally, interrupted: bool = False) -> None:
        ok = json.dumps(tally.ok and not interrupted)
        if self.indent:
            closing = "]" if self._first else "\n  ]"
            summary_text = json.dumps(summary_data(tally), indent=2).replace("\n", "\n  ")
            marker = ',\n  "abgebrochen": true' if interrupted else ""
            self.out.write(f'{closing},\n  "ok": {ok},\n  "summary": {summary_text}{marker}\n}}\n')
        else:
            closing = "]" if self._first else "\n]"
            summary_text = json.dumps(summary_data(tally), separators=(",", ":"))
            marker = ',"abgebrochen":true' if interrupted else ""
            self.out.write(f'{closing},"ok":{ok},"summary":{summary_text}{marker}}}\n')


REPORTERS: dict[str, type[Reporter]] = {"text": TextReporter, "json": JsonReporter, "github": GithubReporter}
