"""Step 4: target, deadline, resources, tracking; suggested targets; the live SMART check."""

import streamlit as st

from smartkit.catalogue import catalogue, get_kpi
from smartkit.dates import DEADLINE_CHOICES, goal_period, matching_choice
from smartkit.errors import SmartkitError
from smartkit.i18n import Percent, fmt, t
from ui import budget, flow, frame, state
from ui.widgets import bound, date_field, error, kpi_text, md, number_field, overall_banner, scorecard

REVIEW_CHOICES = (7, 14, 30)

lang = frame.page_header("target")
flow.sync_baseline()
draft = state.draft()
kpi = get_kpi(draft.kpi)
today = state.today()


# ---------------------------------------------------------------- when
st.subheader(t("ui.target.when", lang), anchor=False)


def _apply_choice() -> None:
    choice = state.draft().deadline_choice
    if choice and choice != "custom":
        start, deadline = goal_period(choice, state.today())
        state.set_answer("start", start)
        state.set_answer("deadline", deadline)
    flow.sync_baseline()


if draft.deadline_choice is None and draft.deadline is not None:
    state.set_field("deadline_choice", matching_choice(draft.start, draft.deadline, today))
bound(st.selectbox, "deadline_choice", t("ui.field.deadline_choice", lang), options=DEADLINE_CHOICES,
      index=None, format_func=lambda c: t(f"ui.deadline.{c}", lang), after=_apply_choice,
      placeholder=t("ui.placeholder.choose", lang))
draft = state.draft()
c1, c2 = st.columns(2)
custom = draft.deadline_choice == "custom"
with c1:
    date_field("start", t("ui.field.start", lang), to_widget=lambda v: v or today, disabled=not custom,
               after=flow.sync_baseline)
with c2:  # typed dates apply while typing (a date picker applied them only when the field was left)
    date_field("deadline", t("ui.field.deadline", lang), disabled=not custom, after=flow.sync_baseline)
draft = state.draft()
if draft.start and draft.deadline:
    from smartkit.wording import period

    st.caption(md(t("ui.target.period", lang, period=period(draft.period_days))))

def use_suggestion(value: float) -> None:
    """The card's own value becomes the target, exactly as shown (its chance is the card's)."""
    state.set_answer("target_change_pct", None)
    state.set_answer("target", value)
    state.set_answer("target_mode", "number")


# ---------------------------------------------------------------- how much
st.subheader(t("ui.target.how_much", lang), anchor=False)
# the source is the user's text: shown as typed, never as Markdown
st.metric(t("ui.target.baseline_is", lang), md(kpi_text(draft, draft.baseline, lang)),
          help=md(draft.baseline_source) if draft.baseline_source else None)
if kpi.kind == "count" and draft.baseline_origin == "history":
    st.caption(md(t("ui.target.count_measure", lang)))

if draft.deadline is not None and draft.baseline is not None:
    try:
        suggested = flow.assessed(lang).suggested_targets
    except SmartkitError as err:
        suggested = None
        error(err, lang)
    if suggested is not None:
        st.markdown(f"**{md(t('ui.target.suggested', lang))}**")
        cols = st.columns(3)
        for col, name in zip(cols, ("conservative", "realistic", "stretch")):
            option = getattr(suggested, name)
            chance = t("ui.target.chance", lang, p=Percent(option.probability * 100)) \
                if option.probability is not None else t("ui.target.typical", lang)
            with col:
                with st.container(border=True):
                    st.caption(md(t(f"ui.target.{name}", lang)))
                    st.markdown(f"**{md(kpi_text(draft, option.value, lang))}**")
                    st.caption(md(f"{fmt(Percent(option.change_pct, signed=True), lang)} · {chance}"))
                    if option.slows_fall:  # a falling KPI: holding it is already unlikely
                        st.caption(md(t("ui.target.slows_fall", lang, value=kpi_text(draft, option.value, lang))))
                    st.button(t("ui.target.use", lang), key=f"ui.use_{name}", width="stretch",
                              on_click=use_suggestion, args=(option.value,), disabled=option.value is None)

bound(st.segmented_control, "target_mode", t("ui.field.target_mode", lang), options=("number", "percent"),
      to_widget=lambda v: v or draft.default_target_mode,
      from_widget=lambda v: v or "number", format_func=lambda m: t(f"ui.target.mode.{m}", lang))
mode = state.draft().target_mode or draft.default_target_mode


def _only(field: str) -> None:
    other = "target_change_pct" if field == "target" else "target"
    state.set_answer(other, None)


if mode == "number":
    number_field("target", t("ui.field.target", lang, kpi=kpi.name(lang)), lang,
                 to_widget=lambda v: v if v is not None else draft.resolved_target, after=lambda: _only("target"),
                 placeholder=t("ui.placeholder.number", lang))
else:
    number_field("target_change_pct", t("ui.field.target_change_pct", lang), lang,
                 to_widget=lambda v: v if v is not None else (round(draft.change_pct, 1) if draft.change_pct is not None else None),
                 after=lambda: _only("target_change_pct"), placeholder=t("ui.placeholder.number", lang))
draft = state.draft()
if draft.resolved_target is not None and draft.change_pct is not None:
    st.caption(md(t("ui.target.resolved", lang, target=kpi_text(draft, draft.resolved_target, lang),
                    change=Percent(draft.change_pct, signed=True))))

# ---------------------------------------------------------------- resources and tracking
st.subheader(t("ui.target.resources", lang), anchor=False)
r1, r2, r3 = st.columns(3)
with r1:
    number_field("budget", t("ui.field.budget", lang), lang, placeholder=t("ui.placeholder.number", lang))
with r2:
    bound(st.text_input, "currency", t("ui.field.currency", lang), max_chars=3, placeholder="USD")
with r3:
    number_field("budget_change_pct", t("ui.field.budget_change_pct", lang), lang,
                 help=t("ui.help.budget_change_pct", lang), placeholder=t("ui.placeholder.number", lang))
# the budget the target needs and what the budget above buys (the history's daily spend): the
# assessment's figures, updated as the target or the budget is edited
if state.draft().kpi is not None and state.history() is not None:
    try:
        budget.panel(flow.assessed(lang), lang)
    except SmartkitError as err:
        error(err, lang)
bound(st.text_area, "plan", t("ui.field.plan", lang), height=80, placeholder=t("ui.placeholder.plan", lang))
k1, k2 = st.columns(2)
tracking = catalogue().tracking_methods
with k1:
    bound(st.selectbox, "tracking", t("ui.field.tracking", lang), options=tracking, index=None,
          format_func=lambda m: t(f"tracking.{m}", lang), placeholder=t("ui.placeholder.choose", lang),
          to_widget=lambda v: v if v in tracking else None)
with k2:
    bound(st.selectbox, "review_every_days", t("ui.field.review_every_days", lang), options=REVIEW_CHOICES,
          index=None, format_func=lambda d: t(f"ui.review.{d}", lang), placeholder=t("ui.placeholder.choose", lang),
          to_widget=lambda v: v if v in REVIEW_CHOICES else None)

# ---------------------------------------------------------------- the live SMART check
st.subheader(t("ui.target.check", lang), anchor=False)
try:
    report = flow.assessed(lang).report
except SmartkitError as err:
    error(err, lang)
else:
    overall_banner(report, lang)
    scorecard(report, lang)

frame.page_footer("target")
