"""What a check's result depends on, and findings as the JSON payloads of the result cache.

A file's findings are reused (`qplan.loading.result_cache`) only when nothing they depend
on changed: the file's bytes (the cache compares their hash), `result_settings` (qplan's
version and sources, the holiday data, the catalogue, the providers file, `--select`,
`--ignore`, `--strict`), and today, where a rule compares a date with it (`today_dates`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import qplan
from qplan.findings import SEVERITY_ORDER, Finding
from qplan.loading import result_cache
from qplan.loading.files import read_capped
from qplan.models.plan import PlanDocument

if TYPE_CHECKING:
    from qplan.models.requests import CheckRequest


def today_dates(doc: PlanDocument | None) -> list[date]:
    """The dates a rule compares with today for this plan (QP306: a done module's date);
    the result holds as long as none of them moves past today. A unit test keeps this list
    in step with the rules that read `today`."""
    if doc is None:
        return []
    return [e.date for e in doc.modules if e.done and e.recognised is None and e.date is not None]


def encode_findings(findings: Iterable[Finding]) -> str:
    return json.dumps([[f.code, f.severity, f.message, f.line, f.column] for f in findings], ensure_ascii=False)


def decode_findings(payload: str, path: str) -> tuple[Finding, ...] | None:
    """The findings of a cache entry, validated like any input; None when it is not what qplan wrote."""
    if payload == "[]":
        return ()
    try:
        rows = json.loads(payload)
    except ValueError:
        return None
    if not isinstance(rows, list):
        return None
    findings = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == 5):
            return None
        code, severity, message, line, column = row
        if not (
            isinstance(code, str)
            and severity in SEVERITY_ORDER
            and isinstance(message, str)
            and (line is None or (type(line) is int and line > 0))
            and (column is None or (type(column) is int and column > 0))
        ):
            return None
        findings.append(Finding(code, severity, message, line, column, path))
    return tuple(findings)


def result_settings(request: CheckRequest) -> bytes:
    """Everything but the file a check's result depends on, as one hash: qplan's version and
    sources (the rules), the holiday data, the catalogue's and the providers file's bytes,
    and the options that change results. Today is not in it: see `_today_dates`."""
    from qplan.run.calendar import _fingerprint as holidays_fingerprint
    from qplan.run.data import MAX_CATALOG_BYTES, MAX_PROVIDERS_BYTES, catalog_path, providers_path

    def content(path: Path, cap: int) -> bytes:
        raw = read_capped(path, cap)
        return result_cache.digest(raw) if isinstance(raw, bytes) else repr(raw.findings).encode()

    return result_cache.settings_key(
        "check",
        qplan.__version__,
        _sources_fingerprint(),
        holidays_fingerprint(),
        content(catalog_path(request.catalog), MAX_CATALOG_BYTES),
        content(providers_path(request.providers), MAX_PROVIDERS_BYTES),
        "\0".join(s.upper() for s in request.select),
        "\0".join(s.upper() for s in request.ignore),
        str(request.strict),
    )


def _sources_fingerprint() -> str:
    """Size and time of qplan's own sources and shipped data: a change to a rule is a new rule set."""
    package = Path(qplan.__file__).parent
    parts = []
    for folder, _dirs, names in sorted(os.walk(package)):
        for name in sorted(names):
            if name.endswith((".py", ".yaml")):
                info = os.stat(os.path.join(folder, name))
                parts.append(f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}")
    return "\n".join(parts)
