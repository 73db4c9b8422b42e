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

import csv
import io
from functools import lru_cache

import numpy as np
import pandas as pd

from smartkit.errors import UnrecognisedExportError
from smartkit.i18n import Message
from smartkit.importers._result import Extract, warn
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


@lru_cache(maxsize=1024)
def title_metric(title: str) -> str | None:
    """The catalogue id a section title names, or None (cached: a file of many short
    sections repeats a handful of titles thousands of times)."""
    text = norm_header(title)[0]
    for metric, keywords in _FOLDED_KEYWORDS:
        if any(k in text for k in keywords):
            return metric
    return None


_FOLDED_KEYWORDS = tuple((metric, tuple(k.casefold() for k in keywords))
                         for metric, keywords in COLUMN_MAP.items())


@lru_cache(maxsize=1024)
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


Sections = tuple[list[tuple[str, str]], list[str], "np.ndarray | list[int]", "np.ndarray | list[str]",
                 "np.ndarray | list[str]"]


def _title_of(preamble: list[str]) -> str:
    titles = [ln.strip().strip('"').strip() for ln in preamble
              if ln.strip() and not ln.strip().strip('"').lower().startswith("sep=")]
    return titles[-1] if titles else ""


def _sections(sample: Sample) -> Sections:
    """(platform, metric) of each kept section, the titles skipped, and per data row its
    section, date cell and value cell: any layout :meth:`Sample.blocks` splits."""
    skipped: list[str] = []
    keys: list[tuple[str, str]] = []
    section: list[int] = []
    firsts: list[str] = []
    seconds: list[str] = []
    for block in sample.blocks():
        title = _title_of(block.preamble)
        metric = title_metric(title)
        if metric is None:
            skipped.append(title or " / ".join(block.header))
            continue
        rows = [r for r in block.rows if any(c.strip() for c in r)]
        if not rows:
            continue
        section += [len(keys)] * len(rows)
        keys.append((_platform(title), metric))
        firsts += [r[0] if r else "" for r in rows]
        seconds += [r[1] if len(r) > 1 else "" for r in rows]
    return keys, skipped, section, firsts, seconds


def _sections_fast(raw: RawFile, sample: Sample) -> Sections | None:
    """The same as :func:`_sections` for the layout Business Suite writes (title line,
    ``Date, Primary`` header, rows, blank line; never more than two fields), read by the C
    parser in one pass: no Python loop over rows or sections. None when the file has another
    shape.

    A line is a header when its first cell names the date and its second the value; blank
    when both cells are empty (after quotes and separators); a title is the nearest line above
    a header that is neither. Each test runs once per *distinct* cell, and the first cells
    (mostly timestamps, thousands of them) are tested only on the lines whose second cell
    already passed: the header and blank lines, a few per section."""
    text = decode(raw.read_all(), sample.encoding)
    try:
        cells = pd.read_csv(io.BytesIO(text.encode("utf-8")), sep=sample.sep, header=None,
                            names=[0, 1], dtype=object, skip_blank_lines=False,
                            keep_default_na=False, na_filter=False, quotechar='"', engine="c")
    except Exception:  # noqa: BLE001 - a third field, a stray quote...: the general splitter
        return None
    del text
    first = cells[0].to_numpy(dtype=object)
    second = cells[1].to_numpy(dtype=object)
    strip = sample.sep + '" '

    second_codes, second_distinct = pd.factorize(second)
    header = _per_distinct(second_codes, second_distinct,
                           lambda u: norm_header(u)[0] in _PRIMARY_KEYS)
    filled = ~_per_distinct(second_codes, second_distinct, lambda u: not u.strip(strip))
    header[header] = _per_cell(first[header], lambda u: norm_header(u)[0] in _DATE_KEYS)
    starts = np.flatnonzero(header)
    if not len(starts):
        return None
    blank = ~filled
    blank[blank] = _per_cell(first[blank], lambda u: not u.strip(strip))
    owner = np.cumsum(header) - 1  # the section (header) a row follows; -1 before the first
    if (filled & (owner < 0)).any():
        return None  # a two-field row before any header: not the usual layout
    blanks_before = np.cumsum(blank)
    same_chunk = blanks_before == blanks_before[starts[np.maximum(owner, 0)]]
    data = (owner >= 0) & ~header & ~blank & same_chunk

    # The title of each section: the nearest line above its header, blank lines aside.
    lines = np.arange(len(first))
    last_filled = np.maximum.accumulate(np.where(blank, -1, lines))
    above = np.where(starts > 0, last_filled[np.maximum(starts - 1, 0)], -1)
    has_title = above >= 0
    has_title[has_title] = ~header[above[has_title]] & ~filled[above[has_title]]
    title_cells = np.where(has_title, first[np.maximum(above, 0)], "")
    title_codes, title_distinct = pd.factorize(title_cells)
    titles = [_title_of([str(t)]) if t else "" for t in title_distinct]
    metrics = [title_metric(t) for t in titles]
    known = np.array([m is not None for m in metrics], dtype=bool)[title_codes]
    skipped = [titles[title_codes[k]] or f"{first[starts[k]]} / {second[starts[k]]}"
               for k in np.flatnonzero(~known)]  # usually none
    named = np.flatnonzero(known)
    kept = np.full(len(starts), -1, dtype=np.int64)
    kept[named] = np.arange(len(named))
    keys = [(_platform(titles[c]), metrics[c]) for c in title_codes[named]]
    section = kept[np.maximum(owner, 0)]
    data &= section >= 0
    return keys, skipped, section[data], first[data], second[data]


