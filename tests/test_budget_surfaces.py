"""The budget planner where users see it (issue 18): the Target step's "Budget needed" panel,
meeting mode's budget slider and the brief all show the goal's one assessment's ``budget`` (the
object ``goals show --json`` prints under ``"budget"``), in English and in Persian or Thai; editing
the budget or moving a slider updates them; no spend, no panel; bad spend data, a clear message."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from smartkit.charts import budget_chart, budget_marks
from smartkit.demos import load_demo
from smartkit.goals.assessment import assess_goal
from smartkit.goals.budget_figures import budget_figures
from smartkit.i18n import Lang, Money, Percent, fmt, t
from smartkit.reports import brief_markdown, build_brief
from smartkit.reports.fit import WORD_JOINER, ZWSP
from smartkit.reports.render import brief_document
from test_app_library import TODAY, app, lib, texts  # noqa: F401 - fixtures
from ui import budget as page_budget
from ui.state import Keys, wkey
from ui.widgets import md

LANGS = {"en": Lang("en"), "fa": Lang("fa"), "th": Lang("th")}


def money(value: float, currency: str = "USD", lang: Lang = LANGS["en"]) -> str:
    """An amount as the budget figures write it (whole from 100 up)."""
    return fmt(Money(value, currency, whole=abs(value) >= 100), lang)


def metric(at, label: str) -> str:
    """A metric's value as the user reads it (the page escapes Markdown)."""
    return next(m.value for m in at.metric if m.label in (label, md(label))).replace("\\", "")


def labels(at) -> list[str]:
    return [m.label.replace("\\", "") for m in at.metric]


@pytest.fixture(scope="module")
def product_x():
    demo = load_demo("product_x_sales", TODAY)
    return demo.draft, demo.history


