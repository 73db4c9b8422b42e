"""The SMART rules of issue 3, each as the marketer would say it."""
import datetime as dt

import pytest

from worked_examples import TODAY, goal
from smartkit.errors import InvalidFieldError
from smartkit.i18n import LANGUAGES
from smartkit.models import GoalDraft
from smartkit.analysis.achievability import GROWTH_LIMITS, has_paid_support, heuristic_growth_limits
from smartkit.goals.criteria import evaluate, is_backwards


def verdicts(draft: GoalDraft) -> dict[str, str]:
    return {letter: v.status for letter, v in evaluate(draft, today=TODAY).verdicts.items()}


def reason(draft: GoalDraft, letter: str) -> str:
    return evaluate(draft, today=TODAY).as_dict("en")["verdicts"][letter]["reason"]


# --------------------------------------------------------------------------- the five worked examples


def test_pepperoni_palace_goal_is_smart(pepperoni):
    assert verdicts(pepperoni) == dict.fromkeys(verdicts(pepperoni), "pass")
    assert evaluate(pepperoni, today=TODAY).overall == "pass"


def test_ten_thousand_followers_in_a_month_without_budget_is_not_achievable():
    report = evaluate(goal("ten_thousand_followers"), today=TODAY)
    assert report.verdicts["achievable"].status == "fail"
    assert report.overall == "fail"
    assert "judged on typical growth" in report.verdicts["achievable"].reason.render("en")


def test_website_traffic_plus_25_percent_in_six_months_with_ad_budget_is_achievable():
    assert verdicts(goal("website_traffic"))["achievable"] == "pass"


def test_product_x_sales_plus_15_percent_next_quarter_is_achievable():
    assert verdicts(goal("product_x_sales"))["achievable"] == "pass"


def test_engagement_rate_plus_20_percent_in_three_months_is_achievable():
    assert verdicts(goal("engagement_rate"))["achievable"] == "pass"


def test_doubling_traffic_on_ten_percent_more_spend_warns():
    verdict = evaluate(goal("double_traffic"), today=TODAY).verdicts["achievable"]
    assert verdict.status == "warn"
    assert "ad spend grows only 10%" in verdict.reason.render("en")


def test_doubling_traffic_when_spend_doubles_too_is_not_flagged_by_the_budget_rule():
    verdict = evaluate(goal("double_traffic", budget_change_pct=100, start=dt.date(2026, 12, 1),
                            deadline=dt.date(2027, 5, 31)), today=TODAY).verdicts["achievable"]
    assert verdict.status == "pass"


# --------------------------------------------------------------------------- Specific


def test_increase_sales_is_too_vague_to_be_specific():
    draft = goal("increase_sales")
    assert verdicts(draft)["specific"] == "fail"
    assert "no KPI and no number" in reason(draft, "specific")


def test_a_kpi_without_a_number_is_not_specific():
    assert verdicts(goal("pepperoni_palace", target=None, target_change_pct=None))["specific"] == "fail"


def test_a_number_without_a_kpi_is_not_specific():
    assert verdicts(GoalDraft(target_change_pct=20))["specific"] == "fail"


def test_kpi_and_number_without_channel_or_scope_warns():
    draft = GoalDraft(kpi="followers", target=480)
    assert verdicts(draft)["specific"] == "warn"


def test_naming_kpi_direction_number_and_scope_is_specific(pepperoni):
    assert verdicts(pepperoni)["specific"] == "pass"
    assert "in our city" in reason(pepperoni, "specific")


# --------------------------------------------------------------------------- Measurable


def test_no_baseline_warns_set_the_baseline_before_the_target():
    draft = goal("pepperoni_palace", baseline=None)
    assert verdicts(draft)["measurable"] == "warn"
    assert "set the baseline before the target" in reason(draft, "measurable")


def test_no_tracking_method_warns():
    assert verdicts(goal("pepperoni_palace", tracking=None))["measurable"] == "warn"


def test_catalogue_kpi_with_baseline_and_tracking_is_measurable(pepperoni):
    assert reason(pepperoni, "measurable") == "Followers is counted in Page Insights, starting from 400."


def test_free_text_tracking_is_shown_as_typed():
    draft = goal("pepperoni_palace", tracking="our weekly spreadsheet")
    assert "our weekly spreadsheet" in reason(draft, "measurable")


# --------------------------------------------------------------------------- Achievable


def test_heuristics_are_documented_per_kind_with_and_without_budget():
    for kind in ("count", "stock", "ratio", "average"):
        for paid in (False, True):
            limits = heuristic_growth_limits(kind, paid)
            assert 0 < limits.realistic < limits.ambitious
    assert GROWTH_LIMITS[("stock", True)].realistic >= 20  # Pepperoni: +20 % in a month with boosts


