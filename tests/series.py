"""Synthetic history tables with known answers, for the baseline / forecast / achievability tests.

Every builder returns a history table in the importer contract: a daily ``DatetimeIndex`` named
``date`` and float columns named after catalogue metric ids.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from smartkit.models import DAYS_PER_MONTH

END = dt.date(2026, 11, 23)  # the last day of every synthetic history (a Monday)
WEEKLY_CYCLE = (1.2, 1.1, 1.0, 1.0, 0.9, 0.7, 1.1)  # Monday first; mean 1.0


def dates(days: int, end: dt.date = END) -> pd.DatetimeIndex:
    return pd.date_range(end=pd.Timestamp(end), periods=days, freq="D", name="date")


def frame(**columns: np.ndarray | pd.Series | float) -> pd.DataFrame:
    """A history table from equal-length arrays (the first sets the dates, ending at END)."""
    length = next(len(v) for v in columns.values() if not np.isscalar(v))
    index = dates(length)
    return pd.DataFrame({k: np.broadcast_to(np.asarray(v, dtype=float), (length,)) for k, v in columns.items()},
                        index=index)


def flat(days: int = 120, level: float = 100.0, column: str = "link_clicks") -> pd.DataFrame:
    """A perfectly flat series."""
    return frame(**{column: np.full(days, level)})


def growth(days: int = 365, level: float = 100.0, monthly_pct: float = 2.0, column: str = "sessions",
           noise: float = 0.0, seed: int = 0) -> pd.DataFrame:
    """Steady compound growth: ``level`` on the first day, ``monthly_pct`` % a month (365.25/12 days),
    with optional multiplicative noise (standard deviation ``noise``)."""
    t = np.arange(days)
    values = level * (1 + monthly_pct / 100) ** (t / DAYS_PER_MONTH)
    if noise:
        values = values * (1 + np.random.default_rng(seed).normal(0, noise, days))
    return frame(**{column: values})


def weekly_cycle(days: int = 84, level: float = 100.0, column: str = "link_clicks",
                 cycle: tuple[float, ...] = WEEKLY_CYCLE) -> pd.DataFrame:
    """A flat level times a fixed weekday cycle (Monday first)."""
    index = dates(days)
    return pd.DataFrame({column: level * np.asarray(cycle)[index.day_of_week]}, index=index)


def noisy(days: int, level: float, sd: float, column: str, seed: int = 1,
          cycle: tuple[float, ...] | None = None) -> pd.DataFrame:
    """A flat level with normal noise (and an optional weekday cycle)."""
    index = dates(days)
    rng = np.random.default_rng(seed)
    factors = np.asarray(cycle)[index.day_of_week] if cycle else 1.0
    return pd.DataFrame({column: np.maximum(level * factors + rng.normal(0, sd, days), 0)}, index=index)


def three_years(seed: int = 7) -> pd.DataFrame:
    """Three years of a realistic paid + organic account: growth, weekly cycle, noise."""
    days = 3 * 365
    index = dates(days)
    rng = np.random.default_rng(seed)
    t = np.arange(days)
    trend = (1.01) ** (t / DAYS_PER_MONTH)
    cycle = np.asarray(WEEKLY_CYCLE)[index.day_of_week]
    impressions = 20_000 * trend * cycle * rng.lognormal(0, 0.1, days)
    link_clicks = impressions * 0.012 * rng.lognormal(0, 0.1, days)
    spend = 80 * trend * rng.lognormal(0, 0.05, days)
    sessions = 900 * trend * cycle * rng.lognormal(0, 0.08, days)
    conversions = sessions * 0.02 * rng.lognormal(0, 0.2, days)
    new_followers = rng.poisson(6 * trend).astype(float)
    lost_followers = rng.poisson(2, days).astype(float)
    return pd.DataFrame({"impressions": impressions, "link_clicks": link_clicks, "spend": spend,
                         "sessions": sessions, "conversions": conversions,
                         "new_followers": new_followers, "lost_followers": lost_followers},
                        index=index)


def pepperoni_history(days: int = 182, seed: int = 3) -> pd.DataFrame:
    """A young local page over six months: slow organic follower growth (≈0.3 net a day) and a
    boosted fortnight every six weeks that brought ≈5 a day, ending at 400 followers (the value
    the goal gives as its baseline, used as the anchor). About +80 in a boosted month, +10 in a
    quiet one."""
    index = dates(days)
    rng = np.random.default_rng(seed)
    boosted = np.zeros(days, dtype=bool)
    for start in range(days - 1 - 14 - 3, -1, -42):  # the last boost ended three days ago
        boosted[start:start + 14] = True
    new = rng.poisson(np.where(boosted, 5.3, 0.6)).astype(float)
    lost = rng.poisson(0.3, days).astype(float)
    return pd.DataFrame({"new_followers": new, "lost_followers": lost, "net_followers": new - lost,
                         "spend": np.where(boosted, 5.0, 0.0)}, index=index)
