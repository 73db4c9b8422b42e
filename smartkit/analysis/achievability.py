"""Achievable, measured: the goal's required change against the KPI's own history and forecast.

Conventions (the *goal measure*, the same as :mod:`smartkit.analysis.forecast`): with a goal period of
``n = deadline − start + 1`` days,

* **count**: the baseline is the total over the ``n`` days before ``start``, the target is the
  total over ``start``..``deadline`` ("sessions this month vs last month");
* **stock**: the baseline is the last value (for followers rebuilt from daily changes, the
  draft's ``baseline`` is today's count), the target is the value on the deadline;
* **ratio / average**: Σ/Σ (or the mean) over ``w = min(28, n)`` days, ending before ``start``
  for the baseline and on the deadline for the target.

The required change is the draft's own (% change, or target ÷ baseline when both are typed);
the history's baseline turns it into the target figure on the data's scale.

Evidence (``basis="history"`` when the data spans at least four goal periods):

* **own-history percentile**: every change over ``n`` days in the history (rolling, day by day)
  is compared with the required one. ``achieved_share`` = the share of past periods that did at
  least as well (in the KPI's good direction); ``history_percentile`` = 100 × (1 − share), the
  percentile of the required change among the past changes. For a stock only periods that
  started at ≥ half today's level count (+50 % on a young page's first 60 followers says little).
* **forecast**: P(goal measure reaches the target) under :func:`smartkit.analysis.forecast.forecast`.
* ``chance`` (:func:`combine_chance`), the one figure shown: the probability that the goal
  measure reaches the target by the deadline, pooled from the two on the log-odds scale
  (``σ(½·logit(share) + ½·logit(p_forecast))``, each part clipped to 2–98 %), so it is never a
  flat 0 % or 100 %. ``bench/calibration.py`` checks it on past goals: it scores better (Brier)
  than either part alone, and a fitted weighting does only slightly better out of sample (README).
  When the two parts are 40 points or more apart, the reason says so in plain words.
  The verdict follows the chance (:func:`verdict_at`): **realistic** when the chance ≥ 20 %,
  **ambitious** when ≥ 5 %, **unrealistic** below; only the budget check can make it worse.
* **budget**: with a budget change (``budget_change_pct``) on a paid KPI or channel, a required
  change above 2 × the budget change + the realistic organic allowance is at best ambitious
  (003: don't promise to double traffic when spend rises 10 %). With a ``budget`` and a ``spend`` column, the target
  × the historical cost per result is compared with the budget: short → ambitious, less than
  half → unrealistic. When the budget planner fits a response curve to the history's daily spend
  (:mod:`smartkit.analysis.budget`), the curve replaces that rule of thumb: the chance of
  reaching the target with the planned budget, from the curve, gives the budget's verdict on the
  chance's thresholds (:func:`curve_budget_check`). The worst of history and budget wins.

Short history (fewer than four goal periods) or no data for the KPI: ``basis="heuristic"``,
judged on :data:`GROWTH_LIMITS`, and the reason says so. :func:`assess` never
raises for thin data.

Suggested targets (:func:`suggest_targets`, which needs no target): chosen on the chance, the
most ambitious round value that keeps 50 % (conservative), 20 % (realistic) and 5 % (stretch);
on heuristics, half the realistic monthly growth, the realistic and the ambitious growth, without
a probability. Each passes Achievable as the goal would be judged, budget included
(:func:`verdict_at`, the one rule), and stays within what a goal may hold (:func:`within_limits`).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import math
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from smartkit.analysis.baseline import (
    RATIO_WINDOW_DAYS,
    Cleaned,
    clean,
    history_warnings,
    measured_baseline,
    rolling_measure,
)
from smartkit.analysis.forecast import Forecast, day_count, goal_forecast
from smartkit.catalogue import KPI, get_kpi
from smartkit.errors import GoalError, SmartkitError
from smartkit.i18n import Lang, Message, Money, Percent
from smartkit.models import (DAYS_PER_MONTH, MAX_AMOUNT, MAX_CHANGE_PCT, MAX_FACTOR, GoalDraft,
                             period_days as goal_period_days)

VerdictName = Literal["realistic", "ambitious", "unrealistic"]
VERDICT_STATUS: dict[str, str] = {"realistic": "pass", "ambitious": "warn", "unrealistic": "fail"}
_ORDER = ("realistic", "ambitious", "unrealistic")
REALISTIC_P, AMBITIOUS_P = 0.20, 0.05
MIN_PERIODS = 4                 # history must span four goal periods to be judged on
MIN_CHANGES = 20                # ... and give at least 20 comparable changes
# Each suggested target keeps at least this chance (the README's lines: a realistic goal from 20 %,
# an ambitious one from 5 %; a conservative one is more likely than not).
CARD_CHANCE = {"conservative": 0.50, "realistic": REALISTIC_P, "stretch": AMBITIOUS_P}
# The verdict each card must pass Achievable with (stretch may be a stretch, never unrealistic).
CARD_VERDICTS = {"conservative": ("realistic",), "realistic": ("realistic",),
                 "stretch": ("realistic", "ambitious")}
ROUND_DIGITS = 3                 # a suggested value is rounded to three significant digits
DEFAULT_HORIZON_DAYS = 30
STOCK_COMPARABLE_LEVEL = 0.5     # stock periods starting below half today's level are not comparable


# ----------------------------------------------------------------------------- heuristics
# Used when history is missing or too short to judge on: typical growth per KPI kind.

AD_CHANNELS = frozenset({"google_ads"})

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
    """(realistic, ambitious) monthly compound change in % for a KPI kind."""
    return GROWTH_LIMITS[(kind, paid)]


def has_paid_support(draft: GoalDraft) -> bool:
    """A budget above zero, or (budget not given) a plan that names paid promotion."""
    if draft.budget is not None:
        return draft.budget > 0
    plan = (draft.plan or "").casefold()
    return any(word in plan for word in PAID_PLAN_WORDS)


# A monthly change beyond the largest change a goal may ask for at all (models.MAX_CHANGE_PCT,
# +999,900 %) is shown as "more than" that: ×1,000 in one day works out at about 10⁹¹ % a month.
MAX_MONTHLY_PCT = MAX_CHANGE_PCT


def monthly_rate(factor: float, horizon_days: int) -> float:
    """The compound monthly change (in %) that turns 1 into ``factor`` over the horizon, worked
    out in log space and capped at :data:`MAX_MONTHLY_PCT` (a short horizon raises the factor to
    a high power: ×2.5·10¹² in one day would overflow); −100 when nothing is left (factor ≤ 0).
    Always finite."""
    if factor <= 0:
        return -100.0
    if not math.isfinite(factor):
        return MAX_MONTHLY_PCT
    months = max(horizon_days, 1) / DAYS_PER_MONTH
    exponent = math.log(factor) / months
    if exponent >= math.log1p(MAX_MONTHLY_PCT / 100):
        return MAX_MONTHLY_PCT
    return math.expm1(exponent) * 100



def _worst(*verdicts: str | None) -> str:
    return max((v for v in verdicts if v), key=_ORDER.index)


# ----------------------------------------------------------------------------- models


class SuggestedTarget(BaseModel, frozen=True):
    value: float | None = None       # None while there is no baseline to apply the change to
    change_pct: float
    probability: float | None = None  # THE chance of this very value (with history)
    slows_fall: bool = False         # the KPI is falling: the card slows the fall, it does not grow it

    def as_json(self) -> dict[str, Any]:
        """The contract's ``{value, change_pct, chance}`` (``probability`` kept for old readers)."""
        return {"value": self.value, "change_pct": self.change_pct, "chance": self.probability,
                "probability": self.probability, "slows_fall": self.slows_fall}


