"""The frame around every page: language, navigation, progress, the step gate, the sidebar.

``app.py`` calls :func:`navigation` then :func:`draw_sidebar`; each step page opens with
:func:`page_header` (progress, title, gate) and ends with :func:`page_footer` (back / next).
"""
from __future__ import annotations

import streamlit as st

from smartkit.errors import SmartkitError
from smartkit.i18n import CALENDARS, LANGUAGE_NAMES, LANGUAGES, NATIVE_DIGIT_LANGUAGES, Lang, preferred_language, t
from smartkit.models import GoalDraft
from ui import data, state
from ui.state import Keys
from ui.widgets import kpi_text, letter_chips, md

STEPS: tuple[str, ...] = ("objective", "kpis", "baseline", "target", "goal")
PAGE_FILES = {**{s: f"pages/{s}.py" for s in STEPS}, "meeting": "pages/meeting.py"}
ICONS = {"objective": ":material/flag:", "kpis": ":material/query_stats:",
         "baseline": ":material/upload_file:", "target": ":material/my_location:",
         "goal": ":material/sports_score:", "meeting": ":material/co_present:"}

# The one style block of the app: right-to-left layout for Persian. Reviewed; no user text.
# Plotly charts keep a left-to-right time axis. The sidebar moves to the right; collapsed (width 0)
# it is clipped, or its content would spill over the page. A switch's track stays left to right
# (its knob is placed by an offset that right-to-left would turn around).
RTL_CSS = """<style>
.stApp, [data-testid="stSidebar"], [data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"],
[data-testid="stWidgetLabel"], input, textarea, [data-baseweb="select"], [data-testid="stTable"],
[data-testid="stDataFrame"], [data-testid="stAlert"], [data-testid="stMetric"] { direction: rtl; text-align: right; }
[data-testid="stPlotlyChart"], [data-testid="stPlotlyChart"] * { direction: ltr; text-align: left; }
[data-testid="stSidebar"] { overflow: hidden; }
[data-testid="stCheckbox"] label > div:first-of-type { direction: ltr; }
</style>"""


# ----------------------------------------------------------------------------- language


def browser_language() -> str:
    """The browser's language when it is one of ours (``st.context.locale``, else the
    Accept-Language header), else English."""
    try:
        locale = st.context.locale
        header = st.context.headers.get("Accept-Language") if st.context.headers else None
    except Exception:  # noqa: BLE001 - no browser context (tests, bare mode)
        locale = header = None
    code = preferred_language(locale) if locale else "en"
    return code if code != "en" or not header else preferred_language(header)


def resolve_language() -> Lang:
    """The UI language: the ``lang`` query parameter, else the draft's, else the browser's; kept
    in the query parameter so a reload or a shared link keeps it."""
    ss = st.session_state
    draft = state.draft()
    if not ss.get(Keys.LANG_READY):
        asked = st.query_params.get("lang")
        code = asked if asked in LANGUAGES else (draft.lang if draft.lang != "en" else browser_language())
        state.set_field("lang", code)
        ss[Keys.LANG_READY] = True
    if st.query_params.get("lang") != draft.lang:
        st.query_params["lang"] = draft.lang
    return state.lang()


def _on_language() -> None:
    code = st.session_state[Keys.LANG_PICK]
    state.set_field("lang", code)
    if state.draft().calendar not in CALENDARS[code]:
        state.set_field("calendar", "gregorian")
    st.query_params["lang"] = code


def _on_calendar() -> None:
    state.set_field("calendar", st.session_state[Keys.CALENDAR_PICK])


def _on_digits() -> None:
    state.set_field("native_digits", st.session_state[Keys.DIGITS_TOGGLE])


