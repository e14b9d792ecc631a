"""Fuzzing the inputs (issue 10): mutated plans, catalogues and providers files never make
qplan crash, hang or lose a position.

Bounded for the normal test run; `QPLAN_FUZZ_EXAMPLES=20000 pytest tests/unit/test_fuzz.py`
runs the long version (README, „Tests“).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.kit import CATALOG_PATH, ROOT, TODAY, run_cli

EXAMPLES = sorted((ROOT / "tests" / "examples").rglob("*.y*ml"))
PLAN_TEXTS = [p.read_bytes() for p in EXAMPLES]
CATALOG_TEXT = CATALOG_PATH.read_bytes()
_providers = (ROOT / "data" / "providers.yaml").read_bytes()
PROVIDERS_TEXT = _providers[: _providers.index(b"\n", _providers.index(b"id: A00040"))] + b"\n"
EXAMPLES_PER_TEST = int(os.environ.get("QPLAN_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES_PER_TEST,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
    derandomize="QPLAN_FUZZ_EXAMPLES" not in os.environ,
)

# What people and attackers type where a value belongs.
TOKENS = [
    b"no",
    b"off",
    b"yes",
    b"12:30",
    b"0123",
    b"1.10",
    b"~",
    b"null",
    b"-1",
    b"0",
    b"9" * 30,
    b"9" * 4400,
    b"2027-02-30",
    b"2027-13-01",
    b"9999-12-31",
    b"1900-01-01",
    b"&a x",
    b"*a",
    b"*nope",
    b"!!python/object:os.system",
    b"!!binary aGk=",
    b"[",
    b"]",
    b"{",
    b"}",
    b"'",
    b'"',
    b"\t",
    b"\x00",
    b"\x07",
    b"\xc2\x85",
    b"\xe2\x80\xa8",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"<<: *a",
    b"? x",
    b"- ",
    b": ",
    b"#",
    b"---",
    b"...",
    b"%YAML 1.1",
    b"\r",
    b"\n" * 3,
    b"[" * 300,
    b"M99",
    b"m01",
    b"praesenz",
    b"selbstlern",
    b"V01",
    b"E01",
    "ü".encode(),
    b"\xc3",
    b"\\u0000",
]


@st.composite
def mutated(draw: st.DrawFn, sources: list[bytes]) -> bytes:
    text = draw(st.sampled_from(sources))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.integers(0, 5))
        cut = draw(st.integers(0, len(text)))
        if kind == 0:  # a token where a value or key may be
            text = text[:cut] + draw(st.sampled_from(TOKENS)) + text[cut:]
        elif kind == 1:  # a value replaced
            start = text.find(b": ", cut)
            if start >= 0:
                end = text.find(b"\n", start)
                end = len(text) if end < 0 else end
                text = text[: start + 2] + draw(st.sampled_from(TOKENS)) + text[end:]
        elif kind == 2:  # some bytes gone
            text = text[:cut] + text[cut + draw(st.integers(1, 40)) :]
        elif kind == 3:  # a line twice (duplicate keys, doubled entries)
            lines = text.split(b"\n")
            index = draw(st.integers(0, len(lines) - 1))
            lines.insert(index, lines[index])
            text = b"\n".join(lines)
        elif kind == 4:  # random bytes
            text = text[:cut] + draw(st.binary(min_size=1, max_size=8)) + text[cut:]
        else:  # indentation shifted
            lines = text.split(b"\n")
            index = draw(st.integers(0, len(lines) - 1))
            lines[index] = b" " * draw(st.integers(1, 3)) + lines[index]
            text = b"\n".join(lines)
    return text


def assert_well_formed(findings: list[dict[str, object]] | tuple[object, ...], text: bytes) -> None:
    for finding in findings:
        data = finding if isinstance(finding, dict) else finding.as_dict()  # type: ignore[attr-defined]
        assert "Interner Fehler" not in str(data["message"]), data
        if data["severity"] == "error" and data["code"] not in ("QP004",) and text.strip():
            assert data["line"] is not None, data


@FUZZ
@given(mutated(PLAN_TEXTS))
def test_mutated_plans(tmp_path_factory, text: bytes) -> None:  # type: ignore[no-untyped-def]
    from qplan.models.requests import CheckRequest
    from qplan.run.check import Checker
    from qplan.run.data import load_catalog

    path = tmp_path_factory.mktemp("plan") / "plan.yaml"
    path.write_bytes(text)
    checker = Checker(load_catalog(str(CATALOG_PATH)), CheckRequest(paths=(str(path),), today=TODAY))
    result = checker.check(str(path))
    assert_well_formed(list(result.findings), text)


@FUZZ
@given(mutated([CATALOG_TEXT]))
def test_mutated_catalogue(tmp_path_factory, text: bytes) -> None:  # type: ignore[no-untyped-def]
    from qplan.run.data import check_catalog_file

    path = tmp_path_factory.mktemp("catalog") / "modules.yaml"
    path.write_bytes(text)
    report = check_catalog_file(path)
    assert_well_formed(list(report.findings), text)


@FUZZ
@given(mutated([PROVIDERS_TEXT]))
def test_mutated_providers(catalog, tmp_path_factory, text: bytes) -> None:  # type: ignore[no-untyped-def]
    from qplan.run.data import check_providers_file

    path = tmp_path_factory.mktemp("providers") / "providers.yaml"
    path.write_bytes(text)
    report = check_providers_file(path, catalog)
    assert_well_formed(list(report.findings), text)


@settings(max_examples=max(5, EXAMPLES_PER_TEST // 10), deadline=None, derandomize=True)
@given(st.lists(mutated(PLAN_TEXTS), min_size=1, max_size=6))
def test_batch_reports_every_file(tmp_path_factory, texts: list[bytes]) -> None:  # type: ignore[no-untyped-def]
    folder: Path = tmp_path_factory.mktemp("batch")
    for number, text in enumerate(texts):
        (folder / f"p{number}.yaml").write_bytes(text)
    result = run_cli("check", str(folder), "--format", "json")
    assert result.code in (0, 1, 2)
    data = json.loads(result.stdout)
    assert [Path(f["path"]).name for f in data["files"]] == [f"p{n}.yaml" for n in range(len(texts))]
    for entry, text in zip(data["files"], texts, strict=True):
        assert_well_formed(entry["findings"], text)


# 14. Every file qplan writes reads back clean, whatever a learner types.


@settings(max_examples=max(50, EXAMPLES_PER_TEST), deadline=None, derandomize=True)
@given(st.text(min_size=1, max_size=60))
def test_written_plans_read_back(catalog, learner: str) -> None:  # type: ignore[no-untyped-def]
    from qplan.loading.loader import MAX_PLAN_BYTES, load_model
    from qplan.models.plan import PlanDocument
    from qplan.models.requests import PlanRequest
    from qplan.render.plan_yaml import plan_yaml
    from qplan.run.plan import plan

    result = plan(catalog, PlanRequest("einfuehrung", learner=learner), today=TODAY)
    text = plan_yaml(result.doc, catalog)
    loaded = load_model(PlanDocument, text.encode("utf-8"), "plan.yaml", max_bytes=MAX_PLAN_BYTES)
    assert loaded.findings == (), (learner, text)
    assert loaded.value is not None
    expected = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in learner)
    assert loaded.value.learner == expected


# Issue 20: the lifecycle commands change the learner's own file. On mutated plan files they
# end in 0, 1 or 2 (never 3), leave the file byte for byte as it was when they refuse, and
# keep every comment when they write.

VALID_TEXTS = [p.read_bytes() for p in EXAMPLES if p.parent.name == "valid"]
COMMENTED = [
    text.replace(b"\nmodules:", b"  # Format\n# vor den Modulen\nmodules:  # Liste\n", 1)
    .replace(b"done: true", b"done: true  # geschafft\n    # Nachweis liegt vor", 1)
    .rstrip(b"\n")
    + b"\n# Ende der Datei\n"
    for text in VALID_TEXTS
]
LIFECYCLE_EXAMPLES = max(20, EXAMPLES_PER_TEST)


def comments_of(text: str) -> list[str]:
    """The comments of a YAML text as written (`# …` outside every value), in order."""
    import yaml

    lines = text.split("\n")
    inside: dict[int, list[tuple[int, int]]] = {}
    for item in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        start, end = item.start_mark, item.end_mark
        if isinstance(item, yaml.ScalarEvent) and start is not None and end is not None:
            for number in range(start.line, end.line + 1):
                first = start.column if number == start.line else 0
                last = end.column if number == end.line else len(lines[number]) + 1
                inside.setdefault(number, []).append((first, last))
    found = []
    for number, line in enumerate(lines):
        for column, char in enumerate(line):
            if char != "#" or any(a <= column < b for a, b in inside.get(number, [])):
                continue
            if column == 0 or line[column - 1] in " \t":
                found.append(line[column:].rstrip())
                break
    return found


@settings(
    max_examples=LIFECYCLE_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
    derandomize="QPLAN_FUZZ_EXAMPLES" not in os.environ,
)
@given(mutated(COMMENTED + VALID_TEXTS), st.sampled_from(["done", "recognise", "undo", "replan"]), st.data())
def test_mutated_plans_through_the_lifecycle(tmp_path_factory, text: bytes, command: str, data) -> None:  # type: ignore[no-untyped-def]
    import re

    ids = re.findall(rb"id: ([A-Za-z0-9]+)", text) or [b"M01"]
    module = data.draw(st.sampled_from(sorted(set(ids)))).decode()
    args = {
        "done": ("done", module),
        "recognise": ("recognise", module, "--reason", "Nachweis"),
        "undo": ("undo", module),
        "replan": ("replan",),
    }[command]
    path = tmp_path_factory.mktemp("life") / "plan.yaml"
    path.write_bytes(text)
    result = run_cli(args[0], str(path), *args[1:])
    event(f"{command}: exit {result.code}")  # shown by --hypothesis-show-statistics
    assert result.code in (0, 1, 2), (args, result.stderr)
    assert "Interner Fehler" not in result.stderr, (args, result.stderr)
    after = path.read_bytes()
    if result.code != 0:
        assert after == text, args
        return
    if after == text:
        return
    before_comments = comments_of(text.decode("utf-8-sig"))
    after_comments = comments_of(after.decode("utf-8"))
    missing = [c for c in before_comments if c not in after_comments]
    assert not missing, (args, missing)
