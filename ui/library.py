"""Opening the goal library in the app: one :class:`~smartkit.storage.Library` per process and
database URL, and how its workspaces are named on a page.

What the session does with the library lives beside this module: :mod:`ui.autosave` (the
session's goal, saved as the user goes), :mod:`ui.library_table` (the library page's table),
:mod:`ui.tracking` (the Track page), :mod:`ui.sharing` (read-only links), :mod:`ui.goal_tree`
(sub-goal trees).
"""
from __future__ import annotations

import streamlit as st

from smartkit.errors import SmartkitError
from smartkit.i18n import Lang, t
from ui.state import SHARE_PARAM, Keys
from ui.widgets import md

DEFAULT_WORKSPACE = "default"  # the workspace of goals written without choosing one


def workspace_label(name: str | None, lang: Lang) -> str:
    """A workspace as shown: the unnamed default one in the user's language, others as typed."""
    return t("library.workspace.default", lang) if name in (None, DEFAULT_WORKSPACE) else name


def client_of(workspace: str | None) -> str | None:
    """The client a brief is "prepared for": none for the default workspace."""
    return None if workspace in (None, DEFAULT_WORKSPACE) else workspace


@st.cache_resource(show_spinner=False)
def _open(url: str):
    from smartkit.storage import Library

    return Library(url)


def library():
    """The library this app uses (``SMARTKIT_DATABASE_URL``, else the default file), opened once
    per process and URL (opening runs the schema migrations), as this session's user sees it
    (:mod:`ui.auth`; without sign-in, the administrator) and narrowed to the workspace being
    presented, if any (:func:`presenting`); on a ``?share=`` link, the shared goal only, read-only
    (:meth:`~smartkit.storage.Library.shared_by`). Every page, download and cache fill reads
    through it."""
    from smartkit.storage import default_database_url
    from ui import auth

    opened = _open(default_database_url())
    if SHARE_PARAM in st.query_params:  # a read-only link, signed in or not: its goal and nothing else
        return opened.shared_by(st.query_params.get(SHARE_PARAM))
    return opened.as_user(auth.current_user()).presenting(presenting())


def default_workspace() -> str:
    """Where a goal goes when no workspace was chosen: the shared "default" one for the single
    user of a server without sign-in, else the signed-in user's own (named by their email)."""
    from ui import auth

    return auth.current_user() or DEFAULT_WORKSPACE


def presenting() -> str | None:
    """The workspace this session presents (a consultant in front of one client): pickers,
    search, "next example" and trees show its goals and the worked examples only."""
    return st.session_state.get(Keys.PRESENTING)


def library_or_stop(lang: Lang):
    """The library for a page that needs it; when it cannot be opened, a clear message and the
    page stops (never a traceback)."""
    try:
        return library()
    except SmartkitError:
        st.error(md(t("library.notice.unavailable", lang)), icon=":material/cloud_off:")
        st.stop()
