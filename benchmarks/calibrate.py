"""How fast this machine is right now, printed first by every benchmark."""

from __future__ import annotations

import time


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
