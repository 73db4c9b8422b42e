"""Shared widgets: answers bound to the draft, the SMART scorecard, the statement, messages.

User text is never rendered as HTML: it goes through :func:`md` (markdown-escaped) or
``st.text`` / ``st.code`` / dataframes.
"""
from __future__ import annotations

import re
from typing import Any, Callable

import streamlit as st

from smartkit.errors import SmartkitError
from smartkit.i18n import Lang, t
from smartkit.models import LETTERS
from ui import state
from ui.state import Keys, wkey

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")
STATUS_COLOUR = {"pass": "green", "warn": "orange", "fail": "red"}
STATUS_ICON = {"pass": ":material/check_circle:", "warn": ":material/error:", "fail": ":material/cancel:"}
# Every chart's plotly toolbar: no logo, no lasso or box select (a goal's chart has nothing to select).
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
# Meeting mode on a projector: no toolbar at all.
PRESENTING_PLOTLY_CONFIG = {"displaylogo": False, "displayModeBar": False}


# The largest export the wizard reads. Streamlit's own limit (server.maxUploadSize in
# .streamlit/config.toml) is set higher, so a bigger file reaches us and is refused in the user's
# language (Streamlit's refusal is English-only).
MAX_UPLOAD_MB = 50


def upload_fits(upload: Any, lang: Lang) -> bool:
    """False, with a message saying what to do, when an uploaded file is over the limit."""
    size = getattr(upload, "size", None)
    if size is None or size <= MAX_UPLOAD_MB * 1024 * 1024:
        return True
    st.error(md(t("ui.upload.too_big", lang, file=upload.name, size=round(size / 1024 / 1024, 1),
                  mb=MAX_UPLOAD_MB)), icon=":material/error:")
    return False


def next_icon(lang: Lang) -> str:
    """An arrow for "next" that points the reading way (left in Persian)."""
    return ":material/arrow_back:" if lang.rtl else ":material/arrow_forward:"


def back_icon(lang: Lang) -> str:
    """An arrow for "back" that points against the reading way (right in Persian)."""
    return ":material/arrow_forward:" if lang.rtl else ":material/arrow_back:"


def md(text: Any) -> str:
    """Text safe to put in markdown: every markdown, directive (``:red[...]``), LaTeX and HTML
    character is backslash-escaped and newlines are kept as line breaks."""
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text))
    return escaped.replace("\r\n", "\n").replace("\n", "  \n")


def bound(widget: Callable[..., Any], field: str, label: str, *,
          to_widget: Callable[[Any], Any] | None = None,
          from_widget: Callable[[Any], Any] | None = None, after: Callable[[], None] | None = None,
          **kwargs: Any) -> Any:
    """Draw ``widget`` for a draft field: seeded from the draft when its key is missing, written
    back in ``on_change`` (so the answer survives page switches); a refused value shows its
    message under the widget and the widget keeps what the user typed."""
    key = wkey(field)
    if key not in st.session_state:
        value = getattr(state.draft(), field, None)
        st.session_state[key] = to_widget(value) if to_widget else value

    def save() -> None:
        if key not in st.session_state:  # reset in this very run (a demo loaded): the draft wins
            return
        value = st.session_state[key]
        try:
            value = from_widget(value) if from_widget else value
        except SmartkitError as err:  # text the field cannot read (not a number...)
            state.refuse(field, err)
            return
        if state.set_field(field, value) and after:
            after()

    result = widget(label, key=key, on_change=save, **kwargs)
    field_error(field)
    return result


def number_field(field: str, label: str, lang: Lang, *, to_widget: Callable[[Any], Any] | None = None,
                 after: Callable[[], None] | None = None, **kwargs: Any) -> Any:
    """A number answer typed as text and read in the user's language (``12,5`` is 12.5 in
    Vietnamese and Persian, Persian digits are accepted, ``1e999`` is refused, not read as 0):
    :func:`smartkit.numbers.parse_number`. The draft's value is written back the same way."""
    from smartkit.numbers import number_text, parse_number

    return bound(st.text_input, field, label,
                 to_widget=lambda v: number_text(to_widget(v) if to_widget else v, lang),
                 from_widget=lambda text: parse_number(text, lang), after=after, **kwargs)


DATE_COMMIT_PAUSE = "400ms"  # a typed date applies after this pause in typing, not only when the field is left


def date_field(field: str, label: str, *, to_widget: Callable[[Any], Any] | None = None,
               after: Callable[[], None] | None = None, **kwargs: Any) -> Any:
    """A date answer typed as text (2027-03-31, Persian digits too; the deadline also "in 3
    months"), applied as soon as the typing pauses, so what depends on it (the goal's length,
    the baseline) follows in the same run: a date picker applies a typed date only when the
    field is left. Read with :func:`smartkit.dates.parse_date`."""
    from smartkit.dates import parse_date

    def shown(value: Any) -> str:
        value = to_widget(value) if to_widget else value
        return value.isoformat() if value is not None else ""

    return bound(st.text_input, field, label, to_widget=shown,
                 from_widget=lambda text: parse_date(text, field, state.today()), after=after,
                 live=DATE_COMMIT_PAUSE, placeholder=date_placeholder(state.lang()), max_chars=40, **kwargs)


