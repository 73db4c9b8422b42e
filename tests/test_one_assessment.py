"""One goal, one assessment: every command, file and library row shows the same numbers, and the
suggested targets agree with the verdicts they are judged by (smartkit.goals.assessment)."""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from smartkit.analysis.achievability import AMBITIOUS_P, CARD_CHANCE, CHANCE_EPS, GROWTH_LIMITS, monthly_rate
from smartkit.analysis.tracking import TargetChange
from smartkit.cli import main
from smartkit.demos import DEMO_IDS, load_demo
from smartkit.goals.assessment import assess_goal
from smartkit.goals.criteria import evaluate
from smartkit.models import GoalDraft
from smartkit.reports import build_brief, export_files
from smartkit.storage import Library
from smartkit.storage.records import Review

TODAY = dt.date(2026, 12, 5)
def readable(path: Path) -> bool:
    try:
        return GoalDraft.load(path).kpi is not None
    except Exception:  # noqa: BLE001 - the fixtures of bad goal files are tested elsewhere
        return False


FIXTURE_GOALS = [p for p in sorted(Path(__file__).parent.joinpath("fixtures", "goals").glob("*.json")) if readable(p)]


def run(*argv: str) -> dict:
    """``python -m smartkit ...`` in process; its JSON output."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main([str(a) for a in argv])
    assert code == 0, argv
    return json.loads(out.getvalue()) if out.getvalue().strip() else {}


@pytest.fixture
def library_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'library.sqlite3'}"
    monkeypatch.setenv("SMARTKIT_DATABASE_URL", url)
    return url


def demo_files(demo_id: str, tmp_path: Path) -> tuple[Path, Path]:
    """A demo as a user would have it: a goal file and its history as an export."""
    demo = load_demo(demo_id, TODAY)
    goal = tmp_path / f"{demo_id}.json"
    goal.write_text(demo.draft.to_json(), encoding="utf-8")
    export = tmp_path / f"{demo_id}.csv"
    demo.history.to_csv(export, date_format="%Y-%m-%d")
    return goal, export


# ----------------------------------------------------------------------------- every surface, one object


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_the_four_commands_print_one_assessment_for_each_demo(demo_id, tmp_path, library_url):
    goal, export = demo_files(demo_id, tmp_path)
    today = TODAY.isoformat()
    checked = run("check", goal, "--data", export, "--json", "--today", today)["assessment"]
    gid = run("goals", "import", goal, "--json")["id"]
    tracked = run("goals", "track", gid, export, "--json", "--today", today)["assessment"]
    shown = run("goals", "show", gid, "--json", "--today", today)["assessment"]
    run("report", goal, "--data", export, "--format", "json", "--out", tmp_path / "goal.json", "--today", today)
    reported = json.loads((tmp_path / "goal.json").read_text(encoding="utf-8"))["assessment"]
    assert checked == tracked == shown == reported
    assert checked["baseline"] is not None and checked["chance"] is not None
    assert set(checked["suggested_targets"]) == {"conservative", "realistic", "stretch"}
    assert set(checked["pacing"]) >= {"status", "actual_to_date", "expected_to_date", "projected_end"}


@pytest.mark.parametrize("path", FIXTURE_GOALS, ids=lambda p: p.stem)
def test_every_fixture_goal_gets_one_assessment_from_check_show_and_report(path, tmp_path, library_url):
    draft = GoalDraft.load(path)
    today = TODAY.isoformat()
    checked = run("check", path, "--json", "--today", today)["assessment"]
    gid = run("goals", "import", path, "--json")["id"]
    shown = run("goals", "show", gid, "--json", "--today", today)["assessment"]
    run("report", path, "--format", "json", "--out", tmp_path / "goal.json", "--today", today)
    reported = json.loads((tmp_path / "goal.json").read_text(encoding="utf-8"))["assessment"]
    assert checked == shown == reported
    assert checked == assess_goal(draft, None, TODAY).as_json(draft.lang)


def test_the_assessment_in_a_goal_file_is_read_only_and_the_file_imports_back(tmp_path):
    goal, export = demo_files("product_x_sales", tmp_path)
    run("report", goal, "--data", export, "--format", "json", "--out", tmp_path / "out.json", "--today", "2026-12-05")
    written = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert "assessment" in written
    again = GoalDraft.load(tmp_path / "out.json")
    assert not set(again.extras) & {"assessment", "verdicts", "achievability", "statement"}
    assert again.kpi == "purchase_value"


def product_x_under_way(lib: Library) -> str:
    """Product X a month into its quarter, its target raised by 20 % at a review a week ago."""
    demo = load_demo("product_x_sales", TODAY)
    start = TODAY - dt.timedelta(days=35)
    goal = demo.draft.model_copy(update={"start": start, "deadline": start + dt.timedelta(days=90)})
    gid = lib.create(goal, status="active").id
    lib.attach_history(gid, demo.history, "history.csv", [])
    raised = lib.assessment(gid, TODAY).target * 1.2
    lib.add_review(gid, Review(TODAY - dt.timedelta(days=7), "Ads did better", "adjust_target", raised, None))
    return gid


def test_product_x_with_a_raised_target_is_paced_alike_on_the_goal_page_the_brief_and_the_track_page(library_url):
    lib = Library(library_url, today=lambda: TODAY)
    gid = product_x_under_way(lib)
    assessment = lib.assessment(gid, TODAY)
    assert assessment.tracking is not None and assessment.pacing_status is not None
    stored = lib.get(gid)
    brief = build_brief(stored.goal, lib.history(gid), "en", TODAY, assessment=assessment)
    row = next(r for r in lib.list() if r.id == gid)
    assert row.pacing == assessment.pacing_status  # the library's badge
    assert brief.pacing_status == {"on_track": "pass", "at_risk": "warn", "off_track": "fail"}[assessment.pacing_status]
    shown = run("goals", "show", gid, "--json", "--today", TODAY.isoformat())
    assert shown["assessment"]["pacing"]["status"] == assessment.pacing_status
    assert shown["pacing"]["progress_ratio"] == pytest.approx(assessment.tracking.pacing.progress_ratio)
    # the path in force: before the review the original target, after it the raised one
    own = assess_goal(stored.goal, lib.history(gid), TODAY, changes=lib.target_history(gid))
    assert own.tracking.figures() == assessment.tracking.figures()


def test_the_brief_the_track_page_and_the_library_give_one_next_review(library_url):
    lib = Library(library_url, today=lambda: TODAY)
    gid = product_x_under_way(lib)
    assessment = lib.assessment(gid, TODAY)
    review_day = TODAY - dt.timedelta(days=7)
    assert assessment.next_review == review_day + dt.timedelta(days=assessment.goal.review_every_days)
    brief = build_brief(lib.get(gid).goal, lib.history(gid), "en", TODAY, assessment=assessment)
    from smartkit.i18n import fmt

    assert fmt(assessment.next_review, "en") in [fact.value for fact in brief.review]
    row = next(r for r in lib.list() if r.id == gid)
    assert row.next_review == assessment.next_review


def test_the_brief_made_without_an_assessment_makes_the_same_one(tmp_path):
    demo = load_demo("pepperoni_palace", TODAY)
    (content,) = export_files(demo.draft, demo.history, "json", today=TODAY).values()
    assert json.loads(content)["assessment"] == assess_goal(demo.draft, demo.history, TODAY).as_json("en")


# ----------------------------------------------------------------------------- suggestions that pass their own checks


def used(draft: GoalDraft, value: float) -> GoalDraft:
    return draft.model_copy(update={"target": value, "target_change_pct": None, "target_mode": "number"})


@pytest.mark.parametrize("demo_id", DEMO_IDS)
def test_every_suggested_target_keeps_its_chance_and_passes_achievable_when_used(demo_id):
    demo = load_demo(demo_id, TODAY)
    assessment = assess_goal(demo.draft, demo.history, TODAY)
    allowed = {"conservative": {"realistic"}, "realistic": {"realistic"}, "stretch": {"realistic", "ambitious"}}
    for name, card in assessment.suggested_targets:
        assert card.probability >= CARD_CHANCE[name] - 1e-9, name
        judged = assess_goal(used(assessment.goal, card.value), demo.history, TODAY)
        assert judged.verdict in allowed[name], (name, judged.verdict)
        assert judged.chance == pytest.approx(card.probability), name  # the card's chance is the goal's


def test_no_suggested_target_is_failed_by_the_budget_check_it_was_made_for():
    demo = load_demo("product_x_sales", TODAY)
    draft = demo.draft.model_copy(update={"budget_change_pct": 10.0})
    assessment = assess_goal(draft, demo.history, TODAY)
    for name, card in assessment.suggested_targets:
        judged = assess_goal(used(assessment.goal, card.value), demo.history, TODAY)
        assert judged.verdict != "unrealistic", name
        budget = judged.achievability.budget
        if name != "stretch":
            assert budget is None or not budget.flagged, name


def test_cards_without_history_stay_within_typical_growth_for_a_start_months_back():
    start = TODAY - dt.timedelta(days=240)
    draft = GoalDraft(kpi="followers", baseline=1000, target=1100, start=start, deadline=TODAY + dt.timedelta(days=30),
                      budget_change_pct=10.0, budget=200, channel="facebook")
    assessment = assess_goal(draft, None, TODAY)
    days = draft.period_days
    realistic, ambitious = GROWTH_LIMITS[("stock", True)]
    cards = assessment.suggested_targets
    assert monthly_rate(1 + cards.realistic.change_pct / 100, days) <= realistic + 1e-6
    assert monthly_rate(1 + cards.stretch.change_pct / 100, days) <= ambitious + 1e-6
    for name, card in cards:
        assert assess_goal(used(draft, card.value), None, TODAY).verdict != "unrealistic", name


def test_use_sets_exactly_the_cards_value_not_a_rounded_percent():
    demo = load_demo("product_x_sales", TODAY)
    assessment = assess_goal(demo.draft, demo.history, TODAY)
    card = assessment.suggested_targets.realistic
    goal = used(assessment.goal, card.value)
    assert goal.resolved_target == card.value
    assert card.value == round(card.value, -2)  # a round figure a client can repeat


def test_a_two_percent_chance_is_unrealistic_even_when_typical_growth_would_allow_it():
    demo = load_demo("pepperoni_palace", TODAY)
    far = demo.draft.model_copy(update={"target": 700.0})
    judged = assess_goal(far, demo.history, TODAY)
    assert judged.achievability.basis == "history"
    assert judged.chance < AMBITIOUS_P
    assert judged.verdict == "unrealistic" and judged.report.verdicts["achievable"].status == "fail"
    assert "typical" not in judged.achievability.reason.render("en")


def test_the_forecast_part_is_shown_clipped_like_the_chance():
    demo = load_demo("ten_thousand_followers", TODAY)
    judged = assess_goal(demo.draft, demo.history, TODAY).achievability
    assert CHANCE_EPS <= judged.probability <= 1 - CHANCE_EPS
    assert "the forecast gives it a 2% chance" in judged.reason.render("en")


def falling(days: int = 400) -> pd.DataFrame:
    index = pd.date_range(end=pd.Timestamp(TODAY - dt.timedelta(days=1)), periods=days, freq="D", name="date")
    import numpy as np

    rng = np.random.default_rng(7)
    level = 200 * 0.97 ** (np.arange(days) / 30)  # −3 % a month, steadily
    return pd.DataFrame({"link_clicks": rng.poisson(level).astype(float)}, index=index)


def test_a_falling_kpi_gets_cards_that_slow_the_fall_and_relevant_does_not_call_them_backwards():
    history = falling()
    draft = GoalDraft(kpi="link_clicks", objective="leads_sales", business_goal="More visits to the shop",
                      channel="facebook", baseline_origin="history", start=TODAY,
                      deadline=TODAY + dt.timedelta(days=89), target_change_pct=1.0)
    assessment = assess_goal(draft, history, TODAY)
    conservative = assessment.suggested_targets.conservative
    assert conservative.slows_fall and conservative.change_pct < 0
    slowed = assess_goal(used(assessment.goal, conservative.value), history, TODAY)
    relevant = slowed.report.verdicts["relevant"]
    assert relevant.reason.key.split(".")[1] != "backwards", relevant.reason.key
    assert slowed.verdict == "realistic"
    much_lower = assess_goal(used(assessment.goal, conservative.value * 0.5), history, TODAY)
    assert much_lower.report.verdicts["relevant"].reason.key.startswith("goals.backwards")


# ----------------------------------------------------------------------------- data attached: one baseline


def test_a_percent_goal_checked_with_data_measures_its_baseline_for_measurable_and_pacing(tmp_path, library_url):
    demo = load_demo("website_traffic", TODAY)
    start = TODAY - dt.timedelta(days=40)
    data = demo.draft.model_dump(mode="json", exclude_none=True)
    for key in ("baseline", "baseline_origin", "baseline_source", "target"):
        data.pop(key, None)
    data.update(target_change_pct=25, start=start.isoformat(), deadline=(start + dt.timedelta(days=180)).isoformat())
    goal = tmp_path / "percent.json"
    goal.write_text(json.dumps(data), encoding="utf-8")
    export = tmp_path / "history.csv"
    demo.history.to_csv(export, date_format="%Y-%m-%d")
    checked = run("check", goal, "--data", export, "--json", "--today", TODAY.isoformat())
    assert checked["assessment"]["baseline"] == checked["achievability"]["baseline"]
    assert checked["assessment"]["baseline_measured"] is True
    assert checked["verdicts"]["measurable"]["reason"].find("no baseline") < 0
    assert "measured on your data" in checked["statement"]
    gid = run("goals", "import", goal, "--json")["id"]
    tracked = run("goals", "track", gid, export, "--json", "--today", TODAY.isoformat())
    assert tracked["pacing"]["status"] is not None and tracked["pacing"]["actual_to_date"] is not None


def test_a_failed_forecast_fit_is_reported_and_never_replaced_by_a_mean(monkeypatch):
    def fails(*args, **kwargs):
        raise RuntimeError("the optimiser gave up")

    monkeypatch.setattr("statsmodels.tsa.exponential_smoothing.ets.ETSModel.fit", fails)
    history = falling(200) * 1.0
    history["link_clicks"] += pd.Series(range(200), index=history.index) % 7  # a series no cache has seen
    draft = GoalDraft(kpi="link_clicks", baseline_origin="history", start=TODAY, deadline=TODAY + dt.timedelta(days=29),
                      target_change_pct=5.0)
    assessment = assess_goal(draft, history, TODAY)
    assert assessment.forecast is None
    assert any(n.key == "error.history.forecast_failed" for n in assessment.achievability.notes)
    share = assessment.achievability.achieved_share
    assert assessment.chance == pytest.approx(min(max(share, CHANCE_EPS), 1 - CHANCE_EPS))  # history alone


def test_evaluate_takes_the_assessments_own_achievable_and_judges_nothing_again(monkeypatch):
    demo = load_demo("pepperoni_palace", TODAY)
    assessment = assess_goal(demo.draft, demo.history, TODAY)
    monkeypatch.setattr("smartkit.analysis.achievability.assess", lambda *a, **k: pytest.fail("judged twice"))
    report = evaluate(assessment.goal, demo.history, TODAY, achievability=assessment.achievability)
    assert report.verdicts["achievable"] == assessment.report.verdicts["achievable"]


def test_target_changes_in_force_are_part_of_the_assessment():
    demo = load_demo("product_x_sales", TODAY)
    start = TODAY - dt.timedelta(days=35)
    goal = demo.draft.model_copy(update={"start": start, "deadline": start + dt.timedelta(days=90)})
    plain = assess_goal(goal, demo.history, TODAY)
    raised = assess_goal(goal, demo.history, TODAY,
                         changes=[TargetChange(TODAY - dt.timedelta(days=7), plain.target * 1.2, None, "review")])
    assert raised.tracking.pacing.expected_to_date > plain.tracking.pacing.expected_to_date


def test_a_goal_id_never_begins_with_a_dash(monkeypatch):
    from smartkit.storage import library

    tokens = iter(["-oPceStartsWithADash", "-again", "fine_id"])
    monkeypatch.setattr(library.secrets, "token_urlsafe", lambda n: next(tokens))
    assert library.new_id() == "fine_id"


def test_a_closed_pipe_ends_the_command_quietly():
    import subprocess
    import sys

    export = Path(__file__).parent / "fixtures" / "exports" / "meta_ads_currency_mixed.csv"
    child = subprocess.Popen([sys.executable, "-m", "smartkit", "import", str(export), "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    child.stdout.close()  # the reader is gone before the first line is written (``| head -0``)
    _, stderr = child.communicate(timeout=120)
    assert child.returncode == 0 and stderr == b""


def test_tracking_an_all_time_export_says_it_has_no_dates_and_exits_2(tmp_path, library_url, capsys):
    gid = run("goals", "import", Path(__file__).parent / "fixtures" / "goals" / "pepperoni_palace.json", "--json")["id"]
    all_time = Path(__file__).parent / "fixtures" / "exports" / "google_ads_all_time.csv"
    assert main(["goals", "track", gid, str(all_time)]) == 2
    said = capsys.readouterr().err.strip()
    assert said.count("\n") == 0 and "no dates" in said and "Segment → Time → Day" in said
