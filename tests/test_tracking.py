"""Tracking a goal under way: extended history, the target path in force, pacing, outcome."""
from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from smartkit.analysis.pacing import AT_RISK, ON_TRACK
from smartkit.analysis.baseline import weekday_profile
from smartkit.analysis.tracking import (
    TargetChange,
    changes_in_force,
    extend_history,
    final_outcome,
    target_path,
    track,
    history_profile,
)
from smartkit.models import GoalDraft

D = dt.date


def daily(values: dict[str, list[float]], start: str) -> pd.DataFrame:
    size = len(next(iter(values.values())))
    index = pd.date_range(start, periods=size, freq="D", name="date")
    return pd.DataFrame(values, index=index, dtype=float)


def traffic_goal(**changes) -> GoalDraft:
    """900 referral sessions last quarter → 1,200 this quarter (90 days)."""
    data = dict(kpi="referral_sessions", baseline=900, target=1200, start=D(2026, 1, 1), deadline=D(2026, 3, 31))
    return GoalDraft(**{**data, **changes})


def followers_goal(**changes) -> GoalDraft:
    """Pepperoni Palace: 400 → 480 followers in January."""
    data = dict(kpi="followers", baseline=400, target=480, start=D(2026, 1, 1), deadline=D(2026, 1, 31))
    return GoalDraft(**{**data, **changes})


# ----------------------------------------------------------------------------- history


def test_a_newer_export_replaces_the_overlapping_days_and_says_so():
    old = daily({"sessions": [10, 11, 12, 13]}, "2026-01-01")
    new = daily({"sessions": [99, 98, 20]}, "2026-01-03")
    merged, warnings = extend_history(old, new)
    assert merged["sessions"].tolist() == [10, 11, 99, 98, 20]
    assert [w.key for w in warnings] == ["tracking.overlap_replaced"]
    assert warnings[0].params["first"] == D(2026, 1, 3) and warnings[0].params["last"] == D(2026, 1, 4)
    assert warnings[0].render("en").startswith("2 days (")
    assert "2 days" in warnings[0].render("en")


def test_one_overlapping_day_is_said_in_the_singular():
    old = daily({"sessions": [10, 11]}, "2026-01-01")
    new = daily({"sessions": [99, 20]}, "2026-01-02")
    _, warnings = extend_history(old, new)
    assert warnings[0].render("en").startswith("1 day (")


def test_a_day_the_newer_file_leaves_empty_keeps_the_older_figure():
    old = daily({"sessions": [10, 11], "purchases": [1, 2]}, "2026-01-01")
    new = daily({"sessions": [50, 60]}, "2026-01-02")
    merged, _ = extend_history(old, new)
    assert merged["sessions"].tolist() == [10, 50, 60]
    assert merged["purchases"].iloc[:2].tolist() == [1, 2] and math.isnan(merged["purchases"].iloc[2])


def test_extending_without_overlap_gives_no_warning():
    merged, warnings = extend_history(daily({"sessions": [1, 2]}, "2026-01-01"), daily({"sessions": [3]}, "2026-01-03"))
    assert merged["sessions"].tolist() == [1, 2, 3] and warnings == []


# ----------------------------------------------------------------------------- target path


def test_the_straight_count_path_adds_up_to_the_target_on_the_deadline():
    path = target_path(traffic_goal())
    assert len(path) == 90
    assert path["expected"].iloc[-1] == pytest.approx(1200)
    assert path["daily"].iloc[0] == pytest.approx(900 / 90)


def test_a_raised_target_keeps_what_was_expected_before_it_and_reaches_the_new_total():
    goal = traffic_goal()
    before = target_path(goal)
    path = target_path(goal, [TargetChange(D(2026, 2, 1), 1500, None, "review")])
    january = slice("2026-01-01", "2026-01-31")
    assert path.loc[january, "expected"].tolist() == pytest.approx(before.loc[january, "expected"].tolist())
    assert path["expected"].iloc[-1] == pytest.approx(1500)
    assert path.loc["2026-01-31", "target"] == 1200 and path.loc["2026-02-01", "target"] == 1500
    assert path.attrs["target"] == 1500


