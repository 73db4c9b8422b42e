"""Baseline math on synthetic series with known answers."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from smartkit.analysis.baseline import compute_baseline, kpi_series
from smartkit.errors import HistoryError, MetricMissingError
from smartkit.models import DAYS_PER_MONTH
import series as S


def test_flat_count_baseline_is_the_level_with_period_totals():
    b = compute_baseline(S.flat(120, 100.0), "link_clicks")
    assert b.kind == "count"
    assert (b.window_start, b.window_end) == (dt.date(2026, 10, 27), S.END)
    assert b.value == b.daily_mean == pytest.approx(100.0)
    assert b.window_total == pytest.approx(2800.0)
    assert b.per_period == pytest.approx({"week": 700.0, "month": 100 * DAYS_PER_MONTH,
                                          "quarter": 300 * DAYS_PER_MONTH})
    assert b.trend.monthly_pct == pytest.approx(0.0, abs=1e-9)
    assert b.weekday_profile == pytest.approx([1.0] * 7)
    assert b.warnings == [] and b.excluded == []


@pytest.mark.parametrize("window", [7, 28, 90])
def test_window_choice_sets_the_dates(window):
    b = compute_baseline(S.flat(120), "link_clicks", window_days=window)
    assert b.window_days == window == b.days_used
    assert b.window_end - b.window_start == dt.timedelta(days=window - 1)


def test_date_range_instead_of_a_trailing_window():
    history = S.growth(120, 100, 2.0, column="sessions")
    b = compute_baseline(history, "sessions", start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 30))
    expected = history.loc["2026-09-01":"2026-09-30", "sessions"]
    assert (b.window_start, b.window_end, b.days_used) == (dt.date(2026, 9, 1), dt.date(2026, 9, 30), 30)
    assert b.window_total == pytest.approx(expected.sum())


def test_steady_two_percent_monthly_growth_is_measured_as_two_percent():
    history = S.growth(365, 100.0, 2.0)
    b = compute_baseline(history, "sessions")
    assert b.trend.monthly_pct == pytest.approx(2.0, abs=1e-6)
    assert b.trend.low_pct == pytest.approx(2.0, abs=1e-6)
    assert b.daily_mean == pytest.approx(history["sessions"].iloc[-28:].mean(), rel=1e-3)


def test_noisy_growth_trend_has_an_interval_around_the_truth():
    b = compute_baseline(S.growth(365, 1000.0, 2.0, noise=0.02, seed=4), "sessions", window_days=90)
    assert b.trend.low_pct < 2.0 < b.trend.high_pct
    assert 0 < b.trend.std_error_pct < 2


def test_weekly_cycle_gives_the_weekday_profile_and_an_unbiased_level():
    b = compute_baseline(S.weekly_cycle(84, 100.0), "link_clicks")
    assert b.weekday_profile == pytest.approx(list(S.WEEKLY_CYCLE))
    assert b.daily_mean == pytest.approx(100.0)
    assert b.trend.monthly_pct == pytest.approx(0.0, abs=1e-9)


def test_gap_is_excluded_with_a_warning_and_does_not_bias_the_level():
    history = S.weekly_cycle(84, 100.0)
    history = history.drop(pd.Timestamp("2026-11-14"))  # a Saturday (factor 0.7) is missing
    b = compute_baseline(history, "link_clicks")
    assert [(e.date, e.reason) for e in b.excluded] == [(dt.date(2026, 11, 14), "gap")]
    assert b.days_used == 27 and b.window_days == 28
    assert b.daily_mean == pytest.approx(100.0)  # the weekday-balanced mean, not 2730/27
    assert [w.key for w in b.warnings] == ["baseline.warning.gap_day"]


def test_partial_last_day_is_left_out_with_a_warning():
    history = S.flat(60, 100.0)
    history.iloc[-1] = 30.0
    b = compute_baseline(history, "link_clicks")
    assert b.window_end == S.END - dt.timedelta(days=1)
    assert b.daily_mean == pytest.approx(100.0)
    assert [(e.date, e.reason) for e in b.excluded] == [(S.END, "partial_day")]
    assert "baseline.warning.partial_last_day" in [w.key for w in b.warnings]
    assert "incomplete" in b.warnings[0].render("en")


def test_last_day_equal_to_today_is_partial_even_when_it_looks_normal():
    b = compute_baseline(S.flat(60), "link_clicks", today=S.END)
    assert b.window_end == S.END - dt.timedelta(days=1)


def test_gap_and_partial_last_day_together():
    history = S.flat(60, 50.0).drop(pd.Timestamp("2026-11-10"))
    history.iloc[-1] = 5.0
    b = compute_baseline(history, "link_clicks")
    assert sorted(e.reason for e in b.excluded) == ["gap", "partial_day"]
    assert b.days_used == 27 and b.daily_mean == pytest.approx(50.0)


def test_outlier_day_is_excluded_not_silently_averaged():
    history = S.noisy(120, 200, 10, "link_clicks", seed=2)
    history.loc["2026-11-11", "link_clicks"] = 2000.0  # a viral post
    b = compute_baseline(history, "link_clicks")
    assert (dt.date(2026, 11, 11), "outlier") in [(e.date, e.reason) for e in b.excluded]
    assert b.daily_mean == pytest.approx(200, rel=0.03)
    assert "baseline.warning.outliers" in [w.key for w in b.warnings]


def test_ctr_baseline_is_clicks_over_impressions_not_mean_of_daily_ctr():
    # day 1: 1 click on 10 impressions (10 %); day 2: 99 clicks on 9,990 impressions (≈1 %)
    history = S.frame(link_clicks=np.tile([1.0, 99.0], 14), impressions=np.tile([10.0, 9990.0], 14))
    b = compute_baseline(history, "ctr")
    assert b.value == pytest.approx(100 * 1400 / 140_000)  # 1 %, sums over sums
    mean_of_daily = float((history.link_clicks / history.impressions).mean() * 100)
    assert mean_of_daily == pytest.approx(5.4955, rel=1e-3)
    assert b.value != pytest.approx(mean_of_daily)
    assert (b.numerator_total, b.denominator_total) == (1400.0, 140_000.0)


def test_roas_and_cpc_are_sums_over_sums():
    history = S.frame(spend=np.tile([10.0, 90.0], 14), purchase_value=np.tile([100.0, 90.0], 14),
                      link_clicks=np.tile([5.0, 45.0], 14))
    assert compute_baseline(history, "roas").value == pytest.approx(190 / 100)
    assert compute_baseline(history, "cpc").value == pytest.approx(100 / 50)


def test_net_followers_is_new_minus_lost():
    history = S.frame(new_followers=np.full(30, 5.0), lost_followers=np.full(30, 2.0))
    assert compute_baseline(history, "net_followers").daily_mean == pytest.approx(3.0)


def test_followers_stock_is_rebuilt_backwards_from_the_anchor():
    history = S.frame(net_followers=np.full(60, 2.0))
    series = kpi_series(history, "followers", anchor=400)
    assert series.iloc[-1] == 400 and series.iloc[0] == 400 - 2 * 59
    b = compute_baseline(history, "followers", anchor=400)
    assert b.value == b.latest == 400
    assert b.per_period["week"] == pytest.approx(14.0)
    assert "baseline.warning.stock_rebuilt" in [w.key for w in b.warnings]


def test_followers_column_is_used_when_present_and_growth_is_per_month():
    history = S.growth(120, 1000.0, 5.0, column="followers")
    b = compute_baseline(history, "followers")
    assert b.latest == pytest.approx(history["followers"].iloc[-1])
    assert b.trend.monthly_pct == pytest.approx(5.0, abs=1e-6)


def test_stock_without_anchor_or_data_raises_clear_errors():
    with pytest.raises(HistoryError) as err:
        kpi_series(S.frame(net_followers=np.ones(10)), "followers")
    assert err.value.key == "error.history.anchor_missing"
    with pytest.raises(MetricMissingError):
        compute_baseline(S.flat(30), "followers", anchor=100)
    with pytest.raises(MetricMissingError):
        compute_baseline(S.flat(30), "ctr")


def test_weekly_data_is_spread_over_days_with_a_warning():
    index = pd.date_range("2026-08-03", periods=12, freq="7D", name="date")
    history = pd.DataFrame({"sessions": 700.0}, index=index)
    b = compute_baseline(history, "sessions")
    assert b.daily_mean == pytest.approx(100.0) and b.weekday_profile is None
    assert "baseline.warning.weekly_data" in [w.key for w in b.warnings]


def test_unique_people_counts_warn_that_totals_overstate():
    b = compute_baseline(S.flat(40, column="reach"), "reach")
    assert "baseline.warning.unique_sum" in [w.key for w in b.warnings]


def test_benchmark_is_shown_beside_the_baseline_with_its_source():
    b = compute_baseline(S.flat(40), "link_clicks").with_benchmark(80, "industry report 2026")
    assert b.benchmark_gap_pct == pytest.approx(25.0)
    assert b.as_json()["benchmark"] == {"value": 80.0, "source": "industry report 2026"}


def test_as_json_has_the_cli_contract_keys():
    data = compute_baseline(S.flat(40), "link_clicks").as_json("en")
    for key in ("kpi", "kind", "window_start", "window_end", "daily_mean", "latest", "value", "warnings"):
        assert key in data
    assert data["window_end"] == "2026-11-23" and data["value"] == 100.0


def test_every_warning_key_has_an_english_message():
    from smartkit.i18n import has

    history = S.flat(60).drop(pd.Timestamp("2026-11-10"))
    history.iloc[-1] = 1.0
    for warning in compute_baseline(history, "link_clicks").warnings:
        assert has(warning.key) and "{" not in warning.render("en")


def test_data_that_stopped_weeks_ago_is_flagged_as_out_of_date():
    fresh = compute_baseline(S.flat(120, 100.0), "link_clicks", today=S.END + dt.timedelta(days=1))
    old = compute_baseline(S.flat(120, 100.0), "link_clicks", today=S.END + dt.timedelta(days=60))
    assert [w.key for w in fresh.warnings] == []
    assert [w.key for w in old.warnings] == ["baseline.warning.stale"]
    assert "60 days ago" in old.warnings[0].render("en")


def test_the_gap_to_a_benchmark_is_in_percent_of_the_benchmark():
    from smartkit.analysis.baseline import gap_to_benchmark_pct

    assert gap_to_benchmark_pct(3.0, 4.0) == pytest.approx(-25.0)
    assert gap_to_benchmark_pct(3.0, None) is None and gap_to_benchmark_pct(3.0, 0.0) is None


@pytest.mark.parametrize("lang, baseline_word, forecast_word",
                         [("en", "a baseline", "a forecast"), ("vi", "đường cơ sở", "dự báo"),
                          ("th", "ค่าฐาน", "การพยากรณ์"), ("fa", "مقدار پایه", "پیش‌بینی")])
def test_too_short_a_history_says_what_it_cannot_give_in_the_messages_language(lang, baseline_word, forecast_word):
    from smartkit.analysis.forecast import forecast
    from smartkit.errors import NotEnoughHistoryError

    empty = S.flat(30) * np.nan
    with pytest.raises(NotEnoughHistoryError) as baseline:
        compute_baseline(empty, "link_clicks")
    with pytest.raises(NotEnoughHistoryError) as forecasted:
        forecast(empty["link_clicks"], "count", S.END + dt.timedelta(days=30))
    assert baseline_word in baseline.value.message(lang) and forecast_word in forecasted.value.message(lang)
    if lang != "en":
        assert "a baseline" not in baseline.value.message(lang) and "a forecast" not in forecasted.value.message(lang)
