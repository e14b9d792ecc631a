"""The offers usable for a path, and the candidates the offer choice sees.

Everything that concerns one offer alone is filtered here, in this order: phase, setting,
region, the track's window (presence days on weekdays), public holidays and the learner's
days off, registration, seats, price. A module left without offers keeps the reason of the
first filter that took its last offer away.

The filter reads the columns of the offer table (`qplan.models.offer_table`), one pass per
offer that stops at the first filter the offer fails; no offer is built as an `Offer`
object here (the offer choice builds the ones it books). Of offers alike in every respect
the model sees, the cheapest (then the first by id) is the candidate.
"""

from __future__ import annotations

from datetime import date

from qplan.calendar import NO_DAYS_OFF, Calendar
from qplan.dates import dmy, window_end
from qplan.models.catalog import Catalog, Track
from qplan.models.common import PHASE_NAMES
from qplan.models.offer_table import OfferTable
from qplan.models.plan import PlanDocument
from qplan.models.providers import REGION_NAMES, ProviderCatalog
from qplan.models.requests import Wishes
from qplan.planning.model import Candidate

Offers = ProviderCatalog | OfferTable  # the providers as objects, or as columns (the fast form)
Signature = tuple[bool, tuple[tuple[int, int], ...], str | None, int, bool]


def window(doc: PlanDocument, track: Track) -> tuple[date, date | None]:
    start = doc.start or date.today()
    months = track.schedule.duration_months
    return start, (window_end(start, months) if months else None)


