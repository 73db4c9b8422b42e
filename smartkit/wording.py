"""How goal parts read inside a sentence: KPI names, periods, cadences, values in a KPI's unit.

Shared by the criteria, the statement, the brief and the analysis (achievability reasons,
tracking): it sits in the foundation beside the catalogue and imports neither ``smartkit.goals``
nor ``smartkit.analysis``, so the analysis never imports upwards from the goals.
"""
from __future__ import annotations

from typing import Any

from smartkit.catalogue import KPI, KpiName, catalogue, sentence_case
from smartkit.i18n import Message, Percent
from smartkit.models import DAYS_PER_MONTH

__all__ = ["KpiName", "Scope", "cadence", "kpi_value", "period", "reads_as_one_month", "sentence_case",
           "tracking_label"]


def period(days: int) -> Message:
    """A goal period (inclusive day count, :func:`smartkit.models.period_days`) in words:
    "1 day", "30 days", "one month", "6 months", "3 years"."""
    months = days / DAYS_PER_MONTH
    if days < 28:
        return day_count(days)
    if reads_as_one_month(days):
        return Message("period.one_month", {})
    if months < 36:
        return Message("period.months", {"n": round(months, 1)})
    return Message("goals.period.years", {"n": round(months / 12, 1)})


def reads_as_one_month(days: int) -> bool:
    """A period :func:`period` calls "one month" (28 days to a month and a half)."""
    return 28 <= days and days / DAYS_PER_MONTH < 1.5


def day_count(days: int) -> Message:
    """A number of days in words, singular or plural: "1 day", "14 days"."""
    return Message("goals.period.one_day" if days == 1 else "period.days", {"n": days})


class Scope(Message):
    """What the user says is counted ("in our city") inside a sentence that already names the
    KPI and its channel: a scope that starts by repeating them ("link clicks to our shop" after
    "Instagram link clicks") reads from what follows ("to our shop"), never twice the KPI.
    ``Scope("scope", {"text": ..., "kpi": id or None, "channel": id or None})``."""

    def render(self, lang: Any = "en") -> str:
        from smartkit.i18n import t

        text, kpi, channel = str(self.params.get("text") or ""), self.params.get("kpi"), self.params.get("channel")
        names = []
        if kpi and kpi in catalogue():
            name = KpiName("kpi_name", {"id": kpi})
            names += [name.render(lang), t(f"kpi.{kpi}.name", lang)]
            if channel:
                names.append(t("statement.what.channel", lang, kpi=name, channel=Message(f"channel.{channel}", {})))
        if channel:
            names.append(t(f"channel.{channel}", lang))
        return without_repeated_start(text, names)


def without_repeated_start(text: str, names: list[str]) -> str:
    """``text`` without the ``names`` it starts with (any case, whole words), longest first."""
    names = sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True)
    repeated = True
    while repeated and text:
        repeated = False
        for name in names:
            head, rest = text[:len(name)], text[len(name):]
            if head.casefold() == name.casefold() and (not rest or not rest[0].isalnum()):
                text, repeated = rest.lstrip(" ,:;-–—"), True
                break
    return text.strip()


def tracking_label(tracking: str) -> Message | str:
    """A known tracking method's translated name; free text as the user typed it."""
    return Message(f"tracking.{tracking}", {}) if tracking in catalogue().tracking_methods else tracking


WHOLE_MONEY_FROM = 100  # amounts of money from this size are shown without cents ("$44,610", but "$1.25")


def kpi_value(kpi: KPI, value: float, currency: str | None = None) -> Any:
    """A KPI value as a parameter that formats itself in the KPI's unit; money of
    :data:`WHOLE_MONEY_FROM` or more in whole units (a target of "$44,609.85" reads "$44,610")."""
    from smartkit.i18n import Duration, Money

    if kpi.unit == "currency":
        return Money(value, currency, whole=abs(value) >= WHOLE_MONEY_FROM)
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
