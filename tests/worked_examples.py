"""The worked examples of the source articles (tests/fixtures/goals) as goal drafts."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from smartkit.models import GoalDraft

FIXTURES = Path(__file__).parent / "fixtures"
GOALS = FIXTURES / "goals"
# The day the goals in the fixtures are judged on: before every start date.
TODAY = dt.date(2026, 11, 24)


def goal(name: str, **changes) -> GoalDraft:
    """A worked example from tests/fixtures/goals, with some fields changed."""
    draft = GoalDraft.load(GOALS / f"{name}.json")
    return draft.model_copy(update=changes) if changes else draft
