"""The goal library in the app: the session's draft bound to a stored goal.

* :func:`resume` (every run, before the navigation): a ``?goal=<id>`` in the URL that this session
  is not bound to yet is loaded from the library (draft, imported history, what was imported), so
  a reload, a new tab or a server restart continues where the user was.
* :func:`autosave` (every run, after the page, also when the page stops or switches): the draft and
  the history are written when they changed since the last save; the first answer creates the
  goal and puts its id in the URL. A save is one transaction of the library.
* Two sessions on one goal: the library refuses a save made on an older version
  (:class:`~smartkit.storage.VersionConflictError`); :func:`conflict_panel` shows both versions'
  differences and lets the user keep theirs or take the other one. Nothing is saved meanwhile.
"""
from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
import streamlit as st

from smartkit.errors import SmartkitError
from smartkit.i18n import Lang, fmt_date, has, t
from smartkit.models import GoalDraft
from ui import state
from ui.state import Keys
from ui.widgets import md

GOAL_PARAM = "goal"
SHARE_PARAM = "share"
# Fields that belong to the person looking, not to the goal: never a reason to save or a conflict.
VIEW_FIELDS = ("lang", "calendar", "native_digits")
DEFAULT_WORKSPACE = "default"  # the workspace of goals written without choosing one


def workspace_label(name: str | None, lang: Lang) -> str:
    """A workspace as shown: the unnamed default one in the user's language, others as typed."""
    return t("qa.workspace.default", lang) if name in (None, DEFAULT_WORKSPACE) else name


def client_of(workspace: str | None) -> str | None:
    """The client a brief is "prepared for": none for the default workspace."""
    return None if workspace in (None, DEFAULT_WORKSPACE) else workspace


@st.cache_resource(show_spinner=False)
def _open(url: str):
    from smartkit.storage import Library

    return Library(url)


def library():
    """The library this app uses (``SMARTKIT_DATABASE_URL``, else the default file), opened once
    per process and URL (opening runs the schema migrations)."""
    from smartkit.storage import default_database_url

    return _open(default_database_url())


def library_or_stop(lang: Lang):
    """The library for a page that needs it; when it cannot be opened, a clear message and the
    page stops (never a traceback)."""
    try:
        return library()
    except SmartkitError:
        st.error(md(t("library.notice.unavailable", lang)), icon=":material/cloud_off:")
        st.stop()


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


def _notes(warnings: list | None) -> list:
    from smartkit.i18n import Message

    return [Message("library.stored_warning", {"text": str(w)}) for w in warnings or []]


def _stored_imports(items: list | None, frame: pd.DataFrame) -> list[dict]:
    """The baseline step's list of imported files, as recorded when they were imported: each
    with its own name, dates and warnings (as worded then)."""
    files = [item for item in items or [] if isinstance(item, dict)]
    return [{**item, "file": str(item.get("file", "")), "source": item.get("source") or "",
             "start": _day(item.get("start")) or frame.index[0].date(),
             "end": _day(item.get("end")) or frame.index[-1].date(),
             "periods": item.get("periods") or len(frame), "granularity": item.get("granularity") or "day",
             "warnings": _notes(item.get("warnings")), "merges": list(item.get("merges") or [])}
            for item in files]


def _one_import(label: str, warnings: list[str], frame: pd.DataFrame) -> list[dict]:
    notes = _notes(warnings)
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


def _demo_untouched() -> bool:
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
    if not force and _demo_untouched():
        return
    ss[Keys.DEMO_UNSAVED] = None
    from smartkit.storage import VersionConflictError

    try:
        _write(draft, key)
    except VersionConflictError as err:
        ss[Keys.CONFLICT] = err.stored
        st.rerun()  # the page was drawn before the save: show the choice now
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
        stored = lib.create(draft, workspace=ss.get(Keys.WORKSPACE) or "default", owner=draft.owner)
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
MERGE_WARNING = "import.warning.merge_duplicate_metric"  # said by the file's merge notes instead


