"""The programme report of a year over plan files: participations, WSt and subsidy by
Regierungsbezirk, format, setting, target group and home region, against the budget.

Files are found like `check` finds them (`run.check.expand_paths`) and read one by one;
each becomes a small count record (`PlanCounts`, never a name), merged as it arrives, so
memory does not grow with the number of files. Large batches are spread over worker
processes like `check`'s (`run.check.jobs_for`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence

from qplan.models.catalog import Catalog
from qplan.models.funding import (
    NOT_GIVEN,
    FailedFile,
    FundingReport,
    FundingReportRequest,
    FundingRules,
    PlanCounts,
    Tally,
)
from qplan.models.plan import PlanDocument
from qplan.models.providers import REGIONS, SETTINGS, ProviderCatalog

CHUNK = 64  # files per task sent to a worker
LOST = "Nicht gezählt: der Prozess dieser Datei wurde zweimal unerwartet beendet (etwa wegen Speichermangels)."


class PlanCounter:
    """Per-run state of counting plan files in one process."""

    def __init__(self, catalog: Catalog, request: FundingReportRequest) -> None:
        from qplan.planning.shorthand import FillIn
        from qplan.run.data import load_funding

        self.catalog = catalog
        self.request = request
        self.rules: FundingRules = load_funding(request.funding)
        self.fill_in = FillIn(catalog)
        self._providers: ProviderCatalog | None = None

    def providers(self) -> ProviderCatalog:
        if self._providers is None:
            from qplan.run.data import load_providers

            self._providers = load_providers(self.request.providers, self.catalog)
        return self._providers

    def count(self, path: str) -> PlanCounts | FailedFile:
        """One file's counts, or the first error that makes it unusable."""
        from qplan.errors import InputError
        from qplan.loading.loader import MAX_PLAN_BYTES, load_file
        from qplan.run.funding import assess, bookings

        try:
            loaded = load_file(PlanDocument, path, max_bytes=MAX_PLAN_BYTES, prepare=self.fill_in)
            if loaded.value is None or loaded.errors:
                first = (loaded.errors or loaded.findings)[0]
                return FailedFile(loaded.label, f"{first.location()}: {first.message}")
            doc = loaded.value
            offers = self.providers() if bookings(doc) else None
            result = assess(doc, offers, self.rules, loaded.label)
        except InputError:  # the providers file is unusable: the run stops with its messages
            raise
        except Exception as exc:
            return FailedFile(path, f"{path}: interner Fehler beim Lesen ({type(exc).__name__}); bitte melden.")
        year = self.request.year
        counted = tuple(
            (b.offer if b.inhouse else "", b.region or NOT_GIVEN, b.setting or NOT_GIVEN, b.wst, b.subsidy_cents)
            for b in result.bookings
            if b.first_day is not None and b.first_day.year == year
        )
        return PlanCounts(
            format=result.format,
            target_group=result.target_group or NOT_GIVEN,
            home=result.home or NOT_GIVEN,
            bookings=counted,
            unknown_offers=sum(1 for b in result.bookings if b.reason == "unknown_offer"),
        )


