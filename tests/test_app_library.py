"""AppTest: the goal library in the app: autosave and resume from the link, two sessions on one
goal, the library page, sub-goal trees. Every test has a library of its own (a temporary SQLite
file named by ``SMARTKIT_DATABASE_URL``)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from smartkit.demos import load_demo
from smartkit.models import GoalDraft
from smartkit.storage import Library
from ui.state import Keys

TODAY = dt.date(2026, 11, 24)
APP = Path(__file__).resolve().parent.parent / "app.py"


@pytest.fixture
def lib(tmp_path, monkeypatch) -> Library:
    url = f"sqlite:///{tmp_path / 'library.sqlite3'}"
    monkeypatch.setenv("SMARTKIT_DATABASE_URL", url)
    steady_router(monkeypatch)
    return Library(url, today=lambda: TODAY)


@pytest.fixture(scope="module")
def pepperoni():
    demo = load_demo("pepperoni_palace", TODAY)
    return demo.draft, demo.history


def steady_router(monkeypatch) -> None:
    """AppTest turns Streamlit's old pages/-folder mode back on before every run, so each run
    would start with the router's switch-off rerun (ui.streamlit_internals.require_router), which eats button
    clicks; a real server switches it off once. The tests run as that server does afterwards."""
    from streamlit.runtime.pages_manager import PagesManager

    class Steady(PagesManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False

    monkeypatch.setattr("streamlit.testing.v1.app_test.PagesManager", Steady)


def app(draft: GoalDraft | None = None, history=None, *, goal: str | None = None, lang: str | None = None,
        workspace: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[Keys.TODAY] = TODAY
    if draft is not None:
        at.session_state[Keys.DRAFT] = draft.model_copy(deep=True)
    if history is not None:
        at.session_state[Keys.HISTORY] = history
        at.session_state[Keys.HISTORY_ID] = "test-history"
        at.session_state[Keys.HISTORY_SOURCE] = {"kind": "demo", "id": "pepperoni_palace"}
    if goal:
        at.query_params["goal"] = goal
    if lang:
        at.query_params["lang"] = lang
    if workspace:
        at.session_state[Keys.WORKSPACE] = workspace
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.info]
    parts += [e.value for e in at.error] + [w.value for w in at.warning] + [s.value for s in at.success]
    parts += [x.value for x in at.text] + [c.value for c in at.code] + [h.value for h in at.subheader]
    return "\n".join(parts).replace("\\", "")


def goal_in_link(at: AppTest) -> str:
    return at.query_params["goal"][0] if isinstance(at.query_params["goal"], list) else at.query_params["goal"]


# ----------------------------------------------------------------------------- autosave and resume


def test_a_blank_visit_stores_nothing(lib):
    at = app()
    at.run()
    assert not at.exception
    assert lib.list() == []
    assert "goal" not in at.query_params


def test_the_first_answer_stores_the_goal_and_puts_its_unguessable_id_in_the_link(lib, pepperoni):
    draft, history = pepperoni
    at = app(draft, history)
    at.run()
    assert not at.exception
    gid = goal_in_link(at)
    assert len(gid) >= 20
    stored = lib.get(gid)
    assert stored.goal.kpi == draft.kpi and stored.goal.target == draft.target
    assert stored.status == "draft"
    assert lib.history(gid) is not None and len(lib.history(gid)) == len(history)


def test_a_changed_answer_is_saved_in_the_same_run(lib, pepperoni):
    draft, history = pepperoni
    at = app(draft, history)
    at.run()
    gid = goal_in_link(at)
    at.switch_page("pages/objective.py").run()
    at.text_area(key="w.business_goal").set_value("Sell more pizza slices downtown").run()
    assert lib.get(gid).goal.business_goal == "Sell more pizza slices downtown"


def test_a_new_session_with_the_link_resumes_the_goal_and_its_data(lib, pepperoni):
    draft, history = pepperoni
    first = app(draft, history)
    first.run()
    gid = goal_in_link(first)

    again = app(goal=gid)  # a reload, a new tab or a restarted server: only the link is left
    again.run()
    again.switch_page("pages/baseline.py").run()
    assert not again.exception
    resumed = again.session_state[Keys.DRAFT]
    assert resumed.model_dump(exclude={"lang"}) == draft.model_dump(exclude={"lang"})
    assert again.session_state[Keys.HISTORY] is not None
    assert len(again.session_state[Keys.HISTORY]) == len(history)
    assert again.session_state[Keys.HISTORY_SOURCE] == {"kind": "demo", "id": "pepperoni_palace"}
    assert goal_in_link(again) == gid
    assert lib.get(gid).version == 1  # resuming writes nothing


def test_a_link_to_a_goal_that_is_gone_starts_a_new_goal_and_says_so(lib):
    at = app(goal="no-such-goal-id-anywhere")
    at.run()
    assert not at.exception
    assert "not in this library" in texts(at)
    assert "goal" not in at.query_params


def test_the_sidebar_says_where_the_library_lives(lib, pepperoni):
    draft, history = pepperoni
    at = app(draft, history)
    at.run()
    assert lib.url_for_display in texts(at)


def test_start_over_keeps_the_stored_goal_and_writes_a_new_one(lib, pepperoni):
    draft, history = pepperoni
    at = app(draft, history)
    at.run()
    first = goal_in_link(at)
    at.button(key="ui.start_over").click().run()
    assert "goal" not in at.query_params
    assert lib.get(first).goal.kpi == draft.kpi


# ----------------------------------------------------------------------------- two sessions


def test_two_sessions_on_one_goal_never_overwrite_silently_and_show_the_differences(lib, pepperoni):
    draft, history = pepperoni
    mine = app(draft, history)
    mine.run()
    gid = goal_in_link(mine)
    theirs = app(goal=gid)
    theirs.run()
    theirs.switch_page("pages/objective.py").run()
    theirs.text_area(key="w.business_goal").set_value("Their wording").run()
    assert lib.get(gid).goal.business_goal == "Their wording"

    mine.switch_page("pages/objective.py").run()
    mine.text_area(key="w.business_goal").set_value("My wording").run()
    assert lib.get(gid).goal.business_goal == "Their wording"  # not overwritten
    shown = texts(mine)
    assert "Someone else saved this goal" in shown
    table = mine.dataframe[0].value
    assert "My wording" in table.to_string() and "Their wording" in table.to_string()

    mine.button(key="library.keep_mine").click().run()
    assert lib.get(gid).goal.business_goal == "My wording"
    assert "Someone else saved this goal" not in texts(mine)


def test_taking_the_other_version_replaces_the_draft_in_this_session(lib, pepperoni):
    draft, history = pepperoni
    mine = app(draft, history)
    mine.run()
    gid = goal_in_link(mine)
    stored = lib.get(gid)
    lib.save(gid, stored.goal.model_copy(update={"name": "Renamed by a colleague"}), expected_version=stored.version)
    mine.switch_page("pages/objective.py").run()
    mine.text_area(key="w.business_goal").set_value("My wording").run()
    mine.button(key="library.take_theirs").click().run()
    assert mine.session_state[Keys.DRAFT].name == "Renamed by a colleague"
    assert lib.get(gid).goal.name == "Renamed by a colleague"
    assert lib.get(gid).goal.business_goal != "My wording"


# ----------------------------------------------------------------------------- the library page


def store(lib: Library, name: str, *, workspace: str = "default", status: str = "draft", **changes) -> str:
    goal = load_demo("pepperoni_palace", TODAY).draft.model_copy(update={"name": name, **changes})
    return lib.create(goal, workspace=workspace, status=status).id


def library_page(workspace: str = "default") -> AppTest:
    at = app(workspace=workspace)
    at.run()
    at.switch_page("pages/library.py").run()
    assert not at.exception
    return at


def table_names(at: AppTest) -> list[str]:
    return list(at.dataframe[0].value["name"]) if at.dataframe else []


def test_the_library_lists_the_goals_of_the_chosen_workspace_with_their_status_and_target(lib):
    store(lib, "Pepperoni followers", workspace="Pepperoni Palace", status="active")
    store(lib, "Other client goal", workspace="Acme")
    at = library_page("Pepperoni Palace")
    table = at.dataframe[0].value
    assert list(table["name"]) == ["Pepperoni followers"]
    assert table.loc[0, "status"] == "Active"
    assert table.loc[0, "target"] == "480"
    assert table.loc[0, "kpi"] == "Followers"


def test_the_library_filters_by_status_and_channel_and_searches_by_name(lib):
    store(lib, "Summer followers", status="active")
    store(lib, "Winter followers")
    store(lib, "TikTok views", channel="tiktok")
    at = library_page()
    assert sorted(table_names(at)) == ["Summer followers", "TikTok views", "Winter followers"]
    at.selectbox(key=Keys.LIB_STATUS).set_value("active").run()
    assert table_names(at) == ["Summer followers"]
    at.selectbox(key=Keys.LIB_STATUS).set_value("").run()
    at.selectbox(key=Keys.LIB_CHANNEL).set_value("tiktok").run()
    assert table_names(at) == ["TikTok views"]
    at.selectbox(key=Keys.LIB_CHANNEL).set_value("").run()
    at.text_input(key=Keys.LIB_SEARCH).set_value("winter").run()
    assert table_names(at) == ["Winter followers"]


def pick_row(at: AppTest, row: int) -> AppTest:
    from ui.state import library_table_key

    nonce = at.session_state[Keys.LIB_TABLE_NONCE] if Keys.LIB_TABLE_NONCE in at.session_state else 0
    at.session_state[library_table_key(nonce)] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    return at.run()


def test_the_channel_filter_offers_the_catalogue_channels(lib):
    from smartkit.catalogue import catalogue, channel_label
    from smartkit.i18n import t

    at = library_page()
    assert at.selectbox(key=Keys.LIB_CHANNEL).options == \
        [t("library.filter.any_channel", "en"), *(channel_label(c, "en") for c in catalogue().channels)]


def test_opening_a_goal_from_the_library_continues_it_with_its_id_in_the_link(lib):
    gid = store(lib, "Pepperoni followers")
    at = pick_row(library_page(), 0)
    at.button(key="library.open").click().run()
    assert not at.exception
    assert goal_in_link(at) == gid
    assert at.session_state[Keys.DRAFT].name == "Pepperoni followers"


def test_a_goal_duplicated_as_a_template_is_a_new_draft(lib):
    store(lib, "Pepperoni followers", status="active")
    at = pick_row(library_page(), 0)
    at.button(key="library.duplicate").click().run()
    names = sorted(g.name for g in lib.list())
    assert len(names) == 2 and names[0] == "Pepperoni followers"
    copy = next(g for g in lib.list() if g.name != "Pepperoni followers")
    assert copy.status == "draft"


def test_archiving_hides_a_goal_and_restoring_brings_it_back(lib):
    gid = store(lib, "Pepperoni followers", status="active")
    at = pick_row(library_page(), 0)
    at.button(key="library.archive").click().run()
    assert lib.get(gid).status == "archived"
    assert table_names(at) == []
    at.selectbox(key=Keys.LIB_STATUS).set_value("archived").run()
    assert table_names(at) == ["Pepperoni followers"]
    pick_row(at, 0).button(key="library.restore").click().run()
    assert lib.get(gid).status == "active"


def test_a_permanent_delete_asks_twice(lib):
    gid = store(lib, "Pepperoni followers")
    lib.archive(gid)
    at = library_page()
    at.selectbox(key=Keys.LIB_STATUS).set_value("archived").run()
    pick_row(at, 0).button(key="library.delete").click().run()
    assert lib.get(gid).status == "archived"  # asked once: nothing deleted yet
    assert "cannot be undone" in texts(at)
    at.button(key="library.delete_yes").click().run()
    assert lib.list(include_archived=True) == []


def test_the_library_page_runs_in_persian_right_to_left(lib):
    store(lib, "هدف فالوور", status="active")
    at = app(lang="fa")
    at.run()
    at.switch_page("pages/library.py").run()
    assert not at.exception
    assert table_names(at) == ["هدف فالوور"]
    assert any("direction: rtl" in h.value for h in at.get("html"))


# ----------------------------------------------------------------------------- sub-goal trees


def test_start_this_sub_goal_creates_a_child_and_keeps_the_parent(lib, pepperoni):
    draft, history = pepperoni
    at = app(draft, history)
    at.run()
    parent = goal_in_link(at)
    at.switch_page("pages/goal.py").run()
    sub_button = next(b for b in at.button if b.key and b.key.startswith("ui.sub."))
    sub_button.click().run()
    assert not at.exception
    child = goal_in_link(at)
    assert child != parent
    assert lib.parent_of(child) == parent
    assert lib.get(parent).goal.kpi == draft.kpi  # the parent is kept as it was
    assert lib.history(child) is not None  # the child measures on the same data


def test_the_goal_page_shows_the_tree_with_parent_siblings_and_children(lib, pepperoni):
    draft, history = pepperoni
    parent = lib.create(draft.model_copy(update={"name": "All followers"}), status="active").id
    lib.attach_history(parent, history, "demo", [])
    child = lib.create(draft.model_copy(update={"name": "Followers from reels"}), parent_id=parent).id
    lib.create(draft.model_copy(update={"name": "Followers from ads"}), parent_id=parent)
    at = app(goal=child)
    at.run()
    at.switch_page("pages/goal.py").run()
    assert not at.exception
    shown = texts(at)
    for words in ("Goal tree", "Parent goal", "All followers", "This goal", "Followers from reels",
                  "Followers from ads", "Sub-goal of the same parent"):
        assert words in shown
    at.button(key=f"tree.open.{parent}").click().run()
    assert goal_in_link(at) == parent
    assert "Sub-goal" in texts(at)


@pytest.mark.parametrize("lang", ["vi", "th", "fa"])
def test_the_goal_tree_reads_in_every_language(lib, pepperoni, lang):
    from smartkit.i18n import t

    draft, history = pepperoni
    parent = lib.create(draft.model_copy(update={"name": "P"}), status="active").id
    child = lib.create(draft.model_copy(update={"name": "C"}), parent_id=parent).id
    at = app(goal=child, lang=lang)
    at.run()
    at.switch_page("pages/goal.py").run()
    assert not at.exception
    shown = texts(at)
    assert t("library.tree.title", lang) in [s.value for s in at.subheader]
    assert t("library.tree.parent", lang) in shown
    assert t("library.status.active", lang) in shown  # the parent's status badge


def test_the_parent_warns_when_its_sub_goals_cannot_add_up_to_its_target_and_by_how_much(lib, pepperoni):
    draft, history = pepperoni
    parent = lib.create(draft.model_copy(update={"name": "All sessions", "kpi": "sessions", "baseline": 1000,
                                                 "target": 1200, "target_change_pct": None}), status="active").id
    for name, target in (("Sessions from Facebook", 500), ("Sessions from Instagram", 400)):
        lib.create(draft.model_copy(update={"name": name, "kpi": "sessions", "baseline": 300, "target": target,
                                            "target_change_pct": None}), parent_id=parent)
    at = app(goal=parent)
    at.run()
    at.switch_page("pages/goal.py").run()
    assert not at.exception
    warning = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "add up to 900" in warning and "300 short" in warning


def test_an_uploaded_export_comes_back_with_the_goal_in_a_new_session(lib, pepperoni):
    draft, _ = pepperoni
    export = (Path(__file__).resolve().parent.parent / "data" / "demos" / "pepperoni_palace" / "history.csv").read_bytes()
    at = app(draft.model_copy(update={"baseline": None, "baseline_origin": None}))
    at.run()
    at.switch_page("pages/baseline.py").run()
    uploader = next(u for u in at.file_uploader if u.key and u.key.startswith("ui.uploads."))
    uploader.upload("pepperoni-insights.csv", export, "text/csv")
    at.run()
    assert not at.exception
    gid = goal_in_link(at)
    assert lib.history(gid) is not None and lib.get(gid).goal.baseline is not None

    again = app(goal=gid)  # a reload: the uploader is empty, the data and what was imported are back
    again.run()
    again.switch_page("pages/baseline.py").run()
    assert not again.exception
    assert len(again.session_state[Keys.HISTORY]) == len(lib.history(gid))
    assert "pepperoni-insights.csv" in texts(again)
    assert again.session_state[Keys.DRAFT].baseline == lib.get(gid).goal.baseline


def test_a_library_that_cannot_be_opened_never_breaks_the_wizard(tmp_path, monkeypatch, pepperoni):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the library's folder should be")
    monkeypatch.setenv("SMARTKIT_DATABASE_URL", f"sqlite:///{blocked / 'library.sqlite3'}")
    steady_router(monkeypatch)
    draft, history = pepperoni
    at = app(draft, history)
    at.run()
    at.switch_page("pages/goal.py").run()
    assert not at.exception
    assert "could not be saved" in texts(at) or "cannot be opened" in texts(at)
    resumed = app(goal="some-goal-id")
    resumed.run()
    assert not resumed.exception
    assert "cannot be opened right now" in texts(resumed)
    resumed.switch_page("pages/library.py").run()
    assert not resumed.exception
    assert "cannot be opened right now" in texts(resumed)