def test_pepperoni_without_any_paid_support_is_only_a_stretch():
    draft = goal("pepperoni_palace", budget=None, plan="Post every day")
    assert verdicts(draft)["achievable"] == "fail"


def test_boosted_posts_in_the_plan_count_as_paid_support_when_no_budget_is_given():
    assert has_paid_support(goal("pepperoni_palace", budget=None))
    assert not has_paid_support(goal("pepperoni_palace", budget=0))


def test_achievable_suggests_a_realistic_target_when_it_fails():
    fix = evaluate(goal("ten_thousand_followers"), today=TODAY).verdicts["achievable"].fix.render("en")
    assert "Aim for about 420" in fix


def test_a_lower_is_better_kpi_improves_by_going_down():
    draft = GoalDraft(kpi="cpc", objective="leads_sales", baseline=1.0, target=0.5, channel="facebook",
                      start=dt.date(2026, 12, 1), deadline=dt.date(2026, 12, 31))
    assert verdicts(draft)["achievable"] == "fail"  # halving CPC in a month
    assert verdicts(draft.model_copy(update={"target": 0.95}))["achievable"] == "pass"


def test_keeping_the_level_is_achievable():
    assert verdicts(goal("pepperoni_palace", target=400))["achievable"] == "pass"


def test_achievable_without_baseline_warns():
    assert verdicts(goal("pepperoni_palace", baseline=None))["achievable"] == "warn"


# --------------------------------------------------------------------------- Relevant


def test_kpi_that_does_not_serve_the_objective_fails_relevance():
    draft = goal("pepperoni_palace", kpi="response_time")
    assert verdicts(draft)["relevant"] == "fail"


def test_vanity_kpi_for_leads_and_sales_warns():
    draft = goal("double_traffic", kpi="followers")
    assert verdicts(draft)["relevant"] == "warn"
    assert "vanity" in reason(draft, "relevant")


def test_missing_business_goal_warns():
    assert verdicts(goal("pepperoni_palace", business_goal=None))["relevant"] == "warn"


def test_missing_objective_warns():
    assert verdicts(goal("pepperoni_palace", objective=None))["relevant"] == "warn"


# --------------------------------------------------------------------------- Time-bound


def test_no_deadline_fails():
    assert verdicts(goal("pepperoni_palace", deadline=None))["time_bound"] == "fail"


def test_deadline_before_start_fails():
    draft = goal("pepperoni_palace", deadline=dt.date(2026, 11, 30))
    assert verdicts(draft)["time_bound"] == "fail"


def test_deadline_in_the_past_fails():
    draft = goal("pepperoni_palace", start=dt.date(2026, 10, 1), deadline=dt.date(2026, 10, 31))
    assert verdicts(draft)["time_bound"] == "fail"
    assert "already passed" in reason(draft, "time_bound")


def test_horizon_under_a_week_warns():
    draft = goal("pepperoni_palace", deadline=dt.date(2026, 12, 5))
    assert verdicts(draft)["time_bound"] == "warn"


def test_horizon_over_two_years_warns():
    draft = goal("pepperoni_palace", deadline=dt.date(2029, 1, 31))
    assert verdicts(draft)["time_bound"] == "warn"


def test_no_review_cadence_warns_because_smarter_goals_are_reviewed():
    draft = goal("pepperoni_palace", review_every_days=None)
    assert verdicts(draft)["time_bound"] == "warn"
    assert "reviewed" in reason(draft, "time_bound")


# --------------------------------------------------------------------------- overall


def test_overall_is_the_worst_letter_and_fails_come_first_in_the_fix_list():
    draft = goal("pepperoni_palace", deadline=None, tracking=None)
    report = evaluate(draft, today=TODAY)
    assert report.overall == "fail"
    assert [v.letter for v in report.fix_first][0] in ("time_bound", "achievable")
    assert report.fix_first[0].status == "fail"
    assert {v.letter for v in report.fix_first} >= {"measurable", "time_bound"}


def test_an_empty_draft_is_judged_without_errors():
    report = evaluate(GoalDraft(), today=TODAY)
    assert report.overall == "fail"
    assert len(report.as_dict()["fix_first"]) >= 3


# --------------------------------------------------------------------------- direction (issue 10)


def test_pepperoni_palace_target_of_minus_100_followers_is_refused_at_the_field():
    with pytest.raises(InvalidFieldError, match="cannot be below 0") as refused:
        GoalDraft.from_dict({**goal("pepperoni_palace").model_dump(), "target": -100})
    assert refused.value.params["field"] == "target"
    assert "không thể nhỏ hơn 0" in refused.value.message("vi")


