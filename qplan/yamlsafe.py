"""Reading YAML safely: positions for every node, no YAML 1.1 surprises, hostile input refused.

Every YAML file qplan reads goes through `parse_yaml`. It composes the node tree once and
builds the data from the same nodes, so each later error can be traced back to its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from qplan.findings import DUPLICATE_KEY, UNUSABLE, YAML_SYNTAX, Finding
from qplan.positions import position

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# An alias can make a small file expand into an enormous tree (a "billion laughs" bomb).
# Real qplan files have at most a few thousand nodes; this caps the expanded size.
MAX_EXPANDED_NODES = 200_000

_STR = "tag:yaml.org,2002:str"


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """libyaml's safe loader with YAML 1.2-like scalars and duplicate-key detection.

    Only `true`/`false`, decimal integers and null are resolved implicitly; everything
    else (`no`, `off`, `0123`, `1.10`, `12:30`, `2024-10-01`) stays a string, so the schema
    decides what it means and reports it with a position.
    """

    yaml_implicit_resolvers: dict[Any, Any] = {}
    yaml_constructors: dict[Any, Any] = {}

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[Node, Node]] = []

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[tuple[str, str], Node] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, ScalarNode):
                ident = (key_node.tag, key_node.value)
                first = seen.get(ident)
                if first is not None:
                    self.duplicates.append((first, key_node))
                else:
                    seen[ident] = key_node
        result: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return result


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
for _tag, _ctor in (
    ("tag:yaml.org,2002:null", yaml.constructor.SafeConstructor.construct_yaml_null),
    ("tag:yaml.org,2002:bool", yaml.constructor.SafeConstructor.construct_yaml_bool),
    ("tag:yaml.org,2002:int", yaml.constructor.SafeConstructor.construct_yaml_int),
    ("tag:yaml.org,2002:float", yaml.constructor.SafeConstructor.construct_yaml_float),
    (_STR, yaml.constructor.SafeConstructor.construct_yaml_str),
    ("tag:yaml.org,2002:seq", yaml.constructor.SafeConstructor.construct_yaml_seq),
    ("tag:yaml.org,2002:map", yaml.constructor.SafeConstructor.construct_yaml_map),
    (None, yaml.constructor.SafeConstructor.construct_undefined),
):
    _Loader.add_constructor(_tag, _ctor)


@dataclass(frozen=True)
class ParsedYaml:
    """The data of one YAML document, its node tree for positions, and what went wrong."""

    data: Any
    root: Node | None
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def usable(self) -> bool:
        return self.root is not None and not any(
            f.code in (YAML_SYNTAX, UNUSABLE) for f in self.findings
        )


def _finding(code: str, message: str, line: int | None = None, column: int | None = None) -> Finding:
    return Finding(code=code, severity="error", message=message, line=line, column=column)


def _unusable(message: str, line: int | None = None, column: int | None = None) -> ParsedYaml:
    return ParsedYaml(None, None, (_finding(UNUSABLE, message, line, column),))


def decode(raw: bytes) -> str | ParsedYaml:
    """Bytes to text, or a finding that says why the bytes are not a text file."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _unusable("Die Datei ist UTF-16-kodiert; erwartet wird UTF-8. Bitte als UTF-8 speichern.")
    if b"\x00" in raw[:8192]:
        return _unusable("Die Datei ist keine Textdatei (sie enthält Binärdaten); erwartet wird YAML in UTF-8.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return _unusable(
            f"Die Datei ist nicht UTF-8-kodiert (ungültiges Byte 0x{raw[exc.start]:02x}). "
            "Bitte als UTF-8 speichern.",
            line,
            column,
        )


def read_bytes(path: Path, max_bytes: int) -> bytes | ParsedYaml:
    """Read a file with a size cap, turning OS errors into findings."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        return _unusable("Die Datei gibt es nicht.")
    except IsADirectoryError:
        return _unusable("Das ist ein Ordner, keine Datei.")
    except PermissionError:
        return _unusable("Keine Berechtigung, die Datei zu lesen.")
    except OSError as exc:
        return _unusable(f"Die Datei kann nicht gelesen werden ({exc.strerror or exc}).")
    if len(raw) > max_bytes:
        return _unusable(
            f"Die Datei ist größer als {max_bytes // 1024} KiB; so große Dateien sind für "
            "diese Art Datei nicht vorgesehen."
        )
    return raw


def parse_yaml(raw: bytes, *, max_bytes: int) -> ParsedYaml:
    """Parse one YAML document from bytes; never raises for bad input."""
    if len(raw) > max_bytes:
        return _unusable(f"Die Eingabe ist größer als {max_bytes // 1024} KiB.")
    text = decode(raw)
    if isinstance(text, ParsedYaml):
        return text
    loader = _Loader(text)
    try:
        try:
            root = loader.get_single_node()
            if root is None:
                return _unusable("Die Datei ist leer: sie enthält kein YAML-Dokument.", 1, 1)
            if "*" in text:
                problem = _check_expansion(root)
                if problem is not None:
                    return ParsedYaml(None, None, (problem,))
            data = loader.construct_document(root)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        return ParsedYaml(None, None, (_finding(YAML_SYNTAX, _yaml_message(exc), line, column),))
    except yaml.YAMLError as exc:
        return ParsedYaml(None, None, (_finding(YAML_SYNTAX, f"Kein gültiges YAML: {exc}"),))
    except RecursionError:
        return _unusable("Die Datei ist zu tief verschachtelt.")
    findings = tuple(
        _finding(
            DUPLICATE_KEY,
            f"Schlüssel „{second.value}“ doppelt (zuerst in Zeile {first.start_mark.line + 1}); "
            "der zweite Wert würde den ersten still ersetzen. Bitte einen entfernen.",
            second.start_mark.line + 1,
            second.start_mark.column + 1,
        )
        for first, second in loader.duplicates
    )
    return ParsedYaml(data, root, findings)


_PROBLEMS_DE = {
    "found character '\\t' that cannot start any token": "Tabulatorzeichen sind zur Einrückung nicht erlaubt",
    "found character that cannot start any token": "Zeichen, mit dem kein YAML-Element beginnen kann (oft ein Tabulator zur Einrückung)",
    "mapping values are not allowed here": "Doppelpunkt an dieser Stelle nicht erlaubt (Text mit „: “ in Anführungszeichen setzen)",
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
