"""Fixtures shared by the unit tests."""
from __future__ import annotations

import os
import tempfile

import pytest

# The tests never write into the user's goal library (nor a team's PostgreSQL): every test
# session, and every app server it starts, uses a library of its own in a temporary folder.
# (Set at import, before any test or server reads it; a test may point it elsewhere with monkeypatch.)
os.environ["SMARTKIT_DATABASE_URL"] = "sqlite:///" + os.path.join(
    tempfile.mkdtemp(prefix="smartkit-tests-"), "library.sqlite3")

from smartkit.models import GoalDraft
from worked_examples import goal


@pytest.fixture
def pepperoni() -> GoalDraft:
    return goal("pepperoni_palace")
