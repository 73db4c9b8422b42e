"""The baseline: where a KPI stands now, measured on the user's own history.

Input is a *history table* (the importer contract, see ``docs/CONVENTIONS.md``): a DataFrame with
a ``DatetimeIndex`` named ``date`` (daily, or weekly with Monday dates) and one float column per
catalogue metric id. Ratio KPIs and the ``followers`` stock are not columns of that table: they
are computed here from their inputs (:func:`kpi_series`).

What "the baseline" means per catalogue kind (over the trailing window, default 28 days):

* **count** (link clicks, sessions): the daily level. ``value`` = ``daily_mean`` [units/day],
  the mean of the weekday means over the clean days of the window (equal to the plain mean on
  whole weeks with no gap, and not biased by a missing Saturday); ``per_period`` gives the total
  for a week (7 days), a month (365.25/12 days) and a quarter (3 months) at that level.
* **stock** (followers): ``value`` = ``latest``, the last clean value in the window;
  ``per_period`` gives the absolute growth per week/month/quarter from the linear trend.
* **ratio** (CTR, conversion rate, ROAS, CPC...): ``value`` = Σnumerator / Σdenominator × scale
  over the clean days of the window: never a mean of daily ratios.
* **average** (response time): ``value`` = the mean of the daily values.

``trend`` is the compound growth per month [%] from a log-linear fit over the window (weekday
profile divided out for counts), with a Newey-West standard error and a 90 % interval.

Days are left out *with a warning*, never silently: days without data (gaps), a partial last day
(the last day when it is ``today`` or later, or when it falls below half of its usual level), and
outliers (more than 6 robust standard deviations and 50 % away from the median of the same
weekday in the weeks around it).
"""
from __future__ import annotations

import datetime as dt
import math
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from smartkit.catalogue import KPI, KpiName, catalogue, get_kpi
from smartkit.errors import HistoryError, MetricMissingError, NotEnoughHistoryError
from smartkit.i18n import Lang, Message, Percent
from smartkit.models import DAYS_PER_MONTH, MAX_WINDOW_DAYS, refuse_outside_range

PERIOD_DAYS: dict[str, float] = {"week": 7.0, "month": DAYS_PER_MONTH, "quarter": 3 * DAYS_PER_MONTH}
A_BASELINE = Message("analysis.what.baseline", {})  # what too short a history cannot give, in any language
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PARTIAL_DAY_SHARE = 0.5      # a last day below half its usual level is taken as incomplete
OUTLIER_Z, OUTLIER_REL = 6.0, 0.5  # robust z-score and relative distance for an outlier
MIN_PROFILE_DAYS = 21        # three full weeks before a weekday profile is trusted
Z90 = 1.6448536269514722

ExclusionReason = Literal["gap", "partial_day", "outlier"]


# ----------------------------------------------------------------------------- series


def _named(kpi_id: str) -> KpiName:
    """A KPI in a message: by its name in the user's language ("CTR"), never its id ("ctr")."""
    return KpiName("kpi_name", {"id": kpi_id})


def _num(frame: pd.DataFrame, ids: tuple[str, ...], kpi_id: str) -> pd.Series:
    missing = [i for i in ids if i not in frame.columns]
    if missing:
        raise MetricMissingError(kpi=_named(kpi_id))
    return frame[list(ids)].sum(axis=1, min_count=len(ids))


def components(history: pd.DataFrame, kpi: KPI) -> pd.DataFrame:
    """The daily inputs of a KPI: column ``value`` for counts, stocks and averages; ``num`` and
    ``den`` (already × scale in ``num``) for ratios. Raises :class:`MetricMissingError`."""
    if kpi.kind == "ratio":
        num = _num(history, kpi.numerator, kpi.id) * kpi.scale
        den = _num(history, kpi.denominator, kpi.id)
        return pd.DataFrame({"num": num, "den": den})
    if kpi.id in history.columns:
        return pd.DataFrame({"value": history[kpi.id].astype(float)})
    if kpi.kind == "count" and kpi.numerator:
        value = _num(history, kpi.numerator, kpi.id)
        if kpi.subtract:
            value = value - _num(history, kpi.subtract, kpi.id)
        return pd.DataFrame({"value": value})
    raise MetricMissingError(kpi=_named(kpi.id))


