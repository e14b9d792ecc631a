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

import pytest

from tests.conftest import ROOT

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


def qplan(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QPLAN_TODAY="2026-11-25", NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "qplan", *args], capture_output=True, text=True, env=env, check=False, **kwargs
    )  # type: ignore[call-overload]


@pytest.mark.parametrize("output", ["text", "json", "github"])
def test_pool_report_equals_one_process(corpus: Path, output: str) -> None:
    one = qplan("check", str(corpus), "--format", output, "--jobs", "1")
    pooled = qplan("check", str(corpus), "--format", output, "--jobs", "2")
    assert one.returncode == pooled.returncode == 1
    assert pooled.stdout == one.stdout
    assert pooled.stderr == one.stderr
    if output == "json":
        data = json.loads(pooled.stdout)
        assert data["summary"]["files"] == len(list(corpus.rglob("*.y*ml")))


def test_json_report_is_the_same_document_as_one_dump(corpus: Path) -> None:
    text = qplan("check", str(corpus / "batch00"), "--format", "json").stdout
    data = json.loads(text)
    assert list(data) == ["files", "ok", "summary"]
    assert text == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_a_folder_without_plan_files_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keine Pläne")
    for folder in (tmp_path, tmp_path / "empty"):
        folder.mkdir(exist_ok=True)
        result = qplan("check", str(folder), "--format", "json")
        assert result.returncode == 2 and result.stdout == ""
        assert "Keine Plan-Dateien gefunden" in result.stderr


def test_ctrl_c_ends_the_workers(tmp_path: Path) -> None:
    source = (EXAMPLES / "valid" / "beide-kombiniert.yaml").read_text()
    for number in range(15000):
        (tmp_path / f"p{number:05d}.yaml").write_text(source)
    env = dict(os.environ, QPLAN_TODAY="2026-11-25", NO_COLOR="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "qplan", "check", str(tmp_path), "--jobs", "2", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
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
