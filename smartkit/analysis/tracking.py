"""Tracking a goal under way: extending its history, the target path in force on each day,
pacing against that path, the projected end with its band, and the verdict once the deadline
has passed. Pure functions over :class:`~smartkit.models.GoalDraft` and history tables; the
trajectory and the pacing ratio themselves are :mod:`smartkit.analysis.pacing`'s.

**Extending history** (:func:`extend_history`): a newer export is laid over the stored table;
on days both have, the newer figures win (a day the newer file leaves empty keeps the older
figure), and a warning says which days were replaced.

**Target path** (:func:`target_path`): the goal's own target and deadline from its start, then
each later :class:`TargetChange` (from a review or an edit of an active goal) from its date on.
Each change starts a new segment from where the path in force stood the day before: counts keep
the cumulative total expected so far and ramp from that day's rate to the rate that reaches the
new total on the new deadline; levels move in a straight line from the level expected that day
to the new target. The goal's ``target_path`` shapes every segment: ``straight`` (default),
``monthly`` (monthly steps: time-varying targets) or ``weekday`` (counts follow the weekday
profile of the history before the start, :func:`history_profile`). Columns: ``expected``
(cumulative for counts, the level otherwise), ``daily`` (counts) and ``target`` (the target in
force that day).

**Status** (:func:`track`): pacing as of the last full day with data (never past yesterday or
the deadline), with :mod:`smartkit.analysis.pacing`'s documented thresholds: **on_track** at a
progress ratio ≥ ``ON_TRACK`` (0.95), **at_risk** ≥ ``AT_RISK`` (0.80), **off_track** below;
no status (None) while it is too early to judge (less than a fifth of the period or a week).

**Projected end band**: an 80 % band around the projected end value, ± 1.28 × the day-to-day
spread of the actuals so far × √(days left): for counts the spread of the daily values, for
levels the spread of the daily changes. It closes to the projected value on the deadline.

**Outcome** (:func:`final_outcome`): once the data reaches the deadline, a count's total over
the period (a level's last value on or before the deadline) against the target in force:
**achieved** when it is at or beyond the target in the goal's direction, else **missed**.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from smartkit.analysis.pacing import Pacing, pace, trajectory
from smartkit.wording import day_count
from smartkit.i18n import Message
from smartkit.models import GoalDraft

BAND_Z = 1.2816  # 80 % two-sided normal band

TrackStatus = Literal["on_track", "at_risk", "off_track"]
Outcome = Literal["achieved", "missed"]


@dataclass(frozen=True)
class TargetChange:
    """The target and deadline in force from ``effective_from`` on (the first one is the
    goal's own; later ones come from reviews or from edits of an active goal)."""

    effective_from: dt.date
    target: float | None
    deadline: dt.date | None
    source: str = "goal"  # goal | review | edit


# ----------------------------------------------------------------------------- history


def extend_history(old: pd.DataFrame | None, new: pd.DataFrame) -> tuple[pd.DataFrame, list[Message]]:
    """``old`` extended with ``new`` (module docstring): the newer figures win on days both
    tables have; the warning names the replaced days."""
    new = new.sort_index()
    if old is None or old.empty:
        return new, []
    overlap = old.index.intersection(new.index)
    merged = new.combine_first(old).sort_index()
    merged = merged[list(dict.fromkeys([*old.columns, *new.columns]))]
    merged.index.name = "date"
    warnings = []
    if len(overlap):
        warnings.append(Message("tracking.overlap_replaced", {
            "days": day_count(len(overlap)), "first": overlap.min().date(), "last": overlap.max().date()}))
    return merged, warnings


def actual_series(goal: GoalDraft, history: pd.DataFrame | None) -> pd.Series | None:
    """The goal KPI's daily series in ``history`` (a stock rebuilt from daily changes is
    anchored so the day before the start reads the goal's baseline); None if it cannot be read."""
    from smartkit.analysis.baseline import kpi_series
    from smartkit.catalogue import get_kpi
    from smartkit.errors import SmartkitError

    if history is None or history.empty or goal.kpi is None:
        return None
    kpi = get_kpi(goal.kpi)
    try:
        actual = kpi_series(history, kpi.id, anchor=0.0 if kpi.kind == "stock" else None)
    except SmartkitError:
        return None
    if kpi.kind == "stock" and kpi.id not in history.columns:
        if goal.start is None or goal.baseline is None:
            return None
        before = actual[actual.index < pd.Timestamp(goal.start)]
        if before.empty:
            return None
        actual = actual - before.iloc[-1] + goal.baseline
    return actual.astype(float)


def history_profile(series: pd.Series | None, before: dt.date | None = None) -> list[float] | None:
    """The weekday profile of the goal KPI's history before ``before`` (the goal's start), by
    the one rule, :func:`smartkit.analysis.baseline.weekday_profile`."""
    from smartkit.analysis.baseline import weekday_profile

    if series is None:
        return None
    data = series.dropna()
    if before is not None:
        data = data[data.index < pd.Timestamp(before)]
    return weekday_profile(data) if len(data) else None


def next_review(goal: GoalDraft, review_dates: list[dt.date] | tuple[dt.date, ...] = (),
                created: dt.date | None = None) -> dt.date | None:
    """The one next-review rule: the cadence counted from the last review held, else from the
    goal's start (else the day it was created). None without a cadence. A date on or before
    today means a review is due."""
    if not goal.review_every_days:
        return None
    since = max(review_dates, default=None) or goal.start or created
    return since + dt.timedelta(days=goal.review_every_days) if since is not None else None


# ----------------------------------------------------------------------------- target path


def changes_in_force(goal: GoalDraft, changes: list[TargetChange] | None) -> list[TargetChange]:
    """The segments of the path, in date order, each starting on or after the goal's start.
    ``changes`` is the target history (the library's begins with the goal's own target at its
    start); when it is empty, or its first change comes after the start, the goal's own target
    and deadline run from the start until it. A change dated on or before the one before it
    replaces it; a change that leaves the target or deadline empty keeps the one before."""
    if goal.start is None:
        return []
    ordered = sorted(changes or [], key=lambda c: c.effective_from)
    out = [TargetChange(goal.start, goal.resolved_target, goal.deadline, "goal")]
    for position, change in enumerate(ordered):
        when = max(change.effective_from, goal.start)
        target = change.target if change.target is not None else out[-1].target
        deadline = change.deadline if change.deadline is not None else out[-1].deadline
        entry = TargetChange(when, target, deadline, change.source)
        if when <= out[-1].effective_from:
            out[-1] = entry
        else:
            out.append(entry)
    return out


def target_path(goal: GoalDraft, changes: list[TargetChange] | None = None,
                history: pd.DataFrame | None = None) -> pd.DataFrame | None:
    """The expected path of the goal KPI, one row per day from the start to the deadline in
    force (module docstring). None while the goal lacks a KPI, baseline, start, target or
    deadline."""
    from smartkit.catalogue import get_kpi

    segments = changes_in_force(goal, changes)
    if goal.kpi is None or goal.baseline is None or not segments:
        return None
    if any(s.target is None or s.deadline is None for s in segments[:1]):
        return None
    kind = get_kpi(goal.kpi).kind
    options: dict[str, Any] = {}
    if goal.target_path == "monthly":
        options["step"] = "month"
    elif goal.target_path == "weekday" and kind == "count":
        profile = history_profile(actual_series(goal, history), before=goal.start)
        if profile is not None:
            options.update(shape="weekday", weekday_profile=profile)
    path: pd.DataFrame | None = None
    for segment in segments:
        if segment.deadline < segment.effective_from:
            continue
        if path is None:
            part = trajectory(goal.baseline, segment.target, segment.effective_from, segment.deadline,
                              kind=kind, **options)
            offset = 0.0
        else:
            day_before = pd.Timestamp(segment.effective_from) - pd.Timedelta(days=1)
            stood = path.loc[:day_before]
            if stood.empty:
                continue
            days = (segment.deadline - segment.effective_from).days + 1
            if kind == "count":
                offset = float(stood["expected"].iloc[-1])
                rate = float(stood["daily"].iloc[-1]) if day_before <= path.index[-1] else 0.0
                part = trajectory(rate * days, max(segment.target - offset, 0.0), segment.effective_from,
                                  segment.deadline, kind=kind, **options)
            else:
                offset = 0.0
                part = trajectory(float(stood["expected"].iloc[-1]), segment.target, segment.effective_from,
                                  segment.deadline, kind=kind, **options)
            path = stood
        part = part.copy()
        part["expected"] = part["expected"] + offset
        if "cumulative" in part:
            part = part.drop(columns="cumulative")
        part["target"] = float(segment.target)
        path = part if path is None else pd.concat([path, part])
    if path is None:
        return None
    path = path.asfreq("D")  # days between a passed deadline and a later change: nothing more expected
    path["expected"] = path["expected"].ffill()
    path["target"] = path["target"].ffill()
    if "daily" in path:
        path["daily"] = path["daily"].fillna(0.0)
    path.index.name = "date"
    path.attrs.update(kind=kind, baseline=float(goal.baseline), target=float(path["target"].iloc[-1]),
                      start=goal.start, deadline=path.index[-1].date())
    return path


# ----------------------------------------------------------------------------- tracking


@dataclass(frozen=True)
class FinalOutcome:
    status: Outcome
    final_value: float
    target: float
    deadline: dt.date

    def message(self) -> Message:
        return Message(f"tracking.outcome.{self.status}", {
            "final": _rounded(self.final_value), "target": _rounded(self.target), "deadline": self.deadline})


@dataclass(frozen=True)
class Tracking:
    """Where a goal under way stands, as of ``as_of`` (the last full day with data)."""

    status: TrackStatus | None
    pacing: Pacing
    as_of: dt.date
    projected_low: float | None
    projected_high: float | None
    outcome: FinalOutcome | None

    @property
    def actual_to_date(self) -> float | None:
        return self.pacing.actual_to_date

    @property
    def expected_to_date(self) -> float:
        return self.pacing.expected_to_date

    @property
    def projected_end(self) -> float | None:
        return self.pacing.projected_end

    @property
    def reason(self) -> Message:
        return self.outcome.message() if self.outcome else self.pacing.reason

    def figures(self) -> dict[str, Any]:
        """JSON-safe figures (the ``goals track --json`` ``pacing`` object and what the library
        stores): no NaN or infinity, None where unknown."""
        return {
            "status": self.status,
            "actual_to_date": _finite(self.actual_to_date),
            "expected_to_date": _finite(self.expected_to_date),
            "projected_end": _finite(self.projected_end),
            "projected_low": _finite(self.projected_low),
            "projected_high": _finite(self.projected_high),
            "target": _finite(self.pacing.target),
            "as_of": self.as_of.isoformat(),
            "elapsed_days": self.pacing.elapsed_days,
            "total_days": self.pacing.total_days,
            "progress_ratio": _finite(self.pacing.progress_ratio),
            "outcome": None if self.outcome is None else {
                "status": self.outcome.status, "final_value": _finite(self.outcome.final_value),
                "target": _finite(self.outcome.target), "deadline": self.outcome.deadline.isoformat()},
        }


def track(goal: GoalDraft, history: pd.DataFrame | None, changes: list[TargetChange] | None,
          today: dt.date) -> Tracking | None:
    """Pacing of ``goal`` against the path in force on each day, as of the last full day with
    data before ``today``; None when the goal lacks what a path needs, has no KPI data, or has
    not started (no day of data from the start to yesterday)."""
    path = target_path(goal, changes, history)
    actual = actual_series(goal, history)
    if path is None or actual is None:
        return None
    known = actual.dropna()
    if known.empty:
        return None
    start, deadline = path.index[0], path.index[-1]
    yesterday = pd.Timestamp(today) - pd.Timedelta(days=1)
    as_of = min(known.index[-1], yesterday, deadline)
    if as_of < start:
        return None  # not started yet (or no data since the start)
    progress = pace(path, actual, as_of.date())
    status = None if progress.status == "too_early" else progress.status
    low = high = None
    if progress.projected_end is not None:
        so_far = known[(known.index >= start) & (known.index <= as_of)]
        spread_of = so_far if path.attrs["kind"] == "count" else so_far.diff().dropna()
        spread = float(spread_of.std()) if len(spread_of) > 1 else 0.0
        left = max((deadline - as_of).days, 0)
        half = BAND_Z * spread * math.sqrt(left)
        low, high = progress.projected_end - half, progress.projected_end + half
    outcome = final_outcome(goal, actual, path) if known.index[-1] >= deadline and today > deadline.date() else None
    return Tracking(status=status, pacing=progress, as_of=as_of.date(), projected_low=low, projected_high=high,
                    outcome=outcome)


def final_outcome(goal: GoalDraft, actual: pd.Series, path: pd.DataFrame) -> FinalOutcome | None:
    """Achieved or missed, with the final figure (module docstring); None while the data does
    not reach the deadline."""
    start, deadline = path.index[0], path.index[-1]
    known = actual.dropna()
    if known.empty or known.index[-1] < deadline:
        return None
    target, baseline = path.attrs["target"], path.attrs["baseline"]
    if path.attrs["kind"] == "count":
        final = float(known[(known.index >= start) & (known.index <= deadline)].sum())
        lower_is_better = target < baseline
    else:
        final = float(known[known.index <= deadline].iloc[-1])
        lower_is_better = target < baseline
    achieved = final <= target if lower_is_better else final >= target
    return FinalOutcome("achieved" if achieved else "missed", final, float(target), deadline.date())


def _finite(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _rounded(value: float) -> float:
    return round(value, 2) if abs(value) < 100 else float(round(value))
