"""AppTest: tracking and review of a stored goal (newer data, pacing, check-ins, review log,
outcome) and the read-only link. Every test has a library of its own."""
from __future__ import annotations

import datetime as dt

from smartkit.storage import Library
from test_app_library import TODAY, app, lib, pepperoni, texts  # noqa: F401 - fixtures
from ui.state import Keys


def under_way(lib: Library, pepperoni, *, status: str = "active", name: str = "Pepperoni followers", **changes) -> str:
    """A goal that started 20 days ago and ends in 10, with its data to yesterday."""
    draft, history = pepperoni
    goal = draft.model_copy(update={"name": name, "start": TODAY - dt.timedelta(days=20),
                                    "deadline": TODAY + dt.timedelta(days=10), **changes})
    gid = lib.create(goal, status=status).id
    lib.attach_history(gid, history, "history.csv", [])
    return gid


def track_page(gid: str, lang: str | None = None):
    at = app(goal=gid, lang=lang)
    at.run()
    at.switch_page("pages/track.py").run()
    assert not at.exception
    return at


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


# ----------------------------------------------------------------------------- pacing


def test_a_goal_under_way_shows_actual_against_expected_and_the_projected_end_with_its_band(lib, pepperoni):
    gid = under_way(lib, pepperoni)
    at = track_page(gid)
    shown = texts(at)
    assert metric(at, "Actual to date") not in ("", "—")
    assert metric(at, "Expected by now") not in ("", "—")
    assert metric(at, "Projected end") not in ("", "—")
    assert "Likely range at the deadline" in shown
    assert any(word in shown for word in ("On track", "At risk", "Off track"))
    assert "On track from 95% of the planned pace, at risk from 80%" in shown  # the thresholds are said
    assert at.get("plotly_chart")


def test_a_page_without_a_stored_goal_says_what_to_do(lib):
    at = app()
    at.run()
    at.switch_page("pages/track.py").run()
    assert not at.exception
    assert "Open a goal from the library" in texts(at)


def test_a_draft_goal_starts_tracking_with_one_click(lib, pepperoni):
    gid = under_way(lib, pepperoni, status="draft")
    at = track_page(gid)
    at.button(key="track.start").click().run()
    assert lib.get(gid).status == "active"


NEWER_EXPORT = ("date,followers,new_followers,lost_followers\n"
                "2026-11-21,470,9,1\n2026-11-22,478,9,1\n2026-11-23,486,9,1\n").encode()


def test_a_newer_export_extends_the_history_and_says_which_days_it_replaced(lib, pepperoni):
    gid = under_way(lib, pepperoni)
    at = track_page(gid)
    at.file_uploader(key="track.uploads.0").upload("newer.csv", NEWER_EXPORT, "text/csv")
    at.run()
    assert not at.exception
    shown = texts(at)
    assert "newer.csv" in shown
    assert "3 days" in shown and "already in the goal's history" in shown  # the overlap is said
    history = lib.history(gid)
    assert history.loc["2026-11-23", "followers"] == 486
    assert at.session_state[Keys.HISTORY].loc["2026-11-23", "followers"] == 486


def test_typed_actuals_for_dates_are_added_to_the_history(lib, pepperoni):
    gid = under_way(lib, pepperoni)
    at = track_page(gid)
    at.session_state["track.actuals"] = {"edited_rows": {"0": {"date": "2026-11-23", "followers": 499}},
                                         "added_rows": [], "deleted_rows": []}
    at.run()
    submit(at, "Add these figures")
    assert not at.exception
    assert lib.history(gid).loc["2026-11-23", "followers"] == 499
    assert "1 day of typed figures added" in texts(at)


# ----------------------------------------------------------------------------- check-ins and reviews


def submit(at, label: str):
    button = next(b for b in at.button if b.label == label)
    return button.click().run()


def test_the_check_in_and_review_choices_are_the_ones_the_library_stores(lib, pepperoni):
    from smartkit.i18n import t
    from smartkit.storage import CONFIDENCES, DECISIONS

    at = track_page(under_way(lib, pepperoni))
    assert at.segmented_control(key="track.checkin_confidence").options == \
        [t(f"library.confidence.{c}", "en") for c in CONFIDENCES]
    assert at.selectbox(key="track.review_decision").options == [t(f"library.decision.{d}", "en") for d in DECISIONS]


def test_a_check_in_keeps_its_date_confidence_note_and_what_was_done(lib, pepperoni):
    gid = under_way(lib, pepperoni)
    at = track_page(gid)
    at.segmented_control(key="track.checkin_confidence").set_value("low")
    at.text_area(key="track.checkin_note").set_value("Reels flopped this week")
    at.text_area(key="track.checkin_done").set_value("Boosted two posts")
    submit(at, "Add the check-in")
    assert not at.exception
    (checkin,) = lib.checkins(gid)
    assert (checkin.date, checkin.confidence, checkin.note, checkin.done) == \
        (TODAY, "low", "Reels flopped this week", "Boosted two posts")
    table = at.dataframe[-1].value.to_string()
    assert "Reels flopped this week" in table and "Low" in table


def test_a_check_in_without_a_note_is_refused_with_a_message(lib, pepperoni):
    gid = under_way(lib, pepperoni)
    at = track_page(gid)
    submit(at, "Add the check-in")
    assert lib.checkins(gid) == []
    assert "Write a short note first" in texts(at)


