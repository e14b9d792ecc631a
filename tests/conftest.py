from __future__ import annotations

import contextlib
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOG_PATH = ROOT / "data" / "modules.yaml"
TODAY = "2026-11-25"


@pytest.fixture(autouse=True, scope="session")
def _environment(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["QPLAN_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    os.environ["QPLAN_TODAY"] = TODAY
    os.environ.pop("QPLAN_CATALOG", None)
    os.environ.pop("QPLAN_PROVIDERS", None)
    os.environ["NO_COLOR"] = "1"


@pytest.fixture(scope="session")
def catalog():  # type: ignore[no-untyped-def]
    from qplan.run.data import load_catalog as load

    return load(str(CATALOG_PATH))


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str, stdin: str = "") -> Result:
    """Run qplan's real entry point in-process, as a user would call it."""
    from qplan.cli.app import main

    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(list(args))
            except SystemExit as exc:
                code = int(exc.code or 0)
    finally:
        sys.stdin = old_stdin
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli():  # type: ignore[no-untyped-def]
    return run_cli
