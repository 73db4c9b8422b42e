"""Track and review a stored goal: newer data (uploads or typed actuals), pacing against the
target path, check-ins, the review log, and the outcome once the deadline has passed."""
import datetime as dt

import pandas as pd
import streamlit as st

from smartkit.catalogue import get_kpi
from smartkit.errors import SmartkitError
from smartkit.i18n import Message, fmt_date, t
from smartkit.storage import CONFIDENCES, DECISIONS
from ui import autosave, data, flow, frame, library, state, tracking
from ui.state import Keys
from ui.streamlit_internals import require_router
from ui.widgets import PLOTLY_CONFIG, date_text, error, kpi_text, md, pace_badge, read_date_text

require_router()  # a fresh server's first run goes through app.py
lang = state.lang()
ss = st.session_state
st.title(t("library.track.title", lang), anchor=False)
st.caption(md(t("library.track.intro", lang)))

gid = autosave.goal_id()
if gid is None and state.draft().kpi and state.draft().has_number and state.draft().deadline:
    autosave.flush()  # a goal written in this run (a ?demo= link opened here): store it to track it
    gid = autosave.goal_id()
if gid is None or not (state.draft().kpi and state.draft().has_number and state.draft().deadline):
    st.info(md(t("library.track.needs_goal", lang)), icon=":material/lock:")
    st.page_link(frame.PAGE_FILES["library"], label=t("library.nav.library", lang), icon=frame.ICONS["library"])
    st.page_link(frame.PAGE_FILES["objective"], label=t("library.track.write_one", lang), icon=frame.ICONS["objective"])
    st.stop()

lib = library.library_or_stop(lang)
stored = lib.get(gid)
draft = state.draft()
kpi = get_kpi(draft.kpi)
today = state.today()

tracking.goal_heading(stored, lang)
role = lib.role_in(stored.workspace)
editable = role in ("editor", "owner")  # a viewer reads; the library refuses their changes anyway
if not editable:
    st.info(md(t("library.track.read_only", lang, role=t(f"access.role.{role or 'viewer'}", lang))),
            icon=":material/visibility:")

# ---------------------------------------------------------------- status
if stored.status == "draft" and editable:
    with st.container(border=True):
        st.markdown(md(t("library.track.start_help", lang)))
        if st.button(t("library.track.start", lang), icon=":material/play_arrow:", key="track.start", type="primary"):
            tracking.set_status("active")
            st.rerun()

# ---------------------------------------------------------------- newer data
st.subheader(t("library.track.data", lang), anchor=False)
if editable:
    uploads = st.file_uploader(t("library.track.upload", lang), accept_multiple_files=True,
                               key=f"track.uploads.{ss.get(Keys.UPLOAD_NONCE, 0)}",
                               help=t("library.track.upload_help", lang))
    for upload in uploads or []:
        if upload.file_id in ss.setdefault(Keys.TRACK_SEEN, set()):
            continue
        ss[Keys.TRACK_SEEN].add(upload.file_id)
        try:
            result = data.parse_export(upload.getvalue(), upload.name)
            notes = autosave.attach(result.daily, upload.name, list(result.warnings))
        except SmartkitError as err:  # a file that cannot be read, a table the library refuses
            error(err, lang)
            continue
        ss[Keys.TRACK_NOTES] = [Message("library.track.attached", {"file": upload.name, "start": result.start,
                                                                   "end": result.end}), *notes]
# what was added, then what to check: kept as messages, worded in the language of the moment
for i, note in enumerate(ss.get(Keys.TRACK_NOTES) or []):
    (st.success if i == 0 else st.warning)(md(note.render(lang) if isinstance(note, Message) else str(note)),
                                           icon=":material/check_circle:" if i == 0 else ":material/warning:")

if editable:
    with st.expander(t("library.track.type_actuals", lang), icon=":material/edit_calendar:"):
        columns = tracking.actual_columns(kpi)
        st.caption(md(t("library.track.type_help", lang, columns=", ".join(t(f"kpi.{c}.name", lang) for c in columns))))
        # figures typed as text, read in the user's language by tracking.typed_table ("12,5" in Vietnamese)
        empty = pd.DataFrame({"date": pd.Series([today - dt.timedelta(days=1)], dtype="object"),
                              **{c: pd.Series([None], dtype="object") for c in columns}})
        config = {"date": st.column_config.DateColumn(t("library.track.date", lang), required=True),
                  **{c: st.column_config.TextColumn(t(f"kpi.{c}.name", lang)) for c in columns}}
        with st.form("track.actuals_form", clear_on_submit=True):
            typed = st.data_editor(empty, num_rows="dynamic", hide_index=True, column_config=config,
                                   key="track.actuals", width="stretch")
            if st.form_submit_button(t("library.track.save_actuals", lang), icon=":material/save:"):
                try:
                    table = tracking.typed_table(typed, columns, lang)
                    notes = autosave.attach(table, t("library.track.typed_source", lang), [])
                except SmartkitError as err:
                    error(err, lang)
                else:
                    ss[Keys.TRACK_NOTES] = [Message("library.track.typed_saved", {"n": len(table)}), *notes]
                    st.rerun()

