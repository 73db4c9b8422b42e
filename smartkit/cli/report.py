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

from smartkit.cli.common import EXIT_BAD_INPUT, EXIT_OK, iso_date, today_arg
from smartkit.cli.goals import add_as_argument
from smartkit.errors import SmartkitError
from smartkit.i18n import LANGUAGES
from smartkit.models import read_goal_text



def _one_line_error(parser: argparse.ArgumentParser, message: str) -> None:
    print(f"error: {parser.prog}: {message}", file=sys.stderr)
    raise SystemExit(EXIT_BAD_INPUT)


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
    report.add_argument("--today", type=iso_date, default=None, metavar="YYYY-MM-DD",
                        help="make the brief as of this date (default: today)")
    report.add_argument("--workspace", default=None, metavar="NAME", help="the client or workspace the brief is for")
    add_as_argument(report)
    return report


def _stored(goal_id: str, today: dt.date, as_user: str | None = None):
    """A stored goal from the goal library (``SMARTKIT_DATABASE_URL`` or the library file):
    the goal, its history, its workspace, its sub-goals and its assessment (with its target path
    in force and review log, as ``goals show`` prints it)."""
    from smartkit.storage import Library

    library = Library().as_user(as_user)
    stored = library.get(goal_id)
    children = [library.get(child.id).goal for child in library.children(goal_id)]
    return stored.goal, library.history(goal_id), stored.workspace, children, library.assessment(goal_id, today)


def cmd_report(args: argparse.Namespace) -> int:
    from smartkit.importers import read_exports
    from smartkit.reports import export_files, read_goal_file

    if (args.goal is None) == (args.goal_id is None):
        raise SmartkitError("error.report.goal_and_id")
    today = today_arg(args)
    workspace, subgoals, assessment = args.workspace, None, None
    if args.goal_id is not None:
        draft, history, stored_workspace, subgoals, assessment = _stored(args.goal_id, today, args.as_user)
        workspace = workspace or stored_workspace
    else:
        draft, history = read_goal_file(read_goal_text(args.goal), origin=str(args.goal))
    if args.data:
        history = read_exports(args.data)
        assessment = None  # measured on the exports given instead
    files = export_files(draft, history, args.format, lang=args.lang, paper=args.paper, today=today,
                         workspace=workspace, subgoals=subgoals, assessment=assessment)
    out = Path(args.out)
    main_content, *others = files.values()
    try:
        out.write_bytes(main_content)
        for name, content in list(files.items())[1:]:  # the Markdown's chart, next to it
            (out.parent / name).write_bytes(content)
    except OSError as err:
        raise SmartkitError("error.report.out", file=str(out), detail=err.strerror or type(err).__name__) from None
    return EXIT_OK
