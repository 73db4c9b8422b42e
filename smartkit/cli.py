"""The command line: ``python -m smartkit schema | check | import | baseline``.

Contracts (command names, flags, JSON keys, exit codes) are relied on by scripts outside the
project: add to them, never rename. Exit codes: 0 done, 2 bad input (one clear line on stderr,
never a traceback).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from typing import Callable

from smartkit.errors import SmartkitError
from smartkit.i18n import LANGUAGES

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def _print_json(obj: object) -> None:
    """Strict JSON (RFC 8259): a value that is not a finite number is printed as null, never as
    ``NaN`` or ``Infinity``."""
    print(json.dumps(_finite(obj), ensure_ascii=False, indent=2, default=str, allow_nan=False))


def _finite(obj: object) -> object:
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {key: _finite(value) for key, value in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(value) for value in obj]
    return obj


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it as YYYY-MM-DD") from None


# ------------------------------------------------------------------------------ schema


def cmd_schema(args: argparse.Namespace) -> int:
    from smartkit.models import GoalDraft

    _print_json(GoalDraft.model_json_schema())
    return EXIT_OK


# ------------------------------------------------------------------------------ check

STATUS_MARK = {"pass": "✔", "warn": "!", "fail": "✘"}


def cmd_check(args: argparse.Namespace) -> int:
    from smartkit.i18n import t
    from smartkit.models import GoalDraft, refuse_outside_planning_window
    from smartkit.goals.criteria import evaluate
    from smartkit.goals.statement import statement

    if args.today is not None:
        refuse_outside_planning_window(args.today, "--today")
    draft = GoalDraft.load(args.goal)
    lang = args.lang or draft.lang
    from smartkit.importers import read_exports

    history = read_exports(args.data)
    report = evaluate(draft, history=history, today=args.today)
    result = report.as_dict(lang)
    result["statement"] = statement(draft, lang)
    if report.achievability is not None:
        result["achievability"] = report.achievability.as_json(lang)
    if history is not None:
        from smartkit.analysis.pacing import goal_pacing

        progress = goal_pacing(draft, history, args.today or dt.date.today())
        if progress is not None:
            result["pacing"] = progress.as_json(lang)
    if args.json:
        _print_json(result)
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


def _read_daily(path: str):
    """One analytics export as a history table (``read_export(path).daily``; a plain CSV with a
    ``date`` column and metric-id columns while the importers are not there)."""
    try:
        from smartkit.importers import read_export
    except ImportError:  # pragma: no cover - the importers are written in parallel
        import pandas as pd

        return pd.read_csv(path, parse_dates=["date"], index_col="date")
    exported = read_export(path)
    return getattr(exported, "daily", exported)


def cmd_baseline(args: argparse.Namespace) -> int:
    from smartkit.analysis.baseline import Benchmark, compute_baseline, trend_message
    from smartkit.i18n import fmt, t

    history = _read_daily(args.file)
    benchmark = Benchmark(value=args.benchmark, source=args.benchmark_source) \
        if args.benchmark is not None else None
    result = compute_baseline(history, args.kpi, window_days=args.window, start=args.start,
                              end=args.end, anchor=args.anchor, today=args.today, benchmark=benchmark)
    lang = args.lang or "en"
    if args.json:
        _print_json(result.as_json(lang))
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
        _print_json(summary)
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

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"schema": cmd_schema, "check": cmd_check,
                                                        "baseline": cmd_baseline,
                                                        "import": cmd_import}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m smartkit",
                                     description="SMART goals and KPIs for social-media marketing.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("schema", help="print the JSON schema of a goal file")
    check = sub.add_parser("check", help="judge a goal file letter by letter and print its statement")
    check.add_argument("goal", metavar="GOAL.json")
    check.add_argument("--data", action="append", default=[], metavar="FILE",
                       help="an analytics export to judge the goal against (repeatable)")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.add_argument("--today", type=_iso_date, default=None, metavar="YYYY-MM-DD",
                       help="judge the goal as of this date (default: today)")
    check.add_argument("--lang", choices=LANGUAGES, default=None,
                       help="language of the verdicts and statement (default: the goal's)")
    base = sub.add_parser("baseline", help="the baseline, trend and warnings of one KPI in an export")
    base.add_argument("file", metavar="FILE")
    base.add_argument("--kpi", required=True, metavar="ID", help="a KPI id, e.g. link_clicks, ctr, followers")
    base.add_argument("--window", type=int, default=28, metavar="DAYS",
                      help="trailing window in days: 7, 28 (default) or 90")
    base.add_argument("--start", type=_iso_date, default=None, metavar="YYYY-MM-DD",
                      help="first day of a date range (instead of the trailing window)")
    base.add_argument("--end", type=_iso_date, default=None, metavar="YYYY-MM-DD", help="last day of the range")
    base.add_argument("--anchor", type=float, default=None, metavar="N",
                      help="today's value of a stock rebuilt from daily changes (followers)")
    base.add_argument("--benchmark", type=float, default=None, help="an industry / competitor figure")
    base.add_argument("--benchmark-source", default=None, help="where the benchmark comes from")
    base.add_argument("--today", type=_iso_date, default=None, metavar="YYYY-MM-DD",
                      help="a last day on or after this date is incomplete")
    base.add_argument("--json", action="store_true", help="print one JSON object")
    base.add_argument("--lang", choices=LANGUAGES, default=None, help="language of the warnings")
    imp = sub.add_parser("import", help="read an analytics export into a daily table")
    imp.add_argument("file", metavar="FILE", help="a CSV or XLSX exported from Meta, GA4, TikTok...")
    imp.add_argument("--json", action="store_true", help="print one JSON object")
    imp.add_argument("--out", metavar="DAILY.csv", default=None, help="write the daily table here")
    imp.add_argument("--lang", choices=LANGUAGES, default=None, help="language of the warnings")
    from smartkit.storage import cli as goals_cli  # the goal library's commands (``goals ...``)

    goals_cli.add_parser(sub)
    COMMANDS.setdefault("goals", goals_cli.run)
    from smartkit.reports import cli as reports_cli  # the brief and other forms (``report ...``)

    reports_cli.add_parser(sub)
    COMMANDS.setdefault("report", reports_cli.cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except SmartkitError as err:
        message = " ".join(err.message(getattr(args, "lang", "en")).split())  # always one line
        print(f"error: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # a bug of ours: still one line, never a traceback
        print(f"error: smartkit hit an internal problem ({type(err).__name__}: {err}). "
              "Please report it with the file you used.", file=sys.stderr)
        return 1
