"""The budget planner on the pages: the Target step's "Budget needed" panel and meeting mode's
budget slider. Every figure is the goal's one assessment's (``assessment.budget``, worded by
:func:`smartkit.goals.budget_figures.budget_figures`); nothing is worked out here."""
from __future__ import annotations

import math
from typing import Any

import streamlit as st

from smartkit.analysis.budget import BudgetError
from smartkit.catalogue import get_kpi
from smartkit.goals.budget_figures import BudgetFigures, budget_figures
from smartkit.i18n import Lang, Money, fmt, t
from ui import data, state
from ui.widgets import PLOTLY_CONFIG, error, md

CHART_HEIGHT = 300
QUIET_PROBLEMS = ("budget.error.kpi_not_bought",)   # a hint, not an error: the KPI is a rate or an average


def panel(assessment: Any, lang: Lang) -> None:
    """The "Budget needed" panel of the Target step: shown when the history has daily spend for
    the goal's KPI; one short hint when a goal with a budget has a history without spend."""
    figures = budget_figures(assessment, lang)
    problem = assessment.budget_problem
    if figures is None:
        if problem is not None and problem.key in QUIET_PROBLEMS:
            st.caption(md(problem.render(lang)))
        elif problem is not None:
            with st.container(border=True, key="ui.budget_panel"):
                st.markdown(f"**{md(t('budget.ui.heading', lang))}**")
                error(BudgetError(problem.key, **problem.params), lang)
        elif _spend_missing(assessment):
            st.caption(md(t("budget.ui.no_spend", lang)))
        return
    with st.container(border=True, key="ui.budget_panel"):
        st.markdown(f"**{md(t('budget.ui.heading', lang))}**")
        st.caption(md(figures.results))
        _numbers(figures, lang)
        fig = data.budget_figure(state.history_id(), state.draft_key(), state.today(), lang, CHART_HEIGHT,
                                 _assessment=assessment)
        st.plotly_chart(fig, config=PLOTLY_CONFIG, key="ui.budget_chart")
        if figures.basis == "curve":  # a cost-per-result line says "low confidence" in its warning below
            st.caption(md(figures.basis_text))
        for warning in figures.warnings:
            st.warning(md(warning), icon=":material/warning:")
        if problem is not None:
            error(BudgetError(problem.key, **problem.params), lang)


def _numbers(figures: BudgetFigures, lang: Lang) -> None:
    needed_col, expected_col = st.columns(2, gap="small")
    with needed_col:
        if figures.needed is not None:
            st.metric(t("budget.ui.needed", lang), md(figures.needed))
            for line in (figures.needed_range, figures.needed_daily):
                if line:
                    st.caption(md(line))
    with expected_col:
        if figures.expected is not None:
            st.metric(md(figures.expected_label), md(figures.expected))
            if figures.expected_range:
                st.caption(md(figures.expected_range))
        elif figures.needed is not None:
            st.caption(md(t("budget.ui.no_budget", lang)))
    cost_col, chance_col = st.columns(2, gap="small")
    with cost_col:
        if figures.marginal is not None:
            st.metric(md(figures.marginal_label), md(figures.marginal))
        if figures.average is not None:
            st.caption(md(f"{figures.average_label}: {figures.average}"))
    with chance_col:
        if figures.chance is not None:
            st.metric(t("budget.ui.chance", lang), md(figures.chance))


def _spend_missing(assessment: Any) -> bool:
    """A goal that plans a budget on a count a budget buys, measured on a history without spend."""
    history, goal = state.history(), assessment.goal
    if history is None or goal.kpi is None or not goal.budget:
        return False
    kpi = get_kpi(goal.kpi)
    return (kpi.kind == "count" or kpi.id == "followers") and kpi.id != "spend" and (
        "spend" not in history.columns or not history["spend"].notna().any())


# ----------------------------------------------------------------------------- meeting mode

SLIDER_STEPS = 60


def slider_options(assessment: Any) -> list[float]:
    """The budget slider's stops for the goal's period: from nothing to twice the history's
    highest daily spend over the period (further when the needed or the planned budget is
    beyond), in round steps, the planned budget among them. They follow the curve and the
    period, not the slider, so the track keeps its scale while it moves."""
    plan = assessment.budget
    curve = plan.curve
    days = (plan.deadline - plan.start).days + 1
    top = 2 * curve.max_daily_spend * days
    needed = plan.needed.total.mean if plan.needed is not None else None
    if needed is not None and math.isfinite(needed):
        top = max(top, 1.25 * needed)       # room past the need
    if plan.budget is not None:
        top = max(top, plan.budget)         # a stop the slider itself gives stays within the track
    raw = top / SLIDER_STEPS
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    stops = [round(i * step, 2) for i in range(int(math.ceil(top / step - 1e-9)) + 1)]
    if plan.budget is not None and plan.budget not in stops:
        stops = sorted(set(stops) | {float(plan.budget)})
    return stops


def slider_value(assessment: Any, stops: list[float]) -> float:
    """Where the budget slider stands: the planned budget, else the stop nearest the needed one."""
    plan = assessment.budget
    if plan.budget is not None:
        return float(plan.budget)
    needed = plan.needed.total.mean if plan.needed is not None else None
    wanted = needed if needed is not None and math.isfinite(needed) else stops[-1]
    return min(stops, key=lambda stop: abs(stop - wanted))


def money_text(value: float, assessment: Any, lang: Lang) -> str:
    """An amount of the budget slider, in the plan's currency (whole from 100 up)."""
    currency = assessment.budget.curve.currency
    return fmt(Money(value, currency, whole=abs(value) >= 100 or float(value).is_integer()), lang)


def needed_line(figures: BudgetFigures, lang: Lang) -> str:
    """Under meeting mode's target slider: the budget the target needs (with its range)."""
    if figures.needed is None:
        return ""
    if figures.needed_range is None:
        return t("budget.meeting.needed_only", lang, needed=figures.needed)
    return t("budget.meeting.needed", lang, needed=figures.needed, range=figures.needed_range)


def expected_line(figures: BudgetFigures, lang: Lang) -> str:
    """Under meeting mode's budget slider: what the budget buys and the target's chance with it."""
    if figures.expected is None:
        return ""
    if figures.chance is None:
        return t("budget.meeting.expected_only", lang, expected=figures.expected)
    return t("budget.meeting.expected", lang, expected=figures.expected, chance=figures.chance)