def test_a_later_deadline_extends_the_path_to_it():
    path = target_path(traffic_goal(), [TargetChange(D(2026, 3, 1), None, D(2026, 4, 30), "review")])
    assert path.index[-1] == pd.Timestamp("2026-04-30")
    assert path["expected"].iloc[-1] == pytest.approx(1200)
    assert path.attrs["deadline"] == D(2026, 4, 30)


def test_a_deadline_extended_after_it_passed_leaves_no_gap_in_the_path():
    path = target_path(traffic_goal(), [TargetChange(D(2026, 4, 10), 1500, D(2026, 5, 31), "review")])
    assert len(path) == (D(2026, 5, 31) - D(2026, 1, 1)).days + 1
    assert path.loc["2026-04-05", "expected"] == pytest.approx(1200) and path.loc["2026-04-05", "daily"] == 0
    assert path["expected"].iloc[-1] == pytest.approx(1500)
    assert track(traffic_goal(), traffic_history(13, "2026-04-05"),
                 [TargetChange(D(2026, 4, 10), 1500, D(2026, 5, 31), "review")], today=D(2026, 4, 6)).status


def test_a_level_goal_moves_from_where_it_stood_to_the_new_target():
    path = target_path(followers_goal(), [TargetChange(D(2026, 1, 16), 520, D(2026, 2, 15), "review")])
    stood = path.loc["2026-01-15", "expected"]
    assert stood == pytest.approx(400 + 80 * 14 / 30)
    assert path.loc["2026-01-16", "expected"] == pytest.approx(stood)
    assert path["expected"].iloc[-1] == pytest.approx(520)


def test_a_change_dated_before_the_start_replaces_the_goals_own_target():
    segments = changes_in_force(traffic_goal(), [TargetChange(D(2025, 12, 20), 1300, None, "edit")])
    assert [(s.effective_from, s.target) for s in segments] == [(D(2026, 1, 1), 1300)]


def test_a_monthly_path_keeps_one_daily_rate_per_month():
    path = target_path(traffic_goal(target_path="monthly"))
    rates = path["daily"].groupby(path.index.month).nunique()
    assert rates.tolist() == [1, 1, 1]
    assert path["expected"].iloc[-1] == pytest.approx(1200)


def test_a_weekday_path_follows_the_quiet_weekends_of_the_history():
    days = pd.date_range("2025-09-01", "2025-12-31", name="date")
    history = pd.DataFrame({"referral_sessions": [20.0 if d.day_of_week < 5 else 5.0 for d in days]}, index=days)
    path = target_path(traffic_goal(target_path="weekday"), history=history)
    saturday, friday = path.loc["2026-01-03", "daily"], path.loc["2026-01-02", "daily"]
    assert saturday < friday / 3
    assert path["expected"].iloc[-1] == pytest.approx(1200)


def test_the_path_and_the_baseline_share_one_weekday_profile_of_three_weeks():
    short = daily({"x": [1.0] * 20}, "2026-01-01")["x"]
    assert history_profile(short) is None
    mondays_high = daily({"x": [7.0, 1, 1, 1, 1, 1, 1] * 5}, "2025-12-01")["x"]
    profile = history_profile(mondays_high)
    assert profile == weekday_profile(mondays_high)  # the baseline's own rule, not a second one
    assert profile[0] == pytest.approx(7 / (13 / 7)) and sum(profile) == pytest.approx(7)


def test_a_goal_without_numbers_has_no_path():
    assert target_path(traffic_goal(baseline=None)) is None
    assert target_path(GoalDraft(kpi="sessions")) is None


# ----------------------------------------------------------------------------- pacing


def traffic_history(per_day: float, until: str) -> pd.DataFrame:
    days = pd.date_range("2025-10-01", until, name="date")
    return pd.DataFrame({"referral_sessions": np.full(len(days), per_day)}, index=days)


