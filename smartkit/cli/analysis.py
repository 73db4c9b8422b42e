"""``python -m smartkit schema | check | import | baseline``: one goal file or one export.

Contracts (command names, flags, JSON keys, exit codes) are relied on by scripts outside the
project: add to them, never rename. ``check --json`` carries the goal's ``"assessment"``
(:mod:`smartkit.goals.assessment`), the same object ``goals show``, ``goals track`` and
``report --format json`` print.
"""
from __future__ import annotations

import argparse

from smartkit.cli.common import EXIT_OK, iso_date, print_json, today_arg
from smartkit.errors import SmartkitError
from smartkit.i18n import LANGUAGES


# ------------------------------------------------------------------------------ schema


def cmd_schema(args: argparse.Namespace) -> int:
    from smartkit.models import GoalDraft

    print_json(GoalDraft.model_json_schema())
    return EXIT_OK


# ------------------------------------------------------------------------------ check

STATUS_MARK = {"pass": "✔", "warn": "!", "fail": "✘"}


def cmd_check(args: argparse.Namespace) -> int:
    from smartkit.goals.assessment import assess_goal
    from smartkit.goals.statement import statement
    from smartkit.i18n import t
    from smartkit.importers import read_exports
    from smartkit.models import GoalDraft

    today = today_arg(args)
    draft = GoalDraft.load(args.goal)
    lang = args.lang or draft.lang
    assessment = assess_goal(draft, read_exports(args.data), today)
    report = assessment.report
    result = report.as_dict(lang)
    result["statement"] = statement(assessment.goal, lang)
    if report.achievability is not None:
        result["achievability"] = report.achievability.as_json(lang)
    if assessment.tracking is not None:
        result["pacing"] = assessment.tracking.pacing.as_json(lang)
    result["assessment"] = assessment.as_json(lang)
    if args.json:
        print_json(result)
        return EXIT_OK
    for letter, verdict in result["verdicts"].items():
        print(f"{STATUS_MARK[verdict['status']]} {t(f'smart.letter.{letter}', lang)}: {verdict['reason']}")
        if verdict["fix"]:
            print(f"    → {verdict['fix']}")
    print()
    print(t(f"smart.overall.{result['overall']}", lang))
    print(result["statement"])
    return EXIT_OK


# ------------------------------------------------------------------------------ baseline


def cmd_baseline(args: argparse.Namespace) -> int:
    from smartkit.analysis.baseline import Benchmark, compute_baseline, trend_message
    from smartkit.i18n import fmt, t
    from smartkit.importers import read_export
    from smartkit.models import (MAX_WINDOW_DAYS, refuse_bad_amount, refuse_outside_planning_window,
                                 refuse_outside_range)

    # the arguments are held to the rules of the goal's own fields, before the export is read
    today = today_arg(args) if args.today is not None else None  # none given: no day is taken as partial
    for flag, day in (("--start", args.start), ("--end", args.end)):
        if day is not None:
            refuse_outside_planning_window(day, flag)
    refuse_outside_range(args.window, "--window", 1, MAX_WINDOW_DAYS)
    if args.anchor is not None:
        refuse_bad_amount(args.anchor, "--anchor")
    if args.benchmark is not None:
        refuse_bad_amount(args.benchmark, "--benchmark", args.kpi)
    history = read_export(args.file).daily
    benchmark = Benchmark(value=args.benchmark, source=args.benchmark_source) \
        if args.benchmark is not None else None
    result = compute_baseline(history, args.kpi, window_days=args.window, start=args.start,
                              end=args.end, anchor=args.anchor, today=today, benchmark=benchmark)
    lang = args.lang or "en"
    if args.json:
        print_json(result.as_json(lang))
        return EXIT_OK
    print(f"{t(f'kpi.{result.kpi}.name', lang)}: {fmt(result.value, lang)} "
          f"({fmt(result.window_start, lang)} – {fmt(result.window_end, lang)}, {result.days_used}/{result.window_days})")
    if result.per_period:
        print("  " + ", ".join(f"{name}: {fmt(round(value, 2), lang)}" for name, value in result.per_period.items()))
    if result.trend:
        print("  " + trend_message(result.trend).render(lang))
    if result.benchmark:
        print(f"  benchmark: {fmt(result.benchmark.value, lang)} ({result.benchmark.source or '?'})")
    for warning in result.warnings:
        print(f"  ! {warning.render(lang)}")
    return EXIT_OK


