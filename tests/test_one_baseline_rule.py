"""One measured-baseline rule: ``check --data`` and the wizard get the same baseline and chance
for the same goal and file."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from smartkit.analysis.baseline import clean, measured_baseline, round_as_counted
from smartkit.catalogue import get_kpi
from smartkit.demos import DEMOS_DIR
from smartkit.goals.criteria import evaluate
from smartkit.models import GoalDraft
from in_process import smartkit

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 24)


def wizard(draft: GoalDraft, history: pd.DataFrame, today: dt.date):
    """What the wizard does (ui.flow.sync_baseline → ui.data.goal_baseline, then ui.data.report)."""
    kpi = get_kpi(draft.kpi)
    anchor = draft.baseline if kpi.kind == "stock" else None
    start = draft.start or today
    value = measured_baseline(clean(history, draft.kpi, anchor=anchor, today=today), start, draft.deadline)
    synced = draft.model_copy(update={"baseline": round_as_counted(kpi, value)})
    return synced, evaluate(synced, history=history, today=today).achievability


@pytest.mark.parametrize("demo", ["website_traffic", "product_x_sales", "engagement_rate"])
def test_check_data_and_the_wizard_give_the_same_baseline_and_chance(demo, tmp_path):
    goal = json.loads((DEMOS_DIR / demo / "goal.json").read_text(encoding="utf-8"))
    goal["baseline"] = round(goal["baseline"] * 0.9, 2)  # a stale figure in the file: the data decides
    goal.pop("target_change_pct", None)
    goal["target"] = round(goal["baseline"] * 1.3, 2)
    path = tmp_path / "goal.json"
    path.write_text(json.dumps(goal), encoding="utf-8")
    data = DEMOS_DIR / demo / "history.csv"
    out = smartkit("check", path, "--data", data, "--json", "--today", TODAY.isoformat(), cwd=ROOT)
    assert out.returncode == 0, out.stderr
    cli = json.loads(out.stdout)["achievability"]
    history = pd.read_csv(data, parse_dates=["date"], index_col="date")
    synced, judged = wizard(GoalDraft.model_validate(goal), history, TODAY)
    assert cli["baseline"] == synced.baseline == judged.baseline
    assert cli["chance"] == (None if judged.chance is None else round(judged.chance, 4))
    assert cli["chance"] is not None
    assert cli["required_change_pct"] == pytest.approx(judged.required_change_pct)
    end = cli["forecast_end"]
    assert set(end) == {"mean", "lower", "upper"} and end["lower"] <= end["mean"] <= end["upper"]


def test_check_data_gives_null_forecast_end_and_chance_when_no_forecast_is_made(tmp_path):
    export = ROOT / "tests" / "fixtures" / "exports" / "meta_ads_daily_14d_link_clicks_falling.csv"
    path = tmp_path / "goal.json"
    path.write_text(json.dumps({"kpi": "link_clicks", "channel": "facebook", "objective": "leads_sales",
                                "baseline": 9000, "target": 10000, "start": "2024-03-31",
                                "deadline": "2024-04-29"}), encoding="utf-8")
    out = smartkit("check", path, "--data", export, "--json", "--today", "2024-03-31", cwd=ROOT)
    assert out.returncode == 0, out.stderr
    judged = json.loads(out.stdout)["achievability"]
    assert judged["forecast_end"] is None and judged["chance"] is None
    assert any("No forecast yet" in note for note in judged["notes"])