class Merged:
    """The report while plan files stream past: the run's state, not a result (the result is
    the `FundingReport` it makes)."""

    def __init__(self) -> None:
        self.plans = 0
        self.with_bookings = 0
        self.failed: list[FailedFile] = []
        self.total = Tally()
        self.groups: dict[str, dict[str, Tally]] = {}
        self.inhouse: Counter[str] = Counter()
        self.unknown = 0

    def add(self, item: PlanCounts | FailedFile) -> None:
        if isinstance(item, FailedFile):
            self.failed.append(item)
            return
        self.plans += 1
        self.unknown += item.unknown_offers
        if item.bookings:
            self.with_bookings += 1
        for offer, region, setting, wst, cents in item.bookings:
            self.total = self.total.plus(wst, cents)
            for kind, key in (
                ("region", region),
                ("format", item.format),
                ("setting", setting),
                ("target_group", item.target_group),
                ("home", item.home),
            ):
                group = self.groups.setdefault(kind, {})
                group[key] = group.get(key, Tally()).plus(wst, cents)
            if offer:
                self.inhouse[offer] += cents

    def report(self, request: FundingReportRequest, rules: FundingRules) -> FundingReport:
        cap = rules.cap_per_inhouse_event.eur * 100
        capped = sorted(offer for offer, cents in self.inhouse.items() if cents > cap)
        reduction = sum(self.inhouse[offer] - cap for offer in capped)
        orders = {
            "region": (*REGIONS, NOT_GIVEN),
            "setting": (*SETTINGS, NOT_GIVEN),
            "format": ("einfuehrung", "basis", "vertiefung"),
            "target_group": (*rules.group_names, NOT_GIVEN),
            "home": (*REGIONS, NOT_GIVEN),
        }

        def ordered(kind: str) -> tuple[tuple[str, Tally], ...]:
            found = self.groups.get(kind, {})
            known = orders[kind]
            keys = [k for k in known if k in found] + sorted(k for k in found if k not in known)
            return tuple((k, found[k]) for k in keys)

        return FundingReport(
            year=request.year,
            plans=self.plans,
            plans_with_bookings=self.with_bookings,
            failed=tuple(self.failed),
            total=self.total,
            by_region=ordered("region"),
            by_format=ordered("format"),
            by_setting=ordered("setting"),
            by_target_group=ordered("target_group"),
            by_home=ordered("home"),
            inhouse_reduction_cents=reduction,
            budget_eur=rules.budget_for(request.year),
            unknown_offers=self.unknown,
            capped_events=tuple(capped),
        )


_worker: PlanCounter | None = None


def _start_worker(request: FundingReportRequest) -> None:
    import signal

    from qplan.run.data import load_catalog

    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker = PlanCounter(load_catalog(request.catalog), request)


def _count_chunk(paths: list[str]) -> list[PlanCounts | FailedFile]:
    assert _worker is not None
    return [_worker.count(path) for path in paths]


def counts(
    request: FundingReportRequest, files: Sequence[str], counter: PlanCounter, progress: Callable[[int], None] | None
) -> Iterator[PlanCounts | FailedFile]:
    """Each file's counts in the order of `files`, in one process or a pool like `check`'s."""
    from datetime import date

    from qplan.models.requests import CheckRequest
    from qplan.run.check import jobs_for

    jobs = jobs_for(CheckRequest(paths=request.paths, today=date.min), len(files))
    if jobs == 1 or "-" in files:
        for path in files:
            yield counter.count(path)
            if progress is not None:
                progress(1)
        return
    from qplan.run.pool import OrderedPool

    counter.providers()  # an unusable providers file stops the run here, not in a worker
    # `check`'s pool: a worker that dies (as the OOM killer would end it) costs its chunk one
    # retry, then the chunk's files are counted as failed instead of hanging the report.
    pool: OrderedPool[str, PlanCounts | FailedFile] = OrderedPool(_count_chunk, jobs, _start_worker, (request,))
    chunks = (list(files[i : i + CHUNK]) for i in range(0, len(files), CHUNK))
    for chunk, out in pool.run(chunks):
        yield from out if out is not None else (FailedFile(path, f"{path}: {LOST}") for path in chunk)
        if progress is not None:
            progress(len(chunk))


def execute(
    request: FundingReportRequest, catalog: Catalog, progress: Callable[[int], None] | None = None
) -> FundingReport:
    """Read every plan file under `request.paths` and merge their counts."""
    from qplan.errors import UsageError
    from qplan.run.check import expand_paths

    files, unreadable = expand_paths(request.paths)
    if not files and not unreadable:
        raise UsageError(
            f"Keine Plan-Dateien gefunden in {', '.join(request.paths)}: gelesen werden *.yaml und *.yml "
            "(Ordner werden durchsucht) oder - für die Standardeingabe."
        )
    counter = PlanCounter(catalog, request)
    merged = Merged()
    for problem in unreadable:
        first = problem.findings[0]
        merged.add(FailedFile(problem.path, f"{first.location()}: {first.message}"))
    for item in counts(request, files, counter, progress):
        merged.add(item)
    return merged.report(request, counter.rules)