def language_picker(lang: Lang) -> None:
    st.session_state[Keys.LANG_PICK] = lang.code
    st.selectbox(t("ui.sidebar.language", lang), LANGUAGES, key=Keys.LANG_PICK, on_change=_on_language,
                 format_func=LANGUAGE_NAMES.get)
    if len(CALENDARS[lang.code]) > 1:
        st.session_state[Keys.CALENDAR_PICK] = lang.calendar
        st.selectbox(t("ui.sidebar.calendar", lang), CALENDARS[lang.code], key=Keys.CALENDAR_PICK,
                     on_change=_on_calendar, format_func=lambda c: t(f"ui.calendar.{c}", lang))
    if lang.code in NATIVE_DIGIT_LANGUAGES:
        st.session_state[Keys.DIGITS_TOGGLE] = lang.native_digits
        st.toggle(t("ui.sidebar.native_digits", lang), key=Keys.DIGITS_TOGGLE, on_change=_on_digits)


# ----------------------------------------------------------------------------- navigation


def pages(lang: Lang) -> dict[str, st.Page]:
    draft = state.draft()
    out = {step: st.Page(PAGE_FILES[step], title=t(f"ui.step.{step}.nav", lang, n=i + 1),
                         icon=":material/check_circle:" if is_done(step, draft) else ICONS[step],
                         url_path=step, default=(i == 0))
           for i, step in enumerate(STEPS)}
    out["meeting"] = st.Page(PAGE_FILES["meeting"], title=t("ui.step.meeting.nav", lang),
                             icon=ICONS["meeting"], url_path="meeting")
    return out


def navigation(lang: Lang):
    found = pages(lang)
    return st.navigation({t("ui.nav.wizard", lang): [found[s] for s in STEPS],
                          t("ui.nav.present", lang): [found["meeting"]]})


def has_baseline(draft: GoalDraft) -> bool:
    return draft.baseline is not None


def missing_for(step: str, draft: GoalDraft | None = None) -> list[tuple[str, str]]:
    """What a step needs first: (message key, the step that provides it)."""
    draft = draft or state.draft()
    needs: list[tuple[str, str]] = []
    index = STEPS.index(step)
    if index >= 1 and draft.objective is None:
        needs.append(("ui.gate.objective", "objective"))
    if index >= 2 and draft.kpi is None:
        needs.append(("ui.gate.kpi", "kpis"))
    if index >= 3 and not has_baseline(draft):
        needs.append(("ui.gate.baseline", "baseline"))
    if index >= 4 and not (draft.has_number and draft.deadline):
        needs.append(("ui.gate.target", "target"))
    return needs


def is_done(step: str, draft: GoalDraft | None = None) -> bool:
    draft = draft or state.draft()
    return {"objective": draft.objective is not None,
            "kpis": draft.kpi is not None,
            "baseline": has_baseline(draft),
            "target": draft.has_number and draft.deadline is not None,
            "goal": draft.has_number and draft.deadline is not None and has_baseline(draft)}[step]


def page_header(step: str) -> Lang:
    """Progress, title and introduction; stops the page with what it needs when locked."""
    lang = state.lang()
    n = STEPS.index(step) + 1
    done = sum(is_done(s) for s in STEPS)
    st.caption(md(t("ui.progress.step", lang, n=n, total=len(STEPS), done=done)))
    st.progress(n / len(STEPS))
    st.title(t(f"ui.step.{step}.title", lang), anchor=False)
    st.markdown(md(t(f"ui.step.{step}.intro", lang)))
    missing = missing_for(step)
    if missing:
        with st.container(border=True):
            st.info(md(t("ui.gate.needs", lang)), icon=":material/lock:")
            for key, provider in missing:
                st.page_link(PAGE_FILES[provider], label=t(key, lang), icon=ICONS[provider])
        st.stop()
    return lang


def _go(step: str) -> None:
    st.switch_page(PAGE_FILES[step])


def page_footer(step: str) -> None:
    lang = state.lang()
    st.divider()
    index = STEPS.index(step)
    back, _, forward = st.columns([1, 1, 1])
    if index > 0:
        with back:
            prev = STEPS[index - 1]
            if st.button(t("ui.nav.back", lang, step=t(f"ui.step.{prev}.title", lang)),
                         icon=":material/arrow_back:", key=f"nav.back.{step}"):
                _go(prev)
    if index + 1 < len(STEPS):
        nxt = STEPS[index + 1]
        with forward:
            blocked = bool(missing_for(nxt))
            if st.button(t("ui.nav.next", lang, step=t(f"ui.step.{nxt}.title", lang)), type="primary",
                         icon=":material/arrow_forward:", icon_position="right", disabled=blocked,
                         key=f"nav.next.{step}", width="stretch"):
                _go(nxt)
            if blocked:
                st.caption(md(t(missing_for(nxt)[-1][0], lang)))


