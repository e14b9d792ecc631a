"""Findings: one problem at one place in one file, as a frozen value."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
Anchor = tuple[str | int, ...]  # a path into a document: ("modules", 3, "date")
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
# What a person reads; JSON keeps the stable English keys.
SEVERITY_DE: dict[str, str] = {"error": "Fehler", "warning": "Warnung", "info": "Hinweis"}

# Codes of problems with the file itself, before any rule of the programme applies.
YAML_SYNTAX = "QP001"
SCHEMA = "QP002"
DUPLICATE_KEY = "QP003"
UNUSABLE = "QP004"
RESPELLED = "QP005"  # a value written another way than the canonical one, read as that one


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem with a stable code, a severity, a German message and a 1-based position.

    Rules know where a problem is only as an `anchor` into the document (`at_key`: the
    key of its last element rather than the value); the run layer, which holds the
    document's source map, turns the anchor into `line` and `column` (`placed`).
    """

    code: str
    severity: Severity
    message: str
    line: int | None = None
    column: int | None = None
    path: str | None = None
    anchor: Anchor | None = field(default=None, compare=False)
    at_key: bool = field(default=False, compare=False)

    def at(self, path: str) -> Finding:
        return Finding(self.code, self.severity, self.message, self.line, self.column, path, self.anchor, self.at_key)

    def placed(self, line: int, column: int) -> Finding:
        return Finding(self.code, self.severity, self.message, line, column, self.path, self.anchor, self.at_key)

    def location(self) -> str:
        parts = [self.path or "<eingabe>"]
        if self.line is not None:
            parts.append(str(self.line))
            parts.append(str(self.column or 1))
        return ":".join(parts)

    def format(self) -> str:
        """`file:line:column: [Fehler] message (code)`, the parsable text form."""
        return f"{self.location()}: [{SEVERITY_DE[self.severity]}] {self.message} ({self.code})"

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
        }


def sort_key(finding: Finding) -> tuple[int, int, int, str]:
    return (finding.line or 0, finding.column or 0, SEVERITY_ORDER[finding.severity], finding.code)
