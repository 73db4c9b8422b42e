"""AppTest: sign-in, workspaces and presenting in the app (issue 20). Sign-in is simulated here
through ``AppTest.user`` and ``AppTest.secrets``; the real OpenID Connect round trip is the
browser test ``tests/e2e/test_browser_sign_in.py``."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from smartkit.demos import load_demo
from smartkit.storage import Library
from test_app_library import APP, TODAY, lib, steady_router, texts  # noqa: F401 - fixtures
from ui.state import Keys

ALICE, MALLORY = "alice@example.com", "mallory@example.com"
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "smartkit", "client_secret": "secret",
        "server_metadata_url": "http://localhost:9/.well-known/openid-configuration"}


def signed_app(email: str | None, *, goal: str | None = None, page: str | None = None, verified: bool = True,
               share: str | None = None) -> AppTest:
    """The app on a server with sign-in, for ``email`` (None: nobody signed in)."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": False} if email is None else {"is_logged_in": True, "email": email,
                                                              "email_verified": verified}
    at.session_state[Keys.TODAY] = TODAY
    if goal:
        at.query_params["goal"] = goal
    if share:
        at.query_params["share"] = share
    if page:
        at.switch_page(page)
    return at


def bound(at: AppTest) -> str | None:
    """The stored goal the session works on (None: none)."""
    return at.session_state[Keys.GOAL_ID] if Keys.GOAL_ID in at.session_state else None


@pytest.fixture
def two_clients(lib):
    """Alice's Acme goal and Mallory's Umbrella goal, each in a workspace its user created."""
    draft, history = load_demo("pepperoni_palace", TODAY).draft, load_demo("pepperoni_palace", TODAY).history
    acme = lib.as_user(ALICE).create(draft.model_copy(update={"name": "Acme pizza followers"}), workspace="Acme")
    lib.as_user(ALICE).attach_history(acme.id, history, source="demo")
    umbrella = lib.as_user(MALLORY).create(draft.model_copy(update={"name": "Umbrella secret launch"}),
                                           workspace="Umbrella")
    return acme, umbrella


def test_without_sign_in_configured_nothing_asks_to_sign_in(lib):
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[Keys.TODAY] = TODAY
    at.run()
    assert not at.exception
    assert not any(b.key == "auth.sign_in" for b in at.button)


def test_a_visitor_who_is_not_signed_in_sees_only_the_sign_in_screen(lib, two_clients):
    acme, _ = two_clients
    for page in (None, "pages/library.py", "pages/meeting.py", "pages/track.py"):
        at = signed_app(None, goal=acme.id, page=page)
        at.run()
        assert not at.exception
        assert [b.key for b in at.button] == ["auth.sign_in"]
        shown = texts(at) + " ".join(t.value for t in at.title)
        assert "Acme" not in shown and "Umbrella" not in shown
        assert not at.sidebar.selectbox  # not even the language picker's page chrome


def test_a_signed_in_user_opening_another_workspaces_goal_gets_the_not_found_notice(lib, two_clients):
    acme, umbrella = two_clients
    at = signed_app(MALLORY, goal=acme.id)
    at.run()
    assert not at.exception
    assert bound(at) is None
    assert "Acme" not in texts(at)
    mine = signed_app(MALLORY, goal=umbrella.id)
    mine.run()
    assert bound(mine) == umbrella.id


def test_the_library_page_lists_only_the_users_workspaces(lib, two_clients):
    at = signed_app(MALLORY, page="pages/library.py")
    at.run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table.iloc[:, 0]) == ["Umbrella secret launch"] or "Umbrella secret launch" in table.to_string()
    assert "Acme" not in table.to_string()
    assert "Acme" not in " ".join(str(o) for box in at.selectbox for o in box.options)


def test_the_sidebar_says_who_is_signed_in(lib, two_clients):
    at = signed_app(ALICE)
    at.run()
    shown = " ".join(c.value for c in at.sidebar.caption).replace("\\", "")
    assert ALICE in shown and "sqlite" not in shown
    assert any(b.key == "auth.sign_out" for b in at.sidebar.button)


def test_an_account_without_a_verified_email_is_refused_with_a_way_out(lib, two_clients):
    at = signed_app(ALICE, verified=False)
    at.run()
    assert not at.exception
    assert [b.key for b in at.button] == ["auth.sign_out_bad"]
    assert "Acme" not in texts(at)


@pytest.mark.parametrize("email", ["not an email", "\uff41lice@example.com", ""])
def test_an_account_with_an_unusable_email_is_refused_never_let_in(lib, two_clients, email):
    at = signed_app(email)
    at.run()
    assert not at.exception
    assert [b.key for b in at.button] == ["auth.sign_out_bad"]


