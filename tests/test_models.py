import datetime as dt

import pytest
from pydantic import ValidationError

from smartkit.errors import GoalFileError, InvalidFieldError, UnknownKPIError
from smartkit.models import GoalDraft, field_error, period_days


def test_a_draft_may_be_empty():
    assert GoalDraft().kpi is None


def test_target_as_percent_change_resolves_from_the_baseline():
    draft = GoalDraft(baseline=400, target_change_pct=20)
    assert draft.resolved_target == pytest.approx(480)
    assert draft.change_pct == pytest.approx(20)


def test_absolute_target_gives_the_change_in_percent():
    assert GoalDraft(baseline=400, target=480).change_pct == pytest.approx(20)


def test_the_goal_period_counts_the_start_and_the_deadline():
    assert GoalDraft(start=dt.date(2026, 12, 1), deadline=dt.date(2026, 12, 31)).period_days == 31
    assert period_days(dt.date(2026, 12, 1), dt.date(2026, 12, 1)) == 1


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


# --------------------------------------------------------------------------- impossible values (issue 10)


def refusal(data: dict, lang: str = "en") -> str:
    with pytest.raises(InvalidFieldError) as refused:
        GoalDraft.from_dict(data)
    return refused.value.message(lang)


def test_a_baseline_of_minus_5_is_refused_at_the_field():
    assert refusal({"kpi": "followers", "baseline": -5}) == (
        "“Current value of followers” (baseline) cannot be below 0 (you entered -5): enter 0 or more.")


def test_negative_money_and_targets_are_refused():
    assert "cannot be below 0" in refusal({"kpi": "cpc", "target": -0.5})
    assert "cannot be below 0" in refusal({"budget": -1})


def test_a_net_follower_change_may_be_below_zero():
    assert GoalDraft(kpi="net_followers", baseline=-12, target=5).baseline == -12


def test_a_rate_above_100_percent_is_refused():
    assert "is a percentage, so it stays between 0 and 100" in refusal({"kpi": "ctr", "target": 120})
    assert "is a percentage" in refusal({"kpi": "ctr", "baseline": 60, "target_change_pct": 100})


def test_a_percent_change_from_a_zero_baseline_is_refused():
    assert "a % change of a baseline of 0 is still 0" in refusal({"baseline": 0, "target_change_pct": 20})


def test_a_fall_of_more_than_everything_is_refused():
    assert "cannot be below −100%" in refusal({"kpi": "followers", "baseline": 400, "target_change_pct": -125})


@pytest.mark.parametrize("value", [float("nan"), float("inf"), "NaN", "1e999", "-Infinity"])
def test_a_number_that_is_not_finite_is_refused_without_saying_nan(value):
    for code in ("en", "vi", "th", "fa"):
        text = refusal({"target": value}, code)
        assert "nan" not in text.lower() and "inf" not in text.lower()
    assert refusal({"target": value}) == "“Target value of the KPI” (target) must be an ordinary number: " \
                                         "enter a figure such as 1250."


def test_absurdly_large_numbers_and_changes_are_refused():
    assert "is too large" in refusal({"target": 1e30})
    assert "is too large" in refusal({"baseline": int("9" * 400)})
    assert refusal({"baseline": 1, "target": 1e12}) == (
        "“Target value of the KPI” (target): 1,000,000,000,000 is more than 10,000 times larger or smaller than "
        "the baseline. Check the baseline and the target for a typing slip.")
    assert "10,000 times larger or smaller" in refusal({"kpi": "lost_followers", "baseline": 2.4e14, "target": 0.33})
    assert GoalDraft(kpi="negative_feedback", baseline=2.4e14, target=0).target == 0  # down to none is fine
    assert "too close to 0" in refusal({"baseline": 1e-300})


@pytest.mark.parametrize("field", ["start", "deadline"])
@pytest.mark.parametrize("day", ["1970-01-01", "0001-01-01", "9999-12-31", "2101-01-01"])
def test_dates_outside_the_planning_window_are_refused(field, day):
    assert refusal({field: day}).endswith("choose a date between 1 January 2000 and 31 December 2100.")


def test_a_huge_review_cadence_is_refused():
    assert refusal({"review_every_days": 10**9}) == (
        "“Review progress” (review_every_days) must be at most 366 (you entered 1,000,000,000).")


def test_a_wizard_field_gets_our_translated_message_never_pydantic_s_english():
    draft = GoalDraft()
    with pytest.raises(ValidationError) as refused:
        draft.budget = -5
    error = field_error(refused.value, in_file=False)
    assert error.message("en") == "“Budget for the period” cannot be below 0 (you entered -5): enter 0 or more."
    assert error.message("vi") == "“Ngân sách cho giai đoạn” không thể nhỏ hơn 0 (bạn đã nhập -5): hãy nhập 0 trở lên."
    assert "Input should" not in error.message("fa")
    assert draft.budget is None


def test_changing_a_baseline_to_zero_under_a_percent_target_is_refused():
    draft = GoalDraft(baseline=400, target_change_pct=20)
    with pytest.raises(ValidationError):
        draft.baseline = 0
    assert draft.baseline == 400


def test_a_file_nested_100000_brackets_deep_is_refused_as_a_goal_file():
    with pytest.raises(GoalFileError, match="nested too deeply"):
        GoalDraft.from_json_text('{"extras": ' + "[" * 100_000 + "]" * 100_000 + "}")


def test_a_baseline_of_5000_digits_is_refused_as_a_goal_file():
    with pytest.raises(GoalFileError, match="thousands of digits"):
        GoalDraft.from_json_text('{"baseline": ' + "9" * 5000 + "}")


def test_an_extras_key_that_is_not_an_object_is_still_kept():
    draft = GoalDraft.from_dict({"extras": [1, 2], "notes": "x"})
    assert draft.extras == {"extras": [1, 2], "notes": "x"}


def test_the_target_is_entered_as_a_percent_change_by_default_only_when_no_value_was_given():
    assert GoalDraft().default_target_mode == "number"
    assert GoalDraft(baseline=400, target_change_pct=20).default_target_mode == "percent"
    assert GoalDraft(baseline=400, target=480, target_change_pct=20).default_target_mode == "number"
    assert GoalDraft(baseline=400, target=480).default_target_mode == "number"


def test_a_chosen_target_mode_is_not_overridden_by_the_default():
    draft = GoalDraft(baseline=400, target_change_pct=20, target_mode="number")
    assert draft.target_mode == "number" and draft.default_target_mode == "percent"
