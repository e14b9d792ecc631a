"""Atomic writes: never overwrite unasked, keep the mode, follow symlinks."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from qplan.errors import UserError
from qplan.fsio import write_atomic


def test_new_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    write_atomic(target, b"a: 1\n")
    assert target.read_bytes() == b"a: 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_bytes(b"mine\n")
    with pytest.raises(UserError) as refused:
        write_atomic(target, b"new\n")
    assert target.read_bytes() == b"mine\n"
    from qplan.cli.choices import explain
    from qplan.errors import Reason, RequestError

    assert isinstance(refused.value, RequestError) and refused.value.reason is Reason.FILE_EXISTS
    assert explain(refused.value) == f"{target}: Die Datei gibt es schon; mit --force wird sie überschrieben."


def test_overwrite_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_bytes(b"old\n")
    os.chmod(target, 0o640)
    write_atomic(target, b"new\n", overwrite=True)
    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_symlink_is_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_bytes(b"old\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_atomic(link, b"new\n", overwrite=True)
    assert link.is_symlink() and real.read_bytes() == b"new\n"


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="gibt es nicht"):
        write_atomic(tmp_path / "nope" / "plan.yaml", b"x")


# Hostile filesystems (issue 10): special files, races, full disks.


def test_fifo_is_refused_and_kept(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(UserError, match="keine gewöhnliche Datei"):
        write_atomic(fifo, b"x\n", overwrite=True)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.yaml"]


def test_device_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="keine gewöhnliche Datei"):
        write_atomic(Path("/dev/null"), b"x\n", overwrite=True)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "plan.yaml"
    link.symlink_to("/dev/null")
    with pytest.raises(UserError, match="keine gewöhnliche Datei"):
        write_atomic(link, b"x\n", overwrite=True)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="Ordner"):
        write_atomic(tmp_path, b"x\n", overwrite=True)


def test_link_is_replaced_not_followed_without_follow(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious\n")
    entry = tmp_path / "entry.json"
    entry.symlink_to(victim)
    write_atomic(entry, b"cache\n", overwrite=True, follow_symlinks=False)
    assert victim.read_bytes() == b"precious\n"
    assert not entry.is_symlink() and entry.read_bytes() == b"cache\n"


def test_exclusive_create_under_concurrency(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    target = tmp_path / "same.yaml"

    def attempt(number: int) -> bool:
        try:
            write_atomic(target, f"writer {number}\n".encode())
        except UserError:
            return False
        return True

    for _round in range(5):
        target.unlink(missing_ok=True)
        with ThreadPoolExecutor(20) as pool:
            wins = list(pool.map(attempt, range(20)))
        assert wins.count(True) == 1
        assert target.read_text().startswith("writer ")
        assert [p.name for p in tmp_path.iterdir()] == ["same.yaml"]


def test_full_disk_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    target = tmp_path / "plan.yaml"
    target.write_bytes(b"old\n")

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(UserError, match="Kein Platz auf dem Datenträger"):
        write_atomic(target, b"new\n", overwrite=True)
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


def test_file_size_limit_in_a_real_process(tmp_path: Path) -> None:
    import subprocess
    import sys

    target = tmp_path / "plan.yaml"
    target.write_bytes(b"old\n")
    script = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))\n"
        "from pathlib import Path\n"
        "from qplan.errors import UserError\n"
        "from qplan.fsio import write_atomic\n"
        "try:\n"
        "    write_atomic(Path(sys.argv[1]), b'x' * 100000, overwrite=True)\n"
        "except UserError as exc:\n"
        "    print(exc.message)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(target)], capture_output=True, text=True, check=True)
    assert "Kein Platz" in done.stdout
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


def test_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import tempfile

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(UserError, match="Keine Schreibrechte"):
        write_atomic(tmp_path / "plan.yaml", b"x\n")


def test_stale_temporary_files_are_removed(tmp_path: Path) -> None:
    import time

    stale = tmp_path / ".plan.yaml.abc123.tmp"
    stale.write_bytes(b"half")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    fresh = tmp_path / ".plan.yaml.def456.tmp"  # perhaps another writer's, right now
    fresh.write_bytes(b"busy")
    write_atomic(tmp_path / "plan.yaml", b"x\n")
    assert not stale.exists() and fresh.exists()


# Issue 20: the lock of a change is on the file itself.


def test_a_waiter_locks_the_file_that_replaced_the_one_it_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl
    import threading
    import time

    from qplan.fsio import locked

    monkeypatch.setenv("QPLAN_LOCK_WAIT", "30")
    target = tmp_path / "plan.yaml"
    target.write_bytes(b"old\n")
    order: list[str] = []
    waiter = threading.Thread(target=lambda: _lock_and_note(target, order))
    with locked(target):  # the first writer holds the old file
        waiter.start()
        time.sleep(0.2)  # the waiter now polls the old file
        write_atomic(target, b"new\n", overwrite=True)
        third = os.open(target, os.O_RDONLY)
        fcntl.flock(third, fcntl.LOCK_EX)  # a third process got the new file first
    time.sleep(0.3)  # the old file is free: a waiter that kept it would note itself now
    order.append("third done")
    os.close(third)
    waiter.join(30)
    assert order == ["third done", "waiter"]


def _lock_and_note(path: Path, order: list[str]) -> None:
    from qplan.fsio import locked

    with locked(path):
        order.append("waiter")


def test_not_writable_names_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qplan.fsio import not_writable

    target = tmp_path / "plan.yaml"
    target.write_bytes(b"x\n")
    assert not_writable(target) is None
    os.chmod(target, 0o444)
    assert "chmod u+w" in (not_writable(target) or "")
    real = os.statvfs

    class ReadOnly:
        def __init__(self, result: os.statvfs_result) -> None:
            self.f_flag = result.f_flag | os.ST_RDONLY

    monkeypatch.setattr(os, "statvfs", lambda path: ReadOnly(real(path)))
    message = not_writable(target) or ""
    assert "nur lesbar" in message and "chmod" not in message


def test_a_folder_is_named_a_folder_when_locked(tmp_path: Path) -> None:
    from qplan.fsio import locked

    folder = tmp_path / "plan.yaml"
    folder.mkdir()
    with pytest.raises(UserError, match="Das ist ein Ordner, keine Plan-Datei"), locked(folder):
        pass
