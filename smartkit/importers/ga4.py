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

from smartkit.errors import DataFileError, UnrecognisedExportError
from smartkit.i18n import Message
from smartkit.importers._result import Extract, warn
from smartkit.importers._single import parse_single
from smartkit.importers._tables import (
    ColumnSpec,
    block_frame,
    norm_header,
    parse_date_strings,
    sniff_decimal,
    to_dates,
    to_number,
)
from smartkit.importers._text import RawFile, Sample, is_comment

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
    blocks = [b for b in sample.blocks() if b.header]
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
        raise UnrecognisedExportError(file=raw.name, what=Message("import.what.dates", {}),
                                      advice=Message("import.advice.ga4", {}))
    columns: dict[str, pd.Series] = {}
    relative = False
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
            dates = start + pd.to_timedelta(offsets * step, unit="D")
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
    if relative:
        warnings.append(warn("relative_dates", start=start.date()))
    frame = pd.concat(columns, axis=1)
    frame.index.name = "date"
    frame = frame.reset_index()
    frame["date"] = frame["date"].astype("datetime64[ns]")
    last_day = end.date() if end is not None and granularity == "week" else None
    return Extract(source=SOURCE, frame=frame, granularity=granularity, last_day=last_day,
                   warnings=warnings, check_order=False)


def _single_report(raw: RawFile, sample: Sample) -> Extract:
    """The usual report: one table with a Date column, maybe a breakdown dimension (channel,
    campaign, source/medium): the first text column that is not a metric."""
    resolved = SPEC.resolve(sample.header)
    rows = sample.data_rows(50)
    taken = set(resolved.metrics.values()) | set(resolved.roles.values())
    for pos in range(len(sample.header)):
        cells = [r[pos] for r in rows if pos < len(r) and r[pos].strip()]
        if pos not in taken and cells and to_number(pd.Series(cells, dtype="str")).isna().mean() > 0.5:
            resolved.roles["campaign"] = pos
            break
    return parse_single(raw, sample, SPEC, SOURCE, resolved=resolved, blank_is_zero=False)


parse = parse_ga4
