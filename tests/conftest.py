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
    os.environ.pop("QPLAN_FUNDING", None)
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


def run_on_terminal(
    args: list[str], answers: bytes = b"", env: dict[str, str] | None = None, columns: int | None = None
) -> tuple[str, int]:
    """Run qplan on a pseudo-terminal, type `answers`, return the screen and the exit code."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # the child: qplan itself
        os.environ.pop("COLUMNS", None)
        os.environ.pop("NO_COLOR", None)
        os.environ.update(env or {})
        os.environ.setdefault("QPLAN_TODAY", TODAY)
        os.execv(sys.executable, [sys.executable, "-m", "qplan", *args])
    if columns is not None:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    if answers:
        os.write(fd, answers)
    output = b""
    while True:
        ready, _, _ = select.select([fd], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    return output.decode("utf-8", "replace").replace("\r\n", "\n"), os.waitstatus_to_exitcode(status)