class OfferFilter:
    """Offers usable for the path (rows of the offer table), and for each module without
    one, the reason."""

    def __init__(
        self,
        doc: PlanDocument,
        catalog: Catalog,
        track: Track,
        providers: Offers,
        wishes: Wishes,
        calendar: Calendar = NO_DAYS_OFF,
    ) -> None:
        self.calendar = calendar
        self.grundlagen = catalog.grundlagen_of
        self.cadence = bool(track.schedule.max_events and track.schedule.max_events > 1)
        self.wst = {e.id: e.counted_wst for e in doc.modules if not e.done}
        self.first, self.last = window(doc, track)
        self.first = max(self.first, wishes.today)
        self.wishes = wishes
        self.table = table = providers if isinstance(providers, OfferTable) else OfferTable.of(providers)
        self.phase = {e.id: e.phase for e in doc.modules if not e.done}
        number = table.text_number
        self.open = {number[m] for m in self.phase if m in number}  # the open modules as text numbers
        self.region: dict[int, str] = {number[p.id]: p.region for p in table.providers if p.id in number}
        self.fixed_groups = {number[p.id] for p in table.providers if p.id in number and p.group == "fest"}
        self.attended: dict[int, list[tuple[int, int]]] = {}  # usable row → (module, day) it serves
        self._days: dict[int, int] = {}  # day number → the filter it fails (`_day_stage`)
        self._off: dict[int, bool] = {}  # day number → a holiday or day off
        self.reasons: dict[str, str] = {}
        self.usable: dict[str, list[int]] = {}
        for module, phase in self.phase.items():
            self.usable[module] = self._for_module(module, phase)

    def _reasons(self, phase: str) -> tuple[str, ...]:
        """Why a module has no offer, by the filter that took the last one away (in order)."""
        wishes = self.wishes
        return (
            f"kein Angebot als {PHASE_NAMES[phase]}",
            f"kein Angebot in der Form „{wishes.setting or 'regional/zentral'}“",
            f"kein Angebot in der Region {REGION_NAMES.get(wishes.region or '', wishes.region)}",
            f"kein Angebot im Zeitraum {dmy(self.first)} – {dmy(self.last) if self.last else 'offen'}",
            "jedes passende Angebot hat einen Präsenztag an einem Feiertag oder freien Tag",
            "der Anmeldeschluss aller passenden Angebote ist vorbei",
            "alle passenden Angebote sind ausgebucht",
            f"jedes passende Angebot kostet mehr als das Budget ({wishes.budget_eur} €)",
        )

    def _for_module(self, module: str, phase: str) -> list[int]:
        rows = self.table.rows_by_module.get(module, ())
        if not rows:
            self.reasons[module] = "es gibt kein Angebot für dieses Modul"
            return []
        passed = len(reasons := self._reasons(phase))
        failed = self._failures(rows, self.table.text_number.get(phase))
        usable = [row for row, stage in zip(rows, failed, strict=True) if stage == passed]
        if not usable:
            # the filters run in order: the list is empty after the last one any offer reached
            self.reasons[module] = reasons[max(failed)]
        return usable

    def _failures(self, rows: tuple[int, ...], phase: int | None) -> list[int]:
        """For each row, the number of the first filter it fails (8: none)."""
        table, wishes = self.table, self.wishes
        number = table.text_number.get
        phases, settings, online, providers = table.phase, table.setting, table.online, table.provider
        deadlines, booked, seats, costs = table.registration_deadline, table.booked, table.seats, table.cost_eur
        starts, untils, module_end, modules = table.start, table.until, table.module_end, table.modules
        date_end, dates = table.date_end, table.dates
        # the wished setting, else any but inhouse
        by_setting, wanted, inhouse = bool(wishes.setting), number(wishes.setting or ""), number("inhouse")
        region, home = wishes.region, self.region
        first, last = self.first.toordinal(), self.last.toordinal() if self.last else None
        today, budget, open_ = wishes.today.toordinal(), wishes.budget_eur, self.open
        selbstlern = phase == number("selbstlern") and phase is not None
        day_stage, seen, attended = self._day_stage, self._days.get, self.attended
        failed: list[int] = []
        fail = failed.append
        for row in rows:
            if phases[row] != phase:
                fail(0)
                continue
            if (settings[row] != wanted) if by_setting else (settings[row] == inhouse):
                fail(1)
                continue
            if region is not None and not online[row] and home.get(providers[row]) != region:
                fail(2)
                continue
            begin, end = (module_end[row - 1], date_end[row - 1]) if row else (0, 0)
            if module_end[row] - begin == 1:  # most offers: one module, on one day or in a window
                # (the module is open: the row is one of its offers)
                days = [(modules[begin], dates[end])] if date_end[row] > end else []
            else:
                ran, ran_days = modules[begin : module_end[row]], dates[end : date_end[row]]
                days = [(m, d) for m, d in zip(ran, ran_days, strict=False) if m in open_]
            if selbstlern:  # the window must lie inside; presence days (if any) on no day off
                start, until = starts[row], untils[row]
                dated = bool(start and until) and _inside(start, first, last) and _inside(until, first, last)
                stage = 3 if not dated else 4 if any(self._blocked(d) for _, d in days) else 8
            else:  # 3: a day outside the window or on a weekend, 4: a holiday or day off
                stage = 8
                for _, day in days:
                    known = seen(day)
                    if known is None:
                        known = day_stage(day, first, last)
                    if known < stage:
                        stage = known
            if stage < 8:
                fail(stage)
            elif deadlines[row] < today:
                fail(5)
            elif booked[row] >= seats[row]:
                fail(6)
            elif budget is not None and costs[row] > budget:
                fail(7)
            else:
                fail(8)
                attended[row] = days
        return failed

    def _day_stage(self, day: int, first: int, last: int | None) -> int:
        """3 for a day outside the window or on a weekend, 4 for a holiday or day off, else 8."""
        stage = self._days.get(day)
        if stage is None:
            # (day 1, 1 January of year 1, is a Monday)
            weekday = _inside(day, first, last) and (day + 6) % 7 < 5
            stage = self._days[day] = 8 if weekday and not self._blocked(day) else 3 if not weekday else 4
        return stage

    def _blocked(self, day: int) -> bool:
        """A holiday or a day off of the learner."""
        blocked = self._off.get(day)
        if blocked is None:
            blocked = self._off[day] = self.calendar.blocked(date.fromordinal(day)) is not None
        return blocked


