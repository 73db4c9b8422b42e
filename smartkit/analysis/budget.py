"""Budget planner: how much budget a target needs, and what a budget buys.

:func:`fit_response` turns a history with daily ``spend`` and a result KPI (purchases, leads,
link clicks, conversions, messages...) into a :class:`ResponseCurve`, the fitted object callers
hold and pass on (like a statsmodels results object): nothing downstream refits it. It answers
both questions for a goal period ``start``..``deadline`` (both days counted):

* :meth:`ResponseCurve.needed` (inverse): the budget needed for the results to total ``target``
  by the deadline, its 80 % range, the marginal cost of one more result at that budget and the
  average cost per result (spend ÷ all results, organic ones included);
* :meth:`ResponseCurve.expected` (forward): the results a planned budget gives by the deadline,
  their 80 % range and the chance of reaching a target.

The model (``basis="curve"``), on days (weekly data is spread over its days first)::

    A_t = λ·A_{t−1} + (1 − λ)·spend_t,        λ = 0.5 ** (1 / half_life)   (geometric adstock)
    results_t = w_weekday(t) · (base + vmax · A_t^n / (k^n + A_t^n))          (saturation)

The adstock is normalised (a steady spend S gives A = S), so ``k`` is the daily spend at which
the paid results reach half of ``vmax``. The slope ``n`` is 1 (Michaelis–Menten) unless a Hill
fit with a free slope in [0.5, 3] is better by an F-test at p < :data:`HILL_P`. Bounded least
squares (:func:`scipy.optimize.least_squares`, ``trf``): ``base`` ≥ 0, ``vmax`` ≥ 0,
``k`` in [1 % of, :data:`K_BOUND_FACTOR` ×] the highest daily spend, ``half_life`` in
[:data:`HALF_LIFE_MIN`, :data:`HALF_LIFE_MAX`] days. Weekday factors ``w`` (mean 1) are used only
when the residuals differ by weekday (one-way ANOVA, p < :data:`WEEKDAY_P`); else all 1.

Honest limits. No curve, and a cost-per-result line marked low confidence instead
(``basis="cost_per_result"``: results = spend ÷ cost per result, Σspend ÷ Σresults over the last
:data:`CPR_WINDOW_DAYS` days), each with a reason in the user's language, when

* fewer than :data:`MIN_CURVE_DAYS` days have both spend and results;
* spend barely varies: its coefficient of variation is below :data:`MIN_SPEND_CV` (the data
  cannot show how results respond to more spend);
* the fit is not identifiable: the saturation point ``k`` is more than :data:`MAX_K_FACTOR` ×
  the highest daily spend seen (the bend of the curve lies far outside the data), the parameter
  covariance cannot be worked out, or the curve is loose where it is used: the relative standard
  error (delta method) of the marginal response (the extra results one more unit of
  daily spend buys) at the median daily spend of the days with spend (days without spend say
  nothing of the slope; boosted posts now and then leave most days at zero) is above
  :data:`MAX_REL_SE`.
  (``base``, ``vmax`` and ``k`` trade off against each other, so their own standard errors are
  large even where the curve itself is well known; the figures a user sees depend on the curve.)

Spend outside the range seen is never predicted silently: a daily budget above the highest daily
spend in the history carries the warning "beyond anything your history shows (max X a day)" and
``within_history`` is false.

Uncertainty (documented): on the curve basis, the delta method. The parameter covariance is
the heteroscedasticity-robust sandwich (HC1: (JᵀJ)⁻¹ Jᵀdiag(r²)J (JᵀJ)⁻¹ · n/(n−p), J the
Jacobian of the fitted days, r their residuals: counted results are noisier on bigger days); a figure's
variance is ∇ᵀΣ∇, its gradient taken by nudging each fitted parameter. The 80 % range of the
*needed budget* is parameter uncertainty alone, on the log scale (B·exp(±1.2816·sd(B)/B), the
gradient of B from the implicit function ∂B/∂θ = −(∂T/∂θ)/(∂T/∂B), T the period's results). The range of the *expected results* is mean ± 1.2816·sd, the sd adding the day-to-day noise
of a period total (residual s.d. × √days, inflated by (1+ρ)/(1−ρ) for the lag-one
autocorrelation ρ) to the parameters' part; the chance of a target is the normal tail above it.
On the cost-per-result basis the parameter part is a bootstrap over days of Σspend ÷ Σresults
(:data:`DRAWS` resamples, fixed seed: the same data gives the same figures everywhere).
``bench/budget_calibration.py`` checks the ranges against what happened later (README, "How the
numbers are made").
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import optimize, signal, stats

from smartkit.errors import HistoryError
from smartkit.i18n import Lang, Message, Money, Percent

__all__ = ["BudgetError", "BudgetPlan", "Range", "ResponseCurve", "budget_plan", "fit_response",
           "result_series"]

MIN_DAYS = 14               # fewer days with spend and results: nothing to plan on (an error)
MIN_CURVE_DAYS = 56         # a curve needs eight weeks of days with spend and results
MIN_SPEND_CV = 0.15         # daily spend must vary by at least this coefficient of variation
MAX_REL_SE = 0.5            # the marginal response known to ±50 % (one standard error) at worst
MAX_K_FACTOR = 5.0          # the half-saturation spend at most 5 × the highest daily spend seen
K_BOUND_FACTOR = 100.0      # the fit's bound on k (the refusal above comes much earlier)
HALF_LIFE_MIN, HALF_LIFE_MAX = 0.1, 14.0   # days
HILL_BOUNDS = (0.5, 3.0)
HILL_P = 0.001              # a Hill slope only when an F-test prefers it at this level
WEEKDAY_P = 0.001           # weekday factors only when the residuals differ by weekday (ANOVA)
CPR_WINDOW_DAYS = 90
DRAWS = 400
RANGE_Q = (0.10, 0.90)      # the 80 % range
SEED = 20240618
SEARCH_FACTOR = 1000.0      # the inverse searches daily budgets up to 1,000 × the highest seen

Basis = Literal["curve", "cost_per_result"]
Plan = Literal["flat", "weekday"]


class BudgetError(HistoryError):
    """The history or the question cannot give a budget (no spend, no results, a bad target)."""

    key = "budget.error.generic"


@dataclass(frozen=True)
class Range:
    """A figure with its 80 % range (``None`` where unknown, e.g. beyond any budget)."""

    mean: float | None
    lower: float | None
    upper: float | None

    def as_json(self) -> dict[str, float | None]:
        return {"mean": _num(self.mean), "lower": _num(self.lower), "upper": _num(self.upper)}


def _num(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), 6)


# ----------------------------------------------------------------------------- the data


def result_series(history: pd.DataFrame, kpi_id: str) -> pd.Series:
    """The daily results a budget buys for ``kpi_id``: the KPI itself for a count, the daily net
    change for followers (``net_followers``). Raises :class:`BudgetError` for a KPI that is not
    bought by the day (a rate, an average, spend itself)."""
    from smartkit.analysis.baseline import kpi_series
    from smartkit.catalogue import get_kpi

    kpi = get_kpi(kpi_id)
    if kpi.id == "followers":
        kpi = get_kpi("net_followers")
    if kpi.kind != "count" or kpi.id == "spend":
        raise BudgetError("budget.error.kpi_not_bought", kpi=_kpi_name(kpi_id))
    try:
        return kpi_series(history, kpi.id)
    except HistoryError:
        raise BudgetError("budget.error.no_results", kpi=_kpi_name(kpi_id)) from None


def _kpi_name(kpi_id: str) -> Message:
    from smartkit.wording import KpiName

    return KpiName("kpi_name", {"id": kpi_id})


def _daily(history: pd.DataFrame, kpi_id: str) -> tuple[pd.Series, pd.Series]:
    """Daily spend and results on the days that have both (bad input raises BudgetError)."""
    from smartkit.analysis.baseline import to_daily

    if history is None or history.empty or "spend" not in history.columns \
            or not history["spend"].notna().any():
        raise BudgetError("budget.error.no_spend")
    results = result_series(history, kpi_id)
    if not results.notna().any():
        raise BudgetError("budget.error.no_results", kpi=_kpi_name(kpi_id))
    frame, _ = to_daily(pd.DataFrame({"spend": history["spend"], "results": results}))
    both = frame.dropna()
    if both.empty:
        raise BudgetError("budget.error.no_overlap", kpi=_kpi_name(kpi_id))
    if (both["spend"] < 0).any():
        raise BudgetError("budget.error.negative_spend", day=both.index[both["spend"] < 0][0].date())
    if not (both["spend"] > 0).any():
        raise BudgetError("budget.error.no_positive_spend")
    if len(both) < MIN_DAYS:
        raise BudgetError("budget.error.too_few_days", days=len(both), needed=MIN_DAYS)
    if not (both["results"] > 0).any():
        raise BudgetError("budget.error.no_results_with_spend", kpi=_kpi_name(kpi_id))
    return frame["spend"], frame["results"]


# ----------------------------------------------------------------------------- the model


def _adstock(spend: np.ndarray, lam: float, a0: float | None = None) -> np.ndarray:
    """Normalised geometric adstock: A_t = λ·A_{t−1} + (1 − λ)·spend_t (A_0 = the first spend)."""
    first = spend[0] if a0 is None else a0
    out, _ = signal.lfilter([1 - lam], [1, -lam], spend, zi=[lam * first])
    return out


def _lam(half_life: float) -> float:
    return 0.5 ** (1.0 / half_life)


def _saturation(adstock: np.ndarray, vmax, k, n) -> np.ndarray:
    a = np.maximum(adstock, 0.0)
    if np.all(np.asarray(n) == 1.0):
        return vmax * a / (k + a)
    an = a ** n
    return vmax * an / (k ** n + an)


@dataclass
class _Fit:
    theta: np.ndarray        # base, vmax, k, half_life, slope
    sse: float
    jac: np.ndarray
    free: np.ndarray         # which parameters were fitted


def _linear(columns: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Non-negative least squares of ``y`` on the two columns (base, paid response)."""
    coef, *_ = np.linalg.lstsq(columns, y, rcond=None)
    if np.all(coef >= 0):
        return coef
    best, best_sse = np.zeros(2), float(y @ y)
    for i in range(2):
        col = columns[:, i]
        denom = float(col @ col)
        c = max(float(col @ y) / denom, 0.0) if denom > 0 else 0.0
        sse = float(((y - c * col) ** 2).sum())
        if sse < best_sse:
            best, best_sse = np.eye(2)[i] * c, sse
    return best


