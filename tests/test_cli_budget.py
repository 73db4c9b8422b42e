"""``python -m smartkit budget``: the contract, in-process through smartkit.cli.main."""
from __future__ import annotations

import json

import pytest

from budget_series import synthetic_history
from smartkit.cli import main

FIXTURES = "tests/fixtures/exports"
CONTRACT = ("basis", "needed", "expected", "marginal_cost", "cost_per_result", "max_daily_spend_seen",
            "within_history", "currency", "warnings")
PERIOD = ["--start", "2026-01-01", "--deadline", "2026-01-30"]


@pytest.fixture
def export(tmp_path):
    history, _ = synthetic_history(2)
    path = tmp_path / "leads_with_spend.csv"
    history.to_csv(path, index_label="date", date_format="%Y-%m-%d")
    return str(path)


def _json(capsys, argv):
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_budget_json_for_a_target_carries_the_contract_on_a_curve(capsys, export):
    data = _json(capsys, ["budget", export, "--kpi", "leads", "--target", "4500", *PERIOD, "--json"])
    assert list(data)[: len(CONTRACT)] == list(CONTRACT)
    assert data["basis"] == "curve" and data["expected"] is None
    assert data["needed"]["lower"] <= data["needed"]["mean"] <= data["needed"]["upper"]
    assert data["marginal_cost"] > data["cost_per_result"] > 0 and data["within_history"] is True


def test_budget_json_for_a_planned_budget_gives_the_results_expected(capsys, export):
    data = _json(capsys, ["budget", export, "--kpi", "leads", "--budget", "2400", *PERIOD, "--json"])
    assert data["needed"] is None and data["expected"]["lower"] < data["expected"]["mean"] < data["expected"]["upper"]


def test_a_real_ads_manager_export_with_steady_spend_uses_the_cost_per_result_in_thai(capsys):
    data = _json(capsys, ["budget", f"{FIXTURES}/meta_ads_daily_campaign_90d.csv", "--kpi", "purchases",
                          "--target", "300", *PERIOD, "--json", "--lang", "th"])
    assert data["basis"] == "cost_per_result" and data["currency"] == "USD"
    assert any("ความเชื่อมั่นต่ำ" in line for line in data["warnings"])


def test_text_output_reads_in_the_users_language(capsys, export):
    assert main(["budget", export, "--kpi", "leads", "--target", "4500", *PERIOD, "--lang", "vi"]) == 0
    assert "Ngân sách cần" in capsys.readouterr().out


@pytest.mark.parametrize("argv, words", [
    (["--kpi", "leads", "--target", "0"], "above zero"),
    (["--kpi", "leads", "--target", "10"], "without any spend"),
    (["--kpi", "ctr", "--target", "10"], "not something a budget buys"),
    (["--kpi", "purchases", "--target", "10"], "no Purchases"),
])
def test_bad_questions_get_one_line_and_exit_2(capsys, export, argv, words):
    assert main(["budget", export, *argv, *PERIOD]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words.casefold() in err.casefold()


def test_exports_in_different_currencies_are_refused(capsys):
    argv = ["budget", f"{FIXTURES}/meta_ads_daily_campaign_90d.csv", f"{FIXTURES}/meta_ads_th.csv",
            "--kpi", "link_clicks", "--target", "300", *PERIOD]
    assert main(argv) == 2
    assert "different currencies" in capsys.readouterr().err


def test_an_export_without_spend_is_refused(capsys):
    assert main(["budget", f"{FIXTURES}/ga4_daily_users.csv", "--kpi", "users", "--target", "300", *PERIOD]) == 2
    assert "no ad spend" in capsys.readouterr().err
