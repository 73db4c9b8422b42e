"""Session state: every key the app keeps, declared once in :class:`Keys`.

The goal lives in one typed :class:`~smartkit.models.GoalDraft` under ``Keys.DRAFT``. Widgets
never own an answer: Streamlit deletes the keys of widgets that are not drawn (another page), so
each widget is seeded from the draft when its key is missing and writes back in its
``on_change`` callback (:func:`ui.widgets.bound`).
"""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from smartkit.errors import SmartkitError
from smartkit.i18n import Lang
from smartkit.models import GoalDraft, field_error
from smartkit.numbers import number_text
from ui.streamlit_internals import require_router

WIDGET_PREFIX = "w."
# Draft fields typed as text and read with smartkit.numbers.parse_number (ui.widgets.number_field),
# so "12,5" means 12.5 in Vietnamese and Persian digits are accepted.
# Dates typed as text (ui.widgets.date_field): the widget holds "2027-03-31".
DATE_FIELDS = frozenset({"start", "deadline"})
NUMBER_FIELDS = frozenset({"baseline", "benchmark", "target", "target_change_pct", "budget", "budget_change_pct"})


SHARE_PARAM = "share"  # ?share=<token>: a read-only link to one goal (ui.sharing, ui.library)


class Keys:
    """Every session-state key the app uses (widget keys are ``w.<field>``, see :func:`wkey`)."""

    DRAFT = "draft"                  # GoalDraft: the goal being written
    HISTORY = "history"              # pd.DataFrame | None: the merged daily history table
    HISTORY_ID = "history_id"        # str: content hash of the history (the cache key)
    HISTORY_SOURCE = "history_source"  # dict: {"kind": "demo"|"upload", "label": str}
    IMPORTS = "imports"              # list[dict]: one summary per uploaded file
    ERRORS = "errors"                # dict[str, SmartkitError]: field → error shown beside the widget
    #                                  (worded when drawn, in the language of the moment: ui.widgets.field_error)
    LANG_READY = "lang_ready"        # bool: the language was resolved for this session
    TODAY = "today"                  # date: "today" (tests pin it; else the real date)
    UPLOAD_NONCE = "upload_nonce"    # int: bumping it gives the uploaders fresh keys
    MEETING_DEMO = "meeting_demo"    # str: the demo shown in meeting mode
    GOAL_FILE_SEEN = "goal_file_seen"  # str: file id of the saved goal already loaded
    DEMO_LINK = "demo_link"          # str: the ``?demo=`` of the URL already loaded in this session
    DEMO_UNSAVED = "demo_unsaved"    # tuple | str | None: a demo loaded into an unstored session, as loaded
    #                                  (ui.autosave.autosave stores it once the user changes it)
    GO_TO = "go_to"                  # str: the step a back / next button asked for (ui.frame.navigation)
    # The goal library (ui/autosave.py): the stored goal this session writes, autosaved.
    GOAL_ID = "goal_id"              # str | None: id of the stored goal (also ?goal= in the URL)
    GOAL_VERSION = "goal_version"    # int | None: the stored version this session's draft is based on
    SAVED_KEY = "saved_key"          # tuple | None: (draft JSON, history id) of the last save
    CONFLICT = "conflict"            # StoredGoal | None: another session's newer save, to choose from
    WORKSPACE = "workspace"          # str | None: the workspace (client, brand) chosen in the library
    PRESENTING = "presenting"        # str | None: the workspace presented (ui.library.presenting)
    LIBRARY_NOTICE = "library_notice"  # str | None: message key of a library notice for the sidebar
    LIB_CONFIRM_DELETE = "library.confirm_delete"  # str | None: goal id whose permanent delete was asked once
    LIB_WORKSPACE = "library.workspace"  # library page filters and table (widgets)
    LIB_STATUS = "library.status"
    LIB_CHANNEL = "library.channel"
    LIB_SEARCH = "library.search"
    LIB_TABLE = "library.table"      # the table's key (with the nonce below, see library_table_key)
    LIB_TABLE_NONCE = "library.table_nonce"  # int: bumped after an action that removes the chosen row
    TRACK_SEEN = "track.seen"        # set[str]: file ids of newer exports already attached
    TRACK_NOTES = "track.notes"      # list[Message]: what the last attach said (overlap replaced...)
    # Widgets whose values callbacks read back (not bound to a draft field):
    LANG_PICK = "ui.lang"
    CALENDAR_PICK = "ui.calendar"
    DIGITS_TOGGLE = "ui.native_digits"
    DEMO_PICK = "ui.demo_pick"
    MEETING_PICK = "ui.meeting_pick"
    MEETING_SLIDER = "ui.meeting_slider"
    MEETING_BUDGET = "ui.meeting_budget"   # meeting mode's budget slider (with a budget plan)
    # Sections drawn only when opened (their open state is read back):
    CONTINUE_OPEN = "ui.continue"    # the "continue from a saved goal" expander on the first step
    ALL_KPIS_OPEN = "ui.kpis_all"    # the whole KPI catalogue on the KPIs step
    GOAL_UPLOAD = "ui.goal_upload"   # the saved-goal uploader


