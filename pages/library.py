"""The goal library: the goals of a workspace with status, KPI, target, deadline, pacing and
"review due"; filters, search; open, duplicate as a template, archive, restore, delete for good."""
import streamlit as st

from smartkit.catalogue import catalogue, channel_label
from smartkit.i18n import t
from smartkit.storage import GOAL_STATUSES
from ui import autosave, frame, library, library_table, members, state
from ui.state import Keys
from ui.streamlit_internals import require_router
from ui.widgets import md

ALL = ""

require_router()  # a fresh server's first run goes through app.py
lang = state.lang()
lib = library.library_or_stop(lang)
ss = st.session_state

st.title(t("library.title", lang), anchor=False)
st.caption(md(t("library.intro", lang)))
shown_workspace = library.presenting()
if shown_workspace is not None:  # in front of one client: nothing of the others
    with st.container(border=True):
        note, leave = st.columns([3, 1], vertical_alignment="center")
        note.info(md(t("library.presenting.on", lang, workspace=library.workspace_label(shown_workspace, lang))),
                  icon=":material/co_present:")
        leave.button(t("library.presenting.stop", lang), key="library.presenting_stop", icon=":material/close:",
                     on_click=frame.stop_presenting, width="stretch")

# ---------------------------------------------------------------- filters
roles = lib.my_workspaces()
named = sorted(set(lib.workspaces()) | set(roles))
default = library.default_workspace()
chosen = shown_workspace or ss.get(Keys.WORKSPACE) or (default if default in named or not named else named[0])
workspaces = sorted(set(named) | {chosen})
if ss.get(Keys.LIB_WORKSPACE) not in [ALL, *workspaces]:
    ss[Keys.LIB_WORKSPACE] = chosen


def _on_workspace() -> None:
    picked = ss.get(Keys.LIB_WORKSPACE)  # None: not drawn again yet (callbacks may run first)
    if picked is not None and picked != ALL:
        ss[Keys.WORKSPACE] = picked


top = st.columns([2, 1.4, 1.4])
with top[0]:
    workspace = st.selectbox(t("library.filter.workspace", lang), [ALL, *workspaces], key=Keys.LIB_WORKSPACE,
                             on_change=_on_workspace,
                             format_func=lambda w: t("library.filter.all_workspaces", lang) if w == ALL
                             else library.workspace_label(w, lang))
with top[1]:
    status = st.selectbox(t("library.filter.status", lang), [ALL, *GOAL_STATUSES], key=Keys.LIB_STATUS,
                          format_func=lambda s: t("library.filter.any_status", lang) if s == ALL
                          else t(f"library.status.{s}", lang))
with top[2]:
    channel = st.selectbox(t("library.filter.channel", lang), [ALL, *catalogue().channels], key=Keys.LIB_CHANNEL,
                           format_func=lambda c: t("library.filter.any_channel", lang) if c == ALL
                           else channel_label(c, lang))
search = st.text_input(t("library.filter.search", lang), key=Keys.LIB_SEARCH,
                       placeholder=t("library.filter.search_placeholder", lang), icon=":material/search:")

goals = lib.list(workspace=workspace or None, status=status or None, channel=channel or None,
                 search=search.strip() or None, include_archived=status == "archived")


def _present(name: str) -> None:
    frame.start_presenting(name)
    ss[Keys.GO_TO] = "meeting"


if workspace and shown_workspace is None:
    with st.expander(t("library.workspace.manage", lang, workspace=library.workspace_label(workspace, lang)),
                     icon=":material/group:"):
        st.button(t("library.presenting.start", lang), key="library.presenting_start", icon=":material/co_present:",
                  on_click=_present, args=(workspace,), help=t("library.presenting.help", lang))
        members.panel(lib, workspace, roles.get(workspace), lang)

# ---------------------------------------------------------------- new goal
new_col, count_col = st.columns([1, 2], vertical_alignment="center")
with new_col:
    if st.button(t("library.new_goal", lang), icon=":material/add:", key="library.new", type="primary",
                 width="stretch"):
        frame.start_over()
        ss[Keys.WORKSPACE] = workspace or chosen
        st.switch_page(frame.PAGE_FILES["objective"])
