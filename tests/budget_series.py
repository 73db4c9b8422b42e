"""Synthetic histories with daily spend, generated from a known adstock + saturation curve:
the known answers of ``tests/test_budget.py`` and ``bench/budget_calibration.py``."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize

WEEKDAY = np.array([1.05, 1.0, 1.0, 1.02, 1.1, 0.9, 0.93])  # Monday first


@dataclass(frozen=True)
class TrueCurve:
    base: float = 10.0          # results a day with no spend
    vmax: float = 200.0         # the most spend adds, results a day
    k: float = 40.0             # the daily spend giving half of vmax
    half_life: float = 1.0      # days
    mean_spend: float = 80.0    # the history's average daily spend

    @property
    def lam(self) -> float:
        return 0.5 ** (1 / self.half_life)

    def adstock(self, spend: np.ndarray, start: float) -> np.ndarray:
        out, level = np.empty(len(spend)), start
        for i, s in enumerate(spend):
            level = self.lam * level + (1 - self.lam) * s
            out[i] = level
        return out

    def response(self, adstock: np.ndarray) -> np.ndarray:
        return self.base + self.vmax * adstock / (self.k + adstock)


def synthetic_history(seed: int, variation: float = 0.6, days: int = 365, curve: TrueCurve = TrueCurve(),
                      kpi: str = "leads", weekday: bool = False,
                      end: dt.date = dt.date(2025, 12, 31)) -> tuple[pd.DataFrame, float]:
    """``days`` of daily spend (the mean ± ``variation``, uniform) and Poisson results of the
    true curve; returns the history and the adstock on its last day."""
    rng = np.random.default_rng(seed)
    index = pd.date_range(end=pd.Timestamp(end), periods=days, freq="D", name="date")
    spend = np.round(curve.mean_spend * (1 + rng.uniform(-variation, variation, days)), 2)
    adstock = curve.adstock(spend, spend[0])
    mean = curve.response(adstock) * (WEEKDAY[index.day_of_week] if weekday else 1.0)
    results = rng.poisson(mean).astype(float)
    return pd.DataFrame({"spend": spend, kpi: results}, index=index), float(adstock[-1])


def true_total(curve: TrueCurve, daily: float, last_adstock: float, days: int) -> float:
    """The expected results of ``days`` days at a flat daily budget, right after the history."""
    return float(curve.response(curve.adstock(np.full(days, daily), last_adstock)).sum())


def true_needed(curve: TrueCurve, target: float, last_adstock: float, days: int) -> float:
    """The budget for ``days`` days (flat) whose expected results total ``target``."""
    daily = optimize.brentq(lambda b: true_total(curve, b, last_adstock, days) - target, 0.0, 1e7)
    return daily * days
