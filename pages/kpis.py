"""Step 2: the KPIs for the objective and channel; one primary KPI for the goal."""
import pandas as pd
import streamlit as st

from smartkit.catalogue import catalogue, get_kpi
from smartkit.i18n import t
from ui import frame, state
from ui.widgets import bound, md

MAX_WATCH = 3

lang = frame.page_header("kpis")
draft = state.draft()
cat = catalogue()
objective_name = t(f"objective.{draft.objective}.name", lang)
kpis = cat.kpis_for(draft.objective, draft.channel) or cat.kpis_for(draft.objective)
if draft.channel:
    st.caption(md(t("ui.kpis.for_channel", lang, objective=objective_name,
                    channel=t(f"channel.{draft.channel}", lang), n=len(kpis))))
else:
    st.caption(md(t("ui.kpis.for_objective", lang, objective=objective_name, n=len(kpis))))
ids = [k.id for k in kpis]
if draft.kpi and draft.kpi not in ids:
    ids.append(draft.kpi)


def label(kpi_id: str) -> str:
    name = t(f"kpi.{kpi_id}.name", lang)
    return t("ui.kpis.vanity_label", lang, kpi=name) if get_kpi(kpi_id).is_vanity_for(draft.objective) else name


bound(st.selectbox, "kpi", t("ui.field.kpi", lang), options=ids, index=None, format_func=label,
      placeholder=t("ui.placeholder.choose_kpi", lang), help=t("ui.help.kpi", lang))

draft = state.draft()
if draft.kpi:
    kpi = get_kpi(draft.kpi)
    with st.container(border=True):
        st.markdown(f"#### {md(kpi.name(lang))}")
        st.markdown(md(kpi.definition(lang)))
        formula = kpi.formula(lang)
        if formula:
            st.caption(md(t("ui.kpis.formula", lang, formula=formula)))
        st.caption(md(t("ui.kpis.source", lang, source=t(f"tracking.{kpi.source}", lang))))
        if kpi.is_vanity_for(draft.objective):
            st.warning(md(t("ui.kpis.vanity", lang, kpi=kpi.name(lang), objective=objective_name)),
                       icon=":material/warning:")
        elif draft.objective not in kpi.objectives:
            st.error(md(t("ui.kpis.off_objective", lang, kpi=kpi.name(lang), objective=objective_name)),
                     icon=":material/error:")

others = [i for i in ids if i != draft.kpi]
bound(st.multiselect, "watch_kpis", t("ui.field.watch_kpis", lang), options=others, format_func=label,
      to_widget=lambda v: [i for i in (v or []) if i in others], max_selections=MAX_WATCH,
      help=t("ui.help.watch_kpis", lang), placeholder=t("ui.placeholder.choose", lang))
st.caption(md(t("ui.kpis.few", lang, n=MAX_WATCH)))

# Drawn only when opened (the table is the step's heaviest part in the browser, rarely opened).
with st.expander(t("ui.kpis.all", lang, n=len(kpis)), icon=":material/list:", key=state.Keys.ALL_KPIS_OPEN,
                 on_change="rerun") as all_kpis:
    if all_kpis.open:
        table = pd.DataFrame({
            t("ui.kpis.col.name", lang): [k.name(lang) for k in kpis],
            t("ui.kpis.col.definition", lang): [k.definition(lang) for k in kpis],
            t("ui.kpis.col.formula", lang): [k.formula(lang) or "" for k in kpis],
            t("ui.kpis.col.vanity", lang): [k.is_vanity_for(draft.objective) for k in kpis],
        })
        st.dataframe(table, hide_index=True, width="stretch")

frame.page_footer("kpis")
