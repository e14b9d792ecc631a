"""The long run of the property test in tests/unit/test_plan_integrity_offers.py: generated
scenarios (`offers_gen.scenario`), each planned with `qplan plan --offers --out` and the
written plan checked with `qplan check`, in-process.

    nice -n 10 python benchmarks/offers_scenarios.py --first 1000 --count 5000

Reports how many written plans re-check with errors (must be 0), with a QP305/QP311 warning
outside --compact (must be 0), the exit codes of `plan`, and the time per scenario.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import offers_gen

sys.path.insert(0, str(Path(__file__).parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first", type=int, default=1000)
    parser.add_argument("--count", type=int, default=5000)
    args = parser.parse_args()
    os.environ.setdefault("QPLAN_TODAY", "2026-11-25")
    os.environ["NO_COLOR"] = "1"
    from tests.conftest import run_cli

    codes: Counter[int] = Counter()
    bad: list[tuple[int, list[str], list[tuple[str, str]]]] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["QPLAN_CACHE_DIR"] = str(Path(tmp) / "cache")
        for seed in range(args.first, args.first + args.count):
            offers, options = offers_gen.scenario(seed)
            source = Path(tmp) / "providers.yaml"
            source.write_text(offers_gen.render(offers, example_note=False), encoding="utf-8")
            out = Path(tmp) / "plan.yaml"
            out.unlink(missing_ok=True)
            made = run_cli("--providers", str(source), "plan", *options, "--offers", "--out", str(out), "--no-input")
            codes[made.code] += 1
            if not out.exists():
                bad.append((seed, options, [("no file", made.stderr.strip()[-200:])]))
                continue
            checked = run_cli("--providers", str(source), "check", str(out), "--json")
            findings = [f for file in json.loads(checked.stdout)["files"] for f in file["findings"]]
            wrong = [
                (f["code"], f["message"])
                for f in findings
                if f["severity"] == "error" or (f["code"] in ("QP305", "QP311") and "--compact" not in options)
            ]
            if wrong:
                bad.append((seed, options, wrong))
                print(seed, " ".join(options), wrong[:3], flush=True)
            done = seed - args.first + 1
            if done % 250 == 0:
                print(f"{done} scenarios, {len(bad)} bad, {time.perf_counter() - started:.0f} s", flush=True)
    seconds = time.perf_counter() - started
    print(
        f"{args.count} scenarios (seeds {args.first}–{args.first + args.count - 1}): {len(bad)} with a finding, "
        f"plan exit codes {dict(sorted(codes.items()))}, {seconds:.0f} s ({seconds / args.count:.2f} s each)"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
