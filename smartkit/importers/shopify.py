"""Shopify analytics exports (Analytics → Reports → e.g. "Sales over time" or "Sessions over
time" → Export → CSV for Excel / plain CSV).

What they look like: every cell quoted (``"2024-03-01"``), a ``Day`` column, money with two
decimals; when exported during the day, the last row is today so far: a partial day, reported
as a warning by :func:`smartkit.importers._result.finish`.
"""
from __future__ import annotations

from smartkit.importers._result import Extract
from smartkit.importers._single import header_hits, parse_single
from smartkit.importers._tables import ColumnSpec
from smartkit.importers._text import RawFile, Sample

SOURCE = "shopify"

COLUMN_MAP: dict[str, tuple[str, ...]] = {
    "purchases": ("Orders", "Pedidos", "Đơn hàng", "คำสั่งซื้อ", "سفارش‌ها", "orders"),
    "purchase_value": ("Total sales", "Ventas totales", "Tổng doanh số", "ยอดขายรวม",
                       "مجموع فروش", "total_sales"),
    "sessions": ("Sessions", "Online store sessions", "Sesiones", "Phiên", "เซสชัน",
                 "جلسه‌ها", "sessions"),
    "visitors": ("Online store visitors", "Visitors", "Visitantes de la tienda online",
                 "Visitantes", "Khách truy cập cửa hàng trực tuyến", "Khách truy cập",
                 "ผู้เยี่ยมชมร้านค้าออนไลน์", "ผู้เยี่ยมชม", "بازدیدکنندگان فروشگاه آنلاین",
                 "online_store_visitors"),
    "checkouts_initiated": ("Sessions that reached checkout", "Reached checkout",
                            "Sesiones que llegaron al pago", "Phiên đạt đến thanh toán",
                            "เซสชันที่ไปถึงการชำระเงิน", "sessions_that_reached_checkout"),
}

SPEC = ColumnSpec(
    metrics=COLUMN_MAP,
    date=("Day", "Día", "Ngày", "วัน", "روز", "Date", "day"),
    currency=("Currency", "Moneda", "Đơn vị tiền tệ", "สกุลเงิน", "واحد پول"),
)

SIGNATURE = ("Total sales", "Ventas totales", "Tổng doanh số", "ยอดขายรวม", "مجموع فروش",
             "Gross sales", "Ventas brutas", "Net sales", "Ventas netas", "Online store visitors",
             "Visitantes de la tienda online", "Sessions that reached checkout",
             "Sessions that completed checkout", "Returns", "Devoluciones", "total_sales",
             "gross_sales", "net_sales", "online_store_visitors")


def detect(sample: Sample) -> float:
    """Shopify if the header has its sales or store-visitor columns."""
    hits = header_hits(sample.header, SIGNATURE)
    if not hits:
        return 0.0
    return min(1.0, 0.5 + 0.15 * hits)


def parse_shopify(raw: RawFile, sample: Sample) -> Extract:
    """Read a Shopify report; empty cells are zeros (no orders that day)."""
    return parse_single(raw, sample, SPEC, SOURCE, blank_is_zero=True)


parse = parse_shopify
