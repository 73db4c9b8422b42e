"""The wizard's cached assessment (ui.data.goal_assessment) judges a goal under the same guard as
the SMART criteria, and is the one object every page reads."""
from __future__ import annotations

import datetime as dt

from smartkit.demos import load_demo
from smartkit.goals.assessment import assess_goal
from smartkit.goals.criteria import evaluate
from ui import data

TODAY = dt.date(2026, 11, 24)


def test_the_target_page_does_not_judge_a_goal_whose_deadline_is_before_its_start():
    demo = load_demo("pepperoni_palace", TODAY)
    backwards = demo.draft.model_copy(update={"deadline": demo.draft.start - dt.timedelta(days=1)})
    assert data.goal_assessment("pepperoni", demo.history, backwards.model_dump_json(), TODAY).achievability is None
    assert evaluate(backwards, demo.history, TODAY).achievability is None  # the criteria's guard
    judged = data.goal_assessment("pepperoni", demo.history, demo.draft.model_dump_json(), TODAY)
    assert judged.verdict == evaluate(demo.draft, demo.history, TODAY).achievability.verdict


def test_the_target_page_does_not_judge_a_goal_without_a_target_but_still_suggests_one():
    demo = load_demo("pepperoni_palace", TODAY)
    untargeted = demo.draft.model_copy(update={"target": None, "target_change_pct": None})
    judged = data.goal_assessment("pepperoni", demo.history, untargeted.model_dump_json(), TODAY)
    assert judged.achievability is None and judged.suggested_targets is not None


def test_the_cached_assessment_is_the_one_smartkit_makes():
    demo = load_demo("product_x_sales", TODAY)
    cached = data.goal_assessment("product_x", demo.history, demo.draft.model_dump_json(), TODAY)
    assert cached.as_json() == assess_goal(demo.draft, demo.history, TODAY).as_json()
    assert data.goal_assessment("product_x", demo.history, demo.draft.model_dump_json(), TODAY) is cached
