"""X (Twitter) account analytics exports (analytics.x.com / Premium → Account overview →
Export data, CSV).

What it looks like: one row per day, newest first, ``Date`` written ``"Tue, Feb 18, 2025"``,
then Impressions, Likes, Engagements, Bookmarks, Shares, New follows, Unfollows, Replies,
Reposts, Profile visits, Create Post (posts published that day), Video views, Media views.
Engagements already include likes, replies, reposts...: it is kept as its own metric, never
added to them. The older Twitter "Tweet activity" daily export (``Tweets published``,
``retweets``, ``user profile clicks``, ``url clicks``, ``follows``...) reads the same way.
"""
from __future__ import annotations

from smartkit.importers._result import Extract
from smartkit.importers._single import header_hits, parse_single
from smartkit.importers._tables import ColumnSpec
from smartkit.importers._text import RawFile, Sample

SOURCE = "x_analytics"

COLUMN_MAP: dict[str, tuple[str, ...]] = {
    "impressions": ("Impressions", "Impresiones", "Lượt hiển thị", "การแสดงผล"),
    "likes": ("Likes", "Me gusta", "Lượt thích", "การกดถูกใจ"),
    "engagements": ("Engagements", "Interacciones", "Lượt tương tác", "การมีส่วนร่วม"),
    "saves": ("Bookmarks", "Elementos guardados", "Dấu trang", "บุ๊กมาร์ก"),
    "shares": ("Shares", "Veces compartido", "Lượt chia sẻ", "การแชร์"),
    "new_followers": ("New follows", "Nuevos seguidores", "Lượt theo dõi mới", "การติดตามใหม่",
                      "follows"),
    "lost_followers": ("Unfollows", "Dejar de seguir", "Lượt bỏ theo dõi", "การเลิกติดตาม"),
    "comments": ("Replies", "Respuestas", "Trả lời", "การตอบกลับ"),
    "reposts": ("Reposts", "Reposts", "Retweets", "Lượt đăng lại", "การรีโพสต์"),
    "profile_views": ("Profile visits", "Visitas al perfil", "Lượt truy cập hồ sơ",
                      "การเยี่ยมชมโปรไฟล์", "user profile clicks"),
    "posts_published": ("Create Post", "Create post", "Crear post", "Tạo bài đăng", "สร้างโพสต์",
                        "Tweets published"),
    "link_clicks": ("url clicks",),
    "video_views": ("Video views", "Reproducciones de video", "Lượt xem video", "ยอดดูวิดีโอ"),
}
SPEC = ColumnSpec(metrics=COLUMN_MAP, date=("Date", "Fecha", "Ngày", "วันที่", "تاریخ"))
SIGNATURE = ("New follows", "Unfollows", "Create Post", "Bookmarks", "Reposts", "Media views",
             "Profile visits", "Nuevos seguidores", "Dejar de seguir", "Elementos guardados",
             # the older Twitter "Tweet activity" daily export (lower-case headers)
             "Tweets published", "retweets", "user profile clicks", "url clicks",
             "detail expands", "permalink clicks", "hashtag clicks", "media engagements")


def detect(sample: Sample) -> float:
    """X if the header has its follow/unfollow, bookmark, repost or Create Post columns."""
    hits = header_hits(sample.header, SIGNATURE)
    if hits < 2:
        return 0.0
    return min(1.0, 0.5 + 0.1 * hits)


def parse_x_analytics(raw: RawFile, sample: Sample) -> Extract:
    """Read the account overview; empty cells stay missing."""
    return parse_single(raw, sample, SPEC, SOURCE, blank_is_zero=False)


parse = parse_x_analytics
