"""The fast reader for plain plan documents must agree with the libyaml path to the node:
same data, same types, same positions, whenever it accepts a document."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from qplan import yamlfast
from qplan.models.catalog import Catalog
from qplan.models.plan import ENTRY_KEY_ORDER
from qplan.planner import PlanRequest, plan
from qplan.positions import key_node_at, node_at, position
from qplan.render.plan_yaml import plan_yaml
from qplan.yamlfast import layout, lines
from qplan.yamlsafe import parse_yaml, plain_value

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def tree(node: Any) -> Any:
    """A node tree as nested tuples of (kind, scalar value, line, column)."""
    mark = (node.start_mark.line, node.start_mark.column)
    if node.id == "scalar":
        return ("scalar", node.value, *mark)
    if node.id == "sequence":
        return ("sequence", *mark, tuple(tree(child) for child in node.value))
    return ("mapping", *mark, tuple((tree(k), tree(v)) for k, v in node.value))


def typed(data: Any) -> Any:
    """Data with types made visible (True and 1 compare equal in Python)."""
    if isinstance(data, dict):
        return {(type(k).__name__, k): typed(v) for k, v in data.items()}
    if isinstance(data, list):
        return [typed(v) for v in data]
    return (type(data).__name__, data)


LAYOUT = yamlfast.Layout("modules", ENTRY_KEY_ORDER)


def agree(text: str) -> bool:
    """Whether the fast reader accepted `text`; if it did, it must match libyaml exactly.

    The reader is tried with and without the plan writer's layout: whatever the layout
    reader accepts, the line reader accepts too, with the same data and positions.
    """
    quick = yamlfast.parse(text, plain_value)
    by_layout = yamlfast.parse(text, plain_value, LAYOUT, text.encode("utf-8"))
    assert (quick is None) == (by_layout is None), text
    if quick is None or by_layout is None:
        return False
    slow = parse_yaml(text.encode("utf-8"), max_bytes=1 << 20)
    assert slow.findings == (), text
    for data, root in (quick, by_layout):
        assert typed(data) == typed(slow.data), text
        for loc in locations(slow.data):  # answered from the records, without a tree
            assert where(root, loc) == where(slow.root, loc), (text, loc)
        assert tree(root) == tree(slow.root), text
    if read_by_layout(text):  # the layout reader's tree comes from the line reader's records
        assert lines.read(text, plain_value)[0] == by_layout[0], text
    return True


def read_by_layout(text: str) -> bool:
    return layout.read(text, plain_value, LAYOUT) is not None


def locations(data: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path into the data, and one step past each (a missing key, index or child)."""
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from locations(value, (*prefix, key))
        yield (*prefix, "fehlt")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from locations(value, (*prefix, index))
        yield (*prefix, len(data))
    else:
        yield (*prefix, 0)


def where(root: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    node, found = node_at(root, loc)
    key = key_node_at(root, loc)
    return position(node), found, node.id, None if key is None else position(key)


def test_example_files() -> None:
    accepted = [p.name for p in sorted(EXAMPLES.glob("*/*.y*ml")) if agree(p.read_text(encoding="utf-8"))]
    assert len(accepted) >= 25


def test_every_plan_qplan_writes(catalog: Catalog) -> None:
    for fmt, field in [("einfuehrung", None), ("basis", "koordination"), ("basis", "steuerung"), ("basis", "beide")]:
        for month in range(1, 13):
            request = PlanRequest(
                fmt,
                field,
                date(2027, month, 1),
                done=("M01",) if field else (),
                learner="Jürgen Müller-Groß" if month % 2 else 'Eva "Evi" Test: Kursleitung',
            )
            text = plan_yaml(plan(catalog, request, today=date(2026, 11, 25)).doc, catalog)
            if month % 2:
                assert agree(text), text  # the writer's own shape is read fast
                assert read_by_layout(text), text  # and by its layout
            else:
                agree(text)  # a quoted name with an escape goes to libyaml; either way it must agree


TRICKY_VALUES = [
    "M01",
    "basis",
    "praesenz",
    "6",
    "0",
    "06",
    "-5",
    "+5",
    "1.10",
    "2027-01-04",
    "12:30",
    "no",
    "off",
    "yes",
    "true",
    "True",
    "FALSE",
    "null",
    "Null",
    "~",
    "",
    "a #b",
    "a# b",
    "a: b",
    "a:b",
    "Stuttgart - Mitte",
    "x  y",
    "M01 # Kommentar",
    "M01   # Kommentar",
    "Ansätze (neu)",
    "a/b.c",
    '"quoted: x"',
    '"a # b"',
    '"with \\" escape"',
    "'single'",
    "[]",
    "[M01]",
    "{a: 1}",
    "&anchor x",
    "*alias",
    "!!str 5",
    "|",
    ">",
    "@x",
    "%x",
    "`x`",
    "ä",
    "É",
    "trailing   ",
    "-",
    "- x",
    "?",
    "? x",
    "a,b",
    "1e3",
    ".5",
    "0x10",
    "0o7",
    ".inf",
    "=",
]
SAFE_VALUES = [
    "M01",
    "V11",
    "basis",
    "praesenz",
    "6",
    "0",
    "06",
    "1.10",
    "2027-01-04",
    "no",
    "true",
    "False",
    "null",
    "Ansätze (neu)",
    "Stuttgart - Mitte",
    "M01 # Kommentar",
    '"quoted: x"',
    "[]",
    "a/b.c",
    "trailing   ",
]
VALUES = st.one_of(st.sampled_from(SAFE_VALUES), st.sampled_from(SAFE_VALUES), st.sampled_from(TRICKY_VALUES))
KEYS = ["format", "field", "start", "learner", "id", "phase", "wst", "date", "done", "true", "null", "1", "x_y", "ä"]


@st.composite
def documents(draw: Any) -> str:
    lines = []
    if draw(st.booleans()):
        lines.append("# Kopf")
    for key in draw(st.lists(st.sampled_from(KEYS[:5]), max_size=4)):
        lines.append(f"{key}: {draw(VALUES)}")
    if draw(st.booleans()):
        # Half the lists follow the writer's layout (two spaces, keys in its order).
        writer = draw(st.booleans())
        indent = "  " if writer else " " * draw(st.sampled_from([0, 2, 4]))
        lines.append("modules:" + draw(st.sampled_from(["", "  # Liste"])))
        for _ in range(draw(st.integers(0, 3))):
            if writer:
                others = draw(st.lists(st.sampled_from(ENTRY_KEY_ORDER[1:]), max_size=5, unique=True))
                keys = ["id", *sorted(others, key=ENTRY_KEY_ORDER.index)]
            else:
                keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=4))
            lines.append(f"{indent}- {keys[0]}: {draw(VALUES)}")
            steps = ["  "] * 12 + [" ", "   "] if writer else ["  ", "  ", "  ", " ", "   "]
            for key in keys[1:]:
                lines.append(f"{indent}{draw(st.sampled_from(steps))}{key}: {draw(VALUES)}")
            if draw(st.integers(0, 9 if writer else 1)) == 0:
                lines.append(draw(st.sampled_from(["", "   # Notiz", "#x", "\t# tab"])))
    if draw(st.integers(0, 3)) == 0:
        lines.append(f"{draw(st.sampled_from(KEYS))}: {draw(VALUES)}")
    return "\n".join(lines) + draw(st.sampled_from(["\n", "\n", "\n", "", "\n\n"]))


