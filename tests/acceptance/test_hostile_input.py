"""Hostile input and hostile filesystems (issue 10): never a traceback, never a hang,
never code run, never a file lost. Each test names the point of the issue it guards.

In-process where a wrong answer is a plain failure; in its own process (bounded in time)
where a regression would hang the test run or fill its memory: special files, and the pipe."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.kit import CATALOG_PATH, ROOT, Result, installed_qplan, process_env, run_cli, run_process

EXAMPLES = ROOT / "tests" / "examples"
VALID = EXAMPLES / "valid" / "koordination-drei-veranstaltungen.yaml"
WITH_OFFERS = EXAMPLES / "valid" / "koordination-mit-angeboten.yaml"
PROVIDERS = ROOT / "data" / "providers.yaml"


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.code in (0, 1, 2), (result.code, result.stderr)


# 2. --out onto a device or folder


def test_plan_out_to_a_device_is_refused() -> None:
    result = run_cli("plan", "--format", "einfuehrung", "--out", "/dev/null", "--force")
    assert result.code == 2 and "keine gewöhnliche Datei" in result.stderr
    assert not Path("/dev/null").is_file()


def test_plan_out_to_a_folder_is_refused(tmp_path: Path) -> None:
    for extra in ((), ("--force",)):
        result = run_cli("plan", "--format", "einfuehrung", "--out", str(tmp_path), *extra)
        no_traceback(result)
        assert result.code == 2 and "Ordner" in result.stderr


# 4. Numbers beyond any sense


@pytest.mark.parametrize("digits", [25, 400, 4301, 5000])
def test_huge_integer_in_a_plan(tmp_path: Path, digits: int) -> None:
    text = VALID.read_text().replace("wst: 6", "wst: " + "9" * digits, 1)
    path = tmp_path / "plan.yaml"
    path.write_text(text)
    result = run_cli("check", str(path), "--format", "json")
    no_traceback(result)
    finding = json.loads(result.stdout)["files"][0]["findings"][0]
    assert finding["code"] == "QP002" and finding["line"] is not None
    assert "zu groß" in finding["message"] or "höchstens" in finding["message"]


def test_huge_minutes_in_the_catalogue(tmp_path: Path) -> None:
    text = CATALOG_PATH.read_text().replace("minutes: 45", "minutes: " + "4" * 400, 1)
    assert "4" * 400 in text
    path = tmp_path / "modules.yaml"
    path.write_text(text)
    checked = run_cli("catalog", "check", str(path))
    no_traceback(checked)
    assert checked.code == 2 and "QP002" in checked.stderr and "zu groß" in checked.stderr
    planned = run_cli("--catalog", str(path), "plan", "--format", "einfuehrung")
    no_traceback(planned)
    assert planned.code == 2


# 5. Dates at the edge


def test_far_start_in_a_plan(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(VALID.read_text().replace("start: 2027-03-01", "start: 9999-12-31"))
    result = run_cli("check", str(path))
    no_traceback(result)
    assert result.code == 1 and "zwischen 2000 und 2100" in result.stdout


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("plan", "--format", "einfuehrung", "--start", "9999-12"), {}),
        (("plan", "--format", "einfuehrung"), {"QPLAN_TODAY": "9999-12-31"}),
        (("plan", "--format", "einfuehrung"), {"QPLAN_TODAY": "20270301"}),  # 11b: one form only
    ],
)
def test_far_or_malformed_dates_are_usage_errors(args: tuple[str, ...], env: dict[str, str]) -> None:
    result = run_cli(*args, env=env)
    no_traceback(result)
    assert result.code == 2 and "Fehler:" in result.stderr


def test_far_until_in_export(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    import re

    text, count = re.subn(r"until: \d{4}-\d{2}-\d{2}", "until: 9999-12-31", WITH_OFFERS.read_text(), count=1)
    assert count == 1
    path.write_text(text)
    result = run_cli("--providers", str(PROVIDERS), "export", str(path), "--ics", "-")
    no_traceback(result)
    assert result.code == 2


# 6. One crashing file does not end the batch


def test_one_crashing_file_is_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import qplan.run.check as check

    real = check.evaluate

    def flaky(doc, *args, **kwargs):  # type: ignore[no-untyped-def]
        if doc.learner == "Absturz":
            raise ZeroDivisionError("planted")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(check, "evaluate", flaky)
    (tmp_path / "a.yaml").write_text(VALID.read_text())
    (tmp_path / "b.yaml").write_text(VALID.read_text().replace("format: basis", "format: basis\nlearner: Absturz"))
    (tmp_path / "c.yaml").write_text(VALID.read_text())
    result = run_cli("check", str(tmp_path), "--format", "json")
    assert result.code == 1
    files = json.loads(result.stdout)["files"]
    assert [Path(f["path"]).name for f in files] == ["a.yaml", "b.yaml", "c.yaml"]
    (crash,) = files[1]["findings"]
    assert (
        crash["code"] == "QP004" and "Interner Fehler" in crash["message"] and "ZeroDivisionError" in crash["message"]
    )


# 7. Special and oversized files as input


@pytest.mark.parametrize(
    "args",
    [
        ("check", "{fifo}"),
        ("show", "{fifo}"),
        ("--catalog", "{fifo}", "plan", "--format", "einfuehrung"),
        ("--providers", "{fifo}", "plan", "--format", "basis", "--field", "beide", "--offers"),
        ("catalog", "check", "{fifo}"),
    ],
    ids=["check", "show", "catalog", "providers", "catalog-check"],
)
def test_fifo_as_plan_catalogue_or_providers(tmp_path: Path, args: tuple[str, ...]) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = run_process(*(a.replace("{fifo}", str(fifo)) for a in args), timeout=20)
    no_traceback(result)
    assert result.code in (1, 2)
    assert "keine gewöhnliche Datei" in result.stderr + result.stdout


def test_dev_zero_as_catalogue() -> None:
    result = run_process("plan", "--format", "einfuehrung", env={"QPLAN_CATALOG": "/dev/zero"}, timeout=20)
    no_traceback(result)
    assert result.code == 2


def test_sparse_huge_catalogue_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "modules.yaml"
    with path.open("wb") as handle:
        handle.truncate(2 << 30)  # 2 GiB of nothing, on disk almost nothing
    result = run_process("--catalog", str(path), "plan", "--format", "einfuehrung", timeout=20)
    no_traceback(result)
    assert result.code == 2 and "größer als" in result.stderr


# 8. Folders with links, unreadable parts, long paths


def test_self_referencing_link_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_text(VALID.read_text())
    (tmp_path / "x.yaml").symlink_to(tmp_path / "x.yaml")
    result = run_cli("check", str(tmp_path))
    no_traceback(result)
    assert result.code == 1 and "x.yaml" in result.stdout and "im Kreis" in result.stdout


def test_unreadable_subfolder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import qplan.run.check as check

    (tmp_path / "ok.yaml").write_text(VALID.read_text())
    (tmp_path / "secret").mkdir()
    real = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if str(path).endswith("secret"):  # as root, permissions cannot make it unreadable
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(check.os, "scandir", scandir)
    result = run_cli("check", str(tmp_path))
    assert result.code == 1
    assert "secret" in result.stdout and "kann nicht gelesen werden" in result.stdout


def test_path_longer_than_path_max(tmp_path: Path) -> None:
    long = str(tmp_path) + ("/" + "a" * 200) * 25 + "/plan.yaml"
    result = run_cli("check", long)
    no_traceback(result)
    assert result.code in (1, 2)


# 10. Write errors


def test_write_into_a_missing_folder(tmp_path: Path) -> None:
    result = run_cli("plan", "--format", "einfuehrung", "--out", str(tmp_path / "nope" / "p.yaml"))
    no_traceback(result)
    assert result.code == 2 and "gibt es nicht" in result.stderr


# 11a. A crash is exit 3, never 1


def test_internal_error_is_exit_3(monkeypatch: pytest.MonkeyPatch) -> None:
    import qplan.run.plan as run_plan

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("planted")

    monkeypatch.setattr(run_plan, "plan", broken)
    result = run_cli("plan", "--format", "einfuehrung")
    assert result.code == 3
    assert result.stderr.startswith("Interner Fehler: RuntimeError: planted; bitte melden")
    assert "Traceback" not in result.stderr
    monkeypatch.setenv("QPLAN_DEBUG", "1")
    assert "Traceback" in run_cli("plan", "--format", "einfuehrung").stderr


# 12./13. One reader, positions as an editor counts them


def test_very_long_key_has_a_position(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(VALID.read_text().replace("field:", "k" * 1100 + ": 1\nfield:", 1))
    result = run_cli("check", str(path), "--format", "json")
    no_traceback(result)
    (finding,) = json.loads(result.stdout)["files"][0]["findings"][:1]
    assert finding["code"] in ("QP001", "QP002") and finding["line"] is not None


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x85", "\x9b", "\u2028", "\ufffe"])
def test_refused_characters_have_line_and_column(tmp_path: Path, char: str) -> None:
    path = tmp_path / "plan.yaml"
    lines = VALID.read_text().splitlines(keepends=True)
    lines[5] = lines[5].rstrip("\n") + f"  # Notiz{char}x\n"
    path.write_text("".join(lines), encoding="utf-8")
    result = run_cli("check", str(path), "--format", "json")
    no_traceback(result)
    (finding,) = json.loads(result.stdout)["files"][0]["findings"]
    assert finding["code"] == "QP001" and finding["line"] == 6
    assert finding["column"] == len(lines[5].split(char)[0]) + 1
    assert f"U+{ord(char):04X}" in finding["message"]


# 15. An offer that lists a module twice


def test_offer_with_a_module_twice(tmp_path: Path) -> None:
    text = PROVIDERS.read_text()
    start = text.index("modules: [", text.index("id: A00001"))
    end = text.index("]", start)
    first = text[start + len("modules: [") : end].split(",")[0].strip()
    broken = text[:start] + f"modules: [{first}, {first}]" + text[end + 1 :]
    path = tmp_path / "providers.yaml"
    path.write_text(broken)
    checked = run_cli("--providers", str(path), "providers", "--check")
    no_traceback(checked)
    assert checked.code == 1 and "QA103" in checked.stderr and "zweimal" in checked.stderr
    planned = run_cli("--providers", str(path), "plan", "--format", "basis", "--field", "koordination", "--offers")
    no_traceback(planned)
    assert planned.code == 2


# 16. Markdown export escapes what could be HTML or markup


def test_markdown_export_escapes_html(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(
        VALID.read_text().replace("format: basis", 'format: basis\nlearner: "<img src=x onerror=alert(1)>"')
    )
    result = run_cli("export", str(path), "--markdown", "-")
    no_traceback(result)
    assert "<img" not in result.stdout and "&lt;img src=x onerror=alert(1)&gt;" in result.stdout


# The promise as a whole: a broken pipe is no error


def test_broken_pipe_is_exit_0() -> None:
    status = subprocess.run(
        f"set -o pipefail; {installed_qplan()} providers | head -1",
        shell=True,
        capture_output=True,
        text=True,
        env=process_env(),
        executable="/bin/bash",
        check=False,
    )
    assert status.stdout and status.returncode == 0  # pipefail: qplan's own exit code
    assert "Traceback" not in status.stderr and "Broken pipe" not in status.stderr