def _fit_once(spend: np.ndarray, y: np.ndarray, weekday: np.ndarray, hill: bool, top: float) -> _Fit:
    """Bounded least squares of the curve (slope fixed at 1 unless ``hill``) by variable
    projection: for given ``k``, ``half_life`` (and slope) the base and ``vmax`` are a linear
    non-negative least squares, so the search runs over two (three) parameters only."""
    lower = np.array([0.01 * top, HALF_LIFE_MIN, HILL_BOUNDS[0]])[: 3 if hill else 2]
    upper = np.array([K_BOUND_FACTOR * top, HALF_LIFE_MAX, HILL_BOUNDS[1]])[: 3 if hill else 2]

    def columns(nonlinear: np.ndarray) -> np.ndarray:
        slope = nonlinear[2] if hill else 1.0
        shape = _saturation(_adstock(spend, _lam(nonlinear[1])), 1.0, nonlinear[0], slope)
        return np.column_stack([weekday, weekday * shape])

    def residuals(nonlinear: np.ndarray) -> np.ndarray:
        cols = columns(nonlinear)
        return cols @ _linear(cols, y) - y

    best = None
    for k in (0.5 * top, 2 * top):
        for half_life in (1.0, 4.0):
            x0 = np.clip(np.array([k, half_life, 1.0])[: len(lower)], lower * 1.0001, upper * 0.9999)
            sol = optimize.least_squares(residuals, x0, bounds=(lower, upper), method="trf",
                                         x_scale=np.maximum(x0, 1e-3), max_nfev=200)
            if best is None or sol.cost < best.cost:
                best = sol
    linear = _linear(columns(best.x), y)
    slope = best.x[2] if hill else 1.0
    theta = np.array([linear[0], linear[1], best.x[0], best.x[1], slope])
    n_free = 5 if hill else 4

    def full(params: np.ndarray) -> np.ndarray:
        t = np.concatenate([params, [1.0]]) if not hill else params
        return weekday * (t[0] + _saturation(_adstock(spend, _lam(t[3])), t[1], t[2], t[4]))

    base_out = full(theta[:n_free])
    jac = np.empty((len(y), n_free))
    for i in range(n_free):
        step = 1e-6 * max(abs(theta[i]), 1e-3)
        shifted = theta[:n_free].copy()
        shifted[i] += step
        jac[:, i] = (full(shifted) - base_out) / step
    return _Fit(theta=theta, sse=float(((base_out - y) ** 2).sum()), jac=jac, free=np.arange(n_free))


