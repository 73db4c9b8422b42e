"""The goal statement: one deterministic sentence built from the draft.

"Increase Facebook followers in our city by 20% (from 400 to 480) by 31 December 2026,
measured in Page Insights and reviewed weekly."

The sentence is assembled from parts (verb by direction, what is measured, scope, numbers,
deadline, tracking, review). Each part is a message template, so each language orders the
words its own way (``statement.sentence`` decides the order) without touching the rules.
The numbers part has one message per direction (``statement.change.by_from_to.increase``...),
because languages word "from 400 to 480" and "from $1.25 to $1.00" differently (Vietnamese
"từ 400 lên 480" / "từ 1,25 US$ xuống 1,00 US$", Thai "เป็น" / "เหลือ").
"""
from __future__ import annotations

from smartkit.catalogue import catalogue
from smartkit.i18n import Lang, Message, Percent, as_lang, t
from smartkit.models import KEEP_BAND_PCT, GoalDraft
from smartkit.wording import KpiName, Scope, cadence, kpi_value, tracking_label


def direction(draft: GoalDraft) -> str:
    """"increase", "decrease" or "keep": from the numbers when there are some (a change that
    reads as 0 % keeps the level, so no sentence says "by 0%"), else from the KPI's good direction."""
    change = draft.change_pct
    if change is not None:
        return "keep" if abs(change) < KEEP_BAND_PCT else ("increase" if change > 0 else "decrease")
    if draft.kpi:
        return "increase" if catalogue().kpi(draft.kpi).higher_is_better else "decrease"
    return "increase"


def statement(draft: GoalDraft, lang: Lang | str | None = None) -> str:
    """The goal statement in ``lang`` (default: the language the draft was written in)."""
    loc = as_lang(lang) if lang is not None else draft.ui_lang
    if draft.kpi is None:
        return t("statement.incomplete", loc)
    kpi = catalogue().kpi(draft.kpi)
    kpi_name = KpiName("kpi_name", {"id": kpi.id})
    what = (t("statement.what.channel", loc, kpi=kpi_name, channel=Message(f"channel.{draft.channel}", {}))
            if draft.channel else kpi_name.render(loc))

    target = draft.resolved_target
    change = draft.change_pct
    way = direction(draft)
    value = lambda v: kpi_value(kpi, v, draft.currency)  # noqa: E731 - a local formatter
    if change is not None and draft.baseline is not None and target is not None:
        baseline = value(draft.baseline)
        if draft.baseline_origin == "history":  # the statement says where its starting point comes from
            baseline = Message("statement.measured_baseline", {"value": baseline})
        numbers = t(f"statement.change.by_from_to.{way}", loc, pct=Percent(abs(change)),
                    baseline=baseline, target=value(target))
    elif target is not None:
        numbers = t(f"statement.change.to.{way}", loc, target=value(target))
    elif change is not None:
        numbers = t(f"statement.change.by.{way}", loc, pct=Percent(abs(change)))
    else:
        numbers = ""

    parts = {
        "verb": t(f"statement.verb.{way}", loc),
        "what": what,
        "scope": t("statement.scope", loc, scope=Scope("scope", {"text": draft.scope, "kpi": kpi.id,
                                                                 "channel": draft.channel})) if draft.scope else "",
        "numbers": numbers,
        "deadline": t("statement.deadline", loc, date=draft.deadline) if draft.deadline else "",
        "measure": _measure(draft, loc),
    }
    return t("statement.sentence", loc, **parts).strip()  # t() closes the gaps of empty parts


def _measure(draft: GoalDraft, loc: Lang) -> str:
    tracking = tracking_label(draft.tracking) if draft.tracking else None
    review = cadence(draft.review_every_days) if draft.review_every_days else None
    if tracking and review:
        return t("statement.measure.tracking_review", loc, tracking=tracking, cadence=review)
    if tracking:
        return t("statement.measure.tracking", loc, tracking=tracking)
    if review:
        return t("statement.measure.review", loc, cadence=review)
    return ""
