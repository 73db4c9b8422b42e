"""Fixtures shared by the unit tests."""
from __future__ import annotations

import os
import shutil
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


# System tools some tests need (Debian packages). On a developer's machine without them those
# tests are skipped, and pytest's summary says what to install; in CI (.ci/run sets
# SMARTKIT_REQUIRE_TOOLS=1) a missing tool fails them instead, never a skip.
SYSTEM_TOOLS = {"pdftotext": "poppler-utils", "pdfinfo": "poppler-utils", "pdftoppm": "poppler-utils",
                "pdffonts": "poppler-utils"}


def require_tool(name: str) -> str:
    """The tool's path; else the test is skipped (or fails in CI) saying which package brings it."""
    found = shutil.which(name)
    if found:
        return found
    why = f"{name} is not installed: apt-get install -y {SYSTEM_TOOLS.get(name, name)}"
    if os.environ.get("SMARTKIT_REQUIRE_TOOLS", "").strip() not in ("", "0", "false", "no"):
        pytest.fail(f"{why} (SMARTKIT_REQUIRE_TOOLS=1 forbids skipping)", pytrace=False)
    pytest.skip(why)
