"""Deadlines in the words marketers use: "in 3 months", "end of next quarter".

The wizard offers a few fixed choices (:data:`DEADLINE_CHOICES`); :func:`goal_period` turns a
choice into the goal's start and deadline, relative to ``today``. Pure functions, no clock:
``today`` is always passed in.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import get_args

from smartkit.errors import InvalidFieldError
from smartkit.i18n import Message
from smartkit.models import (FIRST_DAY, LAST_DAY, DeadlineChoice, FieldLabel, in_planning_window,
                             refuse_outside_planning_window)

DEADLINE_CHOICES: tuple[str, ...] = get_args(DeadlineChoice)
_IN_MONTHS = re.compile(r"^in[ _]+(\d{1,2})[ _]+months?$")
_IN_WEEKS = re.compile(r"^in[ _]+(\d{1,2})[ _]+weeks?$")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(day: dt.date) -> dt.date:
    """The last day of the quarter ``day`` is in."""
    return add_months(quarter_start(day), 3) - dt.timedelta(days=1)


def parse_deadline(text: str, today: dt.date) -> dt.date:
    """A deadline from a choice id or phrase: ``in_3_months`` / "in 3 months", "in 2 weeks",
    "end of this quarter", "end of next quarter", or an ISO date (2027-03-31).

    Raises :class:`InvalidFieldError` for anything else (and for ``custom``, which needs a date).
    """
    phrase = " ".join(text.strip().lower().replace("_", " ").split())
    if match := _IN_MONTHS.match(phrase):
        return add_months(today, int(match.group(1)))
    if match := _IN_WEEKS.match(phrase):
        return today + dt.timedelta(weeks=int(match.group(1)))
    if phrase in ("end of this quarter", "end of quarter"):
        return quarter_end(today)
    if phrase == "end of next quarter":
        return quarter_end(add_months(quarter_start(today), 3))
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidFieldError("error.goal.field.not_a_date", field="deadline", value=text.strip()[:40],
                                label=Message("error.goal.field.key", {"field": "deadline"})) from None
    refuse_outside_planning_window(day, "deadline")
    return day


_TYPED_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


def parse_date(text: str | None, field: str, today: dt.date | None = None) -> dt.date | None:
    """A date a user typed: year-month-day (2027-03-31, also with "/" or "." and Persian or
    Arabic-Indic digits); for the deadline also the phrases of :func:`parse_deadline` ("in 3
    months") when ``today`` is given. None when blank; :class:`InvalidFieldError` otherwise."""
    from smartkit.numbers import latin_digits

    typed = latin_digits(text or "").strip()
    label = FieldLabel("field_label", {"field": field, "in_file": False})
    if not typed:
        return None
    match = _TYPED_DATE.match(typed)
    if match:
        try:
            day = dt.date(*(int(part) for part in match.groups()))
        except ValueError:
            match = None
        else:
            if not in_planning_window(day):
                raise InvalidFieldError("error.goal.field.date_range", field=field, value=typed, label=label,
                                        first=FIRST_DAY, last=LAST_DAY)
            return day
    if today is not None and field == "deadline" and not _TYPED_DATE.match(typed):
        try:
            return parse_deadline(typed, today)
        except InvalidFieldError:
            pass
    raise InvalidFieldError("error.goal.field.not_a_date", field=field, value=typed[:40], label=label)


def goal_period(choice: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The (start, deadline) a deadline choice means: "end of next quarter" is a goal *for* next
    quarter (it starts on the quarter's first day); every other choice starts today. Its length
    is :func:`smartkit.models.period_days` (both ends counted), like every goal period."""
    deadline = parse_deadline(choice, today)
    if choice.replace(" ", "_") == "end_of_next_quarter":
        return add_months(quarter_start(today), 3), deadline
    return today, deadline


def matching_choice(start: dt.date | None, deadline: dt.date | None, today: dt.date) -> str:
    """The choice that gives this start and deadline today, else ``custom``."""
    if deadline is None:
        return "in_3_months"
    for choice in DEADLINE_CHOICES[:-1]:
        if goal_period(choice, today) == ((start or today), deadline):
            return choice
        if start is None and parse_deadline(choice, today) == deadline:
            return choice
    return "custom"
