"""The wizard's cached calls (ui.data) judge a goal under the same guard as the SMART criteria."""
from __future__ import annotations

import datetime as dt

from smartkit.demos import load_demo
from smartkit.goals.criteria import evaluate
from ui import data

TODAY = dt.date(2026, 11, 24)


def test_the_target_page_does_not_judge_a_goal_whose_deadline_is_before_its_start():
    demo = load_demo("pepperoni_palace", TODAY)
    backwards = demo.draft.model_copy(update={"deadline": demo.draft.start - dt.timedelta(days=1)})
    assert data.assessment("pepperoni", demo.history, backwards.model_dump_json(), TODAY) is None
    assert evaluate(backwards, demo.history, TODAY).achievability is None  # the criteria's guard
    judged = data.assessment("pepperoni", demo.history, demo.draft.model_dump_json(), TODAY)
    assert judged.verdict == evaluate(demo.draft, demo.history, TODAY).achievability.verdict == "realistic"


def test_the_target_page_does_not_judge_a_goal_without_a_target():
    demo = load_demo("pepperoni_palace", TODAY)
    untargeted = demo.draft.model_copy(update={"target": None, "target_change_pct": None})
    assert data.assessment("pepperoni", demo.history, untargeted.model_dump_json(), TODAY) is None