class SuggestedTargets(BaseModel, frozen=True):
    conservative: SuggestedTarget
    realistic: SuggestedTarget
    stretch: SuggestedTarget

    def as_json(self) -> dict[str, Any]:
        return {name: getattr(self, name).as_json() for name in CARD_CHANCE}

    def slowing_the_fall(self) -> list[SuggestedTarget]:
        return [card for card in (self.conservative, self.realistic, self.stretch) if card.slows_fall]


class BudgetCheck(BaseModel):
    """The growth asked for against the spend behind it."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    verdict: VerdictName
    flagged: bool
    required_change_pct: float
    budget_change_pct: float | None = None
    allowed_change_pct: float | None = None          # 2 × budget change + organic (realistic)
    cost_per_result: float | None = None
    spend_needed: float | None = None
    planned_budget: float | None = None
    reasons: list[Message] = []

    @property
    def reason(self) -> Message | None:
        """The first reason the budget limits the goal (None when it does not)."""
        return self.reasons[0] if self.reasons else None

    def as_json(self, lang: Lang | str = "en") -> dict[str, Any]:
        data = self.model_dump(exclude={"reasons"})
        data["reasons"] = [r.render(lang) for r in self.reasons]
        return data


class Achievability(BaseModel):
    """How achievable a goal is, with the numbers behind the verdict."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    verdict: VerdictName
    basis: Literal["history", "heuristic"]
    reason: Message
    history_percentile: float | None = None
    achieved_share: float | None = None
    probability: float | None = None      # P(reaching the target) under the forecast alone
    chance: float | None = None           # THE chance: see combine_chance
    disagreement: bool = False            # history and forecast tell different stories
    comparable_periods: int | None = None
    required_change_pct: float | None = None
    baseline: float | None = None
    target: float | None = None
    period_days: int
    start: dt.date
    deadline: dt.date
    forecast: dict[str, Any] | None = None
    forecast_end: dict[str, float] | None = None   # the KPI at the deadline: mean, lower, upper
    budget: BudgetCheck | None = None
    suggested_targets: SuggestedTargets
    notes: list[Message] = []
    warnings: list[Message] = []

    @property
    def status(self) -> str:
        """The SMART status: realistic → pass, ambitious → warn, unrealistic → fail."""
        return VERDICT_STATUS[self.verdict]

    def as_json(self, lang: Lang | str = "en") -> dict[str, Any]:
        """``{"verdict", "history_percentile", "probability", "suggested_targets": {...}}`` and
        the numbers behind them."""
        return {
            "verdict": self.verdict,
            "history_percentile": None if self.history_percentile is None else round(self.history_percentile, 2),
            "probability": None if self.probability is None else round(self.probability, 4),
            "chance": None if self.chance is None else round(self.chance, 4),
            "forecast_end": None if self.forecast_end is None else {
                name: round(value, 4) for name, value in self.forecast_end.items()},
            "disagreement": self.disagreement,
            "suggested_targets": self.suggested_targets.as_json(),
            "basis": self.basis, "reason": self.reason.render(lang),
            "achieved_share": self.achieved_share, "comparable_periods": self.comparable_periods,
            "required_change_pct": self.required_change_pct, "baseline": self.baseline,
            "target": self.target, "period_days": self.period_days,
            "start": self.start.isoformat(), "deadline": self.deadline.isoformat(),
            "forecast": self.forecast, "budget": self.budget.as_json(lang) if self.budget else None,
            "notes": [n.render(lang) for n in self.notes],
            "warnings": [w.render(lang) for w in self.warnings],
        }