@settings(max_examples=600, deadline=None)
@given(documents())
def test_generated_documents(text: str) -> None:
    agree(text)


@st.composite
def writer_documents(draw: Any) -> str:
    """Documents in the plan writer's layout, with a rare slip (a tricky value, a comment)."""
    lines = ["# Lernpfad"]
    for key in draw(st.lists(st.sampled_from(KEYS[:5]), max_size=4)):
        lines.append(f"{key}: {draw(VALUES)}")
    lines.append("modules:" + draw(st.sampled_from(["", "", "  # Liste", " "])))
    for _ in range(draw(st.integers(1, 4))):
        others = draw(st.lists(st.sampled_from(ENTRY_KEY_ORDER[1:]), max_size=6, unique=True))
        value = st.sampled_from(SAFE_VALUES) if draw(st.integers(0, 4)) else VALUES
        lines.append(f"  - id: {draw(value)}" + draw(st.sampled_from(["", "  # Titel", " #x"])))
        for key in sorted(others, key=ENTRY_KEY_ORDER.index):
            lines.append(f"    {key}: {draw(value)}")
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(["", "   # Notiz", "learner: x", "    - id: M01"])))
    return "\n".join(lines) + draw(st.sampled_from(["\n"] * 8 + ["", "\n\n"]))


@settings(max_examples=400, deadline=None)
@given(writer_documents())
def test_writer_layout_documents(text: str) -> None:
    agree(text)


def test_declines_what_it_must_not_read() -> None:
    for text in [
        "format: basis\nformat: basis\n",  # duplicate key: libyaml reports both lines
        "format: 12:30\n",
        "format: no # x\nlearner: 'a'\n",
        "modules:\nnext: 1\n",  # `modules:` without a list is null in YAML
        "modules:\n  - id: M01\n      wst: 6\n",
        "---\nformat: basis\n",
        "format: basis\r\n",
        "",
        "# nur Kommentar\n",
        "format: basis # x\u2028modules: 5\n",  # a YAML 1.1 line break inside a comment
        'learner: "A\u2029B"\n',
        "format: basis\x85\n",
        "format: basis # \x01\n",  # libyaml rejects control characters
        'learner: "a\x7fb"\n',
        "\ufeffformat: basis\n",
        "format: basis\t# tab\n",
    ]:
        assert yamlfast.parse(text, plain_value) is None, text


def test_byte_screen_never_lets_an_unusual_character_through() -> None:
    """The quick screen on the bytes may only say "usual" where the exact search agrees."""
    let_through = []
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue  # surrogates cannot be encoded (nor decoded) as UTF-8
        char = chr(code)
        raw = f"a{char}\n".encode()
        if yamlfast._plainly_usual(raw) and yamlfast._UNUSUAL.search(char):
            let_through.append(hex(code))
    assert let_through == []
    assert yamlfast._plainly_usual("format: basis  # Ansätze „Quartier“\n".encode())
    assert not yamlfast._plainly_usual(b"format: basis\t# tab\n")
