"""One goal, one assessment: every number a goal shows, computed once and handed to every surface.

:func:`assess_goal` runs the chain once for a goal, its history and a day (the shape of pvlib's
``ModelChain``: each step's result is kept, nothing downstream recomputes an upstream step):

1. **the goal as judged** (:func:`judged_goal`): with data attached, a baseline that follows the
   data (or a goal that has none, e.g. a goal file with only a % change) takes the one
   measured-baseline rule, :func:`smartkit.analysis.baseline.measured_baseline`; Measurable,
   the statement, the chance and pacing all read that baseline;
2. **the evidence** (:func:`smartkit.analysis.achievability.evidence`): past changes and the one
   forecast fit;
3. **Achievable**: the chance, its parts, the verdict (following the chance), the suggested
   targets;
4. **the SMART report**: the five letters, Achievable taken from step 3;
5. **pacing** on the target path in force (:func:`smartkit.analysis.tracking.track`, the one
   pacing engine), the projected end and its band, the outcome after the deadline;
6. **the next review** (:func:`smartkit.analysis.tracking.next_review`, the one rule);
7. **the budget** (:func:`goal_budget`): with daily spend in the history, the budget the target
   needs and what the planned budget buys, on the response curve fitted once with the evidence
   (:mod:`smartkit.analysis.budget`); ``as_json()["budget"]`` is the ``budget`` command's object.

The Goal page, meeting mode, the chart, every brief form, the share page, the Track page, the
library row and every command take a :class:`GoalAssessment`; ``as_json`` is the ``"assessment"``
object of ``check --json``, ``goals show --json``, ``goals track --json`` and
``report --format json``.
"""
from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict

from smartkit.analysis.achievability import (Achievability, Evidence, SuggestedTargets, assess, evidence,
                                             goal_period, suggest_targets)
from smartkit.analysis.baseline import clean, measured_baseline
from smartkit.analysis.forecast import Forecast
from smartkit.analysis.tracking import TargetChange, Tracking, next_review, track
from smartkit.catalogue import get_kpi
from smartkit.errors import SmartkitError
from smartkit.goals.criteria import SmartReport, can_judge_achievability, evaluate
from smartkit.i18n import Lang, Message
from smartkit.models import GoalDraft

__all__ = ["GoalAssessment", "assess_goal", "judged_goal"]

PACING_KEYS = ("status", "actual_to_date", "expected_to_date", "projected_end")


