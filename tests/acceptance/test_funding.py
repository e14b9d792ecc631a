"""`qplan funding PLAN` and `qplan funding report`: the subsidy, computed here independently
from the test rules (50 %, at most 300 € per participation) and the test providers file."""

from __future__ import annotations

import hashlib
import json
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from tests.kit import ROOT, run_cli, run_installed

DATA = ROOT / "tests" / "data" / "funding"
PROVIDERS = ["--providers", str(DATA / "providers.yaml")]
RULES = ["--funding", str(DATA / "rules.yaml")]
SHARE, CAP = Fraction(50, 100), Fraction(300)
PLANS = ("anna.yaml", "ben.yaml", "cem.yaml", "ohne-buchung.yaml")


def offers() -> dict[str, dict[str, object]]:
    data = yaml.safe_load((DATA / "providers.yaml").read_text(encoding="utf-8"))
    return {o["id"]: o for o in data["offers"]}


def expected_subsidy(plan: Path, year: int | None = None) -> Fraction:
    """Σ over the plan's funded bookings of min(cost · share, cap), one booking per offer."""
    known = offers()
    booked = {
        entry["offer"] for entry in yaml.safe_load(plan.read_text(encoding="utf-8"))["modules"] if "offer" in entry
    }
    total = Fraction(0)
    for offer_id in booked:
        offer = known[offer_id]
        first = str((offer.get("dates") or [offer.get("start")])[0])
        if offer["funded"] and (year is None or first.startswith(str(year))):
            total += min(Fraction(offer["cost_eur"]) * SHARE, CAP)
    return total


def summary(plan: Path, *extra: str) -> dict[str, object]:
    result = run_cli(*PROVIDERS, *RULES, "funding", str(plan), "--json", *extra)
    assert result.code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize("name", PLANS)
def test_subsidy_is_the_sum_of_capped_shares_and_the_plan_is_untouched(name: str) -> None:
    plan = DATA / name
    before = hashlib.sha256(plan.read_bytes()).hexdigest()
    data = summary(plan)
    assert Fraction(str(data["subsidy_eur"])) == expected_subsidy(plan)
    cost = sum(Fraction(str(b["cost_eur"])) for b in data["bookings"])  # type: ignore[attr-defined]
    assert Fraction(str(data["own_share_eur"])) == cost - expected_subsidy(plan)
    assert hashlib.sha256(plan.read_bytes()).hexdigest() == before


def test_every_reason_is_given() -> None:
    data = summary(DATA / "anna.yaml")
    reasons = {b["offer"]: (b["reason"], b["subsidy_eur"]) for b in data["bookings"]}  # type: ignore[attr-defined]
    assert reasons == {
        "T1": ("eligible", 160),
        "T3": ("eligible", 47.5),
        "T6": ("free", 0),
        "T2": ("capped", 300),
        "T7": ("eligible", 100),
        "T4": ("not_funded", 0),
    }
    text = run_cli(*PROVIDERS, *RULES, "funding", str(DATA / "anna.yaml"), env={"COLUMNS": "200"})
    assert text.code == 0
    for words in (
        "förderfähig: 50 % von 900 € = 450 €, begrenzt auf 300 € je Teilnahme",
        "nicht förderfähig: das Angebot ist laut Anbieterdatei nicht gefördert",
        "kostenfrei: nichts zu fördern",
        "47,50 €",
        "Kosten gesamt: 1.915 € · Förderung: 607,50 € · Eigenanteil: 1.307,50 €",
        "Antrag an: Förderstelle (fiktiv)",
    ):
        assert words in text.stdout, words


def test_a_plan_without_bookings() -> None:
    result = run_cli(*PROVIDERS, *RULES, "funding", str(DATA / "ohne-buchung.yaml"))
    assert result.code == 0 and "keine Buchungen" in result.stdout and "Förderung: 0 €" in result.stdout
    data = summary(DATA / "ohne-buchung.yaml")
    assert data["bookings"] == [] and data["subsidy_eur"] == 0


def test_setting_and_target_group_not_eligible(tmp_path: Path) -> None:
    rules = tmp_path / "regeln.yaml"
    text = (DATA / "rules.yaml").read_text(encoding="utf-8")
    rules.write_text(text.replace("eligible: [inhouse, regional, zentral]", "eligible: [regional, zentral]"))
    result = run_cli(*PROVIDERS, "--funding", str(rules), "funding", str(DATA / "cem.yaml"), "--json")
    data = json.loads(result.stdout)
    assert [b["reason"] for b in data["bookings"]] == ["setting"] and data["subsidy_eur"] == 0