# ----------------------------------------------------------------------------- sidebar


def draw_sidebar(lang: Lang, *, presenting: bool = False) -> None:
    if lang.rtl:
        st.html(RTL_CSS)
    with st.sidebar:
        language_picker(lang)
        if presenting:
            return
        draft = state.draft()
        done = sum(is_done(s, draft) for s in STEPS)
        st.progress(done / len(STEPS), text=t("ui.sidebar.done", lang, done=done, total=len(STEPS)))
        st.subheader(t("ui.sidebar.summary", lang), anchor=False)
        summary(draft, lang)
        actions(draft, lang)


def summary(draft: GoalDraft, lang: Lang) -> None:
    rows = []
    if draft.name:
        rows.append((t("ui.field.name", lang), draft.name))
    if draft.objective:
        rows.append((t("ui.field.objective_short", lang), t(f"objective.{draft.objective}.name", lang)))
    if draft.channel:
        rows.append((t("ui.field.channel", lang), t(f"channel.{draft.channel}", lang)))
    if draft.kpi:
        rows.append((t("ui.summary.kpi", lang), t(f"kpi.{draft.kpi}.name", lang)))
    if draft.baseline is not None:
        rows.append((t("ui.summary.baseline", lang), kpi_text(draft, draft.baseline, lang)))
    if draft.resolved_target is not None:
        rows.append((t("ui.summary.target", lang), kpi_text(draft, draft.resolved_target, lang)))
    if draft.deadline:
        from smartkit.i18n import fmt_date

        rows.append((t("ui.field.deadline", lang), fmt_date(draft.deadline, lang)))
    if not rows:
        st.caption(md(t("ui.sidebar.empty", lang)))
        return
    for label, value in rows:
        st.markdown(f"**{md(label)}**: {md(value)}")
    if draft.kpi:
        try:
            report = data.report(state.history_id(), state.history(), state.draft_key(draft), state.today())
        except SmartkitError:
            return
        letter_chips(report, lang)


def saved_goal_uploader(lang: Lang) -> None:
    """Continue from a goal file saved earlier."""
    _load_saved_goal(st.file_uploader(t("ui.sidebar.goal_file", lang), type=["json"], key="ui.goal_upload"))
    message = st.session_state[Keys.ERRORS].pop("goal_file", None)
    if message:
        st.error(md(message), icon=":material/error:")


def _load_saved_goal(upload) -> None:
    """Continue from a goal file saved earlier (each upload is read once)."""
    if upload is None or st.session_state.get(Keys.GOAL_FILE_SEEN) == upload.file_id:
        return
    st.session_state[Keys.GOAL_FILE_SEEN] = upload.file_id
    try:
        loaded = GoalDraft.from_json_text(upload.getvalue().decode("utf-8-sig", errors="replace"),
                                          origin=upload.name)
    except SmartkitError as err:
        st.session_state[Keys.ERRORS]["goal_file"] = err.message(state.lang())
        return
    state.replace_draft(loaded)
    state.set_history(None, None)
    st.rerun()


def actions(draft: GoalDraft, lang: Lang) -> None:
    st.divider()
    st.download_button(t("ui.sidebar.download_json", lang), data=draft.to_json(), file_name="goal.json",
                       mime="application/json", icon=":material/download:", width="stretch",
                       on_click="ignore", key="ui.download_json")
    if st.button(t("ui.sidebar.start_over", lang), icon=":material/restart_alt:", key="ui.start_over",
                 on_click=start_over, width="stretch"):
        pass


def start_over() -> None:
    state.replace_draft(GoalDraft())
    state.set_history(None, None)
    st.session_state[Keys.IMPORTS] = []
    st.session_state[Keys.UPLOAD_NONCE] += 1
