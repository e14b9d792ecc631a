"""How fast this machine is right now, printed first by every benchmark.

Every benchmark imports this module first; it also puts the checkout on the path, so that
the benchmarks take "today" and the process environment from the tests' kit (tests/kit.py).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(1, str(Path(__file__).resolve().parents[1]))


def calibration() -> float:
    """Seconds for a fixed pure-Python loop.

    The machines here vary in speed from minute to minute; a quiet one runs this in
    about 0.26 s. Read every figure of the run against it.
    """
    started = time.perf_counter()
    total = 0
    for number in range(3_000_000):
        total += number
    return time.perf_counter() - started