def test_an_unknown_offer_is_named_at_its_line(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text((DATA / "ben.yaml").read_text(encoding="utf-8").replace("offer: T3", "offer: X9"))
    result = run_cli(*PROVIDERS, *RULES, "funding", str(plan))
    assert result.code == 1
    assert f"{plan}:8:" in result.stderr and "Angebot „X9“" in result.stderr and "(QP401)" in result.stderr
    assert "Angebot unbekannt" in result.stdout


def test_bad_plan_is_exit_2(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("format: basis\nmodules: [{id: M01, done: no}]\n", encoding="utf-8")
    result = run_cli(*PROVIDERS, *RULES, "funding", str(plan))
    assert result.code == 2 and f"{plan}:2:" in result.stderr
    assert run_cli("funding", str(tmp_path / "fehlt.yaml")).code == 2


def report(*paths: str, extra: tuple[str, ...] = ()) -> tuple[int, dict[str, object], str]:
    result = run_cli(*PROVIDERS, *RULES, "funding", "report", *paths, "--year", "2027", "--json", *extra)
    return result.code, json.loads(result.stdout), result.stderr


def test_report_total_is_the_sum_of_the_plans(tmp_path: Path) -> None:
    code, data, _ = report(str(DATA))
    assert code == 0
    plans = [DATA / n for n in PLANS]
    assert Fraction(str(data["subsidy_eur"])) == sum(expected_subsidy(p, 2027) for p in plans)
    assert data["plans"] == 4 and data["plans_with_bookings"] == 3
    # T1 twice, T2, T3 twice, T4, T5, T6; T7 starts in 2028
    assert data["participations"] == 8
    assert data["budget_eur"] == 1000 and data["over_budget"] is False
    regions = {g["key"]: g for g in data["by_region"]}  # type: ignore[attr-defined]
    assert set(regions) == {"stuttgart", "freiburg"} and regions["freiburg"]["participations"] == 3
    assert data["by_target_group"] == [
        {"key": "nicht angegeben", "participations": 8, "wst": data["wst"], "subsidy_eur": data["subsidy_eur"]}
    ]
    # Counts only: no learner's name anywhere in the report.
    result = run_cli(*PROVIDERS, *RULES, "funding", "report", str(DATA), "--year", "2027")
    assert result.code == 0 and "Karlsruhe" not in result.stdout
    for name in ("Anna", "Ben", "Cem", "Beispiel", "Muster", "Probe"):
        assert name not in result.stdout + result.stderr


def test_report_applies_the_cap_per_inhouse_event_and_the_budget(tmp_path: Path) -> None:
    for number in range(4):  # four participants of the in-house event T5: 4 × 125 € > 400 €
        shutil.copy(DATA / "cem.yaml", tmp_path / f"teilnehmer-{number}.yaml")
    code, data, _ = report(str(tmp_path))
    assert code == 0 and data["requested_eur"] == 500 and data["inhouse_reduction_eur"] == 100
    assert data["subsidy_eur"] == 400
    for number in range(4, 12):
        shutil.copy(DATA / "anna.yaml", tmp_path / f"plan-{number}.yaml")
    code, data, stderr = report(str(tmp_path), extra=("--strict",))
    assert data["over_budget"] is True and code == 1 and "überschritten" in stderr
    assert report(str(tmp_path))[0] == 0  # without --strict: a report, not a verdict


def test_report_counts_and_lists_failed_files(tmp_path: Path) -> None:
    shutil.copy(DATA / "ben.yaml", tmp_path / "ben.yaml")
    (tmp_path / "kaputt.yaml").write_text("format: basis\nmodules: [\n", encoding="utf-8")
    code, data, stderr = report(str(tmp_path))
    assert code == 0 and data["plans"] == 1
    assert [f["path"] for f in data["failed"]] == [str(tmp_path / "kaputt.yaml")]  # type: ignore[attr-defined]
    assert f"{tmp_path / 'kaputt.yaml'}:" in stderr and "nicht verwendbar" in stderr


def test_report_usage_errors(tmp_path: Path) -> None:
    assert run_cli("funding", "report", str(tmp_path), "--year", "2027").code == 2  # no plan files
    assert run_cli("funding", "report", str(DATA), "--year", "1999").code == 2
    assert run_cli("funding", "report", str(DATA)).code == 2  # --year is required


def test_funding_commands_through_the_installed_executable() -> None:
    done = run_installed(*PROVIDERS, *RULES, "funding", str(DATA / "ben.yaml"), env={"COLUMNS": "80"})
    assert done.code == 0, done.stderr
    assert "Förderung: 207,50 €" in done.stdout and all(len(line) <= 80 for line in done.stdout.splitlines())
    done = run_installed(*PROVIDERS, *RULES, "funding", "report", str(DATA), "--year", "2027", env={"COLUMNS": "80"})
    assert done.code == 0 and "Förderjahr 2027" in done.stdout
    assert all(len(line) <= 80 for line in done.stdout.splitlines())
    done = run_installed("funding", "check")
    assert done.code == 0 and "Förderregeln stimmig" in done.stderr


def test_report_over_a_large_batch_uses_the_pool_and_agrees(tmp_path: Path) -> None:
    from qplan.run.check import IN_PROCESS_UP_TO

    for number in range(IN_PROCESS_UP_TO + 1):
        shutil.copy(DATA / "ben.yaml", tmp_path / f"p{number:04d}.yaml")
    code, data, _ = report(str(tmp_path))
    assert code == 0 and data["plans"] == IN_PROCESS_UP_TO + 1
    per_plan = expected_subsidy(DATA / "ben.yaml", 2027)
    assert Fraction(str(data["subsidy_eur"])) == per_plan * (IN_PROCESS_UP_TO + 1)
