"""Writing files without losing them: temporary file in the same folder, then `os.replace`.

Only regular files are written: a FIFO, a device, a socket or a folder at the target is
refused (as root, replacing `/dev/null` with a plan must be impossible). Without
`overwrite` the finished file is linked into place exclusively, so of several writers
exactly one wins and nothing that exists is ever replaced. A symlink is followed for a
user's own file and never for the cache (`follow_symlinks=False` replaces the link itself).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from qplan.errors import Reason, RequestError, UserError

STALE_SECONDS = 3600  # a temporary file this old was left by a killed writer
LOCK_WAIT_ENV = "QPLAN_LOCK_WAIT"  # seconds to wait for another process's lock (tests set it lower)
LOCK_WAIT_SECONDS = 5.0  # longer than any change qplan makes; short enough not to look hung


class FileExistsUserError(RequestError):
    """The target exists and the user did not ask to overwrite it (the CLI says how to)."""

    def __init__(self, path: Path) -> None:
        super().__init__(Reason.FILE_EXISTS, ids=[str(path)])
        self.path = path


def write_atomic(
    path: Path,
    data: bytes,
    *,
    overwrite: bool = False,
    default_mode: int = 0o644,
    follow_symlinks: bool = True,
) -> None:
    """Write `data` to `path` atomically; an existing file is replaced only with `overwrite`.

    The mode of an existing file is kept; a new file gets `default_mode` less the umask.
    """
    target = Path(os.path.realpath(path)) if follow_symlinks else Path(os.path.abspath(path))
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise UserError(f"{path}: {describe_os_error(exc)}") from None
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise UserError(f"{path}: Das ist ein Ordner; bitte einen Dateinamen angeben (z. B. {path}/plan.yaml).")
        if not stat.S_ISREG(info.st_mode) and not (stat.S_ISLNK(info.st_mode) and not follow_symlinks):
            raise UserError(
                f"{path}: Das ist keine gewöhnliche Datei (sondern z. B. ein Gerät oder eine Pipe); "
                "qplan schreibt nur gewöhnliche Dateien. Bitte einen anderen Namen wählen."
            )
        if not overwrite:
            raise FileExistsUserError(path)
    mode = stat.S_IMODE(info.st_mode) if info is not None and stat.S_ISREG(info.st_mode) else default_mode & ~_umask()
    if not target.parent.is_dir():
        raise UserError(f"{path}: Den Ordner {target.parent} gibt es nicht.")
    _remove_stale(target)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise UserError(f"{path}: {describe_os_error(exc, target.parent)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if overwrite:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)  # fails if anything appeared at the target meanwhile
            except FileExistsError:
                raise FileExistsUserError(path) from None
            os.unlink(tmp)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise UserError(f"{path}: {describe_os_error(exc, target.parent)}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def not_writable(path: Path) -> str | None:
    """Why the file `path` names cannot be changed in place (a German sentence), or None."""
    target = Path(os.path.realpath(path))
    try:
        if os.statvfs(target).f_flag & getattr(os, "ST_RDONLY", 1):
            return (
                "Das Dateisystem ist nur lesbar (schreibgeschützt eingehängt); die Datei bleibt unverändert. "
                "Zum Ändern die Datei an einen beschreibbaren Ort kopieren."
            )
        mode = os.stat(target).st_mode
    except OSError as exc:
        return describe_os_error(exc)
    # A file without any write bit was made read-only on purpose: respected even for root.
    if not mode & 0o222 or not os.access(target, os.W_OK):
        return "Die Datei ist schreibgeschützt; sie bleibt unverändert (freigeben: chmod u+w)."
    if not os.access(target.parent, os.W_OK | os.X_OK):
        return f"Keine Schreibrechte für den Ordner {target.parent}; die Datei bleibt unverändert."
    return None


def describe_os_error(exc: OSError, folder: Path | None = None) -> str:
    """A German sentence for a failed write."""
    where = f" für {folder}" if folder is not None else ""
    if exc.errno == errno.ENOSPC or exc.errno == errno.EFBIG or exc.errno == errno.EDQUOT:
        return "Kein Platz auf dem Datenträger (oder Größenlimit erreicht); die alte Datei ist unverändert."
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"Keine Schreibrechte{where}; die alte Datei ist unverändert."
    if exc.errno == errno.EROFS:
        return "Das Dateisystem ist nur lesbar; die Datei wurde nicht geschrieben."
    if exc.errno == errno.ELOOP:
        return "Der symbolische Link verweist im Kreis."
    if exc.errno == errno.ENAMETOOLONG:
        return "Der Pfad ist zu lang für das Dateisystem."
    return f"Die Datei kann nicht geschrieben werden ({exc.strerror or exc})."


def _remove_stale(target: Path) -> None:
    """Temporary files of this target left by a killed writer (`.NAME.*.tmp`, older than an hour)."""
    prefix = f".{target.name}."
    cutoff = time.time() - STALE_SECONDS
    with contextlib.suppress(OSError), os.scandir(target.parent) as entries:
        for entry in entries:
            if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    info = entry.stat(follow_symlinks=False)
                    if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                        os.unlink(entry.path)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock on the file that `path` names (a symlink resolved), for one change.

    The lock is on the file itself, so the same file reached through two symlinks in
    different folders is one lock. A change replaces the file (`os.replace`), so the lock
    taken on a file that was replaced meanwhile is dropped and taken again on the new one.
    After `QPLAN_LOCK_WAIT` seconds (5) of another process holding it: a `UserError`
    (exit 2) that names that process where the system tells.
    """
    import fcntl

    target = os.path.realpath(path)
    deadline = time.monotonic() + _lock_wait()
    while True:
        fd = _open_for_lock(path, target)
        try:
            if _acquire(fd, deadline):
                if _same_file(fd, target):
                    break
                os.close(fd)  # replaced while we waited: lock the file that is there now
                continue
            holder = _holder(fd)
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
        wait = f"{_lock_wait():g}".replace(".", ",")
        raise UserError(
            f"{path}: Die Datei wird gerade von einem anderen Prozess geändert{holder}; nach "
            f"{wait} s Warten aufgegeben, die Datei bleibt unverändert. Bitte gleich noch "
            "einmal versuchen (hängt der andere Prozess, ihn beenden)."
        )
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _lock_wait() -> float:
    try:
        value = float(os.environ.get(LOCK_WAIT_ENV, LOCK_WAIT_SECONDS))
    except ValueError:
        return LOCK_WAIT_SECONDS
    return value if 0 <= value <= 3600 else LOCK_WAIT_SECONDS


