"""AppTest: the Goal page, the Track page and the library row show the goal's one assessment,
field by field (the same object `goals show --json` prints)."""
from __future__ import annotations

import datetime as dt

import pytest

from smartkit.demos import load_demo
from smartkit.i18n import Percent, fmt, fmt_date, t
from smartkit.storage import Library
from smartkit.storage.records import Review
from test_app_library import TODAY, app, lib, texts  # noqa: F401 - fixtures
from ui.state import Keys
from ui.widgets import kpi_text


def metric(at, label: str) -> str:
    """A metric's value as the user reads it (the page escapes user-facing Markdown)."""
    return next(m.value for m in at.metric if m.label == label).replace("\\", "")


@pytest.fixture
def raised(lib: Library) -> str:
    """Product X five weeks into its quarter, its target raised by 20 % at a review a week ago."""
    demo = load_demo("product_x_sales", TODAY)
    start = TODAY - dt.timedelta(days=35)
    goal = demo.draft.model_copy(update={"start": start, "deadline": start + dt.timedelta(days=90)})
    gid = lib.create(goal, status="active").id
    lib.attach_history(gid, demo.history, "history.csv", [])
    target = lib.assessment(gid, TODAY).target * 1.2
    lib.add_review(gid, Review(TODAY - dt.timedelta(days=7), "Retargeting did better", "adjust_target", target, None))
    return gid


def test_the_goal_page_shows_the_assessments_baseline_target_verdict_chance_and_pacing(lib, raised):
    assessment = lib.assessment(raised, TODAY)
    at = app(goal=raised)
    at.run()
    at.switch_page("pages/goal.py").run()
    assert not at.exception
    goal = assessment.goal
    assert metric(at, "Baseline") == kpi_text(goal, goal.baseline, "en")
    assert metric(at, "Target") == kpi_text(goal, goal.resolved_target, "en")
    assert metric(at, "Realism") == t(f"ui.verdict.{assessment.verdict}", "en")
    assert metric(at, "Chance to reach it") == fmt(Percent(assessment.chance * 100), "en")
    assert t(f"ui.pacing.{assessment.pacing_status}", "en") in texts(at)
    assert assessment.tracking.reason.render("en") in texts(at)


def test_the_track_page_shows_the_same_pacing_and_next_review_as_the_goal_page(lib, raised):
    assessment = lib.assessment(raised, TODAY)
    at = app(goal=raised)
    at.run()
    at.switch_page("pages/track.py").run()
    assert not at.exception
    goal, tracking = assessment.goal, assessment.tracking
    assert metric(at, "Actual to date") == kpi_text(goal, tracking.actual_to_date, "en")
    assert metric(at, "Expected by now") == kpi_text(goal, tracking.expected_to_date, "en")
    assert metric(at, "Projected end") == kpi_text(goal, tracking.projected_end, "en")
    shown = texts(at)
    assert t(f"ui.pacing.{assessment.pacing_status}", "en") in shown
    assert fmt_date(assessment.next_review, "en") in shown


def test_the_library_row_carries_the_assessments_pacing_and_next_review(lib, raised):
    assessment = lib.assessment(raised, TODAY)
    row = next(r for r in lib.list() if r.id == raised)
    assert (row.pacing, row.next_review) == (assessment.pacing_status, assessment.next_review)


def test_use_on_the_target_page_sets_exactly_the_cards_value_and_its_chance(lib):
    from smartkit.goals.assessment import assess_goal

    demo = load_demo("product_x_sales", TODAY)
    card = assess_goal(demo.draft, demo.history, TODAY).suggested_targets.realistic
    at = app(demo.draft, demo.history)
    at.run()
    at.switch_page("pages/target.py").run()
    at.button(key="ui.use_realistic").click().run()
    assert not at.exception
    draft = at.session_state[Keys.DRAFT]
    assert draft.target == card.value and draft.target_change_pct is None
    assert assess_goal(draft, demo.history, TODAY).chance == pytest.approx(card.probability)
