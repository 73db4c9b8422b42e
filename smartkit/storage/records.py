"""What the goal library hands out: plain, immutable records (no database objects leak out).

:class:`StoredGoal` is one goal with its bookkeeping; :class:`GoalSummary` is one row of the
library page (read from denormalised columns in one query); :class:`CheckIn`, :class:`Review`
and :class:`TargetChange` are the tracking records. :func:`goal_differences` lists what differs
between two versions of a goal (for a version conflict).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from smartkit.models import GoalDraft
from smartkit.storage.errors import StorageError

GoalStatus = Literal["draft", "active", "achieved", "missed", "archived"]
Confidence = Literal["high", "medium", "low"]
Decision = Literal["keep", "adjust_target", "adjust_deadline", "stop"]
PacingStatus = Literal["on_track", "at_risk", "off_track"]

GOAL_STATUSES: tuple[str, ...] = get_args(GoalStatus)
CONFIDENCES: tuple[str, ...] = get_args(Confidence)
DECISIONS: tuple[str, ...] = get_args(Decision)


def check_choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    """``value`` if it is one of ``allowed``, else a StorageError naming the choices."""
    if value not in allowed:
        raise StorageError("error.storage.bad_choice", what=what, value=str(value)[:40],
                           allowed=", ".join(allowed))
    return value


def display_name(goal: GoalDraft) -> str:
    """The name a goal goes by in lists: its name, else its business goal, else its KPI."""
    return goal.name or goal.business_goal or goal.kpi or ""


@dataclass(frozen=True)
class StoredGoal:
    """One goal in the library. ``version`` goes up by one at every save; pass it back to
    :meth:`Library.save` as ``expected_version``."""

    id: str
    workspace: str
    owner: str | None
    status: GoalStatus
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    parent_id: str | None
    goal: GoalDraft
    status_note: str | None = None
    pacing: dict[str, Any] | None = None  # the figures precomputed at the last save (tracking.pacing_json)
    changed_by: str | None = None  # who saved the last change (None: the administrator, or before revision 0004)

    @property
    def name(self) -> str:
        return display_name(self.goal)


@dataclass(frozen=True)
class GoalSummary:
    """One row of the library page."""

    id: str
    name: str
    workspace: str
    status: GoalStatus
    kpi: str | None
    target: float | None
    deadline: dt.date | None
    channel: str | None
    parent_id: str | None
    pacing: PacingStatus | None
    review_due: bool
    next_review: dt.date | None
    updated_at: dt.datetime
    owner: str | None = None
    version: int = 1
    changed_by: str | None = None


@dataclass(frozen=True)
class CheckIn:
    """A dated note on a goal: how confident the team is and what was done."""

    date: dt.date
    note: str
    confidence: Confidence
    done: str = ""
    by: str | None = None  # who wrote it (None: the administrator, or before revision 0004)

    def __post_init__(self) -> None:
        check_choice(self.confidence, CONFIDENCES, "confidence")


@dataclass(frozen=True)
class Review:
    """One entry of the review log. ``adjust_target`` needs ``new_target``, ``adjust_deadline``
    needs ``new_deadline``; adjusting updates the goal and its target history."""

    date: dt.date
    what_happened: str
    decision: Decision
    new_target: float | None = None
    new_deadline: dt.date | None = None
    by: str | None = None  # who logged it (None: the administrator, or before revision 0004)

    def __post_init__(self) -> None:
        check_choice(self.decision, DECISIONS, "decision")
        if self.decision == "adjust_target" and self.new_target is None:
            raise StorageError("error.storage.review_needs_target")
        if self.decision == "adjust_deadline" and self.new_deadline is None:
            raise StorageError("error.storage.review_needs_deadline")


@dataclass(frozen=True)
class Member:
    """One user's role in one workspace, and who gave it (None: the administrator)."""

    workspace: str
    email: str
    role: str
    added_at: dt.datetime
    added_by: str | None = None


@dataclass(frozen=True)
class GoalTree:
    """A goal's place in its tree: its parent, its siblings and its children (summaries)."""

    node: GoalSummary
    parent: GoalSummary | None
    siblings: list[GoalSummary] = field(default_factory=list)
    children: list[GoalSummary] = field(default_factory=list)


def goal_differences(a: GoalDraft, b: GoalDraft) -> list[tuple[str, Any, Any]]:
    """The declared fields whose values differ between two versions of a goal, in the model's
    field order, as ``(field, value in a, value in b)`` (JSON values: dates as ISO text).
    Keys kept in ``extras`` are compared one by one as ``extras.<key>``."""
    left, right = a.model_dump(mode="json"), b.model_dump(mode="json")
    out: list[tuple[str, Any, Any]] = []
    for name in GoalDraft.model_fields:
        if name == "extras":
            continue
        if left.get(name) != right.get(name):
            out.append((name, left.get(name), right.get(name)))
    for key in sorted(set(a.extras) | set(b.extras)):
        if a.extras.get(key) != b.extras.get(key):
            out.append((f"extras.{key}", a.extras.get(key), b.extras.get(key)))
    return out
