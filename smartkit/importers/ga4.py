"""Google Analytics 4 report exports (any report → Share this report → Download file →
Download CSV; or the "Reports snapshot" page → Download file).

What they look like: a ``#`` comment preamble with the property and ``# Start date: 20240101`` /
``# End date: 20240131``; a ``Date`` column written ``YYYYMMDD`` in whatever order the report
was sorted (by default by the first metric, descending). A "Reports snapshot" file holds many
tables separated by blank lines: time tables whose axis is relative (``Nth day`` / ``Nth week``
counted from the Start date: ``0000`` is the Start date), tables with a header and no rows,
ragged tables, and tables that are not over time (countries, pages), which are skipped.
"""
from __future__ import annotations

import re

import pandas as pd

from smartkit.catalogue import catalogue
from smartkit.errors import DataFileError, UnrecognisedExportError
from smartkit.i18n import Message
from smartkit.importers._result import Extract, warn
from smartkit.importers._single import parse_single, skipped_rows, with_text_breakdown
from smartkit.importers._tables import (
    ColumnSpec,
    block_frame,
    norm_header,
    parse_date_strings,
    sniff_decimal,
    to_dates,
    to_number,
)
from smartkit.importers._text import Block, RawFile, Sample, is_comment

SOURCE = "ga4"

COLUMN_MAP: dict[str, tuple[str, ...]] = {
    "users": ("Active users", "Total users", "Users", "Usuarios activos", "Usuarios totales",
              "Usuarios", "Người dùng đang hoạt động", "Tổng số người dùng", "Người dùng",
              "ผู้ใช้ที่ใช้งานอยู่", "ผู้ใช้ทั้งหมด", "ผู้ใช้", "کاربران فعال", "کل کاربران",
              "کاربران"),
    "new_users": ("New users", "Usuarios nuevos", "Người dùng mới", "ผู้ใช้ใหม่", "کاربران جدید"),
    "returning_users": ("Returning users", "Usuarios recurrentes", "Người dùng cũ",
                        "Người dùng quay lại", "ผู้ใช้ที่กลับมา", "کاربران بازگشتی"),
    "sessions": ("Sessions", "Sesiones", "Phiên", "Số phiên", "เซสชัน", "جلسه‌ها", "نشست‌ها"),
    "event_count": ("Event count", "Recuento de eventos", "Número de eventos",
                    "Số lượng sự kiện", "Số sự kiện", "จำนวนเหตุการณ์", "تعداد رویداد",
                    "تعداد رویدادها"),
    "conversions": ("Key events", "Conversions", "Eventos clave", "Conversiones",
                    "Sự kiện chính", "Lượt chuyển đổi", "เหตุการณ์สำคัญ", "Conversion",
                    "رویدادهای کلیدی", "تبدیل‌ها"),
    "purchases": ("Ecommerce purchases", "Purchases", "Compras de comercio electrónico",
                  "Lượt mua hàng thương mại điện tử", "การซื้อผ่านอีคอมเมิร์ซ",
                  "خریدهای تجارت الکترونیک"),
    "purchase_value": ("Purchase revenue", "Ingresos por compras", "Doanh thu mua hàng",
                       "รายได้จากการซื้อ", "درآمد خرید"),
    "conversion_value": ("Total revenue", "Ingresos totales", "Tổng doanh thu", "รายได้ทั้งหมด",
                         "کل درآمد"),
}
DATE_HEADERS = ("Date", "Fecha", "Ngày", "วันที่", "تاریخ")
DAY_OFFSET_HEADERS = ("Nth day", "Día n.º", "N.º de día", "Ngày thứ n", "วันที่ n", "روز nام")
WEEK_OFFSET_HEADERS = ("Nth week", "Semana n.º", "N.º de semana", "Tuần thứ n", "สัปดาห์ที่ n",
                       "هفته nام")
SPEC = ColumnSpec(metrics=COLUMN_MAP, date=DATE_HEADERS)
# "Nth day" 0000..: a GA4 report covers at most 14 months of data; a larger offset is corrupt.
MAX_OFFSET_DAYS = 3660
_DATE_IN_COMMENT = re.compile(r":\s*(\d{8})\s*$")


def _axis(header: list[str]) -> str | None:
    first = norm_header(header[0])[0] if header else ""
    for kind, names in (("date", DATE_HEADERS), ("day", DAY_OFFSET_HEADERS),
                        ("week", WEEK_OFFSET_HEADERS)):
        if first in {norm_header(n)[0] for n in names}:
            return kind
    return None


