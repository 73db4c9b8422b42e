"""The target trajectory from baseline to target, and pacing of a goal in progress.

:func:`trajectory` returns one row per day from ``start`` to ``deadline`` (both inclusive):

* ``kind="count"``: ``baseline`` and ``target`` are **totals over a goal period** (the convention
  of :mod:`smartkit.analysis.achievability`; the baseline is the last period's total). The daily target
  rises in a straight line from the baseline's daily rate (``baseline / days``) on ``start`` to the
  rate that makes the period total exactly ``target`` on ``deadline`` (flat at ``target / days``
  when that would need a negative rate). Columns ``daily`` and ``cumulative``; ``expected`` is the
  cumulative total to date.
* ``kind="stock"`` / ``"ratio"`` / ``"average"``: a level moving in a straight line from
  ``baseline`` (on ``start``) to ``target`` (on ``deadline``); ``expected`` is that level.

``shape="weekday"`` spreads each week's daily targets by the weekday profile (counts; 7 factors
Monday first, mean 1) and renormalises, so the period total is unchanged. ``step="month"``
turns the path into monthly milestones (time-varying targets): counts keep one daily rate per
calendar month (the month's share of the ramp), levels hold, for every day of a month, the
value the straight line reaches at the end of that month.

:func:`pace` compares the actual values to date with the trajectory. Progress ratio:

* counts: actual total to date ÷ expected total to date (inverted when the target is below the
  baseline, where less is better);
* levels: (actual − baseline) ÷ (expected − baseline), the share of the planned move made.

Status thresholds (documented, and pinned by the tests): **too_early** while less than 20 % of
the period or fewer than 7 days have passed; then **on_track** at a progress ratio ≥ 0.95,
**at_risk** ≥ 0.80, **off_track** below. The projected end value extrapolates the pace to date:
counts ``target × ratio`` (the actual pace kept for the rest of the period), levels
``baseline + (actual − baseline) × total days ÷ days elapsed``.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from smartkit.errors import HistoryError
from smartkit.i18n import Message, Percent

MIN_FRACTION, MIN_DAYS = 0.20, 7
ON_TRACK, AT_RISK = 0.95, 0.80

PaceStatus = Literal["on_track", "at_risk", "off_track", "too_early"]


def trajectory(baseline: float, target: float, start: dt.date, deadline: dt.date,
               shape: Literal["linear", "weekday"] = "linear", weekday_profile: list[float] | None = None,
               step: Literal["none", "month"] = "none", kind: str = "stock") -> pd.DataFrame:
    """The expected path of the goal measure from ``start`` to ``deadline`` (module docstring).
    The frame's ``attrs`` carry ``kind``, ``baseline``, ``target``, ``start``, ``deadline``."""
    if deadline < start:
        raise HistoryError("error.history.generic", detail="the deadline is before the start")
    index = pd.date_range(pd.Timestamp(start), pd.Timestamp(deadline), freq="D", name="date")
    days = len(index)
    t = np.arange(days)
    if kind == "count":
        first = baseline / days
        last = 2 * target / days - first
        if days == 1:
            daily = np.array([float(target)])
        elif last < 0:
            daily = np.full(days, target / days)
        else:
            daily = first + (last - first) * t / (days - 1)
        if step == "month":
            months = index.to_period("M")
            daily = pd.Series(daily, index=index).groupby(months).transform("mean").to_numpy()
        if shape == "weekday" and weekday_profile is not None:
            factors = np.asarray(weekday_profile, dtype=float)[index.day_of_week]
            shaped = daily * factors
            if shaped.sum() > 0:
                daily = shaped * daily.sum() / shaped.sum()
        frame = pd.DataFrame({"daily": daily, "cumulative": np.cumsum(daily)}, index=index)
        frame["expected"] = frame["cumulative"]
    else:
        level = baseline + (target - baseline) * (t / (days - 1) if days > 1 else np.ones(1))
        if step == "month":
            line = pd.Series(level, index=index)
            level = line.groupby(index.to_period("M")).transform("last").to_numpy()
        frame = pd.DataFrame({"expected": level}, index=index)
    frame.attrs.update(kind=kind, baseline=float(baseline), target=float(target), start=start,
                       deadline=deadline)
    return frame


