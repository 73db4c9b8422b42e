"""Forecast a KPI to a deadline, with a prediction interval and the chance of reaching a target.

The model is statsmodels' ``ETSModel`` with additive errors and a *damped* additive trend
(ETS(A,Ad,N); plain ETS(A,N,N) below four weeks of points: two weeks of a slide are no trend to
carry for months), fitted on at most the last two years. Weekly
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
measure is taken as normally distributed.

Honest in every case (:func:`goal_forecast`, the one recipe behind the chance, the chart's band
and ``forecast_end``): values stay within the KPI's bounds (:func:`kpi_bounds`: never below zero
for counts, money, followers and times, never above 100 for a rate in %), lower ≤ mean ≤ upper
always, and no forecast at all from fewer days than it looks ahead (:func:`history_needed`, at
least 14): it raises :class:`NotEnoughHistoryError` with the days there are and the days needed.
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

from smartkit.catalogue import KPI
from smartkit.errors import HistoryError, NotEnoughHistoryError
from smartkit.i18n import Message

MAX_FIT_POINTS = 730          # fit on at most two years of daily points
TREND_MIN_POINTS = 28         # a trend is fitted on four weeks of points or more, never on two
MIN_FORECAST_DAYS = 14        # no forecast from fewer days of data ...
SEASONAL_MIN_DAYS = 21        # three full weeks before weekly seasonality is considered
SEASONAL_P_VALUE = 0.01
DEFAULT_LEVEL = 0.8           # the prediction interval shown: 80 %
_CACHE_SIZE = 64

Kind = Literal["count", "stock", "ratio", "average"]
Bounds = tuple[float, float]
NO_BOUNDS: Bounds = (-math.inf, math.inf)


def kpi_bounds(kpi: KPI) -> Bounds:
    """Where the KPI's values can lie: never below zero (counts, money, rates, followers, times)
    unless it is a net figure (new − lost followers), never above 100 for a rate in %."""
    low = -math.inf if kpi.subtract else 0.0
    high = 100.0 if kpi.unit == "percent" else math.inf
    return low, high


def history_needed(horizon_days: int) -> int:
    """Days of data a forecast ``horizon_days`` ahead needs: as many as it looks ahead (a series
    says little about a future longer than itself), and never fewer than :data:`MIN_FORECAST_DAYS`."""
    return max(MIN_FORECAST_DAYS, int(horizon_days))


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
    from smartkit.analysis.baseline import clear_clean_cache

    _FITS.clear()
    clear_clean_cache()


def _key(values: np.ndarray, extra: str) -> bytes:
    digest = hashlib.blake2b(np.ascontiguousarray(values, dtype=float).tobytes(), digest_size=16)
    digest.update(extra.encode())
    return digest.digest()


def _fit(z: np.ndarray) -> _Fit:
    """Fit ETS(A,Ad,N) (ETS(A,N,N) below :data:`TREND_MIN_POINTS`) to the working series; cached."""
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

    trend = n >= TREND_MIN_POINTS  # two weeks of a slide are no trend to carry for months
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
        except Exception:  # noqa: BLE001 - a fit that fails is reported as such, never replaced in silence
            raise HistoryError("error.history.forecast_failed") from None


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
    bounds: Bounds = NO_BOUNDS

    _fit: _Fit = PrivateAttr()
    _factors: np.ndarray = PrivateAttr()      # per step: multiplicative factor (1 if none)
    _offsets: np.ndarray = PrivateAttr()      # per step: additive offset (0 if none)
    _z_mean: np.ndarray = PrivateAttr()       # working-series point forecast per step
    _observed: pd.Series = PrivateAttr()      # the KPI's own observed series (count: daily values)
    _latest: float = PrivateAttr()
    _measures: dict = PrivateAttr(default_factory=dict)  # (start, window) → (mean, sd): asked once per goal

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
        the mean over the last ``window_days`` before ``until``. Kept once worked out: the
        suggested targets ask it for many candidate values of one goal."""
        key = (start, window_days)
        if key not in self._measures:
            self._measures[key] = self._measure(start, window_days)
        return self._measures[key]

    def _measure(self, start: dt.date | None, window_days: int | None) -> tuple[float, float]:
        w, known = self._weights(start, window_days)
        if not len(w) or not w.any():
            return self._clip_measure(known), 0.0
        wf = w * self._factors
        mean = known + float(wf @ self._z_mean + w @ self._offsets)
        m = _error_matrix(self._fit, len(w))
        sd = self._fit.sigma * float(np.linalg.norm(wf @ m))
        return self._clip_measure(mean), sd

    def _measure_bounds(self) -> Bounds:
        """Bounds of the goal measure: a count's period total is ≥ 0 when its days are."""
        low, high = self.bounds
        if self.kind == "count":
            return (0.0 if low >= 0 else -math.inf), math.inf
        return low, high

    def _clip_measure(self, value: float) -> float:
        low, high = self._measure_bounds()
        return float(min(max(value, low), high))

    def running_total(self, start: dt.date | None = None) -> pd.DataFrame:
        """Counts: the total from ``start`` to the end of each forecast step (actual values to
        date plus the forecast), with its ``level`` interval: the same numbers as
        :meth:`measure`, whose period total is the last row. Empty for other kinds."""
        if self.kind != "count" or not len(self.frame):
            return pd.DataFrame({"mean": [], "lower": [], "upper": []}, index=pd.DatetimeIndex([], name="date"))
        w, known = self._weights(start, None)
        wf = w * self._factors
        mean = known + np.cumsum(wf * self._z_mean + w * self._offsets)
        rows = np.cumsum(wf[:, None] * _error_matrix(self._fit, len(w)), axis=0)
        sd = self._fit.sigma * np.linalg.norm(rows, axis=1)
        zq = float(stats.norm.ppf(0.5 + self.level / 2))
        floor = known if self.bounds[0] >= 0 else -math.inf  # a total of non-negative days never falls
        mean = np.maximum(mean, floor)
        frame = pd.DataFrame({"mean": mean, "lower": np.clip(mean - zq * sd, floor, mean),
                              "upper": np.maximum(mean + zq * sd, mean)}, index=self.frame.index)
        return frame[w > 0]

    def probability(self, target: float, start: dt.date | None = None, higher: bool = True,
                    window_days: int | None = None) -> float:
        """P(goal measure ≥ target) (≤ when ``higher`` is False) under the forecast."""
        mean, sd = self.measure(start, window_days)
        low, high = self._measure_bounds()
        if higher and target <= low or not higher and target >= high:
            return 1.0
        if higher and target > high or not higher and target < low:
            return 0.0
        if sd <= 0:
            reached = mean >= target - 1e-9 * max(1.0, abs(target)) if higher \
                else mean <= target + 1e-9 * max(1.0, abs(target))
            return 1.0 if reached else 0.0
        p = 0.5 * math.erfc((target - mean) / (sd * math.sqrt(2)))  # the normal survival function
        return p if higher else 1.0 - p

    def quantile(self, q: float, start: dt.date | None = None, window_days: int | None = None) -> float:
        """The ``q`` quantile of the goal measure."""
        mean, sd = self.measure(start, window_days)
        value = float(stats.norm.ppf(q, mean, sd)) if sd > 0 else mean
        return self._clip_measure(value)

    def summary(self, start: dt.date | None = None, window_days: int | None = None) -> dict[str, Any]:
        return {"method": self.method, "seasonal": self.seasonal, **self.end(start, window_days),
                "level": self.level, "until": self.until.isoformat()}

    def end(self, start: dt.date | None = None, window_days: int | None = None) -> dict[str, float]:
        """The goal measure at ``until`` in the KPI's own unit: ``mean``, ``lower``, ``upper``
        (the ``level`` interval), all within the KPI's bounds and lower ≤ mean ≤ upper."""
        mean, sd = self.measure(start, window_days)
        z = float(stats.norm.ppf(0.5 + self.level / 2))
        return {"mean": mean, "lower": min(self._clip_measure(mean - z * sd), mean),
                "upper": max(self._clip_measure(mean + z * sd), mean)}


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
             level: float = DEFAULT_LEVEL, seasonal: bool | None = None,
             bounds: Bounds = NO_BOUNDS) -> Forecast:
    """Forecast ``series`` (a KPI's daily or weekly series, excluded days as NaN) to ``until``.

    ``kind``: the catalogue kind. For a ratio pass the daily ratio and ``weights`` = the daily
    denominator (then every weekly value is exactly Σnum/Σden). ``seasonal`` forces weekly
    seasonality on/off (default: when the data supports it). ``bounds``: where the KPI's values
    can lie (:func:`kpi_bounds`); mean, lower and upper are kept inside them, so the mean always
    stays inside its band. Pure and cached by content.
    """
    from smartkit.analysis.baseline import infer_step_days

    series = series.astype(float)
    series = series.loc[series.first_valid_index():series.last_valid_index()] \
        if series.notna().any() else series
    if series.notna().sum() == 0:
        raise NotEnoughHistoryError(days=0, kpi=str(series.name), needed=2, what=Message("analysis.what.forecast", {}))
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
    low, high = bounds
    if kind == "count" and low < 0 <= series.min():
        low = 0.0
    mean = np.clip(mean, low, high)
    lower, upper = np.clip(mean - zq * sd, low, mean), np.clip(mean + zq * sd, mean, high)
    frame = pd.DataFrame({"mean": mean, "lower": lower, "upper": upper}, index=steps)
    seasonal_text = " + weekday profile" if is_seasonal else ""
    out = Forecast(kind=kind, method=fit.method + seasonal_text, seasonal=is_seasonal, step_days=step,
                   last_date=last_date.date(), until=until, level=level, frame=frame,
                   history_days=int(series.notna().sum()), bounds=(float(low), float(high)))
    out._fit = fit
    out._factors = np.asarray(factors, dtype=float)
    out._offsets = np.asarray(offsets, dtype=float)
    out._z_mean = z_mean
    out._observed = observed
    out._latest = latest
    return out


