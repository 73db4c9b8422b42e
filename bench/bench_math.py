"""Baseline + forecast + achievability on three years of daily data, against a bare statsmodels fit.

Run: ``python bench/bench_math.py [N]``. Each of N fresh processes imports everything first (the
import time is printed apart), then times, in this order:

* ``cold``: compute_baseline + forecast + assess on a KPI never seen (no cache);
* ``cached``: the same calls again (fits cached by content);
* ``bare``: ``ExponentialSmoothing(trend="add", damped_trend=True, seasonal="add",
  seasonal_periods=7).fit()`` on the same three-year daily series, the model a plain
  statsmodels user would fit.

The best of the N processes is reported, with the ratios. Budget: cold ≤ 250 ms.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import time, json, sys, warnings, datetime as dt
t0 = time.perf_counter()
import numpy as np, pandas as pd
from statsmodels.tsa.holtwinters import ExponentialSmoothing
from statsmodels.tsa.exponential_smoothing.ets import ETSModel
import scipy.stats
from smartkit.analysis.baseline import compute_baseline
from smartkit.analysis.forecast import forecast
from smartkit.analysis.achievability import assess
from smartkit.models import GoalDraft
import smartkit.goals.criteria
imports = time.perf_counter() - t0
sys.path.insert(0, "tests")
import series as S
history = S.three_years()
draft = GoalDraft(kpi="sessions", target_change_pct=15, start=dt.date(2026, 12, 1),
                  deadline=dt.date(2027, 2, 28), budget_change_pct=10, channel="facebook")

def ours():
    b = compute_baseline(history, "sessions")
    f = forecast(history["sessions"], "count", dt.date(2027, 2, 28))
    f.probability(b.per_period["quarter"] * 1.15, start=dt.date(2026, 12, 1))
    a = assess(draft, history, today=dt.date(2026, 11, 24))
    return a.verdict

t = time.perf_counter(); ours(); cold = time.perf_counter() - t
t = time.perf_counter(); ours(); cached = time.perf_counter() - t
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    t = time.perf_counter()
    ExponentialSmoothing(history["sessions"].to_numpy(), trend="add", damped_trend=True,
                         seasonal="add", seasonal_periods=7).fit()
    bare = time.perf_counter() - t
print(json.dumps({"imports": imports, "cold": cold, "cached": cached, "bare": bare}))
"""


def main(runs: int = 5) -> None:
    results = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True, text=True,
                             check=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    best = {key: min(r[key] for r in results) for key in results[0]}
    ms = {key: value * 1000 for key, value in best.items()}
    print(f"three years of daily data, best of {runs} fresh processes")
    print(f"  imports (numpy, pandas, statsmodels, smartkit)   {ms['imports']:8.1f} ms (once per process)")
    print(f"  baseline + forecast + assess, cold               {ms['cold']:8.1f} ms   (budget 250 ms)")
    print(f"  baseline + forecast + assess, cached             {ms['cached']:8.1f} ms")
    print(f"  bare statsmodels seasonal Holt-Winters fit       {ms['bare']:8.1f} ms")
    print(f"  cold / bare fit = {best['cold'] / best['bare']:.2f}   cached / bare fit = {best['cached'] / best['bare']:.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