def import_record() -> dict[str, Any]:
    """What the wizard knows about its history, as stored with it: where it came from (a demo,
    uploads) and each file (name, tool, its own first and last day, periods, its warnings
    worded in the user's language)."""
    ss = st.session_state
    files = []
    for item in ss.get(Keys.IMPORTS) or []:
        entry = {k: v for k, v in item.items() if k in RECORD_FIELDS}
        merged = bool(item.get("merges"))
        entry["warnings"] = [w.render(state.lang()) if hasattr(w, "render") else str(w) for w in item["warnings"]
                             if not (merged and getattr(w, "key", None) == MERGE_WARNING)]
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
    """Where the library lives, and a notice when the last save failed."""
    notice = st.session_state.pop(Keys.LIBRARY_NOTICE, None)
    with st.sidebar:
        st.divider()
        if notice:
            st.warning(md(t(notice, lang)), icon=":material/warning:")
        try:
            where = library().url_for_display
        except Exception:  # noqa: BLE001 - the sidebar never breaks the page
            where = "—"
        st.caption(md(t("library.sidebar.where", lang)))
        st.caption(md(where))  # plain text: a code block would load the highlighter on every first page
        if goal_id():
            st.caption(md(t("library.sidebar.autosaved", lang)))


# ----------------------------------------------------------------------------- the library page

PACE_STATUSES = ("on_track", "at_risk", "off_track")
SUMMARY_COLUMNS = ("name", "status", "kpi", "target", "deadline", "pacing", "review")


def summary_table(goals: list, lang: Lang, today: dt.date | None = None) -> pd.DataFrame:
    """One row per goal, every cell plain text in the language (formatted once per distinct value:
    a library of a thousand goals repeats its KPIs, statuses and dates)."""
    from functools import lru_cache
    from types import SimpleNamespace

    from ui.widgets import kpi_text

    @lru_cache(maxsize=None)
    def text(key: str) -> str:
        return t(key, lang)

    @lru_cache(maxsize=None)
    def day(value: dt.date) -> str:
        return fmt_date(value, lang)

    @lru_cache(maxsize=None)
    def target(kpi: str | None, value: float | None) -> str:
        return kpi_text(SimpleNamespace(kpi=kpi, currency=None), value, lang)

    if len(_ROWS) > ROW_CACHE:
        _ROWS.clear()
    rows = []
    for g in goals:
        key = (lang, g.id, g.version, g.name, g.status, g.kpi, g.target, g.deadline, g.pacing, g.review_due,
               g.next_review)
        row = _ROWS.get(key)
        if row is None:
            row = _ROWS[key] = (
                g.name or text("library.unnamed"),
                text(f"library.status.{g.status}"),
                text(f"kpi.{g.kpi}.name") if g.kpi else "—",
                target(g.kpi, g.target),
                day(g.deadline) if g.deadline else "—",
                text(f"ui.pacing.{g.pacing}") if g.pacing in PACE_STATUSES else "—",
                text("library.review_due") if g.review_due else (day(g.next_review) if g.next_review else "—"),
            )
        rows.append(row)
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


# A row's cells, formatted once per language and summary (a rerun of a 1,000-goal library then
# formats only what changed); cleared when it grows past ROW_CACHE rows.
_ROWS: dict[tuple, tuple[str, ...]] = {}
ROW_CACHE = 50_000


# Pixel widths that fit the seven columns in a laptop's wide page (long names are cut, in full on hover).
COLUMN_WIDTHS = {"name": 175, "status": 75, "kpi": 130, "target": 65, "deadline": 115, "pacing": 90, "review": 125}


def summary_columns(lang: Lang) -> dict:
    return {c: st.column_config.TextColumn(t(f"library.column.{c}", lang), width=COLUMN_WIDTHS[c])
            for c in SUMMARY_COLUMNS}


def page_for(status: str) -> str:
    """Where an opened goal continues: tracking for a goal under way or over, else the first
    wizard step not done yet (the goal page when all are)."""
    from ui import frame

    if status in ("active", "achieved", "missed"):
        return frame.PAGE_FILES["track"]
    draft = state.draft()
    step = next((s for s in frame.STEPS if not frame.is_done(s, draft)), "goal")
    return frame.PAGE_FILES[step]