_DATE_KEYS = frozenset(norm_header(h)[0] for h in DATE_HEADERS)
_PRIMARY_KEYS = frozenset(norm_header(h)[0] for h in PRIMARY_HEADERS)


def _per_distinct(codes: np.ndarray, uniques, test) -> np.ndarray:
    """``test`` of each distinct cell that does not start with a digit (a timestamp or a
    value is never a header, a title or blank), spread back over the rows."""
    distinct = pd.Series(uniques, dtype="str")
    verdicts = np.zeros(len(distinct) + 1, dtype=bool)  # code -1 (never: no NaN) → False
    for i in np.flatnonzero(~distinct.str.match(r"\s*\d").to_numpy(dtype=bool, na_value=False)):
        verdicts[i] = test(distinct.iloc[i])
    return verdicts[codes]


def _per_cell(cells: np.ndarray, test) -> np.ndarray:
    """:func:`_per_distinct` of a few cells (the lines of one kind, a handful per section)."""
    if not len(cells):
        return np.zeros(0, dtype=bool)
    codes, uniques = pd.factorize(cells)
    return _per_distinct(codes, uniques, test)


def _numbers(cells) -> np.ndarray:
    """Value cells to floats, each distinct cell converted once (a section's values repeat:
    a 50,000-row file holds a few hundred distinct counts)."""
    codes, uniques = pd.factorize(np.asarray(cells, dtype=object))
    values = to_number(pd.Series(uniques, dtype=object)).to_numpy(dtype="float64", na_value=np.nan)
    return np.where(codes >= 0, values[np.maximum(codes, 0)], np.nan)


def parse_business_suite(raw: RawFile, sample: Sample) -> Extract:
    """Read every section; sections of one platform are joined by date, platforms stacked.

    The cells of all sections are parsed together, in one pass (a section is often a few
    dozen rows, and parsing each on its own costs milliseconds of fixed overhead: a file of
    many short sections took 0.2 ms a row). A metric that appears in several sections of
    one platform (an export pasted after another) keeps the first section's value for a
    date both have, and a warning says how many rows were dropped."""
    if is_content_export(sample.header):
        return parse_content(raw, sample)
    sections = _sections_fast(raw, sample)
    if sections is None:  # an unusual layout: the general block splitter
        sections = _sections(sample.whole(raw))
    keys, skipped, section, firsts, seconds = sections
    warnings: list[Message] = []
    if not keys:
        raise UnrecognisedExportError(file=raw.name, what=Message("import.what.metrics", {}),
                                      advice=Message("import.advice.business_suite", {}))
    if skipped:
        warnings.append(warn("sections_skipped", sections=", ".join(skipped)))
    dates = to_dates(pd.Series(firsts, dtype=object))
    warnings += date_notes(dates)
    section = np.asarray(section, dtype=np.int64)
    values = _numbers(seconds)
    frame = _joined(keys, section, dates.to_numpy("datetime64[ns]"), values)
    if frame is None:  # a day twice in a section or a metric twice on a platform
        frame = _joined_with_duplicates(keys, section, dates, values, warnings)
    return Extract(source=SOURCE, frame=frame, warnings=warnings, check_order=False)


