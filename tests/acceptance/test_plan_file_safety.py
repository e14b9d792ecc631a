"""The learner's plan file under concurrent and hostile edits (issue 20): one lock per file
however it is reached, a bounded wait, no anchors written, every file the reader accepts
changeable, every comment kept, odd places refused with exit 2."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli

QPLAN = shutil.which("qplan", path=str(Path(sys.executable).parent)) or "qplan"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "real" / "plan.yaml"
    path.parent.mkdir()
    result = run_cli("plan", "--format", "basis", "--field", "koordination", "--start", "2026-12", "--out", str(path))
    assert result.code == 0, result.stderr
    return path


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "QPLAN_TODAY": "2026-11-25", "NO_COLOR": "1", **extra}


# 1. Lock what is written


# One process per module: done through one link, undo through the other, done again, each a
# command through qplan's entry point (one start-up per process instead of three).
_CHANGES = """
import sys
from qplan.cli.app import main

first, second, module = sys.argv[1:]
for args in (["done", first, module, "--yes"], ["undo", second, module], ["done", first, module, "--yes"]):
    try:
        main(args)
    except SystemExit as exc:
        if exc.code:
            raise
"""


def test_changes_through_two_symlinks_in_different_folders_lose_nothing(plan: Path, tmp_path: Path) -> None:
    links = []
    for name in ("shared", "mine"):
        (tmp_path / name).mkdir()
        link = tmp_path / name / "plan.yaml"
        link.symlink_to(plan)
        links.append(link)
    modules = ["M01", "M02", "M03", "M05", "M06", "M07"]  # 18 changes, as in the report
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _CHANGES, str(links[n % 2]), str(links[(n + 1) % 2]), mid],
            env=_env(QPLAN_LOCK_WAIT="120"),  # six processes queue on a busy machine
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, mid in enumerate(modules)
    ]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    assert all(link.is_symlink() for link in links)
    text = plan.read_text(encoding="utf-8")
    entries = text.split("  - id: ")[1:]
    done = sorted(entry.split()[0] for entry in entries if "done: true" in entry)
    assert done == sorted(modules)


def test_a_held_lock_ends_in_exit_2_naming_the_holder(plan: Path, tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    link = tmp_path / "other" / "plan.yaml"
    link.symlink_to(plan)
    before = plan.read_bytes()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, sys, time\n"
            f"f = open({str(plan)!r})\nfcntl.flock(f, fcntl.LOCK_EX)\nprint('held', flush=True)\ntime.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        result = subprocess.run(
            [QPLAN, "done", str(link), "M01", "--yes"],
            env=_env(QPLAN_LOCK_WAIT="1"),
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()
    assert result.returncode == 2, result.stderr
    assert f"Prozess {holder.pid}" in result.stderr and "1 s Warten aufgegeben" in result.stderr
    assert "Traceback" not in result.stderr
    assert plan.read_bytes() == before


def test_the_lock_is_released_after_a_change(plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QPLAN_LOCK_WAIT", "0")
    assert run_cli("done", str(plan), "M01", "--yes").code == 0
    assert run_cli("undo", str(plan), "M01").code == 0


# 2. No anchors or aliases


def test_one_date_for_several_modules_is_written_each_time(plan: Path) -> None:
    # a date after the plan's start and not after today (issue 19 refuses others)
    result = run_cli("done", str(plan), "M01", "M03", "M02", "--date", "2027-01-20", env={"QPLAN_TODAY": "2027-02-01"})
    assert result.code == 0, result.stderr
    text = plan.read_text(encoding="utf-8")
    assert not re.search(r"[&*]id\d", text), text
    assert text.count("done_on: 2027-01-20\n") == 3


# 3. Every file the reader accepts


def test_a_tab_after_a_value_is_read(plan: Path) -> None:
    text = plan.read_text(encoding="utf-8")
    text = text.replace("date: 2027-02-01\n", "date: 2027-02-01\t\n", 1).replace(
        "format: basis\n", "format: basis\t# Format\tmit Tab\n", 1
    )
    plan.write_text(text, encoding="utf-8")
    assert run_cli("check", str(plan)).code == 0
    assert run_cli("done", str(plan), "M01", "--yes").code == 0
    assert "    date: 2027-02-01\n" in plan.read_text(encoding="utf-8")
    for args in (("recognise", "M02", "--reason", "Nachweis"), ("undo", "M01"), ("replan",)):
        result = run_cli(args[0], str(plan), *args[1:])
        assert result.code == 0, (args, result.stderr)
    written = plan.read_text(encoding="utf-8")
    assert "# Format\tmit Tab" in written


def test_odd_scalars_are_read_as_the_reader_reads_them(plan: Path) -> None:
    text = plan.read_text(encoding="utf-8")
    text = text.replace("format: basis\n", "format: basis\nlearner: .nan\n", 1).replace(
        "  - id: M05 ", "  - id: .nan ", 1
    )
    plan.write_text(text, encoding="utf-8")
    for args in (("replan",), ("done", "M01", "--yes"), ("undo", "M01")):
        result = run_cli(args[0], str(plan), *args[1:])
        # 1: the write gate names the rules an unknown module breaks (the file is kept)
        assert result.code in (0, 1, 2), (args, result.stderr)
        assert "Interner Fehler" not in result.stderr
    assert "learner: .nan" in plan.read_text(encoding="utf-8")


@pytest.mark.parametrize("value", ["12", "true", "[M01]"])
def test_ids_that_are_not_text_are_exit_2(plan: Path, value: str) -> None:
    text = plan.read_text(encoding="utf-8").replace("  - id: M05 ", f"  - id: {value} ", 1)
    plan.write_text(text, encoding="utf-8")
    for args in (("done", "M01", "--yes"), ("replan",)):
        result = run_cli(args[0], str(plan), *args[1:])
        assert result.code == 2 and "Interner Fehler" not in result.stderr, (args, result.stderr)
    assert plan.read_text(encoding="utf-8") == text


def test_undo_keeps_the_comments_of_removed_keys(plan: Path) -> None:
    assert run_cli("done", str(plan), "M01", "M14", "--yes").code == 0
    text = plan.read_text(encoding="utf-8")
    first = text.index("done: true", text.index("id: M01"))
    text = text[:first] + "done: true  # am Ende geschafft\n    # Bescheinigung im Ordner" + text[first + 10 :]
    text = text.rstrip("\n") + "  # letzte Zeile\n# Ende der Datei\n"
    plan.write_text(text, encoding="utf-8")
    result = run_cli("undo", str(plan), "M01", "M14")
    assert result.code == 0, result.stderr
    written = plan.read_text(encoding="utf-8")
    for comment in ("# am Ende geschafft", "# Bescheinigung im Ordner", "# letzte Zeile", "# Ende der Datei"):
        assert comment in written, written
    assert written.rstrip("\n").endswith("# Ende der Datei")
    assert "done_on" not in written


def test_a_closing_comment_stays_last_when_a_key_is_added(plan: Path) -> None:
    text = plan.read_text(encoding="utf-8").rstrip("\n") + "\n# Ende der Datei\n"
    plan.write_text(text, encoding="utf-8")
    assert run_cli("done", str(plan), "M14", "--yes").code == 0
    assert plan.read_text(encoding="utf-8").rstrip("\n").endswith("# Ende der Datei")


# 6. Odd places


def test_a_read_only_file_system_does_not_suggest_chmod(plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import qplan.fsio as fsio

    real = os.statvfs

    class ReadOnly:
        def __init__(self, result: os.statvfs_result) -> None:
            self.f_flag = result.f_flag | os.ST_RDONLY

    monkeypatch.setattr(fsio.os, "statvfs", lambda path: ReadOnly(real(path)))
    before = plan.read_bytes()
    result = run_cli("done", str(plan), "M01", "--yes")
    assert result.code == 2 and "nur lesbar" in result.stderr and "chmod" not in result.stderr
    assert plan.read_bytes() == before


def test_a_folder_that_can_be_written_but_not_listed(plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`done` needs no listing: in a folder with `-wx` it changes the file. As root, for
    whom permissions do not apply, opening or listing the folder fails as it would."""
    folder = plan.parent
    refused = PermissionError(13, "Permission denied")
    real_open, real_scandir, real_listdir = os.open, os.scandir, os.listdir

    def opened(path, flags, *args):  # type: ignore[no-untyped-def]
        if Path(path) == folder:
            raise refused
        return real_open(path, flags, *args)

    def scandir(path="."):  # type: ignore[no-untyped-def]
        if Path(path) == folder:
            raise refused
        return real_scandir(path)

    def listdir(path="."):  # type: ignore[no-untyped-def]
        if Path(path) == folder:
            raise refused
        return real_listdir(path)

    monkeypatch.setattr(os, "open", opened)
    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "listdir", listdir)
    os.chmod(folder, 0o300)
    try:
        result = run_cli("done", str(plan), "M01", "--yes")
    finally:
        os.chmod(folder, 0o700)
    assert result.code == 0, result.stderr
    assert "done: true" in plan.read_text(encoding="utf-8")


def test_waiting_is_bounded_by_the_environment(plan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    monkeypatch.setenv("QPLAN_LOCK_WAIT", "0.2")
    with plan.open() as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = run_cli("undo", str(plan), "M01")
    assert result.code == 2 and "0,2 s Warten aufgegeben" in result.stderr
