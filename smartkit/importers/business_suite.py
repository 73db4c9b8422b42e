"""Meta Business Suite insights exports (Insights → Results / Audience → Export data → CSV).

What they look like, byte for byte: UTF-16 with a BOM; a ``sep=,`` first line (an Excel
directive); a quoted title line naming the metric (``"Facebook reach"``); a ``"Date","Primary"``
header; timestamps of local midnight (``2024-03-31T00:00:00``) whose hour reads 23:00 or 01:00
around a DST change; several sections in one file (Facebook, then Instagram), separated by a
blank line. Re-saved by Excel they become tab- or ``;``-separated and lose the ``sep=`` line.

The metric of a section comes from its title; the platform (Facebook/Instagram) becomes the
breakdown, so the daily table adds both platforms and the breakdown keeps them apart.

The *content* export (Insights → Content → Export, one row per post) is different: UTF-8,
``Post ID, ..., Description, ..., Publish time, Permalink, Post type, ..., Date, Views, Reach,
Likes, Shares, Follows, Comments, Saves``, where ``Date`` reads ``Lifetime`` (each post's
figures since it was published) and descriptions are quoted multi-line text with emoji. It
is read as one period over the posts' publish days, not as a daily history.
"""
from __future__ import annotations

import pandas as pd

from smartkit.errors import UnrecognisedExportError
from smartkit.i18n import Message
from smartkit.importers._result import Extract, warn
import csv
import io

from smartkit.importers._single import date_notes, header_hits, no_metrics
from smartkit.importers._tables import ColumnSpec, block_frame, norm_header, to_dates, to_number
from smartkit.importers._text import RawFile, Sample, decode

SOURCE = "meta_business_suite"

# Section title keywords → catalogue id, tried in order (the more specific first: "profile
# visits" before "visits", "unfollows" before "follows"). en, es, vi, th, fa.
COLUMN_MAP: dict[str, tuple[str, ...]] = {
    "lost_followers": ("unfollow", "dejaron de seguir", "bỏ theo dõi", "เลิกติดตาม", "لغو دنبال"),
    "profile_views": ("profile visits", "visitas al perfil", "lượt truy cập trang cá nhân",
                      "การเยี่ยมชมโปรไฟล์", "بازدید از نمایه", "بازدیدهای نمایه"),
    "page_visits": ("visit", "visitas", "lượt truy cập", "การเยี่ยมชม", "بازدید"),
    "new_followers": ("follow", "seguidores", "seguimientos", "người theo dõi", "lượt theo dõi",
                      "ผู้ติดตาม", "การติดตาม", "دنبال"),
    "reach": ("reach", "alcance", "tiếp cận", "การเข้าถึง", "دسترسی"),
    "link_clicks": ("link clicks", "clics en el enlace", "lượt click vào liên kết",
                    "การคลิกลิงก์", "کلیک‌های پیوند", "کلیک روی پیوند"),
    "messages": ("messag", "mensaj", "tin nhắn", "ข้อความ", "پیام"),
    "impressions": ("views", "impressions", "visualizaciones", "impresiones", "lượt xem",
                    "lượt hiển thị", "ยอดดู", "การแสดงผล", "نمایش"),
}
DATE_HEADERS = ("Date", "Fecha", "Ngày", "วันที่", "تاریخ")
PRIMARY_HEADERS = ("Primary", "Principal", "Chính", "หลัก", "اصلی")
PLATFORMS = ("Facebook", "Instagram", "Messenger", "WhatsApp", "Threads")


# The post-level content export (Instagram and Facebook).
CONTENT_SPEC = ColumnSpec(
    metrics={
        "video_views": ("Views", "Visualizaciones", "Lượt xem", "ยอดดู", "بازدیدها"),
        "reach": ("Reach", "Alcance", "Lượt tiếp cận", "การเข้าถึง", "دسترسی"),
        "likes": ("Likes", "Reactions", "Me gusta", "Reacciones", "Lượt thích", "Cảm xúc",
                  "ถูกใจ", "ความรู้สึก", "لایک‌ها", "واکنش‌ها"),
        "shares": ("Shares", "Veces compartido", "Lượt chia sẻ", "การแชร์", "اشتراک‌گذاری‌ها"),
        "new_followers": ("Follows", "Seguimientos", "Lượt theo dõi", "การติดตาม", "دنبال‌کردن‌ها"),
        "comments": ("Comments", "Comentarios", "Bình luận", "ความคิดเห็น", "نظرات"),
        "saves": ("Saves", "Guardados", "Lượt lưu", "การบันทึก", "ذخیره‌ها"),
    },
    date=("Publish time", "Hora de publicación", "Thời gian đăng", "เวลาที่เผยแพร่",
          "زمان انتشار"),
)
CONTENT_SIGNATURE = ("Post ID", "Identificador de la publicación", "ID bài viết", "Permalink",
                     "Enlace permanente", "Post type", "Tipo de publicación", "Account username",
                     *CONTENT_SPEC.date)