def _open_for_lock(path: Path, target: str) -> int:
    try:
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UserError(f"{path}: Die Datei gibt es nicht.") from None
    except IsADirectoryError:
        raise UserError(f"{path}: Das ist ein Ordner, keine Plan-Datei.") from None
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise UserError(f"{path}: Keine Berechtigung, die Datei zu lesen; sie bleibt unverändert.") from None
        raise UserError(f"{path}: {describe_os_error(exc)}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):  # O_RDONLY opens a folder on Linux: IsADirectoryError never comes
            raise UserError(f"{path}: Das ist ein Ordner, keine Plan-Datei.")
        raise UserError(f"{path}: Das ist keine gewöhnliche Datei (sondern z. B. eine Pipe oder ein Gerät).")
    return fd


def _acquire(fd: int, deadline: float) -> bool:
    import fcntl

    pause = 0.01
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            pass
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                return True  # a file system without locks: as before locks, not worse
        now = time.monotonic()
        if now >= deadline:
            return False
        time.sleep(min(pause, deadline - now))
        # At most 50 ms between tries: a change holds the lock for about that long, and six
        # queued changes (tests/acceptance/test_plan_file_safety.py) spent a third of their
        # time asleep with free locks at 200 ms; twenty tries a second cost nothing.
        pause = min(pause * 2, 0.05)


def _same_file(fd: int, target: str) -> bool:
    try:
        now = os.stat(target)
    except OSError:
        return False
    held = os.fstat(fd)
    return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)


def _holder(fd: int) -> str:
    """` (Prozess 1234: qplan replan)` for the process holding a lock on `fd`'s file, if Linux says."""
    info = os.fstat(fd)
    try:
        with open("/proc/locks", encoding="ascii", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return ""
    wanted = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    for line in lines:
        parts = line.split()
        if len(parts) > 5 and parts[1] == "FLOCK" and parts[5] == wanted and parts[4].isdigit():
            pid = int(parts[4])
            if pid == os.getpid():
                continue
            return f" (Prozess {pid}{_command(pid)})"
    return ""


def _command(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            words = handle.read().split(b"\0")
    except OSError:
        return ""
    shown = [os.path.basename(w.decode("utf-8", "replace")) for w in words[:4] if w]
    shown = [w for w in shown if not w.startswith("python") and w != "-m"][:2]
    return f": {' '.join(shown)[:40]}" if shown else ""
