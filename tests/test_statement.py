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
