"""The command line: ``python -m smartkit schema | check | import | baseline | budget | goals ... | report``.

One package, one parser: :mod:`smartkit.cli.analysis` (one goal file or one export), :mod:`smartkit.cli.budget` (the budget planner),
:mod:`smartkit.cli.goals` (the goal library), :mod:`smartkit.cli.report` (the brief and the other
forms), sharing :mod:`smartkit.cli.common` (exit codes, the strict JSON printer, dates).

Contracts (command names, flags, JSON keys, exit codes) are relied on by scripts outside the
project: add to them, never rename. Exit codes: 0 done, 2 bad input (one clear line on stderr,
never a traceback).
"""
from __future__ import annotations

import argparse
import os
import sys
import types

from smartkit.cli import analysis, budget, goals, report
from smartkit.cli.common import EXIT_BAD_INPUT, EXIT_OK, one_line_error
from smartkit.errors import SmartkitError

__all__ = ["EXIT_BAD_INPUT", "EXIT_OK", "build_parser", "main"]

COMMANDS = {**analysis.COMMANDS, **budget.COMMANDS, "goals": goals.run, "report": report.cmd_report}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m smartkit",
                                     description="SMART goals and KPIs for social-media marketing.")
    sub = parser.add_subparsers(dest="command", required=True)
    analysis.add_parser(sub)
    budget.add_parser(sub)
    goals.add_parser(sub)
    report.add_parser(sub)
    _one_line_errors(parser)
    return parser


def _one_line_errors(parser: argparse.ArgumentParser) -> None:
    """Every command and subcommand refuses a bad argument as ``report`` does: one line on
    stderr, exit 2 (argparse alone prints its usage first)."""
    parser.error = types.MethodType(one_line_error, parser)  # type: ignore[method-assign]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for subparser in action.choices.values():
                _one_line_errors(subparser)


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
    except BrokenPipeError:  # ``... --json | head -1``: the reader has gone, so end quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush at exit
        return EXIT_OK
    except Exception as err:  # a bug of ours: still one line, never a traceback
        print(f"error: smartkit hit an internal problem ({type(err).__name__}: {err}). "
              "Please report it with the file you used.", file=sys.stderr)
        return 1
