"""Forecast a KPI to a deadline, with a prediction interval and the chance of reaching a target.

The model is statsmodels' ``ETSModel`` with additive errors and a *damped* additive trend
(ETS(A,Ad,N); plain ETS(A,N,N) on very short series), fitted on at most the last two years. Weekly
seasonality is handled by a weekday profile taken out before the fit and put back after it
(multiplicative for counts, additive for daily changes), used only when the data supports it:
at least three weeks and a one-way ANOVA of the detrended values by weekday with p < 0.01. This
is as accurate as a seasonal Holt-Winters fit on marketing series and ten times faster (a seasonal
ETS fit on three years of daily data takes 130-160 ms on its own; see ``bench/bench_math.py``).

What is forecast per catalogue kind (the *working series*):

* **count**: the daily values (weekly totals for weekly data);
* **stock**: the daily changes (the increments), cumulated onto the last known value;
* **ratio**: weekly Σnumerator / Σdenominator (``weights`` = the daily denominator, so
  ``Σ(ratio × weight) / Σweight`` is exactly Σnum / Σden); **average**: weekly means.

What "the KPI at the deadline" (the *goal measure*, see :meth:`Forecast.measure`) means:

* **count**: the **total over the goal period** ``start``..``until`` (both inclusive), actual
  values for days already in the data plus the forecast for the rest. The goal's baseline is the
  total over the same number of days just before ``start``. So "double traffic this month" reads
  "this month's sessions = 2 × last month's", and "+15 % sales next quarter" reads "next quarter's
  total = 1.15 × last quarter's". Divide by the days for the daily level: the % change is the same.
* **stock**: the value on ``until`` ("480 followers on 31 December").
* **ratio / average**: Σ/Σ (or the mean) over the last ``window_days`` (default 28, at most the
  goal period) before ``until``, approximated by the mean of the weekly ratios in that window.

Uncertainty: the h-step forecast errors of an additive-error ETS model are linear in the future
innovations, ``e_j = ε_j + Σ_{i<j} c_{j-i} ε_i`` with ``c_k = α + β(φ + … + φ^k)``; the variance
of any weighted sum of future values (a period total, a level, a window mean) follows exactly
from these weights, so intervals of totals are not the (wrong) sum of daily intervals. The goal
measure is taken as normally distributed (counts clipped at zero).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
import warnings
from collections import OrderedDict
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, PrivateAttr
from scipy import stats

MAX_FIT_POINTS = 730          # fit on at most two years of daily points
SEASONAL_MIN_DAYS = 21        # three full weeks before weekly seasonality is considered
SEASONAL_P_VALUE = 0.01
DEFAULT_LEVEL = 0.8           # the prediction interval shown: 80 %
_CACHE_SIZE = 64

Kind = Literal["count", "stock", "ratio", "average"]


class _Fit(BaseModel):
    """The parameters of one fitted working series (cached by the series' content)."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    method: str
    alpha: float
    beta: float
    phi: float
    sigma: float
    level: float       # last smoothed level
    slope: float       # last smoothed slope (0 without trend)
    n: int


_FITS: "OrderedDict[bytes, _Fit]" = OrderedDict()


def clear_cache() -> None:
    """Forget every cached fit and cleaned history (for cold-start timing and tests)."""
    from smartkit.analysis.baseline import _CLEAN_CACHE

    _FITS.clear()
    _CLEAN_CACHE.clear()


def _key(values: np.ndarray, extra: str) -> bytes:
    digest = hashlib.blake2b(np.ascontiguousarray(values, dtype=float).tobytes(), digest_size=16)
    digest.update(extra.encode())
    return digest.digest()


def _fit(z: np.ndarray) -> _Fit:
    """Fit ETS(A,Ad,N) (ETS(A,N,N) below 14 points) to the working series; cached."""
    z = z[-MAX_FIT_POINTS:]
    key = _key(z, "ets")
    if key in _FITS:
        _FITS.move_to_end(key)
        return _FITS[key]
    fit = _fit_uncached(z)
    _FITS[key] = fit
    if len(_FITS) > _CACHE_SIZE:
        _FITS.popitem(last=False)
    return fit


def _fit_uncached(z: np.ndarray) -> _Fit:
    n = len(z)
    spread = float(np.std(z)) if n else 0.0
    if n < 4 or spread <= 1e-9 * max(1.0, abs(float(np.mean(z)))):
        last = float(z[-1]) if n else 0.0
        if n >= 2 and spread > 0:  # a straight line: keep its slope, no noise
            slope = float(np.polyfit(np.arange(n), z, 1)[0])
        else:
            slope = 0.0
        return _Fit(method="constant", alpha=0.0, beta=0.0, phi=1.0, sigma=0.0, level=last,
                    slope=slope, n=n)
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    trend = n >= 14
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            model = ETSModel(z, error="add", trend="add" if trend else None, damped_trend=trend)
            res = model.fit(disp=False)
            params = dict(zip(res.param_names, np.asarray(res.params, dtype=float)))
            resid = np.asarray(res.resid, dtype=float)
            k = len(res.params)
            sigma = math.sqrt(float(resid @ resid) / max(n - k, 1))
            states = np.asarray(res.states)
            level = float(states[-1, 0])
            slope = float(states[-1, 1]) if trend else 0.0
            return _Fit(method="ETS(A,Ad,N)" if trend else "ETS(A,N,N)",
                        alpha=params.get("smoothing_level", 0.0), beta=params.get("smoothing_trend", 0.0),
                        phi=params.get("damping_trend", 1.0), sigma=sigma, level=level, slope=slope, n=n)
        except Exception:  # a fit that fails: the mean of the last four weeks, iid errors
            tail = z[-28:]
            return _Fit(method="mean", alpha=0.0, beta=0.0, phi=1.0, sigma=float(np.std(tail, ddof=1)),
                        level=float(np.mean(tail)), slope=0.0, n=n)


def _damped(phi: float, k: np.ndarray) -> np.ndarray:
    """phi + phi² + … + phi^k: how much of the trend has built up after k steps."""
    if phi == 1.0:
        return k.astype(float)
    return phi * (1 - phi ** k) / (1 - phi)


def _psi(fit: _Fit, steps: int) -> np.ndarray:
    """c_1..c_{steps-1}: the weight of an innovation on the forecast error k steps later."""
    return fit.alpha + fit.beta * _damped(fit.phi, np.arange(1, max(steps, 1)))


def _point(fit: _Fit, steps: int) -> np.ndarray:
    return fit.level + fit.slope * _damped(fit.phi, np.arange(1, steps + 1))


def _error_matrix(fit: _Fit, steps: int) -> np.ndarray:
    """M with M[j, i] = weight of innovation i on the forecast error of step j (1 on the diagonal)."""
    c = np.concatenate([[1.0], _psi(fit, steps)])
    lag = np.subtract.outer(np.arange(steps), np.arange(steps))
    return np.where(lag >= 0, c[np.clip(lag, 0, steps - 1)], 0.0)


# ----------------------------------------------------------------------------- seasonality


def _weekday_adjustment(z: pd.Series, multiplicative: bool) -> np.ndarray | None:
    """Seven weekday factors (multiplicative, mean 1) or offsets (additive, mean 0), Monday
    first, when the detrended series differs by weekday (ANOVA p < 0.01); else None."""
    z = z.dropna().iloc[-364:]
    if len(z) < SEASONAL_MIN_DAYS:
        return None
    level = z.rolling(7, center=True, min_periods=7).mean()
    if multiplicative:
        if (z < 0).any() or (level <= 0).any():
            return None
        detrended = z / level
    else:
        detrended = z - level
    detrended = detrended.dropna()
    groups = [g.to_numpy() for _, g in detrended.groupby(detrended.index.day_of_week)]
    if len(groups) < 7 or min(len(g) for g in groups) < 2:
        return None
    spread = np.concatenate(groups)
    if np.ptp(spread) <= 1e-12:
        return None
    within = sum(float(np.var(g)) for g in groups)
    means = np.array([g.mean() for g in groups])
    if within <= 1e-18:  # a perfect cycle: significant as soon as the means differ
        significant = np.ptp(means) > 1e-9
    else:
        significant = stats.f_oneway(*groups).pvalue < SEASONAL_P_VALUE
    if not significant:
        return None
    if multiplicative:
        factors = means / means.mean()
        return factors if factors.min() > 0.2 else None
    return means - means.mean()


# ----------------------------------------------------------------------------- the forecast


def _ns(index: pd.DatetimeIndex) -> np.ndarray:
    """Nanoseconds since the epoch, whatever the index's resolution."""
    return index.as_unit("ns").asi8


class Forecast(BaseModel):
    """A forecast of one KPI from the day after the data to ``until``.

    ``frame``: one row per step (a day; a week for ratios, averages and weekly data) with
    ``mean``, ``lower`` and ``upper`` (the ``level`` prediction interval) of the KPI itself:
    the daily value for counts, the level for stocks, the weekly Σ/Σ for ratios.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    kind: str
    method: str
    seasonal: bool
    step_days: int
    last_date: dt.date
    until: dt.date
    level: float = DEFAULT_LEVEL
    frame: pd.DataFrame
    history_days: int

    _fit: _Fit = PrivateAttr()
    _factors: np.ndarray = PrivateAttr()      # per step: multiplicative factor (1 if none)
    _offsets: np.ndarray = PrivateAttr()      # per step: additive offset (0 if none)
    _z_mean: np.ndarray = PrivateAttr()       # working-series point forecast per step
    _observed: pd.Series = PrivateAttr()      # the KPI's own observed series (count: daily values)
    _latest: float = PrivateAttr()

    # ----------------------------------------------------------------- goal measure

    def _step_dates(self) -> pd.DatetimeIndex:
        return self.frame.index

    def _weights(self, start: dt.date | None, window_days: int | None) -> tuple[np.ndarray, float]:
        """Weights on the future steps (on the KPI's scale) and the known part of the measure."""
        steps = self._step_dates()
        n = len(steps)
        until = pd.Timestamp(self.until)
        if self.kind == "count":
            begin = pd.Timestamp(start) if start is not None else pd.Timestamp(self.last_date) + pd.Timedelta(days=1)
            stop = until + pd.Timedelta(days=1)
            lo = np.maximum(_ns(steps), begin.value)
            hi = np.minimum(_ns(steps + pd.Timedelta(days=self.step_days)), stop.value)
            w = np.clip((hi - lo) / (self.step_days * 86_400e9), 0, 1) if n else np.zeros(0)
            obs = self._observed
            known = obs[(obs.index >= begin) & (obs.index < stop)]
            if self.step_days > 1 and len(known):  # weekly data: a partial first week counts in part
                ends = known.index + pd.Timedelta(days=self.step_days)
                share = np.clip((np.minimum(_ns(ends), stop.value) - np.maximum(_ns(known.index), begin.value))
                                / (self.step_days * 86_400e9), 0, 1)
                return w, float(np.nansum(known.to_numpy() * share))
            earlier = obs[(obs.index < begin) & (obs.index + pd.Timedelta(days=self.step_days) > begin)]
            partial = 0.0
            if self.step_days > 1 and len(earlier):
                share = (earlier.index[-1] + pd.Timedelta(days=self.step_days) - begin).days / self.step_days
                partial = float(earlier.iloc[-1]) * min(share, 1.0)
            return w, float(np.nansum(known.to_numpy())) + partial
        if self.kind == "stock":
            w = (steps <= until).astype(float) if n else np.zeros(0)
            if n == 0 or until <= pd.Timestamp(self.last_date):
                obs = self._observed[self._observed.index <= until].dropna()
                return np.zeros(n), float(obs.iloc[-1]) if len(obs) else self._latest
            return w, self._latest
        # ratio / average: the mean of the weekly values in the last window before until
        window = window_days or 28
        begin = until - pd.Timedelta(days=window - 1)
        in_window = (steps + pd.Timedelta(days=self.step_days - 1) >= begin) & (steps <= until)
        obs = self._observed
        known_mask = (obs.index + pd.Timedelta(days=self.step_days - 1) >= begin) & (obs.index <= until)
        count = int(in_window.sum()) + int(known_mask.sum())
        if count == 0:  # the window ends before the forecast starts: the last known value
            last = obs[obs.index <= until].dropna()
            return np.zeros(n), float(last.iloc[-1]) if len(last) else self._latest
        w = in_window.astype(float) / count
        return w, float(np.nansum(obs[known_mask].to_numpy())) / count

    def measure(self, start: dt.date | None = None, window_days: int | None = None) -> tuple[float, float]:
        """Mean and standard deviation of the goal measure (see the module docstring):
        count = total over ``start``..``until``; stock = value on ``until``; ratio/average =
        the mean over the last ``window_days`` before ``until``."""
        w, known = self._weights(start, window_days)
        if not len(w) or not w.any():
            return known, 0.0
        wf = w * self._factors
        mean = known + float(wf @ self._z_mean + w @ self._offsets)
        m = _error_matrix(self._fit, len(w))
        sd = self._fit.sigma * float(np.linalg.norm(wf @ m))
        if self.kind == "count":
            mean = max(mean, 0.0)
        return mean, sd

    def probability(self, target: float, start: dt.date | None = None, higher: bool = True,
                    window_days: int | None = None) -> float:
        """P(goal measure ≥ target) (≤ when ``higher`` is False) under the forecast."""
        mean, sd = self.measure(start, window_days)
        if sd <= 0:
            reached = mean >= target - 1e-9 * max(1.0, abs(target)) if higher \
                else mean <= target + 1e-9 * max(1.0, abs(target))
            return 1.0 if reached else 0.0
        p = float(stats.norm.sf(target, mean, sd))
        return p if higher else 1.0 - p

    def quantile(self, q: float, start: dt.date | None = None, window_days: int | None = None) -> float:
        """The ``q`` quantile of the goal measure."""
        mean, sd = self.measure(start, window_days)
        value = float(stats.norm.ppf(q, mean, sd)) if sd > 0 else mean
        return max(value, 0.0) if self.kind == "count" else value

    def summary(self, start: dt.date | None = None, window_days: int | None = None) -> dict[str, Any]:
        mean, sd = self.measure(start, window_days)
        z = stats.norm.ppf(0.5 + self.level / 2)
        lower = mean - z * sd
        return {"method": self.method, "seasonal": self.seasonal, "mean": mean,
                "lower": max(lower, 0.0) if self.kind == "count" else lower,
                "upper": mean + z * sd, "level": self.level, "until": self.until.isoformat()}


def _weekly(series: pd.Series, weights: pd.Series | None) -> pd.Series:
    """Weekly values in bins ending on the last date: Σ(x·w)/Σw (ratios) or the mean."""
    series = series.astype(float)
    last = series.index[-1]
    bins = ((last - series.index).days // 7).to_numpy()
    start_of_bin = last - pd.to_timedelta(bins * 7 + 6, unit="D")
    if weights is not None:
        w = weights.reindex(series.index).astype(float).where(series.notna())
        num = (series * w).groupby(start_of_bin).sum(min_count=1)
        den = w.groupby(start_of_bin).sum(min_count=1)
        out = num / den.where(den != 0)
    else:
        out = series.groupby(start_of_bin).mean()
    out.index = pd.DatetimeIndex(out.index, name="date")
    return out.sort_index()


def forecast(series: pd.Series, kind: Kind, until: dt.date, *, weights: pd.Series | None = None,
             level: float = DEFAULT_LEVEL, seasonal: bool | None = None) -> Forecast:
    """Forecast ``series`` (a KPI's daily or weekly series, excluded days as NaN) to ``until``.

    ``kind``: the catalogue kind. For a ratio pass the daily ratio and ``weights`` = the daily
    denominator (then every weekly value is exactly Σnum/Σden). ``seasonal`` forces weekly
    seasonality on/off (default: when the data supports it). Pure and cached by content.
    """
    from smartkit.analysis.baseline import infer_step_days

    series = series.astype(float)
    series = series.loc[series.first_valid_index():series.last_valid_index()] \
        if series.notna().any() else series
    if series.notna().sum() == 0:
        from smartkit.errors import NotEnoughHistoryError

        raise NotEnoughHistoryError(days=0, kpi=str(series.name), needed=2, what="a forecast")
    step = infer_step_days(series.index)
    if step == 1:
        series = series.asfreq("D")
    observed = series
    latest = float(series.dropna().iloc[-1])
    if kind in ("ratio", "average"):
        if step == 1:
            observed = _weekly(series, weights)
        step = 7
        working = observed
    elif kind == "stock":
        working = series.interpolate(limit_area="inside").diff().iloc[1:]
        if not len(working):
            working = pd.Series([0.0], index=series.index[-1:])
    else:
        working = series
    working = working.astype(float)
    last_date = series.index[-1] if kind not in ("ratio", "average") else observed.index[-1]
    # steps to the deadline
    until_ts = pd.Timestamp(until)
    first = last_date + pd.Timedelta(days=step)
    steps = pd.date_range(first, until_ts, freq=f"{step}D", name="date") if until_ts >= first \
        else pd.DatetimeIndex([], name="date")
    if kind in ("ratio", "average") and len(steps) and steps[-1] + pd.Timedelta(days=step - 1) < until_ts:
        steps = steps.append(pd.DatetimeIndex([steps[-1] + pd.Timedelta(days=step)], name="date"))
    elif kind in ("ratio", "average") and not len(steps) and first <= until_ts + pd.Timedelta(days=step - 1) \
            and until_ts > last_date + pd.Timedelta(days=step - 1):
        steps = pd.DatetimeIndex([first], name="date")
    n = len(steps)
    # seasonality (daily counts and stock changes only)
    adjustment = None
    multiplicative = kind == "count"
    if step == 1 and kind in ("count", "stock") and seasonal is not False:
        adjustment = _weekday_adjustment(working, multiplicative)
        if adjustment is None and multiplicative and seasonal:
            multiplicative = False
            adjustment = _weekday_adjustment(working, False)
    is_seasonal = adjustment is not None
    wd_hist = working.index.day_of_week
    wd_future = steps.day_of_week if n else np.zeros(0, dtype=int)
    if is_seasonal and multiplicative:
        z = working / adjustment[wd_hist]
        factors, offsets = adjustment[wd_future], np.zeros(n)
    elif is_seasonal:
        z = working - adjustment[wd_hist]
        factors, offsets = np.ones(n), adjustment[wd_future]
    else:
        z = working
        factors, offsets = np.ones(n), np.zeros(n)
    z = z.interpolate(limit_direction="both").to_numpy(dtype=float)
    fit = _fit(z)
    z_mean = _point(fit, n)
    mean = z_mean * factors + offsets
    if n:
        m = _error_matrix(fit, n)
        if kind == "stock":
            cum = np.cumsum(m * factors[:, None], axis=0)
            sd = fit.sigma * np.linalg.norm(cum, axis=1)
            mean = latest + np.cumsum(mean)
        else:
            sd = fit.sigma * factors * np.linalg.norm(m, axis=1)
    else:
        sd = np.zeros(0)
    zq = float(stats.norm.ppf(0.5 + level / 2))
    lower, upper = mean - zq * sd, mean + zq * sd
    if kind == "count":
        lower = np.maximum(lower, 0.0)
    frame = pd.DataFrame({"mean": mean, "lower": lower, "upper": upper}, index=steps)
    seasonal_text = " + weekday profile" if is_seasonal else ""
    out = Forecast(kind=kind, method=fit.method + seasonal_text, seasonal=is_seasonal, step_days=step,
                   last_date=last_date.date(), until=until, level=level, frame=frame,
                   history_days=int(series.notna().sum()))
    out._fit = fit
    out._factors = np.asarray(factors, dtype=float)
    out._offsets = np.asarray(offsets, dtype=float)
    out._z_mean = z_mean
    out._observed = observed
    out._latest = latest
    return out
