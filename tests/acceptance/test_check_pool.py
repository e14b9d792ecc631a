"""`qplan check` over a process pool: same report, same exit code, clean Ctrl-C (issue 9)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.kit import ROOT, run_process

EXAMPLES = ROOT / "tests" / "examples"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every example 15 times over, valid and invalid, in nested folders."""
    folder = tmp_path_factory.mktemp("corpus")
    sources = sorted(EXAMPLES.rglob("*.y*ml"))
    for copy in range(15):
        target = folder / f"batch{copy:02d}"
        target.mkdir()
        for source in sources:
            shutil.copy(source, target / f"{source.parent.name}-{source.name}")
    return folder


@pytest.mark.parametrize("output", ["text", "json", "github"])
def test_pool_report_equals_one_process(corpus: Path, output: str) -> None:
    one = run_process("check", str(corpus), "--format", output, "--jobs", "1")
    pooled = run_process("check", str(corpus), "--format", output, "--jobs", "2")
    assert one.code == pooled.code == 1
    assert pooled.stdout == one.stdout
    assert pooled.stderr == one.stderr
    if output == "json":
        data = json.loads(pooled.stdout)
        assert data["summary"]["files"] == len(list(corpus.rglob("*.y*ml")))


def test_json_report_is_compact_one_file_a_line(corpus: Path) -> None:
    text = run_process("check", str(corpus / "batch00"), "--format", "json").stdout
    data = json.loads(text)
    assert list(data) == ["files", "ok", "summary"]
    lines = text.splitlines()
    assert lines[0] == '{"files":['
    compact = [json.dumps(entry, ensure_ascii=False, separators=(",", ":")) for entry in data["files"]]
    assert lines[1:-1] == [line + "," for line in compact[:-1]] + [compact[-1]]
    ending = {"ok": data["ok"], "summary": data["summary"]}
    assert lines[-1] == "]," + json.dumps(ending, separators=(",", ":"))[1:]


@pytest.mark.parametrize("option", ["--indent", "--json"])
def test_indented_json_is_the_same_document_as_one_dump(corpus: Path, option: str) -> None:
    args = ["--format", "json", "--indent"] if option == "--indent" else ["--json"]
    text = run_process("check", str(corpus / "batch00"), *args).stdout
    data = json.loads(text)
    assert text == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_a_folder_without_plan_files_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keine Pläne")
    for folder in (tmp_path, tmp_path / "empty"):
        folder.mkdir(exist_ok=True)
        result = run_process("check", str(folder), "--format", "json")
        assert result.code == 2 and result.stdout == ""
        assert "Keine Plan-Dateien gefunden" in result.stderr


def _many(folder: Path, numbers: range) -> Path:
    source = (EXAMPLES / "valid" / "beide-kombiniert.yaml").read_text()
    broken = (EXAMPLES / "invalid" / "qp304-wochenende.yaml").read_text()
    folder.mkdir()
    for number in numbers:
        (folder / f"p{number:05d}.yaml").write_text(broken if number % 10 == 0 else source)
    return folder


HALF = 2500  # about 2 s of checking on two cores


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """5,000 plan files (every tenth with an error), 2,500 of them in `erste`: written once for
    the module (writing them takes seconds); no test changes them."""
    folder = tmp_path_factory.mktemp("many")
    _many(folder / "erste", range(HALF))
    _many(folder / "zweite", range(HALF, 2 * HALF))
    return folder


def _start(out: Path, *args: str) -> subprocess.Popen[str]:
    """qplan in its own process group, stdout to `out`; returns once the report has begun."""
    env = dict(os.environ, QPLAN_TODAY="2026-11-25", NO_COLOR="1")
    with out.open("w") as stdout:
        proc = subprocess.Popen(
            [sys.executable, "-m", "qplan", *args],
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            start_new_session=True,
        )
    while out.stat().st_size == 0 and proc.poll() is None:  # the report has begun: the pool is at work
        time.sleep(0.01)
    return proc


def _workers(pid: int) -> list[int]:
    """The pool's worker processes: children of `pid` that run qplan (not a resource tracker)."""
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False).stdout.split()
    workers = []
    for child in found:
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"resource_tracker" not in command and b"forkserver" not in command:
            workers.append(int(child))
    return workers


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_during_json_leaves_a_whole_document(tmp_path: Path, many: Path, jobs: str) -> None:
    out = tmp_path / "out.json"
    proc = _start(out, "check", str(many), "--jobs", jobs, "--format", "json", "--no-cache")
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal sends it: to the whole process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "Abgebrochen." in err and "Traceback" not in err
    data = json.loads(out.read_text())
    assert data["abgebrochen"] is True and data["ok"] is False
    assert 0 < data["summary"]["files"] == len(data["files"]) < 5000
    time.sleep(0.2)
    survivors = subprocess.run(["pgrep", "-g", str(proc.pid)], capture_output=True, text=True, check=False)
    assert survivors.stdout.strip() == ""


