"""The KPI chart: the figure's traces, found by their role (``meta``)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from smartkit.analysis.achievability import assess
from smartkit.charts import (LABEL_PX, ChartData, chart_caption, chart_data, chart_title, goal_chart, kpi_chart,
                             kpi_figure, milestone_dates)
from smartkit.demos import load_demo
from smartkit.i18n import Lang, t

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


def test_a_count_goal_is_drawn_per_day_with_a_7_day_average_on_request():
    demo = load_demo("website_traffic", TODAY)
    fig = goal_chart(demo.draft, demo.history, TODAY, "en", view="per_day")
    assert "history_avg" in roles(fig)
    assert fig.layout.yaxis.title.text == "Sessions from social per day"
    daily = trace(fig, "trajectory").y
    assert 50 < daily[0] < 80  # the daily rate, not the six-month total


def test_a_draft_without_history_still_draws_its_target_path():
    demo = load_demo("engagement_rate", TODAY)
    fig = goal_chart(demo.draft, None, TODAY, "fa")
    assert roles(fig) == ["baseline", "trajectory", "milestones", "marks", "today"]
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
    thai = goal_chart(demo.draft, demo.history, TODAY, Lang("th", "buddhist"), view="per_day").layout.xaxis
    persian = goal_chart(demo.draft, demo.history, TODAY, Lang("fa", "persian", native_digits=True),
                         view="per_day").layout.xaxis
    assert "1 มี.ค. 2569" in thai.ticktext  # Buddhist era: 2026 + 543
    assert "\u2067۱ فروردین ۱۴۰۵\u2069" in persian.ticktext  # Nowruz 1405, in Persian digits, kept right to left
    assert len(thai.tickvals) == len(thai.ticktext) >= 4


@pytest.mark.parametrize("demo_id", ["website_traffic", "engagement_rate", "product_x_sales"])
def test_persian_digits_are_on_every_value_axis_tick_not_2k(demo_id):
    demo = load_demo(demo_id, TODAY)
    fa = Lang("fa", "persian", native_digits=True)
    yaxis = goal_chart(demo.draft, demo.history, TODAY, fa).layout.yaxis
    assert yaxis.tickmode == "array" and len(yaxis.tickvals) == len(yaxis.ticktext) >= 3
    low, high = yaxis.range
    assert all(low <= v <= high for v in yaxis.tickvals)
    assert all(not any(c.isascii() and c.isalnum() for c in text) for text in yaxis.ticktext), yaxis.ticktext
    assert any(c in "۰۱۲۳۴۵۶۷۸۹" for text in yaxis.ticktext for c in text)
    # Latin digits chosen: plotly's own ticks, as before
    assert goal_chart(demo.draft, demo.history, TODAY, Lang("fa", "persian")).layout.yaxis.ticktext is None


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


def test_a_count_goal_is_drawn_cumulative_so_the_chart_states_the_baseline_and_target_totals():
    demo = load_demo("website_traffic", TODAY)
    data = chart_data(demo.draft, demo.history, TODAY, "en")
    assert data.view == "cumulative"
    assert data.points("target_path")[-1] == (demo.draft.deadline, pytest.approx(demo.draft.resolved_target))
    assert data.points("baseline")[-1][1] == pytest.approx(demo.draft.baseline)  # the last period's total
    assert data.target_value == demo.draft.resolved_target and data.baseline_value == demo.draft.baseline
    fig = kpi_figure(data, "en")
    assert fig.layout.yaxis.title.text.startswith("Sessions from social, total since")
    labels = " ".join(trace(fig, "marks").text)
    assert "Target" in labels and "Baseline" in labels


def test_the_cumulative_forecast_ends_on_the_total_the_chance_is_judged_on():
    demo = load_demo("website_traffic", TODAY)
    data = chart_data(demo.draft, demo.history, TODAY, "en")
    judged = assess(demo.draft, demo.history, today=TODAY)
    assert judged.forecast_end is not None
    last_day, mean = data.points("forecast_mean")[-1]
    assert last_day == demo.draft.deadline
    assert mean == pytest.approx(judged.forecast_end["mean"], rel=1e-6)
    assert data.points("forecast_lower")[-1][1] == pytest.approx(judged.forecast_end["lower"], rel=1e-6)
    assert data.points("forecast_upper")[-1][1] == pytest.approx(judged.forecast_end["upper"], rel=1e-6)


def test_a_goal_under_way_shows_the_actual_total_so_far():
    demo = load_demo("website_traffic", TODAY)
    started = demo.draft.model_copy(update={"start": TODAY - dt.timedelta(days=20)})
    data = chart_data(started, demo.history, TODAY, "en")
    actual = demo.history["referral_sessions"].loc[str(started.start):str(TODAY - dt.timedelta(days=1))].sum()
    assert data.progress_value == pytest.approx(actual)
    assert data.points("history")[-1][1] == pytest.approx(actual)


def test_the_baseline_is_drawn_and_in_the_legend_in_every_view():
    demo = load_demo("website_traffic", TODAY)
    for view in ("cumulative", "per_day"):
        fig = goal_chart(demo.draft, demo.history, TODAY, "en", view=view)
        line = trace(fig, "baseline")
        assert len(line.x) >= 2 and line.showlegend is not False and line.line.width >= 2
    level = goal_chart(load_demo("pepperoni_palace", TODAY).draft, None, TODAY, "en")
    assert trace(level, "baseline").y[0] == 400


def test_stocks_and_rates_keep_the_level_view():
    assert chart_data(load_demo("pepperoni_palace", TODAY).draft, None, TODAY).view == "level"
    assert chart_data(load_demo("engagement_rate", TODAY).draft, None, TODAY, view="cumulative").view == "level"


def test_chart_data_is_plain_data_another_renderer_can_draw():
    demo = load_demo("website_traffic", TODAY)
    data = chart_data(demo.draft, demo.history, TODAY, "vi")
    again = ChartData.model_validate_json(data.model_dump_json())
    assert again == data and again.unit == "count" and again.kpi == "referral_sessions"


# ----------------------------------------------------------------------------- what a new user saw


def annotation(fig, role: str):
    return next(a for a in fig.layout.annotations if a.name == role)


def test_a_chart_without_history_is_not_titled_with_a_forecast():
    demo = load_demo("engagement_rate", TODAY)
    bare = chart_data(demo.draft, None, TODAY, "en")
    assert chart_title(bare).render("en") == "Engagement rate: target path"
    caption = chart_caption(bare).render("en")
    assert caption.startswith("Dashed grey: the baseline.") and "Red: the path" in caption
    assert "history" not in caption and "Green" not in caption and "trend" not in caption
    for lang in ("vi", "th", "fa"):  # no "history" nor "forecast" in any language
        title = chart_title(bare).render(lang)
        assert t("analysis.chart.part.history", lang) not in title
        assert t("analysis.chart.part.forecast", lang) not in title
    fig = kpi_figure(bare, "fa")  # the goal page titles and captions its figure the same way
    assert chart_title(fig) == chart_title(bare) and chart_caption(fig) == chart_caption(bare)
    full = chart_data(demo.draft, demo.history, TODAY, "en")
    assert chart_title(full).render("en") == "Engagement rate: history, target path, and forecast"
    assert "Green: where the trend is heading" in chart_caption(full).render("en")
    assert "7-day average" in chart_caption(full).render("en")


def test_baseline_and_target_labels_never_overlap():
    from smartkit.reports.chart import MARK_LABEL_PT, layout

    demo = load_demo("website_traffic", TODAY)
    close = demo.draft.model_copy(update={"target": demo.draft.baseline * 1.01, "target_pct": None})
    for lang in ("en", "th"):
        height = 440
        fig = goal_chart(close, demo.history, TODAY, lang, height=height)
        target, baseline = annotation(fig, "target_value"), annotation(fig, "baseline_value")
        low, high = fig.layout.yaxis.range
        for plot_px in (height - 150, height - 46):  # the plot's height lies between these
            def centre(label):
                return (label.y - low) / (high - low) * plot_px + label.yshift

            assert abs(centre(target) - centre(baseline)) >= LABEL_PX
        # both right of the lines' ends, so neither sits on the target path
        for label in (target, baseline):
            assert pd.Timestamp(label.x).date() == close.deadline and label.xanchor == "left" and label.xshift > 0
        assert fig.layout.margin.r > 60  # room for them
        marks = {m["role"]: m for m in layout(chart_data(close, demo.history, TODAY, lang), 515, 205, lang)["marks"]}
        assert abs(marks["target_value"]["label_y"] - marks["baseline_value"]["label_y"]) >= MARK_LABEL_PT - 0.05


def test_chart_and_statement_print_the_same_rate():
    from smartkit.goals.statement import statement
    from smartkit.reports.chart import layout

    demo = load_demo("engagement_rate", TODAY)
    said = statement(demo.draft, "en")
    assert "2.3%" in said and "2.8%" in said
    fig = goal_chart(demo.draft, demo.history, TODAY, "en")
    assert annotation(fig, "baseline_value").text == "Baseline 2.3%"
    assert annotation(fig, "target_value").text == "Target 2.8%"
    labels = [m["label"] for m in layout(chart_data(demo.draft, demo.history, TODAY, "en"), 515, 205, "en")["marks"]]
    assert sorted(labels) == ["Baseline 2.3%", "Target 2.8%"]


def test_a_followers_axis_fits_its_data():
    demo = load_demo("pepperoni_palace", TODAY)  # followers between about 340 and 480 in view
    fig = goal_chart(demo.draft, demo.history, TODAY, "en")
    low, high = fig.layout.yaxis.range
    first_day = pd.Timestamp(fig.layout.xaxis.range[0])
    shown = [y for tr in fig.data if tr.meta not in ("today", "marks")
             for x, y in zip(tr.x, tr.y) if pd.Timestamp(x) >= first_day]
    assert min(shown) - 30 < low < min(shown)  # fitted with some room, not from 100
    assert max(shown) < high < max(shown) + 30 and high > 480
    assert trace(fig, "today").y[0] == low  # the today line spans the axis, not the hidden history
    cumulative = goal_chart(load_demo("website_traffic", TODAY).draft, load_demo("website_traffic", TODAY).history,
                            TODAY, "en")
    assert cumulative.layout.yaxis.range[0] == 0  # a total since the start counts from zero
