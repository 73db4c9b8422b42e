"""``python -m smartkit baseline FILE --kpi ID [--window 28] [--json]``."""
from __future__ import annotations

import json
from pathlib import Path

from smartkit.cli import main

CLICKS = Path(__file__).parent / "fixtures" / "baseline" / "daily_clicks.csv"


def test_baseline_json_has_the_contract_keys(capsys):
    assert main(["baseline", str(CLICKS), "--kpi", "link_clicks", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kpi"] == "link_clicks" and data["kind"] == "count"
    assert data["window_end"] == "2026-11-22"  # the partial last day is left out...
    assert any("incomplete" in w for w in data["warnings"])  # ...with a warning
    assert data["daily_mean"] == data["value"] and data["latest"] is not None


def test_baseline_ratio_and_window(capsys):
    assert main(["baseline", str(CLICKS), "--kpi", "ctr", "--window", "7", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["window_days"] == 7 and 0.5 < data["value"] < 2.5


def test_baseline_for_a_kpi_not_in_the_file_is_one_line_exit_2(capsys):
    assert main(["baseline", str(CLICKS), "--kpi", "sessions"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and err.count("\n") == 1


def test_baseline_text_output(capsys):
    assert main(["baseline", str(CLICKS), "--kpi", "link_clicks"]) == 0
    assert "Link clicks" in capsys.readouterr().out
