"""Progress lines and the summary figures (p50/p95/max) every part of the bench reports."""

from __future__ import annotations

import statistics
import sys
import time

_STARTED = time.perf_counter()


def log(message: str) -> None:
    """Progress on stderr, with the seconds since start, so stdout stays one JSON object."""
    print(f"bench: {time.perf_counter() - _STARTED:6.1f} s  {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list.

    >>> percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95), percentile([4.0], 50)
    (10, 4.0)
    """
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def summary(values: list[float], digits: int = 1) -> dict:
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "p50": round(statistics.median(values), digits),
        "p95": round(percentile(values, 95), digits),
        "max": round(max(values), digits),
    }
