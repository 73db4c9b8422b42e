"""Everything heavy, cached with ``st.cache_data``: arguments are widget values, file bytes or
content hashes (``history_id``); the history table itself is passed unhashed (``_history``)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from smartkit import charts
from smartkit.demos import load_demo
from smartkit.i18n import Lang
from smartkit.models import GoalDraft


@st.cache_data(show_spinner=False, max_entries=16)
def demo(demo_id: str, today: dt.date, lang: str = "en") -> tuple[str, pd.DataFrame]:
    """A demo's draft (as JSON, its texts in ``lang``) and its history, anchored on ``today``."""
    loaded = load_demo(demo_id, today, lang)
    return loaded.draft.model_dump_json(), loaded.history


@st.cache_data(show_spinner=False, max_entries=32)
def parse_export(data: bytes, filename: str, mapping_json: str | None = None):
    """One export read by the importer (DataFileError propagates to the page)."""
    from smartkit.importers import ColumnMapping, read_export

    mapping = ColumnMapping.model_validate_json(mapping_json) if mapping_json else None
    return read_export(data, filename=filename, mapping=mapping)


@st.cache_data(show_spinner=False, max_entries=32)
def columns_of(data: bytes, filename: str) -> tuple[list[str], pd.DataFrame]:
    from smartkit.importers import candidate_columns

    headers, preview = candidate_columns(data, filename)
    return list(headers), preview


@st.cache_data(show_spinner=False, max_entries=64)
def baseline(history_id: str, _history: pd.DataFrame, kpi: str, window_days: int,
             anchor: float | None, today: dt.date):
    from smartkit.analysis.baseline import compute_baseline

    return compute_baseline(_history, kpi, window_days=window_days, anchor=anchor, today=today)


@st.cache_data(show_spinner=False, max_entries=64)
def goal_baseline(history_id: str, _history: pd.DataFrame, kpi: str, start: dt.date,
                  deadline: dt.date, anchor: float | None, today: dt.date) -> float | None:
    """The baseline in the goal's own measure: for counts, the total over as many days as the
    goal lasts, just before it starts (see :mod:`smartkit.analysis.achievability`)."""
    from smartkit.analysis.achievability import baseline_measure
    from smartkit.analysis.baseline import clean

    cleaned = clean(_history, kpi, anchor=anchor, today=today)
    return baseline_measure(cleaned, (deadline - start).days + 1, pd.Timestamp(start))


@st.cache_data(show_spinner=False, max_entries=128)
def report(history_id: str | None, _history: pd.DataFrame | None, draft_json: str, today: dt.date):
    from smartkit.goals.criteria import evaluate

    return evaluate(GoalDraft.model_validate_json(draft_json), history=_history, today=today)


@st.cache_data(show_spinner=False, max_entries=64)
def pacing(history_id: str | None, _history: pd.DataFrame | None, draft_json: str, today: dt.date):
    from smartkit.analysis.pacing import goal_pacing

    return goal_pacing(GoalDraft.model_validate_json(draft_json), _history, today)


@st.cache_data(show_spinner=False, max_entries=128)
def assessment(history_id: str | None, _history: pd.DataFrame | None, draft_json: str, today: dt.date):
    from smartkit.analysis.achievability import assess

    return assess(GoalDraft.model_validate_json(draft_json), _history, today=today)


@st.cache_data(show_spinner=False, max_entries=32)
def forecast(history_id: str, _history: pd.DataFrame, kpi: str, until: dt.date,
             anchor: float | None) -> pd.DataFrame | None:
    return charts.forecast_frame(_history, kpi, until, anchor)


@st.cache_data(show_spinner=False, max_entries=64)
def goal_figure(history_id: str | None, _history: pd.DataFrame | None, draft_json: str, today: dt.date,
                lang: Lang, height: int = 440):
    draft = GoalDraft.model_validate_json(draft_json)
    fc = None
    if _history is not None and draft.deadline is not None and draft.kpi:
        anchor = draft.baseline if _is_stock(draft.kpi) else None
        fc = forecast(history_id, _history, draft.kpi, draft.deadline, anchor)
    return charts.goal_chart(draft, _history, today, lang, forecast=fc, height=height)


@st.cache_data(show_spinner=False, max_entries=32)
def baseline_figure(history_id: str, _history: pd.DataFrame, kpi: str, window_days: int,
                    anchor: float | None, today: dt.date, lang: Lang):
    b = baseline(history_id, _history, kpi, window_days, anchor, today)
    return charts.baseline_chart(_history, b, lang, anchor=anchor)


@st.cache_data(show_spinner=False, max_entries=8)
def figure_png(history_id: str | None, _history: pd.DataFrame | None, draft_json: str, today: dt.date,
               lang: Lang) -> bytes:
    fig = goal_figure(history_id, _history, draft_json, today, lang)
    return charts.to_png(fig)


def _is_stock(kpi_id: str) -> bool:
    from smartkit.catalogue import get_kpi

    return get_kpi(kpi_id).kind == "stock"


@st.cache_data(show_spinner=False, max_entries=8)
def merged(digest: str, _results: list) -> pd.DataFrame:
    """Several exports as one history table (the importer's ``merge``)."""
    from smartkit.importers import merge

    return merge(_results)