def date_placeholder(lang: Lang, example: Any = None) -> str:
    """How to type a date, in the user's language and digits ("year-month-day, e.g. 2027-03-31"):
    never the English "YYYY-MM-DD"."""
    from smartkit.i18n import fmt_typed_date

    typed = fmt_typed_date(example or state.today(), lang)
    if lang.rtl:  # left to right inside right-to-left text, or "2026-12-05" reads "05-12-2026"
        typed = f"\u2066{typed}\u2069"
    return t("ui.placeholder.date", lang, example=typed)


def date_text(label: str, lang: Lang, *, key: str, value: Any = None, **kwargs: Any) -> str:
    """A date typed as text inside a form (read on submit with :func:`read_date_text`), as the
    goal's start and deadline are: Streamlit's date picker writes its months and weekdays in
    English in every language."""
    from smartkit.i18n import fmt_typed_date

    return st.text_input(label, value=fmt_typed_date(value, lang) if value is not None else "", key=key,
                         placeholder=date_placeholder(lang, value), max_chars=40, **kwargs)


def read_date_text(text: str | None, label: str):
    """The date typed in a :func:`date_text` (None when blank); a smartkit error naming the field
    by its ``label`` (as shown) when it is not a date."""
    from smartkit.dates import parse_date
    from smartkit.i18n import Message

    try:
        return parse_date(text, "date")
    except SmartkitError as err:
        raise type(err)(err.key, **{**err.params, "label": Message("error.goal.field.label", {"label": label})}) \
            from None


def kpi_text(draft: Any, value: float | None, lang: Lang) -> str:
    """A value of the draft's KPI in its unit (money, %, count) for the language; "—" when
    there is none yet."""
    from smartkit.catalogue import get_kpi
    from smartkit.i18n import fmt
    from smartkit.wording import kpi_value

    if value is None or draft.kpi is None:
        return "—"
    return fmt(kpi_value(get_kpi(draft.kpi), value, draft.currency), lang)


def field_error(field: str) -> None:
    """The error kept for a field (:func:`ui.state.set_field`), worded in today's language."""
    err = st.session_state[Keys.ERRORS].get(field)
    if err:
        st.error(md(err.message(state.lang()) if hasattr(err, "message") else str(err)), icon=":material/error:")


def error(err: Exception, lang: Lang) -> None:
    """A smartkit error as a clear message (never a traceback)."""
    text = err.message(lang) if hasattr(err, "message") else t("ui.error.unexpected", lang, detail=str(err))
    st.error(md(text), icon=":material/error:")


def status_badge(status: str, lang: Lang) -> None:
    st.badge(t(f"smart.status.{status}", lang), color=STATUS_COLOUR[status], icon=STATUS_ICON[status])


PACE_COLOUR = {"on_track": "green", "at_risk": "orange", "off_track": "red", "too_early": "gray"}


def pace_badge(status: str, lang: Lang) -> None:
    st.badge(t(f"ui.pacing.{status}", lang), color=PACE_COLOUR[status],
             icon=STATUS_ICON.get({"on_track": "pass", "at_risk": "warn", "off_track": "fail"}.get(status, ""),
                                  ":material/schedule:"))


def overall_banner(report: Any, lang: Lang) -> None:
    text = md(t(f"smart.overall.{report.overall}", lang))
    {"pass": st.success, "warn": st.warning, "fail": st.error}[report.overall](text, icon=STATUS_ICON[report.overall])


def scorecard(report: Any, lang: Lang, *, compact: bool = False) -> None:
    """The five SMART letters, each with a coloured status chip, the reason and the fix;
    ``compact`` (meeting mode): one chip per letter, its status by colour and icon, side by side,
    the reason in the chip's tooltip."""
    verdicts = report.as_dict(lang)["verdicts"]
    if compact:
        with st.container(horizontal=True, gap="small", key="ui.scorecard_chips"):
            for letter in LETTERS:
                verdict = verdicts[letter]
                status = verdict["status"]
                st.badge(t(f"smart.letter.{letter}", lang), color=STATUS_COLOUR[status], icon=STATUS_ICON[status],
                         help=md(f"{t(f'smart.status.{status}', lang)}: {verdict['reason']}"))
        return
    for letter in LETTERS:
        verdict = verdicts[letter]
        with st.container(border=True):
            head, body = st.columns([1, 3], vertical_alignment="top")
            with head:
                st.markdown(f"**{md(t(f'smart.letter.{letter}', lang))}**")
                status_badge(verdict["status"], lang)
            with body:
                st.markdown(md(verdict["reason"]))
                if verdict["fix"] and not compact:
                    st.caption(md(t("ui.smart.fix", lang, fix=verdict["fix"])))
                if not compact:
                    st.caption(md(t(f"smart.question.{letter}", lang)))


def statement_box(text: str, lang: Lang, *, big: bool = False) -> None:
    """The goal statement, prominent."""
    with st.container(border=True):
        st.caption(md(t("ui.goal.statement_label", lang)))
        st.markdown(("## " if big else "### ") + md(text))


def letter_chips(report: Any, lang: Lang) -> None:
    """One compact line: a chip per letter (sidebar, meeting mode)."""
    cols = st.columns(len(LETTERS), gap="small")
    for col, letter in zip(cols, LETTERS):
        status = report.verdicts[letter].status
        with col:
            st.badge(t(f"ui.smart.short.{letter}", lang), color=STATUS_COLOUR[status], icon=STATUS_ICON[status],
                     help=t(f"smart.letter.{letter}", lang))
