import datetime as dt

import pytest

from smartkit.errors import GoalFileError, InvalidFieldError, UnknownKPIError
from smartkit.models import GoalDraft


def test_a_draft_may_be_empty():
    assert GoalDraft().kpi is None


def test_target_as_percent_change_resolves_from_the_baseline():
    draft = GoalDraft(baseline=400, target_change_pct=20)
    assert draft.resolved_target == pytest.approx(480)
    assert draft.change_pct == pytest.approx(20)


def test_absolute_target_gives_the_change_in_percent():
    assert GoalDraft(baseline=400, target=480).change_pct == pytest.approx(20)


def test_horizon_is_days_from_start_to_deadline():
    assert GoalDraft(start=dt.date(2026, 12, 1), deadline=dt.date(2026, 12, 31)).horizon_days == 30


def test_unknown_keys_are_kept_so_nothing_saved_is_lost():
    draft = GoalDraft.from_dict({"kpi": "followers", "notes": "ask Anna about the budget"})
    assert '"notes": "ask Anna about the budget"' in draft.to_json()


def test_blank_text_fields_count_as_missing():
    assert GoalDraft(business_goal="   ").business_goal is None


def test_json_round_trip_keeps_every_field(tmp_path):
    draft = GoalDraft(kpi="ctr", baseline=1.2, target=1.5, deadline=dt.date(2027, 1, 31), currency="vnd",
                      lang="vi")
    path = tmp_path / "goal.json"
    path.write_text(draft.to_json(), encoding="utf-8")
    loaded = GoalDraft.load(path)
    assert loaded == draft
    assert loaded.currency == "VND"


def test_unknown_kpi_is_reported_by_name():
    with pytest.raises(UnknownKPIError, match="folowers"):
        GoalDraft.from_dict({"kpi": "folowers"})


def test_a_date_in_the_wrong_format_names_the_field():
    with pytest.raises(InvalidFieldError, match="deadline"):
        GoalDraft.from_dict({"deadline": "31/12/2026"})


def test_a_file_that_is_not_json_names_the_line():
    with pytest.raises(GoalFileError, match="line 2"):
        GoalDraft.from_json_text('{"kpi": "followers",\n "target": }')


def test_a_json_list_is_not_a_goal():
    with pytest.raises(GoalFileError):
        GoalDraft.from_json_text("[1, 2]")


def test_negative_budget_is_refused():
    with pytest.raises(InvalidFieldError, match="budget"):
        GoalDraft.from_dict({"budget": -5})
