"""How goal parts read inside a sentence: KPI names, periods, cadences, values in a KPI's unit.

Shared by the criteria, the statement and the achievability reasons; it imports none of them,
so the analysis and the goal wording do not depend on each other in a cycle.
"""
from __future__ import annotations

from typing import Any

from smartkit.catalogue import KPI, KpiName, catalogue, sentence_case
from smartkit.i18n import Message, Percent
from smartkit.models import DAYS_PER_MONTH

__all__ = ["KpiName", "cadence", "kpi_value", "period", "sentence_case", "tracking_label"]


def period(days: int) -> Message:
    """A goal period (inclusive day count, :func:`smartkit.models.period_days`) in words:
    "1 day", "30 days", "one month", "6 months", "3 years"."""
    months = days / DAYS_PER_MONTH
    if days < 28:
        return day_count(days)
    if months < 1.5:
        return Message("period.one_month", {})
    if months < 36:
        return Message("period.months", {"n": round(months, 1)})
    return Message("goals.period.years", {"n": round(months / 12, 1)})


def day_count(days: int) -> Message:
    """A number of days in words, singular or plural: "1 day", "14 days"."""
    return Message("goals.period.one_day" if days == 1 else "period.days", {"n": days})


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
