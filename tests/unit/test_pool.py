"""The ordered pool (`qplan.run.pool`) when a worker dies at an awkward moment."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

from qplan.run.pool import OrderedPool

_MARK: list[Path] = []


def _work(chunk: list[int]) -> list[int]:
    """Squares; the first chunk holding a negative number kills its worker (as the OOM killer
    would), once: the mark file says it happened."""
    if any(n < 0 for n in chunk) and not _MARK[0].exists():
        _MARK[0].touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return [n * n for n in chunk]


def _init(mark: Path) -> None:
    _MARK[:] = [mark]


def _chunks_with_a_pause() -> Iterator[list[int]]:
    yield [-1]  # its worker dies at once
    time.sleep(1.0)  # meanwhile the pool notices and refuses new work
    yield [2, 3]
    yield [4]


def test_work_handed_out_after_the_break_is_given_to_the_next_pool(tmp_path: Path) -> None:
    """A chunk submitted after a worker died (before its result was asked for) is not lost and
    does not end the batch: the refused submission counts as lost to the break."""
    pool: OrderedPool[int, int] = OrderedPool(_work, 1, _init, (tmp_path / "died",))
    results = list(pool.run(_chunks_with_a_pause()))
    assert results == [([-1], [1]), ([2, 3], [4, 9]), ([4], [16])]
    assert pool.breaks == 1
