"""How goal parts read inside a sentence: KPI names, periods, cadences, values in a KPI's unit.

Shared by the criteria, the statement and the achievability reasons; it imports none of them,
so the analysis and the goal wording do not depend on each other in a cycle.
"""
from __future__ import annotations

from typing import Any

from smartkit.catalogue import KPI, catalogue
from smartkit.i18n import Lang, Message, Percent
from smartkit.models import DAYS_PER_MONTH


class KpiName(Message):
    """A KPI's name as it reads inside a sentence ("followers", but "CTR")."""

    def render(self, lang: Lang | str | None = "en") -> str:
        from smartkit.i18n import as_lang, t

        name = t(f"kpi.{self.params['id']}.name", lang)
        return sentence_case(name) if as_lang(lang).code in ("en", "vi") else name


def sentence_case(name: str) -> str:
    """"Followers" → "followers" inside a sentence; "CTR" stays "CTR"."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def period(days: int) -> Message:
    """A horizon in words: "30 days", "one month", "6 months"."""
    months = days / DAYS_PER_MONTH
    if days < 28:
        return Message("period.days", {"n": days})
    if months < 1.5:
        return Message("period.one_month", {})
    return Message("period.months", {"n": round(months, 1)})


def tracking_label(tracking: str) -> Message | str:
    """A known tracking method's translated name; free text as the user typed it."""
    return Message(f"tracking.{tracking}", {}) if tracking in catalogue().tracking_methods else tracking


def kpi_value(kpi: KPI, value: float, currency: str | None = None) -> Any:
    """A KPI value as a parameter that formats itself in the KPI's unit."""
    from smartkit.i18n import Duration, Money

    if kpi.unit == "currency":
        return Money(value, currency)
    if kpi.unit == "percent":
        return Percent(value)
    if kpi.unit == "seconds":
        return Duration(value)
    return round(value, 2) if kpi.unit == "ratio" else round(value)


def cadence(days: int) -> Message:
    """"weekly", "every 2 weeks", "monthly", "every 10 days"... in the user's language."""
    if days == 1:
        return Message("cadence.daily", {})
    if days == 7:
        return Message("cadence.weekly", {})
    if days in (30, 31):
        return Message("cadence.monthly", {})
    if days % 7 == 0:
        return Message("cadence.every_n_weeks", {"n": days // 7})
    return Message("cadence.every_n_days", {"n": days})