def _weekday_factors(index: pd.DatetimeIndex, y: np.ndarray, fitted: np.ndarray) -> np.ndarray | None:
    """Seven factors (Monday first, mean 1) when the ratio of results to the fit differs by
    weekday (ANOVA at :data:`WEEKDAY_P`), else None."""
    ok = fitted > 0
    ratio = y[ok] / fitted[ok]
    days = index.day_of_week.to_numpy()[ok]
    groups = [ratio[days == d] for d in range(7)]
    if any(len(g) < 3 for g in groups):
        return None
    if stats.f_oneway(*groups).pvalue >= WEEKDAY_P:
        return None
    factors = np.array([g.mean() for g in groups])
    return factors / factors.mean() if factors.mean() > 0 else None


# ----------------------------------------------------------------------------- the results object

Z80 = float(stats.norm.ppf(RANGE_Q[1]))     # 1.2816: the 80 % range is ± this many standard errors
NAMES = ("base", "vmax", "k", "half_life", "slope")


@dataclass
class ResponseCurve:
    """A fitted response of results to spend (or a cost-per-result line), held and passed on.

    ``params`` (curve basis): ``base`` [results a day], ``vmax`` [results a day], ``k``
    [currency a day], ``half_life`` [days], ``slope``; ``cov`` their covariance (the fitted
    ones); on the cost-per-result basis ``cpr`` and its bootstrap ``draws``. ``last_day`` is the
    history's last day; ``history`` its days (spend, results, fitted) for the chart."""

    kpi: str
    basis: Basis
    currency: str | None
    last_day: dt.date
    max_daily_spend: float
    recent_daily_spend: float            # the mean over the last 28 days (assumed until the plan starts)
    spend_profile: np.ndarray            # the history's weekday spend profile (Monday first, mean 1)
    weekday: np.ndarray                  # weekday factors of the results (all 1 when none)
    params: dict[str, float] = field(default_factory=dict)
    stderr: dict[str, float] = field(default_factory=dict)
    cov: np.ndarray | None = None        # covariance of the fitted parameters (curve basis)
    draws: np.ndarray | None = None      # bootstrap costs per result (cost-per-result basis)
    cpr: float | None = None             # Σspend ÷ Σresults over the last CPR_WINDOW_DAYS days
    sigma: float = 0.0                   # residual s.d. of daily results
    rho: float = 0.0                     # lag-one autocorrelation of the residuals
    days_used: int = 0
    spend_cv: float = 0.0
    hill: bool = False
    reasons: list[Message] = field(default_factory=list)   # why the basis is low confidence
    history: pd.DataFrame | None = None  # date → spend, results, fitted (for the chart)
    spend_days: np.ndarray | None = None  # the history's daily spend, every day (for the adstock)
    _memo: dict = field(default_factory=dict, repr=False)

    # -- the curve itself -------------------------------------------------------------------

    @property
    def n_free(self) -> int:
        return 0 if self.cov is None else self.cov.shape[0]

    def _rows(self) -> np.ndarray:
        """Row 0: the estimate; then one row per fitted parameter nudged (the delta method's
        gradient)."""
        point = np.array([self.params[name] for name in NAMES])
        rows = np.tile(point, (1 + self.n_free, 1))
        for i in range(self.n_free):
            rows[1 + i, i] += self._step(i)
        return rows

    def _step(self, i: int) -> float:
        return 1e-4 * max(abs(self.params[NAMES[i]]), 1e-3)

    def response(self, daily_spend: np.ndarray | float) -> np.ndarray:
        """Results a day at a steady daily spend (the estimate, average weekday): the chart's curve."""
        s = np.asarray(daily_spend, dtype=float)
        if self.basis == "cost_per_result":
            return s / self.cpr
        p = self.params
        return p["base"] + _saturation(s, p["vmax"], p["k"], p["slope"])

    def _plan_days(self, start: dt.date, deadline: dt.date, plan: Plan) -> float:
        """Σ of the plan's daily pattern over the period: the period's budget is B × this."""
        days = pd.date_range(start, deadline, freq="D")
        profile = self.spend_profile if plan == "weekday" else np.ones(7)
        return float(profile[days.day_of_week.to_numpy()].sum())

    def _parts(self, start: dt.date, deadline: dt.date, plan: Plan) -> tuple:
        """Per row × day: adstock = a + B·g for a daily budget B, and the weekday weights of the
        days counted; worked out once per period and plan. Days between the history and the
        start spend at the recent pace (not counted); the plan runs from the start."""
        key = ("parts", start, deadline, plan)
        if key in self._memo:
            return self._memo[key]
        first = self.last_day + dt.timedelta(days=1)
        days = pd.date_range(min(first, start), deadline, freq="D")
        lead = int(max((start - first).days, 0))
        profile = self.spend_profile if plan == "weekday" else np.ones(7)
        dow = days.day_of_week.to_numpy()
        pattern = profile[dow].astype(float)
        pattern[:lead] = 0.0
        pre = np.zeros(len(days))
        pre[:lead] = self.recent_daily_spend
        rows = self._rows()
        a = np.empty((len(rows), len(days)))
        g = np.empty((len(rows), len(days)))
        for r, half_life in enumerate(rows[:, 3]):
            lam = _lam(half_life)
            last = _adstock(self.spend_days, lam)[-1]
            a[r] = signal.lfilter([1 - lam], [1, -lam], pre, zi=[lam * last])[0]
            g[r] = signal.lfilter([1 - lam], [1, -lam], pattern)
        weights = np.tile(self.weekday[dow], (len(rows), 1))
        weights[:, :lead] = 0.0
        out = (a, g, weights, rows)
        self._memo[key] = out
        return out

    def _totals(self, daily: float, start: dt.date, deadline: dt.date, plan: Plan) -> np.ndarray:
        """Expected results from start to deadline at a daily budget ``daily``: per row (curve:
        the estimate and the nudged parameters; line: the estimate and the bootstrap draws)."""
        if self.basis == "cost_per_result":
            cpr = np.concatenate([[self.cpr], self.draws])
            return daily * self._plan_days(start, deadline, plan) / cpr
        a, g, weights, rows = self._parts(start, deadline, plan)
        paid = _saturation(a + daily * g, rows[:, 1:2], rows[:, 2:3], rows[:, 4:5])
        return (weights * (rows[:, 0:1] + paid)).sum(axis=1)

    def _total(self, daily: float, start: dt.date, deadline: dt.date, plan: Plan) -> float:
        """The estimate alone (row 0), for the search."""
        if self.basis == "cost_per_result":
            return daily * self._plan_days(start, deadline, plan) / self.cpr
        a, g, weights, rows = self._parts(start, deadline, plan)
        paid = _saturation(a[0] + daily * g[0], rows[0, 1], rows[0, 2], rows[0, 4])
        return float((weights[0] * (rows[0, 0] + paid)).sum())

    def _param_var(self, totals: np.ndarray) -> float:
        """The delta method: the variance of a figure from its values on the nudged rows."""
        grad = np.array([(totals[1 + i] - totals[0]) / self._step(i) for i in range(self.n_free)])
        return float(max(grad @ self.cov @ grad, 0.0))

    def _noise_sd(self, days: int) -> float:
        rho = min(max(self.rho, 0.0), 0.9)
        return self.sigma * math.sqrt(max(days, 1) * (1 + rho) / (1 - rho))

    # -- forward ----------------------------------------------------------------------------

    def _forecast(self, budget: float, start: dt.date, deadline: dt.date, plan: Plan) -> tuple[float, float]:
        """The mean total and its standard deviation (parameters and day-to-day noise)."""
        key = ("forecast", budget, start, deadline, plan)
        if key in self._memo:
            return self._memo[key]
        daily = budget / self._plan_days(start, deadline, plan)
        totals = self._totals(daily, start, deadline, plan)
        noise = self._noise_sd((deadline - start).days + 1)
        if self.basis == "cost_per_result":
            spread = float(np.std(totals[1:]))
        else:
            spread = math.sqrt(self._param_var(totals))
        out = (float(totals[0]), math.sqrt(spread ** 2 + noise ** 2))
        self._memo[key] = out
        return out

    def expected(self, budget: float, start: dt.date, deadline: dt.date, plan: Plan = "flat") -> Range:
        """The results expected from ``start`` to ``deadline`` with ``budget`` for the period,
        and their 80 % range (parameters and day-to-day noise; never below zero)."""
        mean, sd = self._forecast(budget, start, deadline, plan)
        return Range(mean, max(mean - Z80 * sd, 0.0), max(mean + Z80 * sd, 0.0))

    def expected_for_spend(self, daily_spend: np.ndarray) -> Range:
        """The results of the days right after the history when they spend ``daily_spend`` (one
        figure a day, the weekdays following on): the calibration's question."""
        spend = np.asarray(daily_spend, dtype=float)
        days = pd.date_range(self.last_day + dt.timedelta(days=1), periods=len(spend), freq="D")
        if self.basis == "cost_per_result":
            totals = spend.sum() / np.concatenate([[self.cpr], self.draws])
            spread = float(np.std(totals[1:]))
        else:
            rows = self._rows()
            totals = np.empty(len(rows))
            for r, row in enumerate(rows):
                lam = _lam(row[3])
                last = _adstock(self.spend_days, lam)[-1]
                adstock = signal.lfilter([1 - lam], [1, -lam], spend, zi=[lam * last])[0]
                totals[r] = float((self.weekday[days.day_of_week.to_numpy()]
                                   * (row[0] + _saturation(adstock, row[1], row[2], row[4]))).sum())
            spread = math.sqrt(self._param_var(totals))
        sd = math.sqrt(spread ** 2 + self._noise_sd(len(spend)) ** 2)
        mean = float(totals[0])
        return Range(mean, max(mean - Z80 * sd, 0.0), mean + Z80 * sd)

    def chance(self, target: float, budget: float, start: dt.date, deadline: dt.date, plan: Plan = "flat") -> float:
        """The chance that the results reach ``target`` by the deadline with ``budget``."""
        mean, sd = self._forecast(budget, start, deadline, plan)
        if sd <= 0:
            return float(mean >= target)
        return float(stats.norm.sf((target - mean) / sd))

    # -- inverse ----------------------------------------------------------------------------

    def organic(self, start: dt.date, deadline: dt.date, plan: Plan = "flat") -> float:
        """The results expected with no spend from ``start`` on (the base and the carry-over)."""
        return self._total(0.0, start, deadline, plan)

    def ceiling(self, start: dt.date, deadline: dt.date, plan: Plan = "flat") -> float:
        """The most any budget buys by the deadline (the estimate): the curve's level-off."""
        if self.basis == "cost_per_result":
            return math.inf
        return self._total(SEARCH_FACTOR * self.max_daily_spend, start, deadline, plan)

    def _solve(self, target: float, start: dt.date, deadline: dt.date, plan: Plan) -> float:
        """The daily budget whose expected total is ``target`` (``inf`` where no budget within
        :data:`SEARCH_FACTOR` × the highest spend gives it)."""
        if self.basis == "cost_per_result":
            return target * self.cpr / self._plan_days(start, deadline, plan)
        high = SEARCH_FACTOR * self.max_daily_spend
        if self._total(high, start, deadline, plan) < target:
            return math.inf
        if self._total(0.0, start, deadline, plan) >= target:
            return 0.0
        return float(optimize.brentq(lambda b: self._total(b, start, deadline, plan) - target, 0.0, high,
                                     xtol=1e-9 * high, rtol=1e-10, maxiter=200))

    def needed(self, target: float, start: dt.date, deadline: dt.date, plan: Plan = "flat") -> "Needed":
        """The budget for the period needed for the results to reach ``target`` by the deadline,
        its 80 % range (parameter uncertainty: the delta method on the log of the budget for the
        curve, the bootstrap for a cost-per-result line), the marginal cost of one more result
        there and the average cost per result. Raises :class:`BudgetError` for a target of 0 or
        below, or one the results reach with no spend at all."""
        if not math.isfinite(target) or target <= 0:
            raise BudgetError("budget.error.target_not_positive", target=target)
        if deadline < start:
            raise BudgetError("budget.error.deadline_before_start", start=start, deadline=deadline)
        key = ("needed", target, start, deadline, plan)
        if key in self._memo:
            return self._memo[key]
        organic = self.organic(start, deadline, plan)
        if target <= organic:
            raise BudgetError("budget.error.below_baseline", target=target, organic=round(organic, 1),
                              kpi=_kpi_name(self.kpi))
        span = self._plan_days(start, deadline, plan)
        daily = self._solve(target, start, deadline, plan)
        mean = daily * span
        marginal = average = None
        lower = upper = math.inf
        if math.isfinite(daily):
            step = max(daily * 1e-4, 1e-9)
            gain = (self._total(daily + step, start, deadline, plan) - self._total(daily, start, deadline, plan)) / step
            marginal = span / gain if gain > 0 else None         # currency per extra result
            average = mean / target
            if self.basis == "cost_per_result":
                lower, upper = (float(q) for q in np.quantile(target * self.draws, RANGE_Q))
            elif gain > 0:
                # implicit function: dB/dθ = −(∂T/∂θ) / (∂T/∂B); the range on the log of B
                sd = math.sqrt(self._param_var(self._totals(daily, start, deadline, plan))) / gain
                log_sd = sd / daily
                spread = min(Z80 * log_sd, 50.0)   # near the level-off the range has no upper end
                lower, upper = mean * math.exp(-spread), mean * math.exp(spread) if spread < 50.0 else math.inf
        peak = daily * (float(self.spend_profile.max()) if plan == "weekday" else 1.0)
        result = Needed(total=Range(mean, lower, upper), daily=daily, peak_daily=peak,
                        marginal_cost=marginal, average_cost=average, organic=organic)
        self._memo[key] = result
        return result


