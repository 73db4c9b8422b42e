"""Meeting mode: present a goal on a projector, without editing chrome; a target slider redraws it
live.

Laid out to fit a projector without scrolling (1280×720, 1366×768, 1920×1080; wide layout,
sidebar collapsed, see ``app.py``; the sizes in ``frame.MEETING_CSS``): the worked-example picker
and "next example" on one line; the statement; the chart (as tall as the screen leaves) with the
slider under it on the left; target, chance and verdict on the right, then the overall verdict,
the SMART letters as five chips (each one's reason in its tooltip) and Share (a popover with the
brief's downloads). When the history has daily spend (a budget plan in the assessment), a budget
slider sits beside the target slider: under the target slider the budget the target needs, under
the budget slider the results that budget buys and the target's chance with it (the assessment's
``budget``; a budget move sets the goal's budget). A slider move reruns only :func:`presented` (an
``st.fragment``); a demo pick reruns the page. The sliders take the arrow keys once clicked or
tabbed to. The picker shows the example of the URL's ``?demo=``, and a pick or "next example"
writes it there (a reload shows the same example, and the picker says which). While a workspace
is presented (``ui.library.presenting``), the picker and "next example" also go through that
workspace's goals, and never another's; a button beside them stops presenting.
"""
import math

import streamlit as st

from smartkit.demos import DEMO_IDS
from smartkit.i18n import Percent, fmt, t
from smartkit.goals.budget_figures import budget_figures
from smartkit.goals.statement import statement
from ui import budget, data, downloads, flow, frame, library, state
from ui.state import Keys
from ui.streamlit_internals import require_router
from ui.widgets import (PRESENTING_PLOTLY_CONFIG, kpi_text, md, next_icon, overall_banner, scorecard,
                        statement_box)

CHART_HEIGHT = 260  # the figure's own height; on the page the chart fills its box (frame.MEETING_CSS)

require_router()  # a first visit straight to /meeting goes through app.py
lang = state.lang()
today = state.today()


GOAL_PICK = "goal:"  # a picker option that is a stored goal of the presented workspace: "goal:<id>"


def _choices() -> tuple[list[str], dict[str, str]]:
    """The picker's options: while a workspace is presented, its goals first (their names by
    option), then the worked examples; otherwise the worked examples only. Never another
    workspace's goal: the library is narrowed to the presented one (ui.library.presenting)."""
    if library.presenting() is None:
        return list(DEMO_IDS), {}
    names = {GOAL_PICK + g.id: g.name or t("library.unnamed", lang) for g in library.library().list()}
    return [*names, *DEMO_IDS], names


def _show(choice: str) -> None:
    if choice.startswith(GOAL_PICK):
        from ui import autosave

        autosave.bind(library.library().get(choice.removeprefix(GOAL_PICK)))
        st.session_state[Keys.MEETING_DEMO] = None
        if flow.DEMO_PARAM in st.query_params:
            del st.query_params[flow.DEMO_PARAM]
    else:
        flow.present_demo(choice)


def _pick() -> None:
    choice = st.session_state.get(Keys.MEETING_PICK)
    if choice:
        _show(choice)


def _next_demo() -> None:
    """The goals and worked examples in turn, from the first again after the last."""
    options, _ = _choices()
    current = _shown()
    _show(options[(options.index(current) + 1) % len(options)] if current in options else options[0])


def _shown() -> str | None:
    """The option on the screen: the presented workspace's goal open in the session, else the
    example the URL names."""
    from ui import autosave

    if library.presenting() is not None and autosave.goal_id() is not None:
        return GOAL_PICK + autosave.goal_id()
    return flow.shown_demo()


def slider_range(change: float, stretch: float) -> tuple[int, int]:
    """The slider's ends in points: room around the goal and its stretch option, but never so
    wide that the goal is a speck at one end of the track (a typical-growth stretch over six
    months can reach +1,000 %)."""
    reach = max(change, min(stretch, 3 * max(abs(change), 10)), 20)
    top = int(math.ceil(reach * 1.5 / 10) * 10)
    low = int(min(-50, math.floor(min(change, 0) * 1.5 / 10) * 10))
    return low, top


def _slide() -> None:
    if st.session_state.get(Keys.MEETING_SLIDER) is None:  # not drawn again yet (a demo was loaded)
        return
    state.set_answer("target", None)
    state.set_answer("target_change_pct", float(st.session_state[Keys.MEETING_SLIDER]))


def _slide_budget() -> None:
    value = st.session_state.get(Keys.MEETING_BUDGET)
    if value is None:  # not drawn again yet (a demo was loaded)
        return
    state.set_answer("budget", float(value))


