"""``python -m smartkit budget EXPORT [EXPORT...] --kpi ID (--target N | --budget AMOUNT)
--start YYYY-MM-DD --deadline YYYY-MM-DD [--today D] [--plan flat|weekday] [--json] [--lang L]``:
the budget a target needs, or what a budget buys (:mod:`smartkit.analysis.budget`).

Contract (exact; add to it, never rename): ``--json`` prints ``{"basis": "curve" |
"cost_per_result", "needed": {"mean", "lower", "upper"} | null, "expected": {"mean", "lower",
"upper"} | null, "marginal_cost", "cost_per_result", "max_daily_spend_seen", "within_history",
"currency", "warnings": [...]}`` (then ``target``, ``budget``, ``chance``, ``needed_daily``,
``plan``, ``start``, ``deadline``); money in the exports' currency, ``needed`` the budget for the
whole period. Bad input: one line on stderr, exit 2.
"""
from __future__ import annotations

import argparse
import datetime as dt

import pandas as pd

from smartkit.cli.common import EXIT_OK, iso_date, print_json, today_arg
from smartkit.i18n import LANGUAGES


def read_spend_history(paths: list[str], today: dt.date | None = None) -> tuple[pd.DataFrame, str | None]:
    """The exports merged into one daily table (:func:`smartkit.importers.merge`, what
    ``read_exports`` does) and their one currency; files in different currencies, or one file
    mixing them, are refused. Days on or after ``today`` (incomplete) are left out."""
    from smartkit.analysis.budget import BudgetError
    from smartkit.importers import merge, read_export

    results = [read_export(path) for path in paths]
    currencies = sorted({r.currency for r in results if r.currency})
    mixed = [w for r in results for w in r.warnings if w.key == "import.warning.currency_mixed"]
    if len(currencies) > 1:
        raise BudgetError("budget.error.mixed_currency", currencies=", ".join(currencies))
    if mixed:
        raise BudgetError("budget.error.mixed_currency", currencies=mixed[0].params.get("currencies", "?"))
    history = merge(results)
    if today is not None and len(history):
        history = history.loc[:pd.Timestamp(today) - pd.Timedelta(days=1)]
    return history, currencies[0] if currencies else None


def cmd_budget(args: argparse.Namespace) -> int:
    from smartkit.analysis.budget import budget_plan, fit_response
    from smartkit.i18n import Money, fmt, t

    lang = args.lang or "en"
    today = today_arg(args) if args.today else None
    history, currency = read_spend_history(args.exports, today)
    curve = fit_response(history, args.kpi, currency)
    plan = budget_plan(curve, args.start, args.deadline, target=args.target, budget=args.budget, plan=args.plan)
    data = plan.as_json(lang)
    if args.json:
        print_json(data)
        return EXIT_OK

    def money(value: float | None) -> str:
        return "–" if value is None else fmt(Money(value, currency), lang)

    print(t("budget.cli.basis." + data["basis"], lang))
    if data["needed"] is not None:
        needed = data["needed"]
        print(t("budget.cli.needed", lang, mean=money(needed["mean"]), lower=money(needed["lower"]),
                upper=money(needed["upper"]), marginal=money(data["marginal_cost"]),
                average=money(data["cost_per_result"])))
    if data["expected"] is not None:
        expected = data["expected"]
        print(t("budget.cli.expected", lang, mean=round(expected["mean"], 1), lower=round(expected["lower"], 1),
                upper=round(expected["upper"], 1)))
    print(t("budget.cli.max_seen", lang, max=money(data["max_daily_spend_seen"])))
    for line in data["warnings"]:
        print(f"! {line}")
    return EXIT_OK


COMMANDS = {"budget": cmd_budget}


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``budget`` on the main parser."""
    p = sub.add_parser("budget", help="the budget a target needs, or the results a budget buys")
    p.add_argument("exports", nargs="+", metavar="EXPORT", help="exports with daily spend and results")
    p.add_argument("--kpi", required=True, metavar="ID", help="the results KPI, e.g. purchases, leads, link_clicks")
    ask = p.add_mutually_exclusive_group(required=True)
    ask.add_argument("--target", type=float, metavar="N", help="results to reach by the deadline (a period total)")
    ask.add_argument("--budget", type=float, metavar="AMOUNT", help="the budget planned for the whole period")
    p.add_argument("--start", type=iso_date, required=True, metavar="YYYY-MM-DD", help="first day of the period")
    p.add_argument("--deadline", type=iso_date, required=True, metavar="YYYY-MM-DD", help="last day of the period")
    p.add_argument("--plan", choices=("flat", "weekday"), default="flat",
                   help="daily plan: the same every day (default) or the history's weekday profile")
    p.add_argument("--today", type=iso_date, default=None, metavar="YYYY-MM-DD",
                   help="leave out data from this day on (an incomplete day)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--lang", choices=LANGUAGES, default=None, help="language of the warnings")