@dataclass(frozen=True)
class Needed:
    total: Range                 # the budget for the period (inf where out of reach)
    daily: float                 # the daily budget of the plan's average day
    peak_daily: float            # the plan's busiest day
    marginal_cost: float | None  # the cost of one more result at that budget
    average_cost: float | None   # budget ÷ results (organic ones included)
    organic: float               # the results with no spend


# ----------------------------------------------------------------------------- fitting


def fit_response(history: pd.DataFrame, kpi_id: str, currency: str | None = None) -> ResponseCurve:
    """Fit the response of ``kpi_id``'s daily results to daily ``spend`` (module docstring).
    Raises :class:`BudgetError` on spend without results, results without spend, spend that is
    zero or negative everywhere, or fewer than :data:`MIN_DAYS` days with both."""
    spend_all, results_all = _daily(history, kpi_id)
    both = pd.DataFrame({"spend": spend_all, "results": results_all}).dropna()
    span = spend_all.loc[both.index[0]:both.index[-1]].fillna(0.0)   # a day without a figure spent nothing
    top = float(both["spend"].max())
    recent = float(both["spend"].iloc[-28:].mean())
    spend_cv = float(both["spend"].std(ddof=0) / both["spend"].mean()) if both["spend"].mean() > 0 else 0.0
    profile = both["spend"].groupby(both.index.day_of_week).mean().reindex(range(7)).to_numpy()
    if np.isnan(profile).any() or profile.mean() <= 0:
        profile = np.ones(7)
    profile = profile / profile.mean()
    base = dict(kpi=kpi_id, currency=currency, last_day=both.index[-1].date(), max_daily_spend=top,
                recent_daily_spend=recent, spend_profile=profile, weekday=np.ones(7),
                days_used=len(both), spend_cv=spend_cv, spend_days=span.to_numpy(dtype=float))
    reasons: list[Message] = []
    if len(both) < MIN_CURVE_DAYS:
        reasons.append(Message("budget.reason.few_days", {"days": len(both), "needed": MIN_CURVE_DAYS}))
    elif spend_cv < MIN_SPEND_CV:
        reasons.append(Message("budget.reason.flat_spend", {"cv": Percent(spend_cv * 100),
                                                            "threshold": Percent(MIN_SPEND_CV * 100)}))
    else:
        curve = _fit_curve(both, span, base, reasons)
        if curve is not None:
            return curve
    return _cost_per_result(both, base, reasons)


