"""The frame around every page: language, navigation, progress, the step gate, the sidebar.

``app.py`` calls :func:`navigation` then :func:`draw_sidebar`; each step page opens with
:func:`page_header` (progress, title, gate) and ends with :func:`page_footer` (back / next).
"""
from __future__ import annotations

import streamlit as st

from smartkit.errors import SmartkitError
from smartkit.i18n import CALENDARS, LANGUAGE_NAMES, LANGUAGES, NATIVE_DIGIT_LANGUAGES, Lang, preferred_language, t
from smartkit.models import GoalDraft
from ui import autosave, data, state, tracking
from ui.state import Keys
from ui.streamlit_internals import require_router
from ui.widgets import back_icon, kpi_text, letter_chips, md, next_icon

STEPS: tuple[str, ...] = ("objective", "kpis", "baseline", "target", "goal")
PAGE_FILES = {**{s: f"pages/{s}.py" for s in STEPS}, "meeting": "pages/meeting.py",
              "library": "pages/library.py", "track": "pages/track.py"}
ICONS = {"objective": ":material/flag:", "kpis": ":material/query_stats:",
         "baseline": ":material/upload_file:", "target": ":material/my_location:",
         "goal": ":material/sports_score:", "meeting": ":material/co_present:",
         "library": ":material/folder_open:", "track": ":material/monitoring:"}

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
# Meeting mode on a projector (reviewed; no user text), the whole page on the screen from 1280×720
# to 1920×1080 (tests/e2e/test_browser_meeting.py): less room above and below the page; the
# statement, the figures and their labels a little smaller on a short screen (sizes follow the
# screen's height); the chart as tall as the screen leaves under the statement and above the
# slider, its value-axis title written above it by the page instead of turned along its side
# (pages/meeting.py).
MEETING_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 4rem; padding-bottom: 0.75rem; }
.st-key-ui-meeting_statement [data-testid="stMarkdownContainer"] h3 {
  font-size: clamp(1.05rem, 0.35rem + 2.1vh, 1.75rem); line-height: 1.45; padding: 0.15rem 0 0.3rem; }
.st-key-ui-meeting_statement [data-testid="stVerticalBlockBorderWrapper"],
.st-key-ui-meeting_statement [data-testid="stVerticalBlock"] { gap: 0.25rem; }
.st-key-ui-meeting_figures { gap: 0.4rem; }
.st-key-ui-meeting_figures [data-testid="stMetricValue"] { font-size: clamp(1.35rem, 0.3rem + 2.6vh, 2.25rem); }
.st-key-ui-meeting_figures [data-testid="stMetricValue"] > div { line-height: 1.25; }
[data-testid="stVerticalBlock"].st-key-ui-meeting_chart_box { flex: none; height: clamp(200px, calc(100vh - 440px), 640px); }
.st-key-ui-meeting_chart_box .g-ytitle { display: none; }
</style>"""
# Meeting mode with a budget plan: a line under the sliders (what the target needs, what the budget
# buys), so the chart gives up that line's height and the page still fits the screen.
MEETING_BUDGET_CSS = """<style>
[data-testid="stVerticalBlock"].st-key-ui-meeting_chart_box { height: clamp(180px, calc(100vh - 470px), 610px); }
</style>"""
# Every page (reviewed; no user text). On a phone, every other date under a chart is left out so
# the dates stay horizontal and apart. Streamlit's uploader writes English ("Upload", "50MB per
# file", "File must be ... or smaller"): its words are hidden and ours, in the user's language, are
# drawn in their place (CSS ``content``; the message texts come from the catalogue). A file's error
# tooltip can only be "too large": no uploader filters by type (the pages say what is wrong).
PAGE_CSS = """<style>
@media (max-width: 640px) {
  [data-testid="stPlotlyChart"] .xaxislayer-above .xtick:nth-child(even) text { display: none; }
}
[data-testid="stFileUploaderDropzone"] button p, [data-testid="stFileUploaderDropzoneInstructions"] span {
  font-size: 0; visibility: hidden; }
