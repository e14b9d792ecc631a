"""Batch checks: many plan documents, every file gets its findings, reported as they finish.

Files are read and judged one by one, in order; with more than a few hundred files they
are spread over a pool of worker processes (one per core by default), each of which
loads the catalogue from the cache once. The results come back in the order of the
files and go straight to the reporter: nothing of a file is kept past its result, so
memory does not grow with the number of files.
"""

from __future__ import annotations

import itertools
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from qplan.errors import UsageError
from qplan.findings import UNUSABLE, Finding, sort_key
from qplan.loading import result_cache
from qplan.loading.files import Unlisted, read_source, walk_plan_files
from qplan.loading.loader import MAX_PLAN_BYTES, Loaded, load_model, validate_parsed
from qplan.loading.result_cache import ResultCache
from qplan.loading.sourcemap import place
from qplan.models.catalog import Catalog
from qplan.models.plan import PlanDocument
from qplan.models.providers import ProviderCatalog
from qplan.models.results import FileResult
from qplan.planning.shorthand import FillIn
from qplan.rules.engine import RuleSet, evaluate
from qplan.run.check_cache import decode_findings, encode_findings, result_settings, today_dates

IN_PROCESS_UP_TO = 300  # files; below this a pool's start costs more than it saves
CHUNK = 64  # files per task sent to a worker; progress advances per finished chunk
JOBS_PER_CORE = 4  # --jobs beyond this many per core only adds processes that wait
MAX_JOBS = 256  # a --jobs above this is a mistake (exit 2), not a wish to cap


@dataclass(frozen=True)
class CheckRequest:
    paths: tuple[str, ...]
    today: date
    strict: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    jobs: int | None = None  # None: one worker per core
    catalog: str | None = None  # the --catalog option
    providers: str | None = None  # the --providers option
    use_cache: bool = True  # reuse and keep results (`--no-cache`: False)


@dataclass
class Tally:
    """What the summary needs, counted while results stream past."""

    strict: bool
    files: int = 0
    files_with_errors: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    ok: bool = True

    def add(self, result: FileResult) -> None:
        self.files += 1
        errors = result.count("error")
        self.errors += errors
        self.warnings += result.count("warning")
        self.infos += result.count("info")
        self.files_with_errors += 1 if errors else 0
        self.ok = self.ok and result.ok(self.strict)


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
        self._providers: ProviderCatalog | None = None
        self.fill_in = FillIn(catalog)
        self.cache = ResultCache.open() if settings is not None else None
        self.settings = settings

    def providers(self) -> ProviderCatalog:
        """The providers file, loaded on the first plan that names an offer."""
        if self._providers is None:
            from qplan.run.data import load_providers

            self._providers = load_providers(self.request.providers, self.catalog)
        return self._providers

    def check(self, path: str) -> Checked:
        """Every finding of one file, from the cache when nothing it depends on changed;
        an unexpected error becomes a finding of that file."""
        try:
            return self._check(path)
        except Exception as exc:
            from qplan.errors import InputError

            if isinstance(exc, InputError):  # the providers file is unusable: say so at this file
                return Checked(FileResult(path, (Finding(UNUSABLE, "error", exc.message, path=path),)))
            message = f"Interner Fehler beim Prüfen dieser Datei ({type(exc).__name__}); bitte melden."
            return Checked(FileResult(path, (Finding(UNUSABLE, "error", message, path=path),)))

    def _check(self, path: str) -> Checked:
        label, raw = read_source(path, MAX_PLAN_BYTES)
        if not isinstance(raw, bytes):
            return Checked(self._judge(validate_parsed(PlanDocument, raw, label, self.fill_in))[0])
        if self.settings is None or path == "-":
            return Checked(
                self._judge(load_model(PlanDocument, raw, label, max_bytes=MAX_PLAN_BYTES, prepare=self.fill_in))[0]
            )
        key = result_cache.key_for(self.settings, path)
        file_digest = result_cache.digest(raw)
        if self.cache is not None:
            payload = self.cache.get(key, file_digest, self.request.today)
            findings = decode_findings(payload, label) if payload is not None else None
            if findings is not None:
                return Checked(FileResult(label, findings), used=key)
        result, doc = self._judge(load_model(PlanDocument, raw, label, max_bytes=MAX_PLAN_BYTES, prepare=self.fill_in))
        start, until = result_cache.days(today_dates(doc), self.request.today)
        entry = result_cache.Entry(key, file_digest, start, until, encode_findings(result.findings))
        return Checked(result, entry=entry)

    def _judge(self, loaded: Loaded[PlanDocument]) -> tuple[FileResult, PlanDocument | None]:
        enabled = self.enabled
        findings = [f for f in loaded.findings if enabled(f.code)]
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
        return FileResult(loaded.label, tuple(findings)), doc


@dataclass(frozen=True, slots=True)
class Checked:
    """A file's result, with the cache entry to write (a new result) or the key it was read from."""

    result: FileResult
    entry: result_cache.Entry | None = None
    used: bytes | None = None


# The checker of a worker process, set once by `_start_worker`.
_worker: Checker | None = None


def _start_worker(request: CheckRequest, settings: bytes | None) -> None:
    import signal

    from qplan.run.data import load_catalog

    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _worker = Checker(load_catalog(request.catalog), request, settings)


def _check_chunk(items: list[str | FileResult]) -> list[Checked]:
    assert _worker is not None
    check = _worker.check
    return [check(item) if isinstance(item, str) else Checked(item) for item in items]


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
    ) -> None:
        self.request = request
        self.catalog = catalog
        self.progress = progress
        self.on_break = on_break
        self.unchecked = 0  # files lost with a worker twice, reported as not checked
        self.reused = 0  # results taken from the cache

    def results(self, items: Iterable[str | FileResult]) -> Iterator[FileResult]:
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
                checker = Checker(self.catalog, self.request, settings)
                with batch_thresholds():
                    for item in itertools.chain(head, stream):
                        yield self._take(checker.check(item) if isinstance(item, str) else Checked(item), writer)
                        if self.progress is not None:
                            self.progress(1)
                return
            from qplan.run.pool import OrderedPool

            pool: OrderedPool[str | FileResult, Checked] = OrderedPool(
                _check_chunk, jobs, _start_worker, (self.request, settings), self.on_break
            )
            chunks = _chunks(itertools.chain(head, stream), CHUNK)
            for chunk, out in pool.run(chunks):
                if out is None:
                    for item in chunk:
                        yield self._lost(item)
                else:
                    for checked in out:
                        yield self._take(checked, writer)
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
                self.reused += 1
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
) -> Iterator[FileResult]:
    """The result of every file, in order (a `Batch` without its counts)."""
    return Batch(request, catalog, progress).results(items)