def _fit_curve(both: pd.DataFrame, span: pd.Series, base: dict, reasons: list[Message]) -> ResponseCurve | None:
    """The curve, or None (with a reason) when it is not identifiable."""
    mask = span.index.isin(both.index)
    spend = span.to_numpy(dtype=float)
    y = both["results"].to_numpy(dtype=float)
    top = base["max_daily_spend"]

    def fit(weekday: np.ndarray, hill: bool) -> _Fit:
        if mask.all():
            return _fit_once(spend, y, weekday, hill, top)
        return _fit_masked(spend, y, mask, weekday, hill, top)

    first = fit(np.ones(len(spend)), False)
    factors = _weekday_factors(both.index, y, _predict(first.theta, spend)[mask])
    weekday = factors if factors is not None else np.ones(7)
    w = weekday[span.index.day_of_week.to_numpy()]
    chosen = fit(w, False) if factors is not None else first
    hill_fit = fit(w, True)
    dof = len(y) - 5
    if dof > 0 and hill_fit.sse < chosen.sse:
        f_stat = (chosen.sse - hill_fit.sse) / (hill_fit.sse / dof)
        if stats.f.sf(f_stat, 1, dof) < HILL_P:
            chosen = hill_fit
    n_free = chosen.free.size
    theta = chosen.theta
    if theta[2] > MAX_K_FACTOR * top:
        reasons.append(Message("budget.reason.saturation_outside", {
            "k": Money(theta[2], base["currency"]), "max": Money(top, base["currency"])}))
        return None
    sigma2 = chosen.sse / max(len(y) - n_free, 1)
    resid = y - (w * _predict(theta, spend))[mask]
    try:
        # the sandwich (HC1): results counted by the day are noisier on bigger days
        bread = np.linalg.inv(chosen.jac.T @ chosen.jac)
        meat = (chosen.jac * resid[:, None] ** 2).T @ chosen.jac * len(y) / max(len(y) - n_free, 1)
        cov = bread @ meat @ bread
    except np.linalg.LinAlgError:
        cov = None
    if cov is None or not np.all(np.isfinite(cov)) or np.any(np.diag(cov) < 0):
        reasons.append(Message("budget.reason.not_identifiable", {}))
        return None
    spent = both["spend"][both["spend"] > 0]   # days without spend say nothing of the curve's slope
    error = _curve_error(theta, cov, n_free, float(spent.median()))
    if not error <= MAX_REL_SE:
        reasons.append(Message("budget.reason.uncertain", {
            "error": Percent(100 * min(error, 9.99)), "threshold": Percent(100 * MAX_REL_SE)}))
        return None
    fitted = w * _predict(theta, spend)
    resid = y - fitted[mask]
    rho = float(np.corrcoef(resid[:-1], resid[1:])[0, 1]) if len(resid) > 3 and resid.std() > 0 else 0.0
    history = pd.DataFrame({"spend": both["spend"], "results": both["results"],
                            "fitted": fitted[mask]}, index=both.index)
    return ResponseCurve(**base | {"weekday": weekday}, basis="curve",
                         params={name: float(theta[i]) for i, name in enumerate(NAMES)},
                         stderr={name: float(math.sqrt(cov[i, i])) for i, name in enumerate(NAMES[:n_free])},
                         cov=cov, sigma=math.sqrt(sigma2), rho=0.0 if math.isnan(rho) else rho,
                         hill=n_free == 5, history=history)


