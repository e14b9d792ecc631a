"""`qplan check`: the request checked, the files found and the catalogue loaded before the
first result; then the results stream to the caller, counted as they pass.

The caller (the CLI) owns the report and the person's Ctrl-C: it reads `CheckRun.results`,
which stops after the current file once `stop` says so (a JSON report stays whole), and
then the run's `outcome`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Generator, Iterator

from qplan.errors import Reason, RequestError, UsageError
from qplan.models.requests import CheckRequest
from qplan.models.results import CheckOutcome, FileResult, Tally
from qplan.run.check import MAX_JOBS, Batch, plan_paths


class CheckRun:
    """One check under way: its batch, the files still to come, and the tally so far."""

    def __init__(self, batch: Batch, items: Iterator[str | FileResult]) -> None:
        self.batch = batch
        self.items = items
        self.tally = Tally(batch.request.strict)
        self.breaks: int | None = None  # the pool gave up after this many broken pools

    def results(self, stop: Callable[[], bool] = lambda: False) -> Generator[FileResult, None, None]:
        """Every file's result in order, counted; ends early when `stop()` holds after a file
        or when the workers keep dying (`outcome` says which)."""
        from qplan.run.pool import PoolFailed

        results = self.batch.results(self.items)
        try:
            for result in results:
                self.tally.add(result)
                yield result
                if stop():
                    break
        except PoolFailed as exc:
            self.breaks = exc.breaks
        finally:
            results.close()  # the workers end here, also on Ctrl-C

    def outcome(self) -> CheckOutcome:
        return CheckOutcome(self.tally, self.batch.unchecked, self.breaks)


def execute(
    request: CheckRequest,
    *,
    progress: Callable[[int], None] | None = None,
    on_break: Callable[[int], None] | None = None,
) -> CheckRun:
    """The check of `request`, ready to run: refused (before any result) for an unknown rule,
    stdin named twice, a process count out of range, a missing path or no plan file at all.

    `progress` hears of every finished chunk of files, `on_break` of files checked again
    after a worker died."""
    from qplan.run.data import load_catalog
    from qplan.run.rules import known_prefix

    for code in (*request.select, *request.ignore):
        if not known_prefix(code):
            raise RequestError(Reason.UNKNOWN_RULE, ids=[code])
    if request.paths.count("-") > 1:
        raise UsageError("- (stdin) darf nur einmal vorkommen.")
    if request.jobs is not None and not 1 <= request.jobs <= MAX_JOBS:
        raise RequestError(Reason.OUT_OF_RANGE, option="jobs", ids=[str(request.jobs)], low=1, high=MAX_JOBS)
    items = plan_paths(request.paths)
    first = next(items, None)
    if first is None:
        raise UsageError(
            f"Keine Plan-Dateien gefunden in {', '.join(request.paths)}: geprüft werden *.yaml und *.yml "
            "(Ordner werden durchsucht) oder - für die Standardeingabe."
        )
    catalog = load_catalog(request.catalog)
    batch = Batch(request, catalog, progress=progress, on_break=on_break)
    return CheckRun(batch, itertools.chain([first], items))
