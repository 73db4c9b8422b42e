"""The goal's download buttons (goal page and meeting mode): the one-page brief as PDF or PNG,
the brief in Markdown with its chart (ZIP), the chart as PNG, the daily KPI table (CSV) and the
goal file with its history (JSON).

Nothing is rendered on a rerun: each button's content is made when it is clicked, cached by
the goal's content (:func:`files`), and named by :func:`smartkit.reports.file_name`.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import pandas as pd
import streamlit as st

from smartkit.i18n import Lang, t
from smartkit.models import GoalDraft
from smartkit.reports import export_files, file_name
from smartkit.errors import SmartkitError
from ui import autosave, data, state, tracking
from ui.widgets import md

MIME = {"pdf": "application/pdf", "png": "image/png", "zip": "application/zip", "csv": "text/csv",
        "json": "application/json"}
PAPER_KEY = "ui.report_paper"


@st.cache_data(show_spinner=False, max_entries=24)
def files(form: str, draft_json: str, history_id: str | None, _history: pd.DataFrame | None, today: dt.date,
          lang: Lang, paper: str = "a4", workspace: str | None = None, view: str | None = None) -> dict[str, bytes]:
    """One form of the goal as ``{file name: bytes}`` (:func:`smartkit.reports.export_files`), from
    the goal's one assessment (the one its pages show)."""
    return export_files(GoalDraft.model_validate_json(draft_json), _history, form, lang=lang, paper=paper,
                        today=today, workspace=workspace, view=view,
                        assessment=data.goal_assessment(history_id, _history, draft_json, today, _context()))


def _context() -> tuple:
    """The session's stored goal's target changes and reviews (part of its assessment)."""
    gid = autosave.goal_id()
    try:
        return tracking.assessment_context(gid) if gid else ()
    except SmartkitError:
        return ()


def _one(form: str, *args) -> bytes:
    return next(iter(files(form, *args).values()))


def _zipped(*args) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files("md", *args).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def workspace() -> str | None:
    """The workspace (client) the goal belongs to in the library, when there is one."""
    key = getattr(state.Keys, "WORKSPACE", None)
    return st.session_state.get(key) if key else None


def buttons(lang: Lang, *, key: str, view: str | None = None, columns: int = 3) -> None:
    """The download buttons of the current goal (``key``: a prefix for the widget keys)."""
    draft, history, history_id, today = state.draft(), state.history(), state.history_id(), state.today()
    draft_json = state.draft_key()
    st.caption(md(t("ui.report.share_help", lang)))
    paper = st.segmented_control(t("ui.report.paper", lang), options=("a4", "letter"), default="a4",
                                 key=f"{key}.{PAPER_KEY}", format_func=lambda p: {"a4": "A4", "letter": "US Letter"}[p])
    paper = paper or "a4"
    args = (draft_json, history_id, history, today, lang, paper, workspace())
    items = [
        ("pdf", file_name(draft, "brief", today, "pdf"), "ui.report.download_brief_pdf", ":material/picture_as_pdf:",
         lambda: _one("pdf", *args)),
        ("png", file_name(draft, "brief", today, "png"), "ui.report.download_brief_png", ":material/description:",
         lambda: _one("png", *args)),
        ("zip", file_name(draft, "brief", today, "zip"), "ui.report.zip", ":material/article:",
         lambda: _zipped(*args)),
        ("png", file_name(draft, "chart", today, "png"), "ui.report.download_chart_png", ":material/image:",
         lambda: _one("chart", *args[:-2], "a4", None, view)),
        ("csv", file_name(draft, "kpi-table", today, "csv"), "ui.report.download_csv", ":material/table:",
         lambda: _one("csv", *args[:-2], "a4", None)),
        ("json", file_name(draft, "goal", today, "json"), "ui.report.download_json", ":material/download:",
         lambda: _one("json", *args[:-2], "a4", None)),
    ]
    cols = st.columns(columns)
    for i, (mime, name, label, icon, make) in enumerate(items):
        with cols[i % columns]:
            st.download_button(t(label, lang), data=make, file_name=name, mime=MIME[mime], icon=icon,
                               on_click="ignore", key=f"{key}.download.{i}", width="stretch")


def goal_file(lang: Lang) -> tuple[str, bytes]:
    """The goal file (with its history) and its name, for a single download elsewhere (sidebar)."""
    draft, today = state.draft(), state.today()
    content = _one("json", state.draft_key(), state.history_id(), state.history(), today, lang, "a4", None)
    return file_name(draft, "goal", today, "json"), content