# ----------------------------------------------------------------------------- history math


def historical_changes(cleaned: Cleaned, period_days: int, level: float | None = None) -> pd.Series:
    """Every past relative change of the goal measure over ``period_days`` (fractions). For a
    stock, only periods that started at ≥ half of ``level`` (today's value) count as comparable."""
    measure = rolling_measure(cleaned, period_days)
    before = measure.shift(period_days)
    change = measure / before.where(before.abs() > 0) - 1
    if cleaned.kpi.kind == "stock" and level is not None and level > 0:
        # a young account's first weeks (+50 % on 60 followers) say little about growing 400
        change = change[before >= STOCK_COMPARABLE_LEVEL * level]
    return change.dropna()


# ----------------------------------------------------------------------------- heuristics


def _grow(monthly_pct: float, days: float) -> float:
    """The factor ``monthly_pct`` a month compounds to over ``days``, at most :data:`MAX_FACTOR`
    (in log space: 60 % a month for a century would overflow)."""
    exponent = days / DAYS_PER_MONTH * math.log1p(monthly_pct / 100)
    return math.exp(min(exponent, math.log(MAX_FACTOR)))


# Just inside the model's limits, so a suggested target is one the goal model accepts as typed.
_FACTOR_LIMIT = MAX_FACTOR * (1 - 1e-9)


def within_limits(kpi: KPI, base: float | None, change: float) -> tuple[float, float | None]:
    """A suggested change (a fraction) and the target it gives on ``base`` (None without one),
    kept to what a goal may hold (:mod:`smartkit.models`): a target at most
    :data:`~smartkit.models.MAX_FACTOR` times the baseline and at least 1/MAX_FACTOR of it, of at
    most :data:`~smartkit.models.MAX_AMOUNT`, and at most 100 for a KPI in percent. So "use this
    target" always gives a goal the model accepts, however long the period."""
    change = min(max(change, 1 / _FACTOR_LIMIT - 1), _FACTOR_LIMIT - 1)
    if base is None:
        return change, None
    highest = 100.0 if kpi.unit == "percent" else MAX_AMOUNT
    value = base * (1 + change)
    if abs(value) > highest:
        value = math.copysign(highest, value)
        change = value / base - 1
        # the same target typed as a % change must land within the limit too (float rounding)
        while abs(base * (1 + change * 100 / 100)) > highest:
            change = math.nextafter(change, -math.inf if value * base > 0 else math.inf)
    return change, value


def _heuristic_verdict(kpi: KPI, draft: GoalDraft, change: float, horizon: int) -> tuple[str, dict[str, Any]]:
    """On typical growth; ``horizon`` is the goal period in days (both ends counted)."""
    paid = has_paid_support(draft)
    realistic, ambitious = heuristic_growth_limits(kpi.kind, paid)
    factor = (1 + change) if kpi.higher_is_better else (1 / (1 + change) if change > -1 else math.inf)
    rate = monthly_rate(factor, horizon)
    verdict = "realistic" if factor <= 1 or rate <= realistic else \
        "ambitious" if rate <= ambitious else "unrealistic"
    params = dict(kpi=_kpi_name(kpi), change=Percent(change * 100, signed=True), period=_period(horizon),
                  monthly=_monthly_change(change, horizon),
                  realistic=Percent(realistic), ambitious=Percent(ambitious),
                  kind=Message(f"kind.{kpi.kind}", {}),
                  support=Message(f"smart.achievable.support.{'paid' if paid else 'organic'}", {}))
    return verdict, params


def _monthly_change(change: float, horizon: int) -> Percent | Message:
    """The compound monthly change of the KPI itself that adds up to ``change`` over the horizon
    (−57 % in 3 months is −24.6 % a month), as shown: "more than +999,900 %" beyond the cap."""
    rate = monthly_rate(1 + change, horizon)
    if rate >= MAX_MONTHLY_PCT:
        return Message("analysis.more_than", {"value": Percent(MAX_MONTHLY_PCT, signed=True)})
    return Percent(rate, signed=True)


