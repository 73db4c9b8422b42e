"""Sub-goal trees: the roll-up check of a goal against its sub-goals.

Where sub-goals measure the same thing as their parent, in the same unit (sessions by source,
sales by product), their targets should add up to the parent's: the parent warns when they
cannot, and says by how much. "The same thing" is the same KPI, or a KPI that is a documented
part of the parent's (:data:`PART_OF`: referral sessions are sessions, organic conversions are
conversions). Only additive KPIs roll up: counts and stocks, not ratios or averages, and not
counts of unique people (the same person can be in two sub-goals). A KPI where higher is better
needs the children's targets to reach the parent's (else **short**, by the gap); one where lower
is better (spend, unfollows) needs them to stay within it (else **over**). Targets are the
resolved ones (a % change becomes a number).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from smartkit.catalogue import get_kpi
from smartkit.i18n import Message
from smartkit.models import GoalDraft

# KPI → the KPI it is a part of (a child measuring it rolls up into a parent measuring the other).
PART_OF: dict[str, str] = {
    "referral_sessions": "sessions",
    "organic_conversions": "conversions",
    "new_followers": "net_followers",
}
ADDITIVE_KINDS = ("count", "stock")
TOLERANCE = 1e-9  # relative: targets equal within rounding are equal

RollupStatus = Literal["ok", "short", "over"]


@dataclass(frozen=True)
class RollupCheck:
    """The parent's target against the sum of its same-unit children's targets."""

    status: RollupStatus
    parent_target: float
    children_total: float
    gap: float  # how far the children are from the parent's target (0 when ok)
    counted: list[int] = field(default_factory=list)  # positions of the children summed
    without_target: int = 0  # same-unit children that have no target yet

    @property
    def messages(self) -> list[Message]:
        params = {"total": _round(self.children_total), "target": _round(self.parent_target), "gap": _round(self.gap)}
        out = [Message(f"tree.rollup.{self.status}", params)]
        if self.without_target:
            out.append(Message("tree.rollup.missing", {"count": self.without_target}))
        return out


def same_unit(parent_kpi: str | None, child_kpi: str | None) -> bool:
    """Whether a child's KPI adds up into the parent's (module docstring)."""
    if parent_kpi is None or child_kpi is None:
        return False
    parent, child = get_kpi(parent_kpi), get_kpi(child_kpi)
    if parent.kind not in ADDITIVE_KINDS or parent.unique or child.unique:
        return False
    related = child.id == parent.id or PART_OF.get(child.id) == parent.id
    return related and child.kind == parent.kind and child.unit == parent.unit


def rollup_check(parent: GoalDraft, children: list[GoalDraft]) -> RollupCheck | None:
    """The roll-up of ``children`` into ``parent``; None when the parent has no target or no
    child measures the same thing with a target (nothing to add up). Money in different
    currencies is not added."""
    target = parent.resolved_target
    if target is None:
        return None
    same = [(i, child) for i, child in enumerate(children)
            if same_unit(parent.kpi, child.kpi)
            and (get_kpi(parent.kpi).unit != "currency" or not child.currency or not parent.currency
                 or child.currency == parent.currency)]
    counted = [(i, child.resolved_target) for i, child in same if child.resolved_target is not None]
    if not counted:
        return None
    total = float(sum(value for _, value in counted))
    lower_is_better = get_kpi(parent.kpi).direction == "lower"
    slack = TOLERANCE * max(abs(target), 1.0)
    if lower_is_better and total > target + slack:
        status, gap = "over", total - target
    elif not lower_is_better and total < target - slack:
        status, gap = "short", target - total
    else:
        status, gap = "ok", 0.0
    return RollupCheck(status=status, parent_target=float(target), children_total=total, gap=float(gap),
                       counted=[i for i, _ in counted], without_target=len(same) - len(counted))


def _round(value: float) -> float:
    return round(value, 2) if abs(value) < 100 else float(round(value))
