"""The shared parser for exports holding one table (Meta Ads Manager, TikTok, Google Ads,
Shopify, generic): resolve the header with the source's :class:`ColumnSpec`, read only the
mapped columns, turn cells into numbers and dates, drop summary rows, read the currency.

Everything here is vectorised (no Python loop over rows) because this is the path a
300,000-row Ads Manager export takes.
"""
from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from smartkit.errors import DataFileError, UnrecognisedExportError
from smartkit.i18n import Message
from smartkit.importers._result import Extract, warn
from smartkit.importers._tables import (
    ColumnSpec,
    Resolved,
    norm_header,
    plausible_window,
    read_table,
    sniff_decimal,
    to_dates,
    to_number,
)
from smartkit.importers._text import RawFile, Sample

# Labels of summary rows ("Total", "Total: Account", "Tổng", "รวม", "مجموع"...), matched on
# the start of a normalised cell.
TOTAL_LABELS = ("total", "totales", "tổng", "tong", "รวม", "ทั้งหมด", "مجموع", "جمع", "summe",
                "gesamt", "totale", "totaal", "итого", "всего", "合計", "合计", "总计", "總計",
                "총계", "합계", "jumlah", "toplam", "razem", "celkem", "suma")


# A whole summary cell: "Total: Account", "Total: Search", "Tổng cộng", "Tổng: Tài khoản",
# "Total" (a campaign called "Totally new" is not one).
_TOTAL_CELL = re.compile(r"(?:grand\s+)?(?:%s)(?:\s*[:：].*)?" % "|".join(
    re.escape(label) for label in sorted({*TOTAL_LABELS, "tổng cộng", "tong cong", "grand total",
                                          "total general", "totaux"}, key=len, reverse=True)),
    re.DOTALL)


def columns_found(header: list[str], limit: int = 12) -> str:
    """The header as a refusal shows it ("what was seen"), shortened."""
    names = [str(h).strip()[:40] for h in header if str(h).strip()]
    shown = ", ".join(names[:limit])
    return shown + (", …" if len(names) > limit else "") if shown else "—"


def first_line(sample: Sample) -> str:
    line = next((ln for ln in sample.lines if ln.strip()), "")
    return line.strip()[:80]


def no_metrics(raw: RawFile, sample: Sample) -> UnrecognisedExportError:
    return UnrecognisedExportError("import.error.no_metrics", file=raw.name,
                                   columns=columns_found(sample.header))