[data-testid="stFileUploaderDropzone"] button p::after { content: "{button}"; font-size: 0.875rem; visibility: visible; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after { content: "{limit}"; font-size: 0.875rem; visibility: visible; }
.stTooltipErrorContent > * { display: none; }
.stTooltipErrorContent::after { content: "{too_big}"; }
</style>"""


def _css_text(text: str) -> str:
    """A message as a CSS string's content (quotes, backslashes, angle brackets and line breaks
    escaped)."""
    return "".join(f"\\{ord(c):x} " if c in '"\\<>\n' else c for c in text)


def page_css(lang: Lang) -> str:
    from ui.widgets import MAX_UPLOAD_MB

    texts = {"button": t("ui.upload.button", lang), "limit": t("ui.upload.limit", lang, mb=MAX_UPLOAD_MB),
             "too_big": t("ui.upload.too_big_short", lang, mb=MAX_UPLOAD_MB)}
    css = PAGE_CSS
    for name, text in texts.items():  # "{name}" marks where a message goes (CSS has braces of its own)
        css = css.replace("{" + name + "}", _css_text(text))
    return css


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
    code = st.session_state.get(Keys.LANG_PICK)
    if code not in LANGUAGES:  # callbacks may run before their widget is drawn again: no value, no change
        return
    state.set_field("lang", code)
    if state.draft().calendar not in CALENDARS[code]:
        state.set_field("calendar", "gregorian")
    st.query_params["lang"] = code


def _on_calendar() -> None:
    if st.session_state.get(Keys.CALENDAR_PICK) is not None:
        state.set_field("calendar", st.session_state[Keys.CALENDAR_PICK])


def _on_digits() -> None:
    if st.session_state.get(Keys.DIGITS_TOGGLE) is not None:
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
    for extra in ("library", "track"):  # the goal library and tracking (ui/library_table.py, ui/tracking.py)
        out[extra] = st.Page(PAGE_FILES[extra], title=t(f"library.nav.{extra}", lang), icon=ICONS[extra],
                             url_path=extra)
    return out


def navigation(lang: Lang):
    """The navigation (Streamlit picks the page of the URL); a step a back / next button asked
    for is switched to right here, before the sidebar or the page being left are drawn."""
    found = pages(lang)
    page = st.navigation({t("ui.nav.wizard", lang): [found[s] for s in STEPS],
                          t("ui.nav.present", lang): [found["meeting"]],
                          t("library.nav.section", lang): [found["library"], found["track"]]})
    asked = st.session_state.pop(Keys.GO_TO, None)
    if asked in found and found[asked].url_path != page.url_path:
        st.switch_page(found[asked])
    return page


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


def has_timing(draft: GoalDraft) -> bool:
    """A target with a deadline that holds: not in the past, after the start (Time-bound does not
    fail). Until then step 4 is not done, whatever else it has."""
    from smartkit.goals.criteria import time_bound

    return draft.has_number and time_bound(draft, state.today()).status != "fail"


def is_done(step: str, draft: GoalDraft | None = None) -> bool:
    draft = draft or state.draft()
    return {"objective": lambda: draft.objective is not None,
            "kpis": lambda: draft.kpi is not None,
            "baseline": lambda: has_baseline(draft),
            "target": lambda: has_timing(draft),
            "goal": lambda: has_timing(draft) and has_baseline(draft)}[step]()


# The step where each SMART letter is answered (where to go when it fails).
FIX_STEP = {"specific": "target", "measurable": "kpis", "achievable": "target", "relevant": "kpis",
            "time_bound": "target"}


def fix_first(report, lang: Lang) -> None:
    """The first letter that fails, what to do about it and a link to the step that does it.
    Time-bound comes first: the goal period is what every other number is measured over."""
    from smartkit.models import LETTERS

    order = ("time_bound", *(letter for letter in LETTERS if letter != "time_bound"))
    failing = [letter for letter in order if report.verdicts[letter].status == "fail"]
    if not failing:
        return
    verdict = report.verdicts[failing[0]]
    what = (verdict.fix or verdict.reason).render(lang)
    step = FIX_STEP[failing[0]]
    with st.container(border=True):
        st.error(md(t("ui.goal.fix_first", lang, letter=t(f"smart.letter.{failing[0]}", lang), fix=what)),
                 icon=":material/priority_high:")
        st.page_link(PAGE_FILES[step], label=t(f"ui.step.{step}.nav", lang, n=STEPS.index(step) + 1),
                     icon=ICONS[step])


def page_header(step: str) -> Lang:
    """Progress, title and introduction; stops the page with what it needs when locked."""
    require_router()
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
    """Back / next, as a callback: :func:`navigation` switches to the step before anything is
    drawn, so the step being left is not run again first."""
    st.session_state[Keys.GO_TO] = step


def page_footer(step: str) -> None:
    lang = state.lang()
    st.divider()
    index = STEPS.index(step)
    back, _, forward = st.columns([1, 1, 1])
    if index > 0:
        with back:
            prev = STEPS[index - 1]
            st.button(t("ui.nav.back", lang, step=t(f"ui.step.{prev}.title", lang)),
                      icon=back_icon(lang), key=f"nav.back.{step}", on_click=_go, args=(prev,))
    if index + 1 < len(STEPS):
        nxt = STEPS[index + 1]
        with forward:
            blocked = bool(missing_for(nxt))
            st.button(t("ui.nav.next", lang, step=t(f"ui.step.{nxt}.title", lang)), type="primary",
                      icon=next_icon(lang), icon_position="right", disabled=blocked,
                      key=f"nav.next.{step}", width="stretch", on_click=_go, args=(nxt,))
            if blocked:
                st.caption(md(t(missing_for(nxt)[-1][0], lang)))


# ----------------------------------------------------------------------------- sidebar


def draw_sidebar(lang: Lang, *, presenting: bool = False) -> None:
    if lang.rtl:
        st.html(RTL_CSS)
    if presenting:
        st.html(MEETING_CSS)
    st.html(page_css(lang))
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
        from smartkit.catalogue import channel_label

        rows.append((t("ui.field.channel", lang), channel_label(draft.channel, lang)))
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
            gid = autosave.goal_id()
            context = tracking.assessment_context(gid) if gid else ()
            report = data.goal_assessment(state.history_id(), state.history(), state.draft_key(draft),
                                          state.today(), context).report
        except SmartkitError:
            return
        letter_chips(report, lang)


def saved_goal_uploader(lang: Lang) -> None:
    """Continue from a goal file saved earlier."""
    # no type filter: Streamlit's refusal of another type is English-only; the reader says it in the language
    _load_saved_goal(st.file_uploader(t("ui.sidebar.goal_file", lang), key=Keys.GOAL_UPLOAD))
    err = st.session_state[Keys.ERRORS].pop("goal_file", None)
    if err:
        st.error(md(err.message(lang) if hasattr(err, "message") else str(err)), icon=":material/error:")


def _load_saved_goal(upload) -> None:
    """Continue from a goal file saved earlier (each upload is read once)."""
    if upload is None or st.session_state.get(Keys.GOAL_FILE_SEEN) == upload.file_id:
        return
    st.session_state[Keys.GOAL_FILE_SEEN] = upload.file_id
    from smartkit.reports import read_goal_file

    try:  # a goal file saved with its history brings the history back (its chance and chart)
        loaded, history = read_goal_file(upload.getvalue().decode("utf-8-sig", errors="replace"),
                                         origin=upload.name)
    except SmartkitError as err:
        st.session_state[Keys.ERRORS]["goal_file"] = err
        return
    state.replace_draft(loaded)
    state.set_history(history, {"kind": "goal_file", "label": upload.name} if history is not None else None)
    st.rerun()


def actions(draft: GoalDraft, lang: Lang) -> None:
    st.divider()
    from smartkit.reports import file_name
    from ui import downloads

    st.download_button(t("ui.sidebar.download_json", lang), data=lambda: downloads.goal_file(lang)[1],
                       file_name=file_name(draft, "goal", state.today(), "json"),
                       mime="application/json", icon=":material/download:", width="stretch",
                       on_click="ignore", key="ui.download_json")
    with st.popover(t("ui.sidebar.start_over", lang), icon=":material/restart_alt:", width="stretch"):
        st.markdown(md(t("ui.sidebar.start_over_confirm", lang)))  # asked first: nothing is lost by a slip
        st.button(t("ui.sidebar.start_over_yes", lang), icon=":material/restart_alt:", key="ui.start_over",
                  on_click=start_over, type="primary", width="stretch")


def start_over() -> None:
    autosave.unbind()  # the goal written so far stays in the library; a new one starts
    state.replace_draft(GoalDraft())
    state.set_history(None, None)
    st.session_state[Keys.IMPORTS] = []
    st.session_state[Keys.UPLOAD_NONCE] += 1


def start_presenting(workspace: str) -> None:
    """Present ``workspace`` (:func:`ui.library.presenting`): a goal of another workspace open in
    this session is put away (the session starts a new goal), so it never reaches the screen."""
    from smartkit.storage import GoalNotFoundError
    from ui.library import library

    ss = st.session_state
    ss[Keys.PRESENTING] = workspace
    ss[Keys.WORKSPACE] = workspace
    if autosave.goal_id() is not None:
        try:
            library().get(autosave.goal_id())  # narrowed to the presented workspace now
        except GoalNotFoundError:
            start_over()


def stop_presenting() -> None:
    st.session_state[Keys.PRESENTING] = None
