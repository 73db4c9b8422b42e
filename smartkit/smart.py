"""The SMART criteria engine: a verdict per letter, with a reason and a concrete fix.

Each letter is one pure function of the draft (``specific(draft)``...). ``evaluate`` runs them
all, derives the overall status and the list of what to fix first. Reasons and fixes are
:class:`~smartkit.i18n.Message` objects, rendered later in the user's language.

Achievable is judged on the user's history when it is given (``smartkit.achievability``), and
otherwise on the documented heuristics below, in which case the reason says so.
"""
from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel, ConfigDict

from smartkit.catalogue import KPI, catalogue
from smartkit.i18n import Lang, Message, Percent
from smartkit.models import DAYS_PER_MONTH, LETTERS, GoalDraft, Status, Verdict

if TYPE_CHECKING:
    import pandas as pd

AD_CHANNELS = frozenset({"google_ads"})
MIN_HORIZON_DAYS, MAX_HORIZON_DAYS = 7, 730

# Words in a plan that mean paid promotion, in the four UI languages ("boosted posts" is paid).
PAID_PLAN_WORDS = ("boost", "ads", "advert", "sponsor", "paid", "promot", "campaign",
                   "quảng cáo", "chạy ads", "โฆษณา", "บูสต์", "ยิงแอด", "تبلیغ", "بوست", "آگهی")


class GrowthLimits(NamedTuple):
    """Monthly compound change a KPI can make: up to ``realistic`` is a sound goal, up to
    ``ambitious`` is a stretch, beyond it is unrealistic (in %, relative to the baseline)."""

    realistic: float
    ambitious: float


# Heuristics used when no history is given: typical monthly growth per KPI kind, without and
# with paid support. Small accounts on social media grow followers a few % a month organically
# (001: 400 → 480 in one month needs boosted posts); paid reach moves counts faster; ratios such
# as CTR or engagement rate move slowly either way (000: +20 % engagement rate in three months).
GROWTH_LIMITS: dict[tuple[str, bool], GrowthLimits] = {
    ("count", False): GrowthLimits(10, 25),
    ("count", True): GrowthLimits(20, 50),
    ("stock", False): GrowthLimits(5, 15),
    ("stock", True): GrowthLimits(25, 60),
    ("ratio", False): GrowthLimits(8, 20),
    ("ratio", True): GrowthLimits(8, 20),
    ("average", False): GrowthLimits(8, 20),
    ("average", True): GrowthLimits(8, 20),
}
# A KPI can grow faster than its spend (better targeting, organic lift), but not without limit:
# more than twice the budget change plus the organic allowance (the realistic organic monthly
# growth times the months, not compounded) is a promise the budget can't keep
# (003: don't promise to double traffic when ad spend rises only 10 %).
BUDGET_ELASTICITY_LIMIT = 2.0


def heuristic_growth_limits(kind: str, paid: bool) -> GrowthLimits:
    return GROWTH_LIMITS[(kind, paid)]


def has_paid_support(draft: GoalDraft) -> bool:
    """A budget above zero, or (budget not given) a plan that names paid promotion."""
    if draft.budget is not None:
        return draft.budget > 0
    plan = (draft.plan or "").casefold()
    return any(word in plan for word in PAID_PLAN_WORDS)


def improvement_factor(kpi: KPI, baseline: float, target: float) -> float:
    """How many times better the target is than the baseline, in the KPI's good direction."""
    if kpi.higher_is_better:
        return target / baseline
    return baseline / target if target > 0 else math.inf


def monthly_rate(factor: float, horizon_days: int) -> float:
    """The compound monthly change (in %) that turns 1 into ``factor`` over the horizon."""
    months = max(horizon_days, 1) / DAYS_PER_MONTH
    if factor <= 0 or math.isinf(factor):
        return math.inf
    return (factor ** (1 / months) - 1) * 100


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


def _kpi_name(draft: GoalDraft) -> Message:
    return KpiName("kpi_name", {"id": draft.kpi})


def period(days: int) -> Message:
    """A horizon in words: "30 days", "one month", "6 months"."""
    months = days / DAYS_PER_MONTH
    if days < 28:
        return Message("period.days", {"n": days})
    if months < 1.5:
        return Message("period.one_month", {})
    return Message("period.months", {"n": round(months, 1)})


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


# ----------------------------------------------------------------------------- A


