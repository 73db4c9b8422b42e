"""Achievability: own-history percentile, forecast probability, budget, suggested targets."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import series as S
from worked_examples import TODAY, goal
from smartkit.analysis.achievability import assess, heuristic_growth_limits
from smartkit.errors import GoalError
from smartkit.models import GoalDraft

MONTH = dict(start=dt.date(2026, 12, 1), deadline=dt.date(2026, 12, 31))


def test_pepperoni_palace_is_within_reach_on_its_history():
    result = assess(goal("pepperoni_palace"), S.pepperoni_history(), today=TODAY)
    assert result.basis == "history"
    assert result.verdict in ("realistic", "ambitious")
    assert result.baseline == 400 and result.target == 480
    assert 0 < result.history_percentile < 100 and 0 < result.probability < 1
    assert "20%" in result.reason.render("en")


def test_ten_thousand_new_followers_in_a_month_without_budget_is_unrealistic():
    result = assess(goal("ten_thousand_followers"), S.pepperoni_history(), today=TODAY)
    assert result.verdict == "unrealistic" and result.status == "fail"
    assert result.history_percentile == 100 and result.probability == pytest.approx(0, abs=1e-9)


def test_ten_thousand_followers_without_history_is_unrealistic_on_heuristics():
    result = assess(goal("ten_thousand_followers"), None, today=TODAY)
    assert (result.basis, result.verdict) == ("heuristic", "unrealistic")


@pytest.mark.parametrize("kpi", ["link_clicks", "sessions"])
def test_double_traffic_on_ten_percent_more_spend_in_a_month_is_not_realistic(kpi):
    draft = GoalDraft(kpi=kpi, channel="facebook", target_change_pct=100, budget_change_pct=10,
                      plan="boosted posts", **MONTH)
    result = assess(draft, S.three_years(), today=TODAY)
    assert result.basis == "history" and result.verdict != "realistic"
    assert result.verdict == "unrealistic"
    assert result.required_change_pct == 100


def test_double_traffic_fixture_is_flagged_by_the_budget_check():
    result = assess(goal("double_traffic"), S.three_years(), today=TODAY)
    assert result.verdict == "unrealistic"
    assert result.budget.flagged and result.budget.allowed_change_pct < 100
    assert result.budget.cost_per_result == pytest.approx(
        S.three_years().loc["2026-09-02":"2026-11-23", "spend"].sum()
        / S.three_years().loc["2026-09-02":"2026-11-23", "link_clicks"].sum(), rel=0.2)
    assert any("10%" in n.render("en") for n in result.notes)


def test_budget_rule_alone_caps_a_goal_history_would_allow():
    # clicks historically swing ±30 % month to month, so +40 % is not rare in history,
    # but with spend +5 % the budget rule (2 × 5 + 10 = 20 %) makes it at best ambitious
    history = S.noisy(730, 300, 90, "link_clicks", seed=9)
    draft = GoalDraft(kpi="link_clicks", channel="facebook", target_change_pct=40, budget_change_pct=5, **MONTH)
    result = assess(draft, history, today=TODAY)
    assert result.budget.verdict in ("ambitious", "unrealistic") and result.verdict != "realistic"


def test_flat_history_keeps_level_realistic_and_a_big_jump_unrealistic():
    history = S.noisy(400, 100, 5, "sessions", seed=2)
    keep = assess(GoalDraft(kpi="sessions", target_change_pct=0, **MONTH), history, today=TODAY)
    jump = assess(GoalDraft(kpi="sessions", target_change_pct=60, **MONTH), history, today=TODAY)
    assert keep.verdict == "realistic" and jump.verdict == "unrealistic"


def test_count_baseline_is_the_last_period_total():
    result = assess(GoalDraft(kpi="link_clicks", target_change_pct=10, **MONTH), S.flat(400, 100.0), today=TODAY)
    assert result.period_days == 31
    assert result.baseline == pytest.approx(3100.0) and result.target == pytest.approx(3410.0)


def test_steady_growth_percentile_and_suggested_targets():
    history = S.growth(730, 100.0, 2.0, noise=0.03, seed=3)
    result = assess(GoalDraft(kpi="sessions", target_change_pct=2, **MONTH), history, today=TODAY)
    targets = result.suggested_targets
    assert result.basis == "history"
    assert 30 < result.history_percentile < 70  # +2 % is what a typical month did
    assert targets.conservative.change_pct <= targets.realistic.change_pct <= targets.stretch.change_pct
    assert targets.conservative.change_pct == pytest.approx(2.0, abs=1.5)
    assert targets.conservative.probability > targets.stretch.probability


def test_weekly_cycle_history_gives_a_seasonal_forecast():
    history = S.noisy(400, 100, 5, "link_clicks", seed=4, cycle=S.WEEKLY_CYCLE)
    result = assess(GoalDraft(kpi="link_clicks", target_change_pct=5, **MONTH), history, today=TODAY)
    assert result.forecast["seasonal"] is True
    assert result.forecast["mean"] == pytest.approx(3100, rel=0.05)


def test_ratio_goal_is_judged_on_sums_over_sums():
    history = S.three_years()
    result = assess(GoalDraft(kpi="ctr", target_change_pct=20, **MONTH), history, today=TODAY)
    last = history.iloc[-28:]
    assert result.baseline == pytest.approx(100 * last.link_clicks.sum() / last.impressions.sum())


def test_lower_is_better_kpi_improves_downwards():
    history = S.three_years()
    result = assess(GoalDraft(kpi="cpc", target_change_pct=-50, **MONTH), history, today=TODAY)
    assert result.verdict == "unrealistic"
    assert result.suggested_targets.stretch.change_pct <= result.suggested_targets.conservative.change_pct


def test_short_history_falls_back_to_heuristics_and_says_so():
    draft = GoalDraft(kpi="sessions", target_change_pct=15, **MONTH)
    result = assess(draft, S.flat(60, column="sessions"), today=TODAY)
    assert result.basis == "heuristic" and result.probability is None
    assert result.verdict == "ambitious"  # 15 % a month: above 10 %, within 25 %
    assert "Only 60 days" in result.reason.render("en")
    assert result.suggested_targets.realistic.change_pct == pytest.approx(10.0, abs=0.5)


def test_missing_metric_never_raises():
    result = assess(GoalDraft(kpi="engagement_rate", baseline=3.0, target_change_pct=20, **MONTH),
                    S.flat(400), today=TODAY)
    assert result.basis == "heuristic" and "no column" in result.reason.render("en")


def test_no_target_is_a_goal_error():
    with pytest.raises(GoalError):
        assess(GoalDraft(kpi="sessions"), S.flat(100), today=TODAY)


def test_heuristic_table_is_the_leads():
    assert heuristic_growth_limits("count", False) == (10, 25)
    assert heuristic_growth_limits("stock", True) == (25, 60)
    assert heuristic_growth_limits("ratio", False) == (8, 20)


def test_as_json_contract():
    data = assess(goal("pepperoni_palace"), S.pepperoni_history(), today=TODAY).as_json("en")
    assert {"verdict", "history_percentile", "probability", "suggested_targets"} <= data.keys()
    assert set(data["suggested_targets"]) == {"conservative", "realistic", "stretch"}
    assert {"value", "change_pct", "probability"} <= data["suggested_targets"]["realistic"].keys()


def test_smart_engine_uses_the_history_verdict():
    from smartkit.goals.criteria import evaluate

    report = evaluate(goal("ten_thousand_followers"), S.pepperoni_history(), TODAY)
    assert report.verdicts["achievable"].status == "fail"
    assert report.achievability.basis == "history"
    assert report.verdicts["achievable"].reason == report.achievability.reason
    assert np.isfinite(assess(goal("pepperoni_palace"), S.pepperoni_history(), TODAY).suggested_targets.realistic.value)


def test_the_chance_shown_for_the_target_agrees_with_the_suggested_targets_chances():
    result = assess(goal("pepperoni_palace"), S.pepperoni_history(), TODAY)
    options = result.suggested_targets
    ordered = sorted([options.conservative, options.realistic, options.stretch], key=lambda o: o.value)
    below = [o for o in ordered if o.value <= result.target]
    above = [o for o in ordered if o.value >= result.target]
    assert result.chance is not None
    if below:
        assert result.chance <= below[-1].probability + 1e-9
    if above:
        assert result.chance >= above[0].probability - 1e-9
