"""Batch benchmark: `qplan demand` against `qplan check` on the same plan files, one run.

    python benchmarks/batch_demand.py [--size 10000] [--memory-size 100000]

The files are those of `batch_check.py` (plans as `qplan plan --out` writes them, trainer
files, about a third broken). `demand` walks and checks them like `check` and adds a count
record per file; the target (issue 23) is at most 1.2 × the wall time of `check` on the same
files, and memory that does not grow with the number of files (< 200 MiB at 100,000 files).
One run on a shared machine: read the figures as what they are.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from batch_check import generate, hand_written, run_timed, templates
from calibrate import calibration


def command(kind: str, folder: Path) -> list[str]:
    extra = ["--quiet", "--format", "json"] if kind == "check" else ["--json"]
    return [sys.executable, "-m", "qplan", kind, str(folder), *extra]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--memory-size", type=int, default=100_000, help="files for the memory run (0: skip)")
    args = parser.parse_args()
    print(f"calibration loop: {calibration():.2f} s (a quiet machine: about 0.26 s)")
    pool, by_hand = templates(), hand_written()
    env = dict(os.environ, NO_COLOR="1", QPLAN_TODAY="2026-11-25")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        env["QPLAN_CACHE_DIR"] = str(Path(tmp) / "cache")
        sizes = [args.size] + ([args.memory_size] if args.memory_size else [])
        for size in sizes:
            folder = Path(tmp) / f"n{size}"
            folder.mkdir()
            generate(folder, size, pool, by_hand)
            os.sync()
            run_timed(command("check", folder), env)  # warm the page cache and the catalogue cache
            check = run_timed(command("check", folder), env)
            demand = run_timed(command("demand", folder), env)
            ratio = demand[0] / check[0]
            print(f"\n{size:,} files:")
            for name, (wall, cpu, peak) in (("qplan check", check), ("qplan demand", demand)):
                print(f"  {name:13s} wall {wall:6.2f} s, CPU {cpu / size * 1e6:4.0f} µs/file, peak {peak:5.1f} MiB")
            print(f"  demand / check = {ratio:.2f} (target ≤ 1.2)")
            ok &= ratio <= 1.2 and demand[2] < 200
    print("\nall targets met" if ok else "\nNOT all targets met")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