def _kpi_name(kpi: KPI) -> Message:
    from smartkit.wording import KpiName

    return KpiName("kpi_name", {"id": kpi.id})


def _signed(kpi: KPI, improvement: float) -> float:
    return improvement if kpi.higher_is_better else -improvement


# ----------------------------------------------------------------------------- budget


def cost_per_result(cleaned_spend: pd.Series | None, kpi_values: pd.Series | None, start: pd.Timestamp,
                    period_days: int) -> float | None:
    """Spend ÷ results over the goal period just before ``start``; None without both."""
    if cleaned_spend is None or kpi_values is None:
        return None
    begin = start - pd.Timedelta(days=period_days)
    both = pd.DataFrame({"spend": cleaned_spend, "kpi": kpi_values}).loc[begin:start - pd.Timedelta(days=1)].dropna()
    if len(both) and both["kpi"].sum() > 0 and both["spend"].sum() > 0:
        return float(both["spend"].sum() / both["kpi"].sum())
    return None


def budget_check(draft: GoalDraft, kpi: KPI, change: float, horizon: int, target: float | None,
                 cleaned_spend: pd.Series | None, kpi_values: pd.Series | None,
                 start: pd.Timestamp, period_days: int, cpr: float | None = None) -> BudgetCheck | None:
    """The growth asked for against the budget (module docstring); None when nothing applies.
    ``cpr``: the cost per result when the caller worked it out already."""
    verdict, reasons = "realistic", []
    allowed = None
    required = change * 100
    applies = draft.budget_change_pct is not None and kpi.higher_is_better and kpi.id != "spend" and (
        kpi.paid or draft.channel in AD_CHANNELS or has_paid_support(draft))
    if applies:
        months = horizon / DAYS_PER_MONTH
        organic = heuristic_growth_limits(kpi.kind, False).realistic * months
        allowed = BUDGET_ELASTICITY_LIMIT * max(draft.budget_change_pct, 0.0) + organic
        if required > allowed:
            verdict = "ambitious"
        if verdict != "realistic":
            reasons.append(Message("smart.achievable.budget", {
                "kpi": _kpi_name(kpi), "change": Percent(required),
                "budget_change": Percent(draft.budget_change_pct), "allowed": Percent(allowed)}))
    needed = None
    if (draft.budget is not None and kpi.paid and kpi.kind == "count" and kpi.id != "spend"
            and target is not None):
        cpr = cpr if cpr is not None else cost_per_result(cleaned_spend, kpi_values, start, period_days)
        if cpr is not None:
            needed = target * cpr
            if draft.budget < needed:
                cost_verdict = "unrealistic" if draft.budget < needed / 2 else "ambitious"
                verdict = _worst(verdict, cost_verdict)
                reasons.append(Message("achievability.budget.cost", {
                    "cpr": Money(cpr, draft.currency), "target": round(target), "kpi": _kpi_name(kpi),
                    "needed": Money(needed, draft.currency), "budget": Money(draft.budget, draft.currency)}))
    else:
        cpr = None
    if not applies and cpr is None:
        return None
    return BudgetCheck(verdict=verdict, flagged=verdict != "realistic", required_change_pct=required,
                       budget_change_pct=draft.budget_change_pct, allowed_change_pct=allowed,
                       cost_per_result=cpr, spend_needed=needed, planned_budget=draft.budget,
                       reasons=reasons)


def curve_budget_check(draft: GoalDraft, found: Evidence, change: float, wanted: float | None,
                       rule: BudgetCheck | None) -> BudgetCheck | None:
    """The planned budget against the one the response curve says the target needs: the chance
    of reaching the target with the planned budget (from the same curve) gives the verdict, on
    the thresholds of the chance (realistic ≥ 20 %, ambitious ≥ 5 %); the elasticity rule
    (``rule``) still applies. Worst of the two."""
    if wanted is None or wanted <= 0:
        return rule
    curve, budget = found.curve, draft.budget
    chance = curve.chance(wanted, budget, found.start, found.deadline)
    verdict: VerdictName = "realistic" if chance >= REALISTIC_P else \
        "ambitious" if chance >= AMBITIOUS_P else "unrealistic"
    needed = None
    try:
        needed = curve.needed(wanted, found.start, found.deadline)
    except SmartkitError:
        pass
    reasons = list(rule.reasons) if rule is not None else []
    spend_needed = needed.total.mean if needed is not None and math.isfinite(needed.total.mean) else None
    if verdict != "realistic":
        reasons.append(Message("achievability.budget.curve", {
            "chance": Percent(chance * 100), "budget": Money(budget, draft.currency),
            "needed": Money(spend_needed, draft.currency) if spend_needed is not None
            else Message("achievability.budget.curve_out_of_reach", {})}))
    worst = _worst(verdict, rule.verdict if rule is not None else None)
    return BudgetCheck(verdict=worst, flagged=worst != "realistic", required_change_pct=change * 100,
                       budget_change_pct=draft.budget_change_pct,
                       allowed_change_pct=rule.allowed_change_pct if rule is not None else None,
                       cost_per_result=needed.average_cost if needed is not None else None,
                       spend_needed=spend_needed, planned_budget=budget, reasons=reasons)


