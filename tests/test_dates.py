"""Deadlines in words."""
from __future__ import annotations

import datetime as dt

import pytest

from smartkit.dates import DEADLINE_CHOICES, add_months, goal_period, matching_choice, parse_deadline
from smartkit.models import period_days
from smartkit.errors import InvalidFieldError

TODAY = dt.date(2026, 11, 24)


@pytest.mark.parametrize("text, expected", [
    ("in 1 month", dt.date(2026, 12, 24)),
    ("in_3_months", dt.date(2027, 2, 24)),
    ("In 6 months", dt.date(2027, 5, 24)),
    ("in 2 weeks", dt.date(2026, 12, 8)),
    ("end of this quarter", dt.date(2026, 12, 31)),
    ("end_of_next_quarter", dt.date(2027, 3, 31)),
    ("2027-06-30", dt.date(2027, 6, 30)),
])
def test_deadline_phrases(text, expected):
    assert parse_deadline(text, TODAY) == expected


def test_a_month_from_the_31st_ends_on_the_last_day_of_a_short_month():
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)


def test_next_quarter_is_a_goal_for_the_whole_next_quarter():
    assert goal_period("end_of_next_quarter", TODAY) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31))
    assert goal_period("in_3_months", TODAY) == (TODAY, dt.date(2027, 2, 24))


def test_unknown_phrases_are_refused_with_a_message():
    with pytest.raises(InvalidFieldError):
        parse_deadline("soonish", TODAY)
    with pytest.raises(InvalidFieldError):
        parse_deadline("custom", TODAY)


def test_the_choice_is_recovered_from_dates():
    for choice in DEADLINE_CHOICES[:-1]:
        start, deadline = goal_period(choice, TODAY)
        assert goal_period(matching_choice(start, deadline, TODAY), TODAY) == (start, deadline)
    assert matching_choice(TODAY, dt.date(2027, 1, 9), TODAY) == "custom"


def test_a_deadline_that_is_not_a_date_is_refused_with_the_way_to_write_it():
    with pytest.raises(InvalidFieldError) as refused:
        parse_deadline("soonish", TODAY)
    assert refused.value.message("en") == "“deadline” is not a date (“soonish”): write it as YYYY-MM-DD, e.g. 2027-03-31."


def test_a_deadline_outside_the_planning_window_is_refused():
    with pytest.raises(InvalidFieldError, match="choose a date between 1 January 2000 and 31 December 2100"):
        parse_deadline("9999-12-31", TODAY)


def test_the_period_of_every_choice_counts_both_ends():
    start, deadline = goal_period("end_of_next_quarter", TODAY)
    assert period_days(start, deadline) == 90  # 1 January – 31 March 2027