def test_a_share_link_works_without_signing_in_and_shows_that_goal_only(lib, two_clients):
    acme, _ = two_clients
    token = lib.share_token(acme.id)
    at = signed_app(None, share=token)
    at.run()
    assert not at.exception
    shown = texts(at) + " ".join(t.value for t in at.title) + " ".join(h.value for h in at.header)
    assert "Acme pizza followers" in shown and "Umbrella" not in shown


def test_a_second_user_never_receives_the_first_users_cached_goal(lib, two_clients):
    """Alice's session fills the shared caches (assessment, chart) for her goal; Mallory asking
    for the same goal id gets nothing of it."""
    acme, _ = two_clients
    alice = signed_app(ALICE, goal=acme.id, page="pages/goal.py")
    alice.run()
    assert not alice.exception and "Acme pizza followers" in texts(alice) + str(alice.session_state[Keys.DRAFT])
    mallory = signed_app(MALLORY, goal=acme.id, page="pages/goal.py")
    mallory.run()
    assert not mallory.exception
    assert bound(mallory) is None
    assert "Acme" not in texts(mallory) and not mallory.get("plotly_chart")


def test_presenting_a_workspace_narrows_the_library_page(lib, two_clients):
    admin_both = lib.as_user(ALICE)
    admin_both.create(load_demo("pepperoni_palace", TODAY).draft.model_copy(update={"name": "Globex reach"}),
                      workspace="Globex")
    at = signed_app(ALICE, page="pages/library.py")
    at.session_state[Keys.PRESENTING] = "Acme"
    at.run()
    assert not at.exception
    table = at.dataframe[0].value.to_string()
    assert "Acme pizza followers" in table and "Globex" not in table
    assert "Globex" not in " ".join(str(o) for box in at.selectbox for o in box.options)


def _options_text(at: AppTest) -> str:
    box = next(b for b in at.selectbox if b.key == Keys.MEETING_PICK)
    return " ".join(box.options)  # as the picker words them


def test_meeting_mode_while_presenting_offers_that_workspaces_goals_and_the_demos_only(lib, two_clients):
    acme, _ = two_clients
    lib.as_user(ALICE).create(load_demo("pepperoni_palace", TODAY).draft.model_copy(update={"name": "Globex reach"}),
                              workspace="Globex")
    at = signed_app(ALICE, page="pages/meeting.py")
    at.session_state[Keys.PRESENTING] = "Acme"
    at.run()
    assert not at.exception
    offered = _options_text(at)
    assert "Acme pizza followers" in offered and "Globex" not in offered and "Umbrella" not in offered
    at.button(key="ui.meeting_next").click().run()  # the first option: Acme's goal
    assert bound(at) == acme.id
    assert "Globex" not in texts(at)
    at.button(key="ui.meeting_next").click().run()  # then the worked examples: Acme's goal is put away, unchanged
    assert bound(at) is None
    assert lib.get(acme.id).goal.name == "Acme pizza followers"


def test_meeting_mode_without_presenting_offers_the_demos_only(lib, two_clients):
    at = signed_app(ALICE, page="pages/meeting.py")
    at.run()
    assert not at.exception
    assert "Acme" not in _options_text(at)


def test_starting_to_present_puts_away_a_goal_of_another_workspace(lib, two_clients):
    acme, _ = two_clients
    other = lib.as_user(ALICE).create(load_demo("pepperoni_palace", TODAY).draft.model_copy(
        update={"name": "Globex reach"}), workspace="Globex")
    at = signed_app(ALICE, goal=other.id, page="pages/library.py")
    at.run()
    assert bound(at) == other.id
    at.selectbox(key=Keys.LIB_WORKSPACE).set_value("Acme").run()
    at.button(key="library.presenting_start").click().run()
    assert not at.exception
    assert at.session_state[Keys.PRESENTING] == "Acme" and bound(at) is None
    assert "Globex" not in texts(at)


def test_a_viewer_follows_a_goal_on_the_track_page_without_forms_to_change_it(lib, two_clients):
    acme, _ = two_clients
    lib.as_user(ALICE).add_member("Acme", "carol@example.com", "viewer")
    at = signed_app("carol@example.com", goal=acme.id, page="pages/track.py")
    at.run()
    assert not at.exception
    assert bound(at) == acme.id
    assert "viewer" in texts(at)
    assert not at.get("form") and not at.get("file_uploader")
    editor = signed_app(ALICE, goal=acme.id, page="pages/track.py")
    editor.run()
    assert editor.get("form") and editor.get("file_uploader")


def test_check_ins_show_who_wrote_them(lib, two_clients):
    import datetime as dt

    from smartkit.storage import CheckIn

    acme, _ = two_clients
    lib.as_user(ALICE).add_checkin(acme.id, CheckIn(dt.date(2026, 11, 20), "Posted the reel", "high"))
    at = signed_app(ALICE, goal=acme.id, page="pages/track.py")
    at.run()
    assert not at.exception
    assert any(ALICE in frame.value.to_string() for frame in at.dataframe)
