"""Batch benchmark: `qplan check` over N generated plan files in one process.

    python benchmarks/batch_check.py [--sizes 10000 20000]

Generates realistic plan documents (every track, many start dates, about a third of them
broken: a dropped module, a moved phase, a weekend date, a typo in an id, a YAML error)
and times one `qplan check FOLDER --quiet` per size, with its peak memory.
Targets (issue 4): 10,000 files under 5 s, peak memory under 150 MiB, and 20,000 files
under 2.2 × the 10,000-file time.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from calibrate import calibration

TRACKS = [("basis", "koordination"), ("basis", "steuerung"), ("basis", "beide"), ("einfuehrung", None)]


def templates() -> list[str]:
    """A pool of valid plan texts made by qplan's own planner and writer."""
    from qplan.models.requests import PlanRequest
    from qplan.render.plan_yaml import plan_yaml
    from qplan.run.data import load_catalog as load
    from qplan.run.plan import plan

    catalog = load()
    pool = []
    for month in range(24):
        start = date(2027, 1, 1) + timedelta(days=31 * month)
        for fmt, field in TRACKS:
            result = plan(catalog, PlanRequest(fmt, field, start), today=date(2026, 11, 25))
            pool.append(plan_yaml(result.doc, catalog))
    return pool


def broken(text: str, rng: random.Random) -> str:
    kind = rng.randrange(5)
    if kind == 0:  # drop the last module
        return text[: text.rfind("  - id:")]
    if kind == 1:  # move a module to the other phase
        return text.replace("phase: praesenz", "phase: selbstlern", 1)
    if kind == 2:  # a presence day on a Saturday
        index = text.find("    date: ")
        return text[:index] + "    date: 2027-01-09" + text[index + 20 :]
    if kind == 3:
        return text.replace("id: M0", "id: M", 1)
    return text.replace("modules:", "modules: [", 1)


def generate(folder: Path, count: int, pool: list[str]) -> None:
    rng = random.Random(count)
    for number in range(count):
        text = rng.choice(pool)
        if rng.random() < 0.35:
            text = broken(text, rng)
        (folder / f"plan-{number:05d}.yaml").write_text(text, encoding="utf-8")


def run_check(folder: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall time and peak RSS (MiB) of one `qplan check` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "qplan", "check", str(folder), "--quiet"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stderr)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the maximum over all children so far; sizes run in rising order.
    return elapsed, max(peak, before) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per size (median reported)")
    args = parser.parse_args()
    print(f"calibration loop: {calibration():.2f} s (a quiet machine: about 0.26 s)")
    pool = templates()
    env = dict(os.environ, NO_COLOR="1", QPLAN_TODAY="2026-11-25")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        env["QPLAN_CACHE_DIR"] = str(Path(tmp) / "cache")
        folders = {}
        for size in sorted(args.sizes):
            folders[size] = Path(tmp) / f"n{size}"
            folders[size].mkdir()
            generate(folders[size], size, pool)
        os.sync()  # write-back of the new files must not run during the timing
        for folder in folders.values():
            run_check(folder, env)  # warm the page cache and the catalogue cache
        times: dict[int, list[float]] = {size: [] for size in folders}
        peak = 0.0
        # Sizes alternate within each round, so a slow spell of the machine hits all alike.
        for _ in range(args.repeat):
            for size, folder in folders.items():
                elapsed, peak = run_check(folder, env)
                times[size].append(elapsed)
        for size, measured in times.items():
            elapsed = statistics.median(measured)
            results[size] = elapsed
            print(
                f"{size:6d} files: median {elapsed:5.2f} s of {args.repeat} "
                f"(min {min(measured):5.2f} s, max {max(measured):5.2f} s), "
                f"{elapsed / size * 1e6:4.0f} µs/file"
            )
        print(f"peak RSS of the largest run: {peak:5.1f} MiB (target < 150 MiB)")
        ok = peak < 150
    if 10_000 in results:
        ok &= results[10_000] < 5.0
        print(f"10,000 files under 5 s: {'OK' if results[10_000] < 5.0 else 'NEIN'}")
    if 10_000 in results and 20_000 in results:
        ratio = results[20_000] / results[10_000]
        ok &= ratio < 2.2
        print(f"20,000 / 10,000 = {ratio:.2f} (target < 2.2): {'OK' if ratio < 2.2 else 'NEIN'}")
        # For reading the noise: the ratio within each round, whose two runs follow each other.
        paired = sorted(big / small for small, big in zip(times[10_000], times[20_000], strict=True))
        print(f"  ratio within each round: {', '.join(f'{r:.2f}' for r in paired)}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
