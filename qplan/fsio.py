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
from pathlib import Path

from qplan.errors import UserError

STALE_SECONDS = 3600  # a temporary file this old was left by a killed writer


class FileExistsUserError(UserError):
    """The target exists and the user did not ask to overwrite it."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: Die Datei gibt es schon; mit --force wird sie überschrieben.")


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
