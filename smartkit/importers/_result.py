"""What every importer returns, and the one routine that turns a parsed table into it.

Each source parser produces an :class:`Extract`: one row per file row with a ``date``, the
breakdown columns it has (campaign, ad set, ad) and float metric columns. :func:`finish`
does the rest for all sources alike: drops re-exported duplicate rows, sums to one row per
date (ratios are never imported, so nothing is ever averaged), keeps the campaign breakdown,
and writes the data-quality warnings a marketer can act on.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from smartkit.catalogue import catalogue
from smartkit.errors import DataFileError
from smartkit.i18n import Lang, Message, Percent
from smartkit.importers._tables import MAX_ABS_VALUE, kpi_info, metric_ids

Granularity = Literal["day", "week", "range"]
BREAKDOWN_KEYS = ("campaign", "adset", "ad")


class ColumnMapping(BaseModel):
    """The user's answer to "which column is what" for a file smartkit does not recognise.
    JSON-serialisable (``model_dump_json``) so the wizard can save it and reuse it next month.
    """

    date_column: str = Field(description="header of the column holding the date")
    columns: dict[str, str] = Field(description="file header → catalogue metric id")
    date_format: str | None = Field(None, description="strftime format, e.g. %d/%m/%Y; None: guess")
    currency: str | None = Field(None, description="ISO 4217 code of money columns, if any")
    campaign_column: str | None = Field(None, description="header of a campaign/breakdown column")

    @staticmethod
    def metric_choices() -> tuple[str, ...]:
        """The catalogue metrics a column may be mapped to, in catalogue order: every metric an
        importer stores, never a ratio (CTR, CPC, ROAS... are recomputed from their parts; a
        mapping to one is refused with ``error.data.mapping_ratio``)."""
        allowed = metric_ids()
        return tuple(k.id for k in catalogue().kpis if k.id in allowed)


class ImportResult(BaseModel):
    """One export read into a tidy history table (see ``docs/CONVENTIONS.md``).

    ``daily`` has a DatetimeIndex named ``date`` (days, Monday-or-start weeks, or the first day
    of each reporting range) and one float column per catalogue metric, summed over campaigns.
    Ratios (CTR, CPC, CPM, ROAS, frequency) are never stored: recompute them from their parts.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    source: str
    currency: str | None = None
    granularity: Granularity = "day"
    daily: pd.DataFrame
    breakdown: pd.DataFrame | None = None
    warnings: list[Message] = Field(default_factory=list)
    filename: str | None = None
    last_day: dt.date | None = Field(
        None, description="last calendar day covered, when the file says (ranges, weeks)")

    @property
    def start(self) -> dt.date | None:
        """First day covered; None when the file does not say (a Google Ads "All time"
        report has one row over an unknown range: its index is NaT)."""
        first = self.daily.index.min()
        return None if pd.isna(first) else first.date()

    @property
    def end(self) -> dt.date | None:
        if self.last_day is not None:
            return self.last_day
        last = self.daily.index.max()
        if pd.isna(last):
            return None
        return last.date() + dt.timedelta(days=6) if self.granularity == "week" else last.date()

    @property
    def periods(self) -> int:
        """Distinct days (or weeks, or reporting ranges) that have rows."""
        return int(len(self.daily.index))

    @property
    def totals(self) -> dict[str, float]:
        """Each count summed over the whole file (metrics with no value at all left out).
        A stock (followers) is not a sum: see :attr:`latest`."""
        counts = [m for m in self.daily.columns if not _is_stock(m)]
        sums = self.daily[counts].sum(min_count=1)
        return {m: round(float(v), 6) for m, v in sums.items() if pd.notna(v) and np.isfinite(v)}

    @property
    def latest(self) -> dict[str, float]:
        """Each stock (followers) at the last date that has it."""
        out = {}
        for m in self.daily.columns:
            if _is_stock(m):
                values = self.daily[m].dropna()
                if len(values) and np.isfinite(values.iloc[-1]):
                    out[m] = round(float(values.iloc[-1]), 6)
        return out

    def summary(self, lang: Lang | str = "en") -> dict[str, Any]:
        """The ``python -m smartkit import --json`` object, warnings rendered in ``lang``."""
        return {
            "source": self.source,
            "currency": self.currency,
            "granularity": self.granularity,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "periods": self.periods,
            "totals": self.totals,
            "warnings": [w.render(lang) for w in self.warnings],
            "latest": self.latest,  # added after the first contract: stocks, never summed
        }


