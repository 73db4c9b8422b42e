"""The SMART criteria engine: a verdict per letter, with a reason and a concrete fix.

Each letter is one pure function of the draft (``specific(draft)``...). ``evaluate`` runs them
all, derives the overall status and the list of what to fix first. Reasons and fixes are
:class:`~smartkit.i18n.Message` objects, rendered later in the user's language.

Achievable is judged by :mod:`smartkit.analysis.achievability`: on the user's history when it is given,
and otherwise on its documented heuristics, in which case the reason says so.
"""
from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from smartkit.catalogue import catalogue
from smartkit.i18n import Lang, Message, Percent
from smartkit.goals.statement import direction
from smartkit.wording import KpiName, Scope, cadence, kpi_value, period, tracking_label
from smartkit.models import LETTERS, MAX_AMOUNT, GoalDraft, Status, Verdict, period_days

if TYPE_CHECKING:
    import pandas as pd

    from smartkit.analysis.achievability import Achievability

# A goal period (start and deadline both counted) shorter than a week shows no real change; one
# longer than two years (a leap day and both ends counted: 732 days) is too far to steer by.
MIN_PERIOD_DAYS, MAX_PERIOD_DAYS = 7, 732


def _kpi_name(draft: GoalDraft) -> Message:
    return KpiName("kpi_name", {"id": draft.kpi})


def _v(letter: str, status: Status, reason: str, fix: str | None = None, **params: Any) -> Verdict:
    key = f"smart.{letter}.{reason}"
    return Verdict(letter=letter, status=status, reason=Message(key, params),
                   fix=Message(f"smart.{letter}.{fix}.fix", params) if fix else None)


# ----------------------------------------------------------------------------- S


def specific(draft: GoalDraft) -> Verdict:
    """Clearly defined: a KPI, a number (hence a direction) and a scope."""
    if draft.kpi is None and not draft.has_number:
        return _v("specific", "fail", "vague", "vague")
    if draft.kpi is None:
        return _v("specific", "fail", "no_kpi", "no_kpi")
    if not draft.has_number:
        return _v("specific", "fail", "no_number", "no_number", kpi=_kpi_name(draft))
    if not (draft.channel or draft.scope or draft.product or draft.audience or draft.location):
        return _v("specific", "warn", "no_scope", "no_scope", kpi=_kpi_name(draft))
    where = draft.scope or draft.product or draft.location or draft.audience or ""
    if draft.scope:  # "link clicks to our shop" after the KPI's name reads "to our shop"
        where = Scope("scope", {"text": draft.scope, "kpi": draft.kpi, "channel": draft.channel})
    channel = Message(f"channel.{draft.channel}", {}) if draft.channel else ""
    return _v("specific", "pass", "ok", kpi=_kpi_name(draft), channel=channel, scope=where)


# ----------------------------------------------------------------------------- M


def measurable(draft: GoalDraft) -> Verdict:
    """Counted in an analytics tool, from a known starting point."""
    if draft.kpi is None:
        return _v("measurable", "fail", "no_kpi", "no_kpi")
    kpi = catalogue().kpi(draft.kpi)
    source = Message(f"tracking.{kpi.source}", {})
    if draft.baseline is None:
        return _v("measurable", "warn", "no_baseline", "no_baseline", kpi=_kpi_name(draft),
                  source=source)
    if not draft.tracking:
        return _v("measurable", "warn", "no_tracking", "no_tracking", kpi=_kpi_name(draft),
                  source=source)
    return _v("measurable", "pass", "ok", kpi=_kpi_name(draft), tracking=tracking_label(draft.tracking),
              baseline=kpi_value(kpi, draft.baseline, draft.currency))


# ----------------------------------------------------------------------------- A


def can_judge_achievability(draft: GoalDraft, has_history: bool = False) -> bool:
    """A KPI, a number, a deadline not before the start and something to measure the step from."""
    return bool(draft.kpi and draft.has_number and draft.deadline and not _deadline_before_start(draft)
                and (draft.baseline is not None or has_history))


def _deadline_before_start(draft: GoalDraft) -> bool:
    return draft.start is not None and draft.deadline is not None and draft.deadline < draft.start


