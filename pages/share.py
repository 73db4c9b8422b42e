"""A read-only link (``?share=<token>``): one goal's brief as a page, nothing else.

No editing chrome, no sidebar, no other goal: the token opens the goal it was made for while it is
live; a wrong or revoked token shows one plain sentence and nothing from the library. Pacing is
computed now, on the goal's stored history (newer uploads show up here at once). User text is
shown as plain text (``st.text``, metrics, tables), never as Markdown or HTML.
"""
import streamlit as st

from smartkit.i18n import t
from ui import data, sharing, state, tracking
from ui.streamlit_internals import require_router
from ui.widgets import PLOTLY_CONFIG, STATUS_COLOUR, md, pace_badge

HIDE_CHROME = """<style>[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stToolbar"], [data-testid="stMainMenu"] { display: none; }</style>"""

require_router()  # a fresh server's first run goes through app.py
lang = state.lang()
st.html(HIDE_CHROME)  # reviewed style block: no user text
if lang.rtl:
    from ui.frame import RTL_CSS

    st.html(RTL_CSS)

token = str(st.query_params.get(sharing.SHARE_PARAM) or "")
shared = sharing.shared_goal(token)
if shared is None:
    st.title(t("library.share.invalid_title", lang), anchor=False)
    st.text(t("library.share.invalid", lang))
    st.stop()

stored, history = shared
today = state.today()
brief = sharing.brief_of(stored, history, lang, today)

st.caption(md(brief.prepared))  # the workspace and the goal's name are user text
st.title(md(brief.title), anchor=False)
with st.container(border=True):
    st.caption(md(brief.statement_label))
    st.text(brief.statement)
st.text(brief.overall_text)

cols = st.columns(3)
cols[0].metric(t("library.share.verdict", lang), brief.verdict or "—")
cols[1].metric(t("library.share.chance", lang), brief.chance or "—")
cols[2].metric(t("library.share.status", lang), t(f"library.status.{stored.status}", lang))

progress = sharing.live_pacing(stored, history, today)
if progress is not None:
    st.subheader(brief.labels.get("pacing") or t("ui.goal.pacing", lang), anchor=False)
    with st.container(border=True):
        pace_badge(progress.status or "too_early", lang)
        st.text(progress.reason.render(lang))

if stored.goal.kpi:
    st.subheader(md(brief.chart_title), anchor=False)
    key = state.draft_key(stored.goal.model_copy(update={"lang": lang.code}))
    fig = data.goal_figure(tracking.history_digest(history), history, key, today, lang,
                           _assessment=tracking.stored_assessment(stored, history, today))
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key="share.chart")

st.subheader(brief.labels.get("scorecard") or t("ui.goal.scorecard", lang), anchor=False)
for row in brief.scorecard:
    with st.container(border=True):
        head, body = st.columns([1, 3])
        head.text(row.name)
        head.badge(row.status_text, color=STATUS_COLOUR.get(row.status, "gray"))
        body.text(row.reason)
        if row.fix:
            body.text(row.fix)

st.subheader(brief.labels.get("numbers") or t("library.share.facts", lang), anchor=False)
sharing.fact_rows(brief.facts + brief.chance_facts + brief.review)
if brief.subgoals:
    st.subheader(brief.labels.get("subgoals") or t("ui.goal.subgoals", lang), anchor=False)
    for sub in brief.subgoals:
        with st.container(border=True):
            head, body = st.columns([1, 3])
            head.text(sub.name)
            head.badge(sub.status_text, color=STATUS_COLOUR.get(sub.status, "gray"))
            if sub.note:
                body.text(sub.note)

sharing.brief_downloads(stored, history, lang, today, key_prefix="share")
