"""Google Ads reports (Reports / Campaigns table → Download → CSV or Excel .xlsx).

What they look like: a report title line and a date-range line before the header
(``Campaign report`` / ``"January 1, 2024 - January 31, 2024"``), quoted thousands
(``"3,063"``), percentages (``24.00%``), ``--`` for "not applicable", ``Total: ...`` summary
rows at the bottom, a ``Currency code`` column; a Spanish-locale account writes ``.``
thousands and ``,`` decimals (``"1.234,56"``) in the same file.

A Google Ads "click" is a click on the ad's link, what Meta calls a *link* click: it maps to
``link_clicks`` so CTR and CPC compare like with like across the two platforms.
"""
from __future__ import annotations

from smartkit.importers._result import Extract
from smartkit.importers._single import header_hits, parse_single
from smartkit.importers._tables import ColumnSpec
from smartkit.importers._text import RawFile, Sample

SOURCE = "google_ads"

COLUMN_MAP: dict[str, tuple[str, ...]] = {
    "impressions": ("Impr.", "Impressions", "Impresiones", "Lượt hiển thị", "การแสดงผล",
                    "نمایش‌ها"),
    "link_clicks": ("Clicks", "Clics", "Lượt nhấp", "Số lượt nhấp", "คลิก", "การคลิก",
                    "کلیک‌ها"),
    "spend": ("Cost", "Coste", "Costo", "Chi phí", "ค่าใช้จ่าย", "هزینه"),
    "conversions": ("Conversions", "Conversiones", "Lượt chuyển đổi", "Chuyển đổi",
                    "Conversion", "การแปลง", "تبدیل‌ها"),
    "conversion_value": ("Conv. value", "Valor de conv.", "Giá trị chuyển đổi",
                         "Giá trị lượt chuyển đổi", "มูลค่า Conv.", "ارزش تبدیل",
                         "All conv. value"),
}

SPEC = ColumnSpec(
    metrics=COLUMN_MAP,
    date=("Day", "Día", "Ngày", "วัน", "روز", "Date"),
    campaign=("Campaign", "Campaña", "Chiến dịch", "แคมเปญ", "کمپین"),
    adset=("Ad group", "Grupo de anuncios", "Nhóm quảng cáo", "กลุ่มโฆษณา", "گروه تبلیغاتی"),
    currency=("Currency code", "Código de moneda", "Currency", "Mã đơn vị tiền tệ",
              "รหัสสกุลเงิน", "کد واحد پول"),
)

SIGNATURE = ("Impr.", "Conv. value", "Valor de conv.", "Avg. CPC", "CPC medio", "Currency code",
             "Código de moneda", "Interactions", "Interacciones", "Campaign status",
             "Estado de la campaña", "Cost / conv.", "Coste/conv.")


def detect(sample: Sample) -> float:
    """Google Ads if the header has its abbreviations (``Impr.``, ``Conv. value``,
    ``Avg. CPC``, ``Currency code``)."""
    hits = header_hits(sample.header, SIGNATURE)
    if not hits:
        return 0.0
    return min(1.0, 0.5 + 0.2 * hits)


def parse_google_ads(raw: RawFile, sample: Sample) -> Extract:
    """Read a Google Ads report; ``--`` and empty cells are zeros, ``Total:`` rows dropped."""
    return parse_single(raw, sample, SPEC, SOURCE, blank_is_zero=True)


parse = parse_google_ads
