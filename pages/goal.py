"""Step 5: the goal statement, the SMART scorecard, the KPI chart and sub-goals."""
import streamlit as st

from smartkit.catalogue import get_kpi
from smartkit.charts import chart_caption, chart_title
from smartkit.i18n import Percent, fmt, t
from smartkit.goals.statement import statement
from smartkit.goals.subgoals import suggest_subgoals
from ui import data, downloads, flow, frame, goal_tree, sharing, state
from ui.widgets import PLOTLY_CONFIG, kpi_text, md, overall_banner, pace_badge, scorecard, statement_box

lang = frame.page_header("goal")
flow.sync_baseline()
draft = state.draft()
kpi = get_kpi(draft.kpi)
today = state.today()
key = state.draft_key()

assessment = flow.assessed(lang)  # every figure on this page comes from this one object
statement_box(statement(assessment.goal, lang), lang)
report = assessment.report
assessed = report.achievability
overall_banner(report, lang)
frame.fix_first(report, lang)  # a failing letter (a deadline in the past): what to fix, and where


m1, m2, m3, m4 = st.columns(4)
judged = assessment.goal  # the measured baseline where the data gives it
m1.metric(t("ui.summary.baseline", lang), md(kpi_text(judged, judged.baseline, lang)))
m2.metric(t("ui.goal.target", lang), md(kpi_text(judged, judged.resolved_target, lang)),
          delta=fmt(Percent(judged.change_pct, signed=True), lang) if judged.change_pct is not None else None)
m3.metric(t("ui.goal.verdict", lang), t(f"ui.verdict.{assessed.verdict}", lang))
m4.metric(t("ui.goal.probability", lang),
          fmt(Percent(assessed.chance * 100), lang) if assessed.chance is not None else "—",
          help=t("analysis.chance_help", lang))

chart_heading = st.empty()  # titled once the figure is made: it names only what the chart draws
view = None
if kpi.kind == "count":  # a period total: the total to date by default, per day on request
    view = st.segmented_control(t("analysis.chart.view", lang), options=("cumulative", "per_day"),
                                default="cumulative", key="ui.goal_chart_view",
                                format_func=lambda v: t(f"analysis.chart.view.{v}", lang)) or "cumulative"
fig = data.goal_figure(state.history_id(), state.history(), key, today, lang, view=view, _assessment=assessment)
chart_heading.subheader(chart_title(fig).render(lang), anchor=False)
st.plotly_chart(fig, config=PLOTLY_CONFIG, key="ui.goal_chart")
st.caption(md(chart_caption(fig).render(lang)))
st.caption(md(assessed.reason.render(lang)))

progress = assessment.tracking
if progress is not None:  # a goal under way: actual against the path in force (SMARTER: review)
    st.subheader(t("ui.goal.pacing", lang), anchor=False)
    with st.container(border=True):
        pace_badge(progress.status or "too_early", lang)
        st.markdown(md(progress.reason.render(lang)))

st.subheader(t("ui.goal.scorecard", lang), anchor=False)
scorecard(report, lang)

st.subheader(t("ui.goal.subgoals", lang), anchor=False)
st.caption(md(t("ui.goal.subgoals_help", lang)))


subs = suggest_subgoals(draft)
cols = st.columns(max(len(subs), 1))
for col, sub in zip(cols, subs):
    with col, st.container(border=True):
        st.markdown(f"**{md(t(f'kpi.{sub.kpi}.name', lang))}**")
        st.caption(md(sub.reason.render(lang)))
        if st.button(t("ui.goal.start_subgoal", lang), key=f"ui.sub.{sub.kpi}",
                     icon=":material/subdirectory_arrow_right:"):
            goal_tree.start_subgoal(sub.kpi)  # a child of this goal in the library; the parent is kept
            st.switch_page(frame.PAGE_FILES["baseline"])

goal_tree.tree_panel(lang)

st.subheader(t("ui.goal.share", lang), anchor=False)
downloads.buttons(lang, key="ui.goal", view=view)  # brief PDF/PNG, Markdown, chart, CSV, goal file

sharing.share_panel(lang)
st.page_link(frame.PAGE_FILES["meeting"], label=t("ui.goal.present", lang), icon=":material/co_present:")
st.page_link(frame.PAGE_FILES["track"], label=t("library.goal.track", lang), icon=frame.ICONS["track"])
frame.page_footer("goal")
