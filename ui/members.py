"""A workspace's members on the library page: who has which role; owners add, change and remove
members here (as with ``python -m smartkit goals members``). The library checks every change
(:mod:`smartkit.storage.access`); the page only hides what the role cannot do."""
from __future__ import annotations

import streamlit as st

from smartkit.errors import SmartkitError
from smartkit.i18n import Lang, t
from smartkit.storage.access import ROLES
from ui.widgets import md

EMAIL_KEY, ROLE_KEY, REMOVE_KEY = "members.email", "members.role", "members.remove"


def panel(lib, workspace: str, role: str | None, lang: Lang) -> None:  # noqa: ANN001
    """The members of ``workspace``, and for its owners the form to change them."""
    try:
        members = lib.members(workspace)
    except SmartkitError as err:  # a workspace with no goals yet, or not the user's
        st.caption(md(err.message(lang)))
        return
    for member in members:  # plain text: an email is user text
        st.text(f"{member.email} · {t(f'access.role.{member.role}', lang)}")
    if role != "owner":
        st.caption(md(t("members.owners_only", lang)))
        return
    email_col, role_col, add_col = st.columns([3, 2, 1.4], vertical_alignment="bottom")
    email_col.text_input(t("members.email", lang), key=EMAIL_KEY, placeholder="name@example.com")
    role_col.selectbox(t("members.role", lang), ROLES, key=ROLE_KEY, index=ROLES.index("editor"),
                       format_func=lambda r: t(f"access.role.{r}", lang))
    add_col.button(t("members.add", lang), key="members.add", icon=":material/person_add:", width="stretch",
                   on_click=_add, args=(lib, workspace, lang))
    remove_col, button_col = st.columns([5, 1.4], vertical_alignment="bottom")
    remove_col.selectbox(t("members.remove_who", lang), [m.email for m in members], key=REMOVE_KEY, index=None,
                         placeholder=t("members.remove_who", lang))
    button_col.button(t("members.remove", lang), key="members.remove_button", icon=":material/person_remove:",
                      width="stretch", on_click=_remove, args=(lib, workspace, lang))
    for kind, text in st.session_state.pop("members.result", []):
        (st.success if kind == "ok" else st.error)(md(text))


def _add(lib, workspace: str, lang: Lang) -> None:  # noqa: ANN001
    email, role = st.session_state.get(EMAIL_KEY) or "", st.session_state.get(ROLE_KEY) or "editor"
    try:
        member = lib.add_member(workspace, email, role)
    except SmartkitError as err:
        _say("error", err.message(lang))  # what was typed stays in the field
        return
    st.session_state[EMAIL_KEY] = ""
    _say("ok", t("members.added", lang, email=member.email, role=t(f"access.role.{member.role}", lang)))


def _remove(lib, workspace: str, lang: Lang) -> None:  # noqa: ANN001
    email = st.session_state.get(REMOVE_KEY)
    if not email:
        return
    try:
        lib.remove_member(workspace, email)
    except SmartkitError as err:
        _say("error", err.message(lang))
        return
    st.session_state[REMOVE_KEY] = None
    _say("ok", t("members.removed", lang, email=email))


def _say(kind: str, text: str) -> None:
    st.session_state.setdefault("members.result", []).append((kind, text))
