"""The shared parser for exports holding one table (Meta Ads Manager, TikTok, Google Ads,
Shopify, generic): resolve the header with the source's :class:`ColumnSpec`, read only the
mapped columns, turn cells into numbers and dates, drop summary rows, read the currency.

Everything here is vectorised (no Python loop over rows) because this is the path a
300,000-row Ads Manager export takes.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from smartkit.errors import DataFileError, UnrecognisedExportError
from smartkit.i18n import Message
from smartkit.importers._result import Extract, warn
from smartkit.importers._tables import (
    ColumnSpec,
    Resolved,
    norm_header,
    read_table,
    sniff_decimal,
    to_dates,
    to_number,
)
from smartkit.importers._text import RawFile, Sample

# Labels of summary rows ("Total", "Total: Account", "Tổng", "รวม", "مجموع"...), matched on
# the start of a normalised cell.
TOTAL_LABELS = ("total", "totales", "tổng", "tong", "รวม", "ทั้งหมด", "مجموع", "جمع", "summe")


def parse_single(raw: RawFile, sample: Sample, spec: ColumnSpec, source: str, *,
                 resolved: Resolved | None = None, blank_is_zero: bool = True,
                 date_format: str | None = None, currency: str | None = None) -> Extract:
    """Read a one-table export into an :class:`Extract`.

    ``blank_is_zero``: Ads Manager and Google Ads leave a cell empty when nothing happened
    (no purchases that day), so empty means 0; analytics exports (TikTok, GA4) write ``NAN``
    or nothing when data is missing, which must stay missing, not become a zero day.
    """
    r = resolved or spec.resolve(sample.header)
    if not r.metrics:
        raise UnrecognisedExportError(file=raw.name, what=Message("import.what.metrics", {}),
                                      advice=Message("import.advice.map_columns", {}))
    date_pos, start_pos = r.roles.get("date"), r.roles.get("start")
    if date_pos is None and start_pos is None:
        raise DataFileError("error.data.no_date_column", file=raw.name)
    decimal = sniff_decimal(row[p] for row in sample.data_rows() for p in r.metrics.values()
                            if p < len(row))
    table = read_table(raw, sample, [*r.metrics.values(), *r.roles.values()], decimal,
                       text_columns=r.roles.values())

    numbers = {m: to_number(table[p], decimal) for m, p in r.metrics.items()}
    if blank_is_zero:
        numbers = {m: v.fillna(0.0) for m, v in numbers.items()}
    frame = pd.DataFrame(numbers)
    for role in ("campaign", "adset", "ad"):
        if role in r.roles:
            frame[role] = as_category(table[r.roles[role]])

    warnings: list[Message] = []
    granularity, last_day = "day", None
    if date_pos is not None:
        frame["date"] = to_dates(table[date_pos], date_format)
        date_cells = table[date_pos]
    else:
        starts = to_dates(table[start_pos], date_format)
        ends = to_dates(table[r.roles["end"]], date_format) if "end" in r.roles else starts
        frame["date"], date_cells = starts, table[start_pos]
        granularity, last_day, range_warning = _ranges(starts, ends)
        warnings += range_warning

    is_total = _total_rows(frame, date_cells)
    undated = frame["date"].isna() & ~is_total
    if undated.any():
        example = str(date_cells[undated].iloc[0])[:40]
        warnings.append(warn("skipped_rows", count=int(undated.sum()), example=example))
    keep = ~(is_total | frame["date"].isna())
    if not keep.all():
        frame = frame.loc[keep]

    found_currency, currency_warning = _currency(r, table, keep, currency)
    warnings += currency_warning
    labels = {m: r.name(p) for m, p in r.metrics.items()}
    return Extract(source=source, frame=frame, currency=found_currency, granularity=granularity,
                   last_day=last_day, warnings=warnings, labels=labels)


def _ranges(starts: pd.Series, ends: pd.Series):
    """Reporting starts/ends: equal → daily rows; 7 days → weekly rows; anything else → rows
    that total a whole range (one row per ad over the period), which is not a daily history."""
    valid = starts.notna() & ends.notna()
    if not valid.any():
        return "day", None, []
    span = (ends[valid] - starts[valid]).dt.days
    if (span == 0).all():
        return "day", None, []
    last = ends[valid].max().date()
    if (span == 6).all():
        return "week", last, []
    first = starts[valid].min().date()
    return "range", last, [warn("range_totals", start=first, end=last)]


def _total_rows(frame: pd.DataFrame, date_cells: pd.Series) -> pd.Series:
    """Summary rows: a date or campaign cell saying "Total..." , or a row without a campaign
    name in a file where the other rows have one (Ads Manager's "include summary row")."""
    is_total = per_unique(date_cells, lambda u: u.str.strip().str.casefold()
                          .str.startswith(TOTAL_LABELS, na=False))
    if "campaign" in frame.columns:
        names = frame["campaign"]
        blank = names.isna() | per_unique(names, lambda u: u.str.strip() == "")
        if not blank.all():
            is_total |= blank
        is_total |= per_unique(names, _total_label)
    return is_total


def _total_label(names: pd.Series) -> pd.Series:
    """"Total: Account" in a campaign column (Google Ads puts summary rows there too)."""
    folded = names.str.strip().str.casefold()
    return folded.str.startswith(TOTAL_LABELS, na=False) & folded.str.contains(":", regex=False, na=False)


def as_category(values: pd.Series) -> pd.Series:
    """Names (campaign, ad set, ad) as a categorical: a 300,000-row export has a few hundred
    distinct names, and every later step (summary-row test, duplicates, breakdown) then works
    on small integer codes instead of re-hashing the strings."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    categories = pd.Index(uniques, dtype="str")
    return pd.Series(pd.Categorical.from_codes(codes, categories=categories), index=values.index)


def per_unique(values: pd.Series, test) -> pd.Series:
    """A boolean test of string cells, run once per distinct value (a 300,000-row export has
    a few hundred campaign names): ``test`` gets the distinct values as a str Series."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, uniques = values.cat.codes.to_numpy(), values.cat.categories
    else:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) == 0:
        return pd.Series(False, index=values.index)
    verdict = test(pd.Series(uniques, dtype="str")).fillna(False).to_numpy(dtype=bool)
    out = np.where(codes >= 0, verdict[np.maximum(codes, 0)], False)
    return pd.Series(out, index=values.index)


def _currency(r: Resolved, table: pd.DataFrame, keep: pd.Series,
              given: str | None) -> tuple[str | None, list[Message]]:
    """The currency from the header (``Amount spent (AUD)``) or a Currency column; several
    currencies in one file cannot be added up, so the result has none and a warning says why."""
    if given:
        return given.upper(), []
    found = set(r.currencies)
    if "currency" in r.roles:
        cells = table.loc[keep, r.roles["currency"]].dropna().astype("str").str.strip()
        found |= {c.upper() for c in cells.unique() if 2 < len(c) < 5 and c.isalpha()}
    if len(found) > 1:
        return None, [warn("currency_mixed", currencies=", ".join(sorted(found)))]
    return (next(iter(found)) if found else None), []


def header_hits(header: list[str], aliases: tuple[str, ...]) -> int:
    """How many of ``aliases`` appear in a header (after normalisation): for detectors."""
    wanted = {norm_header(a)[0] for a in aliases}
    return sum(1 for h in header if norm_header(h)[0] in wanted)
