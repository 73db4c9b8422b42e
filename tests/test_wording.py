"""How goal parts read for people: KPIs by name, a channel said once, no restated monthly rate for
a one-month goal, channel names in sentence case, money targets without cents."""
from __future__ import annotations

import datetime as dt

import pytest

from smartkit.catalogue import catalogue, channel_label
from smartkit.errors import MetricMissingError
from smartkit.goals.criteria import specific
from smartkit.goals.statement import statement
from smartkit.wording import period, reads_as_one_month
from smartkit.i18n import t
from smartkit.models import GoalDraft

TODAY = dt.date(2026, 11, 24)


@pytest.mark.parametrize("lang", ["en", "vi", "th", "fa"])
def test_a_missing_ratio_column_is_named_for_people_not_by_its_id(lang):
    from smartkit.analysis.baseline import compute_baseline
    import pandas as pd

    history = pd.DataFrame({"reach": [100.0] * 40}, index=pd.date_range("2026-10-01", periods=40, name="date"))
    with pytest.raises(MetricMissingError) as caught:
        compute_baseline(history, "ctr", window_days=28, today=TODAY)
    text = caught.value.message(lang)
    assert t("kpi.ctr.name", lang).lower() in text.lower()
    assert " ctr" not in text and "ctr." not in text


def test_a_channel_is_not_said_twice_in_the_statement():
    draft = GoalDraft(kpi="link_clicks", channel="instagram", scope="link clicks to our shop", baseline=100,
                      target=120)
    assert statement(draft).startswith("Increase Instagram link clicks to our shop by 20%")
    assert "clicks link clicks" not in statement(draft)
    again = draft.model_copy(update={"scope": "Instagram link clicks to our shop"})
    assert statement(again).startswith("Increase Instagram link clicks to our shop by 20%")
    assert specific(draft).reason.render("en") == "Clearly defined: link clicks on Instagram to our shop, with a number to reach."
    # a scope that only starts with the same letters keeps them
    city = draft.model_copy(update={"scope": "in our city"})
    assert "Instagram link clicks in our city" in statement(city)


def test_a_one_month_goal_does_not_restate_its_change_as_a_different_monthly_rate():
    from smartkit.analysis.achievability import assess

    draft = GoalDraft(kpi="followers", channel="facebook", baseline=400, target_change_pct=20,
                      start=dt.date(2026, 12, 1), deadline=dt.date(2027, 1, 1))  # 32 days: "one month"
    assert reads_as_one_month(draft.period_days) and period(draft.period_days).key == "period.one_month"
    for lang in ("en", "vi", "th", "fa"):
        reason = assess(draft, None, TODAY).reason.render(lang)
        assert t("period.one_month", lang) in reason
        assert "19" not in reason  # +20 % in 32 days compounds to +19 % a month: not said
    assert "+20% in one month, against about 5% a month" in assess(draft, None, TODAY).reason.render("en")
    quarter = draft.model_copy(update={"deadline": dt.date(2027, 3, 1)})  # longer goals still say the rate
    assert "a month" in assess(quarter, None, TODAY).reason.render("en")
    assert "+6.3% a month" in assess(quarter, None, TODAY).reason.render("en")


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_channel_options_read_in_sentence_case(lang):
    labels = [channel_label(c, lang) for c in catalogue().channels]
    assert all(label[:1] == label[:1].upper() for label in labels)
    if lang == "en":
        assert "Online shop" in labels and "Website" in labels and "Facebook" in labels
    # inside a sentence the channel keeps its own case
    assert t("channel.shop", lang)[:1].islower()


def test_channel_options_in_the_wizard_read_in_sentence_case():
    from streamlit.testing.v1 import AppTest
    from pathlib import Path

    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
    at.run()
    box = at.selectbox(key="w.channel")
    assert "Online shop" in box.options and "Website" in box.options
    assert not [o for o in box.options if o[:1].islower()]


def test_a_money_target_is_shown_without_cents():
    draft = GoalDraft(kpi="purchase_value", channel="shop", baseline=37174.88, target=44609.85, currency="USD")
    text = statement(draft)
    assert "$44,610" in text and "$37,175" in text and ".85" not in text
    assert "44.610\xa0US$" in statement(draft, "vi")
    small = GoalDraft(kpi="cpc", channel="facebook", baseline=1.25, target=1.0, currency="USD")
    assert "from $1.25 to $1.00" in statement(small)  # small amounts keep their cents


def test_a_money_metric_in_the_wizard_is_shown_without_cents():
    from ui.widgets import kpi_text

    draft = GoalDraft(kpi="purchase_value", currency="USD")
    assert kpi_text(draft, 44609.85, draft.ui_lang) == "$44,610"
    assert kpi_text(draft, 12.5, draft.ui_lang) == "$12.50"