# ----------------------------------------------------------------------------- the one recipe


def goal_forecast(cleaned: Any, until: dt.date, level: float = DEFAULT_LEVEL) -> Forecast:
    """THE forecast of a KPI to ``until`` from its cleaned history (:func:`smartkit.analysis.
    baseline.clean`): the one recipe behind the chance figure, the chart's band and
    ``forecast_end`` in the command line. Weekly data is forecast as weekly totals (counts) or
    weekly values; ratios as Σnum/Σden with the denominator as weights; values kept inside
    :func:`kpi_bounds`.

    Raises :class:`NotEnoughHistoryError` (key ``analysis.forecast.too_short``: the days there are, the
    days needed, see :func:`history_needed`) when the history is too short for the horizon.
    """
    kpi = cleaned.kpi
    frame = cleaned.frame
    days = int(frame.notna().all(axis=1).sum())
    last = frame.dropna(how="any").index[-1] if days else frame.index[-1]
    horizon = max((pd.Timestamp(until) - last).days, 0)
    needed = history_needed(horizon)
    if days < needed:
        from smartkit.wording import KpiName

        raise NotEnoughHistoryError("analysis.forecast.too_short", kpi=KpiName("kpi_name", {"id": kpi.id}),
                                    days=day_count(days), needed=day_count(needed), until=until)
    bounds = kpi_bounds(kpi)
    if cleaned.weekly and kpi.kind == "count":  # back to the weekly totals the data came in
        weekly = frame["value"].resample("7D", origin="start").sum(min_count=7)
        low = bounds[0] * 7
        return forecast(weekly, kpi.kind, until, level=level, bounds=(low, bounds[1]))
    if cleaned.weekly and kpi.kind == "stock":
        return forecast(frame["value"].iloc[::7], kpi.kind, until, level=level, bounds=bounds)
    if kpi.kind == "ratio":
        ratio = frame["num"] / frame["den"].where(frame["den"] != 0)
        return forecast(ratio, "ratio", until, weights=frame["den"], level=level, bounds=bounds)
    return forecast(frame["value"], kpi.kind, until, level=level, bounds=bounds)


def day_count(n: int) -> Message:
    """"1 day", "14 days": a number of days with its plural right in every language."""
    return Message("analysis.one_day" if n == 1 else "analysis.days", {"n": int(n)})
