"""The long run of issue 19's property test: many generated scenarios along a learner's way.

    nice -n 10 python benchmarks/lifecycle_property.py --scenarios 5000 [--steps 1] [--first 0]

Each scenario makes a plan (every track, start dates, days off, generated provider files
with multi-module and self-study offers, budgets), then marks modules done (some dates
missed), recognises (also partly), takes marks back and plans again at later dates, with and
without offers. After every command the file passes `qplan check` without errors, or the
command exited 1 naming the rules (or 2) and the file is unchanged. Prints the commands by
exit code, the rules named when a write was refused, and every violation.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenarios", type=int, default=5000)
    parser.add_argument("--steps", type=int, default=1, help="dates along the way per scenario (1: the CI shape)")
    parser.add_argument("--first", type=int, default=0, help="first seed")
    args = parser.parse_args()
    os.environ.setdefault("QPLAN_CACHE_DIR", tempfile.mkdtemp(prefix="qplan-cache-"))
    os.environ["NO_COLOR"] = "1"
    os.environ.pop("QPLAN_PROVIDERS", None)
    os.environ.pop("QPLAN_CATALOG", None)
    from tests.acceptance.test_plan_integrity_property import run_scenarios

    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="qplan-property-") as folder:
        tally = run_scenarios(args.scenarios, Path(folder), args.first, args.steps)
    seconds = time.perf_counter() - began
    print(f"{args.scenarios} Szenarien (Schritte bis {args.steps}, ab Seed {args.first}) in {seconds:.0f} s")
    print(f"Befehle: {sum(tally.commands.values())}")
    for name, count in sorted(tally.commands.items()):
        print(f"  {name}: {count}")
    print("Nicht geschrieben, mit diesen Regeln:")
    for name, count in tally.refused.most_common():
        print(f"  {name}: {count}")
    print(f"Verletzungen der Eigenschaft: {len(tally.broken)}")
    for line in tally.broken[:50]:
        print(f"  {line}")
    return 1 if tally.broken else 0


if __name__ == "__main__":
    sys.exit(main())
