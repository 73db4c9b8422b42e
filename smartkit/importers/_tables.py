"""Headers to catalogue ids, cells to numbers and dates, a file's table to a DataFrame.

One place for each rule every source shares:

* :class:`ColumnSpec`: a source's declarative column map (catalogue id → header aliases in
  every language the tool exports in) and the roles of its other columns (date, reporting range,
  campaign, currency). Headers are compared after :func:`norm_header` (Unicode NFKC, case-folded,
  zero-width joiners and a trailing ``(AUD)`` currency code removed), so the old Title-Case Meta
  headers and a Persian header typed with or without its zero-width non-joiner both match.
* :func:`to_number`: locale thousands/decimal marks, ``%``, ``-``/``--``/``NAN`` (missing),
  currency symbols, Persian/Arabic/Thai digits, huge values (non-finite → missing).
* :func:`to_dates`: ISO, ``YYYYMMDD``, ``YYYY/MM/DD``, day- or month-first, Excel serials,
  timestamps with offsets (rounded to the nearest midnight, so a DST hour shift never moves a
  day), Buddhist-era and Solar Hijri years. Parsed once per *distinct* value, so a 300,000-row
  file with 365 days parses 365 strings.
* :func:`read_table`: the C parser of pandas on the file's bytes with only the mapped columns;
  the Python ``csv`` module as a fallback for ragged or broken files.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import unicodedata
import warnings
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from smartkit.catalogue import catalogue
from smartkit.errors import DataFileError
from smartkit.importers._text import RawFile, Sample, decode, split_lines, split_row

_CURRENCY_SUFFIX = re.compile(r"\s*[\(\[]\s*([A-Z]{3})\s*[\)\]]\s*$")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\ufeff\u2066\u2067\u2068\u2069"))
_SPACES = re.compile(r"\s+")
# Persian, Arabic-Indic and Thai digits, Arabic decimal/thousands marks → ASCII.
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩๐๑๒๓๔๕๖๗๘๙٫٬", "012345678901234567890123456789.,")
_NULL_CELLS = frozenset({"", "-", "--", "—", "–", "nan", "n/a", "na", "none", "null", "#n/a",
                         "#div/0!", "#value!", "inf", "-inf", "(not set)"})


@lru_cache(maxsize=4096)
def norm_header(header: str) -> tuple[str, str | None]:
    """A header as compared against aliases, and the currency code it carries, if any:
    ``"Amount Spent (AUD) "`` → ``("amount spent", "AUD")``."""
    text = unicodedata.normalize("NFKC", str(header)).translate(_ZERO_WIDTH).strip().strip('"')
    currency = None
    m = _CURRENCY_SUFFIX.search(text)
    if m:
        currency, text = m.group(1), text[: m.start()]
    return _SPACES.sub(" ", text.replace("\u00a0", " ")).strip().casefold(), currency


def metric_ids() -> frozenset[str]:
    """Catalogue ids an importer may store: everything but ratios. Ratios (CTR, CPC, ROAS...)
    are recomputed from their parts, never imported. A derived count (net followers) is
    stored when the tool reports only the net change (YouTube subscribers, TikTok net
    growth): the analysis uses the column when it exists, else new − lost."""
    return frozenset(k.id for k in catalogue().kpis if k.kind != "ratio")


@lru_cache(maxsize=1)
def kpi_info() -> dict[str, tuple[str, bool, bool]]:
    """Catalogue id → (kind, counts unique people, may fall below zero): what the importers
    ask of the catalogue for every metric of every file, looked up once."""
    return {k.id: (k.kind, k.unique, bool(k.subtract)) for k in catalogue().kpis}


@dataclass(frozen=True)
class Resolved:
    """Where each role sits in one file's header (column positions)."""

    header: list[str]
    metrics: dict[str, int] = field(default_factory=dict)
    roles: dict[str, int] = field(default_factory=dict)
    currencies: frozenset[str] = frozenset()

    def name(self, pos: int) -> str:
        return self.header[pos]


