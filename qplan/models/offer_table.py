"""The offers of a providers file as columns: the compact form the cache keeps and the
offer choice filters, without building one object per offer.

A providers file of 50,000 offers is 50,000 `Offer` objects when read in full; the offer
choice needs a few columns of them and then a few hundred whole offers. `OfferTable` holds
every field of every offer (nothing is lost: `to_catalog()` gives back the
`ProviderCatalog` it was made from), each field as one tuple with an entry per offer. Texts
are numbers into `texts`, days are day numbers (`date.toordinal()`), a missing value is
`NONE` (`0` for a missing day). An offer's modules and presence days are runs of the flat
`modules` and `dates` tuples: offer `i` holds `modules[module_end[i - 1]:module_end[i]]`.
`Offer` objects are built on request (`offer(i)`), only for the offers a caller keeps.

Whether a table read back from the cache is intact is checked in `qplan.loading.compact`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from qplan.models.providers import Offer, Provider, ProviderCatalog

NONE = -1  # a missing text


@dataclass(frozen=True, kw_only=True)
class OfferTable:
    schema_version: int
    note: str
    providers: tuple[Provider, ...]
    texts: tuple[str, ...]
    id: tuple[int, ...]
    provider: tuple[int, ...]
    phase: tuple[int, ...]
    setting: tuple[int, ...]
    location: tuple[int, ...]
    seats: tuple[int, ...]
    cost_eur: tuple[int, ...]
    funded: tuple[bool, ...]
    registration_deadline: tuple[int, ...]
    start: tuple[int, ...]
    until: tuple[int, ...]
    booked: tuple[int, ...]
    online: tuple[bool, ...]
    status: tuple[int, ...]
    reviewer: tuple[int, ...]
    reason: tuple[int, ...]
    begleitung: tuple[int, ...]
    modules: tuple[int, ...]
    module_end: tuple[int, ...]
    dates: tuple[int, ...]
    date_end: tuple[int, ...]
    # (offer, module, WSt): the modules an offer covers only in part (`Offer.wst`), in order
    wst: tuple[tuple[int, int, int], ...]

    def __len__(self) -> int:
        return len(self.id)

    def module_ids(self, index: int) -> tuple[str, ...]:
        texts = self.texts
        first = self.module_end[index - 1] if index else 0
        return tuple(texts[m] for m in self.modules[first : self.module_end[index]])

    def day_numbers(self, index: int) -> tuple[int, ...]:
        first = self.date_end[index - 1] if index else 0
        return self.dates[first : self.date_end[index]]

    def offer(self, index: int) -> Offer:
        """The offer in row `index`, whole."""
        texts = self.texts

        def text(number: int) -> str | None:
            return None if number == NONE else texts[number]

        def day(number: int) -> date | None:
            return date.fromordinal(number) if number else None

        return Offer(
            id=texts[self.id[index]],
            provider=texts[self.provider[index]],
            modules=self.module_ids(index),
            phase=texts[self.phase[index]],  # type: ignore[arg-type]  # checked by qplan.loading.compact
            setting=texts[self.setting[index]],  # type: ignore[arg-type]
            location=texts[self.location[index]],
            seats=self.seats[index],
            cost_eur=self.cost_eur[index],
            funded=self.funded[index],
            registration_deadline=date.fromordinal(self.registration_deadline[index]),
            dates=tuple(date.fromordinal(d) for d in self.day_numbers(index)),
            start=day(self.start[index]),
            until=day(self.until[index]),
            booked=self.booked[index],
            online=self.online[index],
            status=text(self.status[index]),  # type: ignore[arg-type]
            reviewer=text(self.reviewer[index]),
            reason=text(self.reason[index]),
            wst=self.partial.get(index, {}),
            begleitung=text(self.begleitung[index]),
        )

    @cached_property
    def partial(self) -> dict[int, dict[str, int]]:
        """Per offer row, the WSt of the modules it covers only in part."""
        found: dict[int, dict[str, int]] = {}
        for index, module, hours in self.wst:
            found.setdefault(index, {})[self.texts[module]] = hours
        return found

    @cached_property
    def provider_by_id(self) -> dict[str, Provider]:
        return {p.id: p for p in self.providers}

    @cached_property
    def text_number(self) -> dict[str, int]:
        return {text: number for number, text in enumerate(self.texts)}

    @cached_property
    def row_by_id(self) -> dict[str, int]:
        texts = self.texts
        return {texts[number]: index for index, number in enumerate(self.id)}

    @cached_property
    def rows_by_module(self) -> dict[str, tuple[int, ...]]:
        """The rows the planner may choose for each module, as `ProviderCatalog.offers_by_module`:
        taken in by the intake review and covering the whole module."""
        texts, modules, partial = self.texts, self.modules, self.partial
        taken = {number for number, text in enumerate(texts) if text == "aufgenommen"}
        taken.add(NONE)  # an offer from before the intake review is planned
        index: dict[int, list[int]] = {}
        first = 0
        for row, (status, end) in enumerate(zip(self.status, self.module_end, strict=True)):
            if status in taken:
                if end - first == 1 and row not in partial:  # most offers: one whole module
                    index.setdefault(modules[first], []).append(row)
                else:
                    whole = partial.get(row, {})
                    for module in modules[first:end]:
                        if texts[module] not in whole:
                            index.setdefault(module, []).append(row)
            first = end
        return {texts[k]: tuple(v) for k, v in index.items()}

    def catalog_of(self, rows: Iterable[int]) -> ProviderCatalog:
        """A providers catalogue with every provider and the offers of `rows`."""
        return ProviderCatalog(
            schema_version=self.schema_version,
            note=self.note,
            providers=self.providers,
            offers=tuple(self.offer(row) for row in rows),
        )

    def to_catalog(self) -> ProviderCatalog:
        """The whole providers catalogue, equal to the one the table was made from."""
        return self.catalog_of(range(len(self)))

    @classmethod
    def of(cls, catalog: ProviderCatalog) -> OfferTable:
        """The columns of a providers catalogue."""
        numbers: dict[str, int] = {}

        def text(value: str) -> int:
            found = numbers.get(value)
            if found is None:
                found = numbers[value] = len(numbers)
            return found

        def maybe(value: str | None) -> int:
            return NONE if value is None else text(value)

        def day(value: date | None) -> int:
            return 0 if value is None else value.toordinal()

        offers = catalog.offers
        modules: list[int] = []
        module_end: list[int] = []
        dates: list[int] = []
        date_end: list[int] = []
        wst: list[tuple[int, int, int]] = []
        for index, offer in enumerate(offers):
            modules.extend(text(m) for m in offer.modules)
            module_end.append(len(modules))
            dates.extend(d.toordinal() for d in offer.dates)
            date_end.append(len(dates))
            wst.extend((index, text(m), hours) for m, hours in offer.wst.items())
        return cls(
            schema_version=catalog.schema_version,
            note=catalog.note,
            providers=catalog.providers,
            id=tuple(text(o.id) for o in offers),
            provider=tuple(text(o.provider) for o in offers),
            phase=tuple(text(o.phase) for o in offers),
            setting=tuple(text(o.setting) for o in offers),
            location=tuple(text(o.location) for o in offers),
            seats=tuple(o.seats for o in offers),
            cost_eur=tuple(o.cost_eur for o in offers),
            funded=tuple(o.funded for o in offers),
            registration_deadline=tuple(o.registration_deadline.toordinal() for o in offers),
            start=tuple(day(o.start) for o in offers),
            until=tuple(day(o.until) for o in offers),
            booked=tuple(o.booked for o in offers),
            online=tuple(o.online for o in offers),
            status=tuple(maybe(o.status) for o in offers),
            reviewer=tuple(maybe(o.reviewer) for o in offers),
            reason=tuple(maybe(o.reason) for o in offers),
            begleitung=tuple(maybe(o.begleitung) for o in offers),
            modules=tuple(modules),
            module_end=tuple(module_end),
            dates=tuple(dates),
            date_end=tuple(date_end),
            wst=tuple(wst),
            texts=tuple(numbers),
        )
