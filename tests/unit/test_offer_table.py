"""The offers as columns (`qplan.models.offer_table`), the form the cache keeps and the offer
choice filters (issue 22): nothing lost, the same candidates as a filter over the whole
offers, and a cache entry that is checked, invalidated and rebuilt like every other."""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from qplan.calendar import NO_DAYS_OFF, Calendar
from qplan.dates import dmy
from qplan.loading import cache
from qplan.loading.compact import intact
from qplan.models.catalog import Catalog, Track
from qplan.models.common import PHASE_NAMES
from qplan.models.offer_table import OfferTable
from qplan.models.plan import PlanDocument
from qplan.models.providers import REGION_NAMES, Offer, ProviderCatalog
from qplan.models.requests import PlanRequest, Wishes
from qplan.planning.assemble import assemble, resolve_track
from qplan.planning.model import Candidate
from qplan.planning.offer_filter import OfferFilter, _undominated, candidates, window
from qplan.run.calendar import calendar_for
from qplan.run.data import Providers, load_offer_table, load_providers
from tests.conftest import ROOT, run_cli
from tests.kit import fresh_cache

SEEDS = range(40)


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import offers_gen
    finally:
        sys.path.pop(0)
    return offers_gen


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return fresh_cache(tmp_path, monkeypatch)


def _write(gen: ModuleType, offers: list[dict[str, object]], path: Path) -> Path:
    path.write_text(gen.render(offers, example_note=False), encoding="utf-8")
    return path


def _same_offers(a: ProviderCatalog, b: ProviderCatalog) -> bool:
    """Equal, including each offer's `wst` (which `Offer.__eq__` leaves out)."""
    return a == b and all(x.wst == y.wst for x, y in zip(a.offers, b.offers, strict=True))


