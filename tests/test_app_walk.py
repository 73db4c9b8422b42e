"""AppTest: the whole walk, from an objective to the statement, with an uploaded export."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui.state import Keys

TODAY = dt.date(2026, 11, 24)
ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "tests" / "fixtures" / "exports"


def export_file() -> tuple[str, bytes]:
    """A real-shaped export: one from the importer's fixtures when there is one with page
    followers, else the demo's tidy CSV."""
    for path in sorted(EXPORTS.glob("*")) if EXPORTS.exists() else []:
        if path.suffix == ".csv" and "follow" in path.read_text(errors="ignore").lower()[:2000]:
            return path.name, path.read_bytes()
    path = ROOT / "data" / "demos" / "pepperoni_palace" / "history.csv"
    return path.name, path.read_bytes()


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
    name, data = export_file()
    uploader = next(u for u in at.get("file_uploader") if u.key and u.key.startswith("ui.uploads"))
    uploader.set_value([(name, data, "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state[Keys.HISTORY] is not None
    assert at.session_state[Keys.DRAFT].baseline is not None
    assert at.get("plotly_chart")
    at.button(key="nav.next.baseline").click().run()
    # 4. target
    at.selectbox(key="w.deadline_choice").set_value("in_1_month").run()
    at.number_input(key="w.target").set_value(480.0).run()
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
