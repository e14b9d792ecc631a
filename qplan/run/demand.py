"""`qplan demand`: the learners' plan files added up against the offers' free seats.

The files go the way of `qplan check` (the same path walk, the same pool of workers, the
same rules); each worker hands back, besides the findings, a small count record of the plan
(`PlanCounts`: no name, no path). The parent adds the records up as they stream past, so
memory depends on the number of modules, offers and half-years, not on the number of files.
Plans with errors are counted apart and add nothing to the demand: `qplan check` says what
to fix.

A plan without a group counts one seat per booked offer. The files of a fixed learning group
(`group: {id, size}`) count the group's `size` seats once per offer, however many of its
members' files are read (run/demand_groups.py). Presence modules per organisation and
half-year give the in-house proposals where the headcount reaches the catalogue's
`teams.inhouse_min_group`; that counter grows with the organisations, not with the files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from qplan.errors import UsageError
from qplan.models.catalog import Catalog
from qplan.models.office import (
    ONLINE,
    UNKNOWN,
    CountedFile,
    DemandCell,
    DemandRequest,
    DemandResult,
    GroupTotal,
    OfferDemand,
    PlanCounts,
    Unreadable,
    area_of,
    free_seats,
    half_year,
    half_year_bounds,
)
from qplan.models.plan import PlanDocument
from qplan.models.providers import REGIONS, ProviderCatalog
from qplan.models.requests import CheckRequest
from qplan.models.results import FileResult
from qplan.run.check import Checker, expand_paths, results
from qplan.run.demand_groups import GroupSeats, proposals

Key = tuple[str, str, str, str]  # module, area, half-year, target group


def plan_counts(doc: PlanDocument, *, has_errors: bool) -> PlanCounts:
    """What a plan adds to the demand: its booked offers and its open modules, not yet done."""
    bookings = []
    open_modules = []
    presence = []
    for entry in doc.modules:
        if entry.done or entry.recognised is not None:
            continue
        if entry.phase == "praesenz" and entry.date is not None:
            presence.append((entry.id, half_year(entry.date)))
        if entry.offer:
            bookings.append((entry.id, entry.offer))
        else:
            open_modules.append((entry.id, half_year(entry.date) if entry.date is not None else UNKNOWN))
    return PlanCounts(
        has_errors=has_errors,
        composition=is_composition(doc),
        group=doc.target_group or UNKNOWN,
        home=doc.home or UNKNOWN,
        offers=tuple(dict.fromkeys(offer for _, offer in bookings)),
        bookings=tuple(bookings),
        open=tuple(open_modules),
        learning_group=(doc.group.id, doc.group.size) if doc.group is not None else None,
        organisation=" ".join(doc.organisation.split()) if doc.organisation else UNKNOWN,
        presence=tuple(presence),
    )


def is_composition(doc: PlanDocument) -> bool:
    """A provider's composition (`provider:`), not a learner's plan. `qplan plan --offers` also
    writes `provider:` when every booked offer is of one provider, so a file that books an
    offer (`offer:`) or names a learner, a group, a home or a target group is a learner's plan."""
    learner = doc.learner or doc.group or doc.home or doc.target_group
    return doc.provider is not None and not learner and not any(e.offer for e in doc.modules)


class DemandChecker(Checker):
    """Checks a plan like `qplan check` and adds its count record."""

    def summarise(self, doc: PlanDocument | None, result: FileResult) -> FileResult:
        if doc is None:
            return result
        counts = plan_counts(doc, has_errors=result.count("error") > 0)
        return CountedFile(result.path, result.findings, counts)