def detect(sample: Sample) -> float:
    """GA4 if the preamble is ``#`` comments with 8-digit Start/End dates, or the first table
    is over ``Nth day``/``Nth week``."""
    comments = [ln for ln in sample.lines[:40] if is_comment(ln)]
    dated = sum(bool(_DATE_IN_COMMENT.search(ln)) for ln in comments)
    if dated:
        return min(1.0, 0.6 + 0.2 * dated)
    if _axis(sample.header) in ("day", "week"):
        return 0.8
    return 0.0


def report_range(lines: list[str]) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """Start and End dates from the comment preamble (whatever language the labels are in:
    the first 8-digit date is the start, the second the end)."""
    found = [m.group(1) for ln in lines if is_comment(ln) for m in [_DATE_IN_COMMENT.search(ln)] if m]
    stamps = [pd.Timestamp(d) for d in parse_date_strings(found[:2])] if found else []
    start = stamps[0] if stamps and pd.notna(stamps[0]) else None
    end = stamps[1] if len(stamps) > 1 and pd.notna(stamps[1]) else None
    return start, end


def parse_ga4(raw: RawFile, sample: Sample) -> Extract:
    """One dated table (the usual report) keeps its rows and breakdown; a snapshot of many
    tables is joined by date, each metric taken from the first table that has it."""
    sample = sample.whole(raw)
    start, end = report_range(sample.lines)
    blocks = split_tables([b for b in sample.blocks() if b.header])
    timed = [b for b in blocks if _axis(b.header)]
    skipped = [b.header[0] for b in blocks if not _axis(b.header) and b.rows]
    if len(timed) == 1 and _axis(timed[0].header) == "date" and len(blocks) == 1:
        return _single_report(raw, sample)
    warnings: list[Message] = []
    if skipped:
        warnings.append(warn("sections_skipped", sections=", ".join(skipped)))
    days = [b for b in timed if _axis(b.header) in ("date", "day")]
    chosen = days or [b for b in timed if _axis(b.header) == "week"]
    granularity = "day" if days else "week"
    if not chosen:
        return _range_tables(raw, blocks, start, end)
    columns: dict[str, pd.Series] = {}
    relative = False
    unread_rows: list[pd.Series] = []  # the date cells of rows whose date cannot be read
    past_end: list[tuple[int, str]] = []  # rows dated outside the report's Start – End
    for block in chosen:
        axis = _axis(block.header)
        table = block_frame(block.header, block.rows)
        if table.empty:
            continue
        if axis == "date":
            dates = to_dates(table[0])
        else:
            if start is None:
                raise DataFileError("error.data.no_start_date", file=raw.name)
            relative = True
            step = 7 if axis == "week" else 1
            offsets = to_number(table[0])
            offsets = offsets.where((offsets >= 0) & (offsets <= MAX_OFFSET_DAYS / step)).round()
            dates = (start + pd.to_timedelta(offsets * step, unit="D")).astype("datetime64[ns]")
        if start is not None and end is not None:  # a day outside the report's own range
            outside = (dates > end) | (dates < start)
            if outside.any():
                past_end.append((int(outside.sum()), str(table.loc[outside, 0].iloc[0])[:40]))
                table = table.loc[~outside]
                dates = dates.loc[table.index]
        unread = dates.isna()
        if unread.any():
            unread_rows.append(table.loc[unread, 0])
        resolved = SPEC.resolve(block.header)
        decimal = sniff_decimal(table[p].iloc[i] for p in resolved.metrics.values()
                                for i in range(min(len(table), 50)))
        for metric, pos in resolved.metrics.items():
            if metric in columns:
                continue
            values = to_number(table[pos], decimal)
            keep = dates.notna()
            columns[metric] = values[keep].groupby(dates[keep].to_numpy()).sum(min_count=1)
    if not columns:
        raise UnrecognisedExportError(file=raw.name, what=Message("import.what.metrics", {}),
                                      advice=Message("import.advice.ga4", {}))
    if unread_rows:
        warnings.append(skipped_rows(pd.concat(unread_rows, ignore_index=True)))
    if past_end:
        warnings.append(warn("days_outside_report", count=sum(n for n, _ in past_end),
                             example=past_end[0][1], start=start.date(), end=end.date()))
    if relative:
        warnings.append(warn("relative_dates", start=start.date()))
    frame = pd.concat(columns, axis=1)
    frame.index.name = "date"
    frame = frame.reset_index()
    frame["date"] = frame["date"].astype("datetime64[ns]")
    last_day = end.date() if end is not None and granularity == "week" else None
    return Extract(source=SOURCE, frame=frame, granularity=granularity, last_day=last_day,
                   warnings=warnings, check_order=False)


