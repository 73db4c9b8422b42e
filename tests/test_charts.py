"""The KPI chart: the figure's traces, found by their role (``meta``)."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from smartkit.charts import goal_chart, kpi_chart, milestone_dates
from smartkit.demos import load_demo
from smartkit.i18n import Lang

TODAY = dt.date(2026, 11, 24)


def roles(fig) -> list[str]:
    return [trace.meta for trace in fig.data]


def trace(fig, role: str):
    return next(tr for tr in fig.data if tr.meta == role)


def test_the_goal_chart_has_history_baseline_trajectory_forecast_milestones_and_today():
    demo = load_demo("pepperoni_palace", TODAY)
    forecast = pd.DataFrame({"mean": [401.0, 402.0], "lower": [399.0, 398.0], "upper": [403.0, 406.0]},
                            index=pd.date_range("2026-11-24", periods=2, name="date"))
    fig = goal_chart(demo.draft, demo.history, TODAY, "en", forecast=forecast)
    assert {"history", "baseline", "trajectory", "forecast", "forecast_band", "milestones", "today"} <= set(roles(fig))
    path = trace(fig, "trajectory")
    assert path.y[0] == 400 and path.y[-1] == 480
    assert pd.Timestamp(path.x[-1]).date() == demo.draft.deadline
    assert len(trace(fig, "milestones").x) == 5  # weekly reviews over a month, the deadline last


def test_a_count_goal_is_drawn_per_day_with_a_7_day_average():
    demo = load_demo("website_traffic", TODAY)
    fig = goal_chart(demo.draft, demo.history, TODAY, "en")
    assert "history_avg" in roles(fig)
    assert fig.layout.yaxis.title.text == "Sessions from social per day"
    daily = trace(fig, "trajectory").y
    assert 50 < daily[0] < 80  # the daily rate, not the six-month total


def test_a_draft_without_history_still_draws_its_target_path():
    demo = load_demo("engagement_rate", TODAY)
    fig = goal_chart(demo.draft, None, TODAY, "fa")
    assert roles(fig) == ["baseline", "trajectory", "milestones", "today"]
    assert fig.layout.yaxis.ticksuffix == "%"
    assert fig.layout.legend.xanchor == "right"  # right-to-left legend, left-to-right time axis
    assert fig.layout.xaxis.autorange != "reversed"


def test_milestones_follow_the_review_cadence_and_end_on_the_deadline():
    marks = milestone_dates(dt.date(2027, 1, 1), dt.date(2027, 3, 31), 14)
    assert marks[0] == dt.date(2027, 1, 15) and marks[-1] == dt.date(2027, 3, 31)
    assert len(milestone_dates(dt.date(2027, 1, 1), dt.date(2028, 12, 31), 7)) <= 12


def test_trace_names_are_translated_but_roles_are_not():
    fig = kpi_chart("followers", "en", history=pd.Series([1.0, 2.0], index=pd.date_range("2026-01-01", periods=2)),
                    today=TODAY)
    assert trace(fig, "history").name == "History" and trace(fig, "today").name == "Today"


def test_the_time_axis_speaks_the_users_language_and_calendar():
    demo = load_demo("website_traffic", TODAY)
    thai = goal_chart(demo.draft, demo.history, TODAY, Lang("th", "buddhist")).layout.xaxis
    persian = goal_chart(demo.draft, demo.history, TODAY, Lang("fa", "persian", native_digits=True)).layout.xaxis
    assert "1 มี.ค. 2569" in thai.ticktext  # Buddhist era: 2026 + 543
    assert "\u2067۱ فروردین ۱۴۰۵\u2069" in persian.ticktext  # Nowruz 1405, in Persian digits, kept right to left
    assert len(thai.tickvals) == len(thai.ticktext) >= 4


def test_hovering_a_point_shows_the_date_in_the_users_language():
    demo = load_demo("pepperoni_palace", TODAY)
    fig = goal_chart(demo.draft, demo.history, TODAY, "vi")
    assert "thg" in trace(fig, "history").customdata[-1]


def test_history_that_ended_long_before_the_goal_is_still_in_view():
    demo = load_demo("pepperoni_palace", TODAY)
    old = demo.history.copy()
    old.index = old.index - pd.Timedelta(days=700)
    fig = goal_chart(demo.draft, old, TODAY, "en")
    history = trace(fig, "history")
    shown_from = pd.Timestamp(fig.layout.xaxis.range[0])
    assert pd.Timestamp(history.x[-1]) > shown_from
