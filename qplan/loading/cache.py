"""A cache of validated data files and schemas, so that most commands never import YAML or pydantic.

Entries are plain JSON (`qplan.loading.codec`), never pickles: a cache folder someone else
could write must not run code. Each entry carries the SHA-256 of its payload and the kind
of value it holds, and is checked against its model when read (`qplan.loading.conform`; the
providers' offer table column by column, `qplan.loading.compact`); a broken, foreign,
mismatched or non-conforming entry is ignored and rebuilt. The folder is created `0700`;
one that is not a folder of the user's own, or that others may write, is not used (with
one note on stderr). Entries are written atomically and never through a symlink. The key
is a hash of the file's bytes, qplan's version and the model sources: any edit makes a new
entry. `QPLAN_NO_CACHE=1` turns the cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import qplan
from qplan.errors import QplanError

T = TypeVar("T")
FORMAT = "qplan-cache-1"
MAX_ENTRY_BYTES = 256 << 20

_refused: set[str] = set()  # folders already reported as unsafe in this process


def cache_dir() -> Path | None:
    if os.environ.get("QPLAN_NO_CACHE"):
        return None
    explicit = os.environ.get("QPLAN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "qplan"


def key_for(raw: bytes, kind: str) -> str:
    digest = hashlib.sha256(raw)
    digest.update(f"{kind}\0{qplan.__version__}\0".encode())
    models = Path(__file__).parent.parent / "models"
    for source in sorted(models.glob("*.py")):
        info = source.stat()
        digest.update(f"{source.name}:{info.st_size}:{info.st_mtime_ns}".encode())
    return f"{kind}-{digest.hexdigest()[:32]}"


def _safe_folder(create: bool) -> Path | None:
    """The cache folder if it is the user's own and only theirs to write; else None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return None
    problem = None
    if not stat.S_ISDIR(info.st_mode):
        problem = "ist kein Ordner (oder ein symbolischer Link)"
    elif hasattr(os, "getuid") and info.st_uid != os.getuid():
        problem = "gehört einem anderen Benutzer"
    elif info.st_mode & 0o022:
        problem = "ist auch für andere beschreibbar"
    if problem is None:
        return folder
    if str(folder) not in _refused:
        _refused.add(str(folder))
        sys.stderr.write(
            f"Hinweis: Der Cache-Ordner {folder} {problem}; qplan verwendet ihn nicht "
            "(Abhilfe: chmod 700 oder QPLAN_CACHE_DIR auf einen eigenen Ordner setzen).\n"
        )
    return None


def _read_entry(path: Path) -> bytes | None:
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            return None
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return None
        chunks = []
        while True:
            chunk = os.read(fd, max(info.st_size + 1, 65536))
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def load(key: str, expected: type[T], check: Callable[[Any], bool] | None = None) -> T | None:
    """The cached value of `key` if it is intact and of type `expected`; else None.

    `check` replaces the field-by-field check of the model (`qplan.loading.conform`) for a
    value with a faster check of its own that makes the same promises."""
    folder = _safe_folder(create=False)
    if folder is None:
        return None
    raw = _read_entry(folder / f"{key}.json")
    if raw is None:
        return None
    from qplan.loading import codec

    try:
        header_text, payload = raw.split(b"\n", 1)
        header = json.loads(header_text)
        if (
            not isinstance(header, dict)
            or header.get("format") != FORMAT
            or header.get("key") != key
            or header.get("type") != expected.__name__
            or header.get("sha256") != hashlib.sha256(payload).hexdigest()
        ):
            return None
        value = codec.loads(payload)
    except (ValueError, TypeError, RecursionError):
        return None
    if not isinstance(value, expected):
        return None
    if check is not None:
        return value if check(value) else None
    from qplan.loading.conform import conforms

    # A validator's schema (a dict) is checked by pydantic-core when it builds the validator.
    trusted = isinstance(value, dict) or conforms(value)
    return value if trusted else None


def store(key: str, value: Any) -> None:
    """Keep `value` under `key`; a cache that cannot be written is silently skipped."""
    folder = _safe_folder(create=True)
    if folder is None:
        return
    from qplan.fsio import write_atomic
    from qplan.loading import codec

    try:
        payload = codec.dumps(value)
    except (codec.CodecError, RecursionError):
        return
    header = {
        "format": FORMAT,
        "key": key,
        "type": type(value).__name__,
        "sha256": hashlib.sha256(payload).hexdigest(),
    }
    data = json.dumps(header).encode() + b"\n" + payload
    try:
        write_atomic(folder / f"{key}.json", data, overwrite=True, follow_symlinks=False, default_mode=0o600)
    except OSError:
        pass  # a read-only or full cache must not break the command
    except QplanError:
        pass  # the writer refused the key's place (a special file there): leave it alone
