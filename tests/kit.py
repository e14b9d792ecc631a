"""The test kit: the fixed day, the paths, and the three ways to run qplan.

- `run_cli` runs the real entry point in this process: the default, fast.
- `run_process` runs `python -m qplan` in its own process, for what only a process shows:
  signals, pipes, the exit code of the process itself, special files that could hang it
  (bounded by `timeout`), start-up imports.
- `run_installed` runs the installed `qplan` executable (the console script); at least one
  test per command goes through it (tests/acceptance/test_installed.py).
- `run_on_terminal` runs qplan on a pseudo-terminal and types the answers.
- `data_kept_in_memory` keeps the data files qplan reads from its cache decoded between the
  in-process runs of a test with hundreds of commands.
- `khal_calendar` sets up the calendar program khal with one calendar, to import `.ics` files.
- `print_to_pdf` prints an HTML page through headless Chromium; `pdf_info`, `pdf_text` and
  `pdf_words` read the PDF back with poppler's tools.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

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


@contextlib.contextmanager
def data_kept_in_memory() -> Iterator[None]:
    """While inside: a cache entry (catalogue, providers, funding rules) read once is kept
    decoded in this process and handed out again for the same key; a new one is kept here
    instead of being written to the cache folder.

    A process running one command reads each entry once; the scenario tests run hundreds of
    commands in one process and would decode and re-check the same entries for each (a third
    of their time). The key is a hash of the file's bytes and of qplan's models, and the
    values (frozen dataclasses; plain dicts are not kept) cannot change, so a kept value is the
    one a fresh read would give. Not for tests of the cache itself (it hides a damaged entry).
    """
    from qplan.loading import cache

    read, write = cache.load, cache.store
    kept: dict[tuple[str, type[object]], object] = {}

    def load(key: str, expected: type[object], check: Callable[[Any], bool] | None = None) -> object | None:
        if expected is dict:  # a plain dict (a schema, the holidays) could be changed by its reader
            return read(key, expected, check)
        if (key, expected) not in kept:
            value = read(key, expected, check)
            if value is None:
                return None
            kept[key, expected] = value
        return kept[key, expected]

    def store(key: str, value: object) -> None:
        if isinstance(value, dict):
            write(key, value)
        else:  # kept here only: encoding it for the disk took a tenth of the offer scenarios
            kept[key, type(value)] = value

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache, "load", load)
        patch.setattr(cache, "store", store)
        yield


def process_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a qplan process: today fixed, no colour, plus `env`."""
    return {**os.environ, "QPLAN_TODAY": TODAY.isoformat(), "NO_COLOR": "1", **(env or {})}


def run_process(*args: str, env: dict[str, str] | None = None, timeout: float = 60, stdin: str | None = None) -> Result:
    """`python -m qplan …` in its own process (the checkout's qplan), bounded in time: a hang
    fails the test instead of stopping the suite."""
    return _run([sys.executable, "-m", "qplan", *args], env, ROOT, timeout, stdin)


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
    return _run([installed_qplan(), *args], env, cwd, timeout, None)


def _run(argv: list[str], env: dict[str, str] | None, cwd: Path | None, timeout: float, stdin: str | None) -> Result:
    done = subprocess.run(
        argv,
        capture_output=True,
        text=True,
        input=stdin,
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


A4 = (595.28, 841.89)  # portrait, in points
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]


def tool(name: str) -> str:
    """The path of an installed tool; a test without it is skipped (failed on CI)."""
    found = shutil.which(name)
    if found is None:
        message = f"{name} fehlt; .ci/run installiert chromium und poppler-utils aus Debians Paketen."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def print_to_pdf(html: Path) -> Path:
    """Print `html` through headless Chromium to the PDF beside it (same name, `.pdf`); the
    browser's profile goes into the same folder."""
    chromium = tool("chromium")
    tool("pdftotext")
    pdf = html.with_suffix(".pdf")
    done = subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={html.parent / 'profile'}",
            f"--print-to-pdf={pdf}",
            html.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert pdf.exists(), done.stderr[-2000:]
    return pdf


@dataclass(frozen=True)
class PdfInfo:
    width: float  # the page size in points
    height: float
    pages: int


def pdf_info(pdf: Path) -> PdfInfo:
    """The page size and page count that `pdfinfo` reports."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    pages = re.search(r"Pages:\s+(\d+)", info)
    assert size is not None and pages is not None, info
    return PdfInfo(float(size.group(1)), float(size.group(2)), int(pages.group(1)))


def pdf_text(pdf: Path, layout: bool = True) -> str:
    """The text of `pdf` as `pdftotext` reads it (pages separated by form feeds)."""
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def pdf_words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Every page's words with their boxes (x min, y min, x max, y max, text) in points."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [
        [(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in WORD.findall(page)]
        for page in boxes.split("<page ")[1:]
    ]


def khal_binary() -> str:
    """The calendar program khal (a test extra); a test without it is skipped (failed on CI)."""
    found = shutil.which("khal") or str(Path(sys.executable).parent / "khal")
    if not Path(found).exists():
        if os.environ.get("CI"):
            pytest.fail("khal fehlt in CI; es kommt mit den Test-Extras (pip install '.[test]').")
        pytest.skip("khal ist nicht installiert (pip install '.[test]').")
    return found


@dataclass(frozen=True)
class Khal:
    binary: str
    vdir: Path  # the calendar's folder: one .ics file per imported event
    env: dict[str, str]  # the environment to run `binary` in (its configuration, Europe/Berlin)


def khal_calendar(folder: Path, calendar: str) -> Khal:
    """khal with the one calendar `calendar` in `folder`/kalender, configured in `folder`/config
    (German date formats, Europe/Berlin) and its data in `folder`/data."""
    binary = khal_binary()
    vdir = folder / "kalender"
    vdir.mkdir()
    config = folder / "config"
    (config / "khal").mkdir(parents=True)
    (config / "khal" / "config").write_text(
        f"[calendars]\n[[{calendar}]]\npath = {vdir}\n\n[locale]\ntimeformat = %H:%M\ndateformat = %d.%m.%Y\n"
        "longdateformat = %d.%m.%Y\ndatetimeformat = %d.%m.%Y %H:%M\nlongdatetimeformat = %d.%m.%Y %H:%M\n"
        "default_timezone = Europe/Berlin\nlocal_timezone = Europe/Berlin\n",
        encoding="utf-8",
    )
    env = dict(os.environ, XDG_CONFIG_HOME=str(config), XDG_DATA_HOME=str(folder / "data"), TZ="Europe/Berlin")
    return Khal(binary, vdir, env)


def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder for this test (`QPLAN_CACHE_DIR`), no entry refused before."""
    from qplan.loading import cache

    target = tmp_path / "cache"
    monkeypatch.setenv("QPLAN_CACHE_DIR", str(target))
    cache._refused.clear()
    return target
