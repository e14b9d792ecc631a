"""`check` and the data files' checks as `execute(request) -> outcome` in `qplan.run`,
called directly (no CLI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qplan.errors import Reason, RequestError, UsageError
from qplan.models.requests import CheckRequest
from tests.kit import CATALOG_PATH, EXAMPLES, TODAY

VALID = str(EXAMPLES / "valid" / "koordination-unterwegs.yaml")
HOLIDAY = str(EXAMPLES / "invalid" / "qp309-feiertag.yaml")


def _check(*paths: str, **options: object) -> CheckRequest:
    return CheckRequest(paths=paths, today=TODAY, catalog=str(CATALOG_PATH), use_cache=False, **options)  # type: ignore[arg-type]


def test_check_streams_results_and_counts_them() -> None:
    from qplan.run.check_command import execute

    run = execute(_check(VALID, HOLIDAY))
    results = list(run.results())
    assert [r.path for r in results] == [VALID, HOLIDAY]
    assert "QP309" in {f.code for f in results[1].findings}
    outcome = run.outcome()
    assert outcome.tally.files == 2 and outcome.tally.files_with_errors == 1 and not outcome.tally.ok
    assert outcome.unchecked == 0 and outcome.breaks is None


def test_check_stops_after_the_file_when_asked() -> None:
    from qplan.run.check_command import execute

    run = execute(_check(VALID, HOLIDAY, VALID))
    assert len(list(run.results(stop=lambda: True))) == 1
    assert run.outcome().tally.files == 1


def test_check_refuses_before_any_result(tmp_path: Path) -> None:
    from qplan.run.check_command import execute

    with pytest.raises(RequestError) as unknown:
        execute(_check(VALID, select=("QX9",)))
    assert unknown.value.reason is Reason.UNKNOWN_RULE and unknown.value.ids == ("QX9",)
    with pytest.raises(RequestError) as jobs:
        execute(_check(VALID, jobs=0))
    assert jobs.value.reason is Reason.OUT_OF_RANGE and jobs.value.option == "jobs"
    with pytest.raises(UsageError, match="nur einmal"):
        execute(_check("-", "-"))
    with pytest.raises(UsageError, match="Keine Plan-Dateien gefunden"):
        execute(_check(str(tmp_path)))
    with pytest.raises(UsageError, match="Pfad nicht gefunden"):
        execute(_check(str(tmp_path / "fehlt.yaml")))


def test_schema_names_the_catalogues_modules() -> None:
    from qplan.models.requests import DataFiles, SchemaRequest
    from qplan.run.schema import execute

    found = execute(SchemaRequest(DataFiles(catalog=str(CATALOG_PATH))))
    assert "M01" in found.module_ids and "V01" in found.module_ids
    assert {"format", "modules"} <= set(found.schema["properties"])


@pytest.mark.parametrize(
    ("kind", "count"),
    [("catalog", lambda v: len(v.modules)), ("providers", lambda v: len(v.offers)), ("funding", lambda v: v.share)],
)
def test_a_data_file_of_the_run_checks_clean(kind: str, count: object) -> None:
    from qplan.models.requests import DataCheckRequest, DataFiles
    from qplan.run.datacheck import execute

    report = execute(DataCheckRequest(kind, None, DataFiles(catalog=str(CATALOG_PATH))))  # type: ignore[arg-type]
    assert report.ok and report.usable and count(report.value)  # type: ignore[operator]


def test_a_data_file_named_is_checked_and_its_problems_placed(tmp_path: Path) -> None:
    from qplan.models.requests import DataCheckRequest
    from qplan.run.datacheck import execute

    broken = tmp_path / "funding.yaml"
    broken.write_text("share: 2\n", encoding="utf-8")
    report = execute(DataCheckRequest("funding", str(broken)))
    assert report.label == str(broken) and not report.ok
    assert report.findings and all(f.line is not None for f in report.findings)
    wrong = tmp_path / "katalog.yaml"
    wrong.write_text("providers: []\noffers: []\n", encoding="utf-8")
    unusable = execute(DataCheckRequest("catalog", str(wrong)))
    assert not unusable.usable
    assert unusable.findings[0].message.endswith(
        "eine Anbieterdatei, nicht wie ein Katalog; sie passt zu: qplan providers check DATEI."
    )


def test_an_internal_error_mid_report_still_ends_the_json_document(monkeypatch: pytest.MonkeyPatch) -> None:
    """Exit 3 (an internal error, no traceback), and a script still reads a whole document,
    marked as cut short, with the files reported before the error."""
    import json

    from qplan.run import check
    from tests.kit import run_cli

    take = check.Batch._take
    calls: list[int] = []

    def failing(self: check.Batch, *args: object) -> object:
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("kaputt")
        return take(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(check.Batch, "_take", failing)
    result = run_cli("check", str(EXAMPLES / "valid"), "--format", "json", "--jobs", "1", "--no-cache")
    assert result.code == 3
    assert "Traceback" not in result.stderr and "Interner Fehler" in result.stderr
    data = json.loads(result.stdout)
    assert data["abgebrochen"] is True and data["ok"] is False
    assert len(data["files"]) == data["summary"]["files"] == 2
