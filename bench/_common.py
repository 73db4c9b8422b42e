"""What the import benchmarks share: the checkout on ``sys.path`` and interleaved timing.

``bench_import.py`` and ``bench_business_suite.py`` both compare ``read_export`` with a bare
``pandas.read_csv`` of the same file, measured in the same run so that the ratio does not
depend on the machine.
"""
from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def best_of(n: int, *fns: Callable[[], object]) -> list[float]:
    """Best wall-clock time (seconds) of each function over ``n`` rounds, run interleaved
    so that a burst of load on a shared machine hits every side alike."""
    best = [float("inf")] * len(fns)
    for _ in range(n):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - t0)
    return best
