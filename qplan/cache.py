"""A cache of validated catalogues, so that most commands never import YAML or pydantic.

The key is a hash of the catalogue file's bytes, qplan's version and the model sources:
any edit to the file or to qplan makes a new entry. Only catalogues that passed every
consistency check are stored. `QPLAN_NO_CACHE=1` turns the cache off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

import qplan


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
    package = Path(__file__).parent
    for source in [package / "schema_types.py", *sorted((package / "models").glob("*.py"))]:
        info = source.stat()
        digest.update(f"{source.name}:{info.st_size}:{info.st_mtime_ns}".encode())
    return f"{kind}-{digest.hexdigest()[:32]}"


def load(key: str) -> Any | None:
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with (folder / f"{key}.pickle").open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # a missing, truncated or stale entry is simply rebuilt
        return None


def store(key: str, value: Any) -> None:
    folder = cache_dir()
    if folder is None:
        return
    from qplan.fsio import write_atomic

    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / f"{key}.pickle", pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), overwrite=True)
    except OSError:
        pass  # a read-only home must not break the command