def _stock_increments(history: pd.DataFrame, kpi: KPI) -> pd.Series | None:
    """The daily net change behind a stock (``net_followers`` or new − lost), if the data has it."""
    if kpi.id != "followers":
        return None
    for candidate in ("net_followers",):
        try:
            return components(history, get_kpi(candidate))["value"]
        except MetricMissingError:
            continue
    if "new_followers" in history.columns:
        lost = history["lost_followers"] if "lost_followers" in history.columns else 0.0
        return history["new_followers"] - lost
    return None


def kpi_series(history: pd.DataFrame, kpi_id: str, anchor: float | None = None) -> pd.Series:
    """The daily series of a KPI, named after it, on the history's index.

    * counts: the column, or Σnumerator − Σsubtract for a derived count (``net_followers``);
    * ratios: Σnumerator / Σdenominator × scale *per day*, for display only: every window in
      smartkit sums numerator and denominator first (:func:`compute_baseline`);
    * averages: the column;
    * the ``followers`` stock: the column if present, else rebuilt backwards from ``anchor``
      (today's follower count, the value at the last date) with the daily net change
      (``net_followers``, or ``new_followers`` − ``lost_followers``; a missing day counts as 0).

    Raises :class:`MetricMissingError` when the data holds neither the KPI nor its inputs, and
    :class:`HistoryError` when a stock must be rebuilt but no ``anchor`` is given.
    """
    kpi = get_kpi(kpi_id)
    history = normalise_history(history)
    if kpi.kind == "stock" and kpi.id not in history.columns:
        increments = _stock_increments(history, kpi)
        if increments is None:
            raise MetricMissingError(kpi=_named(kpi_id))
        if anchor is None:
            raise HistoryError("error.history.anchor_missing", kpi=_named(kpi_id))
        after = increments.fillna(0.0)[::-1].cumsum()[::-1].shift(-1, fill_value=0.0)
        return (anchor - after).rename(kpi_id)
    parts = components(history, kpi)
    if kpi.kind == "ratio":
        den = parts["den"].where(parts["den"] != 0)
        return (parts["num"] / den).rename(kpi_id)
    return parts["value"].rename(kpi_id)


def infer_step_days(index: pd.DatetimeIndex) -> int:
    """1 for daily data, 7 for weekly data (the median spacing of the dates)."""
    if len(index) < 2:
        return 1
    step = float(np.median(np.diff(index.as_unit("ns").asi8))) / 86_400e9
    return 7 if step >= 6 else 1


def normalise_history(history: pd.DataFrame) -> pd.DataFrame:
    """The history sorted by date, with a tz-naive midnight ``DatetimeIndex`` named ``date``."""
    frame = history
    if not isinstance(frame.index, pd.DatetimeIndex):
        if "date" in frame.columns:
            frame = frame.set_index("date")
        frame = frame.set_axis(pd.DatetimeIndex(pd.to_datetime(frame.index)), axis=0)
    index = frame.index
    if index.tz is not None:
        index = index.tz_localize(None)
    index = index.normalize()
    frame = frame.set_axis(index, axis=0)
    if not frame.index.is_monotonic_increasing:
        frame = frame.sort_index()
    if frame.index.has_duplicates:
        frame = frame.groupby(level=0).sum(min_count=1)
    frame.index.name = "date"
    return frame


