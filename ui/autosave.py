"""The session's goal, kept in the goal library as the user goes.

* :func:`resume` (every run, before the navigation): a ``?goal=<id>`` in the URL that this session
  is not bound to yet is loaded from the library (draft, imported history, what was imported), so
  a reload, a new tab or a server restart continues where the user was.
* :func:`autosave` (every run, after the page, also when the page stops or switches): the draft and
  the history are written when they changed since the last save; the first answer creates the
  goal and puts its id in the URL. A save is one transaction of the library.
* Two sessions on one goal: the library refuses a save made on an older version
  (:class:`~smartkit.storage.VersionConflictError`); :func:`conflict_panel` shows both versions'
  differences and lets the user keep theirs or take the other one. Nothing is saved meanwhile.
* :func:`follow` and :func:`attach`: after a library call that changed the stored goal (a status,
  a review, newer data), the session works on what the library now holds.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pandas as pd
import streamlit as st

from smartkit.errors import SmartkitError
from smartkit.i18n import Lang, fmt_date, has, t
from smartkit.models import GoalDraft
from ui import state
from ui.library import default_workspace, library
from ui.state import Keys
from ui.widgets import md

GOAL_PARAM = "goal"
# Fields that belong to the person looking, not to the goal: never a reason to save or a conflict.
VIEW_FIELDS = ("lang", "calendar", "native_digits")


def goal_id() -> str | None:
    return st.session_state.get(Keys.GOAL_ID)


def is_blank(draft: GoalDraft) -> bool:
    """Nothing answered yet (only the view settings): not worth a goal in the library."""
    return draft.model_dump(exclude=set(VIEW_FIELDS)) == GoalDraft().model_dump(exclude=set(VIEW_FIELDS))


def _saved_key() -> tuple[str, str | None]:
    return state.draft_key(_goal_part(state.draft())), state.history_id()


def _goal_part(draft: GoalDraft) -> GoalDraft:
    return draft.model_copy(update={f: GoalDraft.model_fields[f].default for f in VIEW_FIELDS})


# ----------------------------------------------------------------------------- binding


def bind(stored: Any, *, load_history: bool = True) -> None:
    """Make ``stored`` the goal of this session: its draft (the view settings stay the user's),
    its history and what was imported, its version; the URL names it."""
    ss = st.session_state
    state.replace_draft(stored.goal)
    ss[Keys.GOAL_ID] = stored.id
    ss[Keys.GOAL_VERSION] = stored.version
    ss[Keys.WORKSPACE] = stored.workspace
    ss[Keys.CONFLICT] = None
    if load_history:
        _load_history(stored.id)
    ss[Keys.SAVED_KEY] = _saved_key()
    st.query_params[GOAL_PARAM] = stored.id


def unbind() -> None:
    """The session writes a new goal from now on (start over)."""
    ss = st.session_state
    for key in (Keys.GOAL_ID, Keys.GOAL_VERSION, Keys.SAVED_KEY, Keys.CONFLICT):
        ss[key] = None
    if GOAL_PARAM in st.query_params:
        del st.query_params[GOAL_PARAM]


def _load_history(gid: str) -> None:
    """The stored history and what the wizard knew about it: where it came from and each file
    (its name, tool, own dates and warnings), from the import record stored with it."""
    lib = library()
    frame = lib.history(gid)
    ss = st.session_state
    if frame is None or not len(frame):
        state.set_history(None, None)
        ss[Keys.IMPORTS] = []
        return
    attached = lib.histories(gid)
    imports: list[dict] = []
    for row in attached:  # the wizard's uploads, then newer exports attached on the Track page
        record = row.get("record") if isinstance(row.get("record"), dict) else None
        if record is not None:
            imports += _stored_imports(record.get("files"), row["table"])
        else:  # attached without a record (the command line, the Track page): its own table's dates
            imports += _one_import(row["source"], row["warnings"], row["table"])
    last = attached[-1] if attached else {"source": "", "record": None}
    origin = (last.get("record") or {}).get("origin") if isinstance(last.get("record"), dict) else None
    state.set_history(frame, origin if isinstance(origin, dict) else {"kind": "stored", "label": last["source"]})
    ss[Keys.IMPORTS] = imports


def _notes(warnings: list | None, messages: list | None = None) -> list:
    """A file's warnings as messages, rendered in the language of the moment when they are drawn:
    the messages kept with the import record (:func:`import_record`), else the text stored (as
    worded when it was imported; older records and the command line keep only that)."""
    from smartkit.i18n import Message

    if isinstance(messages, list) and messages:
        try:
            return [Message.from_data(m) for m in messages]
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # a record from elsewhere: its text below
    return [Message("library.stored_warning", {"text": str(w)}) for w in warnings or []]


def _stored_imports(items: list | None, frame: pd.DataFrame) -> list[dict]:
    """The baseline step's list of imported files, as recorded when they were imported: each
    with its own name, dates and warnings (as worded then)."""
    files = [item for item in items or [] if isinstance(item, dict)]
    return [{**item, "file": str(item.get("file", "")), "source": item.get("source") or "",
             "start": _day(item.get("start")) or frame.index[0].date(),
             "end": _day(item.get("end")) or frame.index[-1].date(),
             "periods": item.get("periods") or len(frame), "granularity": item.get("granularity") or "day",
             "warnings": _notes(item.get("warnings"), item.get("messages")),
             "merges": list(item.get("merges") or [])}
            for item in files]


def _one_import(label: str, warnings: list, frame: pd.DataFrame) -> list[dict]:
    from smartkit.i18n import Message

    notes = [w for w in warnings if isinstance(w, Message)] or _notes(warnings)
    if not notes and not label:
        return []
    return [{"file": label, "source": "", "start": frame.index[0].date(), "end": frame.index[-1].date(),
             "periods": len(frame), "granularity": "day", "warnings": notes, "metrics": list(frame.columns)}]


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def resume() -> None:
    """A session not bound to a goal yet loads the goal its link names (a reload, a new tab, a
    restarted server all start a new session); a bound session keeps its goal's id in the URL
    (a page switch drops query parameters, and a stale one never switches the goal)."""
    ss = st.session_state
    wanted = st.query_params.get(GOAL_PARAM)
    bound_id = goal_id()
    if wanted and bound_id is None:
        from smartkit.storage import GoalNotFoundError

        try:
            stored = library().get(wanted)
        except GoalNotFoundError:
            ss[Keys.LIBRARY_NOTICE] = "library.notice.not_found"
            del st.query_params[GOAL_PARAM]
            return
        except SmartkitError:  # the library cannot be opened: the link stays for a later reload
            ss[Keys.LIBRARY_NOTICE] = "library.notice.unavailable"
            return
        bind(stored)
    elif bound_id and wanted != bound_id:
        st.query_params[GOAL_PARAM] = bound_id


# ----------------------------------------------------------------------------- saving


DEMO_AS_LOADED = "as_loaded"  # Keys.DEMO_UNSAVED until the first save point after a demo was loaded
# Filled in by the wizard itself when a page opens (not an answer): not a reason to store a demo.
DERIVED_FIELDS = ("deadline_choice",)


def _untouched_key() -> tuple[str, str | None]:
    draft = _goal_part(state.draft())
    return state.draft_key(draft.model_copy(update={f: None for f in DERIVED_FIELDS})), state.history_id()


def demo_untouched() -> bool:
    """A demo loaded into a session not stored yet (a ``?demo=`` link, the demo button) and not
    changed since: no copy in the library until the user changes something (four visits of a
    demo link made four copies)."""
    ss = st.session_state
    loaded = ss.get(Keys.DEMO_UNSAVED)
    if loaded is None or goal_id() is not None:
        return False
    if loaded == DEMO_AS_LOADED:  # the first save point after the demo was loaded: remember it
        ss[Keys.DEMO_UNSAVED] = _untouched_key()
        return True
    return loaded == _untouched_key()


def autosave(force: bool = False) -> None:
    """Write what changed since the last save (see the module docstring). Never raises: a
    library that cannot be written keeps the draft in the session and says so. A demo nobody
    changed yet is stored only when ``force``d (:func:`flush`: an action that needs it stored)."""
    ss = st.session_state
    if ss.get(Keys.CONFLICT) is not None:
        return
    key = _saved_key()
    if key == ss.get(Keys.SAVED_KEY):
        return
    draft = state.draft()
    if goal_id() is None and is_blank(draft):
        return
    if not force and demo_untouched():
        return
    ss[Keys.DEMO_UNSAVED] = None
    from smartkit.storage import AccessDeniedError, VersionConflictError

    try:
        _write(draft, key)
    except VersionConflictError as err:
        ss[Keys.CONFLICT] = err.stored
        st.rerun()  # the page was drawn before the save: show the choice now
    except AccessDeniedError:  # a viewer trying answers out: kept in the session, never stored
        ss[Keys.LIBRARY_NOTICE] = "library.notice.read_only"
    except SmartkitError as err:
        ss[Keys.LIBRARY_NOTICE] = err.key
    except Exception:  # noqa: BLE001 - a database that is gone must not lose the page
        import logging

        logging.getLogger(__name__).exception("autosave failed")
        ss[Keys.LIBRARY_NOTICE] = "library.notice.save_failed"


def _write(draft: GoalDraft, key: tuple[str, str | None]) -> None:
    ss = st.session_state
    lib = library()
    previous = ss.get(Keys.SAVED_KEY) or (None, None)
    gid = goal_id()
    if gid is None:
        stored = lib.create(draft, workspace=ss.get(Keys.WORKSPACE) or default_workspace(), owner=draft.owner)
        ss[Keys.GOAL_ID] = gid = stored.id
        ss[Keys.GOAL_VERSION] = stored.version
        st.query_params[GOAL_PARAM] = gid
    elif key[0] != previous[0]:
        stored = lib.save(gid, draft, expected_version=ss[Keys.GOAL_VERSION])
        ss[Keys.GOAL_VERSION] = stored.version
    if key[1] != previous[1]:
        _write_history(lib, gid)
    ss[Keys.SAVED_KEY] = key


SOURCE_LIMIT = 300  # characters the library keeps of a history's source (a label; the record is apart)
RECORD_FIELDS = ("file", "source", "start", "end", "periods", "granularity", "metrics", "merges")


def import_record() -> dict[str, Any]:
    """What the wizard knows about its history, as stored with it: where it came from (a demo,
    uploads) and each file (name, tool, its own first and last day, periods, its warnings
    worded in the user's language, and as messages, ``messages``, so a reload words them in the
    language of the moment; a file's merge warnings are said by its merge notes)."""
    from smartkit.importers import besides_merge_notes

    ss = st.session_state
    files = []
    for item in ss.get(Keys.IMPORTS) or []:
        entry = {k: v for k, v in item.items() if k in RECORD_FIELDS}
        shown = besides_merge_notes(item["warnings"], item.get("merges"))
        entry["warnings"] = [w.render(state.lang()) if hasattr(w, "render") else str(w) for w in shown]
        entry["messages"] = _message_data(shown)
        files.append(entry)
    return {"origin": ss.get(Keys.HISTORY_SOURCE), "files": files}


def _write_history(lib: Any, gid: str) -> None:
    """The wizard's history replaces the stored one (a new upload is a new baseline), with its
    import record so a resumed session (a reload, a restarted server) shows the same files."""
    record = import_record()
    names = [str(item.get("file", "")) for item in record["files"]]
    origin = record["origin"] or {}
    label = ", ".join(names) if names else (f"{origin.get('kind')}: {origin.get('id')}" if origin.get("id") else "")
    warnings = [w for item in record["files"] for w in item["warnings"]]
    lib.replace_history(gid, state.history(), label[:SOURCE_LIMIT], warnings, record=record)


def flush() -> None:
    """Save now (before an action that needs the goal stored, e.g. starting a sub-goal), also a
    demo nobody changed yet."""
    autosave(force=True)


# ----------------------------------------------------------------------------- conflicts


def differences(mine: GoalDraft, theirs: GoalDraft, lang: Lang) -> list[dict[str, str]]:
    """Field by field, what differs between two versions of a goal (view settings left out)."""
    from smartkit.storage import goal_differences

    rows = []
    for field, a, b in goal_differences(mine, theirs):
        if field in VIEW_FIELDS:
            continue
        rows.append({t("library.conflict.field", lang): field_label(field, lang),
                     t("library.conflict.mine", lang): _shown(a),
                     t("library.conflict.theirs", lang): _shown(b)})
    return rows


def field_label(field: str, lang: Lang) -> str:
    """A field's label in the language (the wizard's, when it has no placeholder), else its name."""
    key = f"ui.field.{field}"
    return t(key, lang) if has(key) and "{" not in t(key, "en") else field


def _shown(value: Any) -> str:
    return "—" if value is None or value == {} else str(value)


def _keep_mine() -> None:
    ss = st.session_state
    theirs = ss.get(Keys.CONFLICT)
    if theirs is None:  # already settled (a second click queued before the rerun)
        return
    ss[Keys.CONFLICT] = None
    ss[Keys.GOAL_VERSION] = theirs.version
    ss[Keys.SAVED_KEY] = None  # save everything again, over their version
    autosave()


def _take_theirs() -> None:
    ss = st.session_state
    theirs = ss.get(Keys.CONFLICT)
    if theirs is not None:  # None: already settled (a second click queued before the rerun)
        bind(theirs)


def conflict_panel(lang: Lang) -> None:
    """When another session saved this goal in between: both versions' differences and the choice."""
    theirs = st.session_state.get(Keys.CONFLICT)
    if theirs is None:
        return
    with st.container(border=True):
        st.warning(md(t("library.conflict.title", lang, when=fmt_date(_date_of(theirs.updated_at), lang))),
                   icon=":material/sync_problem:")
        rows = differences(state.draft(), theirs.goal, lang)
        if rows:
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        else:
            st.caption(md(t("library.conflict.same", lang)))
        mine, theirs_col = st.columns(2)
        mine.button(t("library.conflict.keep_mine", lang), key="library.keep_mine", on_click=_keep_mine,
                    icon=":material/person:", width="stretch", type="primary")
        theirs_col.button(t("library.conflict.take_theirs", lang), key="library.take_theirs",
                          on_click=_take_theirs, icon=":material/group:", width="stretch")


def _date_of(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


# ----------------------------------------------------------------------------- sidebar


def sidebar(lang: Lang) -> None:
    """Where the library lives (without sign-in: the user's own machine), and a notice when the
    last save failed."""
    notice = st.session_state.pop(Keys.LIBRARY_NOTICE, None)
    with st.sidebar:
        st.divider()
        if notice:
            st.warning(md(t(notice, lang)), icon=":material/warning:")
        from ui import auth

        if not auth.configured():  # a shared server's files and database are not its users' business
            try:
                where = library().url_for_display
            except Exception:  # noqa: BLE001 - the sidebar never breaks the page
                where = "—"
            st.caption(md(t("library.sidebar.where", lang)))
            st.caption(md(where))  # plain text: a code block would load the highlighter on every first page
        if goal_id():
            st.caption(md(t("library.sidebar.autosaved", lang)))


# ----------------------------------------------------------------------------- following the library


def follow(stored: Any) -> None:
    """After a library call that changed the goal (status, review): this session follows it."""
    ss = st.session_state
    if stored is None or stored.version == ss.get(Keys.GOAL_VERSION):
        return
    if _goal_part(stored.goal) != _goal_part(state.draft()):
        state.replace_draft(stored.goal)
    ss[Keys.GOAL_VERSION] = stored.version
    ss[Keys.SAVED_KEY] = _saved_key()


def _message_data(warnings: list) -> list[dict] | None:
    """Messages as data for a record (None when one of them is text or a message of its own kind)."""
    from smartkit.i18n import Message

    if not all(type(w) is Message for w in warnings):
        return None
    try:
        data = [w.to_data() for w in warnings]
        json.dumps(data)
    except (TypeError, ValueError):
        return None
    return data


def attach(table: pd.DataFrame, source: str, warnings: list) -> list:
    """Newer data for the session's goal: the stored history is extended (overlapping days take
    the newer figures) and the session works on the result. Returns the warnings to show, as
    messages (rendered when drawn, in the language of the moment); ``warnings``: the import's."""
    from smartkit.analysis.tracking import extend_history

    lib = library()
    gid = goal_id()
    autosave()  # the goal as it is now, before its history changes
    _, notes = extend_history(lib.history(gid), table)  # the same notes the library words
    imported = _one_import(source, warnings, table)
    record = {"origin": {"kind": "stored", "label": source},
              "files": [{**{k: v for k, v in item.items() if k in RECORD_FIELDS},
                         "warnings": [w.render(state.lang()) for w in item["warnings"]],
                         "messages": _message_data(item["warnings"])} for item in imported]}
    lib.attach_history(gid, table, source, warnings, record=record)
    frame = lib.history(gid)
    state.set_history(frame, {"kind": "stored", "label": source})
    ss = st.session_state
    ss[Keys.IMPORTS] = [*(ss.get(Keys.IMPORTS) or []), *imported]  # as after a reload
    ss[Keys.SAVED_KEY] = _saved_key()
    return list(notes)