def _curve_error(theta: np.ndarray, cov: np.ndarray, n_free: int, middle: float) -> float:
    """How well the data pins the curve down where it is used: the relative standard error
    (delta method) of the marginal response, the extra results a day one more unit of daily
    spend buys, at ``middle`` (the median daily spend of the days with spend)."""
    def slope(t: np.ndarray) -> float:
        step = 0.05 * middle
        return float((_saturation(np.array(middle + step), t[1], t[2], t[4])
                      - _saturation(np.array(middle - step), t[1], t[2], t[4])) / (2 * step))

    if not middle > 0:  # no day with spend: no slope to measure
        return math.inf
    value = slope(theta)
    if not value > 0:
        return math.inf
    grad = np.empty(n_free)
    for i in range(n_free):
        nudged = theta.copy()
        h = 1e-5 * max(abs(theta[i]), 1e-3)
        nudged[i] += h
        grad[i] = (slope(nudged) - value) / h
    return math.sqrt(max(float(grad @ cov @ grad), 0.0)) / value


def _predict(theta: np.ndarray, spend: np.ndarray) -> np.ndarray:
    return theta[0] + _saturation(_adstock(spend, _lam(theta[3])), theta[1], theta[2], theta[4])


def _fit_masked(spend, y, mask, weekday, hill, top) -> _Fit:
    """:func:`_fit_once` when some days have spend but no results: their residuals are 0."""
    filled = np.zeros(len(spend))
    filled[mask] = y
    fit = _fit_once(spend, filled, np.where(mask, weekday, 0.0), hill, top)
    return _Fit(theta=fit.theta, sse=fit.sse, jac=fit.jac[mask], free=fit.free)


