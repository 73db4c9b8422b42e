"""AppTest: defects found walking the app as a new user would (QA pass), one test each."""
from __future__ import annotations

import datetime as dt

import pytest

from test_app_library import TODAY, app, lib, pepperoni, texts  # noqa: F401 - fixtures
from ui.state import Keys
from ui.widgets import md

PAYLOAD = "**Bold** [a link](https://example.com) :red[Red] $x^2$ <b>Html</b>"
# A workspace name takes Markdown's signs, not path or markup ones (smartkit.storage.access).
WORKSPACE_PAYLOAD = "**Bold** [a link](example.com) :red[Red] $x^2$"


def test_a_shared_brief_shows_the_goal_name_and_workspace_as_typed_not_as_markdown(lib, pepperoni):
    draft, history = pepperoni
    goal = draft.model_copy(update={"name": PAYLOAD, "start": TODAY - dt.timedelta(days=20),
                                    "deadline": TODAY + dt.timedelta(days=10)})
    gid = lib.create(goal, status="active", workspace=WORKSPACE_PAYLOAD).id
    lib.attach_history(gid, history, "history.csv", [])
    at = app()
    at.query_params["share"] = lib.share_token(gid)
    at.run()
    assert not at.exception
    assert md(PAYLOAD) in at.title[0].value
    assert any(md(WORKSPACE_PAYLOAD) in caption.value for caption in at.caption)
    assert not [c.value for c in at.caption if "**Bold**" in c.value]


def test_a_demo_link_opened_on_the_track_page_tracks_that_demo_at_once(lib):
    at = app()
    at.query_params["demo"] = "pepperoni_palace"
    at.switch_page("pages/track.py").run()  # the first page this session opens
    assert not at.exception
    shown = texts(at)
    assert "Open a goal from the library" not in shown
    assert lib.get(at.session_state[Keys.GOAL_ID]).goal.kpi == "followers"


def test_the_default_workspace_is_named_in_the_users_language_and_a_brief_is_not_prepared_for_it(lib, pepperoni):
    draft, history = pepperoni
    gid = lib.create(draft, status="active").id
    lib.attach_history(gid, history, "history.csv", [])
    at = app(lang="fa")
    at.run()
    at.switch_page("pages/library.py").run()
    assert not at.exception
    picker = at.selectbox(key=Keys.LIB_WORKSPACE)
    assert picker.value == "default"
    assert "پیش‌فرض" in picker.options and "default" not in picker.options
    shared = app()
    shared.query_params["share"] = lib.share_token(gid)
    shared.run()
    assert not shared.exception
    assert not [c.value for c in shared.caption if "default" in c.value]
    assert any("Prepared on" in c.value for c in shared.caption)


def test_the_baseline_and_target_labels_sit_above_their_lines_not_struck_through(pepperoni):
    from smartkit.charts import goal_chart

    draft, history = pepperoni
    fig = goal_chart(draft, history, TODAY, "en")
    marks = next(trace for trace in fig.data if trace.meta == "marks")
    labels = {a.name: a for a in fig.layout.annotations if a.name}
    assert "Baseline" in labels["baseline_value"].text and "Target" in labels["target_value"].text
    # above its own line ("middle" put the dashed baseline through its label) or right of the lines' ends
    assert labels["baseline_value"].yanchor == "bottom" and labels["baseline_value"].yshift > 0
    assert labels["target_value"].xanchor == "left" and labels["target_value"].xshift > 0
    assert marks.cliponaxis is False  # a target at the top of the plot keeps its mark whole


def test_a_resumed_demo_goal_lists_no_stored_json_as_an_imported_file(lib):
    first = app()
    first.query_params["demo"] = "pepperoni_palace"
    first.run()
    first.text_area(key="w.business_goal").set_value("Sell more slices").run()  # a demo is stored once changed
    gid = first.session_state[Keys.GOAL_ID]
    assert lib.history(gid) is not None
    resumed = app(goal=gid)  # a reload, a new tab, a restart
    resumed.run()
    resumed.switch_page("pages/baseline.py").run()
    assert not resumed.exception
    shown = texts(resumed)
    assert "Using the demo data of" in shown
    assert '"hs"' not in shown and "{" not in shown


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_reach_warning_names_the_kpi_in_the_users_language_not_by_its_id(pepperoni, lang):
    from smartkit.analysis.baseline import compute_baseline
    from smartkit.i18n import t

    _, history = pepperoni
    warning = next(w for w in compute_baseline(history, "reach", window_days=28, today=TODAY).warnings
                   if w.key == "baseline.warning.unique_sum")
    text = warning.render(lang)
    assert t("kpi.reach.name", lang) in text and "reach " not in text


def test_a_demo_link_opened_on_the_goal_page_offers_the_read_only_link_at_once(lib):
    at = app()
    at.query_params["demo"] = "pepperoni_palace"
    at.switch_page("pages/goal.py").run()  # the first page this session opens
    assert not at.exception
    assert at.button(key="library.share_create")
    at.button(key="library.share_create").click().run()
    assert any("share=" in code.value for code in at.code)
