"""Meeting mode: present a goal without editing chrome; a target slider redraws it live."""
import math

import streamlit as st

from smartkit.catalogue import get_kpi
from smartkit.demos import DEMO_IDS
from smartkit.i18n import Percent, fmt, t
from smartkit.goals.statement import statement
from ui import data, flow, frame, state
from ui.state import Keys
from ui.widgets import kpi_text, md, overall_banner, scorecard, statement_box

PLOTLY_CONFIG = {"displaylogo": False, "displayModeBar": False}

lang = state.lang()
today = state.today()


def _pick() -> None:
    choice = st.session_state.get(Keys.MEETING_PICK)
    if choice:
        flow.load_demo(choice)


st.session_state[Keys.MEETING_PICK] = st.session_state.get(Keys.MEETING_DEMO)
st.pills(t("ui.meeting.demos", lang), DEMO_IDS, key=Keys.MEETING_PICK, on_change=_pick,
         format_func=lambda d: t(f"ui.demo.{d}.title", lang))

flow.sync_baseline()
draft = state.draft()
if frame.missing_for("goal", draft):
    st.info(md(t("ui.meeting.empty", lang)), icon=":material/co_present:")
    st.stop()

kpi = get_kpi(draft.kpi)
key = state.draft_key()
statement_box(statement(draft, lang), lang, big=True)
report = flow.judged(lang)
assessed = report.achievability

chart_col, side = st.columns([2.2, 1], gap="large")
with chart_col:
    fig = data.goal_figure(state.history_id(), state.history(), key, today, lang, 540)
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key="ui.meeting_chart")
    change = draft.change_pct or 0.0
    stretch = assessed.suggested_targets.stretch.change_pct
    # Room around the goal and its stretch option, but never so wide that the goal is a speck at
    # one end of the track (a typical-growth stretch over six months can reach +1,000 %).
    reach = max(change, min(stretch, 3 * max(abs(change), 10)), 20)
    top = int(math.ceil(reach * 1.5 / 10) * 10)
    low = int(min(-50, math.floor(min(change, 0) * 1.5 / 10) * 10))

    def _slide() -> None:
        state.set_answer("target", None)
        state.set_answer("target_change_pct", float(st.session_state[Keys.MEETING_SLIDER]))

    st.session_state[Keys.MEETING_SLIDER] = int(round(min(max(change, low), top)))
    st.slider(t("ui.meeting.slider", lang), min_value=low, max_value=top, step=1, key=Keys.MEETING_SLIDER,
              on_change=_slide, format="%+d%%")
with side:
    st.metric(t("ui.goal.target", lang), kpi_text(draft, draft.resolved_target, lang),
              delta=fmt(Percent(change, signed=True), lang))
    st.metric(t("ui.goal.probability", lang),
              fmt(Percent(assessed.chance * 100), lang) if assessed.chance is not None else "—")
    st.metric(t("ui.goal.verdict", lang), t(f"ui.verdict.{assessed.verdict}", lang))
    overall_banner(report, lang)
    scorecard(report, lang, compact=True)
