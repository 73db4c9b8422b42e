"""The budget planner (smartkit.analysis.budget): known answers from synthetic histories made
by a known adstock + saturation curve (tests/budget_series.py), honest limits, bad input."""
from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budget_series import TrueCurve, synthetic_history, true_needed, true_total
from smartkit.analysis.budget import (MIN_SPEND_CV, BudgetError, budget_plan, fit_response)

START, DEADLINE = dt.date(2026, 1, 1), dt.date(2026, 1, 30)   # 30 days right after the history
CURVE = TrueCurve()


def _question(seed: int, variation: float = 0.6, spend_factor: float = 1.1):
    history, last_adstock = synthetic_history(seed, variation=variation)
    target = true_total(CURVE, CURVE.mean_spend * spend_factor, last_adstock, 30)
    return history, target, true_needed(CURVE, target, last_adstock, 30)


def test_needed_budget_is_within_15_percent_of_the_truth_and_inside_its_range_in_8_of_10_seeds():
    inside = 0
    for seed in range(10):
        history, target, truth = _question(seed)
        curve = fit_response(history, "leads", "USD")   # a refused curve (cost per result) counts too
        needed = budget_plan(curve, START, DEADLINE, target=target).needed.total
        assert abs(needed.mean / truth - 1) <= 0.15
        inside += needed.lower <= truth <= needed.upper
    assert inside >= 8


@pytest.mark.parametrize("seed", range(3))
def test_boosted_fortnights_with_no_spend_in_between_still_give_a_curve(seed):
    # spend on 40 % of the days (a boosted fortnight every five weeks): the curve's check looks at
    # the days that spent (the median of every day was 0, a slope of 0/0, and no curve ever)
    rng = np.random.default_rng(seed)
    index = pd.date_range(end="2025-12-31", periods=365, freq="D", name="date")
    boosted = np.zeros(365, dtype=bool)
    for first in range(10, 365, 35):
        boosted[first:first + 14] = True
    spend = np.where(boosted, np.round(CURVE.mean_spend * (1 + rng.uniform(-0.6, 0.6, 365)), 2), 0.0)
    results = rng.poisson(CURVE.response(CURVE.adstock(spend, spend[0]))).astype(float)
    curve = fit_response(pd.DataFrame({"spend": spend, "leads": results}, index=index), "leads", "USD")
    assert curve.basis == "curve" and not curve.reasons
    assert curve.params["base"] == pytest.approx(CURVE.base, rel=0.2)
    assert curve.params["k"] == pytest.approx(CURVE.k, rel=0.3)


def test_spend_that_barely_varies_gets_no_curve_but_a_low_confidence_cost_per_result_line():
    history, target, _ = _question(0, variation=0.05)
    curve = fit_response(history, "leads", "USD")
    assert curve.basis == "cost_per_result"
    assert curve.spend_cv < MIN_SPEND_CV
    plan = budget_plan(curve, START, DEADLINE, target=target)
    keys = [w.key for w in plan.warnings]
    assert "budget.reason.flat_spend" in keys and "budget.warning.low_confidence" in keys
    assert plan.as_json()["basis"] == "cost_per_result"
    assert "barely varies" in plan.as_json()["warnings"][0]


def test_a_target_needing_three_times_the_highest_spend_seen_says_it_is_beyond_the_history():
    history, last_adstock = synthetic_history(1)
    curve = fit_response(history, "leads", "USD")
    top = curve.max_daily_spend
    target = true_total(CURVE, 3 * top, last_adstock, 30)
    plan = budget_plan(curve, START, DEADLINE, target=target)
    assert plan.needed.daily > 2 * top
    assert plan.within_history is False
    text = " ".join(plan.as_json()["warnings"])
    assert "beyond anything your history shows" in text and f"{top:,.2f}" in text


def test_a_planned_budget_gives_the_results_expected_with_a_range_and_a_chance():
    history, last_adstock = synthetic_history(2)
    curve = fit_response(history, "leads", "USD")
    budget = 30 * CURVE.mean_spend
    truth = true_total(CURVE, CURVE.mean_spend, last_adstock, 30)
    plan = budget_plan(curve, START, DEADLINE, target=truth, budget=budget)
    assert plan.expected.lower < plan.expected.mean < plan.expected.upper
    assert abs(plan.expected.mean / truth - 1) < 0.05
    assert 0.3 < plan.chance < 0.7                      # the target is the mean: about even odds
    assert budget_plan(curve, START, DEADLINE, target=truth, budget=2 * budget).chance > plan.chance