def is_content_export(header: list[str]) -> bool:
    return header_hits(header, CONTENT_SIGNATURE) >= 2 and "date" in CONTENT_SPEC.resolve(header).roles


def detect(sample: Sample) -> float:
    """Business Suite if the header is ``Date, Primary`` (in any export language), or the
    post-level content export's (Post ID, Publish time, Permalink...)."""
    if is_content_export(sample.header):
        return 0.9
    header = [norm_header(h)[0] for h in sample.header]
    primary = {norm_header(h)[0] for h in PRIMARY_HEADERS}
    dates = {norm_header(h)[0] for h in DATE_HEADERS}
    if len(header) >= 2 and header[1] in primary:
        return 0.95 if header[0] in dates else 0.75
    return 0.0


def title_metric(title: str) -> str | None:
    """The catalogue id a section title names, or None."""
    text = norm_header(title)[0]
    for metric, keywords in COLUMN_MAP.items():
        if any(k.casefold() in text for k in keywords):
            return metric
    return None


def _platform(title: str) -> str:
    lower = title.casefold()
    return next((p for p in PLATFORMS if p.casefold() in lower), title.strip() or "?")


def parse_content(raw: RawFile, sample: Sample) -> Extract:
    """The post-level export as one period over the publish days: each post's lifetime
    figures added up (empty = 0). Read with the ``csv`` module: captions span lines."""
    text = decode(raw.read_all(), sample.encoding)
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=sample.sep, quotechar='"'):
            rows.append(row)
    except csv.Error:
        pass  # a quote left open by truncation: keep the posts read so far
    rows = [r for r in rows if any(c.strip() for c in r)]
    header = [h.strip() for h in rows[0]] if rows else []
    resolved = CONTENT_SPEC.resolve(header)
    if not resolved.metrics:
        raise no_metrics(raw, sample)
    table = block_frame(header, rows[1:])
    published = to_dates(table[resolved.roles["date"]])
    frame = pd.DataFrame({m: to_number(table[p]).fillna(0.0) for m, p in resolved.metrics.items()})
    valid = published.dropna()
    warnings = date_notes(published)
    if valid.empty:
        raise UnrecognisedExportError(file=raw.name, what=Message("import.what.dates", {}),
                                      advice=Message("import.advice.business_suite", {}))
    first, last = valid.min(), valid.max()
    frame = frame.loc[published.notna()]
    posts = len(frame)
    frame = frame.sum().to_frame().T  # one period: the posts are not days (nor duplicates)
    frame["date"] = first
    warnings.append(warn("posts_range", posts=posts, start=first.date(), end=last.date()))
    labels = {m: header[p] for m, p in resolved.metrics.items()}
    return Extract(source=SOURCE, frame=frame, granularity="range", last_day=last.date(),
                   warnings=warnings, labels=labels, check_order=False)


def parse_business_suite(raw: RawFile, sample: Sample) -> Extract:
    """Read every section; sections of one platform are joined by date, platforms stacked."""
    if is_content_export(sample.header):
        return parse_content(raw, sample)
    sample = sample.whole(raw)
    per_platform: dict[str, dict[str, pd.Series]] = {}
    skipped: list[str] = []
    warnings: list[Message] = []
    for block in sample.blocks():
        titles = [ln.strip().strip('"').strip() for ln in block.preamble
                  if ln.strip() and not ln.strip().strip('"').lower().startswith("sep=")]
        title = titles[-1] if titles else ""
        metric = title_metric(title)
        if metric is None:
            skipped.append(title or " / ".join(block.header))
            continue
        table = block_frame(block.header, block.rows)
        if table.empty:
            continue
        dates = to_dates(table[0])
        values = to_number(table[1]).where(dates.notna()).dropna()
        dates = dates[values.index]
        if dates.duplicated().any():
            warnings.append(warn("duplicate_days", count=int(dates[dates.duplicated()].nunique()),
                                 first=dates[dates.duplicated()].min().date(), dropped=0))
        series = values.groupby(dates.to_numpy()).sum(min_count=1)
        per_platform.setdefault(_platform(title), {}).setdefault(metric, series)
    if not per_platform:
        raise UnrecognisedExportError(file=raw.name, what=Message("import.what.metrics", {}),
                                      advice=Message("import.advice.business_suite", {}))
    if skipped:
        warnings.append(warn("sections_skipped", sections=", ".join(skipped)))
    frames = []
    for platform, metrics in per_platform.items():
        joined = pd.concat(metrics, axis=1)
        joined.index.name = "date"
        frames.append(joined.reset_index().assign(campaign=platform))
    frame = pd.concat(frames, ignore_index=True)
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    frame["campaign"] = frame["campaign"].astype("str")
    return Extract(source=SOURCE, frame=frame, warnings=warnings, check_order=False)


parse = parse_business_suite