def _is_stock(metric: str) -> bool:
    return kpi_info().get(metric, ("",))[0] == "stock"


def warn(key: str, **params: Any) -> Message:
    """A warning message (``import.warning.<key>`` in the locale files)."""
    return Message(f"import.warning.{key}", params)


@dataclass
class Extract:
    """A parsed table before aggregation: ``frame`` has a ``date`` column (datetime64, NaT
    rows already removed), optional breakdown columns from :data:`BREAKDOWN_KEYS`, and float
    metric columns named by catalogue id, in file row order."""

    source: str
    frame: pd.DataFrame
    currency: str | None = None
    granularity: Granularity = "day"
    last_day: dt.date | None = None
    warnings: list[Message] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # metric id → header in the file
    check_order: bool = True
    undated: bool = False  # one range whose dates the file does not give ("All time"): date NaT


def finish(ex: Extract, filename: str | None) -> ImportResult:
    """Aggregate an :class:`Extract` into an :class:`ImportResult` with its warnings."""
    frame = ex.frame
    ids = metric_ids()
    metrics = [c for c in frame.columns if c in ids]
    name = filename or "file"
    if not metrics:
        raise DataFileError("error.data.no_metrics", file=name)
    if frame.empty:
        raise DataFileError("error.data.no_rows", file=name)
    keys = [k for k in BREAKDOWN_KEYS if k in frame.columns]
    warnings = list(ex.warnings)
    frame, value_warnings = _sane_values(frame, metrics, ex.labels)
    warnings += value_warnings
    if ex.check_order and not keys:
        warnings += _order_warnings(frame, metrics, ex.labels)
    days = None
    if not ex.undated:  # an "All time" report has no dates to repeat
        days = _Days.of(frame)
        frame, dup_warning, days = _drop_duplicates(frame, keys, metrics, days)
        warnings += dup_warning

    values = frame[metrics]  # selected once: the breakdown sums the same block
    if ex.undated:
        daily = values.sum(min_count=1).to_frame().T.astype("float64")
        daily.index = pd.DatetimeIndex([pd.NaT], name="date").as_unit("ns")
    elif days is not None:
        daily = values.groupby(days.codes, sort=True).sum(min_count=1).astype("float64")
        daily.index = pd.DatetimeIndex(days.days, name="date").as_unit("ns")
    else:
        daily = frame.groupby("date", sort=True)[metrics].sum(min_count=1).astype("float64")
        daily.index = pd.DatetimeIndex(daily.index, name="date").as_unit("ns")
    daily.columns.name = None
    breakdown = None
    if "campaign" in frame.columns and not ex.undated:
        if days is not None:
            breakdown = _breakdown(frame, values, days)
        else:
            breakdown = (frame.groupby(["date", "campaign"], sort=True, observed=True,
                                       dropna=False)[metrics].sum(min_count=1).reset_index())
            breakdown["campaign"] = breakdown["campaign"].astype("str").fillna("")
    if "reach" in metrics and days is not None:
        most = int(np.bincount(days.codes).max())
        if most > 1:
            warnings.append(warn("reach_summed", rows=most))
    elif "reach" in metrics and (keys or frame["date"].duplicated().any()):
        rows = frame.groupby("date").size()
        if (rows > 1).any():
            warnings.append(warn("reach_summed", rows=int(rows.max())))
    warnings += _unique_over_periods(daily, ex.granularity)
    if ex.granularity in ("day", "week"):
        warnings += _gap_warnings(daily.index, 1 if ex.granularity == "day" else 7)
    if ex.granularity == "day":
        warnings += _partial_last_day(daily)
    return ImportResult(source=ex.source, currency=ex.currency, granularity=ex.granularity,
                        daily=daily, breakdown=breakdown, warnings=warnings, filename=filename,
                        last_day=ex.last_day)


