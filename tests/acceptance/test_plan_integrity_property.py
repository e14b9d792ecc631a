"""Issue 19, verification: generated scenarios along a learner's way.

Every track, start dates, provider files from the project's own generator (multi-module and
self-study offers), days off, budgets, missed dates, done and recognised sets (also partly),
undo, replans at several dates with and without offers. The property: after every command
the plan file passes `qplan check` without errors, or the command exited 1 naming the rules
(or 2, refusing the request) and the file is unchanged. Never a traceback (exit 3).

`QPLAN_SCENARIOS` sets the number (200 in CI); `benchmarks/lifecycle_property.py` runs the
long version and prints the figures of the README.
"""

from __future__ import annotations

import importlib.util
import os
import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.kit import ROOT, data_kept_in_memory, run_cli

SCENARIOS = int(os.environ.get("QPLAN_SCENARIOS", "200"))
TRACKS = [("einfuehrung", None), ("basis", "koordination"), ("basis", "steuerung"), ("basis", "beide")]
REGIONS = [None, "stuttgart", "karlsruhe", "freiburg", "tuebingen"]
_PLANS: dict[tuple[str, ...], bytes | None] = {}  # plan commands already run, and the files they wrote
CODE = re.compile(r"^  (Q[PKA]\d{3}) ", re.MULTILINE)


@dataclass
class Tally:
    """What the scenarios did: commands by outcome, and the rules named when one was refused."""

    commands: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)  # "replan --offers: QP202"
    broken: list[str] = field(default_factory=list)  # property violations

    def add(self, other: Tally) -> None:
        self.commands.update(other.commands)
        self.refused.update(other.refused)
        self.broken.extend(other.broken)


