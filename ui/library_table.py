"""The library page's table: one row of plain text per goal, and where an opened goal continues."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from smartkit.i18n import Lang, fmt_date, t
from ui import frame, state
from ui.widgets import kpi_text


PACE_STATUSES = ("on_track", "at_risk", "off_track")
SUMMARY_COLUMNS = ("name", "status", "kpi", "target", "deadline", "pacing", "review")


def summary_table(goals: list, lang: Lang, today: dt.date | None = None) -> pd.DataFrame:
    """One row per goal, every cell plain text in the language (formatted once per distinct value:
    a library of a thousand goals repeats its KPIs, statuses and dates)."""
    from functools import lru_cache
    from types import SimpleNamespace

    @lru_cache(maxsize=None)
    def text(key: str) -> str:
        return t(key, lang)

    @lru_cache(maxsize=None)
    def day(value: dt.date) -> str:
        return fmt_date(value, lang)

    @lru_cache(maxsize=None)
    def target(kpi: str | None, value: float | None) -> str:
        return kpi_text(SimpleNamespace(kpi=kpi, currency=None), value, lang)

    if len(_ROWS) > ROW_CACHE:
        _ROWS.clear()
    rows = []
    for g in goals:
        key = (lang, g.id, g.version, g.name, g.status, g.kpi, g.target, g.deadline, g.pacing, g.review_due,
               g.next_review)
        row = _ROWS.get(key)
        if row is None:
            row = _ROWS[key] = (
                g.name or text("library.unnamed"),
                text(f"library.status.{g.status}"),
                text(f"kpi.{g.kpi}.name") if g.kpi else "—",
                target(g.kpi, g.target),
                day(g.deadline) if g.deadline else "—",
                text(f"ui.pacing.{g.pacing}") if g.pacing in PACE_STATUSES else "—",
                text("library.review_due") if g.review_due else (day(g.next_review) if g.next_review else "—"),
            )
        rows.append(row)
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


def changed(when: dt.datetime, who: str | None, lang: Lang) -> str:
    """When the goal last changed, and who changed it (when known: a signed-in user); shown with
    the chosen goal (a column of its own would not fit the table on a laptop)."""
    day = fmt_date(when.date(), lang)
    return t("library.changed_by", lang, when=day, who=who) if who else day


# A row's cells, formatted once per language and summary (a rerun of a 1,000-goal library then
# formats only what changed); cleared when it grows past ROW_CACHE rows.
_ROWS: dict[tuple, tuple[str, ...]] = {}
ROW_CACHE = 50_000


# Pixel widths that fit the seven columns in a laptop's wide page (long names are cut, in full on hover).
COLUMN_WIDTHS = {"name": 175, "status": 75, "kpi": 130, "target": 65, "deadline": 115, "pacing": 90, "review": 125}


def summary_columns(lang: Lang) -> dict:
    return {c: st.column_config.TextColumn(t(f"library.column.{c}", lang), width=COLUMN_WIDTHS[c])
            for c in SUMMARY_COLUMNS}


def page_for(status: str) -> str:
    """Where an opened goal continues: tracking for a goal under way or over, else the first
    wizard step not done yet (the goal page when all are)."""
    if status in ("active", "achieved", "missed"):
        return frame.PAGE_FILES["track"]
    draft = state.draft()
    step = next((s for s in frame.STEPS if not frame.is_done(s, draft)), "goal")
    return frame.PAGE_FILES[step]
