"""Calibration of the budget planner: fit on the first part of each long history with daily
spend, forecast the results of the spend actually made in the next 30 days, compare with what
happened. Prints the coverage of the 80 % range and the mean absolute percentage error.

    python bench/budget_calibration.py

Histories: the synthetic series of ``tests/budget_series.py`` (several curves and spend
variations), the demos' histories with daily spend (``data/demos``: Product X's purchases,
Pepperoni Palace's new followers; generated from a saturating response too, so not independent
evidence), and every daily export with spend and at least 120 days in ``tests/fixtures/exports``
and ``../shared/realdata`` (none so far: the real files with spend are all-time ranges). Each history gives windows every 30 days from day 120 on (overlapping fits,
so the windows are not independent).
"""
from __future__ import annotations

import glob
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from budget_series import TrueCurve, synthetic_history  # noqa: E402
from smartkit.analysis.budget import BudgetError, fit_response  # noqa: E402
from smartkit.errors import SmartkitError  # noqa: E402

HORIZON, FIRST_FIT, STEP = 30, 120, 30
RESULT_KPIS = ("purchases", "leads", "conversions", "results", "link_clicks", "messages", "new_followers")


def histories():
    curves = [TrueCurve(), TrueCurve(k=60, vmax=300, mean_spend=100), TrueCurve(k=80, vmax=400, half_life=3),
              TrueCurve(base=40, k=30, vmax=120, mean_spend=50, half_life=0.5)]
    for c, curve in enumerate(curves):
        for variation in (0.3, 0.6):
            for seed in range(3):
                history, _ = synthetic_history(100 * c + seed, variation=variation, days=540, curve=curve)
                yield f"synthetic c{c} ±{variation:.0%} s{seed}", history, "leads"
    from smartkit.importers import read_export

    for path in sorted(glob.glob(str(ROOT / "data/demos/*/history.csv"))) + \
            sorted(glob.glob(str(ROOT / "tests/fixtures/exports/*"))) + \
            sorted(glob.glob(str(ROOT.parent / "shared/realdata/*"))):
        try:
            result = read_export(path)
        except SmartkitError:
            continue
        daily = result.daily
        if result.granularity != "day" or "spend" not in daily.columns or len(daily) < FIRST_FIT + HORIZON:
            continue
        for kpi in RESULT_KPIS:
            if kpi in daily.columns and daily[kpi].notna().sum() >= FIRST_FIT:
                yield f"{Path(path).parent.name}/{Path(path).name} {kpi}", daily, kpi
                break


def main() -> None:
    rows = []
    for name, history, kpi in histories():
        for end in range(FIRST_FIT, len(history) - HORIZON + 1, STEP):
            past, future = history.iloc[:end], history.iloc[end:end + HORIZON]
            try:
                curve = fit_response(past, kpi)
            except BudgetError:
                continue
            forecast = curve.expected_for_spend(future["spend"].fillna(0.0).to_numpy())
            actual = float(future[kpi].sum())
            rows.append((name, curve.basis, forecast.lower <= actual <= forecast.upper,
                         abs(forecast.mean - actual) / actual if actual > 0 else np.nan))
    print(f"{len(rows)} forecasts of {HORIZON} days from {len({r[0] for r in rows})} histories")
    for basis in ("curve", "cost_per_result", None):
        chosen = [r for r in rows if basis is None or r[1] == basis]
        if not chosen:
            continue
        coverage = np.mean([r[2] for r in chosen])
        mape = np.nanmean([r[3] for r in chosen])
        print(f"  {basis or 'all':<16} n={len(chosen):4d}  80 % range coverage {coverage:6.1%}  MAPE {mape:6.1%}")


if __name__ == "__main__":
    main()