# ----------------------------------------------------------------------------- the chance


def combine_chance(share: float, p_forecast: float | None) -> float:
    """THE chance figure: the probability that the goal measure reaches the target by the
    deadline. It pools how often the own history made the change (``share``) with the
    forecast's probability (``p_forecast``) on the log-odds scale, each clipped to
    [:data:`CHANCE_EPS`, 1 − :data:`CHANCE_EPS`]; checked by ``bench/calibration.py`` (README,
    "How the numbers are made"). Without a forecast: the share, clipped the same way."""
    if p_forecast is None:
        return _shrink(share, SHARE_ALONE_WEIGHT)
    logit = (CHANCE_WEIGHTS[0] + CHANCE_WEIGHTS[1] * _logit(share) + CHANCE_WEIGHTS[2] * _logit(p_forecast))
    return 1 / (1 + math.exp(-logit))


def _logit(p: float) -> float:
    p = min(max(p, CHANCE_EPS), 1 - CHANCE_EPS)
    return math.log(p / (1 - p))


def _shrink(p: float, weight: float) -> float:
    return 1 / (1 + math.exp(-weight * _logit(p)))


# Log-odds pooling with equal weights: ``bench/calibration.py --fit`` fits the weights on past
# goals; the fitted ones do only slightly better out of sample (leave one history out), so the simple
# rule is shipped. See the README for the table and the scores.
CHANCE_EPS = 0.02
CHANCE_WEIGHTS = (0.0, 0.5, 0.5)
SHARE_ALONE_WEIGHT = 1.0
DISAGREE = 0.4                  # the parts differ by 40 points or more: say so in plain words


def disagree(share: float | None, p_forecast: float | None) -> bool:
    """Own history and forecast tell different stories (≥ :data:`DISAGREE` apart)."""
    return share is not None and p_forecast is not None and abs(share - p_forecast) >= DISAGREE


# ----------------------------------------------------------------------------- the evidence


class Evidence(BaseModel):
    """What the data says about a goal period, before any target is judged: the period, the
    measured baseline, every comparable past change and the forecast (one per goal period)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    kpi: KPI
    start: dt.date
    deadline: dt.date
    period_days: int
    base: float | None
    cleaned: Cleaned | None = None
    problem: Message | None = None            # why the data could not be used at all
    good_changes: np.ndarray | None = None    # past changes in the KPI's good direction (enough data)
    history_days: int = 0
    forecast: Forecast | None = None
    forecast_problem: Message | None = None
    warnings: list[Message] = []
    memo: dict = {}                          # figures worked out once per goal (cost per result)
    curve: Any = None                        # the budget planner's fitted response (history with spend)
    curve_problem: Message | None = None     # why the history's spend gives no curve (bad spend data)

    @property
    def enough(self) -> bool:
        return self.good_changes is not None

    @property
    def window(self) -> int:
        return min(RATIO_WINDOW_DAYS, self.period_days)

    def forecast_probability(self, value: float) -> float | None:
        if self.forecast is None:
            return None
        return self.forecast.probability(value, start=self.start, higher=self.kpi.higher_is_better,
                                         window_days=self.window)

    def share_at(self, improvement: float) -> float:
        return float(np.mean(self.good_changes >= improvement - 1e-9))


def goal_period(draft: GoalDraft, last: dt.date | None, today: dt.date | None) -> tuple[dt.date, dt.date]:
    """The goal's start and deadline as judged: the draft's, else from today (else the day after
    the data) and :data:`DEFAULT_HORIZON_DAYS` on; a deadline never before the start."""
    start = draft.start or today or (last + dt.timedelta(days=1) if last is not None else dt.date.today())
    deadline = draft.deadline or start + dt.timedelta(days=DEFAULT_HORIZON_DAYS)
    return start, max(deadline, start)


def evidence(draft: GoalDraft, history: pd.DataFrame | None, today: dt.date | None = None) -> Evidence:
    """The evidence for a goal on ``history`` (None or thin → no comparable changes). Needs the
    draft's KPI, never its target. Thin, gappy or missing data never raises."""
    if draft.kpi is None:
        raise GoalError("error.goal.no_target")
    kpi = get_kpi(draft.kpi)
    cleaned: Cleaned | None = None
    problem: Message | None = None
    anchor = draft.baseline if kpi.kind == "stock" else None
    if history is not None and len(history):
        try:
            cleaned = clean(history, kpi.id, anchor=anchor, today=today)
        except SmartkitError as err:
            problem = Message(err.key, err.params)
    last = cleaned.frame.index[-1].date() if cleaned is not None else None
    start, deadline = goal_period(draft, last, today)
    days = goal_period_days(start, deadline)
    base = measured_baseline(cleaned, start, deadline) if cleaned is not None else None
    if base is None:
        base = draft.baseline
    if cleaned is None:
        return Evidence(kpi=kpi, start=start, deadline=deadline, period_days=days, base=base, problem=problem)
    warnings_ = [w for w in history_warnings(cleaned) if w.key != "baseline.warning.few_days"]
    changes = historical_changes(cleaned, days, base)
    span = (cleaned.frame.index[-1] - cleaned.frame.index[0]).days + 1
    enough = span >= MIN_PERIODS * days and len(changes) >= MIN_CHANGES and bool(base)
    good = None
    if enough:
        values = changes.to_numpy()
        good = np.asarray(values if kpi.higher_is_better else -values)
    fc = fc_problem = None
    try:
        fc = goal_forecast(cleaned, deadline)
    except SmartkitError as err:
        fc_problem = Message(err.key, err.params)
    curve, curve_problem = response_curve(draft, kpi, history)
    return Evidence(kpi=kpi, start=start, deadline=deadline, period_days=days, base=base, cleaned=cleaned,
                    good_changes=good, history_days=int(cleaned.frame.dropna(how="all").shape[0]),
                    forecast=fc, forecast_problem=fc_problem, warnings=warnings_,
                    curve=curve, curve_problem=curve_problem)