def _cost_per_result(both: pd.DataFrame, base: dict, reasons: list[Message]) -> ResponseCurve:
    """The cost-per-result line (low confidence): Σspend ÷ Σresults over the recent days,
    bootstrapped over days for its range."""
    recent = both.iloc[-CPR_WINDOW_DAYS:]
    spend, results = recent["spend"].to_numpy(), recent["results"].to_numpy()
    if results.sum() <= 0:
        raise BudgetError("budget.error.no_results_with_spend", kpi=_kpi_name(base["kpi"]))
    cpr = float(spend.sum() / results.sum())
    rng = np.random.default_rng(SEED)
    picks = rng.integers(0, len(recent), size=(DRAWS, len(recent)))
    sums = results[picks].sum(axis=1)
    draws = spend[picks].sum(axis=1) / np.where(sums > 0, sums, np.nan)
    draws = np.where(np.isfinite(draws), draws, cpr * 10)
    resid = results - spend / cpr
    rho = float(np.corrcoef(resid[:-1], resid[1:])[0, 1]) if len(resid) > 3 and resid.std() > 0 else 0.0
    history = pd.DataFrame({"spend": both["spend"], "results": both["results"],
                            "fitted": both["spend"] / cpr})
    return ResponseCurve(**base, basis="cost_per_result", cpr=cpr, draws=draws,
                         sigma=float(resid.std(ddof=1)), rho=0.0 if math.isnan(rho) else rho,
                         reasons=reasons, history=history,
                         )


# ----------------------------------------------------------------------------- the plan


