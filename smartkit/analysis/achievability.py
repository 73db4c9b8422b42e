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
* ``p`` = the mean of the two: **realistic** when p ≥ 20 %, **ambitious** when p ≥ 5 %,
  **unrealistic** below. A goal that history rates unrealistic but that the typical-growth
  heuristic (:data:`GROWTH_LIMITS`) rates realistic is lifted to ambitious:
  history is a floor for what is likely, not for what effort can do.
* **budget**: with a budget change (``budget_change_pct``) on a paid KPI or channel, a required
  change above 2 × the budget change + the realistic organic allowance is at best ambitious
  (003: don't promise to double traffic when spend rises 10 %). With a ``budget`` and a ``spend`` column, the target
  × the historical cost per result is compared with the budget: short → ambitious, less than
  half → unrealistic. The worst of history and budget wins.

Short history (fewer than four goal periods) or no data for the KPI: ``basis="heuristic"``,
judged on :data:`GROWTH_LIMITS`, and the reason says so. :func:`assess` never
raises for thin data.

Suggested targets: the 50th / 75th / 90th percentile of the past changes (conservative,
realistic, stretch) with their probability ``p``; on heuristics, half the realistic monthly
growth, the realistic and the ambitious growth, without a probability.
"""
from __future__ import annotations

import datetime as dt
import math
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from smartkit.analysis.baseline import Cleaned, clean
from smartkit.catalogue import KPI, get_kpi
from smartkit.errors import GoalError, SmartkitError
from smartkit.i18n import Lang, Message, Money, Percent
from smartkit.models import DAYS_PER_MONTH, GoalDraft

VerdictName = Literal["realistic", "ambitious", "unrealistic"]
VERDICT_STATUS: dict[str, str] = {"realistic": "pass", "ambitious": "warn", "unrealistic": "fail"}
_ORDER = ("realistic", "ambitious", "unrealistic")
REALISTIC_P, AMBITIOUS_P = 0.20, 0.05
MIN_PERIODS = 4                 # history must span four goal periods to be judged on
MIN_CHANGES = 20                # ... and give at least 20 comparable changes
RATIO_WINDOW_DAYS = 28
SUGGESTED_QUANTILES = {"conservative": 0.50, "realistic": 0.75, "stretch": 0.90}
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


def monthly_rate(factor: float, horizon_days: int) -> float:
    """The compound monthly change (in %) that turns 1 into ``factor`` over the horizon."""
    months = max(horizon_days, 1) / DAYS_PER_MONTH
    if factor <= 0 or math.isinf(factor):
        return math.inf
    return (factor ** (1 / months) - 1) * 100



def _worst(*verdicts: str | None) -> str:
    return max((v for v in verdicts if v), key=_ORDER.index)


# ----------------------------------------------------------------------------- models


class SuggestedTarget(BaseModel, frozen=True):
    value: float
    change_pct: float
    probability: float | None = None


class SuggestedTargets(BaseModel, frozen=True):
    conservative: SuggestedTarget
    realistic: SuggestedTarget
    stretch: SuggestedTarget

    def as_json(self) -> dict[str, Any]:
        return {name: getattr(self, name).model_dump() for name in SUGGESTED_QUANTILES}


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
    chance: float | None = None           # the figure the verdict uses: mean of share and forecast
    comparable_periods: int | None = None
    required_change_pct: float | None = None
    baseline: float | None = None
    target: float | None = None
    period_days: int
    start: dt.date
    deadline: dt.date
    forecast: dict[str, Any] | None = None
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


def rolling_measure(cleaned: Cleaned, period_days: int) -> pd.Series:
    """The goal measure on every day of the history: the total over the last ``period_days``
    (counts; mean of the clean days × days, so gaps do not pull it down), the value (stocks), or
    Σ/Σ (mean) over the last ``min(28, period_days)`` days (ratios / averages)."""
    kind = cleaned.kpi.kind
    frame = cleaned.frame
    if kind == "count":
        need = max(1, math.ceil(0.8 * period_days))
        return frame["value"].rolling(period_days, min_periods=need).mean() * period_days
    if kind == "stock":
        return frame["value"].interpolate(limit_area="inside")
    window = min(RATIO_WINDOW_DAYS, period_days)
    need = max(1, math.ceil(0.8 * window))
    if kind == "ratio":
        ok = frame[["num", "den"]].notna().all(axis=1)
        num = frame["num"].where(ok).rolling(window, min_periods=need).sum()
        den = frame["den"].where(ok).rolling(window, min_periods=need).sum()
        return num / den.where(den != 0)
    return frame["value"].rolling(window, min_periods=need).mean()


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


def baseline_measure(cleaned: Cleaned, period_days: int, before: pd.Timestamp) -> float | None:
    """The goal measure on the last day before ``before`` (see :func:`rolling_measure`); with
    less history than one period, the level of what there is scaled to the period."""
    measure = rolling_measure(cleaned, period_days)
    measure = measure[measure.index < before].dropna()
    if len(measure):
        return float(measure.iloc[-1])
    frame = cleaned.frame[cleaned.frame.index < before].dropna(how="any")
    if frame.empty:
        return None
    kind = cleaned.kpi.kind
    if kind == "count":
        return float(frame["value"].mean()) * period_days
    if kind == "stock":
        return float(frame["value"].iloc[-1])
    if kind == "ratio":
        return float(frame["num"].sum() / frame["den"].sum()) if frame["den"].sum() else None
    return float(frame["value"].mean())


# ----------------------------------------------------------------------------- heuristics


def _grow(monthly_pct: float, days: float) -> float:
    return (1 + monthly_pct / 100) ** (days / DAYS_PER_MONTH)


def _heuristic_verdict(kpi: KPI, draft: GoalDraft, change: float, horizon: int) -> tuple[str, dict[str, Any]]:
    from smartkit.goals.wording import period

    paid = has_paid_support(draft)
    realistic, ambitious = heuristic_growth_limits(kpi.kind, paid)
    factor = (1 + change) if kpi.higher_is_better else (1 / (1 + change) if change > -1 else math.inf)
    rate = monthly_rate(factor, horizon) if factor > 0 else math.inf
    verdict = "realistic" if factor <= 1 or rate <= realistic else \
        "ambitious" if rate <= ambitious else "unrealistic"
    params = dict(kpi=_kpi_name(kpi), change=Percent(change * 100, signed=True), period=period(horizon),
                  monthly=Percent(min(rate, 1e6) if factor > 1 else 0.0),
                  realistic=Percent(realistic), ambitious=Percent(ambitious),
                  kind=Message(f"kind.{kpi.kind}", {}),
                  support=Message(f"smart.achievable.support.{'paid' if paid else 'organic'}", {}))
    return verdict, params


def _kpi_name(kpi: KPI) -> Message:
    from smartkit.goals.wording import KpiName

    return KpiName("kpi_name", {"id": kpi.id})


def _signed(kpi: KPI, improvement: float) -> float:
    return improvement if kpi.higher_is_better else -improvement


def _heuristic_targets(kpi: KPI, draft: GoalDraft, base: float | None, horizon: int) -> SuggestedTargets:
    realistic, ambitious = heuristic_growth_limits(kpi.kind, has_paid_support(draft))
    out = {}
    for name, monthly in (("conservative", realistic / 2), ("realistic", realistic), ("stretch", ambitious)):
        factor = _grow(monthly, horizon)
        change = factor - 1 if kpi.higher_is_better else 1 / factor - 1
        value = base * (1 + change) if base is not None else math.nan
        out[name] = SuggestedTarget(value=value, change_pct=change * 100)
    return SuggestedTargets(**out)


# ----------------------------------------------------------------------------- budget


def budget_check(draft: GoalDraft, kpi: KPI, change: float, horizon: int, target: float | None,
                 cleaned_spend: pd.Series | None, kpi_values: pd.Series | None,
                 start: pd.Timestamp, period_days: int) -> BudgetCheck | None:
    """The growth asked for against the budget (module docstring); None when nothing applies."""
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
    cpr = needed = None
    if (draft.budget is not None and kpi.paid and kpi.kind == "count" and kpi.id != "spend"
            and cleaned_spend is not None and kpi_values is not None and target is not None):
        begin = start - pd.Timedelta(days=period_days)
        both = pd.DataFrame({"spend": cleaned_spend, "kpi": kpi_values}).loc[begin:start - pd.Timedelta(days=1)].dropna()
        if len(both) and both["kpi"].sum() > 0 and both["spend"].sum() > 0:
            cpr = float(both["spend"].sum() / both["kpi"].sum())
            needed = target * cpr
            if draft.budget < needed:
                cost_verdict = "unrealistic" if draft.budget < needed / 2 else "ambitious"
                verdict = _worst(verdict, cost_verdict)
                reasons.append(Message("achievability.budget.cost", {
                    "cpr": Money(cpr, draft.currency), "target": round(target), "kpi": _kpi_name(kpi),
                    "needed": Money(needed, draft.currency), "budget": Money(draft.budget, draft.currency)}))
    if not applies and cpr is None:
        return None
    return BudgetCheck(verdict=verdict, flagged=verdict != "realistic", required_change_pct=required,
                       budget_change_pct=draft.budget_change_pct, allowed_change_pct=allowed,
                       cost_per_result=cpr, spend_needed=needed, planned_budget=draft.budget,
                       reasons=reasons)


# ----------------------------------------------------------------------------- assess


def _required_change(draft: GoalDraft, base: float | None) -> float | None:
    """The change the goal asks for, as a fraction: the draft's %, or target ÷ baseline (the
    typed baseline if any, else the history's)."""
    if draft.target is None and draft.target_change_pct is not None:
        return draft.target_change_pct / 100
    if draft.target is None:
        return None
    reference = draft.baseline if draft.baseline else base
    if not reference:
        return None
    return draft.target / reference - 1


def _chance(share: float, p_forecast: float | None) -> float:
    """The one chance figure shown and judged on: how often the past made the change, averaged
    with the forecast's probability (either alone can mislead: a recent boost lifts the forecast,
    an old slow patch drags the history)."""
    return share if p_forecast is None else (share + p_forecast) / 2


def _probability_at(changes_good: np.ndarray, required_good: float) -> float:
    if not len(changes_good):
        return math.nan
    return float(np.mean(changes_good >= required_good - 1e-9))


def assess(draft: GoalDraft, history: pd.DataFrame | None, today: dt.date | None = None) -> Achievability:
    """Judge the goal's target against ``history`` (a history table; None or thin → heuristics).

    Raises :class:`GoalError` only when the draft has no KPI or no target; thin, gappy or missing
    data never raises: the verdict falls back to the heuristics and the reason says why.
    """
    if draft.kpi is None or not draft.has_number:
        raise GoalError("error.goal.no_target")
    kpi = get_kpi(draft.kpi)
    warnings_: list[Message] = []
    cleaned: Cleaned | None = None
    missing_reason: Message | None = None
    anchor = draft.baseline if kpi.kind == "stock" else None
    if history is not None and len(history):
        try:
            cleaned = clean(history, kpi.id, anchor=anchor, today=today)
        except SmartkitError as err:
            missing_reason = Message(err.key, err.params)
    last = pd.Timestamp(cleaned.frame.index[-1]) if cleaned is not None else None
    start_date = draft.start or today or (last + pd.Timedelta(days=1)).date() if last is not None \
        else draft.start or today or dt.date.today()
    deadline = draft.deadline or start_date + dt.timedelta(days=DEFAULT_HORIZON_DAYS)
    if deadline <= start_date:
        deadline = start_date + dt.timedelta(days=1)
    horizon = (deadline - start_date).days
    period_days = horizon + 1
    start_ts = pd.Timestamp(start_date)

    base = baseline_measure(cleaned, period_days, start_ts) if cleaned is not None else None
    if base is not None and draft.baseline and kpi.kind != "stock" and abs(base - draft.baseline) > 0.25 * abs(base):
        warnings_.append(Message("achievability.warning.baseline_differs", {
            "given": draft.baseline, "measured": round(base, 2), "period": _period(period_days)}))
    if base is None:
        base = draft.baseline
    change = _required_change(draft, base)
    if change is None:
        raise GoalError("error.goal.no_target")
    target = base * (1 + change) if base is not None else None
    improvement = _signed(kpi, change)

    history_days = int(cleaned.frame.dropna(how="all").shape[0]) if cleaned is not None else 0
    changes = historical_changes(cleaned, period_days, base) if cleaned is not None else pd.Series(dtype=float)
    span = (cleaned.frame.index[-1] - cleaned.frame.index[0]).days + 1 if cleaned is not None else 0
    enough = cleaned is not None and span >= MIN_PERIODS * period_days and len(changes) >= MIN_CHANGES \
        and base is not None and base != 0
    if cleaned is not None:
        warnings_ = _baseline_warnings(cleaned) + warnings_

    budget = budget_check(draft, kpi, change, horizon, target if kpi.kind == "count" else None,
                          _spend(cleaned, history), cleaned.frame.get("value") if cleaned is not None else None,
                          start_ts, period_days)
    heur_verdict, heur_params = _heuristic_verdict(kpi, draft, change, horizon)

    if not enough:
        verdict = heur_verdict
        if missing_reason is not None or cleaned is None:
            reason = Message("achievability.reason.no_data", {
                "problem": missing_reason or Message("achievability.no_history", {}), **heur_params})
        else:
            reason = Message("achievability.reason.short_history", {
                "days": history_days, "needed": MIN_PERIODS * period_days, **heur_params})
        suggested = _heuristic_targets(kpi, draft, base, horizon)
        result = dict(basis="heuristic", history_percentile=None, achieved_share=None, probability=None,
                      chance=None, comparable_periods=None, forecast=None)
    else:
        good = np.asarray(changes.to_numpy() if kpi.higher_is_better else -changes.to_numpy())
        share = _probability_at(good, improvement)
        fc = _forecast(cleaned, deadline)
        window = min(RATIO_WINDOW_DAYS, period_days)

        def prob(value: float) -> float | None:
            if fc is None:
                return None
            return fc.probability(value, start=start_date, higher=kpi.higher_is_better, window_days=window)

        p_fc = prob(target)
        p = _chance(share, p_fc)
        verdict = "realistic" if p >= REALISTIC_P else "ambitious" if p >= AMBITIOUS_P else "unrealistic"
        params = dict(kpi=_kpi_name(kpi), change=Percent(change * 100, signed=True), period=_period(period_days),
                      share=Percent(share * 100), count=len(good))
        if improvement <= 0:
            verdict = "realistic"
            reason = Message("smart.achievable.keep", {"kpi": _kpi_name(kpi)})
        elif p_fc is None:
            reason = Message("achievability.reason.history", params)
        else:
            reason = Message("achievability.reason.history_forecast",
                             {**params, "probability": Percent(p_fc * 100)})
        if verdict == "unrealistic" and heur_verdict == "realistic":
            verdict = "ambitious"
            reason = Message("achievability.reason.lifted", {"history": reason, **heur_params})
        suggested = _history_targets(kpi, good, base, prob)
        result = dict(basis="history", history_percentile=100 * (1 - share), achieved_share=share,
                      probability=p_fc, chance=p, comparable_periods=len(good),
                      forecast=fc.summary(start=start_date, window_days=window) if fc else None)
    notes: list[Message] = []
    if budget is not None and budget.reasons:
        notes.extend(budget.reasons)
        if _ORDER.index(budget.verdict) >= _ORDER.index(verdict):  # on a tie the budget explains more
            verdict = budget.verdict
            reason = budget.reason
    return Achievability(verdict=verdict, reason=reason, required_change_pct=change * 100, baseline=base,
                         target=target, period_days=period_days, start=start_date, deadline=deadline,
                         budget=budget, suggested_targets=suggested, notes=notes, warnings=warnings_,
                         **result)


def _period(days: int) -> Message:
    from smartkit.goals.wording import period

    return period(days)


def _baseline_warnings(cleaned: Cleaned) -> list[Message]:
    from smartkit.analysis.baseline import _warnings

    frame = cleaned.frame
    return [w for w in _warnings(cleaned, frame.index[0], frame.index[-1], len(frame.dropna()), len(frame))
            if w.key != "baseline.warning.few_days"]


def _spend(cleaned: Cleaned | None, history: pd.DataFrame | None) -> pd.Series | None:
    if cleaned is None or history is None or "spend" not in history.columns:
        return None
    from smartkit.analysis.baseline import to_daily

    daily, _ = to_daily(history[["spend"]])
    return daily["spend"]


def _forecast(cleaned: Cleaned, deadline: dt.date):
    from smartkit.analysis.forecast import forecast

    kind = cleaned.kpi.kind
    frame = cleaned.frame
    try:
        if cleaned.weekly and kind == "count":  # back to the weekly totals the data came in
            weekly = frame["value"].resample("7D", origin="start").sum(min_count=7)
            return forecast(weekly, kind, deadline)
        if cleaned.weekly and kind == "stock":
            return forecast(frame["value"].iloc[::7], kind, deadline)
        if kind == "ratio":
            ratio = frame["num"] / frame["den"].where(frame["den"] != 0)
            return forecast(ratio, "ratio", deadline, weights=frame["den"])
        return forecast(frame["value"], kind, deadline)
    except SmartkitError:
        return None


def _history_targets(kpi: KPI, good: np.ndarray, base: float, prob) -> SuggestedTargets:
    out = {}
    previous = -math.inf
    for name, q in SUGGESTED_QUANTILES.items():
        improvement = max(float(np.quantile(good, q)), previous)
        previous = improvement
        change = _signed(kpi, improvement)
        value = base * (1 + change)
        share = _probability_at(good, improvement)
        p_fc = prob(value)
        p = _chance(share, p_fc)
        out[name] = SuggestedTarget(value=value, change_pct=change * 100, probability=p)
    return SuggestedTargets(**out)