class Pacing(BaseModel):
    """Actual against expected for a goal in progress."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    status: PaceStatus
    today: dt.date
    elapsed_days: int
    total_days: int
    elapsed_fraction: float
    expected_to_date: float
    actual_to_date: float | None
    progress_ratio: float | None
    projected_end: float | None
    target: float
    reason: Message

    def as_json(self, lang: str = "en") -> dict:
        data = self.model_dump(exclude={"reason"})
        data["today"] = self.today.isoformat()
        data["reason"] = self.reason.render(lang)
        return data


def _status(ratio: float | None, fraction: float, elapsed: int) -> PaceStatus:
    if fraction < MIN_FRACTION or elapsed < MIN_DAYS or ratio is None:
        return "too_early"
    if ratio >= ON_TRACK:
        return "on_track"
    if ratio >= AT_RISK:
        return "at_risk"
    return "off_track"


def pace(trajectory: pd.DataFrame, actual: pd.Series, today: dt.date) -> Pacing:
    """Pacing on ``today`` (the last full day counted): ``actual`` is the KPI's daily series
    (daily values for counts, the level for stocks, the daily or rolling Σ/Σ for ratios)."""
    attrs = trajectory.attrs
    kind, baseline, target = attrs.get("kind", "stock"), attrs["baseline"], attrs["target"]
    start, deadline = trajectory.index[0], trajectory.index[-1]
    today_ts = min(max(pd.Timestamp(today), start - pd.Timedelta(days=1)), deadline)
    total = len(trajectory)
    elapsed = int((today_ts - start).days + 1)
    fraction = max(elapsed, 0) / total
    actual = actual.astype(float)
    if elapsed <= 0:
        expected = 0.0 if kind == "count" else baseline
        return Pacing(status="too_early", today=today, elapsed_days=0, total_days=total, elapsed_fraction=0.0,
                      expected_to_date=expected, actual_to_date=None, progress_ratio=None,
                      projected_end=None, target=target,
                      reason=Message("pacing.too_early", {"days": 0, "total": total}))
    expected = float(trajectory["expected"].loc[today_ts])
    so_far = actual[(actual.index >= start) & (actual.index <= today_ts)].dropna()
    ratio = projected = actual_value = None
    if kind == "count":
        if len(so_far):
            # gaps are filled at the pace of the days that have data
            actual_value = float(so_far.sum()) * elapsed / len(so_far)
            if expected > 0:
                ratio = actual_value / expected
                if target < baseline and actual_value > 0:
                    ratio = expected / actual_value
                projected = target * (actual_value / expected)
    else:
        known = actual[actual.index <= today_ts].dropna()
        if len(known):
            actual_value = float(known.iloc[-1])
            move = expected - baseline
            ratio = (actual_value - baseline) / move if move else (1.0 if actual_value == expected else 0.0)
            projected = baseline + (actual_value - baseline) * total / elapsed
    status = _status(ratio, fraction, elapsed)
    if status == "too_early":
        reason = Message("pacing.too_early", {"days": elapsed, "total": total})
    else:
        digits = 0 if kind in ("count", "stock") else 2  # people and clicks come whole
        reason = Message(f"pacing.{status}", {
            "actual": round(actual_value, digits), "expected": round(expected, digits),
            "ratio": Percent(ratio * 100), "projected": round(projected, digits),
            "target": round(target, digits)})
    return Pacing(status=status, today=today_ts.date(), elapsed_days=elapsed, total_days=total,
                  elapsed_fraction=fraction, expected_to_date=expected, actual_to_date=actual_value,
                  progress_ratio=ratio, projected_end=projected, target=target, reason=reason)
