"""`qplan check` over a process pool: same report, same exit code, clean Ctrl-C (issue 9).

The pooled runs and Ctrl-C are real processes (the pool and the signal are what is tested);
the one-process reference and the usage errors run in-process."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.kit import EXAMPLES, installed_qplan, process_env, run_cli, run_process


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every example 4 times over (more than two chunks of the pool), valid and invalid, in
    nested folders."""
    folder = tmp_path_factory.mktemp("corpus")
    sources = sorted(EXAMPLES.rglob("*.y*ml"))
    for copy in range(4):
        target = folder / f"batch{copy:02d}"
        target.mkdir()
        for source in sources:
            shutil.copy(source, target / f"{source.parent.name}-{source.name}")
    return folder


@pytest.mark.parametrize("output", ["text", "json", "github"])
def test_pool_report_equals_one_process(corpus: Path, output: str) -> None:
    one = run_cli("check", str(corpus), "--format", output, "--jobs", "1")
    pooled = run_process("check", str(corpus), "--format", output, "--jobs", "2")
    assert one.code == pooled.code == 1
    assert pooled.stdout == one.stdout
    assert pooled.stderr == one.stderr
    if output == "json":
        data = json.loads(pooled.stdout)
        assert data["summary"]["files"] == len(list(corpus.rglob("*.y*ml")))


def test_json_report_is_the_same_document_as_one_dump(corpus: Path) -> None:
    text = run_cli("check", str(corpus / "batch00"), "--format", "json").stdout
    data = json.loads(text)
    assert list(data) == ["files", "ok", "summary"]
    assert text == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_a_folder_without_plan_files_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keine Pläne")
    for folder in (tmp_path, tmp_path / "empty"):
        folder.mkdir(exist_ok=True)
        result = run_cli("check", str(folder), "--format", "json")
        assert result.code == 2 and result.stdout == ""
        assert "Keine Plan-Dateien gefunden" in result.stderr


def test_ctrl_c_ends_the_workers(tmp_path: Path) -> None:
    # 4,000 plans (seconds of work for two workers), as hard links: no disk to wait for.
    source = tmp_path / "p00000.yaml"
    source.write_bytes((EXAMPLES / "valid" / "beide-kombiniert.yaml").read_bytes())
    for number in range(1, 4000):
        os.link(source, tmp_path / f"p{number:05d}.yaml")
    proc = subprocess.Popen(
        [installed_qplan(), "check", str(tmp_path), "--jobs", "2", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=process_env(),
        start_new_session=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().startswith("{")  # the report has begun: the pool is at work
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal sends it: to the whole process group
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "Abgebrochen." in err and "Traceback" not in err
    time.sleep(0.2)
    survivors = subprocess.run(["pgrep", "-g", str(proc.pid)], capture_output=True, text=True, check=False)
    assert survivors.stdout.strip() == ""
