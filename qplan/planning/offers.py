"""Choosing one offer per module of a path (the "passgenaue" offer of the guideline).

Objective, in this order: (1) serve as many modules as possible, (2) fewest separate
trips (presence offers booked), (3) lowest total cost, (4) earliest finish. The result is
optimal for it: a branch and bound over the presence modules with admissible bounds;
self-study windows are then chosen per module, cheapest first, after their Grundlagen
module's date.

Hard rules: every date inside the track's window and not before today, one module per
presence day, no presence day on a weekend, the Grundlagen module of a Lernbereich before
its other modules, registration still open, seats left, region and setting as asked, the
budget. An offer is booked whole: when it also holds another module of the path, that
module is attended there too.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from qplan.dates import dmy, window_end
from qplan.models.catalog import Catalog, Track
from qplan.models.common import PHASE_NAMES
from qplan.models.plan import PlanDocument
from qplan.models.providers import REGION_NAMES, Offer, ProviderCatalog
from qplan.models.requests import Wishes
from qplan.models.results import Assignment, Selection, Unserved

SEARCH_LIMIT = 2_000_000  # expanded nodes; far above what real catalogues need


def _window(doc: PlanDocument, track: Track) -> tuple[date, date | None]:
    start = doc.start or date.today()
    months = track.schedule.duration_months
    return start, (window_end(start, months) if months else None)


def _in_window(day: date | None, first: date, last: date | None) -> bool:
    return day is not None and day >= first and (last is None or day <= last)


class _Filter:
    """Offers usable for the path, and for each module without one, the reason."""

    def __init__(
        self, doc: PlanDocument, catalog: Catalog, track: Track, providers: ProviderCatalog, wishes: Wishes
    ) -> None:
        self.first, self.last = _window(doc, track)
        self.first = max(self.first, wishes.today)
        self.wishes = wishes
        self.providers = providers
        self.phase = {e.id: e.phase for e in doc.modules if not e.done}
        self.reasons: dict[str, str] = {}
        self.usable: dict[str, list[Offer]] = {}
        for module, phase in self.phase.items():
            self.usable[module] = self._for_module(module, phase)

    def _for_module(self, module: str, phase: str) -> list[Offer]:
        wishes = self.wishes
        stages: list[tuple[str, Callable[[Offer], bool]]] = [
            ("es gibt kein Angebot für dieses Modul", lambda o: True),
            (f"kein Angebot als {PHASE_NAMES[phase]}", lambda o: o.phase == phase),
            (
                f"kein Angebot in der Form „{wishes.setting or 'regional/zentral'}“",
                lambda o: o.setting == wishes.setting if wishes.setting else o.setting != "inhouse",
            ),
            (
                f"kein Angebot in der Region {REGION_NAMES.get(wishes.region or '', wishes.region)}",
                lambda o: (
                    wishes.region is None
                    or o.online
                    or self.providers.provider_by_id[o.provider].region == wishes.region
                ),
            ),
            (
                f"kein Angebot im Zeitraum {dmy(self.first)} – {dmy(self.last) if self.last else 'offen'}",
                self._dated_ok,
            ),
            (
                "der Anmeldeschluss aller passenden Angebote ist vorbei",
                lambda o: o.registration_deadline >= wishes.today,
            ),
            ("alle passenden Angebote sind ausgebucht", lambda o: not o.full),
            (
                f"jedes passende Angebot kostet mehr als das Budget ({wishes.budget_eur} €)",
                lambda o: wishes.budget_eur is None or o.cost_eur <= wishes.budget_eur,
            ),
        ]
        offers = list(self.providers.offers_by_module.get(module, ()))
        for reason, keep in stages:
            offers = [o for o in offers if keep(o)]
            if not offers:
                self.reasons[module] = reason
                return []
        return offers

    def _dated_ok(self, offer: Offer) -> bool:
        if offer.phase == "selbstlern":
            return _in_window(offer.start, self.first, self.last) and _in_window(offer.until, self.first, self.last)
        # Booked whole: every day of the offer that serves the path must be usable.
        for module, day in zip(offer.modules, offer.dates, strict=False):
            if self.phase.get(module) == "praesenz" and (
                not _in_window(day, self.first, self.last) or day.weekday() >= 5
            ):
                return False
        return True


class _Search:
    """Branch and bound over the presence modules."""

    def __init__(
        self,
        doc: PlanDocument,
        catalog: Catalog,
        usable: dict[str, list[Offer]],
        unservable: dict[str, str],
        wishes: Wishes,
    ) -> None:
        self.catalog = catalog
        self.wishes = wishes
        open_entries = [e for e in doc.modules if not e.done]
        key = catalog.order_key
        self.presence = sorted(
            (e.id for e in open_entries if e.phase == "praesenz" and e.id not in unservable), key=key
        )
        self.selfstudy = sorted(
            (e.id for e in open_entries if e.phase == "selbstlern" and e.id not in unservable), key=key
        )
        presence_set = set(self.presence)
        self.grundlagen = catalog.grundlagen_of
        self.dependents: dict[str, list[str]] = {}
        for module, base in self.grundlagen.items():
            self.dependents.setdefault(base, []).append(module)
        # Presence candidates: which path modules each offer serves, with their days.
        self.cands: dict[str, list[tuple[Offer, tuple[tuple[str, date], ...]]]] = {}
        for module in self.presence:
            # Offers that serve the same modules on the same days are interchangeable for
            # every rule; only the cheapest of them (then the lowest id) can be in an optimum.
            cheapest: dict[tuple[tuple[str, date], ...], Offer] = {}
            for offer in usable[module]:
                served = tuple((m, d) for m, d in zip(offer.modules, offer.dates, strict=False) if m in presence_set)
                known = cheapest.get(served)
                if known is None or (offer.cost_eur, offer.id) < (known.cost_eur, known.id):
                    cheapest[served] = offer
            options = [(offer, served) for served, offer in cheapest.items()]
            options.sort(key=lambda c: (-len(c[1]), c[0].cost_eur / len(c[1]), c[1][0][1], c[0].id))
            self.cands[module] = options
        self.maxcover = max((len(s) for opts in self.cands.values() for _, s in opts), default=1)
        self.share = {m: min((o.cost_eur / len(s) for o, s in opts), default=0.0) for m, opts in self.cands.items()}
        # Self-study candidates, cheapest first, then earliest end.
        self.self_cands = {
            m: sorted(usable[m], key=lambda o: (o.cost_eur, o.until, o.start, o.id)) for m in self.selfstudy
        }
        self.self_lb = sum(opts[0].cost_eur for opts in self.self_cands.values() if opts)
        self.best: (
            tuple[
                tuple[int, int, int, date], dict[str, tuple[Offer, date]], dict[str, Offer], list[str], dict[str, str]
            ]
            | None
        ) = None
        self.nodes = 0
        self.proven = True
        self._self_memo: dict[tuple[str, date | None], Offer | None] = {}

    def run(self) -> None:
        self._assigned: dict[str, tuple[Offer, date]] = {}
        self._used_days: set[date] = set()
        self._skipped: list[str] = []
        self._offers: dict[str, Offer] = {}
        self._cost = 0
        self._dfs(0)

    # -- presence ---------------------------------------------------------------------------
    def _bound(self, index: int) -> tuple[int, int, float]:
        remaining = [m for m in self.presence[index:] if m not in self._assigned and m not in self._skipped]
        trips = len(self._offers) + math.ceil(len(remaining) / self.maxcover)
        cost = self._cost + sum(self.share[m] for m in remaining) + self.self_lb
        return len(self._skipped), trips, cost

    def _pruned(self, index: int) -> bool:
        if self.best is None:
            return False
        unserved, trips, cost = self._bound(index)
        best = self.best[0]
        if (unserved, trips) != (best[0], best[1]):
            return (unserved, trips) > (best[0], best[1])
        return cost > best[2] + 1e-9

    def _dfs(self, index: int) -> None:
        self.nodes += 1
        if self.nodes > SEARCH_LIMIT:
            self.proven = False
            return
        while index < len(self.presence) and (
            self.presence[index] in self._assigned or self.presence[index] in self._skipped
        ):
            index += 1
        if index == len(self.presence):
            self._leaf()
            return
        if self._pruned(index):
            return
        module = self.presence[index]
        budget = self.wishes.budget_eur
        for offer, served in self.cands[module]:
            if offer.id in self._offers:
                continue
            if budget is not None and self._cost + offer.cost_eur > budget:
                continue
            if not self._fits(served):
                continue
            for m, day in served:
                self._assigned[m] = (offer, day)
                self._used_days.add(day)
            self._offers[offer.id] = offer
            self._cost += offer.cost_eur
            self._dfs(index + 1)
            self._cost -= offer.cost_eur
            del self._offers[offer.id]
            for m, day in served:
                del self._assigned[m]
                self._used_days.discard(day)
            if self._pruned(index):
                return
        self._skipped.append(module)
        self._dfs(index + 1)
        self._skipped.pop()

    def _fits(self, served: tuple[tuple[str, date], ...]) -> bool:
        days = {m: d for m, d in served}
        for m, day in served:
            if m in self._assigned or m in self._skipped or day in self._used_days:
                return False
            base = self.grundlagen.get(m)
            if base is not None:
                base_day = days.get(base) or (self._assigned[base][1] if base in self._assigned else None)
                if base_day is not None and day <= base_day:
                    return False
            for dependent in self.dependents.get(m, ()):
                if dependent in self._assigned and self._assigned[dependent][1] <= day:
                    return False
        return True

    # -- self-study and the leaf --------------------------------------------------------------
    def _self_pick(self, module: str, after: date | None) -> Offer | None:
        key = (module, after)
        if key not in self._self_memo:
            self._self_memo[key] = next(
                (o for o in self.self_cands[module] if after is None or (o.start is not None and o.start > after)),
                None,
            )
        return self._self_memo[key]

    def _leaf(self) -> None:
        picks: dict[str, Offer] = {}
        unserved = list(self._skipped)
        reasons: dict[str, str] = {}
        for module in self.selfstudy:
            base = self.grundlagen.get(module)
            after = None
            if base is not None:
                if base in self._assigned:
                    after = self._assigned[base][1]
                elif base in picks:
                    after = picks[base].start
            pick = self._self_pick(module, after)
            if pick is None:
                unserved.append(module)
                reasons[module] = f"kein Zeitfenster nach dem Grundlagenmodul {base}"
            else:
                picks[module] = pick
        cost = self._cost
        budget = self.wishes.budget_eur
        for module, offer in sorted(picks.items(), key=lambda item: item[1].cost_eur):
            if budget is not None and cost + offer.cost_eur > budget:
                unserved.append(module)
                reasons[module] = f"das Budget ({budget} €) reicht nicht"
                continue
            cost += offer.cost_eur
        picks = {m: o for m, o in picks.items() if m not in reasons}
        days = [d for _, d in self._assigned.values()] + [o.until for o in picks.values() if o.until]
        finish = max(days) if days else date.max
        key = (len(unserved), len(self._offers), cost, finish)
        if self.best is None or key < self.best[0]:
            why = (
                "keine Kombination von Angeboten hält die Regeln ein"
                if budget is None
                else f"im Budget von {budget} € zusammen mit den übrigen Modulen nicht unterzubringen"
            )
            for module in self._skipped:
                reasons.setdefault(module, why)
            self.best = (key, dict(self._assigned), picks, unserved, reasons)


def choose(doc: PlanDocument, catalog: Catalog, track: Track, providers: ProviderCatalog, wishes: Wishes) -> Selection:
    """The optimal choice of offers for the open modules of `doc`."""
    found = _Filter(doc, catalog, track, providers, wishes)
    search = _Search(doc, catalog, found.usable, found.reasons, wishes)
    search.run()
    unserved = [Unserved(m, r) for m, r in sorted(found.reasons.items(), key=lambda i: catalog.order_key(i[0]))]
    if search.best is None:  # nothing to place
        return Selection((), tuple(unserved), 0, 0, None, search.proven)
    key, assigned, picks, skipped, reasons = search.best
    assignments = [Assignment(m, offer, day) for m, (offer, day) in assigned.items()]
    assignments += [Assignment(m, offer, offer.start, offer.until) for m, offer in picks.items() if offer.start]
    assignments.sort(key=lambda a: (a.day, catalog.order_key(a.module)))
    unserved += [Unserved(m, reasons[m]) for m in skipped]
    unserved.sort(key=lambda u: catalog.order_key(u.module))
    finish = key[3] if key[3] != date.max else None
    return Selection(tuple(assignments), tuple(unserved), key[1], key[2], finish, search.proven)


def apply(doc: PlanDocument, selection: Selection, providers: ProviderCatalog) -> PlanDocument:
    """The plan with each chosen offer's dates, provider, offer id and location."""
    chosen = {a.module: a for a in selection.assignments}
    entries = []
    for entry in doc.modules:
        a = chosen.get(entry.id)
        if entry.done or a is None:
            entries.append(replace(entry, date=None, until=None) if not entry.done else entry)
            continue
        provider = providers.provider_by_id.get(a.offer.provider)
        entries.append(
            replace(
                entry,
                date=a.day,
                until=a.until,
                offer=a.offer.id,
                provider=provider.name if provider else a.offer.provider,
                location=a.offer.location,
            )
        )
    names = {e.provider for e in entries if e.provider}
    return replace(doc, modules=tuple(entries), provider=names.pop() if len(names) == 1 else doc.provider)
