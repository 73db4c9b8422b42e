"""AppTest: what a new user met in the wizard: KPIs to watch refused, a typed deadline applied
late, an archive click that jumped to the next goal, demo links piling up copies, imported files
forgotten after a restart, typed actuals misread. Every test has a library of its own."""
from __future__ import annotations

import datetime as dt

import pytest

from smartkit.demos import load_demo
from smartkit.storage import Library
from test_app_library import app, goal_in_link, library_page, pick_row, steady_router, store, table_names, texts
from ui.state import Keys

TODAY = dt.date(2026, 11, 24)


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


# ----------------------------------------------------------------------------- KPIs to watch


def test_kpis_to_watch_are_accepted_and_saved_with_the_goal(lib, pepperoni):
    draft, history = pepperoni
    at = app(draft, history)
    at.run()
    at.switch_page("pages/kpis.py").run()
    chosen = ["reach", "impressions"]
    at.multiselect(key="w.watch_kpis").set_value(chosen).run()
    assert not at.exception
    assert "cannot use" not in texts(at)
    assert not at.error
    gid = goal_in_link(at)
    assert lib.get(gid).goal.watch_kpis == chosen

    again = app(goal=gid)  # a reload: only the link is left
    again.run()
    again.switch_page("pages/kpis.py").run()
    assert again.multiselect(key="w.watch_kpis").value == chosen


# ----------------------------------------------------------------------------- a typed deadline


def test_a_typed_deadline_updates_the_goal_period_in_the_same_run(lib, pepperoni):
    draft, history = pepperoni
    custom = draft.model_copy(update={"deadline_choice": "custom", "start": dt.date(2026, 12, 1),
                                      "deadline": dt.date(2027, 8, 3)})
    at = app(custom, history)
    at.run()
    at.switch_page("pages/target.py").run()
    assert "The goal runs for 8.1 months." in texts(at)
    at.text_input(key="w.deadline").input("2027-02-28").run()  # typed, not picked
    assert not at.exception
    shown = texts(at)
    assert "The goal runs for 3 months." in shown and "8.1 months" not in shown
    assert at.text_input(key="w.deadline").value == "2027-02-28"


def test_a_deadline_picked_from_the_choices_shows_in_the_typed_date_field(lib, pepperoni):
    draft, history = pepperoni
    at = app(draft.model_copy(update={"deadline_choice": "custom"}), history)
    at.run()
    at.switch_page("pages/target.py").run()
    at.selectbox(key="w.deadline_choice").set_value("in_1_month").run()
    assert not at.exception
    assert at.text_input(key="w.deadline").value == "2026-12-24"
    assert "The goal runs for one month." in texts(at)


# ----------------------------------------------------------------------------- archive in the library


def test_after_archiving_nothing_is_selected_so_a_second_click_archives_no_other_goal(lib):
    first = store(lib, "Autumn followers", status="active")
    second = store(lib, "Winter followers", status="active")
    at = library_page()
    names = table_names(at)
    at = pick_row(at, names.index("Autumn followers"))
    at.button(key="library.archive").click().run()
    assert not at.exception
    assert lib.get(first).status == "archived"
    assert table_names(at) == ["Winter followers"]
    assert "Pick a row" in texts(at)
    assert not [b for b in at.button if b.key == "library.archive"]  # no goal chosen, no button under the click
    # the browser still holds the old table's selection (row 0): it no longer chooses a goal
    at.session_state[Keys.LIB_TABLE] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not [b for b in at.button if b.key == "library.archive"]
    assert lib.get(second).status == "active"


# ----------------------------------------------------------------------------- demo links


def test_opening_a_demo_link_again_and_again_piles_up_no_copies_in_the_library(lib):
    for page in ("pages/objective.py", "pages/goal.py", "pages/meeting.py", "pages/target.py"):
        at = app()  # each visit of the bookmarked link is a new session
        at.query_params["demo"] = "pepperoni_palace"
        at.switch_page(page).run()
        assert not at.exception
        for step in ("pages/kpis.py", "pages/target.py", "pages/goal.py"):
            at.switch_page(step).run()
        assert not at.exception
    assert lib.list() == []
    assert "goal" not in at.query_params

    at.switch_page("pages/objective.py").run()  # the user changes the demo: now it is theirs, stored once
    at.text_area(key="w.business_goal").set_value("Sell more slices downtown").run()
    assert [g.id for g in lib.list()] == [goal_in_link(at)]
    assert lib.get(goal_in_link(at)).goal.business_goal == "Sell more slices downtown"
    at.switch_page("pages/goal.py").run()
    assert len(lib.list()) == 1


def test_a_demo_link_is_stored_when_an_action_needs_it_stored(lib):
    at = app()
    at.query_params["demo"] = "pepperoni_palace"
    at.switch_page("pages/goal.py").run()
    assert lib.list() == []
    at.button(key="library.share_create").click().run()
    assert not at.exception
    assert [g.id for g in lib.list()] == [goal_in_link(at)]
    assert any("share=" in code.value for code in at.code)


