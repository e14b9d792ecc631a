"""The one YAML reader: positions for every node, no YAML 1.1 surprises, hostile input refused.

Every YAML file qplan reads goes through `parse_yaml`. It composes the node tree once with
libyaml and builds the data from the same nodes, so each later problem can be traced back
to its line (`SourceMap`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from qplan.findings import DUPLICATE_KEY, UNUSABLE, YAML_SYNTAX, Finding
from qplan.loading.sourcemap import SourceMap, position

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# An alias can make a small file expand into an enormous tree (a "billion laughs" bomb).
# Real qplan files have at most a few thousand nodes; this caps the expanded size.
MAX_EXPANDED_NODES = 200_000

_PLAIN = "tag:qplan:plain"
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_INT_RE = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_PLAIN_VALUES: dict[str, object] = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "": None,
}


class _Loader(_BaseLoader):  # type: ignore[misc]
    """libyaml's parser and composer; every plain scalar is marked for `_build` to type.

    Resolution is left to `_build`: only `true`/`false`, decimal integers and null are
    typed; everything else (`no`, `off`, `0123`, `1.10`, `12:30`, `2024-10-01`) stays a
    string, so the schema decides what it means and reports it with a position.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _SEQ if kind is SequenceNode else _MAP


class _BuildError(Exception):
    def __init__(self, node: Node, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message


_TYPED_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null")


# Integers longer than this stay text (the schema then says the number is far too large):
# Python refuses to convert more than 4,300 digits, and no figure of qplan needs 19.
MAX_DIGITS = 18


def plain_value(value: str) -> Any:
    """A plain (unquoted) scalar's value: true/false, decimal integers and null are typed."""
    if value in _PLAIN_VALUES:
        return _PLAIN_VALUES[value]
    if (value[0].isdigit() or value[0] in "+-") and len(value) <= MAX_DIGITS + 1 and _INT_RE.fullmatch(value):
        return int(value)
    return value


def _scalar(node: Any) -> Any:
    tag, value = node.tag, node.value
    if tag == _PLAIN:
        return plain_value(value)
    if tag == _STR:
        return value
    if tag == _TYPED_TAGS[0] and len(value) <= MAX_DIGITS + 1 and _INT_RE.fullmatch(value):
        return int(value)
    if tag == _TYPED_TAGS[1] and isinstance(_PLAIN_VALUES.get(value), bool):
        return _PLAIN_VALUES[value]
    if tag == _TYPED_TAGS[2] and value in _PLAIN_VALUES and _PLAIN_VALUES[value] is None:
        return None
    if tag in _TYPED_TAGS:
        raise _BuildError(node, f"„{value}“ passt nicht zum YAML-Tag {tag.rsplit(':', 1)[-1]}.")
    raise _BuildError(
        node, f"YAML-Tag {tag} wird nicht unterstützt; erlaubt sind nur einfache Werte, Listen und Zuordnungen."
    )


def _build(node: Node, duplicates: list[tuple[Node, Node]], memo: dict[int, Any] | None) -> Any:
    """Python data from a node tree; duplicate keys are recorded.

    `memo` keeps aliased collections shared; it is only needed when the text has an alias.
    """
    cls = node.__class__
    if cls is ScalarNode:
        return _scalar(node)
    if memo is not None:
        known = memo.get(id(node))
        if known is not None:
            return known
    if node.tag is not _SEQ and node.tag is not _MAP:
        raise _BuildError(
            node,
            f"YAML-Tag {node.tag} wird nicht unterstützt; erlaubt sind nur einfache Werte, Listen und Zuordnungen.",
        )
    if cls is SequenceNode:
        items: list[Any] = []
        if memo is not None:
            memo[id(node)] = items
        for child in node.value:
            items.append(_scalar(child) if child.__class__ is ScalarNode else _build(child, duplicates, memo))
        return items
    mapping: dict[Any, Any] = {}
    if memo is not None:
        memo[id(node)] = mapping
    for key_node, value_node in node.value:
        if key_node.__class__ is not ScalarNode:
            raise _BuildError(key_node, "Ein Schlüssel muss ein einfacher Wert sein, keine Liste oder Zuordnung.")
        key = key_node.value if key_node.tag is _STR else _scalar(key_node)
        if key in mapping:
            duplicates.append((_first_key(node, key), key_node))
        if value_node.__class__ is ScalarNode:
            # Inline fast path for the common cases: quoted text, and plain text that
            # cannot be a boolean, null or number.
            text = value_node.value
            if value_node.tag is _STR or (
                value_node.tag is _PLAIN
                and text
                and text not in _PLAIN_VALUES
                and not text[0].isdigit()
                and text[0] not in "+-"
            ):
                mapping[key] = text
            else:
                mapping[key] = _scalar(value_node)
        else:
            mapping[key] = _build(value_node, duplicates, memo)
    return mapping


def _first_key(node: Any, key: Any) -> Any:
    """The first key node of a mapping that stands for `key` (for duplicate-key messages)."""
    for key_node, _ in node.value:
        if (key_node.value if key_node.tag is _STR else _scalar(key_node)) == key:
            return key_node
    raise AssertionError("duplicate key without a first occurrence")


@dataclass(frozen=True)
class ParsedYaml:
    """The data of one YAML document, its source map, and what went wrong."""

    data: Any
    source: SourceMap | None
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def usable(self) -> bool:
        return self.source is not None and not any(f.code in (YAML_SYNTAX, UNUSABLE) for f in self.findings)


def _finding(code: str, message: str, line: int | None = None, column: int | None = None) -> Finding:
    return Finding(code=code, severity="error", message=message, line=line, column=column)


def unusable(message: str, line: int | None = None, column: int | None = None) -> ParsedYaml:
    return ParsedYaml(None, None, (_finding(UNUSABLE, message, line, column),))


# Characters YAML does not allow (C0 and C1 controls but tab and line breaks, DEL,
# U+FFFE/U+FFFF, lone surrogates), and the ones it counts as line breaks where editors do
# not (U+0085, U+2028, U+2029): libyaml would report them without a usable position.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")
_BREAKS = {"\x85": "Zeilenumbruch NEL", "\u2028": "Zeilentrenner", "\u2029": "Absatztrenner"}


def _refused_character(text: str) -> ParsedYaml | None:
    found = _REFUSED.search(text)
    if found is None:
        return None
    index = found.start()
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    char = found.group()
    code = f"U+{ord(char):04X}"
    if char in _BREAKS:
        message = (
            f"Das Zeichen {code} ({_BREAKS[char]}) zählt in YAML als Zeilenumbruch, in Editoren meist "
            "nicht; bitte entfernen oder durch einen normalen Zeilenumbruch ersetzen."
        )
    else:
        message = f"Das Steuerzeichen {code} ist in YAML nicht erlaubt; bitte entfernen."
    return ParsedYaml(None, None, (_finding(YAML_SYNTAX, message, line, column),))


def decode(raw: bytes) -> str | ParsedYaml:
    """Bytes to text, or a finding that says why the bytes are not a text file."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return unusable("Die Datei ist UTF-16-kodiert; erwartet wird UTF-8. Bitte als UTF-8 speichern.")
    if b"\x00" in raw[:8192]:
        return unusable("Die Datei ist keine Textdatei (sie enthält Binärdaten); erwartet wird YAML in UTF-8.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return unusable(
            f"Die Datei ist nicht UTF-8-kodiert (ungültiges Byte 0x{raw[exc.start]:02x}). Bitte als UTF-8 speichern.",
            line,
            column,
        )


def parse_yaml(raw: bytes, *, max_bytes: int) -> ParsedYaml:
    """Parse one YAML document from bytes; never raises for bad input."""
    if len(raw) > max_bytes:
        return unusable(f"Die Eingabe ist größer als {max_bytes // 1024} KiB.")
    text = decode(raw)
    if isinstance(text, ParsedYaml):
        return text
    refused = _refused_character(text)
    if refused is not None:
        return refused
    loader = _Loader(raw)
    try:
        try:
            root = loader.get_single_node()
            if root is None:
                return unusable("Die Datei ist leer: sie enthält kein YAML-Dokument.", 1, 1)
            if "*" in text:
                problem = _check_expansion(root)
                if problem is not None:
                    return ParsedYaml(None, None, (problem,))
            duplicates: list[tuple[Node, Node]] = []
            data = _build(root, duplicates, {} if "*" in text else None)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        return ParsedYaml(None, None, (_finding(YAML_SYNTAX, _yaml_message(exc), line, column),))
    except yaml.YAMLError as exc:
        return ParsedYaml(None, None, (_finding(YAML_SYNTAX, f"Kein gültiges YAML: {exc}"),))
    except _BuildError as exc:
        line, column = position(exc.node)
        return ParsedYaml(None, None, (_finding(YAML_SYNTAX, exc.message, line, column),))
    except RecursionError:
        return unusable("Die Datei ist zu tief verschachtelt.")
    findings = tuple(
        _finding(
            DUPLICATE_KEY,
            f"Schlüssel „{second.value}“ doppelt (zuerst in Zeile {first.start_mark.line + 1}); "
            "der zweite Wert würde den ersten still ersetzen. Bitte einen entfernen.",
            second.start_mark.line + 1,
            second.start_mark.column + 1,
        )
        for first, second in duplicates
    )
    return ParsedYaml(data, SourceMap(root), findings)


_PROBLEMS_DE = {
    "found character '\\t' that cannot start any token": "Tabulatorzeichen sind zur Einrückung nicht erlaubt",
    "found character that cannot start any token": (
        "Zeichen, mit dem kein YAML-Element beginnen kann (oft ein Tabulator zur Einrückung)"
    ),
    "mapping values are not allowed": (
        "Doppelpunkt an dieser Stelle nicht erlaubt (Text mit „: “ in Anführungszeichen setzen)"
    ),
    "exceeded maximum nesting depth": "zu tief verschachtelt",
    "expected a single document in the stream": "mehr als ein YAML-Dokument in der Datei (nur eines erlaubt)",
    "did not find expected ',' or ']'": "Liste in eckigen Klammern nicht geschlossen: „,“ oder „]“ erwartet",
    "did not find expected ',' or '}'": "Zuordnung in geschweiften Klammern nicht geschlossen: „,“ oder „}“ erwartet",
    "could not find expected ':'": "„:“ erwartet (Schlüssel ohne Doppelpunkt?)",
    "found unexpected end of stream": "die Datei endet mitten in einem Wert (Anführungszeichen nicht geschlossen?)",
    "did not find expected key": "Schlüssel erwartet (Einrückung prüfen)",
    "did not find expected '-' indicator": "„-“ erwartet (Einrückung der Liste prüfen)",
    "did not find expected <document start>": "unerwarteter Inhalt (Einrückung prüfen)",
    "found undefined alias": "Alias (*) ohne passenden Anker (&)",
    "found unknown escape character": "unbekannte Escape-Sequenz in Text in Anführungszeichen",
    "expected <block end>": "Einrückung passt nicht zur Umgebung",
    "found duplicate anchor": "Anker (&) doppelt vergeben",
    "did not find expected node content": "hier fehlt ein Wert (Klammer nicht geschlossen oder „,“ zu viel?)",
    "did not find expected alphabetic or numeric character": (
        "nach „&“ oder „*“ fehlt ein Name (Text, der mit & oder * beginnt, in Anführungszeichen setzen)"
    ),
    "block sequence entries are not allowed": "„-“ an dieser Stelle nicht erlaubt (Einrückung prüfen)",
    "found a tab character": "Tabulator in der Einrückung (nur Leerzeichen einrücken)",
    "did not find expected whitespace or line break": "nach dem Zeichen fehlt ein Leerzeichen oder Zeilenende",
    "did not find expected comment or line break": "nach dem Wert folgt unerwarteter Text (Anführungszeichen prüfen)",
    "found unexpected document separator": "„---“ oder „...“ mitten in einem Wert",
    "found incompatible YAML document": "die Datei verlangt eine andere YAML-Version",
    "found duplicate %YAML directive": "die Angabe %YAML steht doppelt",
    "found undefined tag handle": "unbekanntes YAML-Tag (Text mit „!“ in Anführungszeichen setzen)",
    "indentation indicator": "Einrückungsangabe nach „|“ oder „>“ muss 1 bis 9 sein",
}


def _yaml_message(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    if problem.startswith("could not determine a constructor for the tag"):
        tag = problem.rsplit(" ", 1)[-1]
        return f"YAML-Tag {tag} wird nicht unterstützt; erlaubt sind nur einfache Werte, Listen und Zuordnungen."
    for english, german in _PROBLEMS_DE.items():
        if english in problem or english in (exc.context or ""):
            return f"Kein gültiges YAML: {german}."
    return f"Kein gültiges YAML (Meldung des Parsers: {problem or exc.context})."


def _check_expansion(root: Node) -> Finding | None:
    """Refuse documents whose aliases expand beyond any real file (alias bombs) or loop."""
    sizes: dict[int, int] = {}
    visiting: set[int] = set()
    stack: list[Node] = [root]
    while stack:
        node = stack[-1]
        key = id(node)
        if key in sizes:
            stack.pop()
            continue
        children = _children(node)
        if key not in visiting:
            visiting.add(key)
            for child in children:
                if id(child) in visiting and id(child) not in sizes:
                    line, column = position(child)
                    return _finding(UNUSABLE, "Ein Alias verweist auf sich selbst (Endlosschleife).", line, column)
                if id(child) not in sizes:
                    stack.append(child)
            continue
        stack.pop()
        sizes[key] = 1 + sum(sizes[id(child)] for child in children)
        if sizes[key] > MAX_EXPANDED_NODES:
            line, column = position(node)
            return _finding(
                UNUSABLE,
                "Anker und Aliasse (&/*) würden die Datei auf über "
                f"{MAX_EXPANDED_NODES} Knoten aufblähen (Alias-Bombe); sie wird nicht gelesen.",
                line,
                column,
            )
    return None


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []
