"""The command line: ``python -m smartkit schema | check | import | baseline``.

Contracts (command names, flags, JSON keys, exit codes) are relied on by scripts outside the
project: add to them, never rename. Exit codes: 0 done, 2 bad input (one clear line on stderr,
never a traceback).
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Callable

from smartkit.errors import SmartkitError
from smartkit.i18n import LANGUAGES

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def _print_json(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=2, default=str))


# ------------------------------------------------------------------------------ schema


def cmd_schema(args: argparse.Namespace) -> int:
    from smartkit.models import GoalDraft

    _print_json(GoalDraft.model_json_schema())
    return EXIT_OK


# ------------------------------------------------------------------------------ parser

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"schema": cmd_schema}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m smartkit",
                                     description="SMART goals and KPIs for social-media marketing.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("schema", help="print the JSON schema of a goal file")
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
