"""``python -m smartkit report``: the goal brief and the other forms, from a goal file or a
stored goal.

    python -m smartkit report GOAL.json [--data FILE ...] --format pdf|png|md|json|csv --out PATH
                                       [--lang en|vi|th|fa] [--paper a4|letter]
    python -m smartkit report --goal ID --format pdf --out PATH ...

The history is the one in ``--data`` exports when given, else the one saved in the goal file
(or with the stored goal). ``--format md`` also writes the chart PNG next to ``PATH`` (the
Markdown links it by name). Bad input: one line on stderr, exit 2.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import types
from pathlib import Path

from smartkit.errors import SmartkitError
from smartkit.i18n import LANGUAGES
from smartkit.models import read_goal_text

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def _one_line_error(parser: argparse.ArgumentParser, message: str) -> None:
    print(f"error: {parser.prog}: {message}", file=sys.stderr)
    raise SystemExit(EXIT_BAD_INPUT)


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it as YYYY-MM-DD") from None


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The ``report`` subcommand (its errors are one line, exit 2)."""
    from smartkit.reports import FORMATS, PAPERS

    report = sub.add_parser("report", help="the goal brief (PDF, PNG, Markdown), the goal file or the daily KPI table")
    report.error = types.MethodType(_one_line_error, report)  # type: ignore[method-assign]
    report.add_argument("goal", metavar="GOAL.json", nargs="?", default=None, help="a goal file")
    report.add_argument("--goal", dest="goal_id", metavar="ID", default=None, help="a stored goal's id (instead of a file)")
    report.add_argument("--data", action="append", default=[], metavar="FILE",
                        help="an analytics export to measure the goal on (repeatable)")
    report.add_argument("--format", required=True, choices=FORMATS, help="pdf, png, md, json or csv")
    report.add_argument("--out", required=True, metavar="PATH", help="the file to write")
    report.add_argument("--lang", choices=LANGUAGES, default=None, help="language (default: the goal's)")
    report.add_argument("--paper", choices=tuple(PAPERS), default="a4", help="a4 (default) or letter")
    report.add_argument("--today", type=_iso_date, default=None, metavar="YYYY-MM-DD",
                        help="make the brief as of this date (default: today)")
    report.add_argument("--workspace", default=None, metavar="NAME", help="the client or workspace the brief is for")
    return report


def _stored(goal_id: str):
    """A stored goal from the goal library (``SMARTKIT_DATABASE_URL`` or the library file):
    the goal, its history, its workspace and its sub-goals."""
    from smartkit.storage import Library

    library = Library()
    stored = library.get(goal_id)
    children = [library.get(child.id).goal for child in library.children(goal_id)]
    return stored.goal, library.history(goal_id), stored.workspace, children


def cmd_report(args: argparse.Namespace) -> int:
    from smartkit.importers import read_exports
    from smartkit.reports import export_files, read_goal_file

    if (args.goal is None) == (args.goal_id is None):
        raise SmartkitError("error.report.goal_and_id")
    workspace, subgoals = args.workspace, None
    if args.goal_id is not None:
        draft, history, stored_workspace, subgoals = _stored(args.goal_id)
        workspace = workspace or stored_workspace
    else:
        draft, history = read_goal_file(read_goal_text(args.goal), origin=str(args.goal))
    if args.data:
        history = read_exports(args.data)
    files = export_files(draft, history, args.format, lang=args.lang, paper=args.paper,
                         today=args.today or dt.date.today(), workspace=workspace, subgoals=subgoals)
    out = Path(args.out)
    main_content, *others = files.values()
    try:
        out.write_bytes(main_content)
        for name, content in list(files.items())[1:]:  # the Markdown's chart, next to it
            (out.parent / name).write_bytes(content)
    except OSError as err:
        raise SmartkitError("error.report.out", file=str(out), detail=err.strerror or type(err).__name__) from None
    return EXIT_OK