def target_page(draft, history, lang: str | None = None, history_id: str | None = None):
    at = app(draft, history, lang=lang)
    if history_id:  # another history than the demo's: its own id (the page caches by it)
        at.session_state[Keys.HISTORY_ID] = history_id
    at.run()
    at.switch_page("pages/target.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_assessment(at):
    """The assessment of the goal the page shows (the draft as the page left it)."""
    return assess_goal(at.session_state[Keys.DRAFT], at.session_state[Keys.HISTORY], TODAY)


# ----------------------------------------------------------------------------- the Target step


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_target_step_shows_the_budget_needed_and_what_the_planned_budget_buys(lib, product_x, lang):
    at = target_page(*product_x, lang=lang)
    plan = page_assessment(at).budget
    loc = LANGS[lang]
    assert plan.basis == "curve" and plan.budget == 7500
    shown = texts(at)
    assert t("budget.ui.heading", loc) in shown
    assert metric(at, t("budget.ui.needed", loc)) == money(plan.needed.total.mean, lang=loc)
    range_line = t("budget.ui.range", loc, level=Percent(80), lower=money(plan.needed.total.lower, lang=loc),
                   upper=money(plan.needed.total.upper, lang=loc))
    assert range_line in shown
    assert metric(at, t("budget.ui.expected", loc, budget=Money(7500, "USD", whole=True))) == \
        money(plan.expected.mean, lang=loc)
    assert metric(at, t("budget.ui.chance", loc)) == fmt(Percent(plan.chance * 100), loc)
    marginal = next(v for label, v in zip(labels(at), [m.value for m in at.metric]) if "1" in label and "$" in label)
    assert marginal.replace("\\", "") == money(plan.needed.marginal_cost, lang=loc)
    assert fmt(Money(plan.cost_per_result, "USD"), loc) in shown              # average cost per result
    assert t("budget.ui.basis.curve", loc, days=plan.curve.days_used) in shown
    assert not any(word in shown.lower() for word in ("nan", "inf"))


def test_editing_the_budget_on_the_target_step_updates_what_it_buys_and_the_chance(lib, product_x):
    at = target_page(*product_x)
    before = page_assessment(at).budget
    at.text_input(key=wkey("budget")).input("10000").run()
    assert not at.exception
    after = page_assessment(at).budget
    assert at.session_state[Keys.DRAFT].budget == 10000 and after.budget == 10000
    assert after.expected.mean > before.expected.mean and after.chance > before.chance
    assert metric(at, t("budget.ui.expected", "en", budget=Money(10000, "USD", whole=True))) == \
        money(after.expected.mean)
    assert metric(at, t("budget.ui.chance", "en")) == fmt(Percent(after.chance * 100), "en")
    assert metric(at, t("budget.ui.needed", "en")) == money(before.needed.total.mean)  # the target's, unchanged


def test_a_history_without_spend_shows_no_budget_panel_only_a_short_hint(lib):
    demo = load_demo("website_traffic", TODAY)   # a budget, but no daily spend in its history
    at = target_page(demo.draft, demo.history)
    assert page_assessment(at).budget is None
    assert t("budget.ui.heading", "en") not in texts(at) and not at.error
    assert t("budget.ui.no_spend", "en") in texts(at)
    rate = load_demo("engagement_rate", TODAY)     # no budget and no spend: nothing at all
    at = target_page(rate.draft, rate.history)
    assert t("budget.ui.heading", "en") not in texts(at) and t("budget.ui.no_spend", "en") not in texts(at)


def test_spend_the_planner_cannot_use_is_said_in_the_users_language_never_a_traceback(lib, product_x):
    draft, history = product_x
    broken = history.copy()
    broken.iloc[-3, broken.columns.get_loc("spend")] = -40.0
    at = target_page(draft, broken, lang="th", history_id="negative-spend")
    wanted = t("budget.error.negative_spend", "th", day=broken.index[-3].date())
    assert any(wanted in e.value.replace("\\", "") for e in at.error)
    assert not at.exception


def test_a_target_no_budget_reaches_reads_out_of_reach_with_no_nan_or_infinity(lib, product_x):
    draft, history = product_x
    at = target_page(draft.model_copy(update={"target_change_pct": 900.0}), history)
    plan = page_assessment(at).budget
    assert not math.isfinite(plan.needed.daily)
    assert metric(at, t("budget.ui.needed", "en")) == t("budget.ui.out_of_reach", "en")
    shown = texts(at) + " ".join(m.value for m in at.metric)
    assert "nan" not in shown.lower() and "inf" not in shown.lower().replace("info", "")
    assert any("no budget reaches" in w.value.replace("\\", "") for w in at.warning)


def test_a_target_below_what_comes_without_spend_is_refused_and_the_budget_still_shows_what_it_buys(lib, product_x):
    draft, history = product_x
    at = target_page(draft.model_copy(update={"target_change_pct": -95.0}), history)
    assessment = page_assessment(at)
    assert assessment.budget.needed is None and assessment.budget.expected is not None
    assert assessment.budget_problem.key == "budget.error.below_baseline"
    assert any(assessment.budget_problem.render("en") in e.value.replace("\\", "") for e in at.error)


def test_spend_that_barely_varies_says_low_confidence_once_and_a_budget_beyond_the_history(lib, product_x):
    draft, history = product_x
    flat = history.assign(spend=np.round(60 * np.random.default_rng(1).uniform(0.97, 1.03, len(history)), 2))
    at = target_page(draft.model_copy(update={"target_change_pct": 60.0}), flat, history_id="flat-spend")
    plan = page_assessment(at).budget
    assert plan.basis == "cost_per_result" and not plan.within_history
    warnings = [w.value.replace("\\", "") for w in at.warning]
    assert [w.render("en") for w in plan.warnings] == warnings          # every warning, in order
    assert texts(at).count("Low confidence") == 1                      # said once: by its warning
    assert any("beyond anything your history shows" in w for w in warnings)


# ----------------------------------------------------------------------------- meeting mode


def meeting(draft, history, lang: str | None = None):
    at = app(draft, history, lang=lang)
    at.run()
    at.switch_page("pages/meeting.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def captions(at) -> str:
    return "\n".join(c.value for c in at.caption).replace("\\", "")


@pytest.mark.parametrize("lang", ["en", "th"])
def test_moving_the_budget_slider_in_a_meeting_updates_what_it_buys_and_the_chance(lib, product_x, lang):
    loc = LANGS[lang]
    at = meeting(*product_x, lang=lang)
    slider = at.select_slider(key=Keys.MEETING_BUDGET)
    assert slider.value == 7500
    target = at.session_state[Keys.DRAFT].resolved_target
    at.select_slider(key=Keys.MEETING_BUDGET).set_value(10000.0).run()
    assert not at.exception
    plan = page_assessment(at).budget
    assert plan.budget == 10000 and at.session_state[Keys.DRAFT].resolved_target == target
    expected = fmt(Money(plan.expected.mean, "USD", whole=True), loc)
    assert t("budget.meeting.expected", loc, expected=expected, chance=Percent(plan.chance * 100)) in captions(at)


def test_moving_the_target_slider_in_a_meeting_updates_the_budget_it_needs(lib, product_x):
    at = meeting(*product_x)
    before = page_assessment(at).budget.needed.total.mean
    at.select_slider(key=Keys.MEETING_SLIDER).set_value(25).run()
    assert not at.exception
    plan = page_assessment(at).budget
    assert plan.needed.total.mean > before and plan.budget == 7500
    assert f"Budget needed: {money(plan.needed.total.mean)}" in captions(at)


def test_no_budget_slider_in_a_meeting_without_spend(lib):
    demo = load_demo("website_traffic", TODAY)
    at = meeting(demo.draft, demo.history)
    assert not [s for s in at.select_slider if s.key == Keys.MEETING_BUDGET]


def test_the_budget_sliders_stops_keep_their_scale_and_hold_the_planned_budget(product_x):
    assessment = assess_goal(*product_x, TODAY)
    stops = page_budget.slider_options(assessment)
    assert stops[0] == 0 and 7500 in stops and stops == sorted(stops)
    moved = assess_goal(product_x[0].model_copy(update={"budget": stops[-3]}), product_x[1], TODAY)
    assert page_budget.slider_options(moved) == stops   # the track does not rescale under the thumb


# ----------------------------------------------------------------------------- the brief


@pytest.mark.parametrize("lang", ["en", "th"])
def test_the_brief_carries_the_same_budget_figures_as_the_target_step(product_x, lang):
    loc = LANGS[lang]
    assessment = assess_goal(*product_x, TODAY)
    plan = assessment.budget
    brief = build_brief(assessment.goal, product_x[1], loc, TODAY, assessment=assessment)
    facts = {fact.label: fact for fact in brief.facts}
    needed = facts[t("budget.brief.needed", loc)]
    expected = facts[t("budget.brief.expected", loc)]
    assert needed.value == money(plan.needed.total.mean, lang=loc)
    assert money(plan.needed.total.lower, lang=loc) in needed.note and t("budget.brief.basis.curve", loc) in needed.note
    assert expected.value == money(plan.expected.mean, lang=loc)
    assert fmt(Percent(plan.chance * 100), loc) in expected.note
    figures = budget_figures(assessment, loc)                       # the Target step's words
    assert (needed.value, expected.value) == (figures.needed, figures.expected)
    document = brief_document(brief)                                # what the PDF and PNG print
    printed = " ".join(f["value"] + " " + (f["note"] or "") for f in document["facts"])
    printed = printed.replace(ZWSP, "").replace(WORD_JOINER, "")     # the places to break it adds
    assert needed.value in printed and expected.value in printed and needed.note in printed
    markdown = brief_markdown(brief).replace("\\", "")
    assert needed.value in markdown and expected.value in markdown


def test_every_surface_agrees_with_goals_show_json(product_x):
    """The JSON object, the Target step's figures and the brief's: the same needed budget,
    expected results and chance."""
    assessment = assess_goal(*product_x, TODAY)
    data = assessment.as_json("en")["budget"]
    figures = budget_figures(assessment, "en")
    brief = build_brief(assessment.goal, product_x[1], "en", TODAY, assessment=assessment)
    assert figures.needed == money(data["needed"]["mean"]) == brief.facts[4].value
    assert figures.expected == money(data["expected"]["mean"]) == brief.facts[5].value
    assert figures.chance == fmt(Percent(data["chance"] * 100), "en")


def test_a_follower_goal_with_boosted_posts_says_how_many_more_followers_its_budget_brings():
    demo = load_demo("pepperoni_palace", TODAY)
    assessment = assess_goal(demo.draft, demo.history, TODAY)
    plan = assessment.budget
    assert plan.target == pytest.approx(480 - 400)          # the growth the target asks for
    figures = budget_figures(assessment, "en")
    assert figures.expected == f"{round(plan.expected.mean)} more followers"


# ----------------------------------------------------------------------------- the chart


def test_the_response_curve_chart_marks_today_the_plan_and_the_need_and_shades_beyond_the_history(product_x):
    draft, history = product_x
    assessment = assess_goal(draft.model_copy(update={"target_change_pct": 40.0}), history, TODAY)
    plan = assessment.budget
    fig = budget_chart(plan, draft.kpi, "en")
    roles = {trace.meta for trace in fig.data}
    assert {"history", "curve", "now", "planned", "needed", "beyond"} <= roles
    assert plan.needed.daily > plan.curve.max_daily_spend                          # beyond the history...
    assert [s for s in fig.layout.shapes if s.name == "beyond"][0].x0 == pytest.approx(plan.curve.max_daily_spend)
    assert fig.layout.xaxis.range[1] > plan.needed.daily                           # ...and drawn
    points = next(trace for trace in fig.data if trace.meta == "history")
    assert len(points.x) == len(plan.curve.history)
    marks = dict(budget_marks(plan))
    assert marks["needed"] == pytest.approx(plan.needed.daily) and marks["planned"] == pytest.approx(plan.planned_daily)
    assert any("Needed" in a.text for a in fig.layout.annotations)


def test_the_chart_writes_persian_digits_when_the_app_uses_them(product_x):
    plan = assess_goal(*product_x, TODAY).budget
    fig = budget_chart(plan, product_x[0].kpi, Lang("fa", native_digits=True))
    ticks = " ".join(fig.layout.xaxis.ticktext + fig.layout.yaxis.ticktext)
    assert any(ch in ticks for ch in "۰۱۲۳۴۵۶۷۸۹") and not any(ch in ticks for ch in "123456789")
    assert fig.layout.xaxis.title.text == t("budget.chart.spend", "fa")
    assert fig.layout.legend.x == 1  # the legend starts on the right in Persian


def test_the_demo_histories_with_spend_give_the_budget_command_its_contract(product_x):
    from smartkit.analysis.budget import budget_plan, fit_response

    draft, history = product_x
    curve = fit_response(history, "purchase_value", "USD")
    data = budget_plan(curve, draft.start, draft.deadline, target=draft.resolved_target, budget=7500).as_json()
    assert data["basis"] == "curve" and data["within_history"] is True
    assert all(np.isfinite(data["needed"][k]) for k in ("mean", "lower", "upper"))
    assert data["needed"]["lower"] < data["needed"]["mean"] < data["needed"]["upper"]
    assert isinstance(history["spend"], pd.Series) and (history["spend"] > 0).all()
