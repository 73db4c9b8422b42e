"""Actions shared by several pages: load a demo, keep the baseline in the goal's measure."""
from __future__ import annotations

import streamlit as st

from smartkit.catalogue import get_kpi
from smartkit.errors import SmartkitError
from smartkit.i18n import t
from smartkit.models import GoalDraft
from smartkit.goals.criteria import SmartReport
from ui import autosave, data, state, tracking
from ui.state import Keys
from ui.widgets import error, md


def assessed(lang):
    """The current goal's one assessment (:mod:`smartkit.goals.assessment`, cached by content):
    every page reads its figures from it. A stored goal's target changes and reviews are part of
    it. A smartkit error is shown where the page is and the page stops; the answers stay."""
    gid = autosave.goal_id()
    try:
        context = tracking.assessment_context(gid) if gid else ()
        return data.goal_assessment(state.history_id(), state.history(), state.draft_key(), state.today(), context)
    except SmartkitError as err:
        error(err, lang)
        st.stop()


def judged(lang) -> "SmartReport":
    """The SMART report of the current draft: its assessment's."""
    return assessed(lang).report


def open_demo(demo_id: str) -> None:
    """Replace the draft and the history with a demo (a callback: runs before the page)."""
    today = state.today()
    draft_json, history = data.demo(demo_id, today, state.draft().lang)
    state.replace_draft(GoalDraft.model_validate_json(draft_json))
    state.set_history(history, {"kind": "demo", "id": demo_id}, digest=f"demo:{demo_id}:{today}")
    st.session_state[Keys.IMPORTS] = []
    st.session_state[Keys.MEETING_DEMO] = demo_id
    if autosave.goal_id() is None:  # not stored until the user changes it: opening a demo link piles up no copies
        st.session_state[Keys.DEMO_UNSAVED] = autosave.DEMO_AS_LOADED


DEMO_PARAM = "demo"


def demo_from_link(lang) -> None:
    """``?demo=<id>`` on any page URL loads that worked example, once per session, so a consultant
    can bookmark ``/meeting?demo=pepperoni_palace&lang=th``. A saved goal's ``?goal=`` wins; an
    unknown id is said above the page (the page itself still opens)."""
    from smartkit.demos import DEMO_IDS

    asked = st.query_params.get(DEMO_PARAM)
    ss = st.session_state
    if not asked or autosave.GOAL_PARAM in st.query_params:
        return
    if asked not in DEMO_IDS:
        st.warning(md(t("ui.demo.unknown_link", lang, demo=asked[:40],
                        known=", ".join(DEMO_IDS))), icon=":material/warning:")
        return
    if ss.get(Keys.DEMO_LINK) != asked:
        ss[Keys.DEMO_LINK] = asked
        open_demo(asked)


def present_demo(demo_id: str) -> None:
    """A worked example picked in meeting mode (a callback): opened, and named in the URL
    (``?demo=``), so a reload or a bookmark shows the same example, with the picker saying which.
    A stored goal open in the session is put away first: the example never overwrites it."""
    autosave.unbind()
    open_demo(demo_id)
    st.session_state[Keys.DEMO_LINK] = demo_id  # already open: demo_from_link does not open it again
    st.query_params[DEMO_PARAM] = demo_id


def shown_demo() -> str | None:
    """The worked example meeting mode presents: the one the URL names (``?demo=``, also when a
    stored goal's ``?goal=`` was loaded instead, the example it started from), else the one opened
    last in this session. The URL is kept naming it."""
    from smartkit.demos import DEMO_IDS

    ss = st.session_state
    asked = st.query_params.get(DEMO_PARAM)
    if asked in DEMO_IDS and ss.get(Keys.MEETING_DEMO) is None:
        ss[Keys.MEETING_DEMO] = asked
    shown = ss.get(Keys.MEETING_DEMO)
    if shown in DEMO_IDS and asked != shown:
        st.query_params[DEMO_PARAM] = shown
    return shown if shown in DEMO_IDS else None


def anchor(draft: GoalDraft) -> float | None:
    """Today's value of a stock KPI (followers rebuilt from daily changes need it)."""
    return draft.baseline if draft.kpi and get_kpi(draft.kpi).kind == "stock" else None


def sync_baseline() -> None:
    """A baseline measured on the history follows the goal's period: for counts the total over
    as many days as the goal lasts, just before it starts (the convention of the realism check)."""
    draft, history = state.draft(), state.history()
    if (history is None or draft.kpi is None or draft.deadline is None
            or draft.baseline_origin != "history"):
        return
    start = draft.start or state.today()
    if draft.deadline <= start:
        return
    try:
        value = data.goal_baseline(state.history_id(), history, draft.kpi, start, draft.deadline,
                                   anchor(draft), state.today())
    except SmartkitError:
        return
    if value is not None:
        set_measured_baseline(value)


def follow_history() -> None:
    """A baseline that follows the data takes its measured value: the goal period's total when
    there is a deadline (:func:`sync_baseline`), else the KPI's level over the chosen window (a
    month's total for counts). ``app.py`` runs it before drawing anything, so the sidebar's
    summary and step count show a baseline the moment an upload gives one."""
    draft, history = state.draft(), state.history()
    if history is None or draft.kpi is None or draft.baseline_origin != "history":
        return
    if draft.deadline is not None:
        sync_baseline()
        return
    kpi = get_kpi(draft.kpi)
    try:
        measured = data.baseline(state.history_id(), history, kpi.id, draft.baseline_window or 28,
                                 anchor(draft), state.today())
    except SmartkitError:
        return  # the baseline step says what is wrong with the data
    value = (measured.per_period or {}).get("month") if kpi.kind == "count" else measured.value
    if value is not None:
        set_measured_baseline(value)


def set_measured_baseline(value: float) -> None:
    """The baseline measured on the data, rounded as the KPI is counted (people and clicks come
    whole, money in cents); written only when it changes."""
    from smartkit.analysis.baseline import round_as_counted

    draft = state.draft()
    rounded = round_as_counted(get_kpi(draft.kpi), value)
    if draft.baseline != rounded:
        state.set_answer("baseline", rounded)


def use_demo_history(demo_id: str) -> None:
    """Measure the current goal on a demo's data, keeping the answers given so far."""
    today = state.today()
    _, history = data.demo(demo_id, today)
    state.set_history(history, {"kind": "demo_data", "id": demo_id}, digest=f"demo:{demo_id}:{today}")
    st.session_state[Keys.IMPORTS] = []
    follow_the_data()


def follow_the_data() -> None:
    """From now on the baseline follows the data (until the user types one)."""
    state.set_field("baseline_origin", "history")
    state.set_answer("baseline", None)
    state.set_answer("baseline_source", None)


def typed_baseline() -> None:
    state.set_field("baseline_origin", "manual")


def clear_history() -> None:
    state.set_history(None, None)
    st.session_state[Keys.IMPORTS] = []
    st.session_state[Keys.UPLOAD_NONCE] += 1
    if state.draft().baseline_origin == "history":
        state.set_field("baseline_origin", None)