def test_marginal_cost_of_one_more_result_is_above_the_average_cost_on_a_saturating_curve():
    history, target, _ = _question(3)
    plan = budget_plan(fit_response(history, "leads", "USD"), START, DEADLINE, target=target)
    assert plan.needed.marginal_cost > plan.needed.average_cost > 0
    assert plan.as_json()["cost_per_result"] == pytest.approx(plan.needed.average_cost, rel=1e-6)


def test_the_weekday_plan_follows_the_historys_spend_profile_and_costs_about_the_same():
    history, target, _ = _question(4)
    curve = fit_response(history, "leads", "USD")
    flat = budget_plan(curve, START, DEADLINE, target=target).needed
    weekday = budget_plan(curve, START, DEADLINE, target=target, plan="weekday").needed
    assert weekday.total.mean == pytest.approx(flat.total.mean, rel=0.05)


def test_weekday_effects_are_found_when_the_results_have_them():
    history, _ = synthetic_history(5, weekday=True, days=730)
    curve = fit_response(history, "leads", "USD")
    assert curve.basis == "curve"
    assert curve.weekday[4] > curve.weekday[5]          # Friday busier than Saturday
    plain = fit_response(synthetic_history(5)[0], "leads", "USD")
    assert np.allclose(plain.weekday, 1.0)


def test_json_is_strict_and_carries_the_contract_keys():
    history, target, _ = _question(6)
    data = budget_plan(fit_response(history, "leads", "USD"), START, DEADLINE, target=target).as_json()
    for key in ("basis", "needed", "expected", "marginal_cost", "cost_per_result", "max_daily_spend_seen",
                "within_history", "currency", "warnings"):
        assert key in data
    assert set(data["needed"]) == {"mean", "lower", "upper"} and data["expected"] is None
    assert data["currency"] == "USD"


# ----------------------------------------------------------------------------- bad input


def _frame(spend, results, days=60):
    index = pd.date_range("2025-01-01", periods=days, freq="D", name="date")
    return pd.DataFrame({"spend": spend, "leads": results}, index=index, dtype=float)


@pytest.mark.parametrize("spend, results, key", [
    (np.nan, 5.0, "budget.error.no_spend"),                       # results without spend
    (50.0, np.nan, "budget.error.no_results"),                    # spend without results
    (0.0, 5.0, "budget.error.no_positive_spend"),                 # zero spend everywhere
    (-10.0, 5.0, "budget.error.negative_spend"),                  # negative spend
    (50.0, 0.0, "budget.error.no_results_with_spend"),            # spend that never bought anything
])
def test_bad_histories_get_a_clear_message_never_a_crash(spend, results, key):
    with pytest.raises(BudgetError) as err:
        fit_response(_frame(spend, results), "leads")
    assert err.value.key == key
    assert "{" not in err.value.message("en") and err.value.message("vi") != err.value.message("en")


def test_a_rate_kpi_is_not_something_a_budget_buys_by_the_day():
    with pytest.raises(BudgetError) as err:
        fit_response(_frame(50.0, 5.0).assign(impressions=100.0, link_clicks=2.0), "ctr")
    assert err.value.key == "budget.error.kpi_not_bought"


@pytest.mark.parametrize("target", [0.0, -5.0])
def test_a_target_of_zero_or_less_is_refused(target):
    curve = fit_response(_question(0)[0], "leads", "USD")
    with pytest.raises(BudgetError) as err:
        budget_plan(curve, START, DEADLINE, target=target)
    assert err.value.key == "budget.error.target_not_positive"


def test_a_target_the_results_reach_with_no_spend_is_below_the_baseline():
    history, last_adstock = synthetic_history(0)
    curve = fit_response(history, "leads", "USD")
    organic = curve.organic(START, DEADLINE)
    assert organic > 0
    with pytest.raises(BudgetError) as err:
        budget_plan(curve, START, DEADLINE, target=organic * 0.9)
    assert err.value.key == "budget.error.below_baseline"


