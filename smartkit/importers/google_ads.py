"""Google Ads reports (Reports / Campaigns table → Download → CSV or Excel .xlsx).

What they look like: a report title line and a date-range line before the header
(``Campaign report`` / ``"January 1, 2024 - January 31, 2024"`` / ``All time``), quoted
thousands (``"3,063"``), percentages (``24.00%``), ``--`` and ``> 90%`` sentinels, several
``Total: ...`` summary rows at the bottom (the label in the first column), a ``Currency code``
column; a Spanish-locale account writes ``.`` thousands and ``,`` decimals (``"1.234,56"``).
Without a Day column each row is one campaign (or channel) over the whole range, read as one
period over the range of the title lines (``All time``: dates unknown). A report may have one
column per custom conversion action instead of one Conversions column: they are added up.

A Google Ads "click" is a click on the ad, which leads to the ad's link: it is stored both as
``clicks`` (what Google calls it) and as ``link_clicks``, so CTR and CPC compare like with like
with Meta's link clicks."""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from smartkit.errors import DataFileError
from smartkit.importers._result import Extract, warn
from smartkit.importers._single import header_hits, parse_single
from smartkit.importers._tables import ColumnSpec, norm_header, parse_date_strings
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
    campaign=("Campaign", "Campaña", "Chiến dịch", "แคมเปญ", "کمپین",
              # a channel report's rows: one per channel (network), kept as the breakdown
              "Channel", "Canal", "Kênh", "ช่องทาง", "کانال"),
    adset=("Ad group", "Grupo de anuncios", "Nhóm quảng cáo", "กลุ่มโฆษณา", "گروه تبلیغاتی"),
    currency=("Currency code", "Código de moneda", "Currency", "Mã đơn vị tiền tệ",
              "รหัสสกุลเงิน", "کد واحد پول"),
)

SIGNATURE = ("Impr.", "Conv. value", "Valor de conv.", "Avg. CPC", "CPC medio", "Currency code",
             "Código de moneda", "Interactions", "Interacciones", "Campaign status",
             "Estado de la campaña", "Cost / conv.", "Coste/conv.")


def detect(sample: Sample) -> float:
    """Google Ads if the header has its abbreviations (``Impr.``, ``Conv. value``,
    ``Avg. CPC``, ``Currency code``), or a Day column and columns named after conversion
    actions (``[site.vn] Register test ride_Conversions``)."""
    hits = header_hits(sample.header, SIGNATURE)
    if not hits:
        resolved = SPEC.resolve(sample.header)
        actions = [h for h in sample.header if _action_name(h)]
        return 0.7 if actions and "date" in resolved.roles else 0.0
    return min(1.0, 0.5 + 0.2 * hits)


_RANGE_SPLIT = re.compile(r"\s+[-–—]\s+|\s+to\s+|\s+al\s+|\s+a\s+")
ALL_TIME = ("all time", "todo el período", "todo el periodo", "toàn thời gian", "ตลอดเวลา",
            "تمام زمان", "همه زمان‌ها")


def title_range(raw: RawFile, preamble: list[str]) -> tuple[dt.date | None, dt.date | None] | None:
    """The range a report's title lines state: (first, last); (None, None) for "All time";
    None when no line says."""
    for line in preamble:
        text = line.strip().strip('",;\t').strip()
        if norm_header(text)[0] in ALL_TIME:
            return None, None
        parts = _RANGE_SPLIT.split(text)
        if len(parts) == 2:
            stamps = parse_date_strings([p.strip() for p in parts])
            if not pd.isna(stamps).any():
                first, last = (pd.Timestamp(s).date() for s in stamps)
                if first > last:
                    raise DataFileError("import.error.backwards_range", file=raw.name,
                                        text=text[:80])
                return first, last
    return None


# "Conversions" as a column of one conversion action ends (``<action>_Conversions``), in the
# languages Google Ads reports in; the header may be cut at a fixed width (``_Conversi``).
_ACTION_SUFFIXES = ("conversions", "conversiones", "conversões", "lượt chuyển đổi",
                    "chuyển đổi", "การแปลง", "تبدیل‌ها", "konversionen")
