"""Batch benchmark without the noise: CPU instructions of `qplan check`, counted by valgrind.

    python benchmarks/batch_instructions.py [--sizes 1000 2000]

This machine's speed drifts by up to 2× from minute to minute, so wall-clock ratios such as
"20,000 files / 10,000 files" scatter widely (see batch_check.py's rounds). The number of
instructions a run executes does not drift: counted for one file and for N files, it gives
the start-up cost and the cost per file, and shows whether the cost per file stays flat as N
grows (linear time). Needs valgrind; files as in batch_check.py; hash seed fixed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from batch_check import generate, templates

from tests.kit import process_env

VALGRIND = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]


def instructions(target: Path, env: dict[str, str]) -> int:
    proc = subprocess.run(
        [*VALGRIND, sys.executable, "-m", "qplan", "check", str(target), "--quiet"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", proc.stderr)
    if found is None:
        raise SystemExit(proc.stderr[-2000:])
    return int(found.group(1).replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000])
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind fehlt; dieses Skript zählt Instruktionen mit valgrind --tool=cachegrind.")
        return 2
    pool = templates()
    env = process_env({"PYTHONHASHSEED": "0"})
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled modules are cached, as for a user
    with tempfile.TemporaryDirectory() as tmp:
        env["QPLAN_CACHE_DIR"] = str(Path(tmp) / "cache")
        largest = Path(tmp) / "files"
        largest.mkdir()
        generate(largest, max(args.sizes), pool)
        names = sorted(p.name for p in largest.iterdir())
        subprocess.run([sys.executable, "-m", "qplan", "check", str(largest), "--quiet"], env=env, capture_output=True)
        start_up = instructions(largest / names[0], env)
        print(f"start-up (one file): {start_up / 1e6:7.0f} M instructions")
        per_file = {}
        for size in sorted(args.sizes):
            folder = Path(tmp) / f"n{size}"
            folder.mkdir()
            for name in names[:size]:
                os.link(largest / name, folder / name)
            total = instructions(folder, env)
            per_file[size] = (total - start_up) / size
            print(f"{size:6d} files: {total / 1e6:7.0f} M instructions, {per_file[size] / 1e3:6.0f} k per file")
    small, big = min(per_file), max(per_file)
    growth = per_file[big] / per_file[small]
    print(f"per file at {big} / at {small} files: {growth:.3f} (1.0 = linear)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