_CURVES: dict[tuple, Any] = {}
_CURVES_SIZE = 32


def response_curve(draft: GoalDraft, kpi: KPI, history: pd.DataFrame | None) -> tuple[Any, Message | None]:
    """The budget planner's curve for the goal's KPI (:func:`smartkit.analysis.budget.fit_response`)
    and, without one, why (None when the history has no spend at all: nothing to say). A KPI a
    budget does not buy by the day (a rate, an average) gives ``budget.error.kpi_not_bought``;
    spend the planner cannot use gives its :class:`~smartkit.analysis.budget.BudgetError`.

    The fit is kept by the content of the history, the KPI and the currency (like the forecast's
    fit): a goal edited in any other way (its target, its budget: the sliders) reuses the same
    fitted object, which nothing changes once made."""
    from smartkit.analysis.budget import BudgetError, fit_response

    if history is None or "spend" not in history.columns or not history["spend"].notna().any() \
            or kpi.id == "spend":
        return None, None
    if not (kpi.kind == "count" or kpi.id == "followers"):
        return None, Message("budget.error.kpi_not_bought", {"kpi": _kpi_name(kpi)})
    try:
        digest = hashlib.sha1(pd.util.hash_pandas_object(history, index=True).to_numpy().tobytes()).hexdigest()
    except TypeError:  # unhashable cells: no cache
        digest = None
    key = (digest, kpi.id, draft.currency)
    if digest is not None and key in _CURVES:
        return _CURVES[key]
    try:
        found = fit_response(history, kpi.id, draft.currency), None
    except BudgetError as err:
        found = None, Message(err.key, err.params)
    if digest is not None:
        if len(_CURVES) >= _CURVES_SIZE:
            _CURVES.pop(next(iter(_CURVES)))
        _CURVES[key] = found
    return found


def results_target(kpi: KPI, target: float | None, base: float | None) -> float | None:
    """The results a budget must buy for a goal's target: the period total for a count, the
    growth over the baseline for followers."""
    if target is None:
        return None
    if kpi.kind == "stock":
        return None if base is None else target - base
    return target


# ----------------------------------------------------------------------------- suggested targets


def suggest_targets(draft: GoalDraft, history: pd.DataFrame | None = None, today: dt.date | None = None,
                    found: Evidence | None = None) -> SuggestedTargets:
    """Conservative, realistic and stretch targets for the draft's KPI and period, chosen so that
    each passes Achievable as the goal would be judged (:func:`verdict_at`, budget included).

    With history, each card is the most ambitious round value whose chance stays at or above
    :data:`CARD_CHANCE` (50 %, 20 %, 5 %); when even holding the baseline is less likely than that,
    the card slows the fall (``slows_fall``). Without history, typical growth (half the realistic
    monthly growth, the realistic and the ambitious one) compounded over the period, then held
    back to what the budget carries. Needs no target: a KPI and a baseline (typed or measured)."""
    found = found or evidence(draft, history, today)
    kpi, base = found.kpi, found.base
    spend = _spend(found.cleaned, history)
    out: dict[str, SuggestedTarget] = {}
    if found.enough:
        good = found.good_changes
        low, high = min(float(good.min()), 0.0) - 0.5, max(float(good.max()), 0.0) + 0.5
        candidates = {name: _largest(lambda x, n=name: _card_ok(draft, found, n, x, spend), low, high)
                      for name in CARD_CHANCE}
    else:
        realistic, ambitious = heuristic_growth_limits(kpi.kind, has_paid_support(draft))
        typical = {"conservative": realistic / 2, "realistic": realistic, "stretch": ambitious}
        candidates = {}
        for name, monthly in typical.items():
            growth = _grow(monthly, found.period_days)
            most = growth - 1 if kpi.higher_is_better else 1 - 1 / growth
            ok = lambda x, n=name: _card_ok(draft, found, n, x, spend)  # noqa: E731
            candidates[name] = most if ok(most) else _largest(ok, 0.0, most)
    previous = -math.inf
    for name in CARD_CHANCE:
        improvement = max(candidates[name], previous)
        previous = improvement
        change, value = within_limits(kpi, base, _signed(kpi, improvement))
        if value is not None:
            value = round_suggestion(kpi, value, base, higher=kpi.higher_is_better)
            if base:
                change, value = within_limits(kpi, base, value / base - 1)
        p = None
        if found.enough:
            p = combine_chance(found.share_at(_signed(kpi, change)), found.forecast_probability(value))
        out[name] = SuggestedTarget(value=value, change_pct=change * 100, probability=p,
                                    slows_fall=found.enough and _signed(kpi, change) < 0)
    return SuggestedTargets(**out)