# ----------------------------------------------------------------------------- read-only link


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


def history_digest(history: pd.DataFrame | None) -> str | None:
    """A content hash of a history table (the cache key of everything computed from it)."""
    import hashlib

    if history is None:
        return None
    return hashlib.sha1(pd.util.hash_pandas_object(history, index=True).to_numpy().tobytes()).hexdigest()


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

    from ui import data

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


# ----------------------------------------------------------------------------- tracking and review


def _refresh(stored: Any) -> None:
    """After a library call that changed the goal (status, review): this session follows it."""
    ss = st.session_state
    if stored is None or stored.version == ss.get(Keys.GOAL_VERSION):
        return
    if _goal_part(stored.goal) != _goal_part(state.draft()):
        state.replace_draft(stored.goal)
    ss[Keys.GOAL_VERSION] = stored.version
    ss[Keys.SAVED_KEY] = _saved_key()


def goal_heading(stored: Any, lang: Lang) -> None:
    from smartkit.goals.statement import statement

    with st.container(border=True):
        st.caption(md(t("library.track.goal_of", lang, workspace=workspace_label(stored.workspace, lang),
                        status=t(f"library.status.{stored.status}", lang))))
        st.markdown("### " + md(statement(state.draft(), lang)))


def set_status(status: str, note: str | None = None) -> None:
    _refresh(library().set_status(goal_id(), status, note=note))


def attach(table: pd.DataFrame, source: str, warnings: list[str]) -> list[str]:
    """Newer data for the session's goal: the stored history is extended (overlapping days take
    the newer figures) and the session works on the result. Returns the warnings to show."""
    from ui.state import set_history

    lib = library()
    gid = goal_id()
    autosave()  # the goal as it is now, before its history changes
    notes = lib.attach_history(gid, table, source, warnings)
    frame = lib.history(gid)
    set_history(frame, {"kind": "stored", "label": source})
    ss = st.session_state
    ss[Keys.IMPORTS] = [*(ss.get(Keys.IMPORTS) or []), *_one_import(source, warnings, table)]  # as after a reload
    ss[Keys.SAVED_KEY] = _saved_key()
    return [n.render(state.lang()) if hasattr(n, "render") else str(n) for n in notes or []]


def actual_columns(kpi: Any) -> list[str]:
    """The figures to type for a day: the KPI itself, or a ratio's parts (never the ratio)."""
    if kpi.kind == "ratio":
        return list(dict.fromkeys([*kpi.numerator, *kpi.denominator]))
    return [kpi.id]


def typed_table(typed: pd.DataFrame, columns: list[str], lang: Lang | str = "en") -> pd.DataFrame:
    """Typed actuals as a history table (DatetimeIndex ``date``, one float column per metric);
    rows without a date or without any figure are left out. Each figure is read as the user's
    language writes numbers (:func:`smartkit.numbers.parse_number`: "12,5" is 12.5 in
    Vietnamese); below 0 only for a difference (net follower growth = new − lost)."""
    from smartkit.catalogue import KpiName, catalogue
    from smartkit.errors import HistoryError
    from smartkit.numbers import parse_number

    def figure(text: Any, column: str, day: Any) -> float:
        if text is None or (isinstance(text, float) and math.isnan(text)):
            return math.nan
        try:
            value = parse_number(text, lang)
        except SmartkitError as err:
            raise HistoryError("library.error.actual_cell", kpi=KpiName("kpi_name", {"id": column}), date=day,
                               problem=err.message(lang)) from None
        if value is None:
            return math.nan
        if value < 0 and not (column in catalogue() and catalogue().kpi(column).subtract):
            raise HistoryError("library.error.negative_actual", kpi=KpiName("kpi_name", {"id": column}),
                               date=day, value=value)
        return value

    rows = typed.dropna(subset=["date"])
    days = [_day(d) or d for d in rows["date"]]
    values = {c: [figure(text, c, day) for text, day in zip(rows[c], days)] for c in columns}
    table = pd.DataFrame(values, index=pd.DatetimeIndex(pd.to_datetime(rows["date"]), name="date"), dtype=float)
    table = table.dropna(how="all")
    if table.empty:
        raise HistoryError("library.error.no_actuals")
    return table.groupby(level=0).last().sort_index()


