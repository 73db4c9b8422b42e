"""The Streamlit shell around smartkit: session state, the frame (router helpers, sidebar,
language) and shared widgets. Only ``app.py`` and ``pages/`` import it."""