def _header_rows(rows: list[list[str]]) -> list[bool]:
    """For each row: a line of names, none a number (two or more names), i.e. the header of the
    next table. All the block's cells go through :func:`to_number` at once (one call per row
    made a 20,000-row report take minutes)."""
    cells = [(i, c) for i, row in enumerate(rows) for c in row if c.strip()]
    if not cells:
        return [False] * len(rows)
    owner = pd.Series([i for i, _ in cells])
    numbers = to_number(pd.Series([c for _, c in cells], dtype="str"))
    names = (~numbers.notna().to_numpy()).astype(int)
    filled = owner.value_counts().reindex(range(len(rows)), fill_value=0).to_numpy()
    named = pd.Series(names).groupby(owner.to_numpy()).sum().reindex(range(len(rows)), fill_value=0).to_numpy()
    return [bool(f >= 2 and n == f) for f, n in zip(filled, named)]


def split_tables(blocks: list[Block]) -> list[Block]:
    """Tables written one after another with no blank line between them (the 2025 Reports
    snapshot): a row that is a header (names, no number) starts the next table. The ``#``
    comment blocks between them are split by :meth:`Sample.blocks` already."""
    out: list[Block] = []
    for block in blocks:
        current = Block(preamble=block.preamble, header=block.header, rows=[],
                        header_line=block.header_line)
        for row, is_header in zip(block.rows, _header_rows(block.rows)):
            if is_header:
                out.append(current)
                current = Block(preamble=[], header=[c.strip() for c in row], rows=[],
                                header_line=block.header_line)
            else:
                current.rows.append(row)
        out.append(current)
    return out


def _range_tables(raw: RawFile, blocks: list, start: pd.Timestamp | None,
                  end: pd.Timestamp | None) -> Extract:
    """Tables with no date dimension (event name × event count, page × views) are totals
    over the report's range: one period from the preamble's Start to End date, each metric
    from the first table that has it."""
    if start is None or end is None:
        raise UnrecognisedExportError(file=raw.name, what=Message("import.what.dates", {}),
                                      advice=Message("import.advice.ga4", {}))
    if start > end:
        raise DataFileError("import.error.backwards_range", file=raw.name,
                            text=f"{start.date()} – {end.date()}")
    totals: dict[str, float] = {}
    used: list[str] = []
    for block in blocks:
        table = block_frame(block.header, block.rows)
        resolved = SPEC.resolve(block.header)
        # Users counted per event or per page are not additive over the rows: only a
        # one-row table gives the range's users.
        fresh = {m: p for m, p in resolved.metrics.items() if m not in totals and p > 0
                 and (len(table) == 1 or not catalogue().kpi(m).unique)}
        if table.empty or not fresh:
            continue
        decimal = sniff_decimal(table[p].iloc[i] for p in fresh.values()
                                for i in range(min(len(table), 50)))
        first = table[0].astype("str").str.strip().str.casefold()
        rows = ~first.str.startswith(("total", "grand total", "tổng", "รวม", "جمع"))
        for metric, pos in fresh.items():
            totals[metric] = float(to_number(table.loc[rows, pos], decimal).sum(min_count=1))
        used.append(block.header[0])
    if not totals:
        raise UnrecognisedExportError(file=raw.name, what=Message("import.what.metrics", {}),
                                      advice=Message("import.advice.ga4", {}))
    frame = pd.DataFrame([totals])
    frame["date"] = pd.Timestamp(start).as_unit("ns")
    warnings = [warn("range_totals", start=start.date(), end=end.date())]
    return Extract(source=SOURCE, frame=frame, granularity="range", last_day=end.date(),
                   warnings=warnings, check_order=False)


def _single_report(raw: RawFile, sample: Sample) -> Extract:
    """The usual report: one table with a Date column, maybe a breakdown dimension (channel,
    campaign, source/medium): the first text column that is not a metric."""
    resolved = with_text_breakdown(SPEC.resolve(sample.header), sample)
    return parse_single(raw, sample, SPEC, SOURCE, resolved=resolved, blank_is_zero=False)


parse = parse_ga4
