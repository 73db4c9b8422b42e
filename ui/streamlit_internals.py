"""The one place the app touches Streamlit's private internals: the router workaround.

Why it exists: a folder named ``pages/`` beside ``app.py`` switches on Streamlit's old multipage
mode. Until the first ``st.navigation`` has run in a server, a link to ``/goal`` runs
``pages/goal.py`` by itself (no state, language, sidebar or our navigation). No public API
switches that mode off or runs the main script from a page, so :func:`require_router` uses:

* ``PagesManager.uses_pages_directory`` (class attribute: the old mode is on for the server),
* ``get_script_run_ctx()`` and its ``pages_manager`` (``main_script_path``, ``main_script_hash``,
  ``get_page_script_byte_code``) and ``run_with_active_hash``.

Nothing else in the app may import ``streamlit.runtime``. ``tests/test_streamlit_internals.py``
checks every name in :data:`INTERNALS` and fails, naming the installed Streamlit version, when
an upgrade drops one (written against Streamlit :data:`WRITTEN_FOR`); then rework this module.
"""
from __future__ import annotations

import types

import streamlit as st

WRITTEN_FOR = "1.67"
# Every private name used below, as "module:attribute.attribute" (checked by the test).
INTERNALS = (
    "streamlit.runtime.pages_manager:PagesManager.uses_pages_directory",
    "streamlit.runtime.pages_manager:PagesManager.main_script_path",
    "streamlit.runtime.pages_manager:PagesManager.main_script_hash",
    "streamlit.runtime.pages_manager:PagesManager.get_page_script_byte_code",
    "streamlit.runtime.scriptrunner_utils.script_run_context:get_script_run_ctx",
    "streamlit.runtime.scriptrunner_utils.script_run_context:ScriptRunContext.pages_manager",
    "streamlit.runtime.scriptrunner_utils.script_run_context:ScriptRunContext.run_with_active_hash",
)


def require_router() -> None:
    """Make sure this run goes through ``app.py``: called first thing by the router, by every
    step (:func:`ui.frame.page_header`), by the pages outside the steps, and by
    ``ui.state.draft()`` when a page finds no session yet.

    While no ``st.navigation`` has run in the server yet, Streamlit treats the folder ``pages/``
    beside ``app.py`` as its old multipage layout and runs the page file a link names by itself:
    without state, language, sidebar or our navigation (the first request of a fresh server for
    ``/goal``). This switches that mode off for the server and runs ``app.py`` in its place, in
    this same run (a rerun would drop a click the run carries); ``app.py``'s navigation resolves
    the same URL (``/goal`` is ``pages/goal.py``) and runs the page; then this run stops."""
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    if not PagesManager.uses_pages_directory:
        return
    PagesManager.uses_pages_directory = False
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    router = ctx.pages_manager.main_script_path
    module = types.ModuleType("__main__")
    module.__dict__["__file__"] = str(router)
    with ctx.run_with_active_hash(ctx.pages_manager.main_script_hash):  # app.py's own widget ids
        exec(ctx.pages_manager.get_page_script_byte_code(str(router)), module.__dict__)  # noqa: S102
    st.stop()
