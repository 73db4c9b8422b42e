"""AppTest: the whole walk, from an objective to the statement, with an uploaded export."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui.state import Keys

TODAY = dt.date(2026, 11, 24)
ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "tests" / "fixtures" / "exports"


# A real-shaped Meta Business Suite export: UTF-16 with BOM, a ``sep=`` line, a title line,
# "Facebook follows" then an Instagram section. It has daily new follows, not the follower count.
EXPORT = EXPORTS / "business_suite_follows_utf16.csv"


def shown(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption]
                     + [s.value for s in at.success] + [w.value for w in at.warning]).replace("\\", "")


def test_the_whole_walk_from_objective_to_statement():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state[Keys.TODAY] = TODAY
    at.run()
    # 1. objective
    at.text_area(key="w.business_goal").input("Make our new pizza shop known").run()
    at.selectbox(key="w.channel").set_value("facebook").run()
    at.radio(key="w.objective").set_value("awareness").run()
    at.button(key="nav.next.objective").click().run()
    assert not at.exception
    # 2. KPI
    at.selectbox(key="w.kpi").set_value("followers").run()
    assert "Followers" in shown(at)
    at.button(key="nav.next.kpis").click().run()
    # 3. baseline from an uploaded export
    uploader = next(u for u in at.get("file_uploader") if u.key and u.key.startswith("ui.uploads"))
    uploader.set_value([(EXPORT.name, EXPORT.read_bytes(), "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Meta Business Suite" in shown(at)
    assert at.session_state[Keys.HISTORY] is not None
    # daily follows, not the count: the page asks for today's count to rebuild the history
    assert any("current followers count" in e.value for e in at.error)
    at.text_input(key="w.baseline").input("400").run()
    assert not at.exception and not at.error
    assert at.session_state[Keys.DRAFT].baseline == 400
    assert at.get("plotly_chart")
    at.button(key="nav.next.baseline").click().run()
    # 4. target
    at.selectbox(key="w.deadline_choice").set_value("in_1_month").run()
    at.text_input(key="w.target").input("480").run()
    at.selectbox(key="w.tracking").set_value("page_insights").run()
    at.selectbox(key="w.review_every_days").set_value(7).run()
    assert not at.exception
    assert "Achievable" in shown(at)
    at.button(key="nav.next.target").click().run()
    # 5. goal
    assert not at.exception
    text = shown(at)
    assert "Increase Facebook followers" in text
    assert "by 24 December 2026" in text
    assert "measured in Page Insights and reviewed weekly" in text
    assert at.get("plotly_chart")


def test_an_unreadable_upload_says_what_to_do_and_keeps_every_answer():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state[Keys.TODAY] = TODAY
    at.session_state[Keys.DRAFT] = {"objective": "awareness", "channel": "facebook", "kpi": "followers",
                                    "business_goal": "Make our new pizza shop known"}
    at.run()
    at.switch_page("pages/baseline.py").run()
    before = at.session_state[Keys.DRAFT].model_dump()
    pdf = (EXPORTS / "not_an_export.pdf").read_bytes()  # a PDF report saved under a .csv name
    uploader = next(u for u in at.get("file_uploader") if u.key and u.key.startswith("ui.uploads"))
    uploader.set_value([("ads_report.csv", pdf, "text/csv")]).run()
    assert not at.exception
    message = " ".join(e.value for e in at.error).replace("\\", "")
    assert "ads_report.csv" in message and "PDF" in message
    assert at.session_state[Keys.DRAFT].model_dump() == before


def test_an_upload_shows_in_the_sidebar_at_once():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state[Keys.TODAY] = TODAY
    at.session_state[Keys.DRAFT] = {"objective": "leads_sales", "channel": "facebook", "kpi": "referral_sessions"}
    at.run()
    at.switch_page("pages/baseline.py").run()
    assert "2 of 5 steps done" in [p.proto.text for p in at.sidebar.get("progress")]
    export = ROOT / "data" / "demos" / "website_traffic" / "history.csv"
    uploader = next(u for u in at.get("file_uploader") if u.key and u.key.startswith("ui.uploads"))
    uploader.set_value([(export.name, export.read_bytes(), "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    baseline = at.session_state[Keys.DRAFT].baseline
    assert baseline is not None
    assert "3 of 5 steps done" in [p.proto.text for p in at.sidebar.get("progress")]
    summary = "\n".join(m.value for m in at.sidebar.markdown).replace("\\", "")
    assert "Baseline" in summary
