"""YouTube Studio analytics exports (Studio → Analytics → Advanced mode → Export current
view → Comma-separated values: a zip with ``Chart data.csv``, ``Table data.csv`` and
``Totals.csv``).

What they look like: ``Totals.csv`` has a ``Date`` column (``2022-01-31`` or ``1/31/2022``)
and the chosen metrics (Views, Subscribers...); ``Chart data.csv`` has ``Date``, a breakdown
column (Subscription status, Traffic source, Content...) and the metric, rows grouped by the
breakdown value rather than by date. The breakdown becomes the campaign breakdown and the
daily table adds its values up. ``Subscribers`` is the daily net change (gained − lost):
``net_followers``; views are ``video_views``.
"""
from __future__ import annotations

from smartkit.importers._result import Extract
from smartkit.importers._single import header_hits, parse_single, with_text_breakdown
from smartkit.importers._tables import ColumnSpec, norm_header
from smartkit.importers._text import RawFile, Sample

SOURCE = "youtube_studio"

COLUMN_MAP: dict[str, tuple[str, ...]] = {
    "video_views": ("Views", "Vistas", "Visualizaciones", "Lượt xem", "การดู", "ยอดดู",
                    "بازدیدها", "Vues", "Aufrufe", "Visualizações"),
    "net_followers": ("Subscribers", "Suscriptores", "Người đăng ký", "ผู้ติดตาม", "مشترکان",
                      "Abonnés", "Abonnenten", "Inscritos"),
    "new_followers": ("Subscribers gained", "Suscriptores obtenidos", "Số người đăng ký mới",
                      "ผู้ติดตามที่ได้รับ", "Abonnés gagnés", "Inscritos ganhos"),
    "lost_followers": ("Subscribers lost", "Suscriptores perdidos", "Số người hủy đăng ký",
                       "ผู้ติดตามที่เสียไป", "Abonnés perdus", "Inscritos perdidos"),
    "impressions": ("Impressions", "Impresiones", "Số lượt hiển thị", "การแสดงผล", "نمایش‌ها"),
    "likes": ("Likes", "Me gusta", "Lượt thích", "การกดถูกใจ", "Mentions J'aime"),
    "comments": ("Comments added", "Comentarios añadidos", "Bình luận đã thêm",
                 "ความคิดเห็นที่เพิ่ม"),
    "shares": ("Shares", "Veces compartido", "Lượt chia sẻ", "การแชร์", "Partages"),
}
SPEC = ColumnSpec(metrics=COLUMN_MAP, date=("Date", "Fecha", "Ngày", "วันที่", "تاریخ", "Datum"))

# Columns only YouTube Studio writes: breakdowns of Chart data and its own metrics.
SIGNATURE = ("Subscription status", "Estado de la suscripción", "Trạng thái đăng ký",
             "สถานะการติดตาม", "Traffic source", "Fuente de tráfico", "Nguồn lưu lượng truy cập",
             "Watch time (hours)", "Tiempo de visualización (horas)", "Thời gian xem (giờ)",
             "Average view duration", "Duración media de las visualizaciones",
             "Impressions click-through rate (%)", "Subscribers", "Suscriptores",
             "Subscribers gained", "Subscribers lost", "Content", "Contenido", "Video title",
             "Título del video", "Playback location", "Device type", "Viewer age",
             "Viewer gender", "Geography", "Estimated revenue (USD)", "Unique viewers")
OWN_METRICS = ("Views", "Subscribers", "Watch time (hours)", "Vistas", "Suscriptores")


def detect(sample: Sample) -> float:
    """YouTube Studio if the header has Views (or Subscribers) and a column only Studio
    writes; a bare ``Date, Views`` table (``Totals.csv``) scores just above the threshold."""
    header = [norm_header(h)[0] for h in sample.header]
    if not header or header[0] not in {norm_header(h)[0] for h in SPEC.date}:
        return 0.0
    own = header_hits(sample.header, OWN_METRICS)
    if not own:
        return 0.0
    hits = header_hits(sample.header, SIGNATURE)
    if hits:
        return min(1.0, 0.6 + 0.15 * hits)
    return 0.55 if len(header) <= 3 else 0.0


def parse_youtube_studio(raw: RawFile, sample: Sample) -> Extract:
    """Read Totals or Chart data; a text column (the breakdown) becomes the campaign."""
    resolved = with_text_breakdown(SPEC.resolve(sample.header), sample)
    return parse_single(raw, sample, SPEC, SOURCE, resolved=resolved, blank_is_zero=False)


parse = parse_youtube_studio
