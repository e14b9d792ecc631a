"""Reports of a batch check: text, JSON and GitHub workflow annotations."""

from __future__ import annotations

from typing import Any

from qplan.checker import RunResult


def summary(run: RunResult) -> str:
    with_errors = sum(1 for f in run.files if f.count("error"))
    return (
        f"{len(run.files)} Datei(en) geprüft, {with_errors} mit Fehlern; "
        f"{run.count('error')} Fehler, {run.count('warning')} Warnung(en), {run.count('info')} Hinweis(e)."
    )


def text_lines(run: RunResult) -> list[str]:
    return [finding.format() for result in run.files for finding in result.findings]


def json_data(run: RunResult) -> dict[str, Any]:
    return {
        "ok": run.ok,
        "files": [
            {"path": r.path, "ok": r.ok(run.strict), "findings": [f.as_dict() for f in r.findings]} for r in run.files
        ],
        "summary": {
            "files": len(run.files),
            "errors": run.count("error"),
            "warnings": run.count("warning"),
            "infos": run.count("info"),
            "files_with_errors": sum(1 for f in run.files if f.count("error")),
        },
    }


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def github_lines(run: RunResult) -> list[str]:
    """`::error file=…,line=…,col=…,title=QP103::message`, one per finding."""
    lines = []
    for result in run.files:
        for f in result.findings:
            props = [f"file={_escape_property(result.path)}"]
            if f.line is not None:
                props.append(f"line={f.line}")
                props.append(f"col={f.column or 1}")
            props.append(f"title={_escape_property(f.code)}")
            lines.append(f"::{_GITHUB_LEVEL[f.severity]} {','.join(props)}::{_escape_data(f.message)}")
    return lines
