"""``python -m smartkit goals import | list | show | export | track``: the goal library from
scripts. The database is the app's (``SMARTKIT_DATABASE_URL``, else the default file).

Contracts (exact; add to them, never rename):

* ``goals import FILE.json [--workspace NAME] [--json]`` stores the goal, prints its id
  (``{"id": "..."}`` with ``--json``).
* ``goals list [--workspace NAME] [--status S] [--json]``: a JSON array of objects with ``id``,
  ``name``, ``workspace``, ``status``, ``kpi``, ``target``, ``deadline``, ``pacing`` (and more).
* ``goals show ID [--json]``: ``goal`` (the stored fields), ``verdicts`` and ``overall`` (as in
  ``check --json``), ``pacing`` (or null), ``parent`` (id or null), ``children`` (ids).
  ``budget``: the ``budget`` command's object for the goal (null without daily spend).
* ``goals export ID --out FILE.json``: a goal file that ``goals import`` and ``check`` read.
* ``goals track ID EXPORT [EXPORT...] [--json]``: attaches the exports (in the order given, the
  later one winning on days both have) and prints ``{"pacing": {"status", "actual_to_date",
  "expected_to_date", "projected_end", ...}}`` in the KPI's unit, plus ``warnings``.
* ``goals members add WORKSPACE EMAIL --role owner|editor|viewer``, ``goals members list
  WORKSPACE [--json]`` (an array of ``{"workspace", "email", "role", "added_at", "added_by"}``),
  ``goals members remove WORKSPACE EMAIL``.
* Every ``goals`` command takes ``--as EMAIL``: it then does exactly what that signed-in user may
  do in the app (:mod:`smartkit.storage.access`); without it the command line is the server's
  administrator. A refusal is one line, exit 2, and a goal of another workspace is "not found".

Bad ids and files: one line on stderr, exit 2 (raised as SmartkitError, printed by
`smartkit.cli.main`). Nothing here imports SQLAlchemy until a command runs.
"""
from __future__ import annotations

import argparse
from typing import Any

from smartkit.cli.common import EXIT_OK, iso_date, print_json, today_arg
from smartkit.errors import SmartkitError
from smartkit.i18n import LANGUAGES

STATUSES = ("draft", "active", "achieved", "missed", "archived")
ROLES = ("owner", "editor", "viewer")  # smartkit.storage.access.ROLES, without loading the library
PACING_KEYS = ("status", "actual_to_date", "expected_to_date", "projected_end")


def _library(args: argparse.Namespace):
    """The app's library, as the ``--as`` user when given (else the administrator)."""
    from smartkit.storage import Library

    today = today_arg(args) if getattr(args, "today", None) else None
    return Library(today=(lambda: today) if today else None).as_user(getattr(args, "as_user", None))


def _summary_json(row) -> dict[str, Any]:  # noqa: ANN001
    return {"id": row.id, "name": row.name, "workspace": row.workspace, "status": row.status, "kpi": row.kpi,
            "target": row.target, "deadline": row.deadline.isoformat() if row.deadline else None,
            "pacing": row.pacing, "channel": row.channel, "parent": row.parent_id,
            "review_due": row.review_due, "next_review": row.next_review.isoformat() if row.next_review else None,
            "updated_at": row.updated_at.isoformat(), "version": row.version, "changed_by": row.changed_by}


def pacing_json(figures: dict[str, Any] | None) -> dict[str, Any]:
    """The ``pacing`` object: the contract's four keys first (null when unknown), then the rest."""
    figures = figures or {}
    return {**{key: figures.get(key) for key in PACING_KEYS}, **{k: v for k, v in figures.items() if k not in PACING_KEYS}}