def to_daily(history: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """Daily history on a complete calendar (missing days are NaN rows). Weekly data (Monday
    dates) is spread over its seven days: counts evenly (value / 7), stocks interpolated,
    averages repeated. Returns the frame and whether it was weekly."""
    frame = normalise_history(history).astype(float)
    if frame.empty:
        return frame, False
    if infer_step_days(frame.index) == 7:
        full = pd.date_range(frame.index[0], frame.index[-1] + pd.Timedelta(days=6), freq="D", name="date")
        out = {}
        for column in frame.columns:
            kind = _column_kind(column)
            if kind == "stock":
                out[column] = frame[column].reindex(full).interpolate(limit_area="inside")
            elif kind == "average":
                out[column] = frame[column].reindex(full).ffill(limit=6)
            else:
                out[column] = (frame[column] / 7).reindex(full).ffill(limit=6)
        return pd.DataFrame(out, index=full), True
    full = pd.date_range(frame.index[0], frame.index[-1], freq="D", name="date")
    return frame.reindex(full), False


def _column_kind(column: str) -> str:
    """A catalogue metric's kind; a column that is not a catalogue metric is counted per day."""
    return get_kpi(column).kind if column in catalogue() else "count"


# ----------------------------------------------------------------------------- cleaning


class Excluded(BaseModel, frozen=True):
    """A day left out of the baseline, and why."""

    date: dt.date
    reason: ExclusionReason


class Cleaned(BaseModel):
    """The daily inputs of one KPI with the excluded days set to NaN."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    kpi: KPI
    frame: pd.DataFrame          # columns value, or num/den; daily; excluded days NaN
    raw: pd.DataFrame            # the same before exclusions (gaps are NaN)
    excluded: list[Excluded]
    weekly: bool
    reconstructed: bool = False


def _weekday_median(values: pd.Series, weeks: int = 4) -> pd.Series:
    """For each day, the median of the same weekday over ``weeks`` weeks either side (itself
    excluded is not needed: a median of 2×weeks+1 values is robust to the day itself)."""
    frame = pd.DataFrame({"v": values.to_numpy()}, index=values.index)
    frame["wd"] = values.index.day_of_week
    out = frame.groupby("wd")["v"].transform(
        lambda s: s.rolling(2 * weeks + 1, center=True, min_periods=3).median())
    return out


def _trailing_weekday_median(values: pd.Series, weeks: int = 4) -> float:
    """The median of the same weekday as the last day over the ``weeks`` weeks before it."""
    last = values.index[-1]
    same = [last - pd.Timedelta(days=7 * k) for k in range(1, weeks + 1)]
    prior = values.reindex(same).dropna()
    return float(prior.median()) if len(prior) else math.nan


_CLEAN_CACHE: "dict[tuple, Cleaned]" = {}
_CLEAN_CACHE_SIZE = 32


def _history_key(history: pd.DataFrame) -> int:
    hashed = pd.util.hash_pandas_object(history, index=True).to_numpy()
    return hash((hashed.tobytes(), tuple(history.columns)))


def clear_clean_cache() -> None:
    """Forget every cleaned history (for cold-start timing and tests)."""
    _CLEAN_CACHE.clear()


def clean(history: pd.DataFrame, kpi_id: str, anchor: float | None = None,
          today: dt.date | None = None) -> Cleaned:
    """The KPI's daily inputs with gaps, a partial last day and outliers marked and set to NaN.
    Cached by the history's content (treat the result as read-only)."""
    try:
        key = (_history_key(history), kpi_id, anchor, today)
    except TypeError:  # unhashable cells: no cache
        return _clean(history, kpi_id, anchor, today)
    if key not in _CLEAN_CACHE:
        if len(_CLEAN_CACHE) >= _CLEAN_CACHE_SIZE:
            _CLEAN_CACHE.pop(next(iter(_CLEAN_CACHE)))
        _CLEAN_CACHE[key] = _clean(history, kpi_id, anchor, today)
    return _CLEAN_CACHE[key]


def _clean(history: pd.DataFrame, kpi_id: str, anchor: float | None,
           today: dt.date | None) -> Cleaned:
    kpi = get_kpi(kpi_id)
    daily, weekly = to_daily(history)
    if daily.empty:
        raise NotEnoughHistoryError(days=0, kpi=_named(kpi_id), needed=1, what=A_BASELINE)
    reconstructed = False
    if kpi.kind == "stock":
        if kpi.id in daily.columns:
            frame = pd.DataFrame({"value": daily[kpi.id]})
        else:
            increments = _stock_increments(daily, kpi)
            level = kpi_series(daily, kpi_id, anchor)
            frame = pd.DataFrame({"value": level.where(increments.notna() | (level.index == level.index[-1]))})
            reconstructed = True
    else:
        frame = components(daily, kpi)
    # trim to the first/last day with data
    valid = frame.notna().all(axis=1)
    if not valid.any():
        raise NotEnoughHistoryError(days=0, kpi=_named(kpi_id), needed=1, what=A_BASELINE)
    frame = frame.loc[valid.idxmax():valid[::-1].idxmax()]
    raw = frame.copy()
    reasons = pd.Series(None, index=frame.index, dtype=object)
    reasons[frame.isna().any(axis=1)] = "gap"
    level = frame["den"] if kpi.kind == "ratio" else frame["value"]
    # partial last day
    last = frame.index[-1]
    if today is not None and last.date() >= today:
        reasons[last] = "partial_day"
    elif kpi.kind in ("count", "ratio") and not weekly and len(frame) >= 8:
        usual = _trailing_weekday_median(level)
        if not math.isnan(usual) and usual > 0 and level.iloc[-1] < PARTIAL_DAY_SHARE * usual:
            reasons[last] = "partial_day"
    # outliers (counts and ratio numerators/denominators; not stocks)
    if kpi.kind != "stock" and not weekly and len(frame) >= 28:
        for column in frame.columns:
            values = frame[column].where(reasons.isna())
            med = _weekday_median(values)
            rel = (values - med) / med.where(med > 0)
            scale = 1.4826 * float(np.nanmedian(np.abs(rel - np.nanmedian(rel)))) if rel.notna().any() else 0
            if scale > 0:
                flag = (np.abs(rel) > OUTLIER_Z * scale) & (np.abs(rel) > OUTLIER_REL)
                reasons[flag & reasons.isna()] = "outlier"
    excluded = [Excluded(date=d.date(), reason=r) for d, r in reasons.dropna().items()]
    cleaned_frame = frame.where(reasons.isna(), axis=0)
    return Cleaned(kpi=kpi, frame=cleaned_frame, raw=raw, excluded=excluded, weekly=weekly,
                   reconstructed=reconstructed)


# ----------------------------------------------------------------------------- profile & trend


def weekday_profile(values: pd.Series) -> list[float] | None:
    """Seven factors, Monday first, averaging 1: how each weekday compares with the week's level
    (each day divided by the centred 7-day mean, so a trend does not leak into the profile).
    None with fewer than three weeks of clean days or a level at or below zero."""
    values = values.astype(float)
    if values.notna().sum() < MIN_PROFILE_DAYS:
        return None
    level = values.rolling(7, center=True, min_periods=7).mean()
    ratio = values / level.where(level > 0)
    by_day = ratio.groupby(ratio.index.day_of_week).mean()
    if len(by_day.dropna()) < 7:
        by_day = values.groupby(values.index.day_of_week).mean()
        if len(by_day.dropna()) < 7 or by_day.mean() <= 0:
            return None
    factors = by_day.reindex(range(7)).to_numpy()
    factors = factors / factors.mean()
    return [float(f) for f in factors]


class Trend(BaseModel, frozen=True):
    """Compound growth per month [%] over the window, with its uncertainty."""

    monthly_pct: float
    std_error_pct: float
    low_pct: float               # 90 % interval
    high_pct: float
    per_day: float               # absolute change per day [KPI units/day] (linear fit)
    days: int


def _newey_west_se(x: np.ndarray, resid: np.ndarray, lags: int) -> float:
    """Standard error of the slope of a simple regression, robust to autocorrelation."""
    xc = x - x.mean()
    u = xc * resid
    s = float(u @ u)
    for lag in range(1, min(lags, len(u) - 1) + 1):
        w = 1 - lag / (lags + 1)
        s += 2 * w * float(u[lag:] @ u[:-lag])
    return math.sqrt(max(s, 0.0)) / float(xc @ xc)


def fit_trend(values: pd.Series) -> Trend | None:
    """Log-linear growth of the clean values (linear when a value is ≤ 0). None with < 7 days."""
    values = values.dropna()
    if len(values) < 7:
        return None
    x = ((values.index - values.index[0]).days).to_numpy(dtype=float)
    y = values.to_numpy(dtype=float)
    if float(np.ptp(x)) == 0:
        return None
    slope_lin, icept_lin = np.polyfit(x, y, 1)
    log = bool(np.all(y > 0))
    if log:
        ly = np.log(y)
        slope, icept = np.polyfit(x, ly, 1)
        resid = ly - (icept + slope * x)
        se = _newey_west_se(x, resid, 7)
        growth = lambda b: (math.exp(b * DAYS_PER_MONTH) - 1) * 100  # noqa: E731
    else:
        mid = icept_lin + slope_lin * x.mean()
        if mid <= 0:
            return None
        resid = y - (icept_lin + slope_lin * x)
        slope, se = slope_lin / mid, _newey_west_se(x, resid, 7) / mid
        growth = lambda b: b * DAYS_PER_MONTH * 100  # noqa: E731
    monthly = growth(slope)
    return Trend(monthly_pct=monthly, std_error_pct=abs(growth(slope + se) - growth(slope - se)) / 2,
                 low_pct=growth(slope - Z90 * se), high_pct=growth(slope + Z90 * se),
                 per_day=float(slope_lin), days=len(values))


# ----------------------------------------------------------------------------- baseline


def gap_to_benchmark_pct(value: float | None, benchmark: float | None) -> float | None:
    """How far a baseline is from its benchmark, in % of the benchmark (None when either is
    missing or the benchmark is 0)."""
    if value is None or not benchmark:
        return None
    return (value - benchmark) / abs(benchmark) * 100


class Benchmark(BaseModel, frozen=True):
    """A figure to compare with: an industry figure, a competitor, a past campaign."""

    value: float
    source: str | None = None


class Baseline(BaseModel):
    """Where a KPI stands over a window of the history (see the module docstring per kind)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    kpi: str
    kind: str
    window_start: dt.date
    window_end: dt.date
    window_days: int
    days_used: int
    value: float | None
    daily_mean: float | None = None
    latest: float | None = None
    window_total: float | None = None
    numerator_total: float | None = None
    denominator_total: float | None = None
    per_period: dict[str, float] | None = None
    weekday_profile: list[float] | None = None
    trend: Trend | None = None
    excluded: list[Excluded] = []
    warnings: list[Message] = []
    benchmark: Benchmark | None = None
    weekly_data: bool = False

    def with_benchmark(self, value: float, source: str | None = None) -> "Baseline":
        """The same baseline with a user benchmark shown beside it."""
        return self.model_copy(update={"benchmark": Benchmark(value=value, source=source)})

    @property
    def benchmark_gap_pct(self) -> float | None:
        return gap_to_benchmark_pct(self.value, self.benchmark.value if self.benchmark else None)

    def as_json(self, lang: Lang | str = "en") -> dict[str, Any]:
        """The ``baseline --json`` contract: kpi, kind, window_start, window_end, daily_mean,
        latest, value, warnings (rendered), plus the rest."""
        trend = self.trend.model_dump() if self.trend else None
        return {
            "kpi": self.kpi, "kind": self.kind,
            "window_start": self.window_start.isoformat(), "window_end": self.window_end.isoformat(),
            "window_days": self.window_days, "days_used": self.days_used,
            "value": self.value, "daily_mean": self.daily_mean, "latest": self.latest,
            "window_total": self.window_total, "numerator_total": self.numerator_total,
            "denominator_total": self.denominator_total, "per_period": self.per_period,
            "weekday_profile": dict(zip(WEEKDAYS, self.weekday_profile)) if self.weekday_profile else None,
            "trend": trend,
            "excluded": [{"date": e.date.isoformat(), "reason": e.reason} for e in self.excluded],
            "benchmark": self.benchmark.model_dump() if self.benchmark else None,
            "warnings": [w.render(lang) for w in self.warnings],
        }


def _balanced_mean(values: pd.Series) -> float:
    """The mean of the weekday means (every weekday present), else the plain mean."""
    values = values.dropna()
    by_day = values.groupby(values.index.day_of_week).mean()
    if len(values) >= 7 and len(by_day) == 7:
        return float(by_day.mean())
    return float(values.mean())


def _window(cleaned: Cleaned, window_days: int, start: dt.date | None,
            end: dt.date | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    frame = cleaned.frame
    last_ok = frame.dropna(how="any").index
    if not len(last_ok):
        raise NotEnoughHistoryError(days=0, kpi=_named(cleaned.kpi.id), needed=1, what=A_BASELINE)
    if end is None:
        end_ts = last_ok[-1]
    else:
        end_ts = min(pd.Timestamp(end), frame.index[-1])
    if start is None:
        start_ts = end_ts - pd.Timedelta(days=window_days - 1)
    else:
        start_ts = pd.Timestamp(start)
    start_ts = max(start_ts, frame.index[0])
    if start_ts > end_ts:
        raise NotEnoughHistoryError(days=0, kpi=_named(cleaned.kpi.id), needed=window_days, what=A_BASELINE)
    return start_ts, end_ts


def history_warnings(cleaned: Cleaned, start: pd.Timestamp | None = None, end: pd.Timestamp | None = None,
                     days_used: int | None = None, window_days: int | None = None) -> list[Message]:
    """What the user must know about the data between ``start`` and ``end`` (default: all of
    it): weekly data, a rebuilt stock, a partial last day, gaps, outliers, too few days."""
    frame = cleaned.frame
    start = frame.index[0] if start is None else start
    end = frame.index[-1] if end is None else end
    days_used = len(frame.dropna()) if days_used is None else days_used
    window_days = len(frame) if window_days is None else window_days
    kpi = cleaned.kpi
    out: list[Message] = []
    if cleaned.weekly:
        out.append(Message("baseline.warning.weekly_data", {}))
    if cleaned.reconstructed:
        out.append(Message("baseline.warning.stock_rebuilt", {"kpi": kpi.id}))
    in_window = [e for e in cleaned.excluded if start.date() <= e.date <= end.date()]
    partial = [e for e in cleaned.excluded if e.reason == "partial_day"]
    for e in partial:
        raw = cleaned.raw.loc[pd.Timestamp(e.date)]
        value = float(raw["den"] if kpi.kind == "ratio" else raw["value"])
        out.append(Message("baseline.warning.partial_last_day", {"date": e.date, "value": value}))
    gaps = [e.date for e in in_window if e.reason == "gap"]
    if len(gaps) == 1:
        out.append(Message("baseline.warning.gap_day", {"first": gaps[0]}))
    elif gaps:
        out.append(Message("baseline.warning.gaps", {"count": len(gaps), "first": gaps[0], "last": gaps[-1]}))
    outliers = [e.date for e in in_window if e.reason == "outlier"]
    if outliers:
        out.append(Message("baseline.warning.outliers", {
            "count": len(outliers), "dates": ", ".join(d.isoformat() for d in outliers[:5])
            + (" …" if len(outliers) > 5 else "")}))
    if days_used < min(7, window_days):
        out.append(Message("baseline.warning.few_days", {"days": days_used, "window": window_days}))
    if kpi.unique and kpi.kind == "count":
        out.append(Message("baseline.warning.unique_sum", {"kpi": Message(f"kpi.{kpi.id}.name", {})}))
    return out


def compute_baseline(history: pd.DataFrame, kpi_id: str, window_days: int = 28,
                     start: dt.date | None = None, end: dt.date | None = None,
                     anchor: float | None = None, today: dt.date | None = None,
                     benchmark: Benchmark | None = None) -> Baseline:
    """The baseline of ``kpi_id`` over the trailing ``window_days`` (7, 28 or 90 usually) ending
    on the last clean day, or over ``start``..``end`` (both inclusive) when given.

    ``anchor`` is today's value of a stock rebuilt from its daily changes (followers);
    ``today`` marks a last day on or after it as partial. See the module docstring for what
    ``value`` means per kind. Raises :class:`MetricMissingError` / :class:`NotEnoughHistoryError`.
    """
    refuse_outside_range(window_days, "window_days", 1, MAX_WINDOW_DAYS)
    cleaned = clean(history, kpi_id, anchor=anchor, today=today)
    found = baseline_from_clean(cleaned, window_days, start, end, benchmark)
    stale = _stale(found.window_end, today) if end is None else []  # a chosen range is on purpose
    return found.model_copy(update={"warnings": found.warnings + stale}) if stale else found


def baseline_from_clean(cleaned: Cleaned, window_days: int = 28, start: dt.date | None = None,
                        end: dt.date | None = None, benchmark: Benchmark | None = None) -> Baseline:
    """:func:`compute_baseline` on already cleaned inputs."""
    kpi = cleaned.kpi
    start_ts, end_ts = _window(cleaned, window_days, start, end)
    win = cleaned.frame.loc[start_ts:end_ts]
    ok = win.dropna(how="any")
    days = (end_ts - start_ts).days + 1
    if ok.empty:
        raise NotEnoughHistoryError(days=0, kpi=_named(kpi.id), needed=1, what=A_BASELINE)
    # the profile: from the window, widened to 8 weeks when the window is shorter
    prof_start = min(start_ts, end_ts - pd.Timedelta(days=55))
    series_for_profile = None
    if kpi.kind == "count" and not cleaned.weekly:
        series_for_profile = cleaned.frame["value"].loc[prof_start:end_ts]
    profile = weekday_profile(series_for_profile) if series_for_profile is not None else None
    if profile is not None and min(profile) <= 0:
        profile = None
    fields: dict[str, Any] = {}
    if kpi.kind == "count":
        values = ok["value"]
        mean = _balanced_mean(values) if not cleaned.weekly else float(values.mean())
        adjusted = values
        if profile is not None:
            adjusted = values / np.asarray(profile)[values.index.day_of_week]
        fields.update(value=mean, daily_mean=mean, latest=float(values.iloc[-1]),
                      window_total=float(values.sum()),
                      per_period={p: mean * d for p, d in PERIOD_DAYS.items()},
                      trend=fit_trend(adjusted))
    elif kpi.kind == "stock":
        values = ok["value"]
        trend = fit_trend(values)
        fields.update(value=float(values.iloc[-1]), latest=float(values.iloc[-1]), trend=trend,
                      per_period={p: trend.per_day * d for p, d in PERIOD_DAYS.items()} if trend else None)
    elif kpi.kind == "ratio":
        num, den = float(ok["num"].sum()), float(ok["den"].sum())
        value = num / den if den else None
        daily = (ok["num"] / ok["den"].where(ok["den"] != 0)).dropna()
        fields.update(value=value, numerator_total=num / kpi.scale, denominator_total=den,
                      latest=float(daily.iloc[-1]) if len(daily) else None, trend=fit_trend(daily))
    else:  # average
        values = ok["value"]
        fields.update(value=float(values.mean()), latest=float(values.iloc[-1]), trend=fit_trend(values))
    return Baseline(kpi=kpi.id, kind=kpi.kind, window_start=start_ts.date(), window_end=end_ts.date(),
                    window_days=days, days_used=len(ok), weekday_profile=profile,
                    excluded=cleaned.excluded,
                    warnings=history_warnings(cleaned, start_ts, end_ts, len(ok), days),
                    benchmark=benchmark, weekly_data=cleaned.weekly, **fields)


STALE_AFTER_DAYS = 14


def _stale(end: dt.date, today: dt.date | None) -> list[Message]:
    """A baseline describes its window: data that stopped weeks ago says little about today."""
    if today is None or (today - end).days <= STALE_AFTER_DAYS:
        return []
    return [Message("baseline.warning.stale", {"end": end, "days": (today - end).days})]


def trend_message(trend: Trend) -> Message:
    """"Growing 2 % a month (90 % interval 1.5 % to 2.5 %)"."""
    return Message("baseline.trend", {"monthly": Percent(trend.monthly_pct, signed=True),
                                      "low": Percent(trend.low_pct, signed=True),
                                      "high": Percent(trend.high_pct, signed=True)})


# ----------------------------------------------------------------------------- the goal's baseline
# One rule for "the baseline measured on the data" in the goal's own measure, used by the
# wizard, the command line, the demos, pacing and the realism check (see
# :mod:`smartkit.analysis.achievability` for the goal measure per kind).

RATIO_WINDOW_DAYS = 28


def rolling_measure(cleaned: Cleaned, period_days: int) -> pd.Series:
    """The goal measure on every day of the history: the total over the last ``period_days``
    (counts; mean of the clean days × days, so gaps do not pull it down), the value (stocks), or
    Σ/Σ (mean) over the last ``min(28, period_days)`` days (ratios / averages)."""
    kind = cleaned.kpi.kind
    frame = cleaned.frame
    if kind == "count":
        need = max(1, math.ceil(0.8 * period_days))
        return frame["value"].rolling(period_days, min_periods=need).mean() * period_days
    if kind == "stock":
        return frame["value"].interpolate(limit_area="inside")
    window = min(RATIO_WINDOW_DAYS, period_days)
    need = max(1, math.ceil(0.8 * window))
    if kind == "ratio":
        ok = frame[["num", "den"]].notna().all(axis=1)
        num = frame["num"].where(ok).rolling(window, min_periods=need).sum()
        den = frame["den"].where(ok).rolling(window, min_periods=need).sum()
        return num / den.where(den != 0)
    return frame["value"].rolling(window, min_periods=need).mean()


def baseline_measure(cleaned: Cleaned, period_days: int, before: pd.Timestamp) -> float | None:
    """The goal measure on the last day before ``before`` (see :func:`rolling_measure`); with
    less history than one period, the level of what there is scaled to the period. Not rounded:
    :func:`measured_baseline` is the figure a goal states."""
    measure = rolling_measure(cleaned, period_days)
    measure = measure[measure.index < before].dropna()
    if len(measure):
        return float(measure.iloc[-1])
    frame = cleaned.frame[cleaned.frame.index < before].dropna(how="any")
    if frame.empty:
        return None
    kind = cleaned.kpi.kind
    if kind == "count":
        return float(frame["value"].mean()) * period_days
    if kind == "stock":
        return float(frame["value"].iloc[-1])
    if kind == "ratio":
        return float(frame["num"].sum() / frame["den"].sum()) if frame["den"].sum() else None
    return float(frame["value"].mean())


def round_as_counted(kpi: KPI, value: float) -> float:
    """A figure as the KPI is counted: people and clicks whole, money in cents, rates to 4 places."""
    return round(value, 2 if kpi.unit == "currency" else 0 if kpi.unit == "count" else 4)


def measured_baseline(cleaned: Cleaned, start: dt.date, deadline: dt.date) -> float | None:
    """The baseline a goal from ``start`` to ``deadline`` states when it is measured on the data:
    the goal measure over the goal period (both ends counted) just before ``start``, rounded as
    the KPI is counted. None when the data has nothing before ``start``."""
    from smartkit.models import period_days

    value = baseline_measure(cleaned, period_days(start, max(deadline, start)), pd.Timestamp(start))
    if value is None or not math.isfinite(value):
        return None
    return round_as_counted(cleaned.kpi, value)