@dataclass(frozen=True)
class ColumnSpec:
    """A source's declarative column map. ``metrics`` maps a catalogue id to the headers that
    mean it; the other fields list the headers of the date, reporting-range, breakdown and
    currency columns. Every alias list covers the languages the tool exports in."""

    metrics: Mapping[str, tuple[str, ...]]
    date: tuple[str, ...] = ()
    range_start: tuple[str, ...] = ()
    range_end: tuple[str, ...] = ()
    campaign: tuple[str, ...] = ()
    adset: tuple[str, ...] = ()
    ad: tuple[str, ...] = ()
    currency: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = set(self.metrics) - metric_ids()
        if unknown:
            raise ValueError(f"column map uses ids that are not measured catalogue metrics: {unknown}")

    @property
    def roles(self) -> dict[str, tuple[str, ...]]:
        return {"date": self.date, "start": self.range_start, "end": self.range_end,
                "campaign": self.campaign, "adset": self.adset, "ad": self.ad,
                "currency": self.currency}

    @property
    def lookup(self) -> dict[str, tuple[str, str]]:
        """Normalised alias → (kind, name): kind is "metric" or "role"."""
        table: dict[str, tuple[str, str]] = {}
        for role, aliases in self.roles.items():
            for alias in aliases:
                table.setdefault(norm_header(alias)[0], ("role", role))
        for metric, aliases in self.metrics.items():
            for alias in aliases:
                table.setdefault(norm_header(alias)[0], ("metric", metric))
        return table

    def resolve(self, header: list[str]) -> Resolved:
        """Map a file's header to roles and metrics. The first column wins when a name is
        repeated (Ads Manager can export the same column twice)."""
        lookup = self.lookup
        metrics: dict[str, int] = {}
        roles: dict[str, int] = {}
        currencies: set[str] = set()
        for pos, name in enumerate(header):
            key, currency = norm_header(name)
            kind, target = lookup.get(key, ("", ""))
            if kind == "metric" and target not in metrics:
                metrics[target] = pos
                if currency:
                    currencies.add(currency)
            elif kind == "role" and target not in roles:
                roles[target] = pos
        return Resolved(header=list(header), metrics=metrics, roles=roles,
                        currencies=frozenset(currencies))

    def score(self, header: list[str]) -> float:
        """Share of this source's signature found in a header: 0 (none) to 1."""
        r = self.resolve(header)
        found = len(r.metrics) + len(r.roles)
        return min(1.0, found / 4)


# ------------------------------------------------------------------------------ numbers

_COMMA_DECIMAL = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+,\d+$|^[-+]?\d+,(\d{1,2}|\d{4,})$")
_DOT_DECIMAL = re.compile(r"^[-+]?\d{1,3}(,\d{3})+\.\d+$|^[-+]?\d+\.(\d{1,2}|\d{4,})$")
_NOT_NUMBER = re.compile(r"[^0-9.,eE+\-]")
# A number cell longer than this is not a figure from an analytics tool (and a million-digit
# cell would make the conversion slow): it reads as missing.
MAX_NUMBER_CHARS = 40
# No analytics figure comes near this; beyond it a value is corrupt, and two such values
# would add up to infinity. :func:`smartkit.importers._result.finish` drops them with a warning.
MAX_ABS_VALUE = 1e15


_MARKS = frozenset(".,٫٬")  # a cell without any of these matches neither pattern


def sniff_decimal(cells: Iterable[str]) -> str:
    """``","`` when the cells write decimals with a comma (``1.234,56``, ``12,5``), else
    ``"."``. Ambiguous cells (``3,063``, ``1.234``) do not vote; a tie means ``"."``."""
    comma = dot = 0
    for cell in cells:
        cell = str(cell)
        if not _MARKS.intersection(cell):  # "693": no mark, no vote (the common case)
            continue
        text = _NOT_NUMBER.sub("", cell.translate(_DIGITS))  # "1.500,50 €" → "1.500,50"
        if _COMMA_DECIMAL.match(text):
            comma += 1
        elif _DOT_DECIMAL.match(text):
            dot += 1
    return "," if comma > dot else "."


