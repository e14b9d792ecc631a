"""Loading a large providers file from the cache, and filtering it for one path (issue 22).

    python benchmarks/providers_load.py [--sizes 5000 50000] [--runs 5] [--growing]
                                        [--baseline DIR]

For each generated file (`offers_gen.scaled`, with `--growing` `offers_gen.growing`), with the
cache filled, each figure the median of `--runs` fresh processes (the imports not counted;
each round runs every measurement once, alternating):
- the offer table from the cache (`load_offer_table`, what `plan --offers` reads now),
- the whole offers from the cache as they were kept before (`ProviderCatalog` as tagged JSON,
  every field checked by `qplan.loading.conform`: the old full load, stored for this run
  under a key of its own),
- the whole offers from the table (`load_providers`, what every other command reads now),
- filter and candidates for `plan --format basis --field beide` on the table.
`--baseline DIR` also times, in that older source tree (for example
`git archive 511b836 | tar -x -C DIR`), its cached `load_providers` and its filter and
candidates on the same file.

Target: the table of 50,000 offers from the cache in ≤ 0.3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import offers_gen
from calibrate import calibration

from tests.kit import process_env

CHILD = r"""
import json, sys, time
from datetime import date
mode, path = sys.argv[1], sys.argv[2]
from qplan.loading import cache
from qplan.models.providers import ProviderCatalog
from qplan.models.requests import PlanRequest, Wishes
from qplan.planning.assemble import assemble, resolve_track
from qplan.run import data
catalog = data.load_catalog()
request = PlanRequest("basis", "beide", date(2027, 1, 1))
track = resolve_track(catalog, request)
doc = assemble(catalog, request, track)
wishes = Wishes(today=date(2026, 11, 25))
import qplan.planning.offers as offers
from qplan.loading import codec, conform, files  # imported before the clock starts
def old():
    raw = files.read_capped(data.providers_path(path), data.MAX_PROVIDERS_BYTES)
    return cache.load(cache.key_for(raw + b"old", "providers-old"), ProviderCatalog)
if mode == "old-store":  # keep the whole objects as the cache kept them before (once)
    raw = files.read_capped(data.providers_path(path), data.MAX_PROVIDERS_BYTES)
    cache.store(cache.key_for(raw + b"old", "providers-old"), data.load_providers(path, catalog))
started = time.perf_counter()
if mode == "table":
    found = data.load_offer_table(path, catalog)
elif mode == "whole":
    found = data.load_providers(path, catalog)
elif mode == "old":
    found = old()
loaded = time.perf_counter()
if mode == "old" and found is None:
    sys.exit("the whole offers were not in the cache")
filtered = None
if mode in ("filter", "baseline-filter"):
    loader = data.load_offer_table if mode == "filter" else data.load_providers
    providers = loader(path, catalog)
    started = time.perf_counter()
    found = offers._Filter(doc, catalog, track, providers, wishes)
    _offers, candidates = offers._candidates(found, providers)
    loaded = time.perf_counter()
    filtered = len(candidates)
import os, qplan
tree = os.path.dirname(os.path.dirname(os.path.abspath(qplan.__file__)))
print(json.dumps({"seconds": loaded - started, "candidates": filtered, "tree": tree}))
"""


def _once(mode: str, path: Path, env: dict[str, str], tree: Path | None = None) -> dict[str, object]:
    """One fresh process: the seconds of `mode` (and for a filter, the candidates)."""
    env = dict(env)
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    # in the tree's own folder: `python -c` puts the current folder first on the path
    cwd = str(tree) if tree is not None else None
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(path)], env=env, cwd=cwd, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    result: dict[str, object] = json.loads(proc.stdout)
    if tree is not None and result["tree"] != str(tree.resolve()):
        raise SystemExit(f"the baseline ran {result['tree']}, not {tree}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--growing", action="store_true", help="candidates grow with the offers")
    parser.add_argument("--baseline", type=Path, help="an older qplan source tree to compare with")
    args = parser.parse_args()
    print(f"calibration loop: {calibration():.2f} s (a quiet machine: about 0.26 s)")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        env = process_env()
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for size in args.sizes:
            path = offers_gen.write_file(Path(tmp), size, growing_file=args.growing)
            ours = {**env, "QPLAN_CACHE_DIR": str(Path(tmp) / f"cache-{size}")}
            theirs = {**env, "QPLAN_CACHE_DIR": str(Path(tmp) / f"cache-baseline-{size}")}
            # (tree, environment, mode): each round runs every one once, so that a slow spell
            # of the machine hits them all
            runs = [(None, ours, m) for m in ("table", "old", "whole", "filter")]
            if args.baseline is not None:
                runs += [(args.baseline, theirs, "whole"), (args.baseline, theirs, "baseline-filter")]
            _once("table", path, ours)  # fills the cache
            _once("old-store", path, ours)
            if args.baseline is not None:
                _once("whole", path, theirs, args.baseline)
            seconds: dict[tuple[Path | None, str], list[float]] = {}
            counts: dict[tuple[Path | None, str], object] = {}
            for _ in range(args.runs):
                for tree, where, mode in runs:
                    result = _once(mode, path, where, tree)
                    seconds.setdefault((tree, mode), []).append(float(result["seconds"]))  # type: ignore[arg-type]
                    counts[tree, mode] = result["candidates"]
            median = {key: statistics.median(values) for key, values in seconds.items()}
            table, old = median[None, "table"], median[None, "old"]
            print(
                f"{size:6d} offers ({os.path.getsize(path) / 1e6:.1f} MB): table from the cache {table:.3f} s, "
                f"whole offers as cached before {old:.3f} s (ratio {table / old:.2f}), whole offers from the "
                f"table {median[None, 'whole']:.3f} s; filter and candidates {median[None, 'filter']:.3f} s "
                f"({counts[None, 'filter']} candidates)"
            )
            if args.baseline is not None:
                print(
                    f"        baseline {args.baseline}: cached load {median[args.baseline, 'whole']:.3f} s, filter "
                    f"and candidates {median[args.baseline, 'baseline-filter']:.3f} s "
                    f"({counts[args.baseline, 'baseline-filter']} candidates)"
                )
            if size >= 50000:
                ok &= table <= 0.3
                print(f"  table ≤ 0.3 s at {size} offers: {'OK' if table <= 0.3 else 'NEIN'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