def achievable(draft: GoalDraft, history: "pd.DataFrame | None" = None,
               today: dt.date | None = None) -> Verdict:
    """Realistic for the time and resources: judged on history when given, else heuristics."""
    if draft.kpi is None or not draft.has_number:
        return _v("achievable", "warn", "no_target", "no_target")
    if draft.baseline is None and history is None:
        return _v("achievable", "warn", "no_baseline", "no_baseline", kpi=_kpi_name(draft))
    if draft.deadline is None:
        return _v("achievable", "warn", "no_deadline", "no_deadline")
    if history is not None:
        from smartkit.achievability import assess

        result = assess(draft, history, today=today)
        status: Status = {"realistic": "pass", "ambitious": "warn", "unrealistic": "fail"}[result.verdict]
        fix = None if status == "pass" else Message("smart.achievable.history.fix", {
            "suggested": kpi_value(catalogue().kpi(draft.kpi),
                                   result.suggested_targets.realistic.value, draft.currency)})
        return Verdict(letter="achievable", status=status, reason=result.reason, fix=fix)
    return heuristic_achievable(draft, today)


def heuristic_achievable(draft: GoalDraft, today: dt.date | None = None) -> Verdict:
    """Judge the required monthly change against :data:`GROWTH_LIMITS`, and the growth against
    the budget change; the worse of the two wins."""
    kpi = catalogue().kpi(draft.kpi)
    baseline, target = draft.baseline, draft.resolved_target
    start = draft.start or today or dt.date.today()
    horizon = max((draft.deadline - start).days, 1)
    if not baseline or target is None:
        return _v("achievable", "warn", "no_baseline", "no_baseline", kpi=_kpi_name(draft))
    factor = improvement_factor(kpi, baseline, target)
    if factor <= 1:
        return _v("achievable", "pass", "keep", kpi=_kpi_name(draft))
    paid = has_paid_support(draft)
    limits = heuristic_growth_limits(kpi.kind, paid)
    rate = monthly_rate(factor, horizon)
    params = dict(kpi=_kpi_name(draft), change=Percent((factor - 1) * 100),
                  period=period(horizon), monthly=Percent(min(rate, 1e6)),
                  realistic=Percent(limits.realistic), ambitious=Percent(limits.ambitious),
                  support=Message(f"smart.achievable.support.{'paid' if paid else 'organic'}", {}),
                  kind=Message(f"kind.{kpi.kind}", {}))
    realistic_target = baseline * _grow(limits.realistic, horizon) if kpi.higher_is_better \
        else baseline / _grow(limits.realistic, horizon)
    params["suggested"] = kpi_value(kpi, realistic_target, draft.currency)
    if rate > limits.ambitious:
        verdict = _v("achievable", "fail", "heuristic.fail", "heuristic", **params)
    elif rate > limits.realistic:
        verdict = _v("achievable", "warn", "heuristic.warn", "heuristic", **params)
    else:
        verdict = _v("achievable", "pass", "heuristic.pass", **params)
    budget = budget_verdict(draft, kpi, factor, horizon)
    return budget if budget and _rank(budget.status) >= _rank(verdict.status) else verdict


def _grow(monthly_pct: float, horizon_days: int) -> float:
    return (1 + monthly_pct / 100) ** (horizon_days / DAYS_PER_MONTH)


def budget_verdict(draft: GoalDraft, kpi: KPI, factor: float, horizon_days: int) -> Verdict | None:
    """Warn when the KPI must grow far faster than the ad spend behind it."""
    if draft.budget_change_pct is None or not kpi.higher_is_better:
        return None
    if not (kpi.paid or draft.channel in AD_CHANNELS or has_paid_support(draft)):
        return None
    organic = heuristic_growth_limits(kpi.kind, False).realistic * horizon_days / DAYS_PER_MONTH
    allowed = BUDGET_ELASTICITY_LIMIT * max(draft.budget_change_pct, 0) + organic
    change = (factor - 1) * 100
    if change <= allowed:
        return None
    return _v("achievable", "warn", "budget", "budget", kpi=_kpi_name(draft), change=Percent(change),
              budget_change=Percent(draft.budget_change_pct), allowed=Percent(allowed))


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
    """A comma-separated list of KPI names, rendered in the user's language."""

    def render(self, lang: Lang | str | None = "en") -> str:
        from smartkit.i18n import t

        return ", ".join(t(f"kpi.{kpi_id}.name", lang) for kpi_id in self.params["ids"])


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


# ----------------------------------------------------------------------------- all


def _rank(status: Status) -> int:
    return {"pass": 0, "warn": 1, "fail": 2}[status]


class SmartReport(BaseModel):
    """The five verdicts, the overall status and what to fix first (fails, then warnings)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    verdicts: dict[str, Verdict]
    overall: Status

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
    """All five SMART verdicts for a draft."""
    verdicts = {
        "specific": specific(draft),
        "measurable": measurable(draft),
        "achievable": achievable(draft, history, today),
        "relevant": relevant(draft),
        "time_bound": time_bound(draft, today),
    }
    assert tuple(verdicts) == LETTERS
    overall = max((v.status for v in verdicts.values()), key=_rank)
    return SmartReport(verdicts=verdicts, overall=overall)
