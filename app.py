"""smartkit: the router and frame. Run with ``streamlit run app.py``.

Builds the navigation over the step pages in ``pages/``, resolves the language, draws the
sidebar (language, progress, the draft so far) and runs the chosen page.
"""
import streamlit as st

from ui import auth, autosave, flow, frame, sharing, state
from ui.streamlit_internals import require_router

st.set_page_config(page_title="smartkit", page_icon=":material/target:")  # layout: once the page is known
require_router()  # a fresh server's first run: Streamlit's old pages/ mode off
state.init()
lang = frame.resolve_language()
if sharing.SHARE_PARAM in st.query_params:  # a read-only link: the brief alone, nothing else
    st.navigation([st.Page("pages/share.py", url_path="share")], position="hidden").run()
    st.stop()
auth.require_sign_in(lang)  # a server with sign-in: nothing but the sign-in screen until signed in
autosave.resume()
flow.demo_from_link(lang)  # ?demo=<id> on any page: that worked example, once per session
flow.follow_history()  # a baseline measured on the data, before the sidebar shows the draft
page = frame.navigation(lang)
presenting = page.url_path == "meeting"
# One layout call per run (two calls made the page flip between wide and centered); meeting mode
# is wide with the editing sidebar collapsed.
st.set_page_config(layout="wide" if presenting or page.url_path == "library" else "centered",  # library: a wide table
                   initial_sidebar_state="collapsed" if presenting else "auto")
frame.draw_sidebar(lang, presenting=presenting)
auth.sidebar(lang)
if not presenting:
    autosave.sidebar(lang)
autosave.conflict_panel(lang)
try:
    page.run()
finally:  # also when the page stops or switches: the answers are saved as the user goes
    autosave.autosave()
