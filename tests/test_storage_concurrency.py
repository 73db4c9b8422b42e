"""Twenty sessions at once on one library (threads of one app server, as Streamlit runs them):
each creates and edits its own goal; none loses a save or sees another's goal."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from smartkit.models import GoalDraft
from smartkit.storage import Library
from smartkit.storage.testing import database_url

SESSIONS, EDITS = 20, 8


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_twenty_sessions_editing_their_own_goals_lose_nothing_and_see_nothing_of_each_other(kind, tmp_path):
    url = database_url(kind, tmp_path)
    Library(url)

    def session(n: int) -> tuple[str, int, list[str]]:
        library = Library(url)  # every session opens the library, as every page rerun does
        stored = library.create(GoalDraft(name=f"goal of session {n}", kpi="sessions"), workspace=f"client {n}")
        for edit in range(1, EDITS + 1):
            stored = library.save(stored.id, stored.goal.model_copy(update={"plan": f"session {n} edit {edit}"}),
                                  expected_version=stored.version)
        return stored.id, stored.version, [g.name for g in library.list(workspace=f"client {n}")]

    with ThreadPoolExecutor(max_workers=SESSIONS) as pool:
        results = list(pool.map(session, range(SESSIONS)))

    library = Library(url)
    try:
        for n, (goal_id, version, seen) in enumerate(results):
            assert version == EDITS + 1 and seen == [f"goal of session {n}"]
            stored = library.get(goal_id)
            assert (stored.version, stored.goal.plan, stored.workspace) == (EDITS + 1, f"session {n} edit {EDITS}",
                                                                            f"client {n}")
        assert len(library.list()) == SESSIONS and len({r[0] for r in results}) == SESSIONS
    finally:
        library.close()
