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
    assert result.history_percentile == 100 and result.probability == pytest.approx(0.02)  # shown clipped, like the chance


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
    # Σclicks / Σimpressions, rounded as a rate is stated (4 places): the wizard's baseline too
    assert result.baseline == round(100 * last.link_clicks.sum() / last.impressions.sum(), 4)


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


# ----------------------------------------------------------------------------- one chance, stated plainly


def test_when_history_and_forecast_disagree_the_reason_says_so_in_plain_words():
    from smartkit.demos import load_demo

    # Product X's sales made +15 % in most past three-month stretches, but the forecast from the
    # recent, noisier months gives it little
    demo = load_demo("product_x_sales", TODAY)
    judged = assess(demo.draft, demo.history, today=TODAY)
    assert judged.achieved_share > 0.6 and judged.probability < 0.2
    assert judged.disagreement
    for lang in ("en", "vi", "th", "fa"):
        assert judged.reason.key == "analysis.reason.disagree"
        assert "{" not in judged.reason.render(lang)
    assert "disagree" in judged.reason.render("en")
    # one figure between the two, never a flat certainty
    assert 0 < judged.probability < judged.chance < judged.achieved_share < 1


def test_the_chance_is_never_a_flat_zero_or_hundred_percent():
    from smartkit.analysis.achievability import combine_chance

    assert 0 < combine_chance(0.0, 0.0) < 0.05 and 0.95 < combine_chance(1.0, 1.0) < 1
    assert combine_chance(0.5, 0.5) == pytest.approx(0.5)
    assert combine_chance(0.2, None) == pytest.approx(0.2)


def test_targets_are_suggested_without_faking_a_target():
    from smartkit.analysis.achievability import suggest_targets

    history = S.three_years()
    draft = GoalDraft(kpi="sessions", **MONTH)
    assert not draft.has_number
    suggested = suggest_targets(draft, history, today=TODAY)
    assert suggested.conservative.change_pct <= suggested.realistic.change_pct <= suggested.stretch.change_pct
    assert suggested.realistic.probability is not None
    judged = assess(draft.model_copy(update={"target_change_pct": 10.0}), history, today=TODAY)
    assert judged.suggested_targets == suggested  # judging a target does not move the suggestions


def test_a_baseline_that_follows_the_data_is_the_reference_for_a_typed_target():
    history = S.three_years()
    stale = GoalDraft(kpi="sessions", baseline=30000.0, baseline_origin="history", target=40000, **MONTH)
    judged = assess(stale, history, today=TODAY)
    assert judged.required_change_pct == pytest.approx((40000 / judged.baseline - 1) * 100)


def test_the_monthly_rate_of_any_change_over_any_period_is_finite_and_capped():
    import math

    from smartkit.analysis.achievability import MAX_MONTHLY_PCT, monthly_rate
    from smartkit.models import DAYS_PER_MONTH

    for factor in (0.0, 1e-300, 0.5, 1.0, 1.2, 2.5e12, 1e308, math.inf):
        for days in (1, 2, 31, 36_890):
            rate = monthly_rate(factor, days)
            assert math.isfinite(rate) and -100 <= rate <= MAX_MONTHLY_PCT, (factor, days)
    assert monthly_rate(2.5e12, 1) == MAX_MONTHLY_PCT  # ×2.5·10¹² in a day used to overflow
    assert monthly_rate(0.0, 90) == -100
    assert monthly_rate(1.2, 31) == pytest.approx((1.2 ** (DAYS_PER_MONTH / 31) - 1) * 100)


def test_a_one_day_goal_asking_ten_thousand_fold_says_more_than_the_largest_change_in_every_language():
    from smartkit.i18n import LANGUAGES

    day = dt.date(2026, 12, 1)
    judged = assess(GoalDraft(kpi="followers", baseline=10, target=99_000, start=day, deadline=day), None, TODAY)
    assert judged.verdict == "unrealistic"
    assert "is more than +999,900% a month" in judged.reason.render("en")
    for lang in LANGUAGES:
        text = judged.reason.render(lang)
        assert "nan" not in text.lower() and "inf" not in text.lower(), (lang, text)


@pytest.mark.parametrize("kpi, baseline, target", [
    ("followers", 400, 480), ("sessions", 1000, 2000), ("ctr", 1.2, 2.0), ("cpc", 0.8, 0.5),
    ("engagement_rate", 3.0, 3.6)])
def test_a_hundred_year_goal_suggests_targets_the_goal_model_accepts(kpi, baseline, target):
    from smartkit.models import FIRST_DAY, LAST_DAY

    draft = GoalDraft(kpi=kpi, baseline=baseline, target=target, budget=500, start=FIRST_DAY, deadline=LAST_DAY)
    options = assess(draft, None, TODAY).suggested_targets
    for name in ("conservative", "realistic", "stretch"):
        option = getattr(options, name)
        # the suggestion is a goal the model accepts, typed as a number or as a % change
        assert GoalDraft(kpi=kpi, baseline=baseline, target=option.value).target == option.value
        GoalDraft(kpi=kpi, baseline=baseline, target_change_pct=option.change_pct)
    assert options.conservative.change_pct <= options.realistic.change_pct <= options.stretch.change_pct \
        or options.conservative.change_pct >= options.realistic.change_pct >= options.stretch.change_pct
