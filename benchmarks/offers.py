"""Offer-choice benchmark: `qplan plan --format basis --field beide --offers` against
generated provider files of 50, 500 and 5,000 offers.

    python benchmarks/offers.py [--sizes 50 500 5000] [--runs 5]

Target (issue 5): under 1 second at 5,000 offers. Reported: the first run after the
providers file changed (its YAML is parsed and validated; qplan's own caches are warm),
the median of the runs after it (the providers file served from the cache), and the
search's own time in-process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import offers_gen
from calibrate import calibration


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, dict[str, object]]:
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stderr)
    return elapsed, json.loads(proc.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 5000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"calibration loop: {calibration():.2f} s (a quiet machine: about 0.26 s)")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, NO_COLOR="1", QPLAN_TODAY="2026-11-25")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for size in args.sizes:
            path = Path(tmp) / f"providers-{size}.yaml"
            path.write_text(offers_gen.render(offers_gen.scaled(size), example_note=False), encoding="utf-8")
            env["QPLAN_CACHE_DIR"] = str(Path(tmp) / f"cache-{size}")
            cmd = [
                sys.executable,
                "-m",
                "qplan",
                "--providers",
                str(path),
                "plan",
                "--format",
                "basis",
                "--field",
                "beide",
                "--start",
                "2027-01",
                "--offers",
                "--json",
            ]
            # qplan's own caches (catalogue, validators) are warm as on any machine that ran
            # qplan before; "cold" is the first run after the providers file changed.
            subprocess.run(
                [sys.executable, "-m", "qplan", "providers", "--json"], env=env, capture_output=True, check=True
            )
            cold, data = run(cmd, env)
            warm = statistics.median(run(cmd, env)[0] for _ in range(args.runs))
            offers = data["offers"]
            assert isinstance(offers, dict)
            search = _search_time(path, size)
            print(
                f"{size:5d} offers: cold {cold:5.2f} s, warm median {warm:5.2f} s, search {search * 1000:6.1f} ms; "
                f"complete={offers['complete']} trips={offers['trips']} cost={offers['cost_eur']} €"
            )
            if size >= 5000:
                ok &= warm < 1.0
                print(
                    f"  under 1 s at {size} offers (warm): {'OK' if warm < 1.0 else 'NEIN'}; "
                    f"cold: {'OK' if cold < 1.0 else 'NEIN'}"
                )
    return 0 if ok else 1


def _search_time(path: Path, size: int) -> float:
    from qplan.models.requests import PlanRequest, Wishes
    from qplan.run.data import load_catalog as load
    from qplan.run.data import load_providers
    from qplan.run.plan import plan_with_offers

    catalog = load()
    providers = load_providers(str(path), catalog)
    started = time.perf_counter()
    plan_with_offers(
        catalog, PlanRequest("basis", "beide", date(2027, 1, 1)), providers, Wishes(today=date(2026, 11, 25))
    )
    return time.perf_counter() - started


if __name__ == "__main__":
    raise SystemExit(main())