@st.fragment
def presented() -> None:
    """The goal as presented: everything a slider move changes (reruns alone on a move)."""
    flow.sync_baseline()
    draft = state.draft()
    if frame.missing_for("goal", draft):
        st.info(md(t("ui.meeting.empty", lang)), icon=":material/co_present:")
        return
    key = state.draft_key()
    assessment = flow.assessed(lang)  # the same object the Goal page, the brief and the library read
    with st.container(key="ui.meeting_statement"):
        statement_box(statement(assessment.goal, lang), lang)
    report = assessment.report
    assessed = report.achievability
    change = assessment.goal.change_pct or 0.0
    chart_col, side = st.columns([2.4, 1], gap="medium")
    with chart_col:
        fig = data.goal_figure(state.history_id(), state.history(), key, today, lang, CHART_HEIGHT,
                               _assessment=assessment)
        # the axis title as a line above the chart (turned along a short axis it was cut off); the
        # figure is shared by every session (cache_resource), so its own title is hidden by CSS
        st.caption(md(fig.layout.yaxis.title.text or ""))
        with st.container(key="ui.meeting_chart_box"):  # its height follows the screen (frame.MEETING_CSS)
            st.plotly_chart(fig, config=PRESENTING_PLOTLY_CONFIG, key="ui.meeting_chart", height="stretch")
        low, top = slider_range(change, assessed.suggested_targets.stretch.change_pct)
        figures = budget_figures(assessment, lang)  # the budget plan's, when the history has spend
        # side by side, their lines under them level (a label may take two lines)
        target_col, budget_col = st.columns(2, gap="medium", vertical_alignment="bottom") \
            if figures is not None else (st.container(), None)
        with target_col:
            st.session_state[Keys.MEETING_SLIDER] = int(round(min(max(change, low), top)))
            # a select slider, so every value reads as the language writes a percentage (digits, sign, %)
            st.select_slider(t("ui.meeting.slider", lang), options=range(low, top + 1), key=Keys.MEETING_SLIDER,
                             on_change=_slide, format_func=lambda v: fmt(Percent(v, signed=True), lang),
                             help=t("ui.meeting.keys_hint", lang))
            if figures is not None:  # the target slider moves the budget it needs
                st.caption(md(budget.needed_line(figures, lang)))
        if budget_col is not None:
            with budget_col:
                stops = budget.slider_options(assessment)
                st.session_state[Keys.MEETING_BUDGET] = budget.slider_value(assessment, stops)
                st.select_slider(t("budget.meeting.slider", lang), options=stops, key=Keys.MEETING_BUDGET,
                                 on_change=_slide_budget, format_func=lambda v: budget.money_text(v, assessment, lang),
                                 help=t("ui.meeting.keys_hint", lang))
                # the budget slider moves what it buys and the target's chance with it
                st.caption(md(budget.expected_line(figures, lang)))
            st.html(frame.MEETING_BUDGET_CSS)
    with side, st.container(key="ui.meeting_figures"):
        target_col, chance_col = st.columns(2, gap="small")  # side by side: the column stays short
        target_col.metric(t("ui.goal.target", lang),
                          md(kpi_text(assessment.goal, assessment.goal.resolved_target, lang)),
                          delta=fmt(Percent(change, signed=True), lang))
        chance_col.metric(t("ui.goal.probability", lang),
                          fmt(Percent(assessed.chance * 100), lang) if assessed.chance is not None else "—")
        st.metric(t("ui.goal.verdict", lang), t(f"ui.verdict.{assessed.verdict}", lang))
    with side:
        overall_banner(report, lang)
        scorecard(report, lang, compact=True)  # five chips; each letter's reason in its tooltip
        with st.popover(t("ui.goal.share", lang), icon=":material/ios_share:", key="ui.meeting_share",
                        width="stretch"):
            downloads.buttons(lang, key="ui.meeting", columns=1)  # the brief to send after the meeting


options, goal_names = _choices()
shown = _shown()
st.session_state[Keys.MEETING_PICK] = shown if shown in options else None  # the goal or example on the screen
if library.presenting() is None:
    pick, step = st.columns([3, 1], vertical_alignment="bottom", gap="small")
else:  # presenting one client's workspace: a way out beside "next"
    pick, step, leave = st.columns([3, 1, 0.35], vertical_alignment="bottom", gap="small")
    leave.button("", key="ui.meeting_leave", icon=":material/close:", on_click=frame.stop_presenting,
                 help=t("library.presenting.stop", lang), width="stretch")
with pick:
    st.selectbox(t("ui.meeting.demos", lang), options, key=Keys.MEETING_PICK, on_change=_pick, index=None,
                 format_func=lambda d: goal_names.get(d) or data.demo_blurb(d, today, lang).title,
                 placeholder=t("ui.meeting.demos", lang), label_visibility="collapsed")
with step:
    st.button(t("ui.meeting.next_demo", lang), key="ui.meeting_next", on_click=_next_demo, width="stretch",
              icon=next_icon(lang), icon_position="right")
presented()
