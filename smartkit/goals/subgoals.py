"""Sub-goals: break a goal into the smaller objectives that drive it (000, tip 1), e.g. a
website-traffic goal split into ad CTR, post engagement and referral traffic from Facebook.

Each sub-goal is a KPI that moves the parent KPI; the wizard starts a new draft for it with the
parent's objective, channel and dates (:func:`subgoal_draft`).
"""
from __future__ import annotations

from typing import NamedTuple

from smartkit.catalogue import catalogue, get_kpi
from smartkit.i18n import Message
from smartkit.models import GoalDraft

# KPI → the KPIs that drive it, most direct first (from the source articles' examples).
DRIVERS: dict[str, tuple[str, ...]] = {
    "referral_sessions": ("ctr", "engagement_rate", "link_clicks"),
    "sessions": ("referral_sessions", "ctr", "engagement_rate"),
    "users": ("referral_sessions", "ctr", "reach"),
    "followers": ("reach", "engagement_rate", "new_followers"),
    "new_followers": ("reach", "engagement_rate", "shares"),
    "net_followers": ("new_followers", "lost_followers", "reach"),
    "purchase_value": ("purchases", "conversion_rate", "sessions"),
    "purchases": ("sessions", "conversion_rate", "checkouts_initiated"),
    "conversions": ("sessions", "conversion_rate", "landing_page_views"),
    "leads": ("link_clicks", "landing_page_views", "ctr"),
    "engagement_rate": ("likes", "comments", "shares"),
    "reach": ("shares", "impressions", "video_views"),
    "impressions": ("reach", "frequency", "shares"),
    "link_clicks": ("ctr", "impressions", "reach"),
    "response_rate": ("replied_messages", "messages", "response_time"),
    "roas": ("purchase_value", "spend", "conversion_rate"),
}
MAX_SUBGOALS = 3


class SubGoal(NamedTuple):
    kpi: str
    reason: Message


def suggest_subgoals(draft: GoalDraft) -> list[SubGoal]:
    """Up to three KPIs that drive the goal's KPI: the documented drivers, else the KPI's own
    formula inputs, else the best other KPIs for the objective and channel."""
    if draft.kpi is None:
        return []
    kpi = get_kpi(draft.kpi)
    ids = list(DRIVERS.get(kpi.id, ()))
    if not ids:
        ids = list(dict.fromkeys(kpi.numerator + kpi.denominator))
    if len(ids) < MAX_SUBGOALS and draft.objective:
        ids += [k.id for k in catalogue().kpis_for(draft.objective, draft.channel)
                if not k.is_vanity_for(draft.objective)]
    ids = [i for i in dict.fromkeys(ids) if i != kpi.id and i in catalogue()][:MAX_SUBGOALS]
    return [SubGoal(i, Message("subgoal.reason", {"kpi": Message(f"kpi.{i}.name", {}),
                                                  "parent": Message(f"kpi.{kpi.id}.name", {})}))
            for i in ids]


def subgoal_draft(parent: GoalDraft, kpi_id: str) -> GoalDraft:
    """A new draft for a sub-goal: the parent's context and dates, the new KPI, no numbers yet."""
    keep = ("lang", "calendar", "native_digits", "business_goal", "product", "audience", "location", "scope", "channel",
            "objective", "funnel_stage", "race_stage", "start", "deadline", "review_every_days",
            "owner", "currency")
    data = {k: getattr(parent, k) for k in keep}
    data.update(kpi=kpi_id, parent_goal=parent.name or parent.business_goal,
                name=None)
    return GoalDraft.model_validate(data)
