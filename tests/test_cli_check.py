"""`python -m smartkit check|schema`: the contracts scripts rely on."""
import json
import subprocess

from worked_examples import FIXTURES, GOALS, TODAY
from in_process import smartkit

DEMOS = FIXTURES.parents[1] / "data" / "demos"
EXPORTS = FIXTURES / "exports"

LETTERS = {"specific", "measurable", "achievable", "relevant", "time_bound"}




def test_check_json_gives_verdicts_overall_and_statement():
    run = smartkit("check", str(GOALS / "pepperoni_palace.json"), "--json", "--today", TODAY.isoformat())
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert set(result["verdicts"]) == LETTERS
    for verdict in result["verdicts"].values():
        assert set(verdict) >= {"status", "reason", "fix"}
        assert verdict["status"] in ("pass", "warn", "fail")
    assert result["overall"] == "pass"
    assert result["statement"].startswith("Increase Facebook followers in our city by 20%")


def test_check_of_the_unrealistic_goal_fails_achievable():
    run = smartkit("check", str(GOALS / "ten_thousand_followers.json"), "--json", "--today", TODAY.isoformat())
    result = json.loads(run.stdout)
    assert result["verdicts"]["achievable"]["status"] == "fail"
    assert result["overall"] == "fail"


def test_check_prints_readable_verdicts_without_json():
    run = smartkit("check", str(GOALS / "increase_sales.json"), "--today", TODAY.isoformat())
    assert run.returncode == 0
    assert "Specific" in run.stdout and "→" in run.stdout


def _assert_one_clear_line(run: subprocess.CompletedProcess, *words: str) -> None:
    assert run.returncode == 2
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert "Traceback" not in run.stderr
    for word in words:
        assert word in lines[0]


def test_malformed_goal_file_is_one_clear_line_and_exit_2():
    _assert_one_clear_line(smartkit("check", str(GOALS / "malformed.json")), "malformed.json", "line 2")


def test_unknown_kpi_id_is_one_clear_line_and_exit_2():
    _assert_one_clear_line(smartkit("check", str(GOALS / "unknown_kpi.json")), "folowers")


def test_wrong_date_is_one_clear_line_and_exit_2():
    _assert_one_clear_line(smartkit("check", str(GOALS / "wrong_date.json")), "deadline", "YYYY-MM-DD")


def test_missing_goal_file_is_one_clear_line_and_exit_2(tmp_path):
    _assert_one_clear_line(smartkit("check", str(tmp_path / "nope.json")), "does not exist")


def test_schema_lists_the_goal_file_keys():
    run = smartkit("schema")
    schema = json.loads(run.stdout)
    keys = {"objective", "business_goal", "channel", "kpi", "scope", "baseline", "target",
            "target_change_pct", "start", "deadline", "budget", "currency", "plan", "tracking",
            "review_every_days"}
    assert keys <= set(schema["properties"])


def test_check_with_data_judges_achievable_on_the_history(tmp_path):
    run = smartkit("check", str(GOALS / "pepperoni_palace.json"), "--data",
                   str(DEMOS / "pepperoni_palace" / "history.csv"), "--json", "--today", TODAY.isoformat())
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    achievability = result["achievability"]
    assert set(achievability) >= {"verdict", "history_percentile", "probability", "suggested_targets"}
    assert set(achievability["suggested_targets"]) == {"conservative", "realistic", "stretch"}
    assert achievability["basis"] == "history"
    assert "comparable stretches in your history" in result["verdicts"]["achievable"]["reason"]
    targets = achievability["suggested_targets"]
    assert targets["conservative"]["value"] <= targets["realistic"]["value"] <= targets["stretch"]["value"]


def test_check_with_a_real_ads_manager_export_and_a_short_history_falls_back_to_typical_growth():
    run = smartkit("check", str(GOALS / "double_traffic.json"), "--data",
                   str(EXPORTS / "meta_ads_daily_campaign_90d.csv"), "--json", "--today", TODAY.isoformat())
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["achievability"]["verdict"] in ("ambitious", "unrealistic")
    assert result["verdicts"]["achievable"]["status"] in ("warn", "fail")