def test_a_review_that_adjusts_the_target_changes_the_goal_and_keeps_the_target_history(lib, pepperoni):
    gid = under_way(lib, pepperoni)
    at = track_page(gid)
    at.selectbox(key="track.review_decision").set_value("adjust_target")
    at.text_area(key="track.review_text").set_value("Reach fell after the algorithm change")
    at.number_input(key="track.review_target").set_value(460)
    submit(at, "Add to the review log")
    assert not at.exception
    assert lib.get(gid).goal.target == 460
    assert at.session_state[Keys.DRAFT].target == 460  # this session follows the new version
    assert [c.target for c in lib.target_history(gid)][-1] == 460
    (review,) = lib.reviews(gid)
    assert review.decision == "adjust_target" and review.new_target == 460
    shown = texts(at) + "".join(d.value.to_string() for d in at.dataframe)
    assert "Reach fell after the algorithm change" in shown and "Target history" in shown
    at.switch_page("pages/objective.py").run()  # the next save is on the new version: no conflict
    at.text_area(key="w.business_goal").set_value("More followers in town").run()
    assert lib.get(gid).goal.business_goal == "More followers in town"


def test_adjusting_the_target_without_a_new_target_says_what_is_missing(lib, pepperoni):
    gid = under_way(lib, pepperoni)
    at = track_page(gid)
    at.selectbox(key="track.review_decision").set_value("adjust_target")
    submit(at, "Add to the review log")
    assert not at.exception
    assert lib.reviews(gid) == []
    assert at.error


# ----------------------------------------------------------------------------- outcome


def test_a_goal_past_its_deadline_is_marked_from_its_data_and_can_be_overridden_with_a_note(lib, pepperoni):
    draft, history = pepperoni
    goal = draft.model_copy(update={"name": "Last month", "start": TODAY - dt.timedelta(days=40),
                                    "deadline": TODAY - dt.timedelta(days=5)})
    gid = lib.create(goal, status="active").id
    lib.attach_history(gid, history, "history.csv", [])
    lib.refresh(gid)
    at = track_page(gid)
    shown = texts(at)
    assert "final figure is" in shown
    assert ("Achieved" in shown) or ("Missed" in shown)
    at.segmented_control(key="track.override").set_value("achieved")
    at.text_input(key="track.override_note").set_value("Counted the event sign-ups too")
    submit(at, "Save the outcome")
    stored = lib.get(gid)
    assert stored.status == "achieved" and stored.status_note == "Counted the event sign-ups too"
    assert "Counted the event sign-ups too" in texts(at)


# ----------------------------------------------------------------------------- the read-only link


def shared(token: str, lang: str | None = None):
    at = app(lang=lang)
    at.query_params["share"] = token
    at.run()
    assert not at.exception
    return at


def test_a_read_only_link_shows_the_brief_of_its_goal_and_no_editing_chrome(lib, pepperoni):
    gid = under_way(lib, pepperoni)
    under_way(lib, pepperoni, name="Another client's secret goal")
    token = lib.share_token(gid)
    at = shared(token)
    shown = texts(at) + " ".join(t.value for t in at.title)
    assert "Pepperoni followers" in shown
    assert "Increase Facebook followers" in shown
    assert "Another client's secret goal" not in shown
    assert not at.text_input and not at.text_area and not at.selectbox and not at.number_input
    assert not [b for b in at.button if b.key and not b.key.startswith("share.download")]
    assert not at.sidebar.selectbox and not at.sidebar.button  # no sidebar: no language, no actions
    assert any(word in shown for word in ("On track", "At risk", "Off track"))  # live pacing
    assert "goal" not in at.query_params


def test_a_revoked_or_wrong_link_is_no_longer_valid_and_shows_no_goal(lib, pepperoni):
    gid = under_way(lib, pepperoni)
    token = lib.share_token(gid)
    lib.revoke_share(gid)
    for bad in (token, "not-a-token", token[:-1] + ("A" if token[-1] != "A" else "B"), "x" * 500):
        at = shared(bad)
        shown = texts(at) + " ".join(t.value for t in at.title)
        assert "This link is no longer valid." in shown
        assert "Pepperoni" not in shown and "followers" not in shown.lower()


def test_the_owner_creates_and_revokes_the_link_on_the_goal_page(lib, pepperoni):
    gid = under_way(lib, pepperoni)
    at = app(goal=gid)
    at.run()
    at.switch_page("pages/goal.py").run()
    at.button(key="library.share_create").click().run()
    link = next(c.value for c in at.code if "share=" in c.value)
    token = link.split("share=")[1].split("&")[0]
    assert lib.goal_for_share_token(token).id == gid
    at.button(key="library.share_revoke").click().run()
    assert lib.goal_for_share_token(token) is None


def test_the_shared_brief_reads_right_to_left_in_persian(lib, pepperoni):
    gid = under_way(lib, pepperoni)
    at = shared(lib.share_token(gid), lang="fa")
    from smartkit.i18n import t

    assert any("direction: rtl" in h.value for h in at.get("html"))
    assert t("library.share.verdict", "fa") in [m.label for m in at.metric]


def test_a_review_that_stops_the_goal_archives_it(lib, pepperoni):
    gid = under_way(lib, pepperoni)
    at = track_page(gid)
    at.selectbox(key="track.review_decision").set_value("stop")
    at.text_area(key="track.review_text").set_value("The shop moved")
    submit(at, "Add to the review log")
    assert not at.exception
    assert lib.get(gid).status == "archived"
    assert [r.decision for r in lib.reviews(gid)] == ["stop"]


def test_a_file_that_is_not_an_export_gets_a_clear_message_and_changes_nothing(lib, pepperoni):
    gid = under_way(lib, pepperoni)
    before = lib.history(gid)
    at = track_page(gid)
    at.file_uploader(key="track.uploads.0").upload("notes.txt", b"just some words, no dates", "text/plain")
    at.run()
    assert not at.exception
    assert at.error
    assert len(lib.history(gid)) == len(before)