def _joined(keys: list[tuple[str, str]], section: np.ndarray, dates: np.ndarray,
            values: np.ndarray) -> pd.DataFrame | None:
    """One row per platform and day (platforms in file order, then days), one column per
    metric (sorted by id): the sections' rows placed by integer keys, no sort or group of
    the rows. None when a key repeats (a day twice in a section, a metric in two sections of
    one platform that share a day): :func:`_joined_with_duplicates` then adds and warns."""
    ok = ~np.isnat(dates) & ~np.isnan(values)
    section, dates, values = section[ok], dates[ok], values[ok]
    if not len(section):
        return None
    day, days = pd.factorize(dates.view("i8"), sort=True)
    platforms = list(dict.fromkeys(p for p, _ in keys))
    platform_of = np.array([platforms.index(p) for p, _ in keys], dtype=np.int64)
    metrics = sorted({keys[s][1] for s in pd.unique(section)})
    column_of = np.array([metrics.index(m) if m in metrics else -1 for _, m in keys],
                         dtype=np.int64)
    n = len(days)
    place = platform_of[section] * n + day  # (platform, day), in the order of the result
    column = column_of[section]
    if pd.Series(place * len(metrics) + column).duplicated().any():
        return None
    rows, row = pd.factorize(place, sort=True)
    table = np.full((len(row), len(metrics)), np.nan)
    table[rows, column] = values + 0.0  # as a sum would give: -0.0 reads 0.0
    out = {"campaign": pd.Series(np.array(platforms, dtype=object)[row // n], dtype="str"),
           "date": pd.Series(np.asarray(days, dtype=np.int64)[row % n].view("datetime64[ns]"))}
    out.update({m: table[:, j] for j, m in enumerate(metrics)})
    return pd.DataFrame(out)


def _joined_with_duplicates(keys: list[tuple[str, str]], section: np.ndarray, dates: pd.Series,
                            values: np.ndarray, warnings: list[Message]) -> pd.DataFrame:
    """:func:`_joined` for a file with repeated days: a day twice in one section is summed;
    a metric in several sections of one platform keeps the first section's value."""
    table = pd.DataFrame({"section": section, "date": dates, "value": values})
    table = table.loc[table["date"].notna() & table["value"].notna()]
    repeated = table.duplicated(["section", "date"])
    if repeated.any():  # a day twice in one section: summed, as before
        days = table.loc[repeated, "date"]
        warnings.append(warn("duplicate_days", count=int(days.nunique()), first=days.min().date(),
                             dropped=0))
    series = table.groupby(["section", "date"], sort=True)["value"].sum(min_count=1).reset_index()
    of_section = series["section"].to_numpy()
    series["platform"] = np.array([k[0] for k in keys], dtype=object)[of_section]
    series["metric"] = np.array([k[1] for k in keys], dtype=object)[of_section]
    again = series.duplicated(["platform", "metric", "date"], keep="first")  # first section wins
    if again.any():
        days = series.loc[again, "date"]
        warnings.append(warn("duplicate_days", count=int(days.nunique()), first=days.min().date(),
                             dropped=int(again.sum())))
        series = series.loc[~again]
    frame = series.set_index(["platform", "date", "metric"])["value"].unstack("metric")
    frame.columns.name = None
    order = {platform: i for i, platform in enumerate(dict.fromkeys(p for p, _ in keys))}
    frame = frame.reset_index().rename(columns={"platform": "campaign"})
    frame = frame.iloc[np.lexsort((frame["date"].to_numpy(),
                                   frame["campaign"].map(order).to_numpy()))]
    frame = frame.reset_index(drop=True)
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    frame["campaign"] = frame["campaign"].astype("str")
    return frame


parse = parse_business_suite
