"""Batch checks: many plan documents, every file gets its findings, reported as they finish.

Files are read and judged one by one, in order; with more than a few hundred files they
are spread over a pool of worker processes (one per core by default), each of which
loads the catalogue from the cache once. The results come back in the order of the
files and go straight to the reporter: nothing of a file is kept past its result, so
memory does not grow with the number of files.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence

from qplan.errors import UsageError
from qplan.findings import UNUSABLE, Finding, sort_key
from qplan.loading.loader import MAX_PLAN_BYTES, load_file
from qplan.loading.sourcemap import place
from qplan.models.catalog import Catalog
from qplan.models.plan import PlanDocument
from qplan.models.providers import ProviderCatalog
from qplan.models.requests import CheckRequest
from qplan.models.results import FileResult
from qplan.planning.shorthand import FillIn
from qplan.rules.engine import RuleSet, evaluate
from qplan.run.data import Providers

IN_PROCESS_UP_TO = 300  # files; below this a pool's start costs more than it saves
CHUNK = 64  # files per task sent to a worker; progress advances per finished chunk


def _yaml_files(folder: str, unreadable: list[tuple[str, str]]) -> list[str]:
    """*.yaml and *.yml below a folder, sorted; what cannot be read is noted, not skipped silently."""
    found: list[str] = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as listing:
                entries = list(listing)
        except OSError as exc:
            unreadable.append((current, f"Der Ordner kann nicht gelesen werden ({exc.strerror or exc})."))
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.name.endswith((".yaml", ".yml")):
                    found.append(entry.path)  # a link or special file is reported by the reader
            except OSError as exc:
                unreadable.append((entry.path, f"Kann nicht gelesen werden ({exc.strerror or exc})."))
    found.sort(key=lambda p: p.split(os.sep))
    return found


def expand_paths(paths: Sequence[str]) -> tuple[list[str], list[FileResult]]:
    """Files as given, folders searched for *.yaml/*.yml; a missing path is a usage error.

    Returns the files and a result for each folder or entry that could not be read."""
    result: list[str] = []
    missing = []
    unreadable: list[tuple[str, str]] = []
    for raw in paths:
        if raw == "-":
            result.append(raw)
            continue
        try:
            info = os.stat(raw)
        except FileNotFoundError:
            missing.append(raw)
            continue
        except OSError:
            result.append(raw)  # the reader says what is wrong with it (a link loop, a long path)
            continue
        if stat.S_ISDIR(info.st_mode):
            result.extend(_yaml_files(raw, unreadable))
        else:
            result.append(raw)
    if missing:
        raise UsageError("Pfad nicht gefunden: " + ", ".join(missing))
    problems = [FileResult(path, (Finding(UNUSABLE, "error", message, path=path),)) for path, message in unreadable]
    return result, problems


def selector(select: Iterable[str], ignore: Iterable[str]) -> Callable[[str], bool]:
    """Whether a rule code is enabled; `QP3` selects every QP3xx code, as with linters."""
    chosen = tuple(s.upper() for s in select)
    dropped = tuple(s.upper() for s in ignore)

    def enabled(code: str) -> bool:
        if chosen and not code.startswith(chosen):
            return False
        return not (dropped and code.startswith(dropped))

    return enabled


class Checker:
    """The per-run state of checking plan files in one process: catalogue, rule set, providers."""

    def __init__(self, catalog: Catalog, request: CheckRequest) -> None:
        from qplan.rules import RULES

        self.catalog = catalog
        self.request = request
        self.enabled = selector(request.select, request.ignore)
        from qplan.run.calendar import calendar_for

        enabled = [code for code in RULES if self.enabled(code)]
        self.ruleset = RuleSet(catalog, enabled, calendar_for(avoid_school_holidays=True))
        self._providers = Providers(request.providers, catalog)
        self.fill_in = FillIn(catalog)

    def providers(self) -> ProviderCatalog:
        """The providers file, loaded on the first plan that names an offer."""
        return self._providers.get()

    def check(self, path: str) -> FileResult:
        """Every finding of one file; an unexpected error becomes a finding of that file."""
        try:
            return self._check(path)
        except Exception as exc:
            from qplan.errors import InputError

            if isinstance(exc, InputError):  # the providers file is unusable: say so at this file
                return FileResult(path, (Finding(UNUSABLE, "error", exc.message, path=path),))
            message = f"Interner Fehler beim Prüfen dieser Datei ({type(exc).__name__}); bitte melden."
            return FileResult(path, (Finding(UNUSABLE, "error", message, path=path),))

    def _check(self, path: str) -> FileResult:
        self.fill_in.respelled = []  # prepare runs only on a file that parses
        loaded = load_file(PlanDocument, path, max_bytes=MAX_PLAN_BYTES, prepare=self.fill_in)
        enabled = self.enabled
        findings = [f for f in loaded.findings if enabled(f.code)]
        findings.extend(f.at(loaded.label) for f in place(self.fill_in.respelled, loaded.source) if enabled(f.code))
        doc = loaded.value
        if doc is not None:
            offers = self.providers() if any(e.offer for e in doc.modules) else None
            result = evaluate(
                doc,
                self.catalog,
                today=self.request.today,
                ruleset=self.ruleset,
                providers=offers,
                with_checks=False,
                path=loaded.label,
            )
            findings.extend(place(result.findings, loaded.source))
        findings.sort(key=sort_key)
        return self.summarise(doc, FileResult(loaded.label, tuple(findings)))

    def summarise(self, doc: PlanDocument | None, result: FileResult) -> FileResult:
        """The result of a file as the run needs it; a subclass (`qplan demand`) adds to it."""
        return result


# The checker of a worker process, set once by `_start_worker`.
_worker: Checker | None = None


def _start_worker(request: CheckRequest, checker: type[Checker] = Checker) -> None:
    import signal

    from qplan.run.data import load_catalog

    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _worker = checker(load_catalog(request.catalog), request)


def _check_chunk(paths: list[str]) -> list[FileResult]:
    assert _worker is not None
    return [_worker.check(path) for path in paths]


def _chunks(paths: Sequence[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(paths), size):
        yield list(paths[start : start + size])


def jobs_for(request: CheckRequest, files: int) -> int:
    """How many processes check the files."""
    if request.jobs is not None:
        return max(1, request.jobs)
    if files <= IN_PROCESS_UP_TO or "-" in request.paths:
        return 1
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1, 8))


def results(
    request: CheckRequest,
    files: Sequence[str],
    catalog: Catalog,
    progress: Callable[[int], None] | None = None,
    checker: type[Checker] = Checker,
) -> Iterator[FileResult]:
    """The result of every file, in the order of `files`, as soon as it is known; `checker`
    judges each file (in every worker)."""
    from qplan.run.memory import batch_thresholds

    jobs = jobs_for(request, len(files))
    if jobs == 1 or "-" in files:
        judge = checker(catalog, request)
        with batch_thresholds():
            for path in files:
                yield judge.check(path)
                if progress is not None:
                    progress(1)
        return
    import multiprocessing

    context = multiprocessing.get_context("forkserver" if _threads_running() else "fork")
    pool = context.Pool(jobs, initializer=_start_worker, initargs=(request, checker))
    try:
        for chunk in pool.imap(_check_chunk, _chunks(files, CHUNK)):
            yield from chunk
            if progress is not None:
                progress(len(chunk))
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _threads_running() -> bool:
    import threading

    return threading.active_count() > 1