def _offers_gen():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("offers_gen", ROOT / "benchmarks" / "offers_gen.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def providers_files(folder: Path, count: int = 4) -> list[Path]:
    """A few generated provider files (two years of offers from different first months)."""
    gen = _offers_gen()
    paths = []
    for number in range(count):
        first = date(2026, 10, 1) + timedelta(days=45 * number)
        offers = gen.example(seed=100 + number, quarters=8, first=first.replace(day=1))
        for index, offer in enumerate(offers, 1):
            offer["id"] = f"A{index:05d}"
        path = folder / f"providers-{number}.yaml"
        path.write_text(gen.render(offers, example_note=False), encoding="utf-8")
        paths.append(path)
    return paths


def _errors(path: Path, providers: Path | None) -> set[str]:
    """The errors `qplan check` reports for the file (its checker, without the command around it)."""
    from qplan.models.requests import CheckRequest
    from qplan.run.check import Checker
    from qplan.run.data import load_catalog

    request = CheckRequest(paths=(str(path),), today=date.fromisoformat(os.environ["QPLAN_TODAY"]),
                           providers=str(providers) if providers else None)  # fmt: skip
    result = Checker(load_catalog(None), request).check(str(path))
    return {f.code for f in result.findings if f.severity == "error"}


def _modules(path: Path) -> list[dict[str, object]]:
    from qplan.loading.loader import MAX_PLAN_BYTES, load_file
    from qplan.models.plan import PlanDocument

    doc = load_file(PlanDocument, path, max_bytes=MAX_PLAN_BYTES).value
    assert doc is not None
    return [{"id": e.id, "done": e.done, "date": e.date.isoformat() if e.date else None} for e in doc.modules]


def scenario(seed: int, folder: Path, providers: list[Path], steps: int = 3) -> Tally:
    """One learner: a plan, then changes along the way at several dates."""
    rng = random.Random(seed)
    tally = Tally()
    fmt, field_ = TRACKS[seed % len(TRACKS)]
    light = steps == 1  # the CI run: fewer distinct plans, so that they are made once (see _PLANS)
    start = (date(2026, 12, 1) + timedelta(days=31 * rng.randrange(0, 3 if light else 10))).replace(day=1)
    offers = fmt == "basis" and rng.random() < (0.15 if light else 0.35)
    source = (providers[0] if light else rng.choice(providers)) if offers else None
    glob = ("--providers", str(source)) if source else ()
    path = folder / f"plan-{seed}.yaml"
    args = ["plan", "--format", fmt, "--start", start.isoformat()[:7], "--out", str(path)]
    if field_:
        args += ["--field", field_]
    if rng.random() < 0.3:
        off = start + timedelta(days=rng.choice([20, 150]) if light else rng.randrange(0, 300))
        args += ["--unavailable", f"{off.isoformat()}..{(off + timedelta(days=rng.randrange(0, 21))).isoformat()}"]
    if rng.random() < 0.2:
        args += ["--avoid-school-holidays"]
    if offers:
        args += ["--offers", "--time-limit", "2"]
        region = rng.choice(REGIONS[:3] if light else REGIONS)
        if region:
            args += ["--region", region]
        if rng.random() < 0.3:
            args += ["--budget-eur", str(rng.choice([1800] if light else [1200, 1800, 2500, 4000]))]
    os.environ["QPLAN_TODAY"] = (start - timedelta(days=10 if light else rng.randrange(1, 40))).isoformat()

    def run(name: str, *command: str) -> int:
        """Run one command; check the property on the file it may have written."""
        before = path.read_bytes() if path.exists() else None
        result = run_cli(*glob, *command)
        tally.commands[f"{name} (Exit {result.code})"] += 1
        after = path.read_bytes() if path.exists() else None
        if result.code > 2:
            tally.broken.append(f"seed {seed}: {name} exit {result.code}: {result.stderr[-300:]}")
        elif after != before:  # written: it passes the check (an incomplete offer choice may exit 1)
            found = _errors(path, source)
            if found:
                tally.broken.append(f"seed {seed}: {name} wrote a plan with {sorted(found)}")
            if result.code == 2:
                tally.broken.append(f"seed {seed}: {name} exit 2 changed the file")
        elif result.code == 1:  # refused: the rules are named, nothing written
            codes = CODE.findall(result.stderr)
            if not codes or "nichts geschrieben" not in result.stderr:
                tally.broken.append(f"seed {seed}: {name} exit 1 without naming the rules: {result.stderr[-300:]}")
            for code in sorted(set(codes)):
                tally.refused[f"{name}: {code}"] += 1
        return result.code

    key = (*glob, *args, os.environ["QPLAN_TODAY"])
    key = tuple(a for a in key if a != str(path))
    if key in _PLANS:  # the same plan command as an earlier scenario: its file, not a second solve
        made = _PLANS[key]
        if made is None:
            return tally
        path.write_bytes(made)
    else:
        if run("plan" + (" --offers" if offers else ""), *args) != 0 or not path.exists():
            _PLANS[key] = None
            return tally
        _PLANS[key] = path.read_bytes()
    today = start
    for _step in range(rng.randrange(1, steps + 1)):
        today = today + timedelta(days=rng.randrange(30, 200))
        os.environ["QPLAN_TODAY"] = today.isoformat()
        entries = _modules(path)
        past = [str(e["id"]) for e in entries if not e["done"] and e["date"] and str(e["date"]) <= today.isoformat()]
        # Some dates are missed: the learner marks only part of what lay in the past.
        attended = [m for m in past if rng.random() < 0.7]
        if attended:
            run("done", "done", str(path), *attended)
        open_ids = [str(e["id"]) for e in entries if not e["done"]]
        if open_ids and rng.random() < 0.25:
            module = rng.choice(open_ids)
            extra = ["--wst", str(rng.choice([2, 3, 4, 5]))] if rng.random() < 0.5 else []
            run("recognise", "recognise", str(path), module, "--reason", "Nachweis", *extra)
        if rng.random() < 0.15:
            run("undo", "undo", str(path), rng.choice([str(e["id"]) for e in entries]))
        if rng.random() < 0.15 and open_ids:
            run("done --yes", "done", str(path), rng.choice(open_ids), "--yes")
        replan = ["replan", str(path)]
        if rng.random() < 0.3:
            replan += ["--from", (today + timedelta(days=rng.randrange(0, 60))).isoformat()]
        with_offers = offers and rng.random() < 0.6
        if with_offers:
            replan += ["--offers"]
        if rng.random() < 0.2:
            run("replan --dry-run", *replan, "--dry-run")
        run("replan" + (" --offers" if with_offers else ""), *replan)
    return tally


def run_scenarios(
    count: int, folder: Path, first_seed: int = 0, steps: int = 3, providers: list[Path] | None = None
) -> Tally:
    saved = os.environ.get("QPLAN_TODAY")
    providers = providers if providers is not None else providers_files(folder)
    total = Tally()
    try:
        for seed in range(first_seed, first_seed + count):
            total.add(scenario(seed, folder, providers, steps))
    finally:
        if saved is not None:
            os.environ["QPLAN_TODAY"] = saved
    return total


CHUNK = 2  # scenarios per test: the 200 spread over the test workers, none runs for long (2.5 s at most)


@pytest.fixture(scope="module", autouse=True)
def _data_in_memory() -> Iterator[None]:
    with data_kept_in_memory():
        yield


@pytest.fixture(scope="module")
def providers(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return providers_files(tmp_path_factory.mktemp("providers"))


@pytest.mark.parametrize("first", range(0, SCENARIOS, CHUNK))
def test_every_written_plan_passes_its_check(tmp_path: Path, providers: list[Path], first: int) -> None:
    count = min(CHUNK, SCENARIOS - first)
    tally = run_scenarios(count, tmp_path, first_seed=first, providers=providers)
    assert sum(tally.commands.values()) > count
    assert not tally.broken, "\n".join(tally.broken[:20])
