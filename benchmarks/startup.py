"""Start-up benchmark: `qplan plan --format basis --field beide` against a minimal typer
"hello" command's `--help`, side by side in one run (interleaved, medians).

    python benchmarks/startup.py [--runs 30]

Target (issue 3): qplan's median at most 1.3 × the hello median. The catalogue cache is
warmed once first, as it is for every run after the first on a user's machine; the cold
run (no cache: YAML parse and pydantic validation) is reported separately.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from calibrate import calibration

HELLO = '''import typer

app = typer.Typer()


@app.command()
def main(name: str = "Welt") -> None:
    """Sag hallo."""
    print(f"Hallo {name}")


if __name__ == "__main__":
    app()
'''


def timed(cmd: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    print(f"calibration loop: {calibration():.2f} s (a quiet machine: about 0.26 s)")
    qplan = shutil.which("qplan") or str(Path(sys.executable).with_name("qplan"))
    with tempfile.TemporaryDirectory() as tmp:
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO, encoding="utf-8")
        env = dict(os.environ, QPLAN_CACHE_DIR=str(Path(tmp) / "cache"), NO_COLOR="1")
        # Bytecode is cached on a normal machine (pip compiles on install); this sandbox
        # sets PYTHONDONTWRITEBYTECODE, which would time the compiler instead.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        plan_cmd = [qplan, "plan", "--format", "basis", "--field", "beide", "--start", "2027-01"]
        hello_cmd = [sys.executable, str(hello), "--help"]
        cold = timed(plan_cmd, env)  # fills the catalogue cache
        for _ in range(3):
            timed(plan_cmd, env)
            timed(hello_cmd, env)
        plans, hellos = [], []
        for _ in range(args.runs):
            plans.append(timed(plan_cmd, env))
            hellos.append(timed(hello_cmd, env))
    plan_median, hello_median = statistics.median(plans), statistics.median(hellos)
    ratio = plan_median / hello_median
    print(f"runs: {args.runs} each, interleaved")
    print(f"typer hello --help         median {hello_median * 1000:6.1f} ms")
    print(f"qplan plan basis/beide     median {plan_median * 1000:6.1f} ms  (cold, no cache: {cold * 1000:.1f} ms)")
    print(f"ratio: {ratio:.2f} (target ≤ 1.30) -> {'OK' if ratio <= 1.3 else 'ÜBER ZIEL'}")
    return 0 if ratio <= 1.3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
