"""The command line: ``python -m smartkit schema | check | import | baseline``.

Contracts (command names, flags, JSON keys, exit codes) are relied on by scripts outside the
project: add to them, never rename. Exit codes: 0 done, 2 bad input (one clear line on stderr,
never a traceback).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Callable

from smartkit.errors import SmartkitError
from smartkit.i18n import LANGUAGES

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def _print_json(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


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


def load_history(paths: list[str]):
    """Read and merge the analytics exports given with ``--data`` (None when there are none)."""
    if not paths:
        return None
    from smartkit.importers import merge, read_export

    return merge([read_export(path) for path in paths])


def cmd_check(args: argparse.Namespace) -> int:
    from smartkit.i18n import t
    from smartkit.models import GoalDraft
    from smartkit.smart import evaluate
    from smartkit.statement import statement

    draft = GoalDraft.load(args.goal)
    lang = args.lang or draft.lang
    history = load_history(args.data)
    report = evaluate(draft, history=history, today=args.today)
    result = report.as_dict(lang)
    result["statement"] = statement(draft, lang)
    if history is not None:
        from smartkit.achievability import assess

        result["achievability"] = assess(draft, history, today=args.today).as_json()
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


# ------------------------------------------------------------------------------ parser

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"schema": cmd_schema, "check": cmd_check}


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
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except SmartkitError as err:
        print(f"error: {err.message(getattr(args, 'lang', 'en'))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # a bug of ours: still one line, never a traceback
        print(f"error: smartkit hit an internal problem ({type(err).__name__}: {err}). "
              "Please report it with the file you used.", file=sys.stderr)
        return 1