def test_check_with_an_unreadable_data_file_is_one_clear_line_and_exit_2():
    _assert_one_clear_line(smartkit("check", str(GOALS / "pepperoni_palace.json"), "--data",
                                    str(EXPORTS / "not_an_export.pdf")), "PDF")


def test_check_with_data_reports_the_pace_of_a_goal_under_way(tmp_path):
    goal_file = tmp_path / "under_way.json"
    under_way = json.loads((GOALS / "pepperoni_palace.json").read_text())
    under_way.update(start="2026-11-01", deadline="2026-11-30")
    goal_file.write_text(json.dumps(under_way))
    run = smartkit("check", str(goal_file), "--data", str(DEMOS / "pepperoni_palace" / "history.csv"),
                   "--json", "--today", "2026-11-21")
    assert run.returncode == 0, run.stderr
    pacing = json.loads(run.stdout)["pacing"]
    assert pacing["status"] in ("on_track", "at_risk", "off_track")
    assert pacing["elapsed_days"] == 20 and pacing["total_days"] == 30


# ----------------------------------------------------------------------------- issue 10


def pepperoni_with(tmp_path, **changes) -> str:
    data = json.loads((GOALS / "pepperoni_palace.json").read_text())
    data.update(changes)
    path = tmp_path / "goal.json"
    path.write_text(json.dumps(data))
    return str(path)


def test_check_of_pepperoni_palace_with_a_target_of_300_followers_is_not_ready_to_share(tmp_path):
    run = smartkit("check", pepperoni_with(tmp_path, target=300), "--json", "--today", TODAY.isoformat())
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["overall"] == "warn"
    assert result["verdicts"]["relevant"]["status"] == "warn"
    assert any(fix.startswith("For Brand awareness you probably mean to grow followers: target ")
               for fix in result["fix_first"])


def test_check_of_pepperoni_palace_with_a_target_of_minus_100_followers_is_refused_in_one_line(tmp_path):
    _assert_one_clear_line(smartkit("check", pepperoni_with(tmp_path, target=-100), "--lang", "vi"),
                           "(target)", "không thể nhỏ hơn 0")


def test_check_refuses_a_today_outside_the_planning_window_in_one_line():
    _assert_one_clear_line(smartkit("check", str(GOALS / "pepperoni_palace.json"), "--today", "9999-12-31"),
                           "--today", "31 December 2100")


def test_check_refuses_a_nan_target_without_saying_nan(tmp_path):
    path = tmp_path / "goal.json"
    path.write_text((GOALS / "pepperoni_palace.json").read_text().replace('"target": 480', '"target": NaN'))
    run = smartkit("check", str(path))
    _assert_one_clear_line(run, "(target)", "ordinary number")
    assert "NaN" not in run.stderr


def test_schema_declares_the_limits_the_check_applies():
    schema = json.loads(smartkit("schema").stdout)["properties"]
    assert schema["budget"]["minimum"] == 0
    assert schema["review_every_days"]["anyOf"][0]["maximum"] == 366


def _strict(constant: str) -> None:
    raise AssertionError(f"{constant} in the JSON")


def test_check_of_a_one_day_goal_far_above_the_measured_baseline_is_judged_in_strict_json(tmp_path):
    # a typed baseline of 0 leaves the target unchecked; the data's 400 followers make it ×2.5·10¹²
    # in one day, whose monthly rate used to overflow (exit 1)
    goal = json.loads((DEMOS / "pepperoni_palace" / "goal.json").read_text(encoding="utf-8"))
    goal.update(baseline=0, target=1e15, start="2100-12-31", deadline="2100-12-31")
    path = tmp_path / "goal.json"
    path.write_text(json.dumps(goal), encoding="utf-8")
    run = smartkit("check", str(path), "--data", str(DEMOS / "pepperoni_palace" / "history.csv"),
                   "--today", TODAY.isoformat(), "--json")
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout, parse_constant=_strict)
    assert result["verdicts"]["achievable"]["status"] == "fail"
    assert result["achievability"]["verdict"] == "unrealistic"
    assert not any(word in run.stdout.lower() for word in ("nan", "infinity", "inf%"))
