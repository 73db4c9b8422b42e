"""The Track page's parts: the stored goal's heading and status, typed actuals, the pacing
numbers, the outcome once the deadline has passed, check-ins and the review log; and what the
assessment of a stored goal needs beyond the goal and its history (:func:`assessment_context`).
"""
from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
import streamlit as st

from smartkit.errors import SmartkitError
from smartkit.i18n import Lang, fmt_date, t
from smartkit.models import GoalDraft
from ui import data, state
from ui.autosave import autosave, follow, goal_id
from ui.library import library, workspace_label
from ui.widgets import kpi_text, md


def goal_heading(stored: Any, lang: Lang) -> None:
    from smartkit.goals.statement import statement

    with st.container(border=True):
        st.caption(md(t("library.track.goal_of", lang, workspace=workspace_label(stored.workspace, lang),
                        status=t(f"library.status.{stored.status}", lang))))
        st.markdown("### " + md(statement(state.draft(), lang)))


def set_status(status: str, note: str | None = None) -> None:
    follow(library().set_status(goal_id(), status, note=note))


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


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


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


def outcome_panel(stored: Any, result: Any, lang: Lang, *, editable: bool = True) -> None:
    """A goal whose deadline has passed: achieved or missed from its data with the final figure
    (or as the user set it, with their note); the user can override with a note."""
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
        if not editable:  # a viewer: the outcome, not the override
            return
        with st.form("track.override_form"):
            choice = st.segmented_control(t("library.outcome.override", lang), ["achieved", "missed"],
                                          default=shown if shown in ("achieved", "missed") else None,
                                          key="track.override", format_func=lambda s: t(f"library.status.{s}", lang))
            note = st.text_input(t("library.outcome.override_note", lang), key="track.override_note", max_chars=500)
            if st.form_submit_button(t("library.outcome.save", lang)) and choice:
                set_status(choice, note=(note or "").strip() or None)
                st.rerun()


def kpi_text_of(draft: GoalDraft, result: Any, lang: Lang) -> str:
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
        t("library.checkin.done", lang): c.done, **_by(c, items, lang)}
        for c in sorted(items, key=lambda c: c.date, reverse=True)]), hide_index=True, width="stretch")


def _by(entry: Any, items: list, lang: Lang) -> dict[str, str]:
    """A "by" cell (who wrote the entry) when any entry has an author: a signed-in user's."""
    if not any(getattr(item, "by", None) for item in items):
        return {}
    return {t("library.entry.by", lang): entry.by or "—"}


def add_review(day: dt.date, happened: str, decision: str, new_target: float | None,
               new_deadline: dt.date | None) -> None:
    from smartkit.storage import Review

    review = Review(date=day, what_happened=(happened or "").strip(), decision=decision,
                    new_target=new_target if decision == "adjust_target" else None,
                    new_deadline=new_deadline if decision == "adjust_deadline" else None)
    autosave()
    follow(library().add_review(goal_id(), review))


def review_table(lang: Lang) -> None:
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
                                           else fmt_date(r.new_deadline, lang) if r.new_deadline else "—"),
        **_by(r, items, lang)}
        for r in sorted(items, key=lambda r: r.date, reverse=True)]), hide_index=True, width="stretch")


def target_history_table(lang: Lang) -> None:
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


# ----------------------------------------------------------------------------- a stored goal's assessment


def assessment_context(gid: str) -> tuple:
    """What the assessment of a stored goal needs beyond the goal and its history, as plain
    tuples (a cache key): its target changes, the dates of its reviews, the day it was created."""
    lib = library()
    changes = tuple((c.effective_from, c.target, c.deadline, c.source) for c in lib.target_history(gid))
    reviews = tuple(r.date for r in lib.reviews(gid))
    return changes, reviews, lib.get(gid).created_at.date()


def history_digest(history: pd.DataFrame | None) -> str | None:
    """A content hash of a history table (the cache key of everything computed from it)."""
    import hashlib

    if history is None:
        return None
    return hashlib.sha1(pd.util.hash_pandas_object(history, index=True).to_numpy().tobytes()).hexdigest()


def stored_assessment(stored: Any, history: pd.DataFrame | None, today: dt.date):
    """The assessment of a stored goal other than the session's (a shared link): the same cache."""
    return data.goal_assessment(history_digest(history), history, state.draft_key(stored.goal), today,
                                assessment_context(stored.id))

