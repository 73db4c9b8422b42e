"""Deadlines in words."""
from __future__ import annotations

import datetime as dt

import pytest

from smartkit.dates import DEADLINE_CHOICES, add_months, goal_period, matching_choice, parse_deadline
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