def achievable(draft: GoalDraft, assessment: "Achievability | None" = None) -> Verdict:
    """Realistic for the time and resources: the verdict of
    :func:`smartkit.analysis.achievability.assess` (measured on history when there is enough, else on
    typical growth per KPI kind, and against the budget), or what is missing to judge it."""
    if draft.kpi is None or not draft.has_number:
        return _v("achievable", "warn", "no_target", "no_target")
    if _deadline_before_start(draft):
        return Verdict(letter="achievable", status="warn", reason=Message("goals.achievable.no_period", {}),
                       fix=Message("smart.time_bound.before_start.fix", {}))
    if assessment is None and draft.baseline is None:
        return _v("achievable", "warn", "no_baseline", "no_baseline", kpi=_kpi_name(draft))
    if assessment is None:
        return _v("achievable", "warn", "no_deadline", "no_deadline")
    from smartkit.analysis.achievability import VERDICT_STATUS

    status: Status = VERDICT_STATUS[assessment.verdict]
    if status == "pass":
        return Verdict(letter="achievable", status=status, reason=assessment.reason)
    from_budget = assessment.budget is not None and assessment.reason is assessment.budget.reason
    suggested = assessment.suggested_targets.realistic.value
    fix_key = "budget" if from_budget else assessment.basis
    if not _sensible(suggested):  # nothing sensible to suggest (none, or beyond any real figure): no number
        return Verdict(letter="achievable", status=status, reason=assessment.reason,
                       fix=Message("goals.achievable.no_suggestion.fix", {}))
    fix = Message(f"smart.achievable.{fix_key}.fix", {
        "suggested": kpi_value(catalogue().kpi(draft.kpi), suggested, draft.currency)})
    return Verdict(letter="achievable", status=status, reason=assessment.reason, fix=fix)


# ----------------------------------------------------------------------------- R


def _sensible(value: float | None) -> bool:
    """A suggested value worth naming: a finite figure within what a goal may hold."""
    return value is not None and math.isfinite(value) and 0 <= value <= MAX_AMOUNT


def is_backwards(draft: GoalDraft) -> bool:
    """The target moves the KPI against its better direction: followers or purchases down,
    cost per click or response time up. (Keeping the level is not backwards.)"""
    if draft.kpi is None or draft.change_pct is None:
        return False
    way = direction(draft)
    return way != "keep" and (way == "increase") != catalogue().kpi(draft.kpi).higher_is_better


def the_right_way(draft: GoalDraft, assessment: "Achievability | None" = None) -> Any:
    """The target the user probably meant: the realistic suggestion when it goes the better
    way, else the same step taken the better way; a signed % when there is no baseline."""
    kpi = catalogue().kpi(draft.kpi)
    step = abs(draft.change_pct or 0.0)
    sign = 1 if kpi.higher_is_better else -1
    if draft.baseline is None or draft.baseline == 0:
        return Percent(sign * min(step, 100.0), signed=True)
    if assessment is not None:
        suggested = assessment.suggested_targets.realistic.value
        if (_sensible(suggested) and (suggested - draft.baseline) * sign > 0
                and suggested <= 2 * draft.baseline):
            return kpi_value(kpi, suggested, draft.currency)
    step = min(step, 100.0 if sign > 0 else 50.0)  # at most doubled or halved
    value = draft.baseline + sign * abs(draft.baseline) * step / 100  # a net change may start below 0
    return kpi_value(kpi, min(value, 100.0) if kpi.unit == "percent" else value, draft.currency)


def slows_the_fall(draft: GoalDraft, assessment: "Achievability | None") -> bool:
    """A target below the baseline of a KPI that is falling, where even holding the baseline is
    unlikely: no lower than the suggested card that slows the fall, it is a real goal ("slow the
    fall to …"), not a backwards one."""
    if assessment is None or draft.change_pct is None or draft.kpi is None:
        return False
    cards = assessment.suggested_targets.slowing_the_fall()
    if not cards:
        return False
    sign = 1 if catalogue().kpi(draft.kpi).higher_is_better else -1
    return sign * draft.change_pct >= min(sign * card.change_pct for card in cards) - 1e-9


def backwards(draft: GoalDraft, assessment: "Achievability | None" = None) -> Verdict:
    """The Relevant verdict of a backwards target: it warns, says why, offers the fix."""
    kpi = catalogue().kpi(draft.kpi)
    way = "higher" if kpi.higher_is_better else "lower"
    params = {"kpi": _kpi_name(draft), "change": Percent(draft.change_pct, signed=True),
              "suggested": the_right_way(draft, assessment)}
    fix = "goals.backwards.fix.no_objective"
    if draft.objective is not None:
        params["objective"] = Message(f"objective.{draft.objective}.name", {})
        fix = "goals.backwards.fix"
    return Verdict(letter="relevant", status="warn", reason=Message(f"goals.backwards.{way}", params),
                   fix=Message(f"{fix}.{way}", params))


def relevant(draft: GoalDraft, assessment: "Achievability | None" = None) -> Verdict:
    """Serves the objective and the business goal; not a vanity metric for sales; moves the KPI
    the better way."""
    if is_backwards(draft) and not _off_objective(draft) and not slows_the_fall(draft, assessment):
        return backwards(draft, assessment)
    if draft.objective is None:
        return _v("relevant", "warn", "no_objective", "no_objective")
    objective = Message(f"objective.{draft.objective}.name", {})
    examples_msg = _kpi_list(draft.objective, draft.channel)
    if draft.kpi is None:
        return _v("relevant", "warn", "no_kpi", "no_kpi", objective=objective, examples=examples_msg)
    kpi = catalogue().kpi(draft.kpi)
    if _off_objective(draft):
        return _v("relevant", "fail", "off_objective", "off_objective", kpi=_kpi_name(draft),
                  objective=objective, examples=examples_msg)
    if kpi.is_vanity_for(draft.objective):
        return _v("relevant", "warn", "vanity", "vanity", kpi=_kpi_name(draft), objective=objective,
                  examples=examples_msg)
    if not draft.business_goal:
        return _v("relevant", "warn", "no_business_goal", "no_business_goal", kpi=_kpi_name(draft),
                  objective=objective)
    return _v("relevant", "pass", "ok", kpi=_kpi_name(draft), objective=objective,
              business_goal=draft.business_goal)