def round_suggestion(kpi: KPI, value: float, base: float | None, higher: bool = True) -> float:
    """A suggested value rounded to :data:`ROUND_DIGITS` significant digits, towards the less
    ambitious side (so rounding never lowers the card's chance); whole for people and clicks."""
    if value == 0 or not math.isfinite(value):
        return value
    step = 10.0 ** (math.floor(math.log10(abs(value))) - ROUND_DIGITS + 1)
    if kpi.kind in ("count", "stock") and kpi.unit not in ("money", "percent"):
        step = max(step, 1.0)
    elif kpi.unit == "money":
        step = max(step, 1.0) if abs(value) >= 100 else max(step, 0.01)
    rounded = (math.floor if higher else math.ceil)(value / step) * step
    if base is not None and (rounded - base) * (value - base) < 0:
        rounded = base  # rounding never turns a small step into a step the other way
    return float(round(rounded, 10))


def _largest(ok, low: float, high: float, steps: int = 24) -> float:
    """The largest improvement in [low, high] for which ``ok`` holds (``ok`` holds below some
    point and fails above it); ``low`` when nothing does."""
    if ok(high):
        return high
    if not ok(low):
        return low
    for _ in range(steps):
        middle = (low + high) / 2
        low, high = (middle, high) if ok(middle) else (low, middle)
    return low


def _card_ok(draft: GoalDraft, found: Evidence, name: str, improvement: float,
             spend: pd.Series | None) -> bool:
    """A card at ``improvement`` keeps its chance and passes Achievable with its verdict."""
    kpi = found.kpi
    change = _signed(kpi, improvement)
    if change <= -1:
        return False
    if found.enough and found.base:
        value = found.base * (1 + change)
        p = combine_chance(found.share_at(improvement), found.forecast_probability(value))
        if p < CARD_CHANCE[name]:
            return False
    return verdict_at(draft, found, change, spend)[0] in CARD_VERDICTS[name]


def verdict_at(draft: GoalDraft, found: Evidence, change: float, spend: pd.Series | None,
               ) -> tuple[VerdictName, BudgetCheck | None]:
    """The Achievable verdict of asking ``change`` (a fraction) of the KPI on ``found``, with the
    budget check: the one rule behind :func:`assess` and the suggested targets. With history the
    verdict follows the chance (realistic ≥ 20 %, ambitious ≥ 5 %, else unrealistic); without,
    typical growth. The budget may only make it worse."""
    kpi, base, days = found.kpi, found.base, found.period_days
    improvement = _signed(kpi, change)
    target = base * (1 + change) if base is not None else None
    if found.enough and target is not None:
        p = combine_chance(found.share_at(improvement), found.forecast_probability(target))
        verdict: VerdictName = "realistic" if improvement <= 0 or p >= REALISTIC_P else \
            "ambitious" if p >= AMBITIOUS_P else "unrealistic"
    else:
        verdict = _heuristic_verdict(kpi, draft, change, days)[0]
    values = found.cleaned.frame.get("value") if found.cleaned is not None else None
    start_ts = pd.Timestamp(found.start)
    key = ("cpr", spend is not None)
    if key not in found.memo:  # the cost per result of the period before: once per goal, not per candidate
        found.memo[key] = cost_per_result(spend, values, start_ts, days)
    if found.curve is not None and found.curve.basis == "curve" and draft.budget is not None and target is not None:
        # a fitted response curve replaces the cost-per-result rule of thumb
        budget = budget_check(draft, kpi, change, days, None, None, None, start_ts, days)
        budget = curve_budget_check(draft, found, change, results_target(kpi, target, base), budget)
    else:
        budget = budget_check(draft, kpi, change, days, target if kpi.kind == "count" else None, spend,
                              values, start_ts, days, cpr=found.memo[key])
    if budget is not None and budget.reasons:
        verdict = _worst(verdict, budget.verdict)
    return verdict, budget


# ----------------------------------------------------------------------------- judging a target


def _required_change(draft: GoalDraft, base: float | None) -> float | None:
    """The change the goal asks for, as a fraction: the draft's %, or target ÷ baseline (the
    baseline measured on the data when the draft's baseline follows the data, else the typed
    one, else the data's): the same figure in the wizard and in ``check --data``."""
    if draft.target is None and draft.target_change_pct is not None:
        return draft.target_change_pct / 100
    if draft.target is None:
        return None
    follows_data = draft.baseline_origin == "history" and base
    reference = base if follows_data else draft.baseline if draft.baseline else base
    if not reference:
        return None
    return draft.target / reference - 1