# The filter over whole offers as it was before the table (one object per offer, each
# filter a pass over the list): the oracle the table's filter must agree with.
def _reference(
    doc: PlanDocument, track: Track, providers: ProviderCatalog, wishes: Wishes, calendar: Calendar
) -> tuple[dict[str, str], list[tuple[object, ...]]]:
    first, last = window(doc, track)
    first = max(first, wishes.today)
    phase = {e.id: e.phase for e in doc.modules if not e.done}
    wst = {e.id: e.counted_wst for e in doc.modules if not e.done}

    def inside(day: date | None) -> bool:
        return day is not None and day >= first and (last is None or day <= last)

    def attended(o: Offer) -> list[tuple[str, date]]:
        return [(m, d) for m, d in zip(o.modules, o.dates, strict=False) if m in phase]

    def dated(o: Offer) -> bool:
        if o.phase == "selbstlern":
            return inside(o.start) and inside(o.until)
        return all(inside(d) and d.weekday() < 5 for _, d in attended(o))

    reasons: dict[str, str] = {}
    usable: dict[str, Offer] = {}
    for module, wanted in phase.items():
        stages: list[tuple[str, Callable[[Offer], bool]]] = [
            ("es gibt kein Angebot für dieses Modul", lambda o: True),
            (f"kein Angebot als {PHASE_NAMES[wanted]}", lambda o, wanted=wanted: o.phase == wanted),
            (
                f"kein Angebot in der Form „{wishes.setting or 'regional/zentral'}“",
                lambda o: o.setting == wishes.setting if wishes.setting else o.setting != "inhouse",
            ),
            (
                f"kein Angebot in der Region {REGION_NAMES.get(wishes.region or '', wishes.region)}",
                lambda o: (
                    wishes.region is None or o.online or providers.provider_by_id[o.provider].region == wishes.region
                ),
            ),
            (f"kein Angebot im Zeitraum {dmy(first)} – {dmy(last) if last else 'offen'}", dated),
            (
                "jedes passende Angebot hat einen Präsenztag an einem Feiertag oder freien Tag",
                lambda o: all(calendar.blocked(d) is None for _, d in attended(o)),
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
        offers = list(providers.offers_by_module.get(module, ()))
        for reason, keep in stages:
            offers = [o for o in offers if keep(o)]
            if not offers:
                reasons[module] = reason
                break
        usable.update((o.id, o) for o in offers)
    best: dict[tuple[object, ...], tuple[object, ...]] = {}
    for o in sorted(usable.values(), key=lambda o: (o.cost_eur, o.id)):
        served: tuple[tuple[str, date], ...]
        if o.phase == "praesenz":
            served = tuple(attended(o))
            end = max(d for _, d in served)
        else:
            assert o.start is not None and o.until is not None
            served, end = tuple((m, o.start) for m in o.modules if m in phase), o.until
        provider = providers.provider_by_id.get(o.provider)
        region = None if o.online or provider is None or o.phase != "praesenz" else provider.region
        presence = o.phase == "praesenz"
        shift = sum(wst[m] * (int(presence) - int(phase[m] == "praesenz")) for m, _ in served)
        fixed = wishes.group_size is not None and provider is not None and provider.group == "fest"
        best.setdefault(
            (presence, served, region, end, fixed), (o.id, o.cost_eur, presence, region, served, end, shift, fixed)
        )
    return reasons, list(best.values())


def _tuples(found: list[Candidate]) -> list[tuple[object, ...]]:
    return [(c.key, c.cost, c.presence, c.region, c.served, c.last, c.shift, c.fixed) for c in found]


def _wishes(rng: random.Random, start: date) -> tuple[Wishes, Calendar]:
    wishes = Wishes(
        today=start - timedelta(days=rng.choice([20, 40, 200])),
        region=rng.choice([None, None, "stuttgart", "karlsruhe", "freiburg", "tuebingen"]),
        setting=rng.choice([None, None, None, "regional", "zentral", "inhouse"]),
        budget_eur=rng.choice([None, None, 100, 400, 1500]),
        group_size=rng.choice([None, None, 8]),
    )
    off = start + timedelta(days=rng.randrange(0, 300))
    calendar = rng.choice([NO_DAYS_OFF, calendar_for(), calendar_for([(off, off + timedelta(days=30))])])
    return wishes, calendar


def _request(args: list[str]) -> PlanRequest:
    value = {a: b for a, b in itertools.pairwise(args) if a.startswith("--")}
    modules = tuple(b for a, b in itertools.pairwise(args) if a == "--module")
    year, month = value["--start"].split("-")
    return PlanRequest(value["--format"], value.get("--field"), date(int(year), int(month), 1), modules=modules)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_table_gives_the_candidates_of_the_whole_offers(
    seed: int, gen: ModuleType, catalog: Catalog, tmp_path: Path
) -> None:
    """Property over generated providers files (`benchmarks/offers_gen.py:scenario`, their
    plans and random wishes): the table read back from the cache filters to the same reasons
    and the same candidates as the filter over whole offers."""
    offers, args = gen.scenario(seed)
    path = _write(gen, offers, tmp_path / "providers.yaml")
    whole = load_providers(str(path), catalog)  # read, checked, stored as a table
    table = load_offer_table(str(path), catalog)  # from the cache
    assert not isinstance(whole, OfferTable) and _same_offers(table.to_catalog(), whole)
    request = _request(args)
    track = resolve_track(catalog, request)
    doc = assemble(catalog, request, track)
    rng = random.Random(seed)
    for _ in range(4):
        assert request.start is not None
        wishes, calendar = _wishes(rng, request.start)
        found = OfferFilter(doc, catalog, track, table, wishes, calendar)
        built, got = candidates(found)
        reasons, expected = _reference(doc, track, whole, wishes, calendar)
        assert found.reasons == reasons, (args, wishes)
        # the same last step on both: dominated self-study windows dropped
        assert _tuples(got) == _tuples(_undominated([Candidate(*e) for e in expected], found)), (args, wishes)
        assert all(table.offer(built[c.key]) == whole.offer_by_id[c.key] for c in got)


@pytest.mark.parametrize("size", [1, 60, 400])
def test_round_trip_loses_nothing(size: int, gen: ModuleType, catalog: Catalog, tmp_path: Path) -> None:
    path = _write(gen, gen.growing(size), tmp_path / "providers.yaml")
    whole = load_providers(str(path), catalog)
    table = OfferTable.of(whole)
    assert intact(table)
    assert _same_offers(table.to_catalog(), whole)
    assert table.rows_by_module == {
        module: tuple(table.row_by_id[o.id] for o in found) for module, found in whole.offers_by_module.items()
    }


def test_partial_modules_and_review_status_survive(catalog: Catalog) -> None:
    whole = load_providers(None, catalog)  # the shipped example
    import dataclasses

    first, second = whole.offers[0], whole.offers[1]
    edited = dataclasses.replace(
        whole,
        offers=(
            dataclasses.replace(first, wst={first.modules[0]: 2}, status="geprüft", reviewer="R", reason="x"),
            dataclasses.replace(second, status="aufgenommen", begleitung="B"),
            *whole.offers[2:],
        ),
    )
    table = OfferTable.of(edited)
    assert intact(table) and _same_offers(table.to_catalog(), edited)
    assert table.rows_by_module.keys() == edited.offers_by_module.keys()
    for module, found in edited.offers_by_module.items():
        assert [table.offer(r) for r in table.rows_by_module[module]] == list(found)


def test_plan_from_the_cached_table_equals_plan_from_whole_offers(catalog: Catalog) -> None:
    from qplan.run.plan import plan_with_offers

    request = PlanRequest("basis", "beide", date(2027, 1, 1))
    wishes = Wishes(today=date(2026, 11, 25))
    whole = plan_with_offers(catalog, request, load_providers(None, catalog), wishes)
    table = plan_with_offers(catalog, request, load_offer_table(None, catalog), wishes)
    assert whole.selection is not None and table.selection is not None
    assert table.selection.assignments == whole.selection.assignments
    assert table.doc == whole.doc and table.evaluation == whole.evaluation


def _entry(folder: Path) -> Path:
    (entry,) = [p for p in folder.iterdir() if p.name.startswith("providers-")]
    return entry


def _rewrite(entry: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change the payload and write a matching checksum (as whoever can write the folder could)."""
    header, payload = entry.read_bytes().split(b"\n", 1)
    data = json.loads(payload)
    change(data["$f"])
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    meta = json.loads(header)
    meta["sha256"] = hashlib.sha256(payload).hexdigest()
    entry.write_bytes(json.dumps(meta).encode() + b"\n" + payload)


def _column(name: str, change: Callable[[list[Any]], None]) -> Callable[[dict[str, Any]], None]:
    return lambda fields: change(fields[name]["$t"])


def _set(index: int, value: object) -> Callable[[list[Any]], None]:
    return lambda column: column.__setitem__(index, value)


def _no_days(fields: dict[str, Any]) -> None:
    """Every presence offer without its days (the runs still in order and inside)."""
    fields["dates"]["$t"].clear()
    ends = fields["date_end"]["$t"]
    ends[:] = [0] * len(ends)


CORRUPTIONS = {
    "text number past the end": _column("location", _set(0, 10**6)),
    "negative text number": _column("id", _set(0, -5)),
    "text in a number column": _column("seats", _set(0, "24")),
    "boolean in a number column": _column("cost_eur", _set(0, True)),
    "number in a boolean column": _column("funded", _set(0, 1)),
    "seats below one": _column("seats", _set(0, 0)),
    "phase not a phase": _column("phase", _set(0, 0)),  # text 0 is an offer id
    "day beyond the calendar": _column("registration_deadline", _set(0, 10**9)),
    "runs out of order": _column("module_end", lambda c: c.__setitem__(0, c[-1] + 1)),
    "a column too short": _column("booked", lambda c: c.pop()),
    "no texts": lambda fields: fields.__setitem__("texts", {"$t": []}),
    "a text that is no text": _column("texts", _set(0, 7)),
    "partial module of no offer": lambda fields: fields.__setitem__("wst", {"$t": [{"$t": [10**6, 0, 2]}]}),
    "a provider without a region": lambda fields: fields["providers"]["$t"][0]["$f"].__setitem__("region", "mars"),
    # each column right on its own, the table not (QA101, QA103 promised it)
    "two offers with one id": _column("id", lambda c: c.__setitem__(1, c[0])),
    "an unknown provider": lambda fields: fields["provider"]["$t"].__setitem__(0, fields["id"]["$t"][0]),
    "presence offers without their days": _no_days,
}


@pytest.mark.parametrize("change", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_corrupt_table_is_rebuilt_from_the_file(
    change: Callable[[dict[str, Any]], None], folder: Path, catalog: Catalog
) -> None:
    whole = load_providers(None, catalog)
    entry = _entry(folder)
    _rewrite(entry, change)
    assert cache.load(entry.stem, OfferTable, check=intact) is None
    again = load_offer_table(None, catalog)  # read from the file again, and stored anew
    assert _same_offers(again.to_catalog(), whole)
    assert isinstance(cache.load(entry.stem, OfferTable, check=intact), OfferTable)
    _rewrite(entry, change)
    result = run_cli("plan", "--format", "basis", "--field", "beide", "--start", "2027-01", "--offers", "--json")
    assert result.code in (0, 1) and "Traceback" not in result.stderr and json.loads(result.stdout)["offers"]


def test_broken_bytes_in_the_entry_fall_back_to_the_file(folder: Path, catalog: Catalog) -> None:
    whole = load_providers(None, catalog)
    entry = _entry(folder)
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    assert _same_offers(load_offer_table(None, catalog).to_catalog(), whole)
    entry.write_bytes(b"\x00\xff not json")
    assert _same_offers(load_providers(None, catalog), whole)


def test_an_edited_file_or_catalogue_makes_a_new_entry(
    folder: Path, catalog: Catalog, gen: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    offers = gen.growing(30)
    path = _write(gen, offers, tmp_path / "providers.yaml")
    before = load_offer_table(str(path), catalog)
    offers[0]["cost_eur"] = 4321
    _write(gen, offers, path)
    after = load_offer_table(str(path), catalog)
    row = after.row_by_id[str(offers[0]["id"])]
    assert after.cost_eur[row] == 4321 and before.cost_eur[before.row_by_id[str(offers[0]["id"])]] != 4321
    assert len(list(folder.glob("providers-*"))) == 2
    import dataclasses

    import qplan

    used = {m for o in offers for m in o["modules"]}  # type: ignore[attr-defined]
    unused = [m for m in catalog.modules if m.id not in used]
    smaller = dataclasses.replace(catalog, modules=tuple(m for m in catalog.modules if m != unused[-1]))
    load_offer_table(str(path), smaller)
    assert len(list(folder.glob("providers-*"))) == 3
    monkeypatch.setattr(qplan, "__version__", qplan.__version__ + "-next")
    load_offer_table(str(path), catalog)
    assert len(list(folder.glob("providers-*"))) == 4


def test_the_handle_gives_the_table_and_then_the_whole_offers(catalog: Catalog) -> None:
    handle = Providers(None, catalog)
    table = handle.table()
    assert handle.table() is table
    assert _same_offers(handle.get(), table.to_catalog())
    assert handle.table() == table


@pytest.mark.parametrize(
    "raw",
    [
        b'{"$dc": ["qplan.models.offer_table.OfferTable"], "$f": {}}',
        b'{"$dc": "os.path.join", "$f": {}}',
        b'{"$dc": "qplan.models.offer_table.NONE", "$f": {}}',
        b'{"$dc": "qplan.models.offer_table.x.OfferTable", "$f": {}}',
        b'{"$cls": 7}',
    ],
)
def test_the_codec_builds_only_model_classes(raw: bytes) -> None:
    from qplan.loading import codec

    with pytest.raises(codec.CodecError):
        codec.loads(raw)