@dataclass
class BudgetPlan:
    """The budget figures for one question (the CLI's ``--json`` object and the assessment's
    ``"budget"``): the curve behind them is kept for the chart and the sliders."""

    curve: ResponseCurve
    start: dt.date
    deadline: dt.date
    plan: Plan
    target: float | None = None
    budget: float | None = None
    needed: Needed | None = None
    expected: Range | None = None
    chance: float | None = None          # of reaching the target with the planned budget
    warnings: list[Message] = field(default_factory=list)

    @property
    def basis(self) -> Basis:
        return self.curve.basis

    @property
    def top_daily(self) -> float | None:
        """The highest daily spend the plan asks for (the needed one, else the planned one)."""
        if self.needed is not None and math.isfinite(self.needed.peak_daily):
            return self.needed.peak_daily
        if self.budget is not None:
            profile = self.curve.spend_profile.max() if self.plan == "weekday" else 1.0
            return self.budget / self.curve._plan_days(self.start, self.deadline, self.plan) * profile
        return None

    @property
    def planned_daily(self) -> float | None:
        """The planned budget's average day (the period's budget over the plan's days)."""
        if self.budget is None:
            return None
        return self.budget / self.curve._plan_days(self.start, self.deadline, self.plan)

    @property
    def within_history(self) -> bool:
        top = self.top_daily
        if self.needed is not None and not math.isfinite(self.needed.daily):
            return False
        return top is None or top <= self.curve.max_daily_spend * (1 + 1e-9)

    @property
    def cost_per_result(self) -> float | None:
        """The average cost per result: at the needed budget, else at the planned one, else the history's."""
        if self.needed is not None and self.needed.average_cost is not None:
            return self.needed.average_cost
        if self.expected is not None and self.budget and self.expected.mean:
            return self.budget / self.expected.mean
        return self.curve.cpr

    def as_json(self, lang: Lang | str = "en") -> dict[str, Any]:
        """``{"basis", "needed", "expected", "marginal_cost", "cost_per_result",
        "max_daily_spend_seen", "within_history", "currency", "warnings"}`` (the contract), then
        ``target``, ``budget``, ``chance``, ``needed_daily``, ``plan``, ``start``, ``deadline``."""
        needed = self.needed
        return {
            "basis": self.basis,
            "needed": needed.total.as_json() if needed is not None else None,
            "expected": self.expected.as_json() if self.expected is not None else None,
            "marginal_cost": _num(needed.marginal_cost) if needed is not None else None,
            "cost_per_result": _num(self.cost_per_result),
            "max_daily_spend_seen": _num(self.curve.max_daily_spend),
            "within_history": self.within_history,
            "currency": self.curve.currency,
            "warnings": [w.render(lang) for w in self.warnings],
            "target": _num(self.target),
            "budget": _num(self.budget),
            "chance": _num(self.chance),
            "needed_daily": _num(needed.daily) if needed is not None else None,
            "plan": self.plan,
            "start": self.start.isoformat(),
            "deadline": self.deadline.isoformat(),
        }


def budget_plan(curve: ResponseCurve, start: dt.date, deadline: dt.date, *, target: float | None = None,
                budget: float | None = None, plan: Plan = "flat") -> BudgetPlan:
    """The figures for a target (the budget it needs) and/or a planned budget (the results it
    buys, and the chance of the target with it), with every warning. Raises
    :class:`BudgetError` for a target of 0 or below or below what no spend gives, a negative
    budget, or a deadline before the start."""
    if deadline < start:
        raise BudgetError("budget.error.deadline_before_start", start=start, deadline=deadline)
    if budget is not None and (not math.isfinite(budget) or budget < 0):
        raise BudgetError("budget.error.budget_negative", budget=budget)
    result = BudgetPlan(curve=curve, start=start, deadline=deadline, plan=plan, target=target, budget=budget)
    warnings = list(curve.reasons)
    if curve.basis == "cost_per_result":
        warnings.append(Message("budget.warning.low_confidence", {
            "cpr": Money(curve.cpr, curve.currency), "kpi": _kpi_name(curve.kpi)}))
    if target is not None:
        result.needed = curve.needed(target, start, deadline, plan)
        if not math.isfinite(result.needed.daily):
            warnings.append(Message("budget.warning.unreachable", {
                "target": target, "ceiling": round(curve.ceiling(start, deadline, plan), 1),
                "kpi": _kpi_name(curve.kpi)}))
    if budget is not None:
        result.expected = curve.expected(budget, start, deadline, plan)
        if target is not None:
            result.chance = curve.chance(target, budget, start, deadline, plan)
    top = result.top_daily
    if top is not None and top > curve.max_daily_spend * (1 + 1e-9) and math.isfinite(top):
        warnings.append(Message("budget.warning.beyond_history", {
            "daily": Money(top, curve.currency), "max": Money(curve.max_daily_spend, curve.currency),
            "times": round(top / curve.max_daily_spend, 1)}))
    if start > curve.last_day + dt.timedelta(days=1):
        warnings.append(Message("budget.warning.gap", {
            "last": curve.last_day, "daily": Money(curve.recent_daily_spend, curve.currency)}))
    result.warnings = warnings
    return result