# ----------------------------------------------------------------------------- imported files after a restart


def two_exports() -> tuple[tuple[str, bytes, dt.date, dt.date], ...]:
    """The Pepperoni history as two exports with different metrics and different dates."""
    from pathlib import Path

    lines = (Path(__file__).resolve().parent.parent / "data" / "demos" / "pepperoni_palace"
             / "history.csv").read_text().splitlines()
    header, rows = lines[0].split(","), [line.split(",") for line in lines[1:]]
    parts = []
    for name, columns, chosen in (("followers-insights.csv", ["date", "followers", "new_followers", "lost_followers"],
                                   rows[:200]),
                                  ("reach-insights.csv", ["date", "reach", "impressions"], rows[-90:])):
        at = [header.index(c) for c in columns]
        text = "\n".join([",".join(columns)] + [",".join(row[i] for i in at) for row in chosen]) + "\n"
        parts.append((name, text.encode(), dt.date.fromisoformat(chosen[0][0]), dt.date.fromisoformat(chosen[-1][0])))
    return tuple(parts)


def test_a_goal_reloaded_from_the_library_shows_each_file_with_its_own_name_and_range(lib, pepperoni):
    from smartkit.i18n import fmt_date

    draft, _ = pepperoni
    at = app(draft.model_copy(update={"baseline": None, "baseline_origin": None}))
    at.run()
    at.switch_page("pages/baseline.py").run()
    uploader = next(u for u in at.file_uploader if u.key and u.key.startswith("ui.uploads."))
    exports = two_exports()
    for name, content, _, _ in exports:
        uploader.upload(name, content, "text/csv")
    at.run()
    assert not at.exception
    gid = goal_in_link(at)
    [attached] = lib.histories(gid)
    assert [f["file"] for f in attached["record"]["files"]] == [name for name, *_ in exports]
    assert attached["source"] == "followers-insights.csv, reach-insights.csv"  # a label, not packed JSON

    again = app(goal=gid)  # a restarted server: only the link and the library are left
    again.run()
    again.switch_page("pages/baseline.py").run()
    assert not again.exception
    shown = texts(again)
    for name, _, first, last in exports:
        assert f"{name}: " in shown
        assert f"{fmt_date(first, 'en')} to {fmt_date(last, 'en')}" in shown
    assert "followers-insights.csv, reach-insights.csv" not in shown

    # newer data attached later (the Track page, the command line) is listed with its own dates too
    import pandas as pd

    newer = pd.DataFrame({"reach": [50.0, 60.0]}, index=pd.date_range(exports[1][3] + dt.timedelta(days=1),
                                                                        periods=2, name="date"))
    lib.attach_history(gid, newer, "newer.csv", [])
    later = app(goal=gid)
    later.run()
    later.switch_page("pages/baseline.py").run()
    shown = texts(later)
    assert all(f"{name}: " in shown for name, *_ in exports)
    first_new, last_new = newer.index[0].date(), newer.index[-1].date()
    assert f"newer.csv: {fmt_date(first_new, 'en')} to {fmt_date(last_new, 'en')}" in shown


# ----------------------------------------------------------------------------- typed actuals on the Track page


def test_typed_actuals_are_read_as_the_users_language_writes_numbers():
    import pandas as pd

    from ui.tracking import typed_table

    typed = pd.DataFrame({"date": [dt.date(2026, 11, 20), dt.date(2026, 11, 21), dt.date(2026, 11, 22)],
                          "link_clicks": ["12,5", "1.250", "۱۲"]})
    table = typed_table(typed, ["link_clicks"], "vi")
    assert table["link_clicks"].tolist() == [12.5, 1250.0, 12.0]
    assert typed_table(typed.iloc[:1].assign(link_clicks=["12.5"]), ["link_clicks"], "en")["link_clicks"].tolist() \
        == [12.5]


def test_typed_net_follower_actuals_may_be_negative_other_figures_may_not():
    import pandas as pd

    from smartkit.errors import SmartkitError
    from ui.tracking import typed_table

    days = [dt.date(2026, 11, 20), dt.date(2026, 11, 21)]
    net = typed_table(pd.DataFrame({"date": days, "net_followers": ["-3", "5"]}), ["net_followers"], "en")
    assert net["net_followers"].tolist() == [-3.0, 5.0]
    with pytest.raises(SmartkitError) as caught:
        typed_table(pd.DataFrame({"date": days, "followers": ["-3", "5"]}), ["followers"], "en")
    assert "cannot be below 0" in caught.value.message("en") and "20 November 2026" in caught.value.message("en")
    with pytest.raises(SmartkitError) as caught:
        typed_table(pd.DataFrame({"date": days, "followers": ["12 followers", "5"]}), ["followers"], "en")
    assert "is not a number" in caught.value.message("en")