with count_col:
    st.caption(md(t("library.count", lang, n=len(goals))))

if not goals:
    st.info(md(t("library.empty", lang)), icon=":material/folder_open:")
    st.stop()

# ---------------------------------------------------------------- the table
table = library_table.summary_table(goals, lang, today=state.today())
picked = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                      key=state.library_table_key(), column_config=library_table.summary_columns(lang))
rows = picked.selection.rows if picked and picked.selection else []
if not rows:
    st.caption(md(t("library.pick_a_row", lang)))
    st.stop()

goal = goals[rows[0]] if rows[0] < len(goals) else None
if goal is None:
    st.stop()

# ---------------------------------------------------------------- actions on the chosen goal
with st.container(border=True):
    st.markdown(f"**{md(goal.name or t('library.unnamed', lang))}**")
    st.caption(md(t("library.where", lang, workspace=library.workspace_label(goal.workspace, lang),
                    status=t(f"library.status.{goal.status}", lang))))
    st.caption(md(t("library.last_change", lang, changed=library_table.changed(goal.updated_at, goal.changed_by, lang))))
    role = roles.get(goal.workspace)
    can_edit, can_manage = role in ("editor", "owner"), role == "owner"
    a, b, c = st.columns(3)
    if goal.status != "archived":
        if a.button(t("library.open", lang), icon=":material/edit:", key="library.open", type="primary",
                    width="stretch"):
            autosave.bind(lib.get(goal.id))
            st.switch_page(library_table.page_for(goal.status))
        if b.button(t("library.duplicate", lang), icon=":material/content_copy:", key="library.duplicate",
                    width="stretch", disabled=not can_edit):
            copy = lib.duplicate(goal.id)
            st.toast(t("library.duplicated", lang, name=copy.name or t("library.unnamed", lang)),
                     icon=":material/content_copy:")
            st.rerun()
        if c.button(t("library.archive", lang), icon=":material/archive:", key="library.archive", width="stretch",
                    disabled=not can_manage):
            lib.archive(goal.id)
            state.forget_library_selection()  # nothing chosen after: a second click archives nothing
            st.toast(t("library.archived", lang), icon=":material/archive:")
            st.rerun()
    else:
        if a.button(t("library.restore", lang), icon=":material/unarchive:", key="library.restore",
                    type="primary", width="stretch", disabled=not can_manage):
            lib.restore(goal.id)
            state.forget_library_selection()
            st.toast(t("library.restored", lang), icon=":material/unarchive:")
            st.rerun()
        if ss.get(Keys.LIB_CONFIRM_DELETE) != goal.id:
            if b.button(t("library.delete", lang), icon=":material/delete_forever:", key="library.delete",
                        width="stretch", disabled=not can_manage):
                ss[Keys.LIB_CONFIRM_DELETE] = goal.id
                st.rerun()
        else:
            st.error(md(t("library.delete_confirm", lang, name=goal.name or t("library.unnamed", lang))),
                     icon=":material/warning:")
            yes, no = st.columns(2)
            if yes.button(t("library.delete_yes", lang), icon=":material/delete_forever:", key="library.delete_yes",
                          width="stretch"):
                lib.delete_permanently(goal.id)
                state.forget_library_selection()
                ss[Keys.LIB_CONFIRM_DELETE] = None
                if autosave.goal_id() == goal.id:
                    autosave.unbind()
                st.toast(t("library.deleted", lang), icon=":material/delete_forever:")
                st.rerun()
            if no.button(t("library.delete_no", lang), key="library.delete_no", width="stretch"):
                ss[Keys.LIB_CONFIRM_DELETE] = None
                st.rerun()
    if goal.parent_id:
        st.caption(md(t("library.is_subgoal", lang)))
    if role and not can_manage:
        st.caption(md(t("library.role_limits", lang, role=t(f"access.role.{role}", lang))))
