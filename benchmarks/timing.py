"""Timing shared by the benchmarks."""

import statistics
import time
from collections.abc import Callable


def median_ms(step: Callable[[], object], repeats: int) -> float:
    """The median wall time of step() in milliseconds, after one warm-up call."""
    step()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)
