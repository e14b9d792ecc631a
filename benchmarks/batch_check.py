"""Batch benchmark: `qplan check` over N generated plan files, side by side with the floor.

    python benchmarks/batch_check.py [--sizes 10000 100000] [--repeat 3] [--busy]
    python benchmarks/batch_check.py --sizes --memory-size 1000000

Generates plan documents (`--kind hand`: the hand-written trainer files of
`tests/examples/valid`; `mixed`: also plans as `qplan plan --out` writes them), about a
third of them broken (a dropped module, a moved phase, a weekend date, a typo in an id, a
YAML error), `--per-folder` files to a folder (the offices' folders). Each round times, in
turn: a one-process loop that only reads and parses the files with PyYAML's `CSafeLoader`
(the floor), `qplan check` cold (`--no-cache`) with its default pool and with `--jobs 1`,
and the re-check of the same files with the result cache after 1 % of them changed (other
files each round). `--busy` adds a pair with one core kept busy by another process: the
default pool against `--jobs 1`. `--memory-size N` checks N files once with
`--format json` (the cache on, as a first run) and reports the peak memory of the largest
process. Everything is generated into a temporary folder and removed.

Targets (issue 27): cold ≤ 0.5 × the floor at 10,000 and 100,000 files; re-check with 1 %
changed ≤ 0.1 × the floor; the default pool not slower than `--jobs 1` with one core busy;
peak memory ≤ 100 MiB at 1,000,000 files.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from calibrate import calibration

from tests.kit import TODAY

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


def generate(folder: Path, count: int, pool: list[str], by_hand: list[str] | None = None, per_folder: int = 0) -> None:
    """`count` plan files below `folder`, `per_folder` to a sub-folder (0: all in `folder`)."""
    rng = random.Random(count)
    target = folder
    for number in range(count):
        if per_folder and number % per_folder == 0:
            target = folder / f"stelle-{number // per_folder:04d}"
            target.mkdir()
        text = rng.choice(by_hand) if by_hand and rng.random() < 0.3 else rng.choice(pool)
        if rng.random() < 0.35:
            text = broken(text, rng)
        (target / f"plan-{number:07d}.yaml").write_text(text, encoding="utf-8")


def change_some(folder: Path, share: float, round_number: int) -> int:
    """Edit `share` of the files below `folder` (other files each round): a comment added."""
    files = sorted(folder.rglob("*.yaml"))
    rng = random.Random(round_number)
    chosen = rng.sample(files, max(1, int(len(files) * share)))
    for path in chosen:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"# geändert in Runde {round_number}\n")
    return len(chosen)


FLOOR = """
import os, sys, yaml
loader = yaml.CSafeLoader
for folder, dirs, names in os.walk(sys.argv[1]):
    dirs.sort()
    for name in sorted(names):
        with open(os.path.join(folder, name), "rb") as handle:
            try:
                yaml.load(handle.read(), Loader=loader)
            except yaml.YAMLError:
                pass
