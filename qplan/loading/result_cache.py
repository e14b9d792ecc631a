"""Results of per-file work kept between runs, so that an unchanged file is not judged again.

`qplan check` keeps each file's findings here (and the coming `demand` can keep its count
records the same way): an entry is found by the file's path and everything else its result
depends on (`settings`, e.g. catalogue, providers, qplan's rules, options, as one hash the
caller builds), and used only when the file's bytes have the same SHA-256 and today lies
within the days for which the result holds (a rule that compares dates with today, such as
QP306, makes the result hold only until the next such date is reached).

Where and how: one SQLite database (`results-1.sqlite`) in qplan's cache folder, which
`qplan.loading.cache` creates `0700` and refuses when it is not the user's own. SQLite
because a result is looked up by key among a million others without reading them all, and
a run writes many small entries at once (a JSON file per result would cost a million files,
one JSON file for all would cost its whole size in memory). Payloads are JSON text that the
caller validates when it reads them (never pickles: the cache must not be able to run
code). The database is opened never through a symlink and only when it is a regular file
of the user's own. It is bounded (`MAX_BYTES`): after a run that wrote, the entries used
longest ago go first. A broken or locked database is left alone: the run goes on without it.

Readers (the worker processes of a pool) open it read-only; only the run's main process
writes, in batches (`Writer`). Another command keeps its per-file results the same way:

    settings = settings_key("demand", qplan.__version__, ...)  # its own kind and inputs
    kept = ResultCache.open().get_many([key_for(settings, path) for path in chunk], today)
    ... a hit whose `digest` equals `digest(raw)`: decode and validate its `payload` ...
    writer = Writer.open(); writer.add(Entry(key, digest(raw), valid_from, valid_until, payload))
    writer.close()
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from qplan.loading import cache
from qplan.models.results import FileResult

if TYPE_CHECKING:
    import sqlite3

FILE_NAME = "results-1.sqlite"
MAX_BYTES = 256 << 20  # about 170 bytes a result (measured at 1,000,000 files): room for 1.5 million
BATCH = 2_000  # entries written per transaction
# The time of use of a kept result is written again only when it is older than this: a
# nightly re-check of 100,000 unchanged files then writes nothing (100,000 updates cost about
# as much as the lookups), and the order of eviction is still right to within a week.
REFRESH_AFTER = 7 * 24 * 3600
FOREVER = date.max.toordinal() + 1  # `valid_until` of a result that does not depend on today
_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    key BLOB PRIMARY KEY,           -- sha256(settings, path), 16 bytes
    digest BLOB NOT NULL,           -- sha256 of the file's bytes
    valid_from INTEGER NOT NULL,    -- the result holds from this day (date ordinal) ...
    valid_until INTEGER NOT NULL,   -- ... to the day before this one
    payload TEXT NOT NULL,          -- JSON, validated by the caller when read
    used INTEGER NOT NULL           -- when it was last written or used (seconds): oldest go first
) WITHOUT ROWID
"""


class Kept(NamedTuple):
    """A kept result: the digest of the bytes it was made from, its payload, and whether its
    time of use is old enough to be written anew (`Writer.used`)."""

    digest: bytes
    payload: str
    stale: bool


@dataclass(frozen=True, slots=True)
class Entry:
    """A result to keep: `key` and `digest` as from `key_for` and `digest`."""

    key: bytes
    digest: bytes
    valid_from: int
    valid_until: int
    payload: str


def digest(raw: bytes) -> bytes:
    return hashlib.sha256(raw).digest()


def settings_key(*parts: str | bytes) -> bytes:
    """One hash of everything besides the file a result depends on."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


def _database(create: bool) -> Path | None:
    """The database's path in the cache folder when it is safe to use; else None."""
    folder = cache._safe_folder(create=create)
    if folder is None:
        return None
    path = folder / FILE_NAME
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return path if create else None
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
        return None
    return path


def key_for(settings: bytes, path: str) -> bytes:
    """The entry's key for a file (give its absolute path) under these settings."""
    return hashlib.sha256(settings + path.encode("utf-8", "surrogateescape")).digest()[:16]


