"""Google Business Profile performance exports (Business Profile Manager → select the
locations → Download → Performance report, CSV).

What it looks like: one row per location (``Store code, Business name, Address, Labels,
Overall rating``), then the figures over the chosen range: profile views split by Google
Search / Google Maps × mobile / desktop, Calls, Messages, Bookings, Directions, Website clicks.
The row under the header describes each column in words. There is no date column: the range
is only in the file's name as downloaded (``..._2025-7-1_2025-7-31.csv``). With it, the file is
one period over that range; without it, the marketer is asked to keep or restore the name.
"""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from smartkit.errors import DataFileError
from smartkit.importers._result import Extract, warn
from smartkit.importers._single import header_hits, no_metrics
from smartkit.importers._tables import block_frame, norm_header, to_number
from smartkit.importers._text import RawFile, Sample

SOURCE = "google_business_profile"

VIEW_COLUMNS = ("Google Search - Mobile", "Google Search - Desktop", "Google Maps - Mobile",
                "Google Maps - Desktop", "Búsqueda de Google - Móvil",
                "Búsqueda de Google - Ordenador", "Google Maps - Móvil", "Google Maps - Ordenador",
                "Google Tìm kiếm - Thiết bị di động", "Google Tìm kiếm - Máy tính",
                "Google Maps - Thiết bị di động", "Google Maps - Máy tính")
COLUMN_MAP: dict[str, tuple[str, ...]] = {
    "phone_clicks": ("Calls", "Llamadas", "Cuộc gọi", "การโทร", "تماس‌ها"),
    "messages": ("Messages", "Mensajes", "Tin nhắn", "ข้อความ", "پیام‌ها"),
    "direction_requests": ("Directions", "Cómo llegar", "Indicaciones", "Chỉ đường", "เส้นทาง",
                           "مسیریابی"),
    "link_clicks": ("Website clicks", "Clics en el sitio web", "Lượt nhấp vào trang web",
                    "การคลิกเว็บไซต์", "کلیک‌های وب‌سایت"),
}
NAME_HEADERS = ("Business name", "Nombre de la empresa", "Tên doanh nghiệp", "ชื่อธุรกิจ",
                "نام کسب‌وکار")
SIGNATURE = ("Store code", "Código de tienda", "Mã cửa hàng", "Overall rating", *NAME_HEADERS,
             *VIEW_COLUMNS[:4])
_RANGE_IN_NAME = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})_(\d{4})-(\d{1,2})-(\d{1,2})")


_PLACES = ("search", "maps", "búsqueda", "tìm kiếm", "ค้นหา", "جستجو")
_DEVICES = ("mobile", "desktop", "móvil", "ordenador", "computadora", "di động", "máy tính",
            "มือถือ", "เดสก์ท็อป", "موبایل", "دسکتاپ")


def is_view_column(header: str) -> bool:
    """"Google Search - Mobile", "Google Maps - Desktop", "Búsqueda de Google - Móvil"...:
    a place on Google and a device, whatever the exact wording."""
    text = norm_header(header)[0]
    return any(p in text for p in _PLACES) and any(d in text for d in _DEVICES)


def detect(sample: Sample) -> float:
    """Business Profile if the header has its store code / business name and view columns."""
    hits = header_hits(sample.header, SIGNATURE)
    if hits < 2:
        return 0.0
    return min(1.0, 0.5 + 0.1 * hits)


def range_in_name(name: str) -> tuple[dt.date, dt.date] | None:
    m = _RANGE_IN_NAME.search(name or "")
    if not m:
        return None
    try:
        first = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        last = dt.date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
    except ValueError:
        return None
    return (first, last) if first <= last else None


def parse_google_business_profile(raw: RawFile, sample: Sample) -> Extract:
    """Every location's figures over the range in the file name, one period; locations are
    the breakdown. Profile views are the four Search/Maps × mobile/desktop columns added up."""
    sample = sample.whole(raw)
    span = range_in_name(raw.name)
    if span is None:
        raise DataFileError("import.error.gbp_no_range", file=raw.name)
    header = sample.header
    names = {norm_header(h)[0]: i for i, h in reversed(list(enumerate(header)))}
    views = [pos for pos, h in enumerate(header) if is_view_column(h)]
    metrics = {m: names[norm_header(a)[0]] for m, aliases in COLUMN_MAP.items() for a in aliases
               if norm_header(a)[0] in names}
    if not views and not metrics:
        raise no_metrics(raw, sample)
    table = block_frame(header, sample.data_rows(100_000))
    columns: dict[str, pd.Series] = {m: to_number(table[p]) for m, p in metrics.items()}
    if views:
        columns["profile_views"] = pd.concat([to_number(table[p]) for p in views], axis=1).sum(
            axis=1, min_count=1)
    frame = pd.DataFrame(columns)
    # The description row (and any other row of words) has no number at all: not a location.
    frame = frame.loc[frame.notna().any(axis=1)].fillna(0.0)
    name_pos = next((names[norm_header(h)[0]] for h in NAME_HEADERS if norm_header(h)[0] in names), 0)
    frame["campaign"] = table.loc[frame.index, name_pos].astype("str")
    frame["date"] = pd.Timestamp(span[0])
    labels = {m: header[p] for m, p in metrics.items()}
    labels["profile_views"] = " + ".join(header[p] for p in views)
    return Extract(source=SOURCE, frame=frame, granularity="range", last_day=span[1],
                   warnings=[warn("range_from_filename", start=span[0], end=span[1])],
                   labels=labels, check_order=False)


parse = parse_google_business_profile