_DAY = 86_400 * 10 ** 9  # nanoseconds


@dataclass
class _Days:
    """The dates of a frame's rows as small integers, found once and used by every step of
    :func:`finish` (duplicates, the daily sums, the breakdown, rows per day): ``codes`` index
    ``days`` (sorted, distinct). Grouping by them gives the same groups, in the same order
    and with the same sums, as grouping by the ``date`` column, without hashing and sorting
    300,000 timestamps four times."""

    codes: np.ndarray
    days: pd.Index

    @classmethod
    def of(cls, frame: pd.DataFrame) -> "_Days | None":
        """None when a date is missing (NaT): :func:`finish` then groups by the column.
        Midnights (what the parsers give) are numbered by their day, without hashing."""
        dates = frame["date"]
        if dates.dtype == "datetime64[ns]" and len(dates):
            stamps = dates.to_numpy().view(np.int64)
            low, high = int(stamps.min()), int(stamps.max())
            if low == np.iinfo(np.int64).min:  # NaT
                return None
            if (high - low) // _DAY < 8 * len(stamps) + 4096 and not (stamps % _DAY).any():
                codes, numbers = _dense((stamps - low) // _DAY, (high - low) // _DAY + 1)
                days = pd.DatetimeIndex((numbers * _DAY + low).astype("datetime64[ns]"))
                return cls(codes=codes, days=days)
        codes, days = pd.factorize(dates, sort=True)
        if len(codes) and codes.min() < 0:
            return None
        return cls(codes=codes, days=days)

    def subset(self, keep: np.ndarray) -> "_Days":
        """The days of the rows kept (each day keeps at least one row: only exact repeats
        are dropped)."""
        return _Days(codes=self.codes[keep], days=self.days)

    def unique_rows(self, frame: pd.DataFrame, keys: list[str]) -> bool:
        """True when no two rows can share a date and breakdown: a cheap proof (one count
        over a table of days × the names of the most varied breakdown column), enough for
        an export without repeats; False when it proves nothing (then rows are compared)."""
        codes, count = np.zeros(len(frame), dtype=np.int64), 1
        for key in keys:
            values = frame[key]
            if isinstance(values.dtype, pd.CategoricalDtype) and \
                    len(values.cat.categories) + 1 > count:
                codes = values.cat.codes.to_numpy().astype(np.int64) + 1  # NaN (-1) → 0
                count = len(values.cat.categories) + 1
        size = len(self.days) * count
        if size > 8 * len(frame) + 4096:
            return False
        return bool(np.bincount(self.codes * count + codes, minlength=size).max() <= 1)


def _group_sum(values: pd.DataFrame, codes: np.ndarray, groups: int) -> pd.DataFrame:
    """``values`` summed per group (``min_count=1``), groups ``0..groups-1`` in order, every
    one of them present in ``codes``: pandas' own grouped sum (the same compensated
    summation, in row order) on a grouping it need not factorise."""
    grouper = pd.Categorical.from_codes(codes, categories=pd.RangeIndex(groups))
    out = values.groupby(grouper, sort=True, observed=False).sum(min_count=1)
    out.index = pd.RangeIndex(groups)
    return out


def _dense(key: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """``pandas.factorize(key, sort=True)`` for keys in ``0..size-1``: by a count over the
    possible keys when there are not many more of them than rows, without hashing."""
    if size > 8 * len(key) + 4096:
        return pd.factorize(key, sort=True)
    present = np.bincount(key, minlength=size) > 0
    rank = np.cumsum(present) - 1
    return rank[key], np.flatnonzero(present)


def _breakdown(frame: pd.DataFrame, values: pd.DataFrame, days: _Days) -> pd.DataFrame:
    """Sums per date and campaign, as ``groupby(["date", "campaign"], sort=True,
    observed=True, dropna=False)`` gives them: dates in order, then campaigns in their
    category order (or sorted, for text), a missing campaign last, named "" (campaigns as
    text)."""
    names = frame["campaign"]
    categorical = isinstance(names.dtype, pd.CategoricalDtype)
    if categorical:
        codes = names.cat.codes.to_numpy().astype(np.int64)
        count = len(names.cat.categories)
    else:
        codes, uniques = pd.factorize(names, sort=True)
        codes = codes.astype(np.int64)
        count = len(uniques)
    codes = np.where(codes < 0, count, codes)  # missing: after every name
    group, keys = _dense(days.codes.astype(np.int64) * (count + 1) + codes,
                         len(days.days) * (count + 1))
    out = _group_sum(values, group, len(keys))
    if categorical:  # the categories as text, "" for a missing name
        labels = np.append(names.cat.categories.astype("str").to_numpy(dtype=object), "")
        campaign = pd.Series(labels[np.asarray(keys) % (count + 1)], dtype="str")
    else:
        first = np.empty(len(keys), dtype=np.int64)
        first[group[::-1]] = np.arange(len(group) - 1, -1, -1)  # each group's first row
        campaign = names.iloc[first].reset_index(drop=True).astype("str").fillna("")
    out.insert(0, "campaign", campaign)
    out.insert(0, "date", pd.Series(days.days[np.asarray(keys) // (count + 1)]))
    return out


def _sane_values(frame: pd.DataFrame, metrics: list[str],
                 labels: dict[str, str]) -> tuple[pd.DataFrame, list[Message]]:
    """Values no analytics tool writes (beyond ±1e15, which would make totals overflow to
    infinity) are left out; negative values in a count column (a follower net change may be
    negative) are kept but reported, since a count cannot fall below zero. Each column's
    minimum and maximum decide whether a closer look is needed (a 300,000-row export is
    checked in a few milliseconds)."""
    warnings: list[Message] = []
    info = kpi_info()
    huge_count, huge_column, negative_count, negative_column = 0, None, 0, None
    for metric in metrics:
        values = frame[metric]
        column = values.to_numpy() if values.dtype == np.float64 else \
            values.to_numpy(dtype="float64", na_value=np.nan)
        if not len(column):
            continue
        low, high = np.fmin.reduce(column), np.fmax.reduce(column)  # NaN only when all are
        if np.isnan(low):
            continue
        if high > MAX_ABS_VALUE or low < -MAX_ABS_VALUE:
            huge = np.abs(np.nan_to_num(column)) > MAX_ABS_VALUE
            if frame is not None and huge_count == 0:
                frame = frame.copy()
            frame[metric] = frame[metric].mask(huge)
            huge_count += int(huge.sum())
            huge_column = huge_column or metric
            column = np.where(huge, np.nan, column)
            low = np.nanmin(column) if not np.isnan(column).all() else 0.0
        if low < 0 and not info.get(metric, ("", False, False))[2]:
            negative_count += int((column < 0).sum())
            negative_column = negative_column or metric
    if huge_count:
        warnings.append(warn("implausible_values", count=huge_count,
                             column=labels.get(huge_column, huge_column)))
    if negative_count:
        warnings.append(warn("negative_counts", count=negative_count,
                             column=labels.get(negative_column, negative_column)))
    return frame, warnings


def _unique_over_periods(daily: pd.DataFrame, granularity: str) -> list[Message]:
    """Reach (and users) count people once per day: their total over several days counts a
    returning person once per day, so it overstates how many people there were."""
    if granularity == "range" or len(daily) < 2:
        return []
    info = kpi_info()
    unique = [m for m in daily.columns if info.get(m, ("", False, False))[1]
              and daily[m].notna().sum() > 1]
    return [warn("unique_summed_over_days", metric=Message(f"kpi.{m}.name", {}), periods=len(daily))
            for m in unique]


def _order_warnings(frame: pd.DataFrame, metrics: list[str], labels: dict[str, str]) -> list[Message]:
    """A single-series table whose dates are neither ascending nor descending was sorted by
    something else (GA4 sorts by the first metric by default): say so, since the rows are
    put back in date order."""
    dates = frame["date"]
    if len(dates) < 3 or dates.is_monotonic_increasing or dates.is_monotonic_decreasing:
        return []
    for metric in metrics:
        values = frame[metric]
        if values.notna().all() and (values.is_monotonic_decreasing or values.is_monotonic_increasing):
            return [warn("sorted_by_metric", column=labels.get(metric, metric))]
    return [warn("unsorted_dates")]


def _drop_duplicates(frame: pd.DataFrame, keys: list[str], metrics: list[str],
                     days: _Days | None = None) -> tuple[pd.DataFrame, list[Message], _Days | None]:
    """A row identical to another (same date, same breakdown, same values) is the same
    export pasted twice: drop it. Rows sharing date and breakdown with different values are
    different things with the same name (two ads called "Video 1"): they are summed. Both are
    reported, as duplicate days, because either can inflate a baseline. ``days``, when
    given, are the rows' date codes, returned for the rows kept."""
    if days is not None and days.unique_rows(frame, keys):
        return frame, [], days
    codes, distinct = pd.factorize(_row_codes(frame, ["date", *keys], days).to_numpy())
    if len(distinct) == len(codes):
        return frame, [], days
    same_key = pd.Series(np.bincount(codes)[codes] > 1, index=frame.index)
    exact = frame.loc[same_key].duplicated(["date", *keys, *metrics], keep="first")
    exact = exact.reindex(frame.index, fill_value=False)
    dates = frame.loc[same_key, "date"]
    out = frame.loc[~exact] if exact.any() else frame
    if days is not None and exact.any():
        days = days.subset(~exact.to_numpy())
    message = warn("duplicate_days", count=int(dates.nunique()), first=dates.min().date(),
                   dropped=int(exact.sum()))
    return out, [message], days


def _row_codes(frame: pd.DataFrame, columns: list[str], days: _Days | None = None) -> pd.Series:
    """One int64 per row identifying its values in ``columns`` (factorised, then combined):
    hashing a few integer codes is far cheaper than comparing long campaign names. Names are
    categoricals already (their codes are used as they are), and so are the dates when
    ``days`` gives their codes; the codes are combined in mixed radix, re-factorised only when
    the product could overflow."""
    combined = np.zeros(len(frame), dtype=np.int64)
    size = 1
    for column in columns:
        values = frame[column]
        if column == "date" and days is not None:
            codes = days.codes.astype(np.int64)
            count = len(days.days) + 1
        elif isinstance(values.dtype, pd.CategoricalDtype):
            codes = values.cat.codes.to_numpy().astype(np.int64) + 1  # NaN (-1) → 0
            count = len(values.cat.categories) + 1
        else:
            codes, uniques = pd.factorize(values, use_na_sentinel=False)
            count = len(uniques) + 1
        if size * count >= 2 ** 62:
            combined, uniques = pd.factorize(combined)  # keep the numbers small: no overflow
            size = len(uniques) + 1
        combined = combined * count + codes
        size *= count
    return pd.Series(combined, index=frame.index)


def _gap_warnings(index: pd.DatetimeIndex, step_days: int) -> list[Message]:
    if len(index) < 2:
        return []
    expected = pd.date_range(index.min(), index.max(), freq=f"{step_days}D")
    missing = expected.difference(index)
    if missing.empty:
        return []
    return [warn("date_gaps" if step_days == 1 else "week_gaps", count=int(len(missing)),
                 first=missing[0].date(), start=index.min().date(), end=index.max().date())]


def _partial_last_day(daily: pd.DataFrame) -> list[Message]:
    """The last day is probably cut short (exported before midnight) when its metrics are
    below half of their median over the 7 days before it."""
    if len(daily) < 8:
        return []
    last, before = daily.iloc[-1], daily.iloc[-8:-1].median()
    usable = before[(before > 0) & last.notna()]
    if usable.empty:
        return []
    share = float(np.median(last[usable.index] / usable))
    if not np.isfinite(share) or share >= 0.5 or share < 0:
        return []
    return [warn("partial_last_day", date=daily.index[-1].date(), share=Percent(round(share * 100)))]