def test_a_killed_worker_does_not_hang_the_batch(tmp_path: Path, many: Path) -> None:
    count = HALF  # the kill after 0.3 s lands mid-batch
    out = tmp_path / "out.json"
    proc = _start(out, "check", str(many / "erste"), "--jobs", "2", "--format", "json", "--no-cache")
    workers: list[int] = []
    while not workers and proc.poll() is None:
        workers = _workers(proc.pid)
    assert workers
    time.sleep(0.3)  # the workers are at work
    os.kill(workers[0], signal.SIGKILL)  # as the OOM killer would
    try:
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert "Traceback" not in err
    data = json.loads(out.read_text())
    assert len(data["files"]) == data["summary"]["files"] == count  # every file reported, in order
    assert [Path(f["path"]).name for f in data["files"]] == [f"p{n:05d}.yaml" for n in range(count)]
    if "noch einmal geprüft" in err:  # the worker died while it had files: they were checked again
        assert proc.returncode == 1
        assert all(f["findings"] == [] or f["findings"][0]["code"] != "QP004" for f in data["files"])
    else:  # it had finished its share before the kill reached it
        assert proc.returncode == 1


LETHAL = "# this file kills its worker\n"


def _dies_on_lethal(items: list[Any]) -> list[Any]:
    """The pool's work, except that a worker dies (as by the OOM killer) on a lethal file."""
    from qplan.run import check

    for item in items:
        if isinstance(item, str) and Path(item).read_text().endswith(LETHAL):
            os.kill(os.getpid(), signal.SIGKILL)
    return check._check_chunk_unpatched(items)  # type: ignore[attr-defined,no-any-return]


def test_files_lost_twice_are_named_and_exit_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file whose worker dies every time: its chunk is named, the rest is checked, exit 3."""
    from qplan.run import check
    from tests.conftest import run_cli

    source = (EXAMPLES / "valid" / "beide-kombiniert.yaml").read_text()
    for number in range(700):
        (tmp_path / f"p{number:03d}.yaml").write_text(source + (LETHAL if number == 450 else ""))
    monkeypatch.setattr(check, "_check_chunk_unpatched", check._check_chunk, raising=False)
    monkeypatch.setattr(check, "_check_chunk", _dies_on_lethal)  # the forked workers inherit it
    result = run_cli("check", str(tmp_path), "--jobs", "2", "--format", "json", "--no-cache")
    assert result.code == 3, result.stderr
    data = json.loads(result.stdout)
    assert [Path(f["path"]).name for f in data["files"]] == [f"p{n:03d}.yaml" for n in range(700)]
    lost = [Path(f["path"]).name for f in data["files"] if f["findings"] and f["findings"][0]["code"] == "QP004"]
    assert "p450.yaml" in lost and len(lost) < 700
    assert all("zweimal unerwartet beendet" in f["findings"][0]["message"] for f in data["files"] if f["findings"])
    assert "noch einmal geprüft" in result.stderr
    assert f"Fehler: {len(lost)} Datei(en) nicht geprüft" in result.stderr


def test_workers_that_die_again_and_again_end_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qplan.run import check
    from tests.conftest import run_cli

    source = (EXAMPLES / "valid" / "beide-kombiniert.yaml").read_text()
    for number in range(2000):
        (tmp_path / f"p{number:04d}.yaml").write_text(source + LETHAL)
    monkeypatch.setattr(check, "_check_chunk_unpatched", check._check_chunk, raising=False)
    monkeypatch.setattr(check, "_check_chunk", _dies_on_lethal)
    result = run_cli("check", str(tmp_path), "--jobs", "2", "--format", "json", "--no-cache")
    assert result.code == 3
    data = json.loads(result.stdout)
    assert data["abgebrochen"] is True and data["ok"] is False
    assert "Die Prüfung ist abgebrochen" in result.stderr


@pytest.mark.parametrize("jobs", ["0", "-3", "10000"])
def test_absurd_jobs_are_a_usage_error(tmp_path: Path, jobs: str) -> None:
    from tests.conftest import run_cli

    plan = tmp_path / "plan.yaml"
    plan.write_text((EXAMPLES / "valid" / "beide-kombiniert.yaml").read_text())
    result = run_cli("check", str(plan), f"--jobs={jobs}")
    assert result.code == 2 and result.stdout == ""
    assert f"--jobs {jobs}: erlaubt sind 1 bis 256 Prozesse" in result.stderr


def test_jobs_are_capped_at_the_files_and_the_cores() -> None:
    from datetime import date

    from qplan.models.requests import CheckRequest
    from qplan.run.check import CHUNK, jobs_for, max_jobs

    def request(jobs: int | None) -> CheckRequest:
        return CheckRequest(paths=("plaene",), today=date(2026, 11, 25), jobs=jobs)

    assert jobs_for(request(64), files=3) == 1  # one chunk of files: one process
    assert jobs_for(request(64), files=CHUNK * 3) == 3
    assert jobs_for(request(256), files=None) == max_jobs()
    assert jobs_for(request(2), files=None) == min(2, max_jobs())
