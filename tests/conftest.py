"""Fixtures shared by the unit tests."""
from __future__ import annotations

import pytest

from smartkit.models import GoalDraft
from worked_examples import goal


@pytest.fixture
def pepperoni() -> GoalDraft:
    return goal("pepperoni_palace")