def test_a_target_no_budget_reaches_says_where_the_results_level_off():
    curve = fit_response(_question(0)[0], "leads", "USD")
    plan = budget_plan(curve, START, DEADLINE, target=curve.ceiling(START, DEADLINE) * 1.5)
    assert plan.needed.total.mean == math.inf
    data = plan.as_json()
    assert data["needed"]["mean"] is None and data["within_history"] is False
    assert any("level off" in w for w in data["warnings"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), k=st.floats(20, 200), vmax=st.floats(50, 600), base=st.floats(0, 50),
       half_life=st.floats(0.2, 6), variation=st.floats(0.02, 0.9), factors=st.lists(
           st.floats(0.3, 4), min_size=2, max_size=4))
def test_needed_budgets_are_finite_non_negative_and_grow_with_the_target(seed, k, vmax, base, half_life,
                                                                          variation, factors):
    truth = TrueCurve(base=base, vmax=vmax, k=k, half_life=half_life)
    history, last_adstock = synthetic_history(seed, variation=variation, days=200, curve=truth)
    try:
        curve = fit_response(history, "leads", "USD")
    except BudgetError:
        return  # e.g. no results at all: refused with a message, which is what must happen
    organic = curve.organic(START, DEADLINE)
    ceiling = curve.ceiling(START, DEADLINE)
    previous = -1.0
    for factor in sorted(factors):
        target = max(organic, 1.0) * (1 + factor)
        if target >= ceiling:
            break
        needed = budget_plan(curve, START, DEADLINE, target=target).needed
        assert math.isfinite(needed.total.mean) and needed.total.mean >= 0
        assert needed.total.lower is not None and 0 <= needed.total.lower <= needed.total.mean <= needed.total.upper
        assert needed.total.mean >= previous
        previous = needed.total.mean


# ----------------------------------------------------------------------------- the goal's assessment


def _goal(**fields):
    from smartkit.models import GoalDraft

    return GoalDraft(kpi="leads", start=START, deadline=DEADLINE, currency="USD", **fields)


def test_the_assessment_carries_the_budget_object_of_the_cli_and_the_chance_with_the_planned_budget():
    from smartkit.goals.assessment import assess_goal

    history, last_adstock = synthetic_history(2)
    target = true_total(CURVE, CURVE.mean_spend, last_adstock, 30)
    generous = assess_goal(_goal(target=round(target), budget=30 * 2 * CURVE.mean_spend), history, START)
    data = generous.as_json()["budget"]
    assert data["basis"] == "curve" and data["needed"]["mean"] > 0 and data["chance"] > 0.9
    curve = fit_response(history, "leads", "USD")
    cli = budget_plan(curve, START, DEADLINE, target=round(target), budget=30 * 2 * CURVE.mean_spend).as_json()
    assert data == {**cli, "warnings": data["warnings"]} and data["warnings"] == cli["warnings"]


def test_a_planned_budget_far_below_the_needed_one_makes_the_goal_unrealistic_on_the_curve():
    from smartkit.goals.assessment import assess_goal

    history, last_adstock = synthetic_history(2)
    target = true_total(CURVE, CURVE.mean_spend, last_adstock, 30)
    short = assess_goal(_goal(target=round(target), budget=30 * 0.3 * CURVE.mean_spend), history, START)
    assert short.achievability.budget.verdict == "unrealistic"
    assert short.verdict == "unrealistic"
    assert "response curve" in short.achievability.budget.reason.render("en")
    assert short.as_json()["budget"]["chance"] < 0.05


def test_suggested_targets_respect_the_planned_budget():
    from smartkit.goals.assessment import assess_goal

    history, last_adstock = synthetic_history(2)
    budget = 30 * CURVE.mean_spend
    expected = true_total(CURVE, CURVE.mean_spend, last_adstock, 30)
    assessed = assess_goal(_goal(target=round(expected * 2), budget=budget), history, START)
    plan = assessed.budget
    for card in (assessed.suggested_targets.conservative, assessed.suggested_targets.realistic):
        assert plan.curve.chance(card.value, budget, START, DEADLINE) >= 0.2
