"""Output that keeps its facts at any width (issue 13): at 60, 80, 100 and 120 columns every
date, place and id of the data appears in full, nothing is cut with „…“, and piped output
has no trailing spaces."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from qplan.dates import german
from tests.kit import ROOT, run_cli

WIDTHS = [60, 80, 100, 120]
EXAMPLE = ROOT / "tests" / "examples" / "valid" / "koordination-mit-angeboten.yaml"


def at(width: int, monkeypatch: pytest.MonkeyPatch, *args: str) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    result = run_cli(*args)
    assert result.code in (0, 1), result.stderr
    text = result.stdout
    assert "…" not in text
    assert all(line == line.rstrip(" ") for line in text.splitlines())
    assert max(len(line) for line in text.splitlines()) <= width
    return text


def plan_facts(data: dict[str, object]) -> list[str]:
    facts = []
    for module in data["modules"]:  # type: ignore[union-attr]
        facts.append(module["id"])
        for key in ("date", "until"):
            if module.get(key):
                facts.append(german(date.fromisoformat(module[key])))
        for key in ("offer", "location"):
            if module.get(key):
                facts.append(module[key])
    return facts


OFFERS_PLAN = ("plan", "--format", "basis", "--field", "beide", "--start", "2027-03", "--offers")


@pytest.fixture(scope="module")
def offers_facts() -> list[str]:
    """The facts of the plan with offers, from its JSON (solved once for every width)."""
    return plan_facts(json.loads(run_cli(*OFFERS_PLAN, "--json").stdout))


@pytest.mark.parametrize("width", WIDTHS)
def test_plan_with_offers(width: int, monkeypatch: pytest.MonkeyPatch, offers_facts: list[str]) -> None:
    text = at(width, monkeypatch, *OFFERS_PLAN)
    for fact in offers_facts:
        assert fact in text, (width, fact)


@pytest.mark.parametrize("width", WIDTHS)
def test_show(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    text = at(width, monkeypatch, "show", str(EXAMPLE))
    data = json.loads(run_cli("show", str(EXAMPLE), "--json").stdout)
    for fact in plan_facts(data):
        assert fact in text, (width, fact)


@pytest.mark.parametrize("width", WIDTHS)
def test_providers(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    text = at(width, monkeypatch, "providers", "--module", "M12")
    data = json.loads(run_cli("providers", "--module", "M12", "--json").stdout)
    for offer in data["offers"]:
        assert offer["id"] in text and offer["location"] in text
        days = [*(offer.get("dates") or [offer["start"], offer["until"]]), offer.get("registration_deadline")]
        for day in filter(None, days):
            assert german(date.fromisoformat(day)) in text, (width, day)


@pytest.mark.parametrize("width", WIDTHS)
def test_catalog(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    text = at(width, monkeypatch, "catalog")
    for module in json.loads(run_cli("catalog", "--json").stdout)["modules"]:
        assert module["id"] in text


@pytest.mark.parametrize("width", WIDTHS)
def test_compare(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    text = at(width, monkeypatch, "compare")
    assert "Koordination" in text and "beide Felder" in text


def test_a_wide_terminal_gets_a_table(monkeypatch: pytest.MonkeyPatch) -> None:
    text = at(100, monkeypatch, "plan", "--format", "basis", "--field", "koordination", "--start", "2027-03")
    assert "┃ Zeitraum" in text


@pytest.mark.parametrize("width", [50, *WIDTHS])
def test_profile(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    path = ROOT / "tests" / "examples" / "valid" / "koordination-mit-angeboten.yaml"
    text = at(width, monkeypatch, "profile", str(path))
    for competence in json.loads(run_cli("profile", str(path), "--json").stdout)["competences"]:
        assert f"{competence['id']} " in text
        # the description is all there, folded at spaces
        assert competence["text"] in " ".join(line.strip() for line in text.splitlines()), competence["id"]


def words(text: str) -> set[str]:
    """The words of an output, with table borders and padding taken away."""
    return set(re.split(r"[\s│┃║┆|]+", text))


@pytest.fixture(scope="module")
def titles() -> dict[str, str]:
    return {m["id"]: m["title"] for m in json.loads(run_cli("catalog", "--json").stdout)["modules"]}


TABLES = [
    ("plan", "--format", "basis", "--field", "koordination", "--start", "2027-01"),
    ("plan", "--format", "basis", "--field", "beide", "--start", "2027-03", "--offers"),
    ("plan", "--format", "vertiefung", "--module", "V01", "--module", "V04", "--start", "2027-03"),
    ("show", str(EXAMPLE)),
    ("catalog",),
    ("catalog", "--area", "LB1"),
    ("catalog", "--area", "LB3"),
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", TABLES, ids=" ".join)
def test_no_word_is_cut(
    width: int, args: tuple[str, ...], titles: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every title of a module the output names appears with all its words whole."""
    text = at(width, monkeypatch, *args)
    present = words(text)
    shown = [mid for mid in titles if mid in present]
    assert shown, args
    for mid in shown:
        cut = [word for word in titles[mid].split() if word not in present]
        assert cut == [], (width, mid, cut)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", [("providers", "--module", "M12"), ("compare",), ("rules", "QP103")], ids=" ".join)
def test_nothing_is_cut_elsewhere(width: int, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    at(width, monkeypatch, *args)  # no „…“, no line wider than the width


@pytest.mark.parametrize("width", WIDTHS)
def test_rules_cut_no_word(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    text = at(width, monkeypatch, "rules")
    present = words(text)
    data = json.loads(run_cli("rules", "--json").stdout)
    for rule in [*data["rules"], *data["catalog_rules"]]:
        cut = [word for word in rule["summary"].split() if word not in present]
        assert cut == [], (width, rule["code"], cut)


def test_piped_output_is_80_columns_unless_columns_says_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    text = run_cli("catalog").stdout
    assert max(len(line) for line in text.splitlines()) <= 80
    monkeypatch.setenv("COLUMNS", "140")
    wide = run_cli("catalog").stdout
    assert max(len(line) for line in wide.splitlines()) > 80


@pytest.mark.parametrize("width", WIDTHS)
def test_failed_checks_cut_no_word(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(ROOT / "tests" / "examples" / "invalid" / "qp304-wochenende.yaml")
    text = at(width, monkeypatch, "show", path)
    present = words(text)
    failed = [c for c in json.loads(run_cli("show", path, "--json").stdout)["checks"] if not c["ok"]]
    summaries = {r["code"]: r["summary"] for r in json.loads(run_cli("rules", "--json").stdout)["rules"]}
    assert failed
    for check in failed:
        cut = [word for word in summaries[check["code"]].split() if word not in present]
        assert cut == [], (width, check["code"], cut)
