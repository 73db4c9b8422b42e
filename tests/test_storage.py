"""The goal library: one suite, the same assertions against SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from smartkit.errors import SmartkitError
from smartkit.models import GoalDraft
from smartkit.storage import (
    CheckIn,
    GoalNotFoundError,
    Library,
    Review,
    StorageError,
    TargetChange,
    VersionConflictError,
    goal_differences,
)
from smartkit.storage.testing import database_url
from worked_examples import goal

D = dt.date
TODAY = D(2026, 2, 15)


@pytest.fixture(params=["sqlite", "postgresql"])
def library(request, tmp_path):
    lib = Library(database_url(request.param, tmp_path), today=lambda: TODAY)
    yield lib
    lib.close()


def every_field_goal() -> GoalDraft:
    """A goal with every declared field set (and a key this version does not know)."""
    return GoalDraft.model_validate({
        "name": "Tết traffic ☕", "lang": "fa", "calendar": "persian", "native_digits": True,
        "business_goal": "More visits", "product": "Pizza", "audience": "Students", "location": "Hanoi",
        "scope": "referred by Facebook", "channel": "website", "objective": "leads_sales",
        "funnel_stage": "consideration", "race_stage": "act", "kpi": "referral_sessions", "baseline": 900.5,
        "baseline_source": "GA4", "benchmark": 1000.25, "benchmark_source": "last year", "target": 1200.125,
        "target_change_pct": 33.3, "start": "2026-01-01", "deadline": "2026-03-31", "budget": 3000,
        "budget_change_pct": 10, "currency": "usd", "plan": "Boost", "tracking": "utm", "review_every_days": 14,
        "owner": "Mai", "parent_goal": "Sales", "baseline_origin": "history", "baseline_window": 28,
        "target_mode": "number", "deadline_choice": "custom", "target_path": "monthly",
        "team_note": {"kept": [1, 2]}})


def traffic(**changes) -> GoalDraft:
    data = dict(name="Traffic", kpi="referral_sessions", baseline=900, target=1200, start=D(2026, 1, 1),
                deadline=D(2026, 3, 31), channel="website", review_every_days=14)
    return GoalDraft(**{**data, **changes})


def sessions_table(start: str, end: str, per_day: float) -> pd.DataFrame:
    days = pd.date_range(start, end, name="date")
    return pd.DataFrame({"referral_sessions": np.full(len(days), per_day)}, index=days)


# ----------------------------------------------------------------------------- goals


def test_a_stored_goal_comes_back_with_every_declared_field(library):
    draft = every_field_goal()
    stored = library.create(draft, workspace="Pepperoni Palace", owner="Mai")
    again = library.get(stored.id)
    assert again.goal == draft
    assert again.goal.model_dump(mode="json") == draft.model_dump(mode="json")
    assert (again.workspace, again.owner, again.status, again.version) == ("Pepperoni Palace", "Mai", "draft", 1)
    assert again.created_at.tzinfo is not None and again.created_at == again.updated_at


def test_goal_ids_are_unguessable_and_distinct(library):
    ids = {library.create(traffic()).id for _ in range(5)}
    assert len(ids) == 5 and all(len(i) >= 22 for i in ids)


def test_each_save_raises_the_version(library):
    stored = library.create(traffic())
    saved = library.save(stored.id, traffic(target=1300), expected_version=1)
    assert saved.version == 2 and saved.goal.target == 1300
    assert library.get(stored.id).updated_at >= stored.updated_at


def test_the_later_of_two_saves_never_silently_overwrites(library):
    stored = library.create(traffic())
    library.save(stored.id, traffic(target=1500), expected_version=stored.version)  # the other tab
    with pytest.raises(VersionConflictError) as caught:
        library.save(stored.id, traffic(plan="Reels"), expected_version=stored.version)
    conflict = caught.value
    assert isinstance(conflict, SmartkitError)
    assert conflict.stored.version == 2 and conflict.stored.goal.target == 1500
    assert library.get(stored.id).goal.plan is None  # nothing of the stale save was written
    assert goal_differences(traffic(plan="Reels"), conflict.stored.goal) == [
        ("target", 1200.0, 1500.0), ("plan", "Reels", None)]  # in the goal's field order
    assert "version 2" in conflict.message("en")


def test_goal_differences_lists_extras_one_by_one():
    a = GoalDraft.model_validate({"name": "A", "x": 1})
    b = GoalDraft.model_validate({"name": "A", "x": 2, "y": 3})
    assert goal_differences(a, b) == [("extras.x", 1, 2), ("extras.y", None, 3)]
    assert goal_differences(a, a) == []


def test_a_stored_value_a_newer_model_refuses_is_set_aside_not_lost():
    from smartkit.storage.library import goal_from_json

    restored = goal_from_json('{"name": "Old", "baseline_window": 99999, "kpi": "sessions"}')
    assert (restored.name, restored.kpi, restored.baseline_window) == ("Old", "sessions", None)
    assert restored.extras == {"unreadable_baseline_window": 99999}


def test_a_review_with_an_impossible_target_is_refused_and_not_logged(library):
    stored = library.create(traffic(), status="active")
    with pytest.raises(SmartkitError):
        library.add_review(stored.id, Review(TODAY, "typo", "adjust_target", new_target=-5))
    assert library.reviews(stored.id) == [] and library.get(stored.id).goal.target == 1200


def test_an_unknown_id_is_a_clear_error_everywhere(library):
    calls = [lambda: library.get("nope"), lambda: library.save("nope", traffic(), 1),
             lambda: library.archive("nope"), lambda: library.children("nope"), lambda: library.history("nope"),
             lambda: library.add_checkin("nope", CheckIn(TODAY, "x", "high")), lambda: library.share_token("nope"),
             lambda: library.create(traffic(), parent_id="nope")]
    for call in calls:
        with pytest.raises(GoalNotFoundError, match="nope"):
            call()


def test_a_bad_status_is_refused_with_the_choices(library):
    with pytest.raises(StorageError, match="archived"):
        library.create(traffic(), status="finished")


# ----------------------------------------------------------------------------- listing


def test_the_list_filters_by_workspace_status_channel_and_name(library):
    a = library.create(traffic(name="Summer 100% promo"), workspace="Acme", status="active")
    library.create(traffic(name="Followers", kpi="followers", channel="facebook"), workspace="Acme")
    library.create(traffic(name="Other brand"), workspace="Beta")
    assert {g.name for g in library.list(workspace="Acme")} == {"Summer 100% promo", "Followers"}
    assert [g.id for g in library.list(status="active")] == [a.id]
    assert [g.name for g in library.list(channel="facebook")] == ["Followers"]
    assert [g.name for g in library.list(search="100%")] == ["Summer 100% promo"]
    assert [g.name for g in library.list(search="SUMMER")] == ["Summer 100% promo"]
    assert library.list(search="_") == []
    assert library.workspaces() == ["Acme", "Beta"]
    row = library.list(status="active")[0]
    assert (row.kpi, row.target, row.deadline, row.channel) == ("referral_sessions", 1200, D(2026, 3, 31), "website")


def test_a_review_is_due_after_the_cadence_from_the_start(library):
    active = library.create(traffic(start=D(2026, 1, 20)), status="active")  # next review 3 February
    later = library.create(traffic(start=D(2026, 2, 10)), status="active")  # 24 February
    rows = {r.id: r for r in library.list()}
    assert rows[active.id].review_due and rows[active.id].next_review == D(2026, 2, 3)
    assert not rows[later.id].review_due
    library.add_review(active.id, Review(D(2026, 2, 14), "on plan", "keep"))
    reviewed = {r.id: r for r in library.list()}[active.id]
    assert reviewed.next_review == D(2026, 2, 28) and not reviewed.review_due  # 14 days after the review


def test_archiving_hides_a_goal_and_restoring_brings_back_its_status(library):
    stored = library.create(traffic(), status="active")
    library.archive(stored.id)
    assert library.list() == [] and [g.id for g in library.list(include_archived=True)] == [stored.id]
    assert [g.id for g in library.list(status="archived")] == [stored.id]
    assert library.restore(stored.id).status == "active"


def test_a_duplicate_is_a_draft_template_without_tracking(library):
    stored = library.create(traffic(), workspace="Acme", status="active")
    library.attach_history(stored.id, sessions_table("2026-01-01", "2026-01-31", 12), "ga4.csv")
    copy = library.duplicate(stored.id)
    assert copy.id != stored.id and copy.status == "draft" and copy.workspace == "Acme"
    assert copy.goal.name == "Traffic (copy)" and copy.goal.kpi == "referral_sessions"
    assert library.history(copy.id) is None
    assert library.duplicate(stored.id, name="Q2").goal.name == "Q2"


def test_deleting_permanently_removes_everything_and_frees_the_children(library):
    parent = library.create(traffic())
    child = library.create(traffic(name="child"), parent_id=parent.id)
    library.attach_history(parent.id, sessions_table("2026-01-01", "2026-01-10", 1), "x")
    library.add_review(parent.id, Review(TODAY, "x", "keep"))
    token = library.share_token(parent.id)
    library.delete_permanently(parent.id)
    with pytest.raises(GoalNotFoundError):
        library.get(parent.id)
    assert library.parent_of(child.id) is None and library.goal_for_share_token(token) is None


# ----------------------------------------------------------------------------- sub-goal trees


def test_a_sub_goal_keeps_its_parent_and_the_tree_shows_the_family(library):
    parent = library.create(goal("website_traffic"))
    ctr = library.create(GoalDraft(kpi="ctr", name="Ad CTR"), parent_id=parent.id)
    engagement = library.create(GoalDraft(kpi="engagement_rate", name="Post engagement"), parent_id=parent.id)
    library.create(GoalDraft(kpi="ctr", name="Unrelated"))
    assert library.parent_of(ctr.id) == parent.id and library.get(ctr.id).parent_id == parent.id
    assert [c.id for c in library.children(parent.id)] == [ctr.id, engagement.id]
    tree = library.tree(ctr.id)
    assert tree.node.id == ctr.id and tree.parent.id == parent.id
    assert [s.id for s in tree.siblings] == [engagement.id] and tree.children == []
    assert library.get(parent.id).goal == goal("website_traffic")  # the parent is not replaced


def test_the_parent_warns_when_its_childrens_targets_cannot_add_up(library):
    parent = library.create(traffic(kpi="sessions", target=10_000))
    library.create(traffic(kpi="sessions", target=4_000, name="Organic"), parent_id=parent.id)
    library.create(traffic(kpi="referral_sessions", target=3_000, name="Facebook"), parent_id=parent.id)
    library.create(traffic(kpi="ctr", baseline=1.2, target=2.0, name="Ad CTR"), parent_id=parent.id)
    check = library.rollup(parent.id)
    assert (check.status, check.gap, check.children_total) == ("short", 3_000, 7_000)
    assert library.rollup(library.children(parent.id)[0].id) is None  # a leaf has nothing to add up


def test_saving_the_goal_unchanged_makes_no_new_version(library):
    stored = library.create(traffic())
    again = library.save(stored.id, traffic(), expected_version=stored.version)
    assert again.version == 1 and again.updated_at == stored.updated_at
    edited = library.save(stored.id, traffic(plan="Reels"), expected_version=1)
    assert library.save(stored.id, traffic(plan="Reels"), expected_version=1).version == edited.version == 2


def test_a_goal_cannot_become_its_own_ancestor(library):
    top = library.create(traffic())
    middle = library.create(traffic(), parent_id=top.id)
    with pytest.raises(StorageError):
        library.set_parent(top.id, middle.id)
    with pytest.raises(StorageError):
        library.set_parent(top.id, top.id)
    assert library.set_parent(middle.id, None).parent_id is None


# ----------------------------------------------------------------------------- history and pacing


def test_an_attached_table_comes_back_exactly(library):
    stored = library.create(traffic())
    days = pd.date_range("2026-01-01", periods=4, name="date")
    table = pd.DataFrame({"referral_sessions": [1.1, math.nan, 1 / 3, 1e12], "spend": [0.1, 0.2, math.nan, 4]},
                         index=days)
    assert library.attach_history(stored.id, table, "meta.csv", warnings=["last day not over"]) == []
    back = library.history(stored.id)
    pd.testing.assert_frame_equal(back, table, check_freq=False)
    [attached] = library.histories(stored.id)
    assert attached["source"] == "meta.csv" and attached["warnings"] == ["last day not over"]


def test_a_newer_export_extends_the_history_and_warns_about_the_overlap(library):
    stored = library.create(traffic(), status="active")
    library.attach_history(stored.id, sessions_table("2026-01-01", "2026-01-31", 10), "january.csv")
    notes = library.attach_history(stored.id, sessions_table("2026-01-25", "2026-02-14", 15), "february.csv",
                                   lang="vi")
    assert len(notes) == 1 and "7" in notes[0] and "ngày" in notes[0]
    history = library.history(stored.id)
    assert history.index[0] == pd.Timestamp("2026-01-01") and history.index[-1] == pd.Timestamp("2026-02-14")
    assert history.loc["2026-01-24", "referral_sessions"] == 10 and history.loc["2026-01-25", "referral_sessions"] == 15


def test_replacing_the_history_keeps_only_the_new_table(library):
    stored = library.create(traffic(), status="active")
    library.attach_history(stored.id, sessions_table("2025-12-01", "2026-01-31", 10), "old.csv")
    library.replace_history(stored.id, sessions_table("2026-01-01", "2026-02-14", 15), "upload.csv", ["checked"])
    [attached] = library.histories(stored.id)
    assert (attached["source"], attached["warnings"]) == ("upload.csv", ["checked"])
    assert library.history(stored.id).index[0] == pd.Timestamp("2026-01-01")
    assert library.get(stored.id).pacing["status"] == "on_track"
    library.replace_history(stored.id, None, "")
    assert library.history(stored.id) is None and library.get(stored.id).pacing is None


def test_pacing_is_precomputed_for_the_list_and_matches_the_live_figures(library):
    stored = library.create(traffic())
    library.attach_history(stored.id, sessions_table("2025-12-01", "2026-02-14", 15), "ga4.csv")
    [row] = library.list()
    assert row.pacing == "on_track"
    live = library.tracking(stored.id)
    assert library.get(stored.id).pacing == live.figures()
    slower = library.save(stored.id, traffic(target=3000), expected_version=stored.version)
    assert library.list()[0].pacing == "off_track" and slower.pacing["target"] == 3000


def test_an_active_goals_new_target_paces_only_the_days_from_the_change_on(library):
    stored = library.create(traffic(), status="active")
    library.attach_history(stored.id, sessions_table("2025-12-01", "2026-02-14", 15), "ga4.csv")
    raised = library.save(stored.id, traffic(target=3000), expected_version=stored.version)
    assert raised.pacing["status"] == "on_track"  # the data ends the day before the change (today)
    assert raised.pacing["target"] == 3000


def test_a_goal_past_its_deadline_is_marked_from_its_data_and_can_be_overridden(tmp_path, library):
    stored = library.create(traffic(deadline=D(2026, 2, 10)), status="active")
    library.attach_history(stored.id, sessions_table("2026-01-01", "2026-02-12", 30), "ga4.csv")
    judged = library.get(stored.id)
    assert judged.status == "achieved" and judged.pacing["outcome"]["final_value"] == 30 * 41
    overridden = library.set_status(stored.id, "missed", note="the campaign counted bot traffic")
    assert (overridden.status, overridden.status_note) == ("missed", "the campaign counted bot traffic")
    library.attach_history(stored.id, sessions_table("2026-02-13", "2026-02-14", 30), "more.csv")
    assert library.get(stored.id).status == "missed"  # a status set by hand stays


# ----------------------------------------------------------------------------- check-ins and reviews


def test_check_ins_are_kept_in_date_order(library):
    stored = library.create(traffic())
    library.add_checkin(stored.id, CheckIn(D(2026, 2, 1), "Reels went well", "high", "3 reels"))
    library.add_checkin(stored.id, CheckIn(D(2026, 1, 15), "Slow start", "low", ""))
    assert [(c.date, c.confidence) for c in library.checkins(stored.id)] == [(D(2026, 1, 15), "low"),
                                                                           (D(2026, 2, 1), "high")]
    with pytest.raises(StorageError):
        CheckIn(TODAY, "x", "certain")


def test_an_adjusting_review_changes_the_goal_and_keeps_the_target_history(library):
    stored = library.create(traffic(), status="active")
    after = library.add_review(stored.id, Review(D(2026, 2, 1), "Ads paused", "adjust_target", new_target=1000))
    assert after.goal.target == 1000 and after.version == stored.version + 1
    library.add_review(stored.id, Review(D(2026, 2, 10), "Launch moved", "adjust_deadline",
                                         new_deadline=D(2026, 4, 30)))
    assert library.target_history(stored.id) == [
        TargetChange(D(2026, 1, 1), 1200, D(2026, 3, 31), "goal"),
        TargetChange(D(2026, 2, 1), 1000, D(2026, 3, 31), "review"),
        TargetChange(D(2026, 2, 10), 1000, D(2026, 4, 30), "review")]
    assert [r.decision for r in library.reviews(stored.id)] == ["adjust_target", "adjust_deadline"]
    assert library.get(stored.id).goal.deadline == D(2026, 4, 30)


def test_after_a_review_pacing_follows_the_old_target_before_it_and_the_new_one_after(library):
    from smartkit.analysis.tracking import target_path

    stored = library.create(traffic(), status="active")
    library.attach_history(stored.id, sessions_table("2025-12-01", "2026-02-14", 13), "ga4.csv")
    reviewed = library.add_review(stored.id, Review(D(2026, 2, 1), "Budget doubled", "adjust_target",
                                                    new_target=2000))
    path = target_path(reviewed.goal, library.target_history(stored.id))
    assert path.loc["2026-01-31", "target"] == 1200 and path.loc["2026-02-01", "target"] == 2000
    assert path.loc["2026-01-31", "expected"] == pytest.approx(target_path(traffic()).loc["2026-01-31", "expected"])
    assert reviewed.pacing["target"] == 2000 and reviewed.pacing["expected_to_date"] == pytest.approx(
        path.loc["2026-02-14", "expected"])


def test_a_review_that_stops_the_goal_archives_it(library):
    stored = library.create(traffic(), status="active")
    stopped = library.add_review(stored.id, Review(TODAY, "Product discontinued", "stop"))
    assert stopped.status == "archived" and stopped.status_note == "Product discontinued"


def test_an_edit_of_an_active_goals_target_is_a_target_change_from_today(library):
    stored = library.create(traffic(), status="active")
    saved = library.save(stored.id, traffic(target=1300), stored.version)
    library.save(stored.id, traffic(target=1350), saved.version)  # same day: replaces
    assert library.target_history(stored.id)[1:] == [TargetChange(TODAY, 1350, D(2026, 3, 31), "edit")]


def test_a_drafts_target_is_its_own_not_a_history(library):
    stored = library.create(traffic())
    library.save(stored.id, traffic(target=1500), stored.version)
    assert library.target_history(stored.id) == [TargetChange(D(2026, 1, 1), 1500, D(2026, 3, 31), "goal")]


# ----------------------------------------------------------------------------- sharing


def test_a_share_token_opens_the_goal_until_revoked(library):
    stored = library.create(traffic())
    assert library.live_share_token(stored.id) is None
    token = library.share_token(stored.id)
    assert library.share_token(stored.id) == token == library.live_share_token(stored.id) and len(token) >= 32
    assert library.goal_for_share_token(token).id == stored.id
    assert library.goal_for_share_token(token[:-1] + ("y" if token.endswith("x") else "x")) is None and library.goal_for_share_token("") is None
    library.revoke_share(stored.id)
    assert library.goal_for_share_token(token) is None and library.live_share_token(stored.id) is None
    assert library.share_token(stored.id) != token


# ----------------------------------------------------------------------------- the database


def test_two_library_objects_on_one_database_see_each_others_saves(library):
    other = Library(library.url, today=lambda: TODAY)
    stored = library.create(traffic())
    saved = other.save(stored.id, traffic(target=2000), stored.version)
    assert library.get(stored.id).version == saved.version == 2


def test_the_display_url_never_shows_a_password():
    from smartkit.storage.migrate import url_for_display

    assert "secret" not in url_for_display("postgresql://ana:secret@db.example:5432/smartkit")
    assert url_for_display("sqlite:////tmp/x/library.sqlite3") == "/tmp/x/library.sqlite3"


def test_the_storage_api_names_are_pinned():
    import smartkit.storage as storage

    contract = {"Library", "StoredGoal", "GoalSummary", "CheckIn", "Review", "GoalStatus", "default_database_url",
                "GoalNotFoundError", "VersionConflictError", "TargetChange", "goal_differences"}
    assert contract <= set(storage.__all__)
    for name in storage.__all__:
        assert getattr(storage, name) is not None, name
    for method in ("create", "get", "save", "list", "workspaces", "set_status", "archive", "restore",
                   "delete_permanently", "duplicate", "children", "parent_of", "attach_history", "history",
                   "add_checkin", "checkins", "add_review", "reviews", "target_history", "share_token",
                   "revoke_share", "goal_for_share_token", "url_for_display"):
        assert hasattr(Library, method), method


def test_the_default_library_is_a_file_in_the_home_folder(monkeypatch, tmp_path):
    from smartkit.storage import default_database_url

    monkeypatch.delenv("SMARTKIT_DATABASE_URL", raising=False)
    monkeypatch.setenv("SMARTKIT_HOME", str(tmp_path))
    assert default_database_url() == f"sqlite:///{tmp_path}/library.sqlite3"
    monkeypatch.setenv("SMARTKIT_DATABASE_URL", "postgresql://team@db/smartkit")
    assert default_database_url() == "postgresql://team@db/smartkit"


def test_an_unreachable_server_is_a_clear_error():
    with pytest.raises(StorageError, match="cannot be opened"):
        Library("postgresql://nobody@127.0.0.1:1/none")
