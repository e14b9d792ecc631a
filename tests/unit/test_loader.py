"""Schema errors of plan documents point at file:line:column, in German, all of them."""

from __future__ import annotations

import pytest

from qplan.loading.loader import MAX_PLAN_BYTES, load_model
from qplan.models.plan import PlanDocument


def problems(text: str) -> list[tuple[int | None, int | None, str, str]]:
    loaded = load_model(PlanDocument, text.encode(), "plan.yaml", max_bytes=MAX_PLAN_BYTES)
    return [(f.line, f.column, f.code, f.message) for f in loaded.findings]


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        (
            'format: basis\nfield: koordination\nmodules:\n  - id: M01\n    phase: praesenz\n    wst: "6"\n',
            6,
            10,
            "ganze Zahl erwartet",
        ),
        (
            "format: basis\nfield: koordination\nmodules:\n"
            "  - id: M01\n    phase: praesenz\n    wst: 6\n    done: no\n",
            7,
            11,
            "true oder false",
        ),
        (
            "format: basis\nfield: koordination\nmodules:\n  - id: M01\n    phase: praesenz\n    wst: 6\n"
            "    date: 12:30\n",
            7,
            11,
            "JJJJ-MM-TT",
        ),
        (
            "format: basis\nfield: koordination\nmodules:\n  - id: M01\n    phase: praesenz\n    wst: 6\n"
            "    date: 2027-02-30\n",
            7,
            11,
            "kein Kalenderdatum",
        ),
        (
            "format: basis\nfield: koordination\nmodules:\n  - id: M01\n    phase: präsenz\n    wst: 6\n",
            5,
            12,
            "„praesenz“, „selbstlern“",
        ),
        (
            "format: basis\nfield: koordination\nmodules:\n  - id: M01\n    phase: praesenz\n    wst: 6\n    wsst: 6\n",
            7,
            5,
            "unbekannter Schlüssel",
        ),
        (
            "format: basis\nfield: koordination\nmodules:\n  - id: M01\n    wst: 6\n",
            4,
            5,
            "„modules[1].phase“: Pflichtangabe",
        ),
        ("format: grund\n", 1, 9, "„einfuehrung“, „basis“, „vertiefung“"),
        ("field: koordination\n", 1, 1, "„format“: Pflichtangabe fehlt"),
        ("format: basis\nmodules: M01\n", 2, 10, "Liste erwartet"),
        ("format: basis\nmodules:\n  - M01\n", 3, 5, "Zuordnung (Schlüssel: Wert) erwartet"),
        (
            "format: basis\nfield: koordination\nmodules:\n  - id: M01\n    phase: praesenz\n    wst: 0\n",
            6,
            10,
            "mindestens 1",
        ),
        ("- format: basis\n", 1, 1, "Zuordnung"),
    ],
)
def test_schema_error_positions(text: str, line: int, column: int, fragment: str) -> None:
    found = problems(text)
    assert len(found) == 1, found
    f_line, f_column, code, message = found[0]
    assert (f_line, f_column, code) == (line, column, "QP002")
    assert fragment in message


def test_all_errors_of_a_file_are_reported() -> None:
    text = (
        "format: basis\nfield: koordination\nmodules:\n"
        "  - id: M01\n    phase: x\n    wst: 6\n"
        "  - id: M02\n    phase: praesenz\n    wst: sechs\n    done: ja\n"
    )
    found = problems(text)
    assert [(f[0], f[1]) for f in found] == [(5, 12), (9, 10), (10, 11)]


def test_valid_document() -> None:
    loaded = load_model(
        PlanDocument,
        b"format: einfuehrung\nmodules:\n  - {id: E01, phase: praesenz, wst: 6}\n",
        "p.yaml",
        max_bytes=MAX_PLAN_BYTES,
    )
    assert loaded.findings == ()
    assert loaded.value is not None and loaded.value.modules[0].id == "E01"