def parse_single(raw: RawFile, sample: Sample, spec: ColumnSpec, source: str, *,
                 resolved: Resolved | None = None, blank_is_zero: bool = True,
                 date_format: str | None = None, currency: str | None = None,
                 whole_range: tuple[dt.date | None, dt.date | None] | None = None,
                 sum_into: dict[str, list[int]] | None = None,
                 decimal: str | None = None) -> Extract:
    """Read a one-table export into an :class:`Extract`.

    ``blank_is_zero``: Ads Manager and Google Ads leave a cell empty when nothing happened
    (no purchases that day), so empty means 0; analytics exports (TikTok, GA4) write ``NAN``
    or nothing when data is missing, which must stay missing, not become a zero day.
    ``whole_range``: for a table without a date column whose rows are totals over a range
    the file states elsewhere (a title line, the file name): (first, last) day, or
    (None, None) when it says "All time". ``sum_into``: a metric made of several columns
    (Google Ads: one column per conversion action) → their positions, added up.
    ``decimal``: the decimal mark when the caller knows it (else sniffed from the cells).
    """
    r = resolved or spec.resolve(sample.header)
    sum_into = sum_into or {}
    if not r.metrics and not sum_into:
        raise no_metrics(raw, sample)
    date_pos, start_pos = r.roles.get("date"), r.roles.get("start")
    if date_pos is None and start_pos is None and whole_range is None:
        raise DataFileError("import.error.no_date_column", file=raw.name,
                            columns=columns_found(sample.header))
    number_columns = [*r.metrics.values(), *(p for ps in sum_into.values() for p in ps)]
    decimal = decimal or sniff_decimal(row[p] for row in sample.data_rows()
                                       for p in number_columns if p < len(row))
    # The reporting range is read only when there is no date column (it is not used then).
    roles = {role: pos for role, pos in r.roles.items()
             if date_pos is None or role not in ("start", "end")}
    text_columns = [0, *roles.values()]
    repeated = [pos for role, pos in roles.items()  # dates and names: a few distinct values
                if role in ("date", "start", "end", "campaign", "adset", "ad")
                and pos not in number_columns]
    table = read_table(raw, sample, [*number_columns, *text_columns], decimal,
                       text_columns=text_columns, categorical=repeated,
                       missing=0.0 if blank_is_zero else np.nan)

    frame = _numbers_frame(table, r.metrics) if not sum_into else None
    if frame is None:
        numbers = {m: to_number(table[p], decimal) for m, p in r.metrics.items()}
        for metric, positions in sum_into.items():
            parts = pd.concat([to_number(table[p], decimal) for p in positions], axis=1)
            numbers[metric] = parts.sum(axis=1, min_count=1)
        if blank_is_zero:
            numbers = {m: v.fillna(0.0) for m, v in numbers.items()}
        frame = pd.DataFrame(numbers)
    for role in ("campaign", "adset", "ad"):
        if role in r.roles:
            frame[role] = as_category(table[r.roles[role]])

    warnings: list[Message] = []
    granularity, last_day, undated_range = "day", None, False
    if date_pos is not None:
        dates = to_dates(table[date_pos], date_format)
        date_cells = table[date_pos]
    elif start_pos is not None:
        dates = to_dates(table[start_pos], date_format)
        ends = to_dates(table[r.roles["end"]], date_format) if "end" in r.roles else dates
        date_cells = table[start_pos]
        backwards = dates.notna() & ends.notna() & (ends < dates)
        if backwards.any():
            warnings.append(warn("backwards_ranges", count=int(backwards.sum()),
                                 example=str(date_cells[backwards].iloc[0])[:40]))
            dates = dates.where(~backwards)
        granularity, last_day, range_warning = _ranges(dates, ends)
        warnings += range_warning
    else:
        first, last = whole_range  # type: ignore[misc]
        granularity, last_day, undated_range = "range", last, first is None
        dates = pd.Series(pd.Timestamp(first) if first else pd.NaT, index=table.index,
                          dtype="datetime64[ns]")
        date_cells = table[0]
    warnings += date_notes(dates)
    frame["date"] = dates

    is_total = _total_rows(frame, [date_cells, table[0]], every_row=whole_range is not None)
    undated = frame["date"].isna() & ~is_total & (not undated_range)
    if undated.any():
        warnings.append(skipped_rows(date_cells[undated]))
    keep = ~is_total if undated_range else ~(is_total | frame["date"].isna())
    if not keep.all():
        frame = frame.loc[keep]
    if frame.empty:
        if any(w.key == "import.warning.backwards_ranges" for w in warnings):
            raise DataFileError("import.error.backwards_range", file=raw.name,
                                text=str(date_cells.dropna().iloc[0])[:40])
        _refuse_empty(raw, sample, table, dates)

    found_currency, currency_warning = _currency(r, table, keep, currency)
    warnings += currency_warning
    labels = {m: r.name(p) for m, p in r.metrics.items()}
    return Extract(source=source, frame=frame, currency=found_currency, granularity=granularity,
                   last_day=last_day, warnings=warnings, labels=labels, undated=undated_range)


def _numbers_frame(table: pd.DataFrame, metrics: dict[str, int]) -> pd.DataFrame | None:
    """The metric columns as they are, when the reader gave them as floats: it has already
    read empty and infinite cells as :func:`to_number` and ``fillna(0)`` would (see
    :func:`read_table`'s ``missing``), so they need neither a pass nor a copy. None
    otherwise."""
    positions = list(metrics.values())
    if not positions or len(set(positions)) < len(positions) or \
            any(table[p].dtype != np.float64 for p in positions):
        return None
    frame = table[positions]
    frame.columns = list(metrics)
    return frame


def skipped_rows(cells: pd.Series) -> Message:
    """"N rows without a readable date were skipped (e.g. “Grand total”)": the example is the
    first cell that says something; when every such cell is empty, the warning says so (in
    the user's language), never “nan”."""
    text = cells.astype("object").where(cells.notna(), "").astype("str").str.strip()
    said = text[text != ""]
    if said.empty:
        return warn("skipped_rows_empty_date", count=int(len(cells)))
    return warn("skipped_rows", count=int(len(cells)), example=str(said.iloc[0])[:40])


NO_DATA = ("no data available", "no hay datos disponibles", "không có dữ liệu", "ไม่มีข้อมูล",
           "داده‌ای موجود نیست", "داده ای موجود نیست")


