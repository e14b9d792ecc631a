"""Fuzzing the inputs (issue 10): mutated plans, catalogues and providers files never make
qplan crash, hang or lose a position.

Bounded for the normal test run; `QPLAN_FUZZ_EXAMPLES=20000 pytest tests/unit/test_fuzz.py`
runs the long version (README, „Tests“).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
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
    from qplan.run.check import Checker, CheckRequest
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
