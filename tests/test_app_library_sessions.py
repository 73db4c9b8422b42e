"""Twenty sessions at once against one library, each creating and editing its own goal: nothing
is lost and no session sees anything of another's (AppTest sessions, their runs interleaved so
every save lands between other sessions' saves)."""
from __future__ import annotations

from test_app_library import app, goal_in_link, lib  # noqa: F401 - fixture

SESSIONS = 20


def test_twenty_sessions_each_keep_their_own_goal_and_see_nothing_of_the_others(lib):
    sessions = [app() for _ in range(SESSIONS)]
    for at in sessions:
        at.run()
        at.switch_page("pages/objective.py").run()
    for i, at in enumerate(sessions):  # every session's first answer, in turn: 20 new goals
        at.text_area(key="w.business_goal").set_value(f"Business goal of session {i}").run()
    for i, at in enumerate(reversed(sessions)):  # then every session edits again, in another order
        n = SESSIONS - 1 - i
        at.text_input(key="w.product").set_value(f"Product {n}").run()
        at.text_area(key="w.business_goal").set_value(f"Business goal of session {n}, edited").run()

    ids = [goal_in_link(at) for at in sessions]
    assert len(set(ids)) == SESSIONS
    assert len(lib.list()) == SESSIONS
    for n, (at, gid) in enumerate(zip(sessions, ids)):
        assert not at.exception
        stored = lib.get(gid)
        assert stored.goal.business_goal == f"Business goal of session {n}, edited"
        assert stored.goal.product == f"Product {n}"
        assert stored.version == 3  # created, then two saves: none lost, none overwritten
        shown = " ".join(m.value for m in at.markdown) + " ".join(t.value for t in at.text_area)
        others = [f"session {m}," for m in range(SESSIONS) if m != n] + [f"Product {m}" for m in range(SESSIONS) if m != n]
        assert not any(other in shown for other in others)
        assert not any(c.value for c in at.warning if "Someone else saved" in c.value)