def _pacing_numbers() -> tuple[Any, dict[str, Any]]:
    """The documented pacing numbers as the tracking module defines them (said on the page)."""
    from statistics import NormalDist

    from smartkit.analysis.pacing import AT_RISK, MIN_DAYS, MIN_FRACTION, ON_TRACK
    from smartkit.analysis.tracking import BAND_Z
    from smartkit.i18n import Percent

    level = Percent(round((2 * NormalDist().cdf(BAND_Z) - 1) * 100))
    return level, {"on": Percent(ON_TRACK * 100), "risk": Percent(AT_RISK * 100),
                   "share": Percent(MIN_FRACTION * 100), "days": MIN_DAYS}


BAND_LEVEL, THRESHOLDS = _pacing_numbers()


def projected_band(progress: Any) -> tuple[float, float] | None:
    """The projected end value's likely range, when the pacing gives one."""
    low, high = getattr(progress, "projected_low", None), getattr(progress, "projected_high", None)
    return (low, high) if low is not None and high is not None else None


def outcome_panel(stored: Any, result: Any, lang: Lang) -> None:
    """A goal whose deadline has passed: achieved or missed from its data with the final figure
    (or as the user set it, with their note); the user can override with a note."""
    from ui.widgets import kpi_text

    draft = state.draft()
    with st.container(border=True):
        shown = stored.status if stored.status in ("achieved", "missed") else getattr(result, "status", None)
        figures = {"value": kpi_text_of(draft, result, lang),
                   "target": kpi_text(draft, getattr(result, "target", None) or draft.resolved_target, lang)}
        if result is None and shown is None:
            st.info(md(t("library.outcome.unknown", lang, deadline=fmt_date(draft.deadline, lang))),
                    icon=":material/help:")
        elif shown == "achieved":
            st.success(md(t("library.outcome.achieved", lang, **figures)), icon=":material/emoji_events:")
        else:
            st.error(md(t("library.outcome.missed", lang, **figures)), icon=":material/flag:")
        if result is not None and shown != result.status:
            st.caption(md(t("library.outcome.data_says", lang, status=t(f"library.status.{result.status}", lang))))
        if stored.status_note:
            st.caption(md(t("library.outcome.note", lang, note=stored.status_note)))
        with st.form("track.override_form"):
            choice = st.segmented_control(t("library.outcome.override", lang), ["achieved", "missed"],
                                          default=shown if shown in ("achieved", "missed") else None,
                                          key="track.override", format_func=lambda s: t(f"library.status.{s}", lang))
            note = st.text_input(t("library.outcome.override_note", lang), key="track.override_note", max_chars=500)
            if st.form_submit_button(t("library.outcome.save", lang)) and choice:
                set_status(choice, note=(note or "").strip() or None)
                st.rerun()


def kpi_text_of(draft: GoalDraft, result: Any, lang: Lang) -> str:
    from ui.widgets import kpi_text

    return kpi_text(draft, getattr(result, "final_value", None) if result is not None else None, lang)


def add_checkin(day: dt.date, note: str, confidence: str, done: str) -> None:
    from smartkit.storage import CheckIn

    library().add_checkin(goal_id(), CheckIn(date=day, note=note.strip(), confidence=confidence,
                                             done=(done or "").strip()))


def checkin_table(lang: Lang) -> None:
    items = library().checkins(goal_id())
    if not items:
        st.caption(md(t("library.checkin.none", lang)))
        return
    st.dataframe(pd.DataFrame([{
        t("library.checkin.date", lang): fmt_date(c.date, lang),
        t("library.checkin.confidence", lang): t(f"library.confidence.{c.confidence}", lang),
        t("library.checkin.note", lang): c.note,
        t("library.checkin.done", lang): c.done} for c in sorted(items, key=lambda c: c.date, reverse=True)]),
        hide_index=True, width="stretch")


