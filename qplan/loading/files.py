"""Reading an input file's bytes without blocking, without reading too much, without a
traceback; and the streamed walk for the plan files below a folder.

Only regular files are read: a FIFO, a device or a socket is refused before a byte is
read (`O_NONBLOCK` keeps the open itself from waiting on a FIFO), and so is a file larger
than the cap, judged by `fstat` first.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # the reader (and with it `yaml`) is imported only for a problem or stdin
    from qplan.loading.reader import ParsedYaml


def unusable(message: str) -> ParsedYaml:
    from qplan.loading.reader import unusable as finding

    return finding(message)


def read_capped(path: Path | str, max_bytes: int) -> bytes | ParsedYaml:
    """The bytes of a regular file of at most `max_bytes`, or a finding that says why not."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return unusable("Die Datei gibt es nicht.")
    except IsADirectoryError:
        return unusable("Das ist ein Ordner, keine Datei.")
    except PermissionError:
        return unusable("Keine Berechtigung, die Datei zu lesen.")
    except OSError as exc:
        return _os_problem(exc)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            return unusable("Das ist ein Ordner, keine Datei.")
        if not stat.S_ISREG(info.st_mode):
            return unusable(
                "Das ist keine gewöhnliche Datei (sondern z. B. eine Pipe oder ein Gerät); "
                "qplan liest nur gewöhnliche Dateien oder mit „-“ die Standardeingabe."
            )
        if info.st_size > max_bytes:
            return _too_large(max_bytes)
        chunks = []
        total = 0
        want = info.st_size + 1  # one read for a file whose size fstat already gave
        while total <= max_bytes:
            asked = min(max(want, 1), max_bytes + 1 - total)
            chunk = os.read(fd, asked)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if len(chunk) < asked and total == info.st_size:
                break  # a short read of a regular file is its end: no second read to learn it
            want = 65536
        if total > max_bytes:
            return _too_large(max_bytes)
        return b"".join(chunks)
    except OSError as exc:
        return _os_problem(exc)
    finally:
        os.close(fd)


def read_source(source: str | Path, max_bytes: int) -> tuple[str, bytes | ParsedYaml]:
    """Bytes of a file, or of standard input for `-`; the label names it in messages."""
    if str(source) == "-":
        from qplan.loading.reader import parse_yaml

        data = sys.stdin.buffer.read(max_bytes + 1)
        if len(data) > max_bytes:
            return "<stdin>", parse_yaml(data, max_bytes=max_bytes)
        return "<stdin>", data
    label = str(source)
    return label, read_capped(label, max_bytes)


def _too_large(max_bytes: int) -> ParsedYaml:
    return unusable(
        f"Die Datei ist größer als {max_bytes // 1024} KiB; so große Dateien sind für diese Art Datei nicht vorgesehen."
    )


def _os_problem(exc: OSError) -> ParsedYaml:
    if exc.errno == errno.ELOOP:
        return unusable(
            "Der symbolische Link verweist im Kreis (auf sich selbst oder über andere Links zurück); "
            "bitte den Link prüfen."
        )
    if exc.errno == errno.ENAMETOOLONG:
        return unusable("Der Pfad ist zu lang für das Dateisystem.")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return unusable("Keine Berechtigung, die Datei zu lesen.")
    return unusable(f"Die Datei kann nicht gelesen werden ({exc.strerror or exc}).")


class Unlisted(NamedTuple):
    """A folder or an entry the walk could not read, with the German reason."""

    path: str
    message: str


class _Folder(NamedTuple):
    path: str


PLAN_SUFFIXES = (".yaml", ".yml")


def walk_plan_files(folder: str) -> Iterator[str | Unlisted]:
    """*.yaml and *.yml below `folder`, depth first, each folder's entries sorted by name.

    Streamed: only the listings of the folders on the current path are held, never the
    paths of the whole tree (a million paths as one sorted list cost about half a
    gigabyte). The order is that of sorting every path by its components. What cannot be
    read is yielded as `Unlisted` at its place, not skipped silently."""
    stack: list[Iterator[str | Unlisted | _Folder]] = [iter([_Folder(folder)])]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
        elif isinstance(item, _Folder):
            stack.append(_listing(item.path))
        else:
            yield item


def _listing(folder: str) -> Iterator[str | Unlisted | _Folder]:
    """A folder's plan files and sub-folders in name order; problems first."""
    files: list[str] = []
    dirs: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                try:
                    if entry.is_dir(follow_symlinks=False):
                        dirs.append(entry.name)
                    elif entry.name.endswith(PLAN_SUFFIXES):
                        files.append(entry.name)  # a link or special file is reported by the reader
                except OSError as exc:
                    yield Unlisted(entry.path, f"Kann nicht gelesen werden ({exc.strerror or exc}).")
    except OSError as exc:
        yield Unlisted(folder, f"Der Ordner kann nicht gelesen werden ({exc.strerror or exc}).")
        return
    files.sort()
    dirs.sort()
    join = os.path.join
    i = j = 0
    while i < len(files) or j < len(dirs):  # a merge of the two sorted lists by name
        if j == len(dirs) or (i < len(files) and files[i] < dirs[j]):
            yield join(folder, files[i])
            i += 1
        else:
            yield _Folder(join(folder, dirs[j]))
            j += 1