def cmd_import(args: argparse.Namespace) -> int:
    """A goal file, with the history a file written by ``report --format json`` carries."""
    from smartkit.models import read_goal_text
    from smartkit.reports import read_goal_file

    goal, history = read_goal_file(read_goal_text(args.file), origin=str(args.file))
    library = _library(args)
    stored = library.create(goal, workspace=args.workspace)
    if history is not None:
        library.attach_history(stored.id, history, source=str(args.file), warnings=[])
    if args.json:
        print_json({"id": stored.id})
    else:
        print(stored.id)
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from smartkit.i18n import fmt, t

    rows = _library(args).list(workspace=args.workspace, status=args.status)
    if args.json:
        print_json([_summary_json(row) for row in rows])
        return EXIT_OK
    lang = args.lang or "en"
    for row in rows:
        kpi = t(f"kpi.{row.kpi}.name", lang) if row.kpi else "–"
        target = fmt(row.target, lang) if row.target is not None else "–"
        deadline = fmt(row.deadline, lang) if row.deadline else "–"
        print(f"{row.id}  {row.status:<8}  {(row.pacing or '–'):<9}  {row.workspace}  {row.name}  "
              f"({kpi}: {target}, {deadline})")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from smartkit.goals.statement import statement
    from smartkit.i18n import t

    library = _library(args)
    stored = library.get(args.id)
    lang = args.lang or stored.goal.lang
    assessment = library.assessment(stored.id, today_arg(args))
    checked = assessment.report.as_dict(lang)
    children = [child.id for child in library.children(stored.id)]
    figures = assessment.tracking.figures() if assessment.tracking else None
    if args.json:
        print_json({"id": stored.id, "workspace": stored.workspace, "owner": stored.owner, "status": stored.status,
                     "status_note": stored.status_note, "version": stored.version,
                     "created_at": stored.created_at.isoformat(), "updated_at": stored.updated_at.isoformat(),
                     "changed_by": stored.changed_by,
                     "goal": stored.goal.model_dump(mode="json"), "verdicts": checked["verdicts"],
                     "overall": checked["overall"], "statement": statement(assessment.goal, lang),
                     "pacing": pacing_json(figures) if figures else None,
                     "parent": stored.parent_id, "children": children,
                     "assessment": assessment.as_json(lang),
                     "budget": assessment.budget.as_json(lang) if assessment.budget is not None else None})
        return EXIT_OK
    print(f"{stored.name}  [{stored.status}]  {stored.workspace}")
    print(statement(assessment.goal, lang))
    for letter, verdict in checked["verdicts"].items():
        print(f"  {t(f'smart.letter.{letter}', lang)}: {verdict['reason']}")
    print(t(f"smart.overall.{checked['overall']}", lang))
    if assessment.tracking is not None:
        print(assessment.tracking.reason.render(lang))
    if stored.parent_id:
        print(f"parent: {stored.parent_id}")
    for child in children:
        print(f"child: {child}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    stored = _library(args).get(args.id)
    try:
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(stored.goal.to_json() + "\n")
    except OSError as err:
        raise SmartkitError("error.generic", detail=f"{args.out}: {err.strerror}") from None
    return EXIT_OK


def cmd_track(args: argparse.Namespace) -> int:
    from smartkit.importers import read_export

    today = today_arg(args)
    library = _library(args)
    stored = library.get(args.id)
    lang = args.lang or stored.goal.lang
    results = [(path, read_export(path)) for path in args.exports]  # every file read before anything is stored
    warnings: list[str] = []
    for path, result in results:
        warnings += [w.render(lang) for w in result.warnings]
        warnings += library.attach_history(stored.id, result.daily, source=f"{result.source}: {path}",
                                           warnings=result.warnings, lang=lang)
    assessment = library.assessment(stored.id, today)
    tracking = assessment.tracking
    figures = tracking.figures() if tracking else None
    if args.json:
        print_json({"pacing": pacing_json(figures), "warnings": warnings, "assessment": assessment.as_json(lang)})
        return EXIT_OK
    for line in warnings:
        print(f"! {line}")
    if tracking is None:
        from smartkit.i18n import t

        print(t("tracking.no_data", lang))
    else:
        print(tracking.reason.render(lang))
    return EXIT_OK


def cmd_members(args: argparse.Namespace) -> int:
    """``goals members add | list | remove``: who may do what in a workspace."""
    library = _library(args)
    if args.members_command == "add":
        library.add_member(args.workspace, args.email, args.role)
    elif args.members_command == "remove":
        library.remove_member(args.workspace, args.email)
    else:
        members = library.members(args.workspace)
        if args.json:
            print_json([{"workspace": m.workspace, "email": m.email, "role": m.role,
                         "added_at": m.added_at.isoformat(), "added_by": m.added_by} for m in members])
        else:
            for member in members:
                print(f"{member.role:<7} {member.email}")
    return EXIT_OK


COMMANDS = {"import": cmd_import, "list": cmd_list, "show": cmd_show, "export": cmd_export, "track": cmd_track,
            "members": cmd_members}


def run(args: argparse.Namespace) -> int:
    return COMMANDS[args.goals_command](args)


def add_as_argument(parser: argparse.ArgumentParser) -> None:
    """``--as EMAIL``: act as that signed-in user (their workspaces and roles only)."""
    parser.add_argument("--as", dest="as_user", default=None, metavar="EMAIL",
                        help="act as this user, with exactly their rights in the app (default: the administrator)")


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``goals`` and its subcommands on the main parser's subparsers."""
    goals = sub.add_parser("goals", help="the goal library: import, list, show, export, track")
    commands = goals.add_subparsers(dest="goals_command", required=True)
    imp = commands.add_parser("import", help="store a goal file in the library and print its id")
    imp.add_argument("file", metavar="FILE.json")
    imp.add_argument("--workspace", default="default", metavar="NAME", help="client or brand (default: default)")
    imp.add_argument("--json", action="store_true", help='print {"id": ...}')
    lst = commands.add_parser("list", help="list the goals")
    lst.add_argument("--workspace", default=None, metavar="NAME")
    lst.add_argument("--status", choices=STATUSES, default=None, metavar="S",
                     help="draft, active, achieved, missed or archived (default: all but archived)")
    lst.add_argument("--json", action="store_true", help="print a JSON array")
    show = commands.add_parser("show", help="a goal with its SMART check, pacing, parent and children")
    show.add_argument("id", metavar="ID")
    show.add_argument("--json", action="store_true", help="print one JSON object")
    exp = commands.add_parser("export", help="write a goal file")
    exp.add_argument("id", metavar="ID")
    exp.add_argument("--out", required=True, metavar="FILE.json")
    trk = commands.add_parser("track", help="attach newer exports to a goal and print its pacing")
    trk.add_argument("id", metavar="ID")
    trk.add_argument("exports", nargs="+", metavar="EXPORT")
    trk.add_argument("--json", action="store_true", help="print one JSON object")
    members = commands.add_parser("members", help="who may do what in a workspace: add, list, remove")
    member_commands = members.add_subparsers(dest="members_command", required=True)
    add = member_commands.add_parser("add", help="give a user a role in a workspace (owners only)")
    add.add_argument("workspace", metavar="WORKSPACE")
    add.add_argument("email", metavar="EMAIL")
    add.add_argument("--role", required=True, choices=ROLES, help="owner, editor or viewer")
    mlist = member_commands.add_parser("list", help="a workspace's members and their roles")
    mlist.add_argument("workspace", metavar="WORKSPACE")
    mlist.add_argument("--json", action="store_true", help="print a JSON array")
    remove = member_commands.add_parser("remove", help="take a user out of a workspace (owners only)")
    remove.add_argument("workspace", metavar="WORKSPACE")
    remove.add_argument("email", metavar="EMAIL")
    for parser in (imp, lst, show, exp, trk, add, mlist, remove):
        add_as_argument(parser)
    for parser in (add, mlist, remove):
        parser.add_argument("--lang", choices=LANGUAGES, default=None, help="language of the messages")
    for parser in (lst, show, trk):
        parser.add_argument("--lang", choices=LANGUAGES, default=None, help="language of the messages")
        parser.add_argument("--today", type=iso_date, default=None, metavar="YYYY-MM-DD",
                            help="judge pacing and reviews as of this date (default: today)")
