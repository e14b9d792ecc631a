"""Batch checks: many plan documents, every file gets its findings, reported as they finish.

The paths come from a streamed walk (`qplan.loading.files.walk_plan_files`); files are
taken in chunks, in order. For each chunk the result cache is asked once; a file whose
result it holds (same bytes, same settings, a day on which the result still holds) is not
judged again, every other one is read, judged and its result kept for the next run
(`qplan.run.check_cache` says what a result depends on). With more than a few hundred
files the chunks go to a pool of worker processes (`qplan.run.pool`, one per core by
default), which survives a worker that dies. The results come back in the order of the
files and go straight to the reporter: nothing of a file is kept past its result, so
memory does not grow with the number of files.
"""

from __future__ import annotations

import itertools
import os
import stat
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from typing import Any

from qplan.errors import UsageError
from qplan.findings import UNUSABLE, Finding, Severity, sort_key
from qplan.loading import result_cache
from qplan.loading.files import Unlisted, read_source, walk_plan_files
from qplan.loading.loader import MAX_PLAN_BYTES, Loaded, load_file, load_model, validate_parsed
from qplan.loading.result_cache import Checked, ResultCache
from qplan.loading.sourcemap import place
from qplan.models.catalog import Catalog
from qplan.models.plan import PlanDocument
from qplan.models.providers import ProviderCatalog
from qplan.models.requests import CheckRequest
from qplan.models.results import FileResult
from qplan.planning.shorthand import FillIn
from qplan.rules.engine import RuleSet, evaluate
from qplan.run.check_cache import decode_findings, encode_findings, result_settings, today_dates
from qplan.run.data import Providers

IN_PROCESS_UP_TO = 300  # files; below this a pool's start costs more than it saves
CHUNK = 64  # files per task sent to a worker; progress advances per finished chunk
JOBS_PER_CORE = 4  # --jobs beyond this many per core only adds processes that wait
MAX_JOBS = 256  # a --jobs above this is a mistake (exit 2), not a wish to cap


def plan_paths(paths: Sequence[str]) -> Iterator[str | FileResult]:
    """Files as given, folders walked for *.yaml/*.yml (streamed, see `walk_plan_files`);
    a folder or entry that cannot be read comes as its result. A missing path is a usage
    error, raised before anything is yielded."""
    kinds: list[tuple[str, bool]] = []
    missing = []
    for raw in paths:
        if raw == "-":
            kinds.append((raw, False))
            continue
        try:
            info = os.stat(raw)
        except FileNotFoundError:
            missing.append(raw)
            continue
        except OSError:
            kinds.append((raw, False))  # the reader says what is wrong with it (a link loop, a long path)
            continue
        kinds.append((raw, stat.S_ISDIR(info.st_mode)))
    if missing:
        raise UsageError("Pfad nicht gefunden: " + ", ".join(missing))
    return _walk(kinds)


def expand_paths(paths: Sequence[str]) -> tuple[list[str], list[FileResult]]:
    """The files of `plan_paths` as a list, and a result for each folder or entry that could
    not be read (for commands that count the files before they start)."""
    files: list[str] = []
    unreadable: list[FileResult] = []
    for item in plan_paths(paths):
        if isinstance(item, FileResult):
            unreadable.append(item)
        else:
            files.append(item)
    return files, unreadable


