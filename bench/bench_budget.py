"""Speed of the budget planner on three years of days: fit + invert cold (≤ 200 ms) and a
slider move (≤ 20 ms), with a bare scipy fit of the same curve in the same run as the baseline.

    python bench/bench_budget.py
"""
from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np
from scipy import optimize, signal

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from budget_series import synthetic_history  # noqa: E402
from smartkit.analysis.budget import budget_plan, fit_response  # noqa: E402

START, DEADLINE = dt.date(2026, 1, 1), dt.date(2026, 3, 31)


def bare_fit(spend: np.ndarray, y: np.ndarray) -> None:
    """One bounded least-squares fit of the same curve with scipy, nothing else."""
    def residuals(theta):
        lam = 0.5 ** (1 / theta[3])
        a = signal.lfilter([1 - lam], [1, -lam], spend, zi=[lam * spend[0]])[0]
        return theta[0] + theta[1] * a / (theta[2] + a) - y
    optimize.least_squares(residuals, [5, 150, 80, 1.0], bounds=([0, 0, 1, 0.1], [1e4, 1e5, 1e4, 14]))


def best_of(fn, repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times) * 1000


def main() -> None:
    history, _ = synthetic_history(7, days=3 * 365)
    spend, y = history["spend"].to_numpy(), history["leads"].to_numpy()
    bare = best_of(lambda: bare_fit(spend, y))

    def cold():
        curve = fit_response(history, "leads", "USD")
        budget_plan(curve, START, DEADLINE, target=15000, budget=7000)
    cold_ms = best_of(cold)
    curve = fit_response(history, "leads", "USD")
    budget_plan(curve, START, DEADLINE, target=15000, budget=7000)
    budgets = iter(np.linspace(3000, 12000, 1000))
    targets = iter(np.linspace(9000, 18000, 1000))
    budget_move = best_of(lambda: budget_plan(curve, START, DEADLINE, target=15000, budget=float(next(budgets))), 20)
    target_move = best_of(lambda: budget_plan(curve, START, DEADLINE, target=float(next(targets)), budget=7000), 20)
    print(f"three years of days ({len(history)}), basis {curve.basis}")
    print(f"bare scipy fit:            {bare:7.1f} ms")
    print(f"fit + invert, cold:        {cold_ms:7.1f} ms  (×{cold_ms / bare:.1f} the bare fit; limit 200 ms)")
    print(f"budget slider move:        {budget_move:7.2f} ms  (limit 20 ms)")
    print(f"target slider move:        {target_move:7.2f} ms  (limit 20 ms)")


if __name__ == "__main__":
    main()