def test_pepperoni_palace_target_of_300_followers_is_backwards_and_never_ready_to_share():
    draft = goal("pepperoni_palace", target=300)
    report = evaluate(draft, today=TODAY)
    assert is_backwards(draft)
    assert report.overall != "pass"
    relevant = report.as_dict("en")["verdicts"]["relevant"]
    assert relevant["status"] == "warn"
    assert "takes followers down (-25%), while for followers higher is better" in relevant["reason"]
    assert relevant["fix"].startswith("For Brand awareness you probably mean to grow followers: target ")
    suggested = float(relevant["fix"].split("target ")[1].rstrip("?").replace(",", ""))
    assert suggested > 400


def test_reduce_facebook_purchases_by_57_percent_is_never_ready_to_share():
    draft = GoalDraft(objective="leads_sales", business_goal="More orders", channel="facebook", kpi="purchases",
                      baseline=140, target_change_pct=-57, start=dt.date(2026, 12, 1),
                      deadline=dt.date(2027, 2, 28), tracking="pixel", review_every_days=7, budget=500)
    report = evaluate(draft, today=TODAY)
    assert report.overall != "pass"
    assert report.verdicts["relevant"].status == "warn"
    assert "grow purchases" in report.verdicts["relevant"].fix.render("en")


def test_a_lower_is_better_kpi_going_down_is_relevant_as_usual():
    draft = GoalDraft(kpi="cpc", objective="leads_sales", business_goal="Cheaper leads", baseline=1.0,
                      target=0.95, channel="facebook", start=dt.date(2026, 12, 1), deadline=dt.date(2026, 12, 31))
    assert not is_backwards(draft)
    assert verdicts(draft)["relevant"] == "pass"


def test_cost_per_click_going_up_warns_and_offers_to_bring_it_down():
    draft = GoalDraft(kpi="cpc", objective="leads_sales", business_goal="Cheaper leads", baseline=1.0,
                      target=1.3, channel="facebook", start=dt.date(2026, 12, 1), deadline=dt.date(2026, 12, 31),
                      currency="USD")
    verdict = evaluate(draft, today=TODAY).verdicts["relevant"]
    assert verdict.status == "warn"
    fix = verdict.fix.render("en")
    assert fix.startswith("For Leads and sales you probably mean to bring cost per click (CPC) down: target $0.")
    assert float(fix.split("$")[1].rstrip("?")) < 1.0


def test_response_time_going_up_is_backwards_even_without_an_objective():
    draft = GoalDraft(kpi="response_time", baseline=3600, target_change_pct=50)
    verdict = evaluate(draft, today=TODAY).verdicts["relevant"]
    assert verdict.status == "warn"
    assert verdict.fix.render("en") == "You probably mean to bring response time down: target 30 min?"


def test_keeping_the_level_is_not_backwards():
    assert not is_backwards(goal("pepperoni_palace", target=400))


def test_a_kpi_off_the_objective_still_fails_even_when_it_also_goes_the_wrong_way():
    draft = goal("pepperoni_palace", kpi="response_time")  # 400 → 480 seconds, and not for awareness
    assert verdicts(draft)["relevant"] == "fail"


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_backwards_warning_and_its_fix_read_in_every_language(code):
    for draft in (goal("pepperoni_palace", target=300), GoalDraft(kpi="cpc", target_change_pct=20, baseline=2)):
        verdict = evaluate(draft, today=TODAY).as_dict(code)["verdicts"]["relevant"]
        for text in (verdict["reason"], verdict["fix"]):
            assert "{" not in text and "goals." not in text and "nan" not in text.lower(), text


def test_a_deadline_before_the_start_is_not_judged_for_pace():
    draft = goal("pepperoni_palace", start=dt.date(2027, 5, 11), deadline=dt.date(2026, 12, 31))
    report = evaluate(draft, today=TODAY)
    assert report.verdicts["time_bound"].status == "fail"
    assert report.verdicts["achievable"].reason.render("en") == (
        "The deadline is before the start, so there is no period to judge the pace over.")


def test_a_net_follower_loss_made_deeper_is_backwards_and_the_fix_goes_up():
    draft = GoalDraft(kpi="net_followers", objective="awareness", baseline=-20, target=-30)
    verdict = evaluate(draft, today=TODAY).verdicts["relevant"]
    assert verdict.status == "warn"
    assert verdict.fix.render("en") == "For Brand awareness you probably mean to grow net follower growth: target -10?"
