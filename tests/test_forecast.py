"""Forecast math: ETS fit, exact uncertainty of totals, the goal measure per kind."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import series as S
from smartkit.analysis.baseline import clean
from smartkit.analysis.forecast import _error_matrix, _fit, clear_cache, forecast


def test_flat_series_forecasts_the_level_with_certainty():
    fc = forecast(S.flat(120)["link_clicks"], "count", dt.date(2026, 12, 31))
    assert fc.frame.index[0] == pd.Timestamp("2026-11-24") and fc.frame.index[-1] == pd.Timestamp("2026-12-31")
    assert fc.frame["mean"].to_numpy() == pytest.approx(100.0)
    assert fc.measure(start=dt.date(2026, 12, 1)) == (pytest.approx(3100.0), 0.0)
    assert fc.probability(3100, start=dt.date(2026, 12, 1)) == 1.0
    assert fc.probability(3101, start=dt.date(2026, 12, 1)) == 0.0


def test_weekly_cycle_is_detected_and_carried_forward():
    fc = forecast(S.weekly_cycle(84)["link_clicks"], "count", dt.date(2026, 12, 7))
    assert fc.seasonal
    by_weekday = fc.frame["mean"].groupby(fc.frame.index.day_of_week).first()
    assert by_weekday.to_numpy() == pytest.approx(100 * np.asarray(S.WEEKLY_CYCLE))
    assert fc.measure(start=dt.date(2026, 12, 1))[0] == pytest.approx(700.0)  # one whole week


def test_noise_without_a_weekly_pattern_is_not_made_seasonal():
    fc = forecast(S.noisy(200, 100, 10, "sessions", seed=5)["sessions"], "count", dt.date(2026, 12, 31))
    assert not fc.seasonal
    assert fc.frame["mean"].iloc[-1] == pytest.approx(100, rel=0.1)


def test_growth_is_projected_forward_damped():
    history = S.growth(365, 100.0, 2.0, noise=0.01, seed=1)["sessions"]
    fc = forecast(history, "count", dt.date(2026, 12, 23))
    last = history.iloc[-28:].mean()
    assert last < fc.frame["mean"].iloc[-1] < last * 1.03 ** 2


def test_interval_matches_statsmodels_prediction_interval():
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    rng = np.random.default_rng(0)
    z = np.cumsum(rng.normal(0.1, 1, 300)) + rng.normal(0, 2, 300) + 100
    index = pd.date_range("2020-01-01", periods=300, freq="D")
    res = ETSModel(pd.Series(z, index), error="add", trend="add", damped_trend=True).fit(disp=False)
    frame = res.get_prediction(start=300, end=329).summary_frame(alpha=0.2)
    fit = _fit(z)
    sd = fit.sigma * np.linalg.norm(_error_matrix(fit, 30), axis=1)
    half = frame["mean"].to_numpy() - frame["pi_lower"].to_numpy()
    assert 1.2816 * sd == pytest.approx(half, rel=0.02)  # n-k vs n degrees of freedom


def test_uncertainty_of_a_total_is_not_the_sum_of_daily_intervals():
    history = S.noisy(300, 100, 10, "sessions", seed=3)["sessions"]
    fc = forecast(history, "count", dt.date(2026, 12, 23))
    mean, sd = fc.measure()
    daily_sd = (fc.frame["upper"] - fc.frame["mean"]) / 1.2815515655446004
    assert mean == pytest.approx(fc.frame["mean"].sum())
    assert np.sqrt((daily_sd ** 2).sum()) < sd < daily_sd.sum()


def test_stock_forecast_is_the_level_on_the_deadline():
    history = S.frame(followers=400 + 2.0 * np.arange(120) + np.random.default_rng(1).normal(0, 1, 120))
    fc = forecast(history["followers"], "stock", dt.date(2026, 12, 23))
    mean, sd = fc.measure()
    assert mean == pytest.approx(history["followers"].iloc[-1] + 2 * 30, rel=0.02)
    assert sd > 0 and fc.frame["mean"].iloc[-1] == pytest.approx(mean)


def test_ratio_forecast_is_weekly_sums_over_sums():
    history = S.frame(link_clicks=np.tile([1.0, 99.0], 42), impressions=np.tile([10.0, 9990.0], 42))
    cleaned = clean(history, "ctr")
    ratio = cleaned.frame["num"] / cleaned.frame["den"]
    fc = forecast(ratio, "ratio", dt.date(2026, 12, 31), weights=cleaned.frame["den"])
    assert fc.step_days == 7
    assert fc.measure()[0] == pytest.approx(1.0, rel=1e-3)  # ≈1 % (weeks hold 3 or 4 of each day), not 5.5 %


def test_goal_in_progress_counts_actual_days_plus_forecast():
    fc = forecast(S.flat(60, 10.0)["link_clicks"], "count", dt.date(2026, 11, 30))
    assert fc.measure(start=dt.date(2026, 11, 1))[0] == pytest.approx(300.0)


def test_fits_are_cached_by_content():
    import time

    clear_cache()
    history = S.three_years()["sessions"]
    start = time.perf_counter()
    forecast(history, "count", dt.date(2027, 3, 31))
    cold = time.perf_counter() - start
    start = time.perf_counter()
    forecast(history, "count", dt.date(2027, 3, 31))
    warm = time.perf_counter() - start
    assert warm < cold