def to_number(values: pd.Series, decimal: str = ".") -> pd.Series:
    """Cells to floats: NaN for missing (``-``, ``NAN``, empty...) and for garbage; ``%`` is
    dropped (the number stays in points); the thousands mark is the other of ``,``/``.``."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.astype("float64")
    if pd.api.types.is_numeric_dtype(values.dtype):
        out = values.astype("float64")
    else:
        out = _plain_numbers(values, decimal)
    finite = np.isfinite(out.to_numpy())
    return out if finite.all() else out.where(finite | out.isna())


def _as_float(value: object) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (OverflowError, ValueError, TypeError):
        return float("nan")
    return number if np.isfinite(number) else float("nan")


def _plain_numbers(values: pd.Series, decimal: str) -> pd.Series:
    """Cells most of which are plain numbers (``693``, ``12.5``) parsed by ``to_numeric`` in
    one native pass; only the others (``1,234``, ``24%``, ``-``, Thai digits...) go through
    :func:`_strings_to_number`. With a comma decimal mark ``1.234`` means 1234, so every cell
    takes the careful path."""
    if decimal != "." or not len(values):
        return _strings_to_number(values, decimal)
    whole = _arrow_floats(values)
    if whole is not None:
        return whole
    try:
        fast = pd.to_numeric(values, errors="coerce").astype("float64")
    except (OverflowError, ValueError, TypeError):
        return _strings_to_number(values, decimal)
    text = values.astype("str") if values.dtype == object else values
    # A cell longer than MAX_NUMBER_CHARS is no figure (e.g. forty zeros then a 1).
    fast = fast.where(text.str.len().to_numpy(dtype="float64", na_value=0) <= MAX_NUMBER_CHARS)
    other = fast.isna() & values.notna()
    if other.any():
        fast[other] = _strings_to_number(values[other], decimal)
    return fast


def _arrow_floats(values: pd.Series) -> pd.Series | None:
    """Every cell a plain number (or missing): Arrow's strict cast, a native pass of about
    30 ns a cell (``pd.to_numeric`` takes 1 µs); None when any cell is something else."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        cells = pa.array(values.to_numpy(dtype=object, na_value=None), type=pa.string(),
                         from_pandas=True)
        if (pc.max(pc.utf8_length(cells)).as_py() or 0) > MAX_NUMBER_CHARS:
            return None
        floats = pc.cast(cells, pa.float64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return None
    return pd.Series(floats, index=values.index, dtype="float64")


def _strings_to_number(values: pd.Series, decimal: str) -> pd.Series:
    numbers = None
    if values.dtype == object:  # mixed chunks from the C parser: numbers and strings
        is_text = values.map(lambda v: isinstance(v, str)).astype(bool)
        try:
            numbers = pd.to_numeric(values.where(~is_text), errors="coerce").astype("float64")
        except (OverflowError, ValueError, TypeError):  # a Python int of hundreds of digits
            numbers = values.where(~is_text).map(_as_float).astype("float64")
        values = values.where(is_text)
    text = values.astype("str")
    text = text.where(text.str.len() <= MAX_NUMBER_CHARS * 4)
    text = text.str.translate(_DIGITS).str.strip().str.casefold()
    text = text.where(~text.isin(_NULL_CELLS))
    text = text.str.replace(_NOT_NUMBER, "", regex=True)
    thousands = "." if decimal == "," else ","
    text = text.str.replace(thousands, "", regex=False)
    if decimal == ",":
        text = text.str.replace(",", ".", regex=False)
    text = text.where(text.str.len() <= MAX_NUMBER_CHARS)
    parsed = pd.to_numeric(text, errors="coerce").astype("float64")
    if numbers is not None:
        parsed = parsed.fillna(numbers)
    return parsed


# ------------------------------------------------------------------------------ dates

_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")
_YMD_SLASH = re.compile(r"^\d{4}[/.]\d{1,2}[/.]\d{1,2}")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_COMPACT = re.compile(r"^\d{8}$")
_TIME = re.compile(r"[T ](\d{1,2}):(\d{2})")
_OFFSET = re.compile(r"(Z|[+-]\d{2}:?\d{2})$")
_ISO_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?")


# Dates outside this window are not from an analytics export (Facebook opened in 2004; an
# export cannot be about next year): they read as missing and are reported, never kept.
FIRST_PLAUSIBLE = dt.date(2004, 1, 1)
PLAUSIBLE_DAYS_AHEAD = 365
# A date cell longer than this is not a date (and parsing a huge one is slow).
MAX_DATE_CHARS = 64


def plausible_window(today: dt.date | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    today = today or dt.date.today()
    return pd.Timestamp(FIRST_PLAUSIBLE), pd.Timestamp(today + dt.timedelta(days=PLAUSIBLE_DAYS_AHEAD))


def to_dates(values: pd.Series, fmt: str | None = None) -> pd.Series:
    """Cells to midnight timestamps (NaT when not a date), parsed once per distinct value.

    The result's ``attrs`` say what the caller should warn about: ``year_inferred`` (the year
    given to dates written without one) and ``implausible`` (cells that parsed to a date
    outside :func:`plausible_window`, which are NaT here)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) == 0:
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    notes: dict = {}
    parsed = parse_date_strings([str(u) for u in uniques], fmt, notes)
    if codes.min() >= 0:  # no empty cell
        taken = parsed[codes]
    else:
        taken = parsed.take(np.where(codes < 0, 0, codes))
        taken = np.where(codes < 0, np.datetime64("NaT", "ns"), taken)
    out = pd.Series(taken, index=values.index, dtype="datetime64[ns]")
    out.attrs.update(notes)
    return out


def parse_date_strings(cells: list[str], fmt: str | None = None,
                       notes: dict | None = None) -> np.ndarray:
    """Distinct date strings to ``datetime64[ns]`` midnights. Timestamps keep the calendar
    day as written (the offset is ignored) and are rounded to the nearest midnight when every
    time is within 3 hours of it: Business Suite writes local midnight, which reads 23:00 or
    01:00 around a DST change. Month names (``April 12``, ``8 de marzo``) are read in English,
    Spanish, French, Portuguese and German; without a year, the year is inferred (see
    :func:`infer_years`). ``notes`` receives ``year_inferred`` and ``implausible``."""
    notes = {} if notes is None else notes
    text = pd.Series(cells, dtype="str")
    text = text.where(text.str.len() <= MAX_DATE_CHARS * 4)
    if not text.dropna().str.isascii().all():  # translate() runs cell by cell in Python
        text = text.str.translate(_DIGITS)
    text = text.str.strip().str.strip('"').str.strip()
    text = text.where(text.str.len() <= MAX_DATE_CHARS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = _parse_texts(text, fmt, notes)
    return _plausible(_fix_calendar(out), text, notes).dt.normalize().to_numpy("datetime64[ns]")


def _parse_texts(text: pd.Series, fmt: str | None, notes: dict) -> pd.Series:
    if fmt:
        return pd.to_datetime(text, format=fmt, errors="coerce")
    sample = text.dropna()
    sample = sample[sample != ""]
    if sample.empty:
        return pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    if _every(sample, _COMPACT):
        return pd.to_datetime(text, format="%Y%m%d", errors="coerce")
    if _every(sample, _ISO_STAMP, whole=True):
        # Business Suite's ``2024-03-31T00:00:00``: one native pass, no per-cell guessing.
        stamps = pd.to_datetime(text.str.slice(0, 19), format="%Y-%m-%dT%H:%M:%S",
                                errors="coerce")
        return _midnights(stamps, stamps.dt.hour + stamps.dt.minute / 60)
    times = sample.str.extract(_TIME) if sample.str.contains(":", regex=False).any() else None
    if times is not None and times[0].notna().any():
        hours = pd.to_numeric(times[0], errors="coerce") + pd.to_numeric(times[1], errors="coerce") / 60
        naive = text.str.replace(_OFFSET, "", regex=True).str.replace("T", " ", regex=False)
        return _midnights(_mixed(naive), hours)
    if _every(sample, _ISO):
        return pd.to_datetime(text.str.slice(0, 10), format="%Y-%m-%d", errors="coerce")
    if _every(sample, _YMD_SLASH):
        return pd.to_datetime(text.str.replace(".", "/", regex=False).str.slice(0, 10),
                              format="%Y/%m/%d", errors="coerce")
    if _every(sample, _DMY):
        parts = sample.str.extract(_DMY).astype(int)
        day_first = bool((parts[0] > 12).any() or not (parts[1] > 12).any() and _day_first_default(parts))
        fmt_ = "%d/%m/%Y" if day_first else "%m/%d/%Y"
        norm = text.str.replace(r"[.\-]", "/", regex=True).str.slice(0, 10)
        return pd.to_datetime(norm, format=fmt_, errors="coerce")
    if sample.str.fullmatch(r"\d{5}(\.0+)?").all():  # Excel serial days
        serial = pd.to_numeric(text, errors="coerce")
        return pd.to_datetime(serial.where(serial.between(20000, 80000)), unit="D", origin="1899-12-30")
    named = _month_name_dates(text, notes)
    if named is not None:
        return named
    return _mixed(text)


def _every(cells: pd.Series, pattern: re.Pattern, whole: bool = False) -> bool:
    """``cells.str.match(pattern).all()`` (``fullmatch`` when ``whole``), answered from the
    first cell when that one does not match: the ladder of formats in :func:`_parse_texts`
    then costs one native pass for the format found, not one for each format tried before.
    (Python's ``re`` matches whenever pandas' engine does, so a first cell it refuses is a
    refusal either way.)"""
    first = cells.iloc[0]
    if not isinstance(first, str) or not (pattern.fullmatch if whole else pattern.match)(first):
        return False
    found = cells.str.fullmatch(pattern) if whole else cells.str.match(pattern)
    return bool(found.all())


def _midnights(stamps: pd.Series, hours: pd.Series) -> pd.Series:
    """Timestamps to days: to the nearest midnight when every time is within 3 hours of one
    (local midnight moved by a DST change), else the calendar day."""
    # Dates outside the plausible window stay: _plausible leaves them out and says so.
    stamps = stamps.where(stamps < pd.Timestamp.max - pd.Timedelta(days=1))  # no overflow
    low, high = plausible_window()
    plausible = stamps.notna() & (stamps >= low) & (stamps <= high)
    hours = hours.reindex(stamps.index)[plausible]
    near_midnight = bool(((hours <= 3) | (hours >= 21)).all())
    return (stamps + pd.Timedelta(hours=12)).dt.floor("D") if near_midnight else stamps.dt.floor("D")


def _mixed(text: pd.Series) -> pd.Series:
    """pandas' own guess, per cell; offsets (even different ones) are dropped, keeping the
    day as written."""
    try:
        out = pd.to_datetime(text, format="mixed", errors="coerce")
    except (ValueError, OverflowError, TypeError):  # mixed time zones, out-of-range cells
        out = pd.to_datetime(text.str.replace(_OFFSET, "", regex=True), format="mixed",
                             errors="coerce", utc=True)
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_localize(None)
    return out


def _plausible(stamps: pd.Series, text: pd.Series, notes: dict) -> pd.Series:
    stamps = pd.to_datetime(stamps, errors="coerce")
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_localize(None)
    low, high = plausible_window()
    bad = stamps.notna() & ((stamps < low) | (stamps > high))
    if bad.any():
        notes["implausible"] = [str(c) for c in text[bad].head(3)]
        notes["implausible_count"] = int(bad.sum())
        stamps = stamps.where(~bad)
    return stamps


# Month names and abbreviations (casefolded, accents kept) → month number: en, es, fr, pt, de.
_MONTHS: dict[str, int] = {}
for _number, _names in enumerate((
        "january jan enero ene janvier janv janeiro januar", "february feb febrero février févr fevereiro fev februar",
        "march mar marzo mars março märz mär", "april apr abril abr avril avr",
        "may mayo mai maio", "june jun junio juin junho juni",
        "july jul julio juillet juil julho juli", "august aug agosto ago août aout",
        "september sep sept septiembre setiembre septembre setembro set",
        "october oct octubre octobre outubro out oktober okt",
        "november nov noviembre novembre novembro", "december dec diciembre dic décembre déc dezembro dez dezember"),
        start=1):
    for _name in _names.split():
        _MONTHS[_name] = _number
_WORD = r"([^\W\d_]+)\.?"
_MONTH_FIRST = re.compile(rf"^(?:[^\W\d_]+\.?,\s*)?{_WORD}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?$")
_DAY_FIRST = re.compile(rf"^(?:[^\W\d_]+\.?,\s*)?(\d{{1,2}})\.?\s+(?:de\s+)?{_WORD}(?:,?\s+(?:de\s+)?(\d{{4}}))?$")


def _month_name_dates(text: pd.Series, notes: dict) -> pd.Series | None:
    """``April 12``, ``Feb 18, 2025``, ``8 de marzo``, ``12 avril 2024``; None unless every
    non-empty cell is written so."""
    folded = text.str.casefold()
    parts: list[tuple[int, int, int | None] | None] = []
    for cell in folded:
        if not isinstance(cell, str) or not cell:
            parts.append(None)
            continue
        m = _MONTH_FIRST.match(cell)
        month_day = (m.group(1), m.group(2), m.group(3)) if m else None
        if month_day is None and (m := _DAY_FIRST.match(cell)):
            month_day = (m.group(2), m.group(1), m.group(3))
        if month_day is None or month_day[0] not in _MONTHS:
            return None
        name, day, year = month_day
        parts.append((_MONTHS[name], int(day), int(year) if year else None))
    yearless = [(m, d) for p in parts if p is not None and p[2] is None for m, d in [p[:2]]]
    inferred = iter(infer_years(yearless)) if yearless else iter(())
    out = []
    for p in parts:
        year = None if p is None else (p[2] if p[2] is not None else next(inferred))
        try:
            out.append(pd.Timestamp(dt.date(year, p[0], p[1])) if p is not None and year else pd.NaT)
        except ValueError:
            out.append(pd.NaT)
    if yearless:
        notes["year_inferred"] = max(y for y in infer_years(yearless) if y)
    return pd.Series(pd.to_datetime(out), index=text.index)


def infer_years(month_days: list[tuple[int, int]], today: dt.date | None = None) -> list[int | None]:
    """Years for dates written without one (TikTok Studio: ``April 12``), in file order: the
    latest run of consecutive dates that ends on or before today. The file's order (newest
    first or last) is read from the dates; a date earlier in the year than the one before it
    (chronologically) starts the next year."""
    today = today or dt.date.today()
    keys = [m * 100 + d for m, d in month_days]
    ups = sum(b > a for a, b in zip(keys, keys[1:]))
    downs = sum(b < a for a, b in zip(keys, keys[1:]))
    order = list(range(len(keys)))
    if downs > ups:
        order.reverse()  # newest first
    last_month, last_day = month_days[order[-1]]
    year = today.year
    while year > today.year - 8:
        try:
            if dt.date(year, last_month, last_day) <= today:
                break
        except ValueError:
            pass
        year -= 1
    years: list[int | None] = [None] * len(keys)
    years[order[-1]] = year
    for before, after in zip(reversed(order[:-1]), reversed(order[1:])):
        if keys[before] > keys[after]:
            year -= 1
        years[before] = year
    return years


def _day_first_default(parts: pd.DataFrame) -> bool:
    # Neither part exceeds 12: most exports outside the US are day-first; a US file where
    # every day is ≤ 12 cannot be told apart, so prefer consecutive dates.
    days_first = pd.to_datetime(dict(year=parts[2], month=parts[1], day=parts[0]), errors="coerce")
    months_first = pd.to_datetime(dict(year=parts[2], month=parts[0], day=parts[1]), errors="coerce")

    def spread(s: pd.Series) -> float:
        s = s.dropna().sort_values()
        return float(s.diff().dt.days.median()) if len(s) > 1 else 0.0

    return spread(days_first) <= spread(months_first)


def _fix_calendar(stamps: pd.Series) -> pd.Series:
    """Thai exports may write Buddhist-era years (2567 = 2024); Persian ones Solar Hijri
    years (1403). Years outside any plausible Gregorian range are converted."""
    stamps = pd.to_datetime(stamps, errors="coerce")
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_localize(None)
    if stamps.isna().all():
        return stamps
    years = stamps.dt.year
    buddhist = years > 2400
    if buddhist.any():
        stamps = stamps.where(~buddhist, stamps - pd.DateOffset(years=543))
    hijri = (years >= 1300) & (years < 1500)
    if hijri.any():
        import jdatetime

        def convert(ts: pd.Timestamp) -> pd.Timestamp:
            try:
                return pd.Timestamp(jdatetime.date(ts.year, ts.month, ts.day).togregorian())
            except ValueError:
                return pd.NaT

        stamps = stamps.where(~hijri, stamps[hijri].map(convert))
    return pd.to_datetime(stamps, errors="coerce")


# ------------------------------------------------------------------------------ reading


def read_table(raw: RawFile, sample: Sample, usecols: list[int], decimal: str = ".",
               header_line: int | None = None, text_columns: Iterable[int] = (),
               categorical: Iterable[int] = (), missing: float | None = None) -> pd.DataFrame:
    """The data rows under the header, only the columns at ``usecols`` (named by position);
    ``text_columns`` (dates, names) are kept as strings. The fast reader returns those of
    them in ``categorical`` (dates and names: a few hundred distinct values in 300,000 rows)
    as categoricals, dictionary-encoded while parsing: the caller must read them as text of
    either kind. With ``missing``, the cells of every float column that are empty or
    infinite (no figure, as :func:`to_number` reads them) come back as ``missing``: 0 where
    empty means nothing happened. (Columns read as text are left to :func:`to_number`.)

    Big UTF-8 files go through pandas' pyarrow engine (multi-threaded, as fast as a bare
    ``read_csv``), others through the C parser, both straight from the bytes (no decoded copy
    in memory). Files they refuse (ragged rows, a quote left open by truncation, an encoding
    that changes half-way) are read again with the Python ``csv`` module, which pads short rows.
    """
    line = sample.header_line if header_line is None else header_line
    if line is None:
        raise DataFileError("error.data.no_header", file=raw.name)
    usecols = sorted(set(usecols))
    text = {c: "str" for c in text_columns if c in usecols}
    kwargs: dict = dict(sep=sample.sep, header=None, skiprows=line + 1, usecols=usecols,
                        quotechar='"', keep_default_na=False, na_values=[""], dtype=text or None)
    if decimal == "," and sample.sep == ",":
        kwargs.update(dtype="str")  # "1.234" must not be read as 1.234: parse it ourselves
    elif decimal == ",":
        kwargs.update(decimal=",", thousands=".")
    elif sample.sep != ",":
        kwargs.update(thousands=",")
    fast = (raw.size > PYARROW_MIN_BYTES and sample.encoding in ("utf-8", "utf-8-sig")
            and "thousands" not in kwargs)
    if fast:
        try:
            return _read_with_pyarrow(raw, sample.sep, usecols, line + 1, text,
                                      len(sample.header), set(categorical) & set(text),
                                      missing)
        except Exception:  # noqa: BLE001 - ragged rows, stray quotes...: the C parser next
            pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with raw.open() as handle:
                frame = pd.read_csv(handle, engine="c", encoding=_pandas_encoding(sample.encoding),
                                    **kwargs)
        if list(frame.columns) == usecols:
            return _filled(frame, missing)
    except Exception:  # noqa: BLE001 - any parser refusal: the csv module reads what it can
        pass
    return _read_with_csv(raw, sample, usecols, line)


def _filled(frame: pd.DataFrame, missing: float | None) -> pd.DataFrame:
    """``missing`` in the empty and infinite cells of a frame's float columns."""
    if missing is None:
        return frame
    for column in frame.columns:
        values = frame[column]
        if values.dtype == np.float64 and not np.isfinite(values.to_numpy()).all():
            frame[column] = values.where(np.isfinite(values.to_numpy()), missing)
    return frame


