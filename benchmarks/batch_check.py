"""Batch benchmark: `qplan check` over N generated plan files, side by side with the floor.

    python benchmarks/batch_check.py [--sizes 10000 20000] [--memory-size 100000]

Generates plan documents of two kinds: plans as `qplan plan --out` writes them (every
track, many start dates) and hand-written trainer files (the examples of
`tests/examples/valid`, other key orders and comments); about a third are broken (a
dropped module, a moved phase, a weekend date, a typo in an id, a YAML error). Each round
times, in turn: a one-process loop that only reads and parses the files with PyYAML's
`CSafeLoader` (the floor of the mandated parser on one core), `qplan check` with its
process pool, and `qplan check --jobs 1`. Targets (issue 9): the pool's wall time ≤ 1.0 ×
the floor at 10,000 files, peak memory < 150 MiB, 20,000 files ≤ 2.1 × 10,000, and with
`--format json` 100,000 files in < 150 MiB.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from calibrate import calibration

from tests.kit import TODAY, process_env

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
            result = plan(catalog, PlanRequest(fmt, field, start), today=TODAY)
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


def hand_written() -> list[str]:
    """Trainer files as people write them: the valid examples, whatever their layout."""
    folder = Path(__file__).resolve().parent.parent / "tests" / "examples" / "valid"
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.y*ml"))]


def generate(folder: Path, count: int, pool: list[str], by_hand: list[str] | None = None) -> None:
    rng = random.Random(count)
    for number in range(count):
        text = rng.choice(by_hand) if by_hand and rng.random() < 0.3 else rng.choice(pool)
        if rng.random() < 0.35:
            text = broken(text, rng)
        (folder / f"plan-{number:05d}.yaml").write_text(text, encoding="utf-8")


FLOOR = """
import os, sys, yaml
loader = yaml.CSafeLoader
folder = sys.argv[1]
for name in sorted(os.listdir(folder)):
    with open(os.path.join(folder, name), "rb") as handle:
        try:
            yaml.load(handle.read(), Loader=loader)
        except yaml.YAMLError:
            pass
"""


def run_timed(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall time, CPU time (user + system, children included) and peak RSS (MiB) of one process."""
    import os as _os

    pid = _os.fork()
    if pid == 0:  # the child: run the command, output thrown away
        devnull = _os.open(_os.devnull, _os.O_WRONLY)
        _os.dup2(devnull, 1)
        _os.dup2(devnull, 2)
        _os.execve(command[0], command, env)
    started = time.perf_counter()
    _, status, usage = _os.wait4(pid, 0)
    elapsed = time.perf_counter() - started
    code = _os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)}: exit {code}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def qplan_command(folder: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "qplan", "check", str(folder), "--quiet", *extra]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000])
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds (medians reported)")
    parser.add_argument("--memory-size", type=int, default=100_000, help="files for the JSON memory run (0: skip)")
    args = parser.parse_args()
    print(f"calibration loop: {calibration():.2f} s (a quiet machine: about 0.26 s)")
    pool = templates()
    by_hand = hand_written()
    env = process_env()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        env["QPLAN_CACHE_DIR"] = str(Path(tmp) / "cache")
        floor_script = Path(tmp) / "floor.py"
        floor_script.write_text(FLOOR)
        folders = {}
        for size in sorted(args.sizes):
            folders[size] = Path(tmp) / f"n{size}"
            folders[size].mkdir()
            generate(folders[size], size, pool, by_hand)
        os.sync()  # write-back of the new files must not run during the timing
        variants = {
            "floor (CSafeLoader, 1 process)": lambda f: [sys.executable, str(floor_script), str(f)],
            "qplan check (pool)": lambda f: qplan_command(f),
            "qplan check --jobs 1": lambda f: qplan_command(f, "--jobs", "1"),
        }
        for folder in folders.values():
            for command in variants.values():
                run_timed(command(folder), env)  # warm the page cache and the catalogue cache
        wall: dict[tuple[str, int], list[float]] = {}
        cpu: dict[tuple[str, int], list[float]] = {}
        peak: dict[tuple[str, int], float] = {}
        # Variants and sizes alternate within each round, so a slow spell hits all alike.
        for _ in range(args.repeat):
            for size, folder in folders.items():
                for name, command in variants.items():
                    elapsed, used, rss = run_timed(command(folder), env)
                    wall.setdefault((name, size), []).append(elapsed)
                    cpu.setdefault((name, size), []).append(used)
                    peak[(name, size)] = max(peak.get((name, size), 0.0), rss)
        for size in folders:
            print(f"\n{size:,} files:")
            for name in variants:
                w = statistics.median(wall[(name, size)])
                c = statistics.median(cpu[(name, size)])
                print(
                    f"  {name:32s} wall {w:5.2f} s (min {min(wall[(name, size)]):5.2f}, "
                    f"max {max(wall[(name, size)]):5.2f}), CPU {c / size * 1e6:4.0f} µs/file, "
                    f"peak {peak[(name, size)]:5.1f} MiB"
                )
            floor = statistics.median(wall[("floor (CSafeLoader, 1 process)", size)])
            pooled = statistics.median(wall[("qplan check (pool)", size)])
            single = statistics.median(wall[("qplan check --jobs 1", size)])
            ratio = pooled / floor
            print(f"  pool / floor = {ratio:.2f} (target ≤ 1.0); pool speed-up over --jobs 1: {single / pooled:.2f}")
            if size == 10_000:
                ok &= ratio <= 1.0 and peak[("qplan check (pool)", size)] < 150
        if 10_000 in folders and 20_000 in folders:
            name = "qplan check (pool)"
            ratio = statistics.median(wall[(name, 20_000)]) / statistics.median(wall[(name, 10_000)])
            paired = sorted(b / a for a, b in zip(wall[(name, 10_000)], wall[(name, 20_000)], strict=True))
            rounds = ", ".join(f"{r:.2f}" for r in paired)
            print(f"\n20,000 / 10,000 = {ratio:.2f} (target ≤ 2.1); within each round: {rounds}")
            ok &= ratio <= 2.1
        if args.memory_size:
            big = Path(tmp) / f"n{args.memory_size}"
            big.mkdir()
            generate(big, args.memory_size, pool, by_hand)
            for extra in ((), ("--jobs", "1")):
                elapsed, _used, rss = run_timed(qplan_command(big, "--format", "json", *extra), env)
                label = " ".join(extra) or "pool"
                print(f"{args.memory_size:,} files, --format json ({label}): {elapsed:5.1f} s, peak {rss:5.1f} MiB")
                ok &= rss < 150
    print("\nall targets met" if ok else "\nNOT all targets met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
