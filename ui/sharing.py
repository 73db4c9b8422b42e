"""Read-only links: the owner's share panel, and what a ``?share=<token>`` page shows (the stored
goal's brief, its live pacing and its downloads)."""
from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from smartkit.errors import SmartkitError
from smartkit.i18n import Lang, t
from smartkit.models import GoalDraft
from ui import data, state
from ui.state import SHARE_PARAM
from ui.autosave import autosave, demo_untouched, flush, goal_id
from ui.library import client_of, library
from ui.tracking import assessment_context, history_digest, stored_assessment
from ui.widgets import md



def share_panel(lang: Lang) -> None:
    """The owner's read-only link: create it, see it, revoke it."""
    if goal_id() is None:  # a goal written in this run: store it now (a demo nobody changed: on "create")
        autosave()
    gid = goal_id()
    if gid is None and not demo_untouched():
        return
    lib = library()
    live = lib.live_share_token(gid) if gid else None
    with st.container(border=True):
        st.markdown(f"**{md(t('library.share.link_title', lang))}**")
        st.caption(md(t("library.share.link_help", lang)))
        if live:
            st.code(share_url(live), language=None, wrap_lines=True)
            if st.button(t("library.share.revoke", lang), key="library.share_revoke", icon=":material/link_off:"):
                lib.revoke_share(gid)
                st.rerun()
        elif st.button(t("library.share.create", lang), key="library.share_create", icon=":material/link:"):
            flush()  # a demo opened from a link is stored now: a link needs a stored goal
            if goal_id():
                lib.share_token(goal_id())
            st.rerun()


def share_url(token: str) -> str:
    """The link to give: this app's root address with ``?share=<token>`` (and the language); any
    page's address with ``?share=`` shows the brief alone."""
    from urllib.parse import urlencode, urlsplit

    try:
        here = urlsplit(st.context.url or "")
        base = f"{here.scheme}://{here.netloc}/" if here.netloc else "/"
    except Exception:  # noqa: BLE001 - no browser context (tests)
        base = "/"
    return base + "?" + urlencode({SHARE_PARAM: token, "lang": state.lang().code})


# ----------------------------------------------------------------------------- the shared page


def shared_goal(token: str):
    """``(stored goal, its history)`` for a live share token, else None (wrong, revoked, empty or
    a library that cannot be read: the page then says the link is no longer valid)."""
    if not token or len(token) > 200:
        return None
    try:
        lib = library()
        stored = lib.goal_for_share_token(token)
        if stored is None:
            return None
        return stored, lib.history(stored.id)
    except SmartkitError:
        return None


def live_pacing(stored: Any, history: pd.DataFrame | None, today: dt.date):
    """Where a stored goal stands now on its stored history (None before it can be paced)."""
    if history is None:
        return None
    return stored_assessment(stored, history, today).tracking


def brief_of(stored: Any, history: pd.DataFrame | None, lang: Lang, today: dt.date):
    """The goal brief's content (smartkit.reports) in the viewer's language, with its stored
    sub-goals, from the goal's one assessment."""
    from smartkit.reports.brief import build_brief

    lib = library()
    subgoals = [lib.get(child.id).goal for child in lib.children(stored.id)]
    return build_brief(stored.goal, history, lang, today, workspace=client_of(stored.workspace), subgoals=subgoals or None,
                       chart=False, assessment=stored_assessment(stored, history, today))


def fact_rows(facts: list) -> None:
    """The brief's labelled figures, one line each (label, value, note), as plain text."""
    with st.container(border=True):
        for fact in facts:
            label, value, note = st.columns([2, 2, 3])
            label.text(fact.label)
            value.text(fact.value or "—")
            if fact.note:
                note.text(fact.note)


SHARE_FORMS = (("pdf", "application/pdf", ":material/picture_as_pdf:"), ("png", "image/png", ":material/description:"),
               ("csv", "text/csv", ":material/table:"), ("json", "application/json", ":material/download:"))


@st.cache_data(show_spinner=False, max_entries=16)
def _shared_file(form: str, draft_json: str, history_id: str | None, _history: pd.DataFrame | None,
                 today: dt.date, lang: Lang, workspace: str, subgoals_json: tuple[str, ...],
                 context: tuple = ()) -> tuple[str, bytes]:
    from smartkit.reports import export_files

    subgoals = [GoalDraft.model_validate_json(j) for j in subgoals_json] or None
    made = export_files(GoalDraft.model_validate_json(draft_json), _history, form, lang=lang, today=today,
                        workspace=workspace, subgoals=subgoals,
                        assessment=data.goal_assessment(history_id, _history, draft_json, today, context))
    return next(iter(made.items()))


def brief_downloads(stored: Any, history: pd.DataFrame | None, lang: Lang, today: dt.date, *,
                    key_prefix: str) -> None:
    """The brief's downloads (smartkit.reports), made when clicked, for the shared goal."""
    from smartkit.reports import file_name

    lib = library()
    subgoals = tuple(lib.get(child.id).goal.model_dump_json() for child in lib.children(stored.id))
    args = (state.draft_key(stored.goal), history_digest(history), history, today, lang, client_of(stored.workspace),
            subgoals, assessment_context(stored.id))
    kinds = {"pdf": "brief", "png": "brief", "csv": "kpi-table", "json": "goal"}
    st.subheader(t("library.share.downloads", lang), anchor=False)
    cols = st.columns(len(SHARE_FORMS))
    for col, (form, mime, icon) in zip(cols, SHARE_FORMS):
        col.download_button(form.upper(), key=f"{key_prefix}.download.{form}", on_click="ignore", mime=mime,
                            file_name=file_name(stored.goal, kinds[form], today, form), icon=icon, width="stretch",
                            data=lambda form=form: _shared_file(form, *args)[1])