def test_a_goal_ahead_of_its_path_is_on_track_with_the_projection_above_target():
    result = track(traffic_goal(), traffic_history(15, "2026-02-14"), None, today=D(2026, 2, 20))
    assert result.status == "on_track"
    assert result.as_of == D(2026, 2, 14)  # the last day with data, not today
    assert result.actual_to_date == pytest.approx(15 * 45)
    assert result.pacing.progress_ratio >= ON_TRACK
    assert result.projected_end > 1200


def test_pacing_statuses_follow_the_documented_thresholds():
    goal = traffic_goal()
    path = target_path(goal)
    expected = path.loc["2026-02-14", "expected"]
    for share, status in ((ON_TRACK + 0.01, "on_track"), (AT_RISK + 0.01, "at_risk"), (AT_RISK - 0.05, "off_track")):
        result = track(goal, traffic_history(expected * share / 45, "2026-02-14"), None, today=D(2026, 2, 15))
        assert result.status == status, share


def test_too_early_to_judge_has_no_status_but_has_figures():
    result = track(traffic_goal(), traffic_history(15, "2026-01-05"), None, today=D(2026, 1, 6))
    assert result.status is None and result.pacing.status == "too_early"
    assert result.figures()["status"] is None


def test_pacing_uses_the_path_in_force_on_each_day():
    history = traffic_history(12, "2026-02-14")
    plain = track(traffic_goal(), history, None, today=D(2026, 2, 15))
    raised = track(traffic_goal(), history, [TargetChange(D(2026, 2, 1), 2000, None, "review")], today=D(2026, 2, 15))
    assert raised.expected_to_date > plain.expected_to_date
    assert raised.pacing.target == 2000 and plain.pacing.target == 1200


def test_the_projected_band_is_wider_for_noisier_days_and_brackets_the_projection():
    days = pd.date_range("2025-10-01", "2026-02-14", name="date")
    noisy = pd.DataFrame({"referral_sessions": np.where(np.arange(len(days)) % 2, 5.0, 25.0)}, index=days)
    steady = traffic_history(15, "2026-02-14")
    calm, wild = (track(traffic_goal(), h, None, today=D(2026, 2, 15)) for h in (steady, noisy))
    assert calm.projected_low == pytest.approx(calm.projected_end) == pytest.approx(calm.projected_high)
    assert wild.projected_low < wild.projected_end < wild.projected_high


def test_figures_are_json_safe_with_the_contract_keys():
    figures = track(traffic_goal(), traffic_history(15, "2026-02-14"), None, today=D(2026, 2, 15)).figures()
    assert {"status", "actual_to_date", "expected_to_date", "projected_end"} <= set(figures)
    assert all(v is None or not isinstance(v, float) or math.isfinite(v) for v in figures.values())


def test_no_data_for_the_kpi_gives_no_tracking():
    other = daily({"sessions": [1.0] * 10}, "2026-01-01")
    assert track(traffic_goal(), other, None, today=D(2026, 2, 1)) is None


# ----------------------------------------------------------------------------- outcome


def test_a_count_goal_past_its_deadline_is_achieved_from_its_total():
    result = track(traffic_goal(), traffic_history(14, "2026-03-31"), None, today=D(2026, 4, 2))
    assert result.outcome.status == "achieved"
    assert result.outcome.final_value == pytest.approx(14 * 90)
    assert "achieved" in result.reason.render("en")


def test_a_count_goal_past_its_deadline_is_missed_when_short():
    result = track(traffic_goal(), traffic_history(12, "2026-03-31"), None, today=D(2026, 4, 2))
    assert result.outcome.status == "missed" and result.outcome.final_value == pytest.approx(1080)


def test_no_verdict_while_the_data_stops_before_the_deadline():
    result = track(traffic_goal(), traffic_history(14, "2026-03-20"), None, today=D(2026, 4, 2))
    assert result.outcome is None


def test_a_followers_goal_is_judged_on_the_count_at_the_deadline():
    goal = followers_goal()
    days = pd.date_range("2025-12-01", "2026-01-31", name="date")
    counts = pd.Series(np.linspace(380, 490, len(days)), index=days)
    path = target_path(goal)
    assert final_outcome(goal, counts, path).status == "achieved"
    assert final_outcome(goal, counts - 20, path).status == "missed"
