"""Sub-goal trees: the parent warns when its same-unit children's targets cannot add up to it."""
from __future__ import annotations

from smartkit.goals.tree import rollup_check, same_unit
from smartkit.models import GoalDraft
from worked_examples import goal


def sessions(target: float | None, kpi: str = "sessions", **more) -> GoalDraft:
    return GoalDraft(kpi=kpi, baseline=1000, target=target, **more)


def test_sessions_by_source_that_fall_short_say_by_how_much():
    parent = sessions(10_000)
    children = [sessions(4_000, scope="organic"), sessions(3_500, kpi="referral_sessions")]
    check = rollup_check(parent, children)
    assert (check.status, check.children_total, check.gap) == ("short", 7_500, 2_500)
    assert [m.key for m in check.messages] == ["tree.rollup.short"]
    assert "2,500" in check.messages[0].render("en")


def test_children_that_reach_the_parent_target_are_ok():
    check = rollup_check(sessions(10_000), [sessions(6_000), sessions(4_000)])
    assert check.status == "ok" and check.gap == 0


def test_a_percent_target_is_resolved_before_adding_up():
    parent = sessions(None, target_change_pct=20)  # 1,000 → 1,200
    check = rollup_check(parent, [sessions(None, target_change_pct=-50), sessions(600)])  # 500 + 600
    assert check.status == "short" and check.gap == 100


def test_a_spend_cap_is_exceeded_when_the_children_spend_more():
    parent = GoalDraft(kpi="spend", baseline=1000, target=900, currency="USD")
    children = [GoalDraft(kpi="spend", target=500, currency="USD"), GoalDraft(kpi="spend", target=450, currency="USD")]
    check = rollup_check(parent, children)
    assert (check.status, check.gap) == ("over", 50)
    assert check.messages[0].key == "tree.rollup.over"


def test_money_in_another_currency_is_not_added():
    parent = GoalDraft(kpi="purchase_value", target=1000, currency="USD")
    assert rollup_check(parent, [GoalDraft(kpi="purchase_value", target=10, currency="VND")]) is None


def test_the_articles_website_traffic_split_has_nothing_to_add_up():
    """Seed 000: a traffic goal split into ad CTR, post engagement and referral traffic: only
    the referral-traffic child measures the parent's unit."""
    parent = goal("website_traffic")  # referral sessions, 2,000 → 2,500
    children = [GoalDraft(kpi="ctr", target=1.5), GoalDraft(kpi="engagement_rate", target=4.0),
                GoalDraft(kpi="referral_sessions", target=2_500)]
    check = rollup_check(parent, children)
    assert check.counted == [2] and check.status == "ok"


def test_ratios_and_unique_people_never_roll_up():
    assert not same_unit("ctr", "ctr")
    assert not same_unit("users", "users")
    assert rollup_check(GoalDraft(kpi="engagement_rate", target=5), [GoalDraft(kpi="engagement_rate", target=2)]) is None


def test_children_without_a_target_are_named_as_missing():
    check = rollup_check(sessions(10_000), [sessions(12_000), sessions(None)])
    assert check.status == "ok" and check.without_target == 1
    assert [m.key for m in check.messages] == ["tree.rollup.ok", "tree.rollup.missing"]


def test_the_warning_reads_in_persian():
    check = rollup_check(sessions(10_000), [sessions(4_000)])
    text = check.messages[0].render("fa")
    assert "زیرهدف" in text and "{" not in text
