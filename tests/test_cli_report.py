"""``python -m smartkit report``: every form from a goal file, a stored goal, and bad input on one line."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from smartkit.cli import main
from smartkit.reports import read_goal_file
from in_process import smartkit

ROOT = Path(__file__).resolve().parent.parent
GOAL = ROOT / "tests" / "fixtures" / "goals" / "pepperoni_palace.json"
HISTORY = ROOT / "data" / "demos" / "pepperoni_palace" / "history.csv"
TODAY = "2026-11-26"


def report(*args: str) -> int:
    return main(["report", *args, "--today", TODAY])


@pytest.mark.parametrize("form, magic", [("pdf", b"%PDF"), ("png", b"\x89PNG"), ("csv", b"\xef\xbb\xbfdate"),
                                         ("json", b"{")])
def test_every_form_is_written_where_asked(form, magic, tmp_path):
    out = tmp_path / f"brief.{form}"
    assert report(str(GOAL), "--data", str(HISTORY), "--format", form, "--out", str(out)) == 0
    assert out.read_bytes().startswith(magic)


def test_the_markdown_brief_comes_with_its_chart_next_to_it(tmp_path):
    out = tmp_path / "brief.md"
    assert report(str(GOAL), "--data", str(HISTORY), "--format", "md", "--out", str(out), "--lang", "th") == 0
    chart = tmp_path / "pepperoni-palace-local-followers-chart-2026-11-26.png"
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert f"](<{chart.name}>)" in out.read_text(encoding="utf-8")


def test_a_goal_file_saved_with_history_makes_the_brief_without_data(tmp_path):
    saved = tmp_path / "goal.json"
    assert report(str(GOAL), "--data", str(HISTORY), "--format", "json", "--out", str(saved)) == 0
    assert read_goal_file(saved.read_text(encoding="utf-8")).history is not None
    again = tmp_path / "again.json"
    assert report(str(saved), "--format", "json", "--out", str(again)) == 0
    assert again.read_text(encoding="utf-8") == saved.read_text(encoding="utf-8")


def test_a_stored_goal_is_reported_by_its_id(tmp_path):
    import pandas as pd

    from smartkit.models import GoalDraft
    from smartkit.storage import Library

    library = Library()
    stored = library.create(GoalDraft.load(GOAL), workspace="Pepperoni Palace")
    history = pd.read_csv(HISTORY, parse_dates=["date"], index_col="date")
    library.attach_history(stored.id, history, "history.csv")
    out = tmp_path / "stored.json"
    assert report("--goal", stored.id, "--format", "json", "--out", str(out)) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["name"] == "Pepperoni Palace: local followers" and "history" in data


def run(*args: str) -> subprocess.CompletedProcess:
    return smartkit("report", *args, cwd=ROOT)


@pytest.mark.parametrize("args, says", [
    (["missing.json", "--format", "pdf", "--out", "x.pdf"], "missing.json"),
    ([str(GOAL), "--format", "docx", "--out", "x.docx"], "docx"),
    ([str(GOAL), "--format", "pdf", "--out", "x.pdf", "--paper", "a3"], "a3"),
    (["--format", "pdf", "--out", "x.pdf"], "--goal"),
    ([str(GOAL), "--format", "pdf", "--out", "/nonexistent/folder/x.pdf"], "/nonexistent/folder/x.pdf"),
    ([str(ROOT / "tests" / "fixtures" / "goals" / "malformed.json"), "--format", "pdf", "--out", "x.pdf"], "malformed.json"),
    (["--goal", "no-such-goal", "--format", "pdf", "--out", "x.pdf"], "no-such-goal"),
])
def test_bad_input_is_one_line_on_stderr_and_exit_2(args, says, tmp_path):
    result = run(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and says in lines[0]
    assert "Traceback" not in result.stderr
