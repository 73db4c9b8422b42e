"""The budget planner's figures as every surface words them: the Target page's "Budget needed"
panel, meeting mode and the brief read one :class:`BudgetFigures`, made by
:func:`budget_figures` from the goal's one assessment (its ``budget``, a
:class:`~smartkit.analysis.budget.BudgetPlan`). Nothing is worked out here: each figure is the
plan's, formatted in the language (money whole from 100 up, results in the KPI's unit).

Results are what the budget buys: the KPI's period total for a count (sales revenue in money,
purchases, leads...), the net new followers for a follower goal (the growth the target asks for).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from smartkit.catalogue import KpiName, get_kpi
from smartkit.i18n import Lang, Money, Percent, as_lang, fmt, t
from smartkit.models import capitalised

__all__ = ["BudgetFigures", "budget_figures", "result_kpi"]

WHOLE_MONEY_FROM = 100  # money from this size shown without cents ("$7,187", but "$0.60")
RANGE_LEVEL = 80        # the planner's ranges are 80 % ranges (smartkit.analysis.budget.RANGE_Q)


@dataclass(frozen=True)
class BudgetFigures:
    """One goal's budget figures, worded in one language (None where the plan has none)."""

    basis: str                           # "curve" or "cost_per_result"
    basis_text: str                      # how the figures were made (low confidence said)
    results: str                         # what a result is, over which period
    needed: str | None = None            # the budget the target needs for the period
    needed_range: str | None = None      # its 80 % range
    needed_daily: str | None = None      # "about $78 a day"
    reachable: bool = True               # False: no budget reaches the target on the curve
    marginal_label: str = ""
    marginal: str | None = None          # the cost of one more result at the needed budget
    average_label: str = ""
    average: str | None = None           # the average cost per result
    budget: str | None = None            # the planned budget
    expected_label: str = ""
    expected: str | None = None          # the results the planned budget buys by the deadline
    expected_range: str | None = None
    chance: str | None = None            # of the target with the planned budget
    warnings: list[str] = field(default_factory=list)
    problem: str | None = None           # why the target has no budget (the planned one still shown)


def result_kpi(kpi_id: str) -> str:
    """The KPI the budget buys by the day for a goal on ``kpi_id`` (followers: their net growth)."""
    return "net_followers" if get_kpi(kpi_id).kind == "stock" else kpi_id


def money(value: float | None, currency: str | None, whole: bool | None = None) -> Money | None:
    """An amount as the budget figures write it: whole from :data:`WHOLE_MONEY_FROM` up (or as
    ``whole`` says); None for no amount or one that is not finite."""
    if value is None or not math.isfinite(value):
        return None
    return Money(value, currency, whole=abs(value) >= WHOLE_MONEY_FROM if whole is None else whole)


def result_value(kpi_id: str, value: float, currency: str | None) -> Any:
    """A number of results in the KPI's unit (money for sales revenue, whole for counts)."""
    from smartkit.wording import kpi_value

    return kpi_value(get_kpi(result_kpi(kpi_id)), value, currency)


def _range(lower: Any, upper: Any, loc: Lang) -> str | None:
    if lower is None:
        return None
    level = Percent(RANGE_LEVEL)
    if upper is None:
        return t("budget.ui.range_open", loc, level=level, lower=lower)
    return t("budget.ui.range", loc, level=level, lower=lower, upper=upper)


def budget_figures(assessment: Any, lang: Lang | str = "en") -> BudgetFigures | None:
    """The figures of ``assessment.budget`` in ``lang``; None when the goal has no budget plan."""
    plan = assessment.budget
    if plan is None:
        return None
    loc = as_lang(lang)
    curve, goal = plan.curve, assessment.goal
    currency = curve.currency
    kpi_id = goal.kpi
    kpi = get_kpi(kpi_id)
    name = KpiName("kpi_name", {"id": result_kpi(kpi_id)})
    as_money = kpi.unit == "currency"
    one = Money(1, currency, whole=True)
    basis_text = (t("budget.ui.basis.curve", loc, days=curve.days_used) if plan.basis == "curve"
                  else t("budget.ui.basis.cost_per_result", loc))
    out: dict[str, Any] = dict(
        basis=plan.basis, basis_text=basis_text,
        results=t("budget.ui.results", loc, kpi=name, start=plan.start, deadline=plan.deadline),
        marginal_label=t("budget.ui.marginal_money", loc, one=one, kpi=name) if as_money
        else t("budget.ui.marginal", loc),
        average_label=t("budget.ui.average_money", loc, one=one, kpi=name) if as_money
        else t("budget.ui.average", loc),
        warnings=[w.render(loc) for w in plan.warnings],
        problem=assessment.budget_problem.render(loc) if assessment.budget_problem is not None else None)
    needed = plan.needed
    if needed is not None:
        total = needed.total
        if total.mean is None or not math.isfinite(total.mean):
            out.update(reachable=False, needed=t("budget.ui.out_of_reach", loc))
        else:
            whole = abs(total.mean) >= WHOLE_MONEY_FROM   # the range written as its figure is
            out.update(needed=fmt(money(total.mean, currency), loc),
                       needed_range=_range(_fmt(money(total.lower, currency, whole), loc),
                                           _fmt(money(total.upper, currency, whole), loc), loc),
                       needed_daily=t("budget.ui.needed_daily", loc, daily=money(needed.daily, currency)))
        if needed.marginal_cost is not None and math.isfinite(needed.marginal_cost):
            out["marginal"] = fmt(money(needed.marginal_cost, currency), loc)
    average = plan.cost_per_result
    if average is not None and math.isfinite(average):
        out["average"] = fmt(money(average, currency), loc)
    if plan.budget is not None:
        out.update(budget=fmt(money(plan.budget, currency), loc),
                   expected_label=t("budget.ui.expected", loc, budget=money(plan.budget, currency)))
    if plan.expected is not None:
        expected = plan.expected
        mean = fmt(result_value(kpi_id, expected.mean, currency), loc)
        if kpi.kind == "stock":  # the growth it buys: "76 more followers"
            mean = capitalised(t("budget.ui.more", loc, count=mean, kpi=KpiName("kpi_name", {"id": kpi_id})))
        out.update(expected=mean,
                   expected_range=_range(fmt(result_value(kpi_id, expected.lower, currency), loc),
                                         fmt(result_value(kpi_id, expected.upper, currency), loc), loc))
    if plan.chance is not None:
        out["chance"] = fmt(Percent(plan.chance * 100), loc)
    return BudgetFigures(**out)


def _fmt(value: Any, loc: Lang) -> str | None:
    return None if value is None else fmt(value, loc)
