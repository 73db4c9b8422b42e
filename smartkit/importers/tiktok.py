"""TikTok analytics exports (TikTok Studio / Business Center → Analytics → Overview or
Followers → Download data, CSV or XLSX).

What they look like: a ``Date`` column written ``YYYY/MM/DD``, or with no year at all
(``April 12``, ``8 de marzo`` in a Spanish account: the year is inferred, see
:func:`smartkit.importers._tables.infer_years`), one row per day, ``NAN`` where TikTok has no
figure for a day (kept as missing, never turned into a zero day), headers with trailing spaces
(``"Phone number clicks "``). The full overview has Video views, Reached audience (reach: not
additive over days), Profile views, Likes, Shares, Comments, Phone number clicks, Leads
submission, Net growth, New followers and Lost followers. The ``FollowerHistory`` export has
``Date, Followers, Difference in followers from previous day``: the running count (which may
read ``undefined``) is the followers stock, the difference the daily net change. An XLSX
written by SheetJS stores every number as text; it reads like the CSV."""
from __future__ import annotations

import re

from smartkit.importers._result import Extract
from smartkit.importers._single import header_hits, parse_single
from smartkit.importers._tables import ColumnSpec
from smartkit.importers._text import RawFile, Sample

SOURCE = "tiktok"

COLUMN_MAP: dict[str, tuple[str, ...]] = {
    "video_views": ("Video Views", "Video views", "Visualizaciones de videos",
                    "Visualizaciones de vídeos", "Lượt xem video", "ยอดดูวิดีโอ",
                    "بازدیدهای ویدیو"),
    "profile_views": ("Profile Views", "Profile views", "Visualizaciones del perfil",
                      "Lượt xem hồ sơ", "ยอดดูโปรไฟล์", "بازدیدهای نمایه"),
    "likes": ("Likes", "Me gusta", "Lượt thích", "ถูกใจ", "ยอดถูกใจ", "لایک‌ها"),
    "comments": ("Comments", "Comentarios", "Bình luận", "ความคิดเห็น", "نظرات"),
    "shares": ("Shares", "Veces compartido", "Compartidos", "Lượt chia sẻ", "การแชร์",
               "اشتراک‌گذاری‌ها"),
    "reach": ("Reached audience", "Audiencia alcanzada", "Người xem được tiếp cận",
              "ผู้ชมที่เข้าถึง"),
    "phone_clicks": ("Phone number clicks", "Clics en el número de teléfono",
                     "Lượt nhấp vào số điện thoại", "การคลิกหมายเลขโทรศัพท์"),
    "leads": ("Leads submission", "Leads submissions", "Lead submissions",
              "Envíos de clientes potenciales", "Lượt gửi khách hàng tiềm năng", "การส่งลีด"),
    "net_followers": ("Net growth", "Difference in followers from previous day",
                      "Crecimiento neto", "Tăng trưởng ròng", "การเติบโตสุทธิ"),
    "new_followers": ("New followers", "Nuevos seguidores", "Người theo dõi mới",
                      "ผู้ติดตามใหม่"),
    "lost_followers": ("Lost followers", "Seguidores perdidos", "Người theo dõi đã mất",
                       "ผู้ติดตามที่เสียไป"),
    "followers": ("Followers", "Seguidores", "Người theo dõi", "ผู้ติดตาม"),
}

SPEC = ColumnSpec(metrics=COLUMN_MAP,
                  date=("Date", "Fecha", "Ngày", "วันที่", "تاریخ"))

SIGNATURE = (*COLUMN_MAP["video_views"], *COLUMN_MAP["profile_views"],
             "Difference in followers from previous day", *COLUMN_MAP["phone_clicks"],
             *COLUMN_MAP["leads"][:3], "Net growth")
_SLASH_DATE = re.compile(r"^\d{4}/\d{1,2}/\d{1,2}$")


def detect(sample: Sample) -> float:
    """TikTok if the header has its video and profile view columns; the ``YYYY/MM/DD`` dates
    and ``NAN`` cells add confidence."""
    hits = header_hits(sample.header, SIGNATURE)
    if not hits:
        return 0.0
    rows = sample.data_rows(20)
    slash = any(_SLASH_DATE.match(c.strip()) for row in rows for c in row[:1])
    nan = any(c.strip() == "NAN" for row in rows for c in row)
    return min(1.0, 0.45 + 0.25 * hits + 0.15 * slash + 0.1 * nan)


def parse_tiktok(raw: RawFile, sample: Sample) -> Extract:
    """Read a TikTok overview; ``NAN`` and empty cells stay missing."""
    return parse_single(raw, sample, SPEC, SOURCE, blank_is_zero=False)


parse = parse_tiktok
