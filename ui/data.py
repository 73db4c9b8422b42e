"""Everything heavy, cached with ``st.cache_data``: arguments are widget values, file bytes or
content hashes (``history_id``); the history table itself is passed unhashed (``_history``)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from smartkit.demos import DemoBlurb, load_demo
from smartkit.i18n import Lang
from smartkit.models import GoalDraft


@st.cache_data(show_spinner=False, max_entries=16)
def demo(demo_id: str, today: dt.date, lang: str = "en") -> tuple[str, pd.DataFrame]:
    """A demo's draft (as JSON, its texts in ``lang``) and its history, anchored on ``today``."""
    loaded = load_demo(demo_id, today, lang)
    return loaded.draft.model_dump_json(), loaded.history


@st.cache_data(show_spinner=False, max_entries=32)
def demo_blurb(demo_id: str, today: dt.date, lang: Lang) -> DemoBlurb:
    """A demo's title and story in ``lang``, their figures from its goal loaded on ``today``."""
    from smartkit.demos import demo_blurb as blurb

    return blurb(load_demo(demo_id, today), lang)


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
    from smartkit.analysis.baseline import clean, measured_baseline

    cleaned = clean(_history, kpi, anchor=anchor, today=today)
    return measured_baseline(cleaned, start, deadline)


# The assessment is kept as an object (st.cache_resource): it holds the forecast the chart draws,
# and nothing changes it once made.
@st.cache_resource(show_spinner=False, max_entries=64)
def goal_assessment(history_id: str | None, _history: pd.DataFrame | None, draft_json: str, today: dt.date,
                    context: tuple = ()):
    """The goal's one assessment (:func:`smartkit.goals.assessment.assess_goal`), made once per
    change of its inputs: the draft, the history (by its content digest), the day and, for a
    stored goal, ``context`` = (its target changes, its review dates, the day it was created)."""
    from smartkit.analysis.tracking import TargetChange
    from smartkit.goals.assessment import assess_goal

    changes, reviews, created = context or ((), (), None)
    return assess_goal(GoalDraft.model_validate_json(draft_json), _history, today,
                       changes=[TargetChange(*c) for c in changes] or None, reviews=reviews, created=created)


# Figures are kept as objects (st.cache_resource), not pickled copies (st.cache_data): rebuilding a
# plotly figure from its pickle on every rerun cost more than the rest of a step. They are shared
# by every session, so nothing may change them after they are built (st.plotly_chart does not).
@st.cache_resource(show_spinner=False, max_entries=64)
def goal_figure(history_id: str | None, _history: pd.DataFrame | None, draft_json: str, today: dt.date,
                lang: Lang, height: int = 440, view: str | None = None, _assessment=None):
    """The goal's chart, drawn from its assessment (the goal as judged and the forecast the
    chance is judged on: one fit)."""
    from smartkit import charts

    assessed = _assessment or goal_assessment(history_id, _history, draft_json, today)
    forecast = assessed.forecast if assessed.forecast is not None else False
    return _ready_to_send(charts.goal_chart(assessed.goal, _history, today, lang, view=view, height=height,
                                            forecast=forecast))


@st.cache_resource(show_spinner=False, max_entries=64)
def budget_figure(history_id: str | None, draft_json: str, today: dt.date, lang: Lang, height: int = 300,
                  _assessment=None):
    """The budget planner's response-curve chart (:func:`smartkit.charts.budget_chart`) of the
    goal's assessment (its ``budget``), kept per goal, day and language like the goal's chart."""
    from smartkit import charts

    plan = _assessment.budget
    return _ready_to_send(charts.budget_chart(plan, _assessment.goal.kpi, lang, height=height))


@st.cache_resource(show_spinner=False, max_entries=32)
def baseline_figure(history_id: str, _history: pd.DataFrame, kpi: str, window_days: int,
                    anchor: float | None, today: dt.date, lang: Lang):
    b = baseline(history_id, _history, kpi, window_days, anchor, today)
    from smartkit import charts

    return _ready_to_send(charts.baseline_chart(_history, b, lang, anchor=anchor))


def _ready_to_send(fig):
    """The figure with its long series as arrays (dates as ISO day strings, numbers as floats),
    which halves what ``st.plotly_chart`` spends turning it into JSON on every rerun."""
    import numpy as np

    for trace in fig.data:
        x, y = getattr(trace, "x", None), getattr(trace, "y", None)
        if isinstance(x, tuple) and len(x) > 50 and all(isinstance(v, (pd.Timestamp, dt.date)) for v in x):
            trace.x = pd.DatetimeIndex(x).strftime("%Y-%m-%d").to_numpy(dtype=object)
        if isinstance(y, tuple) and len(y) > 50 and all(isinstance(v, (int, float)) for v in y):
            trace.y = np.asarray(y, dtype=float)
    return fig


@st.cache_data(show_spinner=False, max_entries=8)
def merged(digest: str, _results: list) -> pd.DataFrame:
    """Several exports as one history table (the importer's ``merge``)."""
    from smartkit.importers import merge

    return merge(_results)