class Tally:
    """The demand added up while the files stream past: the run's state, not a result (the
    result is the `DemandResult` made from it)."""

    def __init__(self) -> None:
        self.files = 0
        self.counted = 0
        self.with_errors = 0
        self.compositions = 0
        self.unusable: list[Unreadable] = []
        self.planned: Counter[str] = Counter()  # offer → plans that booked it
        self.booked: Counter[Key] = Counter()
        self.open: Counter[Key] = Counter()
        self.plans: Counter[str] = Counter()  # target group → plans
        self.learning_groups: dict[str, GroupSeats] = {}  # group id → its files so far
        self.people: Counter[tuple[str, str, str]] = Counter()  # (organisation, module, half) → people

    def add(self, result: FileResult, providers: ProviderCatalog) -> None:
        self.files += 1
        counts = result.counts if isinstance(result, CountedFile) else None
        if counts is None:
            first = next((f for f in result.findings if f.severity == "error"), None)
            self.unusable.append(Unreadable(result.path, first.format() if first else "nicht lesbar"))
            return
        if counts.composition:
            self.compositions += 1
            return
        if counts.has_errors:
            self.with_errors += 1
            return
        self.counted += 1
        self.plans[counts.group] += 1
        if counts.learning_group is not None:
            self.learning_groups.setdefault(counts.learning_group[0], GroupSeats()).add(counts)
            return  # counted once per group when the tally is summarised (`fold_groups`)
        self.planned.update(counts.offers)
        for module, offer_id in counts.bookings:
            self.book(module, offer_id, counts.group, 1, providers)
        for module, half in counts.open:
            self.open[(module, counts.home, half, counts.group)] += 1
        for module, half in counts.presence:
            self.people[(counts.organisation, module, half)] += 1

    def book(self, module: str, offer_id: str, group: str, seats: int, providers: ProviderCatalog) -> None:
        offer = providers.offer_by_id.get(offer_id)
        day = offer.date_of(module) if offer is not None else None
        area = area_of(offer, providers) if offer is not None else UNKNOWN
        self.booked[(module, area, half_year(day) if day else UNKNOWN, group)] += seats

    def fold_groups(self, providers: ProviderCatalog) -> None:
        """Add every learning group's seats, once per offer (and per open module), to the counts."""
        for seats in self.learning_groups.values():
            for offer_id, n in seats.planned():
                self.planned[offer_id] += n
            for module, offer_id, group, n in seats.bookings():
                self.book(module, offer_id, group, n, providers)
            for module, half, home, group, n in seats.open_modules():
                self.open[(module, home, half, group)] += n
            for organisation, module, half, n in seats.people():
                self.people[(organisation, module, half)] += n


def plan_files(request: DemandRequest) -> tuple[list[str], list[FileResult]]:
    """The plan files of the request (folders searched like `check`); none at all is a usage error."""
    files, unreadable = expand_paths(request.paths)
    if not files and not unreadable:
        raise UsageError(
            f"Keine Plan-Dateien gefunden in {', '.join(request.paths)}: gezählt werden *.yaml und *.yml "
            "(Ordner werden durchsucht)."
        )
    return files, unreadable


def execute(
    request: DemandRequest,
    files: Sequence[str],
    unreadable: Sequence[FileResult] = (),
    progress: Callable[[int], None] | None = None,
) -> DemandResult:
    """Check and count every file; the providers file is loaded first (InputError when unusable)."""
    from qplan.run.data import load_catalog, load_providers

    catalog = load_catalog(request.catalog)
    providers = load_providers(request.providers, catalog)
    check = CheckRequest(
        paths=request.paths,
        today=request.today,
        jobs=request.jobs,
        catalog=request.catalog,
        providers=request.providers,
        use_cache=False,  # a kept result has no plan to count
    )
    tally = Tally()
    for problem in unreadable:
        tally.add(problem, providers)
    for result in results(check, files, catalog, progress=progress, checker=DemandChecker):
        tally.add(result, providers)
    return summarise(tally, providers, catalog, request)