def clipped(p: float | None) -> float | None:
    """A probability as shown: within [:data:`CHANCE_EPS`, 1 − :data:`CHANCE_EPS`], like the
    chance (no part of it is ever a flat 0 % or 100 %)."""
    if p is None:
        return None
    return min(max(p, CHANCE_EPS), 1 - CHANCE_EPS)


def assess(draft: GoalDraft, history: pd.DataFrame | None, today: dt.date | None = None,
           found: Evidence | None = None) -> Achievability:
    """Judge the goal's target against ``history`` (a history table; None or thin → heuristics),
    on ``found`` when the caller already gathered the evidence (one forecast fit per goal).

    Raises :class:`GoalError` only when the draft has no KPI or no target; thin, gappy or missing
    data never raises: the verdict falls back to the heuristics and the reason says why.
    """
    if draft.kpi is None or not draft.has_number:
        raise GoalError("error.goal.no_target")
    found = found or evidence(draft, history, today)
    kpi, base, cleaned, days = found.kpi, found.base, found.cleaned, found.period_days
    warnings_ = list(found.warnings)
    if cleaned is not None and draft.baseline and kpi.kind != "stock" and base \
            and abs(base - draft.baseline) > 0.25 * abs(base):
        warnings_.append(Message("achievability.warning.baseline_differs", {
            "given": draft.baseline, "measured": base, "period": _period(days)}))
    change = _required_change(draft, base)
    if change is None:
        raise GoalError("error.goal.no_target")
    target = base * (1 + change) if base is not None else None
    improvement = _signed(kpi, change)
    spend = _spend(cleaned, history)
    verdict, budget = verdict_at(draft, found, change, spend)
    heur_params = _heuristic_verdict(kpi, draft, change, days)[1]
    notes: list[Message] = []
    if found.forecast_problem is not None:
        notes.append(found.forecast_problem)
    fc = found.forecast
    forecast_end = fc.end(start=found.start, window_days=found.window) if fc is not None else None
    if not found.enough or target is None:
        from smartkit.wording import reads_as_one_month

        # a goal of about a month does not restate its change as a (different) compound monthly rate
        one_month = ".one_month" if reads_as_one_month(days) else ""
        if found.problem is not None or cleaned is None:
            reason = Message("achievability.reason.no_data" + one_month, {
                "problem": found.problem or Message("achievability.no_history", {}), **heur_params})
        else:
            reason = Message("analysis.reason.short_history" + one_month, {
                "days": day_count(found.history_days), "needed": day_count(MIN_PERIODS * days), **heur_params})
        result = dict(basis="heuristic", history_percentile=None, achieved_share=None, probability=None,
                      chance=None, comparable_periods=None, disagreement=False)
    else:
        good = found.good_changes
        share = found.share_at(improvement)
        p_fc = found.forecast_probability(target)
        p = combine_chance(share, p_fc)
        params = dict(kpi=_kpi_name(kpi), change=Percent(change * 100, signed=True), period=_period(days),
                      share=Percent(share * 100), count=len(good))
        split = disagree(share, p_fc)
        if improvement <= 0:
            reason = Message("smart.achievable.keep", {"kpi": _kpi_name(kpi)})
        elif p_fc is None:
            reason = Message("achievability.reason.history", params)
        elif split:
            reason = Message("analysis.reason.disagree", {
                **params, "probability": Percent(clipped(p_fc) * 100), "chance": Percent(p * 100),
                "which": Message("analysis.disagree.history_higher" if share > p_fc
                                 else "analysis.disagree.forecast_higher", {})})
        else:
            reason = Message("achievability.reason.history_forecast",
                             {**params, "probability": Percent(clipped(p_fc) * 100)})
        if verdict != "realistic" and not (budget is not None and budget.reasons and budget.verdict == verdict):
            reason = Message(f"achievability.reason.{verdict}", {"history": reason, "chance": Percent(p * 100)})
        result = dict(basis="history", history_percentile=100 * (1 - share), achieved_share=share,
                      probability=clipped(p_fc), chance=p, comparable_periods=len(good), disagreement=split)
    if budget is not None and budget.reasons:
        notes.extend(budget.reasons)
        if budget.verdict == verdict:  # the budget is what holds the goal back: it explains more
            reason = budget.reason
    return Achievability(verdict=verdict, reason=reason, required_change_pct=change * 100, baseline=base,
                         target=target, period_days=days, start=found.start, deadline=found.deadline,
                         budget=budget, suggested_targets=suggest_targets(draft, history, found=found),
                         notes=notes, warnings=warnings_,
                         forecast=fc.summary(start=found.start, window_days=found.window) if fc else None,
                         forecast_end=forecast_end, **result)


def _period(days: int) -> Message:
    """A goal period in words ("1 day", "14 days", "one month", "6 months")."""
    if days == 1:
        return day_count(1)
    from smartkit.wording import period

    return period(days)


def _spend(cleaned: Cleaned | None, history: pd.DataFrame | None) -> pd.Series | None:
    if cleaned is None or history is None or "spend" not in history.columns:
        return None
    from smartkit.analysis.baseline import to_daily

    daily, _ = to_daily(history[["spend"]])
    return daily["spend"]