def wkey(field: str) -> str:
    """The widget key bound to a draft field."""
    return WIDGET_PREFIX + field


def library_table_key(nonce: int | None = None) -> str:
    """The library table's widget key: a new key (nothing selected) after the chosen goal was
    archived, restored or deleted, so the selection never moves onto the next goal under the
    same button (a double click archived two goals)."""
    nonce = st.session_state.get(Keys.LIB_TABLE_NONCE, 0) if nonce is None else nonce
    return Keys.LIB_TABLE if not nonce else f"{Keys.LIB_TABLE}.{nonce}"


def forget_library_selection() -> None:
    st.session_state[Keys.LIB_TABLE_NONCE] = st.session_state.get(Keys.LIB_TABLE_NONCE, 0) + 1


def init() -> None:
    """Create every key once per session."""
    ss = st.session_state
    ss.setdefault(Keys.DRAFT, GoalDraft())
    ss.setdefault(Keys.HISTORY, None)
    ss.setdefault(Keys.HISTORY_ID, None)
    ss.setdefault(Keys.HISTORY_SOURCE, None)
    ss.setdefault(Keys.IMPORTS, [])
    ss.setdefault(Keys.ERRORS, {})
    ss.setdefault(Keys.UPLOAD_NONCE, 0)
    if isinstance(ss[Keys.DRAFT], dict):  # a test may hand in a plain dict
        ss[Keys.DRAFT] = GoalDraft.from_dict(ss[Keys.DRAFT])


def draft() -> GoalDraft:
    try:
        return st.session_state[Keys.DRAFT]
    except KeyError:  # a page file run without app.py: the first request of a fresh server
        require_router()  # reruns the same URL through app.py
        raise


def lang() -> Lang:
    return draft().ui_lang


def today() -> dt.date:
    return st.session_state.get(Keys.TODAY) or dt.date.today()


def history() -> pd.DataFrame | None:
    return st.session_state.get(Keys.HISTORY)


def history_id() -> str | None:
    return st.session_state.get(Keys.HISTORY_ID)


def set_field(field: str, value: Any) -> bool:
    """Write one answer into the draft; on a value the model refuses, keep the draft as it was
    and remember a message for the widget (the widget keeps what the user typed)."""
    errors = st.session_state[Keys.ERRORS]
    try:
        setattr(draft(), field, value)
    except ValidationError as exc:  # our own message for the rule broken, never pydantic's English
        errors[field] = field_error(exc, in_file=False, kpi=draft().kpi)
        return False
    except SmartkitError as err:
        errors[field] = err
        return False
    errors.pop(field, None)
    return True


def refuse(field: str, err: SmartkitError) -> None:
    """Show ``err`` under the field's widget without touching the draft (e.g. text that is not
    a number)."""
    st.session_state[Keys.ERRORS][field] = err


def set_answer(field: str, value: Any) -> None:
    """Change an answer from code (not from its widget) and show it in the widget: the widget's
    value is replaced, which is allowed before the widget is drawn in this run (callbacks and
    page code above the widget)."""
    if set_field(field, value):
        key = wkey(field)
        if key in st.session_state:
            try:
                st.session_state[key] = (number_text(value, lang()) if field in NUMBER_FIELDS
                                         else (value.isoformat() if value else "") if field in DATE_FIELDS
                                         else value)
            except st.errors.StreamlitAPIException:
                del st.session_state[key]


def replace_draft(new: GoalDraft) -> None:
    """Start over from another draft (a demo, a saved goal), keeping the UI language."""
    old = draft()
    new = new.model_copy(update={"lang": old.lang, "calendar": old.calendar})
    st.session_state[Keys.DRAFT] = GoalDraft.model_validate(new.model_dump())
    st.session_state[Keys.ERRORS] = {}
    reset_widgets()


def reset_widgets() -> None:
    """Forget every bound widget's value, so widgets re-read the draft on their next draw."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(WIDGET_PREFIX)]:
        del st.session_state[key]


def set_history(frame: pd.DataFrame | None, source: dict | None, digest: str | None = None) -> None:
    ss = st.session_state
    ss[Keys.HISTORY] = frame
    ss[Keys.HISTORY_SOURCE] = source
    if frame is None:
        ss[Keys.HISTORY_ID] = None
    else:
        ss[Keys.HISTORY_ID] = digest or hashlib.sha1(
            pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes()).hexdigest()


def draft_key(d: GoalDraft | None = None) -> str:
    """The draft as a string: the cache key of everything computed from it."""
    return (d or draft()).model_dump_json()