def _walk(kinds: list[tuple[str, bool]]) -> Iterator[str | FileResult]:
    for path, is_dir in kinds:
        if not is_dir:
            yield path
            continue
        for item in walk_plan_files(path):
            if isinstance(item, Unlisted):
                yield FileResult(item.path, (Finding(UNUSABLE, "error", item.message, path=item.path),))
            else:
                yield item


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
    """The per-run state of checking plan files in one process: catalogue, rule set,
    providers, and the result cache to read (None: every file is checked)."""

    def __init__(self, catalog: Catalog, request: CheckRequest, settings: bytes | None = None) -> None:
        from qplan.rules import RULES

        self.catalog = catalog
        self.request = request
        self.enabled = selector(request.select, request.ignore)
        from qplan.run.calendar import calendar_for

        enabled = [code for code in RULES if self.enabled(code)]
        self.ruleset = RuleSet(catalog, enabled, calendar_for(avoid_school_holidays=True))
        self._providers = Providers(request.providers, catalog)
        self.fill_in = FillIn(catalog)
        self.cache = ResultCache.open() if settings is not None else None
        self.settings = settings
        self._cwd = os.getcwd()  # keys name files by their absolute path

    def providers(self) -> ProviderCatalog:
        """The providers file, loaded on the first plan that names an offer."""
        return self._providers.get()

    def check_many(self, items: Sequence[str | FileResult]) -> list[Checked]:
        """Every file's result, in order; the cache is asked once for all of them."""
        done: list[Checked | None] = []
        read: dict[int, tuple[str, str, bytes]] = {}  # index: path, label, bytes
        for index, item in enumerate(items):
            if isinstance(item, FileResult):
                done.append(Checked(item))
            elif self.settings is None or item == "-":
                done.append(self._guarded(item, None))
            else:
                label, raw = read_source(item, MAX_PLAN_BYTES)
                if isinstance(raw, bytes):
                    read[index] = (item, label, raw)
                    done.append(None)
                else:
                    done.append(Checked(self._judge(validate_parsed(PlanDocument, raw, label, self.fill_in))[0]))
        if read:
            settings = self.settings
            assert settings is not None
            keys = {index: result_cache.key_for(settings, self._absolute(path)) for index, (path, _, _) in read.items()}
            kept = self.cache.get_many(list(keys.values()), self.request.today) if self.cache is not None else {}
            for index, (_, label, raw) in read.items():
                key, file_digest = keys[index], result_cache.digest(raw)
                hit = kept.get(key)
                findings = (
                    decode_findings(hit.payload, label) if hit is not None and hit.digest == file_digest else None
                )
                if hit is not None and findings is not None:
                    done[index] = Checked(FileResult(label, findings), used=key if hit.stale else None, reused=True)
                else:
                    done[index] = self._guarded(label, (raw, key, file_digest))
        return [checked for checked in done if checked is not None]

    def check(self, path: str) -> FileResult:
        """Every finding of one file, from the cache when nothing it depends on changed."""
        return self.check_many([path])[0].result

    def _absolute(self, path: str) -> str:
        return path if os.path.isabs(path) else os.path.join(self._cwd, path)

    def _guarded(self, path: str, read: tuple[bytes, bytes, bytes] | None) -> Checked:
        """`_fresh`, with an unexpected error turned into a finding of that file."""
        try:
            return self._fresh(path, read)
        except Exception as exc:
            from qplan.errors import InputError

            if isinstance(exc, InputError):  # the providers file is unusable: say so at this file
                return Checked(FileResult(path, (Finding(UNUSABLE, "error", exc.message, path=path),)))
            message = f"Interner Fehler beim Prüfen dieser Datei ({type(exc).__name__}); bitte melden."
            return Checked(FileResult(path, (Finding(UNUSABLE, "error", message, path=path),)))

    def _fresh(self, path: str, read: tuple[bytes, bytes, bytes] | None) -> Checked:
        """Check a file anew: read it (unless `read` holds its bytes, key and digest), judge it,
        and with `read` the cache entry for its result."""
        if read is None:
            loaded = load_file(PlanDocument, path, max_bytes=MAX_PLAN_BYTES, prepare=self.fill_in)
            return Checked(self._judge(loaded)[0])
        raw, key, file_digest = read
        loaded = load_model(PlanDocument, raw, path, max_bytes=MAX_PLAN_BYTES, prepare=self.fill_in)
        result, doc = self._judge(loaded)
        start, until = result_cache.days(today_dates(doc), self.request.today)
        return Checked(
            result, entry=result_cache.Entry(key, file_digest, start, until, encode_findings(result.findings))
        )

    def _judge(self, loaded: Loaded[PlanDocument]) -> tuple[FileResult, PlanDocument | None]:
        enabled = self.enabled
        findings = [f for f in loaded.findings if enabled(f.code)]
        respelled, self.fill_in.respelled = self.fill_in.respelled, []  # hints of this file's load
        findings.extend(f.at(loaded.label) for f in place(respelled, loaded.source) if enabled(f.code))
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
        return self.summarise(doc, FileResult(loaded.label, tuple(findings))), doc

    def summarise(self, doc: PlanDocument | None, result: FileResult) -> FileResult:
        """The result of a file as the run needs it; a subclass (`qplan demand`) adds to it
        (such a run keeps no cache: a kept result has no document to summarise)."""
        return result


# The checker of a worker process, set once by `_start_worker`.
_worker: Checker | None = None


def _start_worker(request: CheckRequest, settings: bytes | None, checker: type[Checker] = Checker) -> None:
    import signal

    from qplan.run.data import load_catalog

    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _worker = checker(load_catalog(request.catalog), request, settings)


# What a worker sends back per file: plain tuples, which pickle about fifty times faster than
# the frozen slotted dataclasses (whose pickling calls Python code per object): path,
# findings as (code, severity, message, line, column), the new cache entry's fields, the key
# whose time of use is due, whether the result came from the cache; a result of a subclass
# of `FileResult` (a summarising checker's) travels whole.
Packed = tuple[
    str,
    tuple[tuple[str, Severity, str, int | None, int | None], ...],
    tuple[Any, ...] | None,
    bytes | None,
    bool,
    FileResult | None,
]


def _check_chunk(items: list[str | FileResult]) -> list[Packed]:
    assert _worker is not None
    return [_pack(checked) for checked in _worker.check_many(items)]