"""

BUSY = "while True: pass"


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


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds (medians reported)")
    parser.add_argument("--kind", choices=["hand", "mixed"], default="hand")
    parser.add_argument("--per-folder", type=int, default=1000, help="files per sub-folder (0: one folder)")
    parser.add_argument("--changed", type=float, default=0.01, help="share of files changed before a re-check")
    parser.add_argument("--busy", action="store_true", help="also: pool and --jobs 1 with one core busy")
    parser.add_argument("--memory-size", type=int, default=0, help="files for the JSON memory run (0: skip)")
    args = parser.parse_args()
    print(f"calibration loop: {calibration():.2f} s (a quiet machine: about 0.26 s)")
    by_hand = hand_written()
    pool = by_hand if args.kind == "hand" else templates()
    mixed = None if args.kind == "hand" else by_hand
    env = dict(os.environ, NO_COLOR="1", QPLAN_TODAY="2026-11-25")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONUNBUFFERED", None)  # the report is written as it would be: buffered
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        env["QPLAN_CACHE_DIR"] = str(Path(tmp) / "cache")
        floor_script = Path(tmp) / "floor.py"
        floor_script.write_text(FLOOR)
        folders = {}
        for size in sorted(args.sizes):
            folders[size] = Path(tmp) / f"n{size}"
            folders[size].mkdir()
            generate(folders[size], size, pool, mixed, args.per_folder)
        os.sync()  # write-back of the new files must not run during the timing
        variants: dict[str, Callable[[Path], list[str]]] = {
            "floor (CSafeLoader, 1 process)": lambda f: [sys.executable, str(floor_script), str(f)],
            "qplan check cold (pool)": lambda f: qplan_command(f, "--no-cache"),
            "qplan check cold --jobs 1": lambda f: qplan_command(f, "--no-cache", "--jobs", "1"),
            "re-check, changed (pool)": lambda f: qplan_command(f),
        }
        for folder in folders.values():
            for command in variants.values():
                run_timed(command(folder), env)  # warm the page cache, the catalogue and the result cache
        wall: dict[tuple[str, int], list[float]] = {}
        cpu: dict[tuple[str, int], list[float]] = {}
        peak: dict[tuple[str, int], float] = {}
        # Variants and sizes alternate within each round, so a slow spell hits all alike.
        for round_number in range(args.repeat):
            for size, folder in folders.items():
                for name, command in variants.items():
                    if name.startswith("re-check"):
                        change_some(folder, args.changed, round_number)
                    elapsed, used, rss = run_timed(command(folder), env)
                    wall.setdefault((name, size), []).append(elapsed)
                    cpu.setdefault((name, size), []).append(used)
                    peak[(name, size)] = max(peak.get((name, size), 0.0), rss)
        for size in folders:
            print(f"\n{size:,} files ({args.kind}, {args.per_folder or size} per folder):")
            for name in variants:
                w = median(wall[(name, size)])
                c = median(cpu[(name, size)])
                print(
                    f"  {name:32s} wall {w:6.2f} s (min {min(wall[(name, size)]):6.2f}, "
                    f"max {max(wall[(name, size)]):6.2f}), CPU {c / size * 1e6:4.0f} µs/file, "
                    f"peak {peak[(name, size)]:5.1f} MiB"
                )
            floor = median(wall[("floor (CSafeLoader, 1 process)", size)])
            cold = median(wall[("qplan check cold (pool)", size)]) / floor
            single = median(wall[("qplan check cold --jobs 1", size)]) / floor
            again = median(wall[("re-check, changed (pool)", size)]) / floor
            paired = ", ".join(
                f"{p / f:.2f}"
                for p, f in zip(
                    wall[("qplan check cold (pool)", size)], wall[("floor (CSafeLoader, 1 process)", size)], strict=True
                )
            )
            print(
                f"  cold pool / floor = {cold:.2f} (target ≤ 0.5; per round {paired}); --jobs 1 / floor = {single:.2f}"
            )
            print(f"  re-check with {args.changed:.0%} changed / floor = {again:.3f} (target ≤ 0.1)")
            ok &= cold <= 0.5 and again <= 0.1
        if args.busy and folders:
            size, folder = min(folders.items())
            busy = subprocess.Popen([sys.executable, "-c", BUSY])
            try:
                times: dict[str, list[float]] = {}
                for _ in range(args.repeat):
                    for label, extra in (("pool", ()), ("--jobs 1", ("--jobs", "1"))):
                        elapsed, _used, _rss = run_timed(qplan_command(folder, "--no-cache", *extra), env)
                        times.setdefault(label, []).append(elapsed)
            finally:
                busy.kill()
                busy.wait()
            pooled, single_busy = median(times["pool"]), median(times["--jobs 1"])
            print(
                f"\none core busy, {size:,} files cold: pool {pooled:.2f} s, --jobs 1 {single_busy:.2f} s "
                f"(pool / --jobs 1 = {pooled / single_busy:.2f}, target ≤ 1.0)"
            )
            ok &= pooled <= single_busy
        for folder in folders.values():
            shutil.rmtree(folder)
        if args.memory_size:
            big = Path(tmp) / f"n{args.memory_size}"
            big.mkdir()
            started = time.perf_counter()
            generate(big, args.memory_size, pool, mixed, args.per_folder)
            print(f"\ngenerated {args.memory_size:,} files in {time.perf_counter() - started:.0f} s")
            elapsed, _used, rss = run_timed(qplan_command(big, "--format", "json"), env)
            print(
                f"{args.memory_size:,} files, --format json, first run with the cache: {elapsed:6.1f} s, "
                f"peak {rss:5.1f} MiB (target ≤ 100)"
            )
            elapsed, _used, rss = run_timed(qplan_command(big, "--format", "json"), env)
            print(f"{args.memory_size:,} files, the same again (from the cache): {elapsed:6.1f} s, peak {rss:5.1f} MiB")
            ok &= rss <= 100
            shutil.rmtree(big)
    print("\nall targets met" if ok else "\nNOT all targets met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
