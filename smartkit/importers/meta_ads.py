"""Meta Ads Manager exports (Reports → Export table data, CSV or XLSX).

What they look like: campaign, ad set or ad level; either daily rows (a ``Day`` column, or
``Reporting starts`` = ``Reporting ends``) or one row per object over the whole reporting
range; several rows per day; money columns carrying the currency in the header
(``Amount spent (AUD)``, ``Importe gastado (COP)``) or a ``Currency`` column; an optional
summary row with no campaign name; empty cells for "nothing happened" (0); ``-`` in the
ranking columns; custom conversion columns; sometimes the same column twice. Headers come in
the ad account's language, and accounts opened before 2020 still export Title-Case names.
"""
from __future__ import annotations

from smartkit.importers._result import Extract
from smartkit.importers._single import header_hits, parse_single
from smartkit.importers._tables import ColumnSpec
from smartkit.importers._text import RawFile, Sample

SOURCE = "meta_ads_manager"

# Catalogue id → headers (en, es, vi, th, fa, and the older Title-Case English names).
COLUMN_MAP: dict[str, tuple[str, ...]] = {
    "impressions": ("Impressions", "Impresiones", "Lượt hiển thị", "การแสดงผล", "อิมเพรสชัน",
                    "อิมเพรสชั่น", "نمایش‌ها", "تعداد نمایش"),
    "reach": ("Reach", "Alcance", "Người tiếp cận", "Lượt tiếp cận", "การเข้าถึง", "دسترسی"),
    "spend": ("Amount spent", "Importe gastado", "Số tiền đã chi tiêu", "จำนวนเงินที่ใช้จ่ายไป",
              "มูลค่าที่ใช้จ่ายไป", "مبلغ هزینه‌شده", "مبلغ خرج‌شده", "Amount Spent"),
    "link_clicks": ("Link clicks", "Clics en el enlace", "Lượt click vào liên kết",
                    "การคลิกลิงก์", "کلیک‌های پیوند", "کلیک روی پیوند", "Link Clicks"),
    "clicks": ("Clicks (all)", "Clics (todos)", "Lượt click (tất cả)", "การคลิก (ทั้งหมด)",
               "کلیک‌ها (همه)", "Clicks (All)"),
    "results": ("Results", "Resultados", "Kết quả", "ผลลัพธ์", "نتایج"),
    "landing_page_views": ("Landing page views", "Visitas a la página de destino",
                           "Lượt xem trang đích", "การดูหน้า Landing Page", "การดูแลนดิ้งเพจ",
                           "بازدیدهای صفحه فرود", "Website Landing Page Views",
                           "Landing Page Views"),
    "purchases": ("Purchases", "Website purchases", "Compras", "Compras en el sitio web",
                  "Lượt mua", "Lượt mua trên trang web", "การซื้อ", "การซื้อบนเว็บไซต์",
                  "خریدها", "خرید", "Website Purchases"),
    "purchase_value": ("Purchases conversion value", "Website purchases conversion value",
                       "Valor de conversión de compras", "Giá trị chuyển đổi mua hàng",
                       "มูลค่า Conversion ของการซื้อ", "ارزش تبدیل خریدها",
                       "Website Purchases Conversion Value", "Purchase conversion value"),
    "checkouts_initiated": ("Checkouts initiated", "Website checkouts initiated",
                            "Pagos iniciados", "Lượt bắt đầu thanh toán", "การเริ่มชำระเงิน",
                            "پرداخت‌های آغازشده", "Website Checkouts Initiated"),
    "leads": ("Leads", "Clientes potenciales", "Khách hàng tiềm năng", "ลีด", "سرنخ‌ها",
              "Website Leads"),
    "messages": ("Messaging conversations started", "Conversaciones con mensajes iniciadas",
                 "Lượt bắt đầu cuộc trò chuyện qua tin nhắn", "การเริ่มการสนทนาทางข้อความ",
                 "گفتگوهای پیامی آغازشده"),
    "video_views": ("ThruPlays", "Thruplays", "Reproducciones de ThruPlay", "Lượt ThruPlay",
                    "ThruPlay", "3-second video plays", "Video plays"),
    "likes": ("Post reactions", "Reacciones a la publicación", "Cảm xúc về bài viết",
              "ความรู้สึกต่อโพสต์", "واکنش‌های پست"),
    "comments": ("Post comments", "Comentarios de la publicación", "Bình luận về bài viết",
                 "ความคิดเห็นในโพสต์", "نظرات پست"),
    "shares": ("Post shares", "Veces que se compartió la publicación", "Lượt chia sẻ bài viết",
               "การแชร์โพสต์", "اشتراک‌گذاری‌های پست"),
}

SPEC = ColumnSpec(
    metrics=COLUMN_MAP,
    date=("Day", "Día", "Ngày", "วัน", "روز", "Date", "Fecha"),
    range_start=("Reporting starts", "Inicio del informe", "Bắt đầu báo cáo",
                 "การเริ่มต้นการรายงาน", "เริ่มการรายงาน", "شروع گزارش", "Reporting Starts"),
    range_end=("Reporting ends", "Fin del informe", "Kết thúc báo cáo", "การสิ้นสุดการรายงาน",
               "สิ้นสุดการรายงาน", "پایان گزارش", "Reporting Ends"),
    campaign=("Campaign name", "Nombre de la campaña", "Tên chiến dịch", "ชื่อแคมเปญ",
              "نام کمپین", "Campaign Name"),
    adset=("Ad set name", "Nombre del conjunto de anuncios", "Tên nhóm quảng cáo",
           "ชื่อชุดโฆษณา", "نام مجموعه آگهی", "Ad Set Name"),
    ad=("Ad name", "Nombre del anuncio", "Tên quảng cáo", "ชื่อโฆษณา", "نام آگهی", "Ad Name"),
    currency=("Currency", "Moneda", "Đơn vị tiền tệ", "Tiền tệ", "สกุลเงิน", "واحد پول"),
)

# Headers only Ads Manager writes: they tell it apart from other tables with "Impressions".
SIGNATURE = (*SPEC.range_start, *SPEC.range_end, *SPEC.adset, *COLUMN_MAP["spend"],
             "Result indicator", "Indicador de resultado", "Attribution setting",
             "Configuración de atribución", "Ad delivery", "Campaign delivery",
             "Entrega de la campaña", "Quality ranking", "Frequency", "Frecuencia", "Tần suất",
             "ความถี่", "تکرار", "Cost per result", "Cost per results", "Coste por resultado")


def detect(sample: Sample) -> float:
    """Ads Manager if the header has its own columns (reporting range, ad set, amount
    spent, result indicator...) together with Meta metric names."""
    hits = header_hits(sample.header, SIGNATURE)
    if not hits:
        return 0.0
    return min(1.0, 0.4 + 0.2 * hits + 0.1 * len(SPEC.resolve(sample.header).metrics))


def parse_meta_ads(raw: RawFile, sample: Sample) -> Extract:
    """Read an Ads Manager export; empty cells are zeros (see :func:`parse_single`)."""
    return parse_single(raw, sample, SPEC, SOURCE, blank_is_zero=True)


parse = parse_meta_ads