def _off_objective(draft: GoalDraft) -> bool:
    """The KPI does not show progress towards the objective (and is not even its vanity metric)."""
    if draft.objective is None or draft.kpi is None:
        return False
    kpi = catalogue().kpi(draft.kpi)
    return draft.objective not in kpi.objectives and not kpi.is_vanity_for(draft.objective)


class _KpiList(Message):
    """KPI names as they read in a sentence, joined the language's way ("A, B or C")."""

    def render(self, lang: Lang | str | None = "en") -> str:
        from smartkit.i18n import fmt_list

        return fmt_list([KpiName("kpi_name", {"id": kpi_id}).render(lang) for kpi_id in self.params["ids"]], lang)


def _kpi_list(objective: str, channel: str | None) -> Message:
    good = [k.id for k in catalogue().kpis_for(objective, channel) if not k.is_vanity_for(objective)]
    return _KpiList("kpi_list", {"ids": tuple(good[:3])})


# ----------------------------------------------------------------------------- T


def time_bound(draft: GoalDraft, today: dt.date | None = None) -> Verdict:
    """A deadline after the start and not in the past, a sensible horizon, a review cadence."""
    today = today or dt.date.today()
    start = draft.start or today
    if draft.deadline is None:
        return _v("time_bound", "fail", "no_deadline", "no_deadline")
    if draft.deadline <= start:
        return _v("time_bound", "fail", "before_start", "before_start", deadline=draft.deadline,
                  start=start)
    if draft.deadline < today:
        return _v("time_bound", "fail", "past", "past", deadline=draft.deadline)
    days = period_days(start, draft.deadline)
    params = {"deadline": draft.deadline, "start": start, "period": period(days)}
    if days < MIN_PERIOD_DAYS:
        return _time_bound("warn", "too_short", **params)
    if days > MAX_PERIOD_DAYS:
        return _time_bound("warn", "too_long", **params)
    if draft.review_every_days is None:
        return _time_bound("warn", "no_review", **params)
    return _time_bound("pass", "ok", cadence=cadence(draft.review_every_days), **params)


def _time_bound(status: Status, reason: str, **params: Any) -> Verdict:
    """Time-bound verdicts that name the goal period in words ("1 day", "31 days")."""
    return Verdict(letter="time_bound", status=status, reason=Message(f"goals.time_bound.{reason}", params),
                   fix=Message(f"smart.time_bound.{reason}.fix", params) if status != "pass" else None)


# ----------------------------------------------------------------------------- all


def _rank(status: Status) -> int:
    return {"pass": 0, "warn": 1, "fail": 2}[status]


class SmartReport(BaseModel):
    """The five verdicts, the overall status and what to fix first (fails, then warnings)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    verdicts: dict[str, Verdict]
    overall: Status
    achievability: Any = None  # the Achievability measured on history, when there was history

    @property
    def fix_first(self) -> list[Verdict]:
        todo = [v for v in self.verdicts.values() if v.status != "pass" and v.fix is not None]
        return sorted(todo, key=lambda v: -_rank(v.status))

    def as_dict(self, lang: Lang | str = "en") -> dict[str, Any]:
        return {"verdicts": {letter: v.as_dict(lang) for letter, v in self.verdicts.items()},
                "overall": self.overall,
                "fix_first": [v.fix.render(lang) for v in self.fix_first if v.fix]}


_NOT_GIVEN: Any = object()


def evaluate(draft: GoalDraft, history: "pd.DataFrame | None" = None,
             today: dt.date | None = None, achievability: "Achievability | None" = _NOT_GIVEN) -> SmartReport:
    """All five SMART verdicts for a draft. Achievable is measured on ``history`` when given
    (else on typical growth), or taken as ``achievability`` when the caller has judged it
    already (:mod:`smartkit.goals.assessment`: one judgement per goal); it is kept on the
    report for its numbers."""
    assessment = achievability if achievability is not _NOT_GIVEN else None
    if achievability is _NOT_GIVEN and can_judge_achievability(draft, history is not None):
        from smartkit.analysis.achievability import assess

        assessment = assess(draft, history, today=today)
    verdicts = {
        "specific": specific(draft),
        "measurable": measurable(draft),
        "achievable": achievable(draft, assessment),
        "relevant": relevant(draft, assessment),
        "time_bound": time_bound(draft, today),
    }
    assert tuple(verdicts) == LETTERS
    overall = max((v.status for v in verdicts.values()), key=_rank)
    return SmartReport(verdicts=verdicts, overall=overall, achievability=assessment)