_NOT_A_COUNT = ("rate", "cost", "value", "valor", "tasa", "coste", "costo", "/", "%",
                "all conv", "view-through", "cross-device", "giá trị", "tỷ lệ", "chi phí",
                "มูลค่า", "ارزش")


def _action_name(header: str) -> str | None:
    """The conversion action a column counts (``[site.vn] Register test ride_Conversions`` →
    ``[site.vn] Register test ride``), or None. The part after the last ``_`` must be (the
    start of, at least 4 letters of) "Conversions" in a report language."""
    text = str(header).strip()
    action, underscore, suffix = text.rpartition("_")
    suffix = norm_header(suffix)[0]
    if not underscore or not action.strip() or len(suffix) < 4:
        return None
    if any(word.startswith(suffix) for word in _ACTION_SUFFIXES):
        return action.strip()
    return None


def _conversion_columns(header: list[str], resolved) -> list[int]:
    """Columns of custom conversion actions (``Lead form (Conversions)``,
    ``[site.vn] Register test ride_Conversions``), added up into conversions when the report
    has no plain Conversions column."""
    if "conversions" in resolved.metrics:
        return []
    picked = []
    for pos, name in enumerate(header):
        text = norm_header(name)[0]
        if _action_name(name) or (("conversion" in text or "conversión" in text
                                   or "conv." in text) and not any(w in text for w in _NOT_A_COUNT)):
            picked.append(pos)
    return picked


def action_label(header: str) -> str:
    """How a conversion column is named in the warning: its action, without the suffix."""
    name = _action_name(header)
    if name:
        return name
    return re.sub(r"\s*\((?:conversions?|conversiones)\)\s*$", "", str(header).strip(),
                  flags=re.IGNORECASE)


# Currencies written without decimals (Google Ads shows ₫ 1.234.567 or 1,234,567): a dot
# between digit groups there is a thousands mark, never a decimal.
ZERO_DECIMAL = frozenset({"VND", "JPY", "KRW", "IDR", "CLP", "PYG", "ISK", "HUF", "UGX", "XOF",
                          "XAF", "KHR", "LAK", "MMK"})
_DOT_GROUPS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def _decimal_mark(sample: Sample, resolved, columns: list[int]) -> str | None:
    """``","`` when the money is in a currency without decimals and the figures group their
    thousands with dots (``1.234.567``); None to sniff as for any file."""
    rows = sample.data_rows()
    currencies = set(resolved.currencies)
    if "currency" in resolved.roles:
        pos = resolved.roles["currency"]
        currencies |= {r[pos].strip().upper() for r in rows if pos < len(r)}
    if not currencies & ZERO_DECIMAL:
        return None
    cells = [r[p].strip() for r in rows for p in columns if p < len(r)]
    return "," if any(_DOT_GROUPS.match(c) for c in cells) else None


def parse_google_ads(raw: RawFile, sample: Sample) -> Extract:
    """Read a Google Ads report; ``--`` and empty cells are zeros, ``Total:`` rows dropped."""
    resolved = SPEC.resolve(sample.header)
    whole_range = None
    if "date" not in resolved.roles:
        whole_range = title_range(raw, sample.preamble)
        if whole_range is None:
            raise DataFileError("import.error.google_ads_no_range", file=raw.name)
    custom = _conversion_columns(sample.header, resolved)
    decimal = _decimal_mark(sample, resolved, [*resolved.metrics.values(), *custom])
    ex = parse_single(raw, sample, SPEC, SOURCE, resolved=resolved, blank_is_zero=True,
                      whole_range=whole_range, sum_into={"conversions": custom} if custom else None,
                      decimal=decimal)
    if custom:
        ex.labels["conversions"] = sample.header[custom[0]]
        if len(custom) > 1:
            ex.warnings.append(warn("conversion_actions_added", count=len(custom), actions="; ".join(
                action_label(sample.header[p]) for p in custom)))
    if "link_clicks" in ex.frame.columns:
        ex.frame["clicks"] = ex.frame["link_clicks"]
        ex.labels["clicks"] = ex.labels.get("link_clicks", "Clicks")
    if whole_range == (None, None):
        ex.warnings.append(warn("range_all_time"))
    elif whole_range is not None:
        ex.warnings.append(warn("range_totals", start=whole_range[0], end=whole_range[1]))
    return ex


parse = parse_google_ads
