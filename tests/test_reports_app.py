"""The download buttons on the goal page and in meeting mode (AppTest), and the wizard loading a
goal file saved with its history."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from smartkit.demos import load_demo
from smartkit.reports import goal_json
from ui.state import Keys

TODAY = dt.date(2026, 11, 26)
APP = Path(__file__).resolve().parent.parent / "app.py"
FORMS = {"Brief (PDF)", "Brief (PNG)", "Markdown with its chart (ZIP)", "Chart (PNG)", "Daily KPI table (CSV)",
         "Goal with its history (JSON)"}


@pytest.fixture(scope="module")
def demo():
    loaded = load_demo("pepperoni_palace", TODAY)
    return loaded.draft, loaded.history


def app(draft, history) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[Keys.TODAY] = TODAY
    at.session_state[Keys.DRAFT] = draft.model_copy(deep=True)
    at.session_state[Keys.HISTORY] = history
    at.session_state[Keys.HISTORY_ID] = "test-history"
    return at


def download_labels(at: AppTest) -> set[str]:
    """The download buttons drawn (their content is made when clicked: ``deferred_file_id``)."""
    return {button.proto.label for button in at.get("download_button") if button.proto.deferred_file_id}


@pytest.mark.parametrize("page", ["pages/goal.py", "pages/meeting.py"])
def test_every_form_can_be_downloaded_from_the_goal_page_and_meeting_mode(page, demo):
    at = app(*demo)
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    assert FORMS <= download_labels(at)


def test_a_goal_file_with_history_brings_its_history_back_in_the_wizard(demo):
    draft, history = demo
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[Keys.TODAY] = TODAY
    at.session_state[Keys.CONTINUE_OPEN] = True  # the "continue from a saved goal" section, opened
    at.run()
    at.switch_page("pages/objective.py").run()
    at.file_uploader(key=Keys.GOAL_UPLOAD).set_value(("goal.json", goal_json(draft, history, TODAY).encode("utf-8"), "application/json")).run()
    assert not at.exception
    loaded = at.session_state[Keys.HISTORY]
    assert loaded is not None and len(loaded) == len(history)
    assert at.session_state[Keys.DRAFT].kpi == "followers"
