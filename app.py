"""smartkit: the router and frame. Run with ``streamlit run app.py``.

Builds the navigation over the step pages in ``pages/``, resolves the language, draws the
sidebar (language, progress, the draft so far) and runs the chosen page.
"""
import streamlit as st

from ui import frame, state

st.set_page_config(page_title="smartkit", page_icon=":material/target:", layout="centered")
state.init()
lang = frame.resolve_language()
page = frame.navigation(lang)
presenting = page.url_path == "meeting"
if presenting:
    st.set_page_config(layout="wide")
frame.draw_sidebar(lang, presenting=presenting)
page.run()
