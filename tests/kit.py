"""The test kit: the fixed day, the paths, and the three ways to run qplan.

- `run_cli` runs the real entry point in this process: the default, fast.
- `run_process` runs `python -m qplan` in its own process, for what only a process shows:
  signals, pipes, the exit code of the process itself, special files that could hang it
  (bounded by `timeout`), start-up imports.
- `run_installed` runs the installed `qplan` executable (the console script); at least one
  test per command goes through it (tests/acceptance/test_installed.py).
- `run_on_terminal` runs qplan on a pseudo-terminal and types the answers.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOG_PATH = ROOT / "data" / "modules.yaml"
PROVIDERS_PATH = ROOT / "data" / "providers.yaml"
EXAMPLES = ROOT / "tests" / "examples"
TODAY = date(2026, 11, 25)  # every test's "today" (QPLAN_TODAY), so that plans do not age


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> Result:
    """Run qplan's real entry point in-process, as a user would call it; `env` is set for the
    call only (e.g. {"QPLAN_TODAY": "2027-03-01"})."""
    from qplan.cli.app import main

    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    old_env = {name: os.environ.get(name) for name in env or {}}
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    os.environ.update(env or {})
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(list(args))
            except SystemExit as exc:
                code = int(exc.code or 0)
    finally:
        sys.stdin = old_stdin
        for name, value in old_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return Result(code, out.getvalue(), err.getvalue())


def process_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a qplan process: today fixed, no colour, plus `env`."""
    return {**os.environ, "QPLAN_TODAY": TODAY.isoformat(), "NO_COLOR": "1", **(env or {})}


def run_process(*args: str, env: dict[str, str] | None = None, timeout: float = 60, stdin: str | None = None) -> Result:
    """`python -m qplan …` in its own process (the checkout's qplan), bounded in time: a hang
    fails the test instead of stopping the suite."""
    done = subprocess.run(
        [sys.executable, "-m", "qplan", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=process_env(env),
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def installed_qplan() -> str:
    """The `qplan` executable installed beside this Python (pip install '.[test]')."""
    beside = Path(sys.executable).with_name("qplan")
    found = str(beside) if beside.exists() else shutil.which("qplan")
    assert found, "qplan ist nicht installiert: python -m pip install '.[test]'"
    return found


def run_installed(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 60
) -> Result:
    """The installed `qplan` command, as a user calls it from a shell."""
    done = subprocess.run(
        [installed_qplan(), *args],
        capture_output=True,
        text=True,
        env=process_env(env),
        cwd=cwd,
        timeout=timeout,
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


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
        os.environ.setdefault("QPLAN_TODAY", TODAY.isoformat())
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
