"""Step 1: the business objective, before any metric."""
import streamlit as st

from smartkit.catalogue import catalogue, channel_label
from smartkit.demos import DEMO_IDS
from smartkit.i18n import t
from ui import data, flow, frame, state
from ui.state import Keys
from ui.widgets import bound, md

lang = frame.page_header("objective")
cat = catalogue()

with st.container(border=True):
    st.markdown(f"**{md(t('ui.demo.heading', lang))}**")
    pick, go = st.columns([3, 1], vertical_alignment="bottom")
    with pick:
        st.session_state.setdefault(Keys.DEMO_PICK, st.session_state.get(Keys.MEETING_DEMO) or DEMO_IDS[0])
        demo_id = st.selectbox(t("ui.demo.pick", lang), DEMO_IDS, key=Keys.DEMO_PICK,
                               format_func=lambda d: data.demo_blurb(d, state.today(), lang).title)
    with go:
        st.button(t("ui.demo.load", lang), key="ui.demo_load", icon=":material/play_circle:",
                  on_click=flow.open_demo, args=(demo_id,), width="stretch")
    st.caption(md(data.demo_blurb(demo_id, state.today(), lang).story))
    source = st.session_state.get(Keys.HISTORY_SOURCE)
    if source and source.get("kind") == "demo":
        st.success(md(t("ui.demo.loaded", lang, demo=data.demo_blurb(source["id"], state.today(), lang).title)),
                   icon=":material/check_circle:")
        st.page_link(frame.PAGE_FILES["goal"], label=t("ui.demo.see_goal", lang), icon=":material/task_alt:")

# The uploader is drawn only when opened: the first page a visitor sees stays light.
with st.expander(t("ui.sidebar.continue", lang), icon=":material/upload:", key=Keys.CONTINUE_OPEN,
                 on_change="rerun") as saved_goal:
    if saved_goal.open:
        frame.saved_goal_uploader(lang)

st.subheader(t("ui.objective.business", lang), anchor=False)
bound(st.text_area, "business_goal", t("ui.field.business_goal", lang), height=80,
      placeholder=t("ui.placeholder.business_goal", lang), help=t("ui.help.business_goal", lang))
left, right = st.columns(2)
with left:
    bound(st.text_input, "product", t("ui.field.product", lang), placeholder=t("ui.placeholder.product", lang))
    bound(st.text_input, "location", t("ui.field.location", lang), placeholder=t("ui.placeholder.location", lang))
with right:
    bound(st.text_input, "audience", t("ui.field.audience", lang), placeholder=t("ui.placeholder.audience", lang))
    bound(st.selectbox, "channel", t("ui.field.channel", lang), options=cat.channels, index=None,
          format_func=lambda c: channel_label(c, lang), placeholder=t("ui.placeholder.choose", lang))

st.subheader(t("ui.objective.broad", lang), anchor=False)
objectives = [o.id for o in cat.objectives]


def _suggest_stage() -> None:
    draft = state.draft()
    if draft.objective:
        state.set_answer("funnel_stage", cat.objective(draft.objective).journey_stage)
        state.set_answer("race_stage", cat.objective(draft.objective).race_stage)


bound(st.radio, "objective", t("ui.field.objective", lang), options=objectives, index=None,
      format_func=lambda o: t(f"objective.{o}.name", lang),
      captions=[t(f"objective.{o}.description", lang) for o in objectives], after=_suggest_stage)
bound(st.segmented_control, "funnel_stage", t("ui.field.funnel_stage", lang), options=cat.journey_stages,
      format_func=lambda s: t(f"journey.{s}", lang), help=t("ui.help.funnel_stage", lang))

with st.expander(t("ui.objective.more", lang), icon=":material/tune:"):
    bound(st.text_input, "name", t("ui.field.name", lang), placeholder=t("ui.placeholder.name", lang))
    bound(st.text_input, "scope", t("ui.field.scope", lang), placeholder=t("ui.placeholder.scope", lang),
          help=t("ui.help.scope", lang))
    bound(st.text_input, "owner", t("ui.field.owner", lang))

frame.page_footer("objective")
