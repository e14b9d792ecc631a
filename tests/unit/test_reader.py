"""The safe YAML reader (qplan/loading/reader.py): positions, no YAML 1.1 surprises, hostile input refused."""

from __future__ import annotations

import pytest

from qplan.loading.reader import parse_yaml

LIMIT = 1 << 20


def parse(text: str | bytes):  # type: ignore[no-untyped-def]
    return parse_yaml(text.encode() if isinstance(text, str) else text, max_bytes=LIMIT)


def codes(result) -> list[tuple[str, int | None, int | None]]:  # type: ignore[no-untyped-def]
    return [(f.code, f.line, f.column) for f in result.findings]


def test_yaml_11_scalars_stay_text() -> None:
    data = parse("a: no\nb: off\nc: 12:30\nd: 0123\ne: 1.10\nf: 2024-10-01\ng: yes\n").data
    assert data == {"a": "no", "b": "off", "c": "12:30", "d": "0123", "e": "1.10", "f": "2024-10-01", "g": "yes"}


def test_plain_true_false_int_null_resolve() -> None:
    assert parse("a: true\nb: false\nc: 6\nd: ~\ne:\nf: -3\n").data == {
        "a": True,
        "b": False,
        "c": 6,
        "d": None,
        "e": None,
        "f": -3,
    }


def test_duplicate_key_names_both_lines() -> None:
    result = parse("format: basis\nfield: x\nformat: vertiefung\n")
    assert codes(result) == [("QP003", 3, 1)]
    assert "zuerst in Zeile 1" in result.findings[0].message
    assert result.usable


def test_nested_duplicate_key_position() -> None:
    result = parse("modules:\n  - id: M01\n    wst: 6\n    wst: 7\n")
    assert codes(result) == [("QP003", 4, 5)]


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("format: basis\nfield: [unclosed\n", 3, 1),
        ("a: b: c\n", 1, 5),
        ("a:\n\tb: 1\n", 2, 1),
        ("a: 'open\n", 2, 1),
        ("---\na: 1\n---\nb: 2\n", 3, 1),
    ],
)
def test_syntax_errors_have_positions(text: str, line: int, column: int) -> None:
    result = parse(text)
    assert codes(result) == [("QP001", line, column)]
    assert result.findings[0].message.startswith("Kein gültiges YAML")
    assert not result.usable


@pytest.mark.parametrize(
    "text",
    [
        "a: [\n",
        "a: {\n",
        "{a: 1,, b}\n",
        "a: *\n",
        "a: &\n",
        "a:\n\t- b\n",
        'b: "x" y\n',
        "a: |0\n x\n",
        "a: 1\n- b\n",
        "a: 'x\n",
        "a: b: c\n",
        '"a\\q": 1\n',
        "a: @b\n",
        "a: [1,]]\n",
    ],
)
def test_syntax_errors_are_explained_in_german(text: str) -> None:
    message = parse(text).findings[0].message
    assert message.startswith(("Kein gültiges YAML: ", "YAML-Tag ")) and "Meldung des Parsers" not in message, message


def test_alias_bomb_is_refused_before_it_expands() -> None:
    # Expanded, this is 8**10 (about a billion) nodes: no reader that expands it first could
    # answer at all, so the answer itself shows the refusal came before the expansion.
    names = "abcdefghij"
    bomb = "a: &a [" + ",".join(['"x"'] * 8) + "]\n"
    for name, prev in zip(names[1:], names, strict=False):
        bomb += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 8) + "]\n"
    bomb += "k: [" + ",".join(["*j"] * 8) + "]\n"
    result = parse(bomb)
    assert [f.code for f in result.findings] == ["QP004"]
    assert "Alias-Bombe" in result.findings[0].message


def test_small_aliases_are_fine() -> None:
    assert parse("a: &x [1, 2]\nb: *x\n").data == {"a": [1, 2], "b": [1, 2]}


def test_recursive_alias_is_refused() -> None:
    result = parse("a: &a [*a]\n")
    assert [f.code for f in result.findings] == ["QP004"]


def test_deep_nesting_is_refused() -> None:
    result = parse("[" * 5000 + "]" * 5000)
    assert result.findings and result.findings[0].code in ("QP001", "QP004")
    assert "verschachtelt" in result.findings[0].message


def test_deep_block_nesting_is_refused() -> None:
    text = "\n".join(" " * i + "k:" for i in range(1200)) + " 1\n"
    result = parse(text)
    assert result.findings and "verschachtelt" in result.findings[0].message


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (b"\xff\xfe\x00garbage", "UTF-16"),
        (b"\x00\x01\x02binary", "keine Textdatei"),
        (b"title: Gr\xfcndung\n", "nicht UTF-8"),
        (b"", "leer"),
        (b"# nur ein Kommentar\n", "leer"),
    ],
)
def test_unusable_bytes(raw: bytes, fragment: str) -> None:
    result = parse(raw)
    assert [f.code for f in result.findings] == ["QP004"]
    assert fragment in result.findings[0].message


def test_non_utf8_position() -> None:
    result = parse(b"a: 1\ntitle: Gr\xfcndung\n")
    assert codes(result) == [("QP004", 2, 10)]


def test_size_cap() -> None:
    result = parse_yaml(b"a: " + b"x" * 2000, max_bytes=1024)
    assert [f.code for f in result.findings] == ["QP004"]


@pytest.mark.parametrize(
    "tag", ["!!python/object:os.system x", "!!binary aGVsbG8=", "!!timestamp 2024-01-01", "!!set {a}"]
)
def test_unsupported_tags(tag: str) -> None:
    result = parse(f"a: {tag}\n")
    assert codes(result) == [("QP001", 1, 4)]
    assert "nicht unterstützt" in result.findings[0].message


def test_bom_is_accepted() -> None:
    assert parse(b"\xef\xbb\xbfa: 1\n").data == {"a": 1}
