"""`python -m smartkit goals import|list|show|export|track`: the goal library from scripts."""
from __future__ import annotations

import json
import os
import subprocess

import numpy as np
import pandas as pd
import pytest

from worked_examples import GOALS
from in_process import smartkit

LETTERS = {"specific", "measurable", "achievable", "relevant", "time_bound"}
TODAY = "2026-02-15"


@pytest.fixture
def goals(tmp_path):
    """Runs ``python -m smartkit goals ...`` on a library of its own."""
    env = {**os.environ, "SMARTKIT_DATABASE_URL": f"sqlite:///{tmp_path / 'library.sqlite3'}"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return smartkit("goals", *args, env=env)
    return run


def goal_file(tmp_path, **changes) -> str:
    data = {"name": "Traffic Q1", "objective": "leads_sales", "business_goal": "More visits from Facebook",
            "channel": "website", "kpi": "referral_sessions", "baseline": 900, "target": 1200,
            "start": "2026-01-01", "deadline": "2026-03-31", "tracking": "utm", "review_every_days": 14, **changes}
    path = tmp_path / f"goal_{len(list(tmp_path.iterdir()))}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def export(tmp_path, name: str, start: str, end: str, per_day: float) -> str:
    days = pd.date_range(start, end)
    path = tmp_path / name
    pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "referral_sessions": np.full(len(days), per_day)}).to_csv(
        path, index=False)
    return str(path)


def imported(goals, path: str, *more: str) -> str:
    run = goals("import", path, "--json", *more)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)["id"]


def test_import_prints_the_new_goals_id(goals, tmp_path):
    run = goals("import", goal_file(tmp_path))
    assert run.returncode == 0 and len(run.stdout.strip()) >= 22
    assert set(json.loads(goals("import", goal_file(tmp_path), "--json").stdout)) == {"id"}


def test_list_json_has_the_contract_keys_and_filters(goals, tmp_path):
    acme = imported(goals, goal_file(tmp_path), "--workspace", "Acme")
    imported(goals, goal_file(tmp_path, name="Beta goal"), "--workspace", "Beta")
    rows = json.loads(goals("list", "--workspace", "Acme", "--json").stdout)
    assert [r["id"] for r in rows] == [acme]
    assert {"id", "name", "workspace", "status", "kpi", "target", "deadline", "pacing"} <= set(rows[0])
    assert (rows[0]["name"], rows[0]["kpi"], rows[0]["target"], rows[0]["deadline"], rows[0]["pacing"]) == (
        "Traffic Q1", "referral_sessions", 1200, "2026-03-31", None)
    assert json.loads(goals("list", "--status", "active", "--json").stdout) == []
    assert len(json.loads(goals("list", "--json").stdout)) == 2
    text = goals("list").stdout
    assert acme in text and "Beta goal" in text


def test_show_json_gives_the_goal_its_smart_check_and_its_tree(goals, tmp_path):
    goal_id = imported(goals, goal_file(tmp_path))
    run = goals("show", goal_id, "--json", "--today", TODAY)
    assert run.returncode == 0, run.stderr
    shown = json.loads(run.stdout)
    assert shown["goal"]["kpi"] == "referral_sessions" and shown["goal"]["target"] == 1200
    assert set(shown["verdicts"]) == LETTERS and shown["overall"] in ("pass", "warn", "fail")
    assert (shown["pacing"], shown["parent"], shown["children"]) == (None, None, [])


def test_show_lists_a_sub_goal_created_in_the_library(goals, tmp_path):
    parent = imported(goals, goal_file(tmp_path))
    from smartkit.models import GoalDraft
    from smartkit.storage import Library

    library = Library(f"sqlite:///{tmp_path / 'library.sqlite3'}")
    child = library.create(GoalDraft(kpi="ctr", name="Ad CTR"), parent_id=parent).id
    library.close()
    assert json.loads(goals("show", parent, "--json").stdout)["children"] == [child]
    assert json.loads(goals("show", child, "--json").stdout)["parent"] == parent


def test_export_import_export_gives_the_same_goal_file(goals, tmp_path):
    first_id = imported(goals, str(GOALS / "pepperoni_palace.json"))
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert goals("export", first_id, "--out", first).returncode == 0
    second_id = imported(goals, str(first))
    assert goals("export", second_id, "--out", second).returncode == 0
    assert second_id != first_id
    assert json.loads(first.read_text()) == json.loads(second.read_text())
    assert first.read_text() == second.read_text()
    check = smartkit("check", first, "--json")
    assert check.returncode == 0 and json.loads(check.stdout)["overall"] == "pass"


def test_track_attaches_newer_exports_and_prints_pacing_in_the_kpis_unit(goals, tmp_path):
    goal_id = imported(goals, goal_file(tmp_path))
    older = export(tmp_path, "january.csv", "2025-12-01", "2026-01-31", 10)
    newer = export(tmp_path, "february.csv", "2026-01-25", "2026-02-14", 20)
    run = goals("track", goal_id, older, newer, "--json", "--today", TODAY)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    pacing = result["pacing"]
    assert pacing["status"] in ("on_track", "at_risk", "off_track")
    assert pacing["actual_to_date"] == 31 * 10 - 7 * 10 + 21 * 20  # the newer file wins on 25-31 January
    assert pacing["expected_to_date"] > 0 and pacing["projected_end"] > pacing["actual_to_date"]
    assert any("7 days" in w for w in result["warnings"])
    listed = json.loads(goals("list", "--json", "--today", TODAY).stdout)[0]
    assert listed["pacing"] == pacing["status"]
    assert json.loads(goals("show", goal_id, "--json").stdout)["pacing"]["status"] == pacing["status"]
    assert "so far" in goals("track", goal_id, newer, "--today", TODAY).stdout


def test_track_before_the_data_reaches_the_start_prints_null_pacing(goals, tmp_path):
    goal_id = imported(goals, goal_file(tmp_path))
    run = goals("track", goal_id, export(tmp_path, "old.csv", "2025-10-01", "2025-12-31", 10), "--json",
                "--today", "2025-12-20")
    pacing = json.loads(run.stdout)["pacing"]
    assert pacing == {"status": None, "actual_to_date": None, "expected_to_date": None, "projected_end": None}


@pytest.mark.parametrize("args", [("show", "no-such-goal"), ("export", "no-such-goal", "--out", "x.json"),
                                  ("track", "no-such-goal", "x.csv")])
def test_a_bad_id_is_one_line_on_stderr_and_exit_2(goals, args):
    run = goals(*args)
    assert run.returncode == 2 and run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1 and "no-such-goal" in run.stderr
    assert "Traceback" not in run.stderr


def test_bad_files_are_one_line_on_stderr_and_exit_2(goals, tmp_path):
    not_json = tmp_path / "goal.json"
    not_json.write_text("{nope", encoding="utf-8")
    goal_id = imported(goals, goal_file(tmp_path))
    for args in (("import", not_json), ("import", tmp_path / "missing.json"),
                 ("track", goal_id, tmp_path / "missing.csv"), ("export", goal_id, "--out", tmp_path / "no" / "x.json")):
        run = goals(*args)
        assert run.returncode == 2, args
        assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr
    assert goals("track", goal_id, not_json).returncode == 2
    assert json.loads(goals("show", goal_id, "--json").stdout)["pacing"] is None  # nothing half-attached
