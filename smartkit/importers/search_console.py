"""Google Search Console performance exports (Performance → Search results → Export →
Download CSV: a zip whose ``Dates.csv`` is the daily table).

What it looks like: ``Date, Clicks, Impressions, CTR, Position``, headers in the account's
language (French ``Date, Clics, Impressions, CTR, Position``), ISO dates, newest first, CTR as
``0.25%``. When the chosen period runs past the data Search Console has processed (the last
two or three days), those days are written as zeros: they are left out with a warning. CTR and
average position are ratios and averages: never imported, never summed.
"""
from __future__ import annotations

import pandas as pd

from smartkit.importers._result import Extract, warn
from smartkit.importers._single import header_hits, parse_single
from smartkit.importers._tables import ColumnSpec, norm_header
from smartkit.importers._text import RawFile, Sample

SOURCE = "search_console"

COLUMN_MAP: dict[str, tuple[str, ...]] = {
    "clicks": ("Clicks", "Clics", "Klicks", "Cliques", "Clic", "Số lần nhấp", "Lượt nhấp",
               "จำนวนคลิก", "คลิก", "کلیک‌ها", "Kliknięcia", "Klikken"),
    "impressions": ("Impressions", "Impresiones", "Impressionen", "Impressões", "Impressioni",
                    "Số lần hiển thị", "การแสดงผล", "نمایش‌ها", "Wyświetlenia", "Vertoningen"),
}
DATE_HEADERS = ("Date", "Fecha", "Datum", "Data", "Ngày", "วันที่", "تاریخ", "Date (UTC)")
SPEC = ColumnSpec(metrics=COLUMN_MAP, date=DATE_HEADERS)
# The two columns no other export has together with clicks and impressions.
POSITION_HEADERS = ("Position", "Posición", "Posição", "Posizione", "Vị trí", "อันดับ",
                    "ตำแหน่ง", "موقعیت", "Pozycja", "Positie")


def detect(sample: Sample) -> float:
    """Search Console if the header is date, clicks, impressions, CTR and position."""
    header = [norm_header(h)[0] for h in sample.header]
    if "ctr" not in header or not header_hits(sample.header, POSITION_HEADERS):
        return 0.0
    return min(1.0, 0.5 + 0.15 * len(SPEC.resolve(sample.header).metrics) + 0.1 * ("date" in SPEC.resolve(sample.header).roles))


def parse_search_console(raw: RawFile, sample: Sample) -> Extract:
    """Read ``Dates.csv``; trailing days of zeros (not processed yet) are left out."""
    ex = parse_single(raw, sample, SPEC, SOURCE, blank_is_zero=False)
    metrics = [c for c in ex.frame.columns if c in COLUMN_MAP]
    daily = ex.frame.groupby("date")[metrics].sum(min_count=1).sort_index()
    zero = (daily.fillna(0) == 0).all(axis=1)
    trailing = 0
    for is_zero in reversed(zero.to_list()):
        if not is_zero:
            break
        trailing += 1
    if 0 < trailing < len(daily):
        cut = daily.index[-trailing]
        ex.frame = ex.frame.loc[ex.frame["date"] < cut]
        ex.warnings.append(warn("trailing_zero_days", count=trailing, first=pd.Timestamp(cut).date()))
    return ex


parse = parse_search_console