def _refuse_empty(raw: RawFile, sample: Sample, table: pd.DataFrame, dates: pd.Series) -> None:
    """No row is left: say why, with what the file holds."""
    cells = [str(c) for c in table[0].dropna().head(3)] + [str(ln) for ln in sample.lines[-3:]]
    if any(norm_header(c)[0].strip('",;').rstrip(".").strip() in NO_DATA for c in cells):
        raise DataFileError("import.error.no_data_available", file=raw.name)
    if dates.attrs.get("implausible"):
        low, high = plausible_window()
        raise DataFileError("import.error.dates_implausible", file=raw.name,
                            example=dates.attrs["implausible"][0][:40], first=low.date(),
                            last=high.date())
    example = next((str(c)[:40] for c in table[0].dropna()), "")
    raise DataFileError("import.error.no_rows", file=raw.name, example=example or "—")


def date_notes(dates: pd.Series) -> list[Message]:
    """Warnings :func:`to_dates` left in its result's ``attrs``: a year inferred for dates
    written without one, dates outside the plausible window left out."""
    notes: list[Message] = []
    if dates.attrs.get("year_inferred"):
        valid = dates.dropna()
        notes.append(warn("year_inferred", year=str(dates.attrs["year_inferred"]),
                          start=valid.min().date() if len(valid) else None,
                          end=valid.max().date() if len(valid) else None))
    if dates.attrs.get("implausible"):
        low, high = plausible_window()
        notes.append(warn("dates_out_of_range", count=int(dates.attrs.get("implausible_count", 1)),
                          example=dates.attrs["implausible"][0][:40], first=low.date(),
                          last=high.date()))
    return notes


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


def _total_rows(frame: pd.DataFrame, label_columns: list[pd.Series],
                every_row: bool = False) -> pd.Series:
    """Summary rows: a date cell (or first-column cell: Google Ads) saying "Total...", or a
    row without a name (campaign, ad set or ad) in a file where the other rows have one (Ads
    Manager's "include summary row"). A "Total" cell is never a date, so only the rows
    without a date are tested for it: a 300,000-row export tests a handful of cells."""
    is_total = pd.Series(False, index=frame.index)
    if every_row:  # one row per campaign or channel over a range: every row has the date
        for cells in label_columns:
            is_total |= per_unique(cells, lambda u: u.str.strip().str.casefold().str.fullmatch(
                _TOTAL_CELL, na=False))
    undated = frame["date"].isna()
    if undated.any() and not every_row:
        for cells in label_columns:
            folded = cells[undated].astype("str").str.strip().str.casefold()
            is_total |= folded.str.startswith(TOTAL_LABELS, na=False).reindex(frame.index, fill_value=False)
    named = next((k for k in ("campaign", "adset", "ad") if k in frame.columns), None)
    if named is not None:
        names = frame[named]
        blank = names.isna() | per_unique(names, lambda u: u.str.strip().isin(["", "--", "-"]))
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
    if isinstance(values.dtype, pd.CategoricalDtype) and _in_order_of_appearance(values):
        codes, categories = values.cat.codes.to_numpy(), values.cat.categories
    else:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        categories = uniques
    categories = pd.Index(categories, dtype="str")
    return pd.Series(pd.Categorical.from_codes(codes, categories=categories), index=values.index)


def _in_order_of_appearance(values: pd.Series) -> bool:
    """Whether a categorical's categories are its distinct values in the order they first
    appear (what :func:`pandas.factorize` gives), each of them used: the fast reader's
    dictionary-encoded columns are, and then need no second hashing."""
    codes = values.cat.codes.to_numpy()
    if len(codes) and codes.min() < 0:
        codes = codes[codes >= 0]
    if not len(codes):
        return len(values.cat.categories) == 0
    highest = np.maximum.accumulate(codes)  # a new value is always the next category
    return bool(highest[0] == 0 and (np.diff(highest) <= 1).all()
                and highest[-1] == len(values.cat.categories) - 1)


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
    if not verdict.any():  # the usual answer for names: none is a summary label
        return pd.Series(False, index=values.index)
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


def with_text_breakdown(resolved: Resolved, sample: Sample) -> Resolved:
    """The first text column that is neither a metric nor a known role (channel, subscription
    status, source/medium) becomes the breakdown, kept as the campaign."""
    rows = sample.data_rows(50)
    taken = set(resolved.metrics.values()) | set(resolved.roles.values())
    for pos in range(len(sample.header)):
        cells = [r[pos] for r in rows if pos < len(r) and r[pos].strip()]
        if pos not in taken and cells and to_number(pd.Series(cells, dtype="str")).isna().mean() > 0.5:
            resolved.roles["campaign"] = pos
            break
    return resolved


def header_hits(header: list[str], aliases: tuple[str, ...]) -> int:
    """How many of ``aliases`` appear in a header (after normalisation): for detectors."""
    wanted = {norm_header(a)[0] for a in aliases}
    return sum(1 for h in header if norm_header(h)[0] in wanted)