# ---------------------------------------------------------------- pacing
history = state.history()
st.subheader(t("ui.goal.pacing", lang), anchor=False)
assessment = flow.assessed(lang)  # the goal's one assessment: the Goal page, the brief and the library say the same
progress = assessment.tracking
if draft.deadline is not None and draft.deadline < today:  # over: achieved or missed, from the data
    tracking.outcome_panel(stored, progress.outcome if progress is not None else None, lang, editable=editable)
elif progress is None:
    st.info(md(t("library.track.no_pacing", lang)), icon=":material/schedule:")
else:
    with st.container(border=True):
        pace_badge(progress.status or "too_early", lang)
        m1, m2, m3 = st.columns(3)
        m1.metric(t("library.track.actual", lang), kpi_text(draft, progress.actual_to_date, lang))
        m2.metric(t("library.track.expected", lang), kpi_text(draft, progress.expected_to_date, lang))
        m3.metric(t("library.track.projected", lang), kpi_text(draft, progress.projected_end, lang))
        band = tracking.projected_band(progress)
        if band:
            st.caption(md(t("library.track.projected_band", lang, low=kpi_text(draft, band[0], lang),
                            high=kpi_text(draft, band[1], lang), level=tracking.BAND_LEVEL)))
        st.markdown(md(progress.reason.render(lang)))
        st.caption(md(t("library.track.as_of", lang, date=fmt_date(progress.as_of, lang))))
        st.caption(md(t("library.track.thresholds", lang, **tracking.THRESHOLDS)))

fig = data.goal_figure(state.history_id(), history, state.draft_key(), today, lang, _assessment=assessment)
st.plotly_chart(fig, config=PLOTLY_CONFIG, key="track.chart")

# ---------------------------------------------------------------- check-ins
st.subheader(t("library.checkin.title", lang), anchor=False)
if editable:
    with st.form("track.checkin_form", clear_on_submit=True):
        c1, c2 = st.columns([1, 2])
        with c1:  # typed, as the goal's dates are (the date picker's months and weekdays are English)
            day_text = date_text(t("library.checkin.date", lang), lang, value=today, key="track.checkin_date")
        confidence = c2.segmented_control(t("library.checkin.confidence", lang), CONFIDENCES,
                                          default="medium", key="track.checkin_confidence",
                                          format_func=lambda c: t(f"library.confidence.{c}", lang))
        note = st.text_area(t("library.checkin.note", lang), key="track.checkin_note", max_chars=2000)
        done = st.text_area(t("library.checkin.done", lang), key="track.checkin_done", max_chars=2000)
        if st.form_submit_button(t("library.checkin.add", lang), icon=":material/add_comment:"):
            try:
                day = read_date_text(day_text, t("library.checkin.date", lang)) or today
            except SmartkitError as err:
                error(err, lang)
            else:
                if not (note or "").strip():
                    st.error(md(t("library.checkin.needs_note", lang)), icon=":material/error:")
                else:
                    tracking.add_checkin(day, note, confidence or "medium", done)
                    st.rerun()
tracking.checkin_table(lang)

# ---------------------------------------------------------------- review log
st.subheader(t("library.review.title", lang), anchor=False)
st.caption(md(tracking.next_review_text(assessment, lang)))
if editable:
    with st.form("track.review_form", clear_on_submit=True):
        r1, r2 = st.columns([1, 2])
        with r1:
            when_text = date_text(t("library.review.date", lang), lang, value=today, key="track.review_date")
        decision = r2.selectbox(t("library.review.decision", lang), DECISIONS,
                                key="track.review_decision", format_func=lambda d: t(f"library.decision.{d}", lang))
        happened = st.text_area(t("library.review.what_happened", lang), key="track.review_text", max_chars=2000)
        n1, n2 = st.columns(2)
        new_target = n1.number_input(t("library.review.new_target", lang), value=None, key="track.review_target",
                                     placeholder=t("ui.placeholder.number", lang))
        with n2:
            deadline_text = date_text(t("library.review.new_deadline", lang), lang, key="track.review_deadline")
        if st.form_submit_button(t("library.review.add", lang), icon=":material/rate_review:"):
            try:
                when = read_date_text(when_text, t("library.review.date", lang)) or today
                new_deadline = read_date_text(deadline_text, t("library.review.new_deadline", lang))
                tracking.add_review(when, happened, decision, new_target, new_deadline)
            except SmartkitError as err:
                error(err, lang)
            else:
                st.rerun()
tracking.review_table(lang)
tracking.target_history_table(lang)
