"""Forecasts respect the KPI: never below zero for counts and money, within 0–100 % for rates,
the mean always inside its band, and no forecast at all when the history is too short."""
from __future__ import annotations

import datetime as dt
import pathlib

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from smartkit.analysis.achievability import assess
from smartkit.analysis.baseline import clean
from smartkit.analysis.forecast import goal_forecast, history_needed
from smartkit.charts import chart_data
from smartkit.errors import NotEnoughHistoryError, SmartkitError
from smartkit.importers import read_export
from smartkit.models import GoalDraft

EXPORTS = pathlib.Path(__file__).parent / "fixtures" / "exports"
FALLING = "meta_ads_daily_14d_link_clicks_falling.csv"


def meta_14_days() -> pd.DataFrame:
    path = EXPORTS / FALLING
    return read_export(path.read_bytes(), filename=path.name).daily


def link_clicks_goal(days: int) -> GoalDraft:
    start = dt.date(2024, 3, 31)
    return GoalDraft(kpi="link_clicks", channel="facebook", baseline=9000, target=10000, start=start,
                     deadline=start + dt.timedelta(days=days - 1))


def test_a_14_day_meta_export_with_falling_link_clicks_gets_no_month_ahead_forecast_and_says_why():
    history = meta_14_days()
    assert len(history) == 14 and history["link_clicks"].iloc[-1] < history["link_clicks"].iloc[0] / 2
    with pytest.raises(NotEnoughHistoryError) as caught:
        goal_forecast(clean(history, "link_clicks"), dt.date(2024, 4, 29))
    assert caught.value.key == "analysis.forecast.too_short"
    assert "14 days" in caught.value.message("en") and "30 days" in caught.value.message("en")
    for lang in ("vi", "th", "fa"):
        text = caught.value.message(lang)
        assert "{" not in text and "nan" not in text.lower()
    judged = assess(link_clicks_goal(30), history, today=dt.date(2024, 3, 31))
    assert judged.forecast_end is None and judged.chance is None
    assert any(note.key == "analysis.forecast.too_short" for note in judged.notes)
    data = chart_data(link_clicks_goal(30), history, dt.date(2024, 3, 31))
    assert not data.points("forecast_mean")


def test_a_14_day_meta_export_forecast_a_week_ahead_never_falls_below_zero():
    history = meta_14_days()
    fc = goal_forecast(clean(history, "link_clicks"), dt.date(2024, 4, 6))
    assert (fc.frame[["mean", "lower", "upper"]] >= 0).all().all()
    assert (fc.frame["lower"] <= fc.frame["mean"]).all() and (fc.frame["mean"] <= fc.frame["upper"]).all()
    # two weeks of a slide are no trend to carry forward: the forecast holds the recent level
    assert fc.frame["mean"].min() > 150


def test_a_steep_two_month_slide_is_clipped_at_zero_and_the_mean_stays_in_its_band():
    days = pd.date_range("2026-01-01", periods=60, freq="D", name="date")
    history = pd.DataFrame({"link_clicks": np.linspace(1000, 60, 60)}, index=days)
    fc = goal_forecast(clean(history, "link_clicks"), dt.date(2026, 3, 31))
    frame = fc.frame
    assert (frame["lower"] >= 0).all() and (frame["mean"] >= 0).all()
    assert ((frame["lower"] <= frame["mean"]) & (frame["mean"] <= frame["upper"])).all()
    end = fc.end(start=dt.date(2026, 3, 2))
    assert 0 <= end["lower"] <= end["mean"] <= end["upper"]


def test_a_rate_forecast_stays_between_0_and_100_percent():
    days = pd.date_range("2026-01-01", periods=120, freq="D", name="date")
    clicks = np.linspace(100, 990, 120)
    history = pd.DataFrame({"link_clicks": clicks, "impressions": np.full(120, 1000.0)}, index=days)
    fc = goal_forecast(clean(history, "ctr"), dt.date(2026, 6, 30))
    assert (fc.frame["upper"] <= 100).all() and (fc.frame["lower"] >= 0).all()


def test_the_history_needed_grows_with_the_horizon():
    assert history_needed(3) == 14 and history_needed(90) == 90


@st.composite
def histories(draw):
    n = draw(st.integers(min_value=14, max_value=150))
    level = draw(st.floats(min_value=0.0, max_value=1e5))
    slope = draw(st.floats(min_value=-2.0, max_value=2.0))     # share of the level per 30 days
    noise = draw(st.floats(min_value=0.0, max_value=1.0))
    seed = draw(st.integers(min_value=0, max_value=2**16))
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    values = np.maximum(level * (1 + slope * t / 30) * (1 + noise * rng.standard_normal(n)), 0)
    kind = draw(st.sampled_from(["link_clicks", "ctr", "followers", "net_followers"]))
    days = pd.date_range(end="2026-11-23", periods=n, freq="D", name="date")
    if kind == "ctr":
        shown = np.maximum(values, 1) * 3
        frame = pd.DataFrame({"link_clicks": np.minimum(values, shown), "impressions": shown}, index=days)
    elif kind == "followers":
        frame = pd.DataFrame({"followers": np.maximum(np.cumsum(values - values.mean() * (1 - slope)), 0)},
                             index=days)
    elif kind == "net_followers":
        frame = pd.DataFrame({"new_followers": values, "lost_followers": values[::-1]}, index=days)
    else:
        frame = pd.DataFrame({"link_clicks": values}, index=days)
    return kind, frame


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(histories(), st.integers(min_value=1, max_value=200), st.floats(min_value=-0.99, max_value=1.0))
def test_for_any_history_and_goal_no_count_is_negative_no_rate_leaves_0_100_and_the_mean_stays_in_its_band(
        case, days, change):
    kpi, history = case
    start = dt.date(2026, 11, 24)
    try:
        draft = GoalDraft(kpi=kpi, target_change_pct=change * 100, start=start,
                          deadline=start + dt.timedelta(days=days - 1),
                          baseline=min(float(history.iloc[-1].sum()), 50.0) or 1.0)
    except (ValueError, SmartkitError):  # a goal the model refuses is never judged
        assume(False)
    judged = assess(draft, history, today=start)
    low = -np.inf if kpi == "net_followers" else 0.0
    high = 100.0 if kpi == "ctr" else np.inf
    if judged.forecast_end is not None:
        end = judged.forecast_end
        assert low <= end["lower"] <= end["mean"] <= end["upper"]
        if kpi == "ctr":
            assert end["upper"] <= high
    if judged.chance is not None:
        assert 0.0 <= judged.chance <= 1.0
    data = chart_data(draft, history, start)
    lower, mean, upper = (np.array([v for _, v in data.points(name)])
                          for name in ("forecast_lower", "forecast_mean", "forecast_upper"))
    if len(mean):
        assert (lower >= low).all() and (upper <= high).all()
        assert (lower <= mean + 1e-9).all() and (mean <= upper + 1e-9).all()