PYARROW_MIN_BYTES = 4 * 1024 * 1024


def _read_with_pyarrow(raw: RawFile, sep: str, usecols: list[int], skip: int,
                       text: dict[int, str], width: int,
                       categorical: frozenset[int] | set[int] = frozenset(),
                       missing: float | None = None) -> pd.DataFrame:
    """Arrow's streaming CSV reader, called directly, on as many byte ranges of the file as
    there are CPUs (read in parallel threads; Arrow releases the GIL). 1 MB blocks keep the
    parser's own buffers small (the whole-file reader peaks near 4x the file size), text
    columns stay text, and every other column must parse as a float: a cell that does not
    (``"1,234"``, ``24%``) raises, and the caller falls back to the C parser and
    :func:`to_number`. ``missing`` replaces empty and infinite floats in the same threads."""
    import pyarrow as pa
    from pyarrow import csv as pa_csv

    names = [f"f{i}" for i in usecols]
    words = pa.dictionary(pa.int32(), pa.string())  # parsed to codes in the reading threads
    convert = pa_csv.ConvertOptions(
        include_columns=names, null_values=list(_ARROW_NULLS), strings_can_be_null=True,
        quoted_strings_can_be_null=True,
        column_types={f"f{i}": (words if i in categorical else pa.string()) if i in text
                      else pa.float64() for i in usecols})
    parse = pa_csv.ParseOptions(delimiter=sep, quote_char='"')
    floats = [f"f{i}" for i in usecols if i not in text]

    def read(part: int, start: int, stop: int) -> pa.Table:
        # A native window on the file: no Python (GIL) in the read path, nothing loaded ahead.
        whole = pa.OSFile(str(raw.path)) if raw.path is not None else pa.BufferReader(raw.data)
        options = pa_csv.ReadOptions(skip_rows=skip if part == 0 else 0, block_size=1 << 20,
                                     autogenerate_column_names=True)
        with whole:
            table = pa_csv.open_csv(whole.get_stream(start, stop - start), read_options=options,
                                    parse_options=parse, convert_options=convert).read_all()
        return table if missing is None else _arrow_filled(table, floats, missing)

    bounds = _split_points(raw, os.cpu_count() or 1, sep, width)
    ranges = list(zip(bounds[:-1], bounds[1:]))
    if len(ranges) == 1:
        tables = [read(0, *ranges[0])]
    else:
        with ThreadPoolExecutor(max_workers=len(ranges)) as pool:
            tables = list(pool.map(lambda args: read(*args),
                                   [(i, a, b) for i, (a, b) in enumerate(ranges)]))
    frame = pa.concat_tables(tables).to_pandas()
    frame.columns = usecols
    return frame


