"""Sub-goal trees: start a sub-goal of the session's goal, and the tree around it (parent,
siblings, children, each with its status and pacing) with the roll-up check."""
from __future__ import annotations

from typing import Any

import streamlit as st

from smartkit.i18n import Lang, t
from ui import state
from ui.autosave import autosave, bind, flush, goal_id
from ui.library import default_workspace, library
from ui.state import Keys
from ui.widgets import md, pace_badge


def start_subgoal(kpi_id: str) -> None:
    """A callback: a sub-goal of the session's goal is created as its child in the library and
    becomes the session's goal; the parent stays as it was saved. The child starts on the
    parent's history (the same exports usually measure both)."""
    from smartkit.goals.subgoals import subgoal_draft

    flush()
    ss = st.session_state
    parent_id = goal_id()
    parent = state.draft()
    child_draft = subgoal_draft(parent, kpi_id)
    if parent.name:  # named after its parent, so the library tells the sub-goals apart
        child_draft.name = t("library.subgoal_name", parent.lang, parent=parent.name,
                             kpi=t(f"kpi.{kpi_id}.name", parent.lang))[:200]
    child = library().create(child_draft, workspace=ss.get(Keys.WORKSPACE) or default_workspace(), owner=child_draft.owner,
                             parent_id=parent_id)
    bind(child, load_history=False)
    ss[Keys.SAVED_KEY] = (ss[Keys.SAVED_KEY][0], None)  # the parent's history is written for the child


def tree_of(gid: str):
    """The goal's place in its tree (parent, siblings, children) as library summaries."""
    return library().tree(gid)


def tree_panel(lang: Lang) -> None:
    """The goal tree around the session's goal, each node with its status and pacing; another
    node opens with one click."""
    gid = goal_id()
    if gid is None:
        return
    tree = tree_of(gid)
    if tree is None or (tree.parent is None and not tree.children):
        return
    st.subheader(t("library.tree.title", lang), anchor=False)
    if tree.parent is not None:
        _node(tree.parent, lang, role="parent")
    _, body = st.columns([0.06, 0.94]) if tree.parent is not None else (None, st.container())
    with body:
        for node in sorted([tree.node, *tree.siblings], key=lambda n: (n.name or "")):
            _node(node, lang, role="self" if node.id == gid else "sibling")
            if node.id == gid and tree.children:
                _, inner = st.columns([0.06, 0.94])
                with inner:
                    for child in tree.children:
                        _node(child, lang, role="child")
    rollup_warning(lang)


def _node(node: Any, lang: Lang, *, role: str) -> None:
    with st.container(border=True):
        name, badges, action = st.columns([3, 3, 1.4], vertical_alignment="center")
        with name:
            st.caption(md(t(f"library.tree.{role}", lang)))
            label = md(node.name or t("library.unnamed", lang))
            st.markdown(f"**{label}**" if role == "self" else label)
        with badges:
            st.badge(t(f"library.status.{node.status}", lang), color=STATUS_COLOUR.get(node.status, "gray"))
            if node.pacing:
                pace_badge(node.pacing, lang)
        if role != "self":
            with action:
                st.button(t("library.open", lang), key=f"tree.open.{node.id}", on_click=_open_node, args=(node.id,),
                          icon=":material/open_in_new:", width="stretch")


STATUS_COLOUR = {"draft": "gray", "active": "blue", "achieved": "green", "missed": "red", "archived": "gray"}


def _open_node(gid: str) -> None:
    autosave()
    bind(library().get(gid))


def rollup_warning(lang: Lang) -> None:
    """Where the children measure the parent's unit, say when their targets cannot add up to
    the parent's target, and by how much (smartkit.goals.tree)."""
    from smartkit.goals.tree import rollup_check

    lib = library()
    children = [lib.get(c.id).goal for c in lib.children(goal_id())]
    check = rollup_check(state.draft(), children) if children else None
    if check is None:
        return
    text = "  \n".join(md(m.render(lang)) for m in check.messages)
    if check.status == "ok":
        st.caption(text)
    else:
        st.warning(text, icon=":material/account_tree:")
