"""Timing helpers shared by the benchmark scripts (``python3 benchmarks/bench_*.py``)."""

import time


def best_of_with_value(fn, repeats):
    """(best wall time in seconds over ``repeats`` calls of ``fn()``, the last value)."""
    best, value = float("inf"), None
    for _ in range(repeats):
        t = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t)
    return best, value


def best_of(fn, repeats):
    """Best wall time in seconds over ``repeats`` calls of ``fn()``."""
    return best_of_with_value(fn, repeats)[0]