def add_review(day: dt.date, happened: str, decision: str, new_target: float | None,
               new_deadline: dt.date | None) -> None:
    from smartkit.storage import Review

    review = Review(date=day, what_happened=(happened or "").strip(), decision=decision,
                    new_target=new_target if decision == "adjust_target" else None,
                    new_deadline=new_deadline if decision == "adjust_deadline" else None)
    autosave()
    _refresh(library().add_review(goal_id(), review))


def review_table(lang: Lang) -> None:
    from ui.widgets import kpi_text

    items = library().reviews(goal_id())
    if not items:
        st.caption(md(t("library.review.none", lang)))
        return
    draft = state.draft()
    st.dataframe(pd.DataFrame([{
        t("library.review.date", lang): fmt_date(r.date, lang),
        t("library.review.what_happened", lang): r.what_happened,
        t("library.review.decision", lang): t(f"library.decision.{r.decision}", lang),
        t("library.review.change", lang): (kpi_text(draft, r.new_target, lang) if r.new_target is not None
                                           else fmt_date(r.new_deadline, lang) if r.new_deadline else "—")}
        for r in sorted(items, key=lambda r: r.date, reverse=True)]), hide_index=True, width="stretch")


def target_history_table(lang: Lang) -> None:
    from ui.widgets import kpi_text

    changes = library().target_history(goal_id())
    if len(changes) < 2:
        return
    draft = state.draft()
    st.caption(md(t("library.review.target_history", lang)))
    st.dataframe(pd.DataFrame([{
        t("library.review.from", lang): fmt_date(c.effective_from, lang),
        t("library.column.target", lang): kpi_text(draft, c.target, lang),
        t("library.column.deadline", lang): fmt_date(c.deadline, lang) if c.deadline else "—"}
        for c in changes]), hide_index=True, width="stretch")


def next_review_text(assessment: Any, lang: Lang) -> str:
    """The next review, from the goal's assessment (the one rule: the cadence from the last review)."""
    if assessment.next_review is None:
        return t("library.review.no_cadence", lang)
    key = "library.review.due" if assessment.review_due else "library.review.next"
    return t(key, lang, date=fmt_date(assessment.next_review, lang))


# ----------------------------------------------------------------------------- sub-goal trees


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
    child = library().create(child_draft, workspace=ss.get(Keys.WORKSPACE) or "default", owner=child_draft.owner,
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
                from ui.widgets import pace_badge

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


# ----------------------------------------------------------------------------- the share link panel


def share_panel(lang: Lang) -> None:
    """The owner's read-only link: create it, see it, revoke it."""
    if goal_id() is None:  # a goal written in this run: store it now (a demo nobody changed: on "create")
        autosave()
    gid = goal_id()
    if gid is None and not _demo_untouched():
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


def assessment_context(gid: str) -> tuple:
    """What the assessment of a stored goal needs beyond the goal and its history, as plain
    tuples (a cache key): its target changes, the dates of its reviews, the day it was created."""
    lib = library()
    changes = tuple((c.effective_from, c.target, c.deadline, c.source) for c in lib.target_history(gid))
    reviews = tuple(r.date for r in lib.reviews(gid))
    return changes, reviews, lib.get(gid).created_at.date()


def stored_assessment(stored: Any, history: pd.DataFrame | None, today: dt.date):
    """The assessment of a stored goal other than the session's (a shared link): the same cache."""
    from ui import data

    return data.goal_assessment(history_digest(history), history, state.draft_key(stored.goal), today,
                                assessment_context(stored.id))


def tracking(gid: str, goal: GoalDraft, history: pd.DataFrame | None, history_id: str | None, today: dt.date):
    """Where a stored goal stands now: its assessment's pacing on the target path in force on
    each day; None before the goal can be paced."""
    from ui import data

    return data.goal_assessment(history_id, history, state.draft_key(goal), today, assessment_context(gid)).tracking
