"""Every achievability and time-bound message, rendered for short and long goals in the four
languages: right arithmetic, plurals and units, never NaN, Infinity or a stray placeholder."""
from __future__ import annotations

import datetime as dt
import re

import pytest

import series as S
from smartkit.analysis.achievability import assess
from smartkit.goals.criteria import evaluate
from smartkit.i18n import Message
from smartkit.models import GoalDraft

TODAY = dt.date(2026, 11, 24)
LANGS = ("en", "vi", "th", "fa")
PERIODS = (1, 2, 7, 14, 30, 91, 182, 365)
BAD = re.compile(r"nan|inf|\{|\}|\b1 days\b|\b1 weeks\b|\b1 months\b", re.IGNORECASE)
HISTORIES = {"none": None, "two_weeks": S.three_years().iloc[-14:], "three_years": S.three_years()}
GOALS = (("sessions", 25.0), ("sessions", -57.0), ("ctr", 10.0), ("net_followers", 30.0), ("cpc", -20.0))


def texts(result) -> list[str]:
    parts: list[Message] = [result.reason, *result.notes, *result.warnings]
    if result.budget is not None:
        parts += result.budget.reasons
    return [(lang, part.render(lang)) for part in parts for lang in LANGS]


@pytest.mark.parametrize("history", list(HISTORIES))
@pytest.mark.parametrize("days", PERIODS)
def test_every_achievability_and_time_bound_message_reads_right_in_every_language(history, days):
    for kpi, change in GOALS:
        draft = GoalDraft(kpi=kpi, target_change_pct=change, start=TODAY,
                          deadline=TODAY + dt.timedelta(days=days - 1), budget=500, budget_change_pct=10,
                          plan="boosted posts")
        judged = assess(draft, HISTORIES[history], today=TODAY)
        report = evaluate(draft, history=HISTORIES[history], today=TODAY)
        rendered = texts(judged) + [(lang, text) for lang in LANGS
                                    for text in report.as_dict(lang)["fix_first"]]
        rendered += [(lang, str(v)) for lang in LANGS for letter in ("achievable", "time_bound")
                     for v in report.as_dict(lang)["verdicts"][letter].values() if isinstance(v, str)]
        for lang, text in rendered:
            assert not BAD.search(text), (kpi, change, days, history, lang, text)
        assert judged.period_days == days


def test_a_57_percent_fall_in_3_months_is_stated_as_its_real_monthly_change():
    draft = GoalDraft(kpi="purchases", target_change_pct=-57, start=TODAY, deadline=dt.date(2027, 2, 23))
    text = assess(draft, None, today=TODAY).reason.render("en")
    assert "0 % a month" not in text and "0% a month" not in text
    assert re.search(r"[−-]2[45](\.\d)? ?% a month", text), text


def test_one_day_is_one_day_and_the_data_days_are_counted_as_days():
    draft = GoalDraft(kpi="sessions", target_change_pct=5, start=TODAY, deadline=TODAY)
    text = assess(draft, S.three_years().iloc[-14:], today=TODAY).reason.render("en")
    assert "1 day" in text and "1 days" not in text and "Only 14 days" in text
    assert "days or weeks" not in text