def _arrow_filled(table, columns: list[str], missing: float):
    """``missing`` in the empty (null) and infinite cells of the float ``columns`` of an
    Arrow table (native compute, in the reading thread)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    fill = pa.scalar(missing, pa.float64())
    for name in columns:
        k = table.schema.get_field_index(name)
        values = table.column(k)
        if values.null_count:
            values = pc.fill_null(values, fill)
        if pc.any(pc.is_inf(values)).as_py():
            values = pc.if_else(pc.is_finite(values), values, fill)
        table = table.set_column(k, table.field(k), values)
    return table


def _split_points(raw: RawFile, parts: int, sep: str, width: int) -> list[int]:
    """Byte offsets that cut the file into ``parts`` ranges at line ends, each checked to
    start a row: the next lines split into the header's number of fields. A cut inside a
    multi-line quoted name fails that check (and, were it to pass, Arrow rejects a row of the
    wrong width, so the caller falls back to a one-pass reader). One range when unsure."""
    size = raw.size
    parts = max(1, min(parts, 8, size // (2 * 1024 * 1024)))
    if parts == 1:
        return [0, size]
    cuts = []
    with raw.open() as handle:
        for k in range(1, parts):
            handle.seek(size * k // parts)
            window = handle.read(64 * 1024)
            newline = window.find(b"\n")
            lines = window[newline + 1:].split(b"\n")[:3]
            if newline < 0 or len(lines) < 3:
                return [0, size]
            try:
                ok = all(len(split_row(ln.decode("utf-8").rstrip("\r"), sep)) == width
                         for ln in lines[:2])
            except UnicodeDecodeError:
                ok = False
            if not ok:
                return [0, size]
            cuts.append(size * k // parts + newline + 1)
    return [0, *cuts, size]


# Cells that mean "no value" in a number column, as Arrow must be told them (to_number knows
# the same, case-insensitively, for the other readers).
_ARROW_NULLS = ("", "-", "--", "NAN", "NaN", "nan", "N/A", "n/a")


def _pandas_encoding(encoding: str) -> str:
    # pandas' C parser decodes UTF-8 natively (and skips the BOM); "utf-8-sig" would route
    # every byte through a Python codec.
    return "utf-8" if encoding == "utf-8-sig" else encoding


def _read_with_csv(raw: RawFile, sample: Sample, usecols: list[int], line: int) -> pd.DataFrame:
    text = decode(raw.read_all(), sample.encoding)
    lines = split_lines(text)[line + 1:]
    width = max(usecols) + 1
    rows = []
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=sample.sep, quotechar='"')
    try:
        for fields in reader:
            if not any(f.strip() for f in fields):
                continue
            fields = (fields + [""] * width)[:width]
            rows.append([fields[i] for i in usecols])
    except csv.Error:
        pass  # a quote left open by truncation: keep the rows read so far
    frame = pd.DataFrame(rows, columns=usecols, dtype="str")
    return frame.replace("", np.nan) if len(frame) else frame


def block_frame(header: list[str], rows: list[list[str]]) -> pd.DataFrame:
    """A small table already split into rows (GA4 snapshot, Business Suite sections) as a
    string DataFrame with positional columns; ragged rows are padded or cut to the header."""
    width = len(header)
    fixed = [(r + [""] * width)[:width] for r in rows if any(c.strip() for c in r)]
    return pd.DataFrame(fixed, columns=list(range(width)), dtype="str")