def _inside(day: int, first: int, last: int | None) -> bool:
    """Day number `day` lies in the window from `first` to `last` (None: open)."""
    return day >= first and (last is None or day <= last)


def candidates(found: OfferFilter, providers: Offers | None = None) -> tuple[dict[str, int], list[Candidate]]:
    """Each usable offer once; of offers alike in every respect the model sees, the cheapest
    (then the first by id); with the table row of each candidate's offer (no `Offer` is
    built here: `found.table.offer(row)` builds one). (`providers` is not read: the filter
    holds the table.)"""
    table = found.table
    texts, ids, costs = table.texts, table.id, table.cost_eur
    rows = {ids[r]: r for usable in found.usable.values() for r in usable}.values()
    praesenz = table.text_number.get("praesenz")
    group = found.wishes.group_size is not None
    best: dict[Signature, tuple[int, str, int]] = {}
    for row in rows:
        presence = table.phase[row] == praesenz
        if presence:
            served = tuple(found.attended[row])
            last = max(d for _, d in served)
        else:
            begin = table.module_end[row - 1] if row else 0
            start = table.start[row]
            served = tuple((m, start) for m in table.modules[begin : table.module_end[row]] if m in found.open)
            last = table.until[row]
        provider = table.provider[row]
        home = found.region.get(provider)
        region = None if table.online[row] or home is None or not presence else home
        # only a fixed learning group tells providers with fixed groups apart (criterion 3a)
        signature = (presence, served, region, last, group and provider in found.fixed_groups)
        rank = (costs[row], texts[ids[row]], row)
        held = best.get(signature)
        if held is None or rank < held:
            best[signature] = rank
    offers: dict[str, int] = {}
    chosen = []
    for (presence, numbers, region, last, fixed), (cost, key, row) in sorted(best.items(), key=lambda i: i[1]):
        offers[key] = row
        served_days = tuple((texts[m], date.fromordinal(d)) for m, d in numbers)
        shift = sum(
            found.wst[m] * ((1 if presence else 0) - (1 if found.phase[m] == "praesenz" else 0)) for m, _ in served_days
        )
        chosen.append(Candidate(key, cost, presence, region, served_days, date.fromordinal(last), shift, fixed))
    return offers, _undominated(chosen, found)


def _undominated(candidates: list[Candidate], found: OfferFilter) -> list[Candidate]:
    """Drop self-study windows no optimum needs.

    A window for one module m that is nobody's Grundlagen module is dominated by another
    window for m that costs no more, starts no earlier and ends no later: whatever plan uses
    the first can use the second and is no worse on any criterion (trips and regions do not
    count self-study; a later start only helps m come after its own Grundlagen module)."""
    bases = {base for module in found.phase if (base := found.grundlagen.get(module)) in found.phase}
    kept: list[Candidate] = []
    windows: dict[str, list[Candidate]] = {}
    for cand in candidates:
        module = cand.served[0][0]
        if cand.presence or len(cand.served) != 1 or module in bases:
            kept.append(cand)
        else:
            windows.setdefault(module, []).append(cand)
    for options in windows.values():
        # cheapest first, then latest start, then earliest end: a window is kept unless an
        # earlier one (no dearer) also starts no earlier and ends no later
        options.sort(key=lambda c: (c.cost, -c.served[0][1].toordinal(), c.last, c.key))
        front: list[Candidate] = []
        for cand in options:
            start = cand.served[0][1]
            # (a fixed group's provider is never dropped for one without fixed groups)
            if not any(f.served[0][1] >= start and f.last <= cand.last and f.fixed >= cand.fixed for f in front):
                front.append(cand)
        kept.extend(front)
    return kept