def _pack(checked: Checked) -> Packed:
    result, entry = checked.result, checked.entry
    findings = tuple((f.code, f.severity, f.message, f.line, f.column) for f in result.findings)
    fields = (entry.key, entry.digest, entry.valid_from, entry.valid_until, entry.payload) if entry else None
    whole = result if type(result) is not FileResult else None
    return result.path, findings, fields, checked.used, checked.reused, whole


def _unpack(packed: Packed) -> Checked:
    path, rows, fields, used, reused, whole = packed
    entry = result_cache.Entry(*fields) if fields is not None else None
    if whole is not None:
        return Checked(whole, entry, used, reused)
    findings = tuple(
        Finding(code, severity, message, line, column, path) for code, severity, message, line, column in rows
    )
    return Checked(FileResult(path, findings), entry, used, reused)


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def max_jobs() -> int:
    """The most processes `--jobs` may ask for: a small multiple of the cores."""
    return JOBS_PER_CORE * _cores()


def jobs_for(request: CheckRequest, files: int | None) -> int:
    """How many processes check the files (`files`: how many, None when more than a few hundred)."""
    if "-" in request.paths:
        return 1
    if request.jobs is not None:
        wanted = min(max(1, request.jobs), max_jobs())
    elif files is not None and files <= IN_PROCESS_UP_TO:
        return 1
    else:
        wanted = min(_cores(), 8)
    if files is not None:
        wanted = min(wanted, -(-files // CHUNK))  # never more workers than chunks
    return max(1, wanted)


class Batch:
    """One batch check: results in order, the cache read and written, lost files counted."""

    def __init__(
        self,
        request: CheckRequest,
        catalog: Catalog,
        progress: Callable[[int], None] | None = None,
        on_break: Callable[[int], None] | None = None,
        checker: type[Checker] = Checker,
    ) -> None:
        self.request = request
        self.checker = checker
        self.catalog = catalog
        self.progress = progress
        self.on_break = on_break
        self.unchecked = 0  # files lost with a worker twice, reported as not checked
        self.reused = 0  # results taken from the cache

    def results(self, items: Iterable[str | FileResult]) -> Generator[FileResult, None, None]:
        """The result of every file, in the order of `items`, as soon as it is known."""
        from qplan.run.memory import batch_thresholds

        stream = iter(items)
        head = list(itertools.islice(stream, IN_PROCESS_UP_TO + 1))
        more = len(head) > IN_PROCESS_UP_TO
        jobs = jobs_for(self.request, None if more else sum(isinstance(i, str) for i in head))
        settings = result_settings(self.request) if self.request.use_cache else None
        writer = result_cache.Writer.open() if settings is not None else None
        try:
            if jobs == 1:
                checker = self.checker(self.catalog, self.request, settings)
                with batch_thresholds():
                    for chunk in _chunks(itertools.chain(head, stream), CHUNK):
                        for checked in checker.check_many(chunk):
                            yield self._take(checked, writer)
                        if self.progress is not None:
                            self.progress(len(chunk))
                return
            from qplan.run.pool import OrderedPool

            pool: OrderedPool[str | FileResult, Packed] = OrderedPool(
                _check_chunk, jobs, _start_worker, (self.request, settings, self.checker), self.on_break
            )
            chunks = _chunks(itertools.chain(head, stream), CHUNK)
            for chunk, out in pool.run(chunks):
                if out is None:
                    for item in chunk:
                        yield self._lost(item)
                else:
                    for packed in out:
                        yield self._take(_unpack(packed), writer)
                if self.progress is not None:
                    self.progress(len(chunk))
        finally:
            if writer is not None:
                writer.close()

    def _take(self, checked: Checked, writer: result_cache.Writer | None) -> FileResult:
        if writer is not None:
            if checked.entry is not None:
                writer.add(checked.entry)
            elif checked.used is not None:
                writer.used(checked.used)
        self.reused += checked.reused
        return checked.result

    def _lost(self, item: str | FileResult) -> FileResult:
        if isinstance(item, FileResult):
            return item
        self.unchecked += 1
        return FileResult(item, (Finding(UNUSABLE, "error", NOT_CHECKED, path=item),))


NOT_CHECKED = (
    "Nicht geprüft: der Prüfprozess dieser Datei wurde zweimal unerwartet beendet "
    "(etwa vom Betriebssystem wegen Speichermangels)."
)


def _chunks(items: Iterator[str | FileResult], size: int) -> Iterator[list[str | FileResult]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def results(
    request: CheckRequest,
    items: Iterable[str | FileResult],
    catalog: Catalog,
    progress: Callable[[int], None] | None = None,
    checker: type[Checker] = Checker,
) -> Iterator[FileResult]:
    """The result of every file, in order (a `Batch` without its counts); `checker` judges
    each file, in every worker."""
    return Batch(request, catalog, progress, checker=checker).results(items)