# ------------------------------------------------------------------------------ import


def cmd_import(args: argparse.Namespace) -> int:
    """Read one export; print its summary (``--json``: the contract object) and optionally
    write the daily table as CSV."""
    from smartkit.i18n import Money, fmt, t
    from smartkit.importers import read_export

    lang = args.lang or "en"
    result = read_export(args.file)
    if args.out:
        try:
            result.daily.to_csv(args.out, date_format="%Y-%m-%d")
        except OSError as err:
            raise SmartkitError("error.generic", detail=f"{args.out}: {err.strerror}") from None
    summary = result.summary(lang)
    if args.json:
        print_json(summary)
        return EXIT_OK
    from smartkit.i18n import Message

    unknown = Message("import.summary.date_unknown", {})  # an "All time" report
    print(t("import.summary.head", lang, file=result.filename or args.file, source=result.source,
            periods=result.periods, granularity=result.granularity, start=result.start or unknown,
            end=result.end or unknown))
    if result.currency:
        print("  " + t("import.summary.currency", lang, currency=result.currency))
    print("  " + t("import.summary.totals", lang))
    for metric, total in {**summary["totals"], **summary["latest"]}.items():
        value = Money(total, result.currency) if metric.endswith(("spend", "value")) else total
        print(f"    {t(f'kpi.{metric}.name', lang)}: {fmt(value, lang)}")
    if result.warnings:
        print("  " + t("import.summary.warnings", lang))
        for line in summary["warnings"]:
            print(f"    ! {line}")
    return EXIT_OK


# ------------------------------------------------------------------------------ parser

COMMANDS = {"schema": cmd_schema, "check": cmd_check, "baseline": cmd_baseline, "import": cmd_import}


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``schema``, ``check``, ``baseline`` and ``import`` on the main parser."""
    sub.add_parser("schema", help="print the JSON schema of a goal file")
    check = sub.add_parser("check", help="judge a goal file letter by letter and print its statement")
    check.add_argument("goal", metavar="GOAL.json")
    check.add_argument("--data", action="append", default=[], metavar="FILE",
                       help="an analytics export to judge the goal against (repeatable)")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.add_argument("--today", type=iso_date, default=None, metavar="YYYY-MM-DD",
                       help="judge the goal as of this date (default: today)")
    check.add_argument("--lang", choices=LANGUAGES, default=None,
                       help="language of the verdicts and statement (default: the goal's)")
    base = sub.add_parser("baseline", help="the baseline, trend and warnings of one KPI in an export")
    base.add_argument("file", metavar="FILE")
    base.add_argument("--kpi", required=True, metavar="ID", help="a KPI id, e.g. link_clicks, ctr, followers")
    base.add_argument("--window", type=int, default=28, metavar="DAYS",
                      help="trailing window in days: 7, 28 (default) or 90")
    base.add_argument("--start", type=iso_date, default=None, metavar="YYYY-MM-DD",
                      help="first day of a date range (instead of the trailing window)")
    base.add_argument("--end", type=iso_date, default=None, metavar="YYYY-MM-DD", help="last day of the range")
    base.add_argument("--anchor", type=float, default=None, metavar="N",
                      help="today's value of a stock rebuilt from daily changes (followers)")
    base.add_argument("--benchmark", type=float, default=None, help="an industry / competitor figure")
    base.add_argument("--benchmark-source", default=None, help="where the benchmark comes from")
    base.add_argument("--today", type=iso_date, default=None, metavar="YYYY-MM-DD",
                      help="a last day on or after this date is incomplete")
    base.add_argument("--json", action="store_true", help="print one JSON object")
    base.add_argument("--lang", choices=LANGUAGES, default=None, help="language of the warnings")
    imp = sub.add_parser("import", help="read an analytics export into a daily table")
    imp.add_argument("file", metavar="FILE", help="a CSV or XLSX exported from Meta, GA4, TikTok...")
    imp.add_argument("--json", action="store_true", help="print one JSON object")
    imp.add_argument("--out", metavar="DAILY.csv", default=None, help="write the daily table here")
    imp.add_argument("--lang", choices=LANGUAGES, default=None, help="language of the warnings")
