"""Workspaces, members and roles in the goal library: every query scoped in the store layer,
the same on SQLite and PostgreSQL (issue 20)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from smartkit.errors import SmartkitError
from smartkit.models import GoalDraft
from smartkit.storage import (
    AccessDeniedError,
    CheckIn,
    GoalNotFoundError,
    Library,
    Review,
    StorageError,
    WorkspaceNotFoundError,
    identity,
)
from smartkit.storage.testing import database_url

D = dt.date
TODAY = D(2026, 2, 15)
ALICE, BOB, CAROL, MALLORY = "alice@example.com", "bob@example.com", "carol@example.com", "mallory@example.com"


@pytest.fixture(params=["sqlite", "postgresql"])
def admin(request, tmp_path):
    lib = Library(database_url(request.param, tmp_path), today=lambda: TODAY)
    yield lib
    lib.close()


def goal(name: str = "Traffic", **changes) -> GoalDraft:
    data = dict(name=name, kpi="referral_sessions", baseline=900, target=1200, start=D(2026, 1, 1),
                deadline=D(2026, 3, 31), review_every_days=14)
    return GoalDraft(**{**data, **changes})


def history() -> pd.DataFrame:
    days = pd.date_range("2026-01-01", "2026-02-10", name="date")
    return pd.DataFrame({"referral_sessions": [12.0] * len(days)}, index=days)


@pytest.fixture
def acme(admin):
    """Alice owns Acme (she created it), Bob edits there, Carol views; Mallory has her own
    workspace, Umbrella, with a goal of her own."""
    alice = admin.as_user(ALICE)
    stored = alice.create(goal("Acme traffic"), workspace="Acme")
    alice.add_member("Acme", BOB, "editor")
    alice.add_member("Acme", CAROL, "viewer")
    admin.as_user(MALLORY).create(goal("Umbrella secret plan"), workspace="Umbrella")
    return stored


# ---------------------------------------------------------------- identities


@pytest.mark.parametrize("typed", ["Alice@Example.COM", "  alice@example.com ", "ALICE@EXAMPLE.COM"])
def test_an_email_in_any_case_is_the_same_person(typed):
    assert identity(typed) == ALICE


@pytest.mark.parametrize("look_alike", [
    "\u0430lice@example.com",        # Cyrillic а: another address, kept as it is, never Alice
    "alice@examp\u04cfe.com",        # Cyrillic palochka for l
])
def test_a_look_alike_email_is_someone_else(look_alike):
    assert identity(look_alike) != ALICE


@pytest.mark.parametrize("bad", [
    "", "alice", "alice@", "@example.com", "alice@example", "a b@example.com", "alice@exa mple.com",
    "alice\u200b@example.com",       # zero-width space
    "\uff41lice@example.com",        # full-width a: folds to Alice under NFKC, so refused
    "\u212aate@example.com",         # Kelvin sign: lower-cases to k, so refused
    "alice@exa\nmple.com", "alice@@example.com", "<alice@example.com>", "x" * 250 + "@example.com",
])
def test_an_email_that_is_not_a_plain_address_is_refused(bad):
    with pytest.raises(StorageError) as err:
        identity(bad)
    assert err.value.key in ("error.access.bad_email",)


def test_a_look_alike_of_a_member_sees_nothing(admin, acme):
    assert admin.as_user("\u0430lice@example.com").list() == []
    with pytest.raises(GoalNotFoundError):
        admin.as_user("\u0430lice@example.com").get(acme.id)


def test_a_member_signing_in_with_another_case_is_still_a_member(admin, acme):
    assert [row.id for row in admin.as_user("ALICE@example.com").list()] == [acme.id]


# ---------------------------------------------------------------- scoping


def test_the_first_user_who_creates_a_workspace_owns_it(admin, acme):
    members = {m.email: m.role for m in admin.members("Acme")}
    assert members == {ALICE: "owner", BOB: "editor", CAROL: "viewer"}
    assert admin.as_user(MALLORY).my_workspaces() == {"Umbrella": "owner"}


def test_each_user_lists_only_their_workspaces_goals(admin, acme):
    assert [r.name for r in admin.as_user(BOB).list()] == ["Acme traffic"]
    assert [r.name for r in admin.as_user(MALLORY).list()] == ["Umbrella secret plan"]
    assert admin.as_user(BOB).workspaces() == ["Acme"]
    assert sorted(r.name for r in admin.list()) == ["Acme traffic", "Umbrella secret plan"]  # the administrator


def test_a_goal_of_another_workspace_is_indistinguishable_from_a_missing_one(admin, acme):
    mallory = admin.as_user(MALLORY)
    with pytest.raises(GoalNotFoundError) as foreign:
        mallory.get(acme.id)
    with pytest.raises(GoalNotFoundError) as missing:
        mallory.get("nO-such-goal-id-at-all")
    assert foreign.value.key == missing.value.key
    assert foreign.value.message("en").replace(acme.id, "ID") == missing.value.message("en").replace(
        "nO-such-goal-id-at-all", "ID")


@pytest.mark.parametrize("action", [
    lambda lib, gid: lib.get(gid), lambda lib, gid: lib.history(gid), lambda lib, gid: lib.histories(gid),
    lambda lib, gid: lib.assessment(gid), lambda lib, gid: lib.tree(gid), lambda lib, gid: lib.children(gid),
    lambda lib, gid: lib.rollup(gid), lambda lib, gid: lib.checkins(gid), lambda lib, gid: lib.reviews(gid),
    lambda lib, gid: lib.target_history(gid), lambda lib, gid: lib.share_token(gid),
    lambda lib, gid: lib.live_share_token(gid), lambda lib, gid: lib.revoke_share(gid),
    lambda lib, gid: lib.save(gid, goal("stolen"), expected_version=1), lambda lib, gid: lib.archive(gid),
    lambda lib, gid: lib.restore(gid), lambda lib, gid: lib.delete_permanently(gid),
    lambda lib, gid: lib.duplicate(gid), lambda lib, gid: lib.set_status(gid, "achieved"),
    lambda lib, gid: lib.attach_history(gid, history(), source="x"),
    lambda lib, gid: lib.replace_history(gid, history(), source="x"),
    lambda lib, gid: lib.add_checkin(gid, CheckIn(TODAY, "x", "high")),
    lambda lib, gid: lib.add_review(gid, Review(TODAY, "x", "keep")), lambda lib, gid: lib.refresh(gid),
    lambda lib, gid: lib.parent_of(gid),
    lambda lib, gid: lib.create(goal("child"), workspace="Umbrella", parent_id=gid),
], ids=lambda f: "action")
def test_every_action_on_another_workspaces_goal_is_not_found_and_changes_nothing(admin, acme, action):
    before = admin.get(acme.id)
    with pytest.raises(GoalNotFoundError):
        action(admin.as_user(MALLORY), acme.id)
    after = admin.get(acme.id)
    assert (after.version, after.status, after.goal, after.changed_by) == (
        before.version, before.status, before.goal, before.changed_by)
    assert admin.checkins(acme.id) == [] and admin.reviews(acme.id) == []
    assert admin.live_share_token(acme.id) is None and admin.history(acme.id) is None


def test_a_sub_goal_cannot_hang_under_another_workspaces_goal(admin, acme):
    mallory = admin.as_user(MALLORY)
    own = mallory.list()[0]
    with pytest.raises(GoalNotFoundError):
        mallory.set_parent(own.id, acme.id)
    assert admin.get(own.id).parent_id is None


def test_a_tree_shows_only_the_goals_the_user_may_see(admin, acme):
    secret = admin.create(goal("Umbrella child"), workspace="Umbrella", parent_id=acme.id)  # the administrator may
    bob_tree = admin.as_user(BOB).tree(acme.id)
    assert bob_tree.children == [] and admin.as_user(BOB).children(acme.id) == []
    assert admin.as_user(BOB).rollup(acme.id) is None  # no child Bob may see: nothing to add up
    assert admin.rollup(acme.id) is not None  # the administrator's roll-up has the Umbrella child
    mallory_tree = admin.as_user(MALLORY).tree(secret.id)
    assert mallory_tree.parent is None and mallory_tree.siblings == []


# ---------------------------------------------------------------- roles


def test_a_viewer_reads_but_cannot_edit_track_review_or_share(admin, acme):
    carol = admin.as_user(CAROL)
    assert carol.get(acme.id).name == "Acme traffic"
    carol.assessment(acme.id)
    for action in (lambda: carol.save(acme.id, goal("changed"), expected_version=1),
                   lambda: carol.attach_history(acme.id, history(), source="x"),
                   lambda: carol.add_checkin(acme.id, CheckIn(TODAY, "x", "high")),
                   lambda: carol.add_review(acme.id, Review(TODAY, "x", "keep")),
                   lambda: carol.duplicate(acme.id), lambda: carol.share_token(acme.id),
                   lambda: carol.archive(acme.id), lambda: carol.create(goal("new"), workspace="Acme")):
        with pytest.raises(AccessDeniedError) as err:
            action()
        assert "viewer" in err.value.message("en")
    assert admin.get(acme.id).version == 1 and admin.checkins(acme.id) == []
    assert [r.name for r in admin.list(workspace="Acme")] == ["Acme traffic"]


def test_an_editor_edits_tracks_reviews_and_copies_but_does_not_archive_share_or_manage(admin, acme):
    bob = admin.as_user(BOB)
    saved = bob.save(acme.id, goal("Acme traffic", target=1300), expected_version=1)
    assert saved.changed_by == BOB
    bob.attach_history(acme.id, history(), source="ga4.csv")
    bob.add_checkin(acme.id, CheckIn(TODAY, "on it", "medium"))
    bob.add_review(acme.id, Review(TODAY, "fine", "keep"))
    copy = bob.duplicate(acme.id)
    assert copy.workspace == "Acme"
    for action in (lambda: bob.archive(acme.id), lambda: bob.delete_permanently(acme.id),
                   lambda: bob.share_token(acme.id), lambda: bob.add_member("Acme", MALLORY, "owner"),
                   lambda: bob.remove_member("Acme", CAROL)):
        with pytest.raises(AccessDeniedError):
            action()
    assert {m.email for m in admin.members("Acme")} == {ALICE, BOB, CAROL}


def test_every_change_records_who_made_it(admin, acme):
    bob, alice = admin.as_user(BOB), admin.as_user(ALICE)
    bob.save(acme.id, goal("Acme traffic", target=1250), expected_version=1)
    bob.add_checkin(acme.id, CheckIn(TODAY, "on it", "medium"))
    alice.add_review(acme.id, Review(TODAY, "raise it", "adjust_target", new_target=1400))
    assert [c.by for c in admin.checkins(acme.id)] == [BOB]
    assert [r.by for r in admin.reviews(acme.id)] == [ALICE]
    assert admin.list(workspace="Acme")[0].changed_by == ALICE
    alice.archive(acme.id)
    assert admin.get(acme.id).changed_by == ALICE
    with admin.engine.connect() as conn:
        from sqlalchemy import select

        from smartkit.storage.tables import TargetChangeRow

        authors = set(conn.execute(select(TargetChangeRow.created_by)
                                   .where(TargetChangeRow.goal_id == acme.id)).scalars())
    assert authors == {BOB, ALICE}  # Bob's edit of the draft's own target, Alice's review


def test_the_last_owner_cannot_leave_or_be_demoted(admin, acme):
    alice = admin.as_user(ALICE)
    with pytest.raises(StorageError) as err:
        alice.remove_member("Acme", ALICE)
    assert err.value.key == "error.access.last_owner"
    with pytest.raises(StorageError):
        alice.add_member("Acme", ALICE, "viewer")
    alice.add_member("Acme", BOB, "owner")
    alice.remove_member("Acme", ALICE)
    assert admin.as_user(ALICE).list() == []


def test_members_of_another_workspace_are_as_unknown_as_a_missing_workspace(admin, acme):
    mallory = admin.as_user(MALLORY)
    for name in ("Acme", "No such workspace"):
        with pytest.raises(WorkspaceNotFoundError):
            mallory.members(name)
        with pytest.raises(WorkspaceNotFoundError):
            mallory.add_member(name, MALLORY, "owner")
    assert {m.email for m in admin.members("Acme")} == {ALICE, BOB, CAROL}


def test_a_workspace_name_in_use_is_not_taken_over(admin, acme):
    with pytest.raises(StorageError) as err:
        admin.as_user(MALLORY).create(goal("sneaky"), workspace="Acme")
    assert err.value.key == "error.access.workspace_taken"
    assert [r.name for r in admin.list(workspace="Acme")] == ["Acme traffic"]


@pytest.mark.parametrize("name", [
    "'; DROP TABLE goals; --", "Acme\" OR 1=1 --", "../../etc/passwd", "..", "/tmp/x", "C:\\Windows",
    "-rf", ".hidden", "a\x00b", "line\nbreak", "<script>", "x" * 101,
])
def test_sql_or_path_like_workspace_names_are_refused_cleanly(admin, acme, name):
    with pytest.raises(StorageError) as err:
        admin.as_user(MALLORY).create(goal("odd"), workspace=name)
    assert err.value.key in ("error.access.bad_workspace",)
    assert "\n" not in err.value.message("en")
    assert sorted(r.name for r in admin.list()) == ["Acme traffic", "Umbrella secret plan"]
    assert set(admin.my_workspaces()) == {"Acme", "Umbrella"}


def test_workspace_names_in_any_script_with_plain_punctuation_are_fine(admin):
    for name in ("Phở Hà Nội", "ร้านพิซซ่า", "پیتزا پالاس", "McDonald's & Co. (VN)"):
        assert admin.as_user(ALICE).create(goal(name), workspace=name).workspace == name


def test_presenting_narrows_every_query_to_one_workspace(admin, acme):
    both = admin.as_user(ALICE)
    both.create(goal("Alice's other client"), workspace="Globex")
    shown = both.presenting("Acme")
    assert [r.name for r in shown.list()] == ["Acme traffic"]
    assert shown.my_workspaces() == {"Acme": "owner"}
    other = both.list(workspace="Globex")[0]
    with pytest.raises(GoalNotFoundError):
        shown.get(other.id)
    with pytest.raises(SmartkitError):
        shown.create(goal("elsewhere"), workspace="Globex")


def test_a_share_link_shows_its_goal_to_anyone_and_nothing_else(admin, acme):
    token = admin.as_user(ALICE).share_token(acme.id)
    assert admin.as_user(MALLORY).goal_for_share_token(token).id == acme.id
    assert admin.as_user(MALLORY).list() == [admin.as_user(MALLORY).list()[0]]
    admin.as_user(ALICE).revoke_share(acme.id)
    assert admin.as_user(MALLORY).goal_for_share_token(token) is None


def test_the_administrator_sees_and_does_everything_as_before(admin, acme):
    admin.save(acme.id, goal("Acme traffic", target=1500), expected_version=1)
    assert admin.get(acme.id).changed_by is None
    admin.add_member("Brand new", ALICE, "owner")
    assert admin.as_user(ALICE).my_workspaces() == {"Acme": "owner", "Brand new": "owner"}
