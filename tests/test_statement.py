import datetime as dt

from worked_examples import goal
from smartkit.models import GoalDraft
from smartkit.goals.statement import statement


def test_pepperoni_palace_statement_reads_like_the_issue(pepperoni):
    assert statement(pepperoni) == (
        "Increase Facebook followers in our city by 20% (from 400 to 480) by 31 December 2026, "
        "measured in Page Insights and reviewed weekly.")


def test_a_cost_kpi_going_down_is_reduced_and_shown_in_its_currency():
    draft = GoalDraft(kpi="cpc", channel="facebook", baseline=1.25, target=1.0, currency="USD",
                      deadline=dt.date(2027, 3, 31))
    assert statement(draft) == "Reduce Facebook cost per click (CPC) by 20% (from $1.25 to $1.00) by 31 March 2027."


def test_percentage_change_without_baseline_still_reads():
    draft = GoalDraft(kpi="sessions", channel="website", target_change_pct=25, review_every_days=14)
    assert statement(draft) == "Increase website sessions by 25%, reviewed every 2 weeks."


def test_rates_are_shown_as_percentages():
    text = statement(goal("engagement_rate"))
    assert "(from 3% to 3.6%)" in text
    assert text.startswith("Increase Facebook engagement rate on our page by 20%")


def test_statement_without_kpi_asks_for_one():
    assert "Choose a KPI" in statement(GoalDraft())


def test_statement_is_deterministic(pepperoni):
    assert statement(pepperoni) == statement(pepperoni.model_copy())


def test_a_change_that_reads_as_0_percent_keeps_the_level_rather_than_saying_by_0_percent():
    draft = GoalDraft(kpi="followers", channel="facebook", baseline=400, target=400.1)
    assert statement(draft) == "Keep Facebook followers at 400."
    assert statement(draft.model_copy(update={"target": 404})) == "Increase Facebook followers by 1% (from 400 to 404)."


def test_a_statement_says_its_baseline_was_measured_on_the_data():
    draft = GoalDraft(kpi="followers", channel="facebook", baseline=400, target=480, baseline_origin="history")
    assert "(from 400, measured on your data, to 480)" in statement(draft)
    assert "(from 400 to 480)" in statement(draft.model_copy(update={"baseline_origin": "manual"}))
