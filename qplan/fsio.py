"""Writing files without losing them: temporary file in the same folder, then `os.replace`."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from qplan.errors import UserError


class FileExistsUserError(UserError):
    """The target exists and the user did not ask to overwrite it."""


def write_atomic(path: Path, data: bytes, *, overwrite: bool = False, default_mode: int = 0o644) -> None:
    """Write `data` to `path` atomically; an existing file is replaced only with `overwrite`.

    A symlink is followed, so the link stays and its target gets the new content; the mode of
    an existing file is kept.
    """
    target = Path(os.path.realpath(path))
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
        exists = True
    except FileNotFoundError:
        mode, exists = default_mode & ~_umask(), False
    if exists and not overwrite:
        raise FileExistsUserError(f"{path}: Die Datei gibt es schon; mit --force wird sie überschrieben.")
    if not target.parent.is_dir():
        raise UserError(f"{path}: Den Ordner {target.parent} gibt es nicht.")
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
