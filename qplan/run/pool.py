"""An ordered process pool that survives a dead worker.

Chunks of work go to worker processes, a few per worker in flight (so that neither the
chunks of a million files nor their results pile up), and come back in the order they were
given. When a worker dies (the kernel's OOM killer, a `kill -9`), the pool is broken:
every chunk not yet finished is lost. The lost chunks are given once more to a new pool;
a chunk lost a second time comes back as `None` so that the caller can name its files.
After `MAX_BREAKS` broken pools the batch stops with `PoolFailed`.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
MAX_BREAKS = 5
IN_FLIGHT = 3  # chunks per worker handed out ahead


class PoolFailed(Exception):
    """The workers died again and again; `done` chunks had come back by then."""

    def __init__(self, breaks: int) -> None:
        super().__init__(f"{breaks} broken pools")
        self.breaks = breaks


class _Refused(Future):  # type: ignore[type-arg]
    """The future of a chunk that a pool, already broken, refused to take."""


class _Task(Generic[T, R]):
    __slots__ = ("chunk", "future", "tries")

    def __init__(self, chunk: list[T], future: Future[list[R]] | None, tries: int) -> None:
        self.chunk = chunk
        self.future = future
        self.tries = tries


class OrderedPool(Generic[T, R]):
    """`run(chunks)` yields each chunk with its results (None: lost twice), in order."""

    def __init__(
        self,
        work: Callable[[list[T]], list[R]],
        jobs: int,
        initializer: Callable[..., None],
        initargs: tuple[Any, ...],
        on_break: Callable[[int], None] | None = None,
    ) -> None:
        self.work = work
        self.jobs = jobs
        self.initializer = initializer
        self.initargs = initargs
        self.on_break = on_break  # told how many items are checked again
        self.breaks = 0

    def _start(self) -> ProcessPoolExecutor:
        import multiprocessing
        import threading

        # fork is the fast start; with a thread running (a broken pool's manager, a caller's)
        # a forked child could inherit a held lock, so then a fork server starts the workers.
        method = "forkserver" if threading.active_count() > 1 else "fork"
        return ProcessPoolExecutor(
            self.jobs,
            mp_context=multiprocessing.get_context(method),
            initializer=self.initializer,
            initargs=self.initargs,
        )

    def run(self, chunks: Iterator[list[T]]) -> Iterator[tuple[list[T], list[R] | None]]:
        executor = self._start()
        pending: deque[_Task[T, R]] = deque()
        finished = False
        try:
            while True:
                while len(pending) < self.jobs * IN_FLIGHT:
                    chunk = next(chunks, None)
                    if chunk is None:
                        break
                    pending.append(_Task(chunk, self._submit(executor, chunk), 0))
                if not pending:
                    break
                head = pending[0]
                if head.future is None:  # lost twice
                    pending.popleft()
                    yield head.chunk, None
                    continue
                try:
                    out = head.future.result()
                except BrokenProcessPool:
                    executor = self._restart(executor, pending)
                    continue
                pending.popleft()
                yield head.chunk, out
            finished = True
        finally:
            _stop(executor, wait=finished)

    def _submit(self, executor: ProcessPoolExecutor, chunk: list[T]) -> Future[list[R]]:
        """The chunk handed to the pool; a pool already broken (a worker died since the last
        result came back) refuses new work: the chunk's future then holds that break, and the
        chunk is given to the next pool like every chunk the break cost."""
        try:
            return executor.submit(self.work, chunk)
        except BrokenProcessPool as broken:
            future: Future[list[R]] = _Refused()
            future.set_exception(broken)
            return future

    def _restart(self, executor: ProcessPoolExecutor, pending: deque[_Task[T, R]]) -> ProcessPoolExecutor:
        """A new pool for the unfinished chunks; a chunk lost before is given up (future None)."""
        self.breaks += 1
        _stop(executor, wait=True)
        if self.breaks > MAX_BREAKS:
            raise PoolFailed(self.breaks)
        fresh = self._start()
        again = 0
        for task in pending:
            future = task.future
            if future is None or (future.done() and not future.cancelled() and future.exception() is None):
                continue  # given up before, or finished before the break: its results stand
            if not isinstance(future, _Refused):  # a chunk the broken pool never took has not been tried
                task.tries += 1
            if task.tries > 1:
                task.future = None
                continue
            again += len(task.chunk)
            task.future = self._submit(fresh, task.chunk)
        if self.on_break is not None:
            self.on_break(again)
        return fresh


def _stop(executor: ProcessPoolExecutor, wait: bool) -> None:
    """End the pool: after the last result, cleanly; else at once, workers terminated."""
    if wait:
        executor.shutdown(wait=True)
        return
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)