class ResultCache:
    """Read access to the kept results."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    @classmethod
    def open(cls) -> ResultCache | None:
        """The cache for reading, or None (no cache folder, no database yet, or not usable)."""
        path = _database(create=False)
        if path is None:
            return None
        import sqlite3

        try:
            connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=2.0, check_same_thread=False)
            connection.execute("SELECT 1 FROM results LIMIT 1")
        except sqlite3.Error:
            return None
        return cls(connection)

    def get(self, key: bytes, file_digest: bytes, today: date) -> str | None:
        """The payload kept for `key` if the bytes are the same and it holds `today`."""
        import sqlite3

        try:
            row = self._db.execute(
                "SELECT digest, valid_from, valid_until, payload FROM results WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None or row[0] != file_digest:
            return None
        day = today.toordinal()
        if not (isinstance(row[1], int) and isinstance(row[2], int) and row[1] <= day < row[2]):
            return None
        return row[3] if isinstance(row[3], str) else None

    def get_many(self, keys: list[bytes], today: date) -> dict[bytes, Kept]:
        """What is kept for each of `keys` that holds `today` (one query for many keys)."""
        import sqlite3

        day = today.toordinal()
        stale = int(time.time()) - REFRESH_AFTER
        found: dict[bytes, Kept] = {}
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            try:
                rows = self._db.execute(
                    "SELECT key, digest, payload, used FROM results WHERE key IN "
                    f"({','.join('?' * len(part))}) AND valid_from <= ? AND ? < valid_until",
                    (*part, day, day),
                ).fetchall()
            except sqlite3.Error:
                return {}
            for key, file_digest, payload, used in rows:
                if isinstance(file_digest, bytes) and isinstance(payload, str) and isinstance(used, int):
                    found[key] = Kept(file_digest, payload, used < stale)
        return found

    def close(self) -> None:
        self._db.close()


class Writer:
    """The run's one writer: new entries and the keys used, written in batches."""

    def __init__(self, connection: sqlite3.Connection, max_bytes: int) -> None:
        self._db = connection
        self._max_bytes = max_bytes
        self._new: list[Entry] = []
        self._used: list[bytes] = []
        self._wrote = False
        self._broken = False

    @classmethod
    def open(cls, max_bytes: int = MAX_BYTES) -> Writer | None:
        """A writer (creating the database), or None when the cache cannot be written."""
        path = _database(create=True)
        if path is None:
            return None
        import sqlite3

        for attempt in range(2):
            try:
                return cls(_connect(path), max_bytes)
            except sqlite3.DatabaseError:
                if attempt == 0:  # not a database (a torn or foreign file): qplan's own file, made anew
                    for suffix in ("", "-wal", "-shm"):
                        with contextlib.suppress(OSError):
                            os.unlink(f"{path}{suffix}")
            except (OSError, sqlite3.Error):
                return None
        return None

    def add(self, entry: Entry) -> None:
        self._new.append(entry)
        if len(self._new) >= BATCH:
            self.flush()

    def used(self, key: bytes) -> None:
        self._used.append(key)
        if len(self._used) >= BATCH * 4:
            self.flush()

    def flush(self) -> None:
        import sqlite3

        new, self._new = self._new, []
        used, self._used = self._used, []
        if self._broken or not (new or used):
            return
        now = int(time.time())
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany(
                    "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?)",
                    ((e.key, e.digest, e.valid_from, e.valid_until, e.payload, now) for e in new),
                )
                self._db.executemany("UPDATE results SET used = ? WHERE key = ?", ((now, k) for k in used))
            self._wrote = self._wrote or bool(new)
        except sqlite3.Error:
            self._broken = True  # locked by another run, a full disk: go on without the cache

    def close(self) -> None:
        """Write what is pending, then keep the database within its bound."""
        import sqlite3

        self.flush()
        try:
            if self._wrote and not self._broken:
                evict(self._db, self._max_bytes)
        except sqlite3.Error:
            pass
        finally:
            self._db.close()


def _connect(path: Path) -> sqlite3.Connection:
    import sqlite3

    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0), 0o600)
    os.close(fd)
    connection = sqlite3.connect(path, timeout=2.0, isolation_level=None)
    try:
        connection.execute("PRAGMA auto_vacuum = INCREMENTAL")  # before the first table: freed pages go back
        connection.execute("PRAGMA journal_mode = WAL")  # readers (the pool's workers) do not block the writer
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute(_SCHEMA)
        connection.execute("SELECT key, digest, valid_from, valid_until, payload, used FROM results LIMIT 1")
    except BaseException:
        connection.close()
        raise
    return connection


def evict(db: sqlite3.Connection, max_bytes: int) -> int:
    """Delete the entries used longest ago until the database is within 3/4 of `max_bytes`."""
    pages, size = (db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("page_count", "page_size"))
    free = db.execute("PRAGMA freelist_count").fetchone()[0]
    used_bytes = (pages - free) * size
    if used_bytes <= max_bytes:
        return 0
    count = db.execute("SELECT count(*) FROM results").fetchone()[0]
    drop = max(1, count - int(count * (max_bytes * 3 // 4) / used_bytes))
    with db:
        db.execute("BEGIN")
        db.execute("DELETE FROM results WHERE key IN (SELECT key FROM results ORDER BY used, key LIMIT ?)", (drop,))
    db.executescript("PRAGMA incremental_vacuum;")  # stepped to the end: every free page given back
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the freed pages leave the file now, not at a later checkpoint
    return int(drop)


def days(dates: Iterable[date], today: date) -> tuple[int, int]:
    """The days (as ordinals, from inclusive, until exclusive) on which every comparison
    `d > today` for `d` in `dates` comes out as it does today."""
    day = today.toordinal()
    start, until = 0, FOREVER
    for d in dates:
        o = d.toordinal()
        if o > day:
            until = min(until, o)
        else:
            start = max(start, o)
    return start, until


@dataclass(frozen=True, slots=True)
class Checked:
    """A file's result, with the cache entry to write (a new result) or the key it was read from."""

    result: FileResult
    entry: Entry | None = None
    used: bytes | None = None  # the key of a kept result whose time of use is to be written anew
    reused: bool = False