def summarise(tally: Tally, providers: ProviderCatalog, catalog: Catalog, request: DemandRequest) -> DemandResult:
    """The tally as a result: offers against their free seats, cells against the offers."""
    tally.fold_groups(providers)
    supply: Counter[tuple[str, str, str]] = Counter()
    anywhere: Counter[tuple[str, str]] = Counter()
    seats: Counter[tuple[str, str, str]] = Counter()
    for offer in providers.offers:
        area = area_of(offer, providers)
        for module in offer.modules:
            day = offer.date_of(module)
            if day is None:
                continue
            supply[(module, area, half_year(day))] += 1
            seats[(module, area, half_year(day))] += free_seats(offer)
            anywhere[(module, half_year(day))] += 1
    offers = []
    for offer_id, planned in tally.planned.items():
        known = providers.offer_by_id.get(offer_id)
        if known is None:
            continue  # a plan naming an unknown offer has an error (QP401) and is not counted
        first = known.first_day
        offers.append(
            OfferDemand(
                known.id,
                known.modules,
                area_of(known, providers),
                half_year(first) if first else UNKNOWN,
                planned,
                free_seats(known),
                known.seats,
            )
        )
    order = {mid: n for n, mid in enumerate(sorted(catalog.module_by_id, key=catalog.order_key))}
    area_order = {a: n for n, a in enumerate((*REGIONS, ONLINE, UNKNOWN))}
    offers.sort(key=lambda o: (o.half, area_order.get(o.area, 9), order.get(o.modules[0], 999), o.offer))
    cells = []
    places: dict[tuple[str, str, str], set[str]] = {}
    for key in (*tally.booked, *tally.open):
        places.setdefault(key[:3], set()).add(key[3])
    for module, area, half in sorted(
        places, key=lambda p: (p[2] or "9999", order.get(p[0], 999), area_order.get(p[1], 9))
    ):
        by_group = tuple(
            (g, tally.booked[(module, area, half, g)], tally.open[(module, area, half, g)])
            for g in sorted(places[(module, area, half)], key=lambda g: (g == UNKNOWN, g))
        )
        open_here = sum(o for _, _, o in by_group)
        if half == UNKNOWN or half_year_bounds(half)[1] < request.today:
            served = True  # without a date, or in a half-year gone by: counted, not judged
        elif area == UNKNOWN:
            served = anywhere[(module, half)] > 0
        else:
            served = supply[(module, area, half)] + supply[(module, ONLINE, half)] > 0
        cells.append(
            DemandCell(
                module,
                area,
                half,
                booked=sum(b for _, b, _ in by_group),
                open=open_here,
                offers=supply[(module, area, half)],
                free=seats[(module, area, half)],
                by_group=by_group,
                unserved=open_here > 0 and not served,
            )
        )
    names = _group_names(catalog)
    minimum = catalog.teams.inhouse_min_group if catalog.teams is not None else None
    rank = {g: n for n, g in enumerate(names)}
    groups = []
    for group in sorted(tally.plans, key=lambda g: (g == UNKNOWN, rank.get(g, len(rank)), g)):
        booked = sum(n for k, n in tally.booked.items() if k[3] == group)
        open_modules = sum(n for k, n in tally.open.items() if k[3] == group)
        groups.append(GroupTotal(group, tally.plans[group], booked, open_modules))
    return DemandResult(
        today=request.today,
        files=tally.files,
        counted=tally.counted,
        with_errors=tally.with_errors,
        compositions=tally.compositions,
        unusable=tuple(tally.unusable),
        offers=tuple(offers),
        cells=tuple(cells),
        groups=tuple(groups),
        group_names=names,
        learning_groups=tuple(
            sorted((g.result() for g in tally.learning_groups.values()), key=lambda g: (-g.size, g.offers, g.files))
        ),
        proposals=tuple(
            sorted(
                proposals(tally.people, minimum),
                key=lambda p: (p.half, order.get(p.module, 999), p.organisation.casefold(), p.organisation),
            )
        ),
        inhouse_min_group=minimum,
        inhouse_assumed=bool(catalog.teams and catalog.teams.inhouse_min_group_assumed),
    )


def _group_names(catalog: Catalog) -> dict[str, str]:
    groups = catalog.target_groups.groups if catalog.target_groups else ()
    return {g.id: g.name for g in groups}
