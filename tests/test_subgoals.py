"""Breaking a goal into the smaller goals that drive it (article 000, tip 1)."""
from worked_examples import goal
from smartkit.goals.subgoals import MAX_SUBGOALS, subgoal_draft, suggest_subgoals


def test_website_traffic_from_facebook_splits_into_ad_ctr_engagement_and_clicks():
    assert [s.kpi for s in suggest_subgoals(goal("website_traffic"))] == ["ctr", "engagement_rate", "link_clicks"]


def test_every_suggestion_is_another_kpi_with_a_reason_in_words():
    draft = goal("pepperoni_palace")
    subs = suggest_subgoals(draft)
    assert 0 < len(subs) <= MAX_SUBGOALS
    assert draft.kpi not in [s.kpi for s in subs]
    assert "Followers" in subs[0].reason.render("en")


def test_a_kpi_without_documented_drivers_falls_back_to_its_formula_and_objective():
    subs = suggest_subgoals(goal("engagement_rate", kpi="story_retention"))
    assert [s.kpi for s in subs][:2] == ["story_completions", "story_views"]


def test_a_sub_goal_keeps_the_context_and_dates_but_starts_without_numbers():
    parent = goal("pepperoni_palace", lang="fa", calendar="persian", native_digits=True)
    child = subgoal_draft(parent, "reach")
    assert (child.kpi, child.parent_goal) == ("reach", parent.name)
    assert (child.channel, child.deadline, child.review_every_days) == (parent.channel, parent.deadline, 7)
    assert child.ui_lang == parent.ui_lang  # language, calendar and Persian digits carry over
    assert child.baseline is None and child.target is None and child.name is None


def test_no_kpi_no_sub_goals():
    assert suggest_subgoals(goal("increase_sales")) == []
