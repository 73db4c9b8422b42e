"""Target trajectory and pacing, with the documented thresholds."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from smartkit.models import GoalDraft
from smartkit.analysis.pacing import pace, trajectory
from smartkit.goals.assessment import assess_goal

START, DEADLINE = dt.date(2026, 12, 1), dt.date(2026, 12, 31)


def test_count_trajectory_ramps_from_baseline_rate_and_totals_the_target():
    path = trajectory(3100, 6200, START, DEADLINE, kind="count")
    assert len(path) == 31
    assert path["daily"].iloc[0] == pytest.approx(100.0)
    assert path["daily"].iloc[-1] == pytest.approx(300.0)
    assert path["cumulative"].iloc[-1] == pytest.approx(6200.0)


def test_weekday_shape_keeps_the_total():
    profile = [1.2, 1.1, 1.0, 1.0, 0.9, 0.7, 1.1]
    path = trajectory(3100, 3100, START, DEADLINE, shape="weekday", weekday_profile=profile, kind="count")
    assert path["cumulative"].iloc[-1] == pytest.approx(3100.0)
    saturday = path[path.index.day_of_week == 5]["daily"].iloc[0]
    monday = path[path.index.day_of_week == 0]["daily"].iloc[0]
    assert saturday / monday == pytest.approx(0.7 / 1.2)


def test_level_trajectory_is_a_straight_line_to_the_target():
    path = trajectory(400, 480, START, DEADLINE)
    assert path["expected"].iloc[0] == 400 and path["expected"].iloc[-1] == 480
    assert path["expected"].loc["2026-12-16"] == pytest.approx(440.0)


def test_month_steps_give_time_varying_targets():
    path = trajectory(400, 520, dt.date(2026, 11, 1), dt.date(2027, 1, 31), step="month")
    assert path["expected"].loc["2026-11-01"] == path["expected"].loc["2026-11-30"]
    assert path["expected"].loc["2027-01-31"] == pytest.approx(520.0)
    counts = trajectory(9000, 12000, dt.date(2026, 11, 1), dt.date(2027, 1, 31), step="month", kind="count")
    assert counts["cumulative"].iloc[-1] == pytest.approx(12000.0)
    assert counts["daily"].loc["2026-11-02"] == counts["daily"].loc["2026-11-29"]


def _clicks(days: int, per_day: float) -> pd.Series:
    return pd.Series(per_day, index=pd.date_range(pd.Timestamp(START), periods=days, freq="D"))


@pytest.mark.parametrize("per_day, status", [(100, "on_track"), (86, "at_risk"), (70, "off_track")])
def test_count_pacing_status_thresholds(per_day, status):
    path = trajectory(3100, 3100, START, DEADLINE, kind="count")
    result = pace(path, _clicks(10, per_day), dt.date(2026, 12, 10))
    assert result.status == status
    assert result.expected_to_date == pytest.approx(1000.0)
    assert result.actual_to_date == pytest.approx(10 * per_day)
    assert result.projected_end == pytest.approx(31 * per_day)


def test_no_status_before_a_fifth_of_the_period():
    path = trajectory(3100, 3100, START, DEADLINE, kind="count")
    assert pace(path, _clicks(5, 0.0), dt.date(2026, 12, 5)).status == "too_early"
    assert pace(path, _clicks(5, 0.0), dt.date(2026, 11, 20)).status == "too_early"
    long = trajectory(100, 200, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    early = pace(long, pd.Series([100.0], index=[pd.Timestamp("2026-02-01")]), dt.date(2026, 2, 1))
    assert early.status == "too_early" and early.elapsed_days == 32  # < 20 % of a year


def test_stock_pacing_compares_the_move_made():
    path = trajectory(400, 480, START, DEADLINE)
    followers = pd.Series(np.linspace(400, 424, 16), index=pd.date_range("2026-12-01", periods=16))
    result = pace(path, followers, dt.date(2026, 12, 16))
    assert result.progress_ratio == pytest.approx(24 / 40)
    assert result.status == "off_track"
    assert result.projected_end == pytest.approx(400 + 24 * 31 / 16)
    assert "Off track" in result.reason.render("en")


def test_lower_is_better_target_paces_in_the_right_direction():
    path = trajectory(2.0, 1.5, START, DEADLINE)  # CPC from 2.00 to 1.50
    cpc = pd.Series([1.75], index=[pd.Timestamp("2026-12-16")])
    assert pace(path, cpc, dt.date(2026, 12, 16)).status == "on_track"


# ----------------------------------------------------------------------------- a goal under way

UNDER_WAY = dict(start=dt.date(2026, 11, 1), deadline=dt.date(2026, 11, 30))


def goal_pacing(draft: GoalDraft, history, today: dt.date):
    """A goal's pacing as every surface shows it: its assessment's (the one pacing engine)."""
    tracking = assess_goal(draft, history, today).tracking
    return tracking.pacing if tracking is not None else None


def _days(**columns: float) -> pd.DataFrame:
    index = pd.date_range("2026-06-01", "2026-11-23", freq="D", name="date")
    return pd.DataFrame({name: np.full(len(index), value) for name, value in columns.items()}, index=index)


def test_clicks_flat_at_last_months_level_fall_behind_a_ten_percent_goal():
    draft = GoalDraft(kpi="link_clicks", baseline=3000, target=3300, **UNDER_WAY)
    result = goal_pacing(draft, _days(link_clicks=100.0), dt.date(2026, 11, 24))
    assert result.status == "at_risk"
    assert result.actual_to_date == 2300  # 23 full days at 100
    assert result.projected_end < 3300
    assert "2,300 so far" in result.reason.render("en")


def test_followers_rebuilt_from_daily_follows_start_from_the_baseline():
    draft = GoalDraft(kpi="followers", baseline=400, target=480, **UNDER_WAY)
    result = goal_pacing(draft, _days(new_followers=3.0, lost_followers=1.0), dt.date(2026, 11, 24))
    assert result.actual_to_date == 446  # 400 + 23 days × 2
    assert result.status == "off_track"
    assert "446 so far against 461 expected" in result.reason.render("en")


def test_a_goal_that_has_not_started_has_no_pacing_yet():
    draft = GoalDraft(kpi="link_clicks", baseline=3000, target=3300, start=dt.date(2026, 12, 1),
                      deadline=dt.date(2026, 12, 31))
    assert goal_pacing(draft, _days(link_clicks=100.0), dt.date(2026, 11, 24)) is None


def test_pacing_needs_history_of_the_kpi():
    draft = GoalDraft(kpi="sessions", baseline=3000, target=3300, **UNDER_WAY)
    assert goal_pacing(draft, _days(link_clicks=100.0), dt.date(2026, 11, 24)) is None
    assert goal_pacing(draft, None, dt.date(2026, 11, 24)) is None


def test_pacing_measures_a_baseline_that_follows_the_data_by_the_one_rule():
    import series as S
    from smartkit.analysis.baseline import clean, measured_baseline

    history = S.three_years()
    start, deadline, today = dt.date(2026, 10, 1), dt.date(2026, 12, 31), dt.date(2026, 11, 20)
    measured = measured_baseline(clean(history, "sessions"), start, deadline)
    stale = GoalDraft(kpi="sessions", baseline=round(measured * 0.8), baseline_origin="history",
                      target=round(measured * 1.2),
                      start=start, deadline=deadline)
    synced = stale.model_copy(update={"baseline": measured})
    assert goal_pacing(stale, history, today) == goal_pacing(synced, history, today)
    assert goal_pacing(stale.model_copy(update={"baseline_origin": "manual"}), history, today) \
        != goal_pacing(synced, history, today)