class GoalAssessment(BaseModel):
    """Everything a goal shows, as of ``today``: read it, never recompute a part of it."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    goal: GoalDraft                         # the goal as judged (its measured baseline applied)
    today: dt.date
    baseline_measured: bool                 # the baseline was measured on the data by the one rule
    report: SmartReport
    achievability: Achievability | None
    forecast: Forecast | None               # the one fit: the chance, the chart's band, forecast_end
    suggested_targets: SuggestedTargets | None
    tracking: Tracking | None               # pacing on the path in force (None before it can be paced)
    next_review: dt.date | None
    budget: Any = None                      # the budget planner's figures (BudgetPlan) or None
    budget_problem: Message | None = None   # why the history's spend gives no (full) budget answer

    @property
    def baseline(self) -> float | None:
        return self.goal.baseline

    @property
    def target(self) -> float | None:
        return self.goal.resolved_target

    @property
    def chance(self) -> float | None:
        return self.achievability.chance if self.achievability else None

    @property
    def verdict(self) -> str | None:
        return self.achievability.verdict if self.achievability else None

    @property
    def pacing_status(self) -> str | None:
        return self.tracking.status if self.tracking else None

    @property
    def review_due(self) -> bool:
        return self.next_review is not None and self.next_review <= self.today

    def as_json(self, lang: Lang | str = "en") -> dict[str, Any]:
        """The ``"assessment"`` object (strict JSON: no NaN, None where unknown)."""
        judged = self.achievability
        end = judged.forecast_end if judged else None
        figures = self.tracking.figures() if self.tracking else {}
        return _finite({
            "today": self.today.isoformat(),
            "kpi": self.goal.kpi,
            "baseline": self.baseline,
            "baseline_measured": self.baseline_measured,
            "target": self.target,
            "change_pct": self.goal.change_pct,
            "chance": self.chance,
            "chance_parts": None if judged is None or judged.basis != "history" else {
                "history_share": judged.achieved_share, "forecast": judged.probability,
                "comparable_periods": judged.comparable_periods, "disagree": judged.disagreement},
            "verdict": self.verdict,
            "basis": judged.basis if judged else None,
            "reason": judged.reason.render(lang) if judged else None,
            "overall": self.report.overall,
            "forecast_end": None if end is None else {key: end.get(key) for key in ("mean", "lower", "upper")},
            "suggested_targets": self.suggested_targets.as_json() if self.suggested_targets else None,
            "pacing": {**{key: figures.get(key) for key in PACING_KEYS},
                       **{key: value for key, value in figures.items() if key not in PACING_KEYS}},
            "next_review": self.next_review.isoformat() if self.next_review else None,
            "review_due": self.review_due,
            "budget": self.budget.as_json(lang) if self.budget is not None else None,
        })


def judged_goal(goal: GoalDraft, history: pd.DataFrame | None, today: dt.date) -> tuple[GoalDraft, bool]:
    """The goal as every surface judges it: with data attached, a baseline that follows the data
    (``baseline_origin="history"``) or that was never typed is the measured one (the one rule);
    a typed baseline stays. Returns the goal and whether its baseline was measured."""
    if history is None or history.empty or goal.kpi is None or goal.baseline_origin == "manual":
        return goal, False
    if goal.baseline is not None and goal.baseline_origin != "history":
        return goal, False
    kpi = get_kpi(goal.kpi)
    if kpi.kind == "stock" and kpi.id not in history.columns and goal.baseline is None:
        return goal, False  # followers rebuilt from daily changes need today's count to anchor them
    try:
        cleaned = clean(history, kpi.id, anchor=goal.baseline if kpi.kind == "stock" else None, today=today)
    except SmartkitError:
        return goal, False
    start, deadline = goal_period(goal, cleaned.frame.index[-1].date(), today)
    value = measured_baseline(cleaned, start, deadline)
    if value is None:
        return goal, False
    return goal.model_copy(update={"baseline": value, "baseline_origin": "history"}), True


def assess_goal(goal: GoalDraft, history: pd.DataFrame | None = None, today: dt.date | None = None, *,
                changes: list[TargetChange] | None = None, reviews: list[dt.date] | tuple[dt.date, ...] = (),
                created: dt.date | None = None) -> GoalAssessment:
    """The assessment of ``goal`` on ``history`` as of ``today`` (module docstring).
    ``changes`` is the target history (reviews and edits of an active goal), ``reviews`` the
    dates of the reviews held, ``created`` the day the goal was stored (for the next review of a
    goal without a start). Thin or missing data never raises."""
    today = today or dt.date.today()
    judged, measured = judged_goal(goal, history, today)
    found: Evidence | None = None
    if judged.kpi is not None:
        found = evidence(judged, history, today)
    achievability = None
    if found is not None and can_judge_achievability(judged, history is not None):
        achievability = assess(judged, history, today, found=found)
    report = evaluate(judged, history=history, today=today, achievability=achievability)
    suggested = achievability.suggested_targets if achievability else None
    if suggested is None and found is not None and found.base is not None:
        suggested = suggest_targets(judged, history, today, found=found)
    tracking = track(judged, history, changes, today) if history is not None else None
    budget, budget_problem = goal_budget(judged, found)
    return GoalAssessment(goal=judged, today=today, baseline_measured=measured, report=report,
                          achievability=achievability, forecast=found.forecast if found else None,
                          suggested_targets=suggested, tracking=tracking,
                          next_review=next_review(judged, tuple(reviews), created),
                          budget=budget, budget_problem=budget_problem)


def goal_budget(goal: GoalDraft, found: Evidence | None) -> tuple[Any, Message | None]:
    """The budget planner's figures for the goal (the CLI's ``budget`` object) and, where the
    question has no full answer, why (a message of :class:`~smartkit.analysis.budget.BudgetError`):
    the budget its target needs and what its planned budget buys, on the curve fitted once with
    the evidence. (None, None) without daily spend or a question to answer; a target the planner
    refuses (below what comes with no spend...) still gives what the planned budget buys, with
    the reason the target has no budget."""
    from smartkit.analysis.achievability import results_target
    from smartkit.analysis.budget import budget_plan

    if found is None or found.curve is None:
        return None, found.curve_problem if found is not None else None
    wanted = results_target(found.kpi, goal.resolved_target, found.base)
    if wanted is not None and wanted <= 0 and found.kpi.kind == "stock":
        wanted = None  # a follower count held or let fall: no results to buy
    asks = [(wanted, goal.budget)] if wanted is not None else []
    if goal.budget is not None:
        asks.append((None, goal.budget))
    problem = None
    for target, budget in asks:
        try:
            return budget_plan(found.curve, found.start, found.deadline, target=target, budget=budget), problem
        except SmartkitError as err:
            problem = problem or Message(err.key, err.params)
    return None, problem


def _finite(obj: Any) -> Any:
    """Floats rounded to 6 decimals (the same goal prints the same figures everywhere), NaN and
    infinity as None."""
    if isinstance(obj, float):
        return round(obj, 6) if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {key: _finite(value) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(value) for value in obj]
    return obj
