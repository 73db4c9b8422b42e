"""The SMART criteria engine: a verdict per letter, with a reason and a concrete fix.

Each letter is one pure function of the draft (``specific(draft)``...). ``evaluate`` runs them
all, derives the overall status and the list of what to fix first. Reasons and fixes are
:class:`~smartkit.i18n.Message` objects, rendered later in the user's language.

Achievable is judged by :mod:`smartkit.analysis.achievability`: on the user's history when it is given,
and otherwise on its documented heuristics, in which case the reason says so.
"""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from smartkit.catalogue import KPI, catalogue
from smartkit.i18n import Lang, Message, Percent
from smartkit.goals.wording import KpiName, cadence, kpi_value, period, sentence_case, tracking_label
from smartkit.models import DAYS_PER_MONTH, LETTERS, GoalDraft, Status, Verdict

if TYPE_CHECKING:
    import pandas as pd

    from smartkit.analysis.achievability import Achievability

MIN_HORIZON_DAYS, MAX_HORIZON_DAYS = 7, 730


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
    """A KPI, a number, a deadline and something to measure the step from."""
    return bool(draft.kpi and draft.has_number and draft.deadline
                and (draft.baseline is not None or has_history))


def achievable(draft: GoalDraft, assessment: "Achievability | None" = None) -> Verdict:
    """Realistic for the time and resources: the verdict of
    :func:`smartkit.analysis.achievability.assess` (measured on history when there is enough, else on
    typical growth per KPI kind, and against the budget), or what is missing to judge it."""
    if draft.kpi is None or not draft.has_number:
        return _v("achievable", "warn", "no_target", "no_target")
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
    fix = Message(f"smart.achievable.{fix_key}.fix", {
        "suggested": kpi_value(catalogue().kpi(draft.kpi), suggested, draft.currency)})
    return Verdict(letter="achievable", status=status, reason=assessment.reason, fix=fix)


# ----------------------------------------------------------------------------- R


def relevant(draft: GoalDraft) -> Verdict:
    """Serves the objective and the business goal; not a vanity metric for sales."""
    if draft.objective is None:
        return _v("relevant", "warn", "no_objective", "no_objective")
    objective = Message(f"objective.{draft.objective}.name", {})
    examples_msg = _kpi_list(draft.objective, draft.channel)
    if draft.kpi is None:
        return _v("relevant", "warn", "no_kpi", "no_kpi", objective=objective, examples=examples_msg)
    kpi = catalogue().kpi(draft.kpi)
    if draft.objective not in kpi.objectives and not kpi.is_vanity_for(draft.objective):
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
    days = (draft.deadline - start).days
    if days < MIN_HORIZON_DAYS:
        return _v("time_bound", "warn", "too_short", "too_short", days=days)
    if days > MAX_HORIZON_DAYS:
        return _v("time_bound", "warn", "too_long", "too_long", days=days)
    if draft.review_every_days is None:
        return _v("time_bound", "warn", "no_review", "no_review", deadline=draft.deadline, days=days)
    return _v("time_bound", "pass", "ok", deadline=draft.deadline, days=days, start=start,
              cadence=cadence(draft.review_every_days))


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


def evaluate(draft: GoalDraft, history: "pd.DataFrame | None" = None,
             today: dt.date | None = None) -> SmartReport:
    """All five SMART verdicts for a draft. Achievable is measured on ``history`` when given
    (else on typical growth); the assessment is kept on the report for its numbers."""
    assessment = None
    if can_judge_achievability(draft, history is not None):
        from smartkit.analysis.achievability import assess

        assessment = assess(draft, history, today=today)
    verdicts = {
        "specific": specific(draft),
        "measurable": measurable(draft),
        "achievable": achievable(draft, assessment),
        "relevant": relevant(draft),
        "time_bound": time_bound(draft, today),
    }
    assert tuple(verdicts) == LETTERS
    overall = max((v.status for v in verdicts.values()), key=_rank)
    return SmartReport(verdicts=verdicts, overall=overall, achievability=assessment)
