"""The goal library: goals with their workspace, owner, status, versions, sub-goal links,
imported histories, target history, check-ins, review log and share tokens, in SQLite (default)
or PostgreSQL, behind SQLAlchemy 2.

Every method that writes does so in **one transaction** (SQLite: ``BEGIN IMMEDIATE``), so a
process killed mid-save leaves the last complete save. :meth:`Library.save` writes only when the
stored version is the one the caller opened (``UPDATE ... WHERE version = expected``, atomic on
both databases); otherwise it raises :class:`VersionConflictError` carrying the stored goal and
writes nothing.

The library page reads :meth:`Library.list`: one query over columns copied from the goal at each
save (name, KPI, target, deadline, channel, next review) and the pacing status precomputed when
the goal, its history or its target changes (as of the last day of data, so it does not go stale).

**Who may do what.** ``Library()`` is the server's administrator: every goal, as before
workspaces had members. ``library.as_user(email)`` is one signed-in user: every query is scoped
to the workspaces they are a member of, in SQL, and each action checks their role there
(:mod:`smartkit.storage.access`). A goal of another workspace is never told apart from a missing
one: the same single query finds neither, and the same :class:`GoalNotFoundError` is raised.
``library.presenting(workspace)`` narrows any library to one workspace (a consultant in front of
one client). Every write records who made it (``changed_by`` / ``created_by``).
"""
from __future__ import annotations

import copy
import datetime as dt
import json
import math
import secrets
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import pandas as pd
from pydantic import ValidationError
from sqlalchemy import Engine, delete, exists, func, insert, literal, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from smartkit.analysis.tracking import TargetChange, Tracking, extend_history, next_review, track
from smartkit.i18n import Message, t
from smartkit.models import GoalDraft
from smartkit.storage import migrate
from smartkit.storage.access import NEEDS, RANK, Action, Role, allows, check_role, identity, workspace_name
from smartkit.storage.errors import (
    AccessDeniedError,
    GoalNotFoundError,
    StorageError,
    VersionConflictError,
    WorkspaceNotFoundError,
)
from smartkit.storage.records import (
    GOAL_STATUSES,
    CheckIn,
    GoalStatus,
    GoalSummary,
    GoalTree,
    Member,
    Review,
    StoredGoal,
    check_choice,
    display_name,
)
from smartkit.storage.tables import (
    CheckInRow,
    GoalRow,
    HistoryRow,
    MemberRow,
    ReviewRow,
    ShareTokenRow,
    TargetChangeRow,
    WorkspaceRow,
)

if TYPE_CHECKING:
    from smartkit.goals.assessment import GoalAssessment
    from smartkit.goals.tree import RollupCheck

# Goal fields the pacing depends on: a save that changes none of them keeps the stored pacing.
PACING_FIELDS = ("kpi", "baseline", "target", "target_change_pct", "start", "deadline", "target_path")
_engines: dict[str, Engine] = {}  # one engine (connection pool) per database URL and process
_engines_lock = threading.Lock()

_SUMMARY_COLUMNS = (GoalRow.id, GoalRow.name, GoalRow.workspace, GoalRow.status, GoalRow.kpi, GoalRow.target,
                    GoalRow.deadline, GoalRow.channel, GoalRow.parent_id, GoalRow.pacing, GoalRow.next_review,
                    GoalRow.updated_at, GoalRow.owner, GoalRow.version, GoalRow.changed_by)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive times: they were written in UTC."""
    return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)


def new_id() -> str:
    """An unguessable goal id (128 random bits, URL-safe: it goes in the query string) that never
    begins with "-", so a command line never reads it as an option."""
    while True:
        token = secrets.token_urlsafe(16)
        if not token.startswith("-"):
            return token


def _record_json(record: dict[str, Any] | None) -> str | None:
    """An import record as stored (dates as ISO text); None: none given."""
    if record is None:
        return None
    if not isinstance(record, dict):
        raise StorageError("error.storage.bad_history", source=str(record)[:80])
    return json.dumps(record, ensure_ascii=False, default=_iso)


def _iso(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def table_to_json(table: pd.DataFrame) -> str:
    """A tidy history table as JSON, exactly (floats round-trip; missing values are null)."""
    index = pd.DatetimeIndex(table.index)
    values = table.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float, na_value=math.nan)
    data = [[v if math.isfinite(v) else None for v in row] for row in values.tolist()]
    return json.dumps({"index": [d.strftime("%Y-%m-%d") for d in index], "columns": [str(c) for c in table.columns],
                       "data": data}, allow_nan=False)


def table_from_json(text: str) -> pd.DataFrame:
    raw = json.loads(text)
    index = pd.DatetimeIndex(pd.to_datetime(raw["index"]), name="date")
    return pd.DataFrame(raw["data"] or None, index=index, columns=raw["columns"], dtype=float)


def goal_from_json(text: str) -> GoalDraft:
    """A stored goal. A value a newer version of the goal model refuses (a rule added since it
    was saved) is set aside, not lost: the field is left empty and the value kept in ``extras``
    as ``unreadable_<field>``, so the goal still opens and the user can fix it."""
    data = json.loads(text)
    for _ in range(len(GoalDraft.model_fields)):
        try:
            return GoalDraft.model_validate(data)
        except ValidationError as err:
            fields = {str(e["loc"][0]) for e in err.errors() if e["loc"] and str(e["loc"][0]) in data}
            if not fields:
                raise
            for field in fields:
                data[f"unreadable_{field}"] = data.pop(field)
    return GoalDraft.model_validate(data)


class Library:
    """A goal library (see the module docstring). ``Library()`` opens the one the app uses
    (:func:`default_database_url`); the schema is brought to the latest revision once per
    process. ``today`` may be given for tests (a function returning the date).

    ``actor`` is the signed-in user's identity (None: the administrator, who sees everything);
    ``only_workspace`` narrows every query to one workspace (None: all the actor's)."""

    actor: str | None = None
    only_workspace: str | None = None
    only_goal: str | None = None  # a share link's view: this goal and its sub-goals, read-only

    def __init__(self, url: str | None = None, *, today: Callable[[], dt.date] | None = None) -> None:
        self.url = url or migrate.default_database_url()
        self._today = today or dt.date.today
        try:
            key = migrate.normalised_url(self.url).render_as_string(hide_password=False)
            with _engines_lock:
                if key not in _engines:
                    _engines[key] = migrate.make_engine(self.url)
                self._engine = _engines[key]
            migrate.ensure_schema(self._engine, key)
        except (SQLAlchemyError, OSError, ValueError, ImportError) as err:
            shown = self.url if "@" not in self.url else self.url.split("@")[-1]  # never a password
            raise StorageError("error.storage.cannot_open", library=shown,
                               detail=str(err).splitlines()[0][:200]) from None

    def as_user(self, email: str | None) -> "Library":
        """This library as one signed-in user sees it (None: the administrator); the same
        connections. A malformed email is refused (StorageError), never widened to everyone."""
        view = copy.copy(self)
        view.actor = identity(email) if email is not None else None
        return view

    def presenting(self, workspace: str | None) -> "Library":
        """This library narrowed to one workspace (None: not narrowed)."""
        view = copy.copy(self)
        view.only_workspace = workspace
        return view

    def shared_by(self, token: str | None) -> "Library":
        """What a share link shows, to anyone who has it: its goal (and the goal's sub-goals in
        its workspace), read-only; a wrong or revoked token sees nothing at all."""
        view = copy.copy(self)
        view.actor = None
        stored = self.goal_for_share_token(token or "")
        view.only_goal = stored.id if stored is not None else ""
        view.only_workspace = stored.workspace if stored is not None else ""
        return view

    @property
    def url_for_display(self) -> str:
        """The SQLite file's path, or the server URL without its password."""
        return migrate.url_for_display(self.url)

    @property
    def engine(self) -> Engine:
        return self._engine

    def close(self) -> None:
        """Close this process's connections to the database (the next Library reopens them)."""
        key = migrate.normalised_url(self.url).render_as_string(hide_password=False)
        with _engines_lock:
            _engines.pop(key, None)
        self._engine.dispose()

    # ------------------------------------------------------------------ plumbing

    def _write(self):  # noqa: ANN202
        """A connection in one write transaction (commit on success, rollback on error)."""
        return _Transaction(self._engine, write=True)

    def _read(self):  # noqa: ANN202
        return _Transaction(self._engine, write=False)

    def _member_role(self, workspace_column: Any) -> Any:
        """The actor's role in the workspace of ``workspace_column`` (a scalar subquery)."""
        return (select(MemberRow.role).where(MemberRow.workspace == workspace_column, MemberRow.email == self.actor)
                .scalar_subquery())

    def _scope(self, workspace_column: Any = GoalRow.workspace) -> list[Any]:
        """The conditions that keep a query to the goals this library may see."""
        conditions = []
        if self.actor is not None:
            conditions.append(workspace_column.in_(select(MemberRow.workspace).where(MemberRow.email == self.actor)))
        if self.only_workspace is not None:
            conditions.append(workspace_column == self.only_workspace)
        if self.only_goal is not None:
            conditions.append(or_(GoalRow.id == self.only_goal, GoalRow.parent_id == self.only_goal))
        return conditions

    def _row(self, conn: Connection, goal_id: str, action: Action = "read") -> Any:
        """The goal's row if this library may see it (one query: a goal of another workspace is
        not found exactly as a missing one is), else GoalNotFoundError; AccessDeniedError when
        the actor sees it but their role does not allow ``action``."""
        role = (self._member_role(GoalRow.workspace) if self.actor
                else literal("viewer" if self.only_goal is not None else "owner")).label("member_role")
        row = conn.execute(select(GoalRow.__table__, role).where(GoalRow.id == goal_id, *self._scope())
                           ).mappings().first()
        if row is None:
            raise GoalNotFoundError(goal_id=str(goal_id)[:60])
        self._require(row["member_role"], action)
        return row

    @staticmethod
    def _require(role: str | None, action: Action) -> None:
        if not allows(role, action):
            raise AccessDeniedError(role=Message(f"access.role.{role}", {}),
                                    needed=Message(f"access.role.{NEEDS[action]}", {}))

    @staticmethod
    def _stored(row: Any) -> StoredGoal:
        return StoredGoal(id=row["id"], workspace=row["workspace"], owner=row["owner"], status=row["status"],
                          version=row["version"], created_at=_utc(row["created_at"]),
                          updated_at=_utc(row["updated_at"]), parent_id=row["parent_id"],
                          goal=goal_from_json(row["goal_json"]),
                          status_note=row["status_note"],
                          pacing=json.loads(row["pacing_json"]) if row["pacing_json"] else None,
                          changed_by=row["changed_by"])

    def _summaries(self, rows: Iterable[Any]) -> list[GoalSummary]:
        """Rows of ``_SUMMARY_COLUMNS`` as summaries ("review due": an active goal whose next
        review is today or earlier)."""
        today = self._today()
        out = []
        for (goal_id, name, workspace, status, kpi, target, deadline, channel, parent_id, pacing, next_review,
             updated_at, owner, version, changed_by) in rows:
            out.append(GoalSummary(
                goal_id, name, workspace, status, kpi, target, deadline, channel, parent_id, pacing,
                next_review is not None and status == "active" and next_review <= today, next_review,
                updated_at.replace(tzinfo=dt.timezone.utc) if updated_at.tzinfo is None else updated_at,
                owner, version, changed_by))
        return out

    def _listing_columns(self, goal: GoalDraft) -> dict[str, Any]:
        return {"goal_json": json.dumps(goal.model_dump(mode="json"), ensure_ascii=False),
                "name": display_name(goal)[:300], "kpi": goal.kpi, "target": goal.resolved_target,
                "deadline": goal.deadline, "channel": goal.channel}

    # ------------------------------------------------------------------ goals

    def create(self, goal: GoalDraft, workspace: str = "default", owner: str | None = None,
               parent_id: str | None = None, status: GoalStatus = "draft") -> StoredGoal:
        """Store a new goal (version 1) and its first target; a sub-goal when ``parent_id`` is given."""
        check_choice(status, GOAL_STATUSES, Message("storage.field.status", {}))
        workspace = (workspace or "default").strip()[:200] or "default"
        goal_id, now = new_id(), _now()
        with self._write() as conn:
            workspace = self._enter_workspace(conn, workspace)
            if parent_id is not None:
                self._row(conn, parent_id, "edit")
            conn.execute(insert(GoalRow).values(
                id=goal_id, workspace=workspace, owner=owner if owner is not None else goal.owner, status=status,
                version=1, created_at=now, updated_at=now, parent_id=parent_id, changed_by=self.actor,
                **self._listing_columns(goal)))
            self._record_target(conn, goal_id, goal, status, None)
            self._refresh(conn, goal_id)
        return self.get(goal_id)

    def get(self, goal_id: str) -> StoredGoal:
        with self._read() as conn:
            return self._stored(self._row(conn, goal_id))

    def save(self, goal_id: str, goal: GoalDraft, expected_version: int) -> StoredGoal:
        """Store a new version of the goal if nobody saved since ``expected_version`` (module
        docstring); :class:`VersionConflictError` (with the stored goal) otherwise. Saving the
        goal exactly as stored writes nothing and returns it as it is (its version may be newer
        than ``expected_version``: nothing differs, so nothing can be lost)."""
        columns = self._listing_columns(goal)
        with self._write() as conn:
            row = self._row(conn, goal_id, "edit")
            if row["goal_json"] == columns["goal_json"]:
                return self._stored(row)  # nothing changed (an autosave of the same answers): no new version
            done = conn.execute(update(GoalRow).where(GoalRow.id == goal_id, GoalRow.version == expected_version)
                                .values(version=GoalRow.version + 1, updated_at=_now(), changed_by=self.actor,
                                        **columns))
            if done.rowcount != 1:
                stored = self._stored(row)
                raise VersionConflictError(stored=stored, expected=expected_version)
            before = goal_from_json(row["goal_json"])
            if any(getattr(before, f) != getattr(goal, f) for f in PACING_FIELDS):
                if (before.resolved_target, before.deadline) != (goal.resolved_target, goal.deadline) \
                        or before.start != goal.start:
                    self._record_target(conn, goal_id, goal, row["status"], before)
                self._refresh(conn, goal_id)
        return self.get(goal_id)

    def list(self, workspace: str | None = None, status: str | None = None, channel: str | None = None,
             search: str | None = None, include_archived: bool = False) -> list[GoalSummary]:
        """The library page's rows, newest change first: one query, no per-goal reads."""
        query = select(*_SUMMARY_COLUMNS).where(*self._scope()).order_by(GoalRow.updated_at.desc(), GoalRow.id)
        if workspace is not None:
            query = query.where(GoalRow.workspace == workspace)
        if status is not None:
            query = query.where(GoalRow.status == status)
        elif not include_archived:
            query = query.where(GoalRow.status != "archived")
        if channel is not None:
            query = query.where(GoalRow.channel == channel)
        if search and search.strip():
            pattern = "%" + search.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            query = query.where(func.lower(GoalRow.name).like(pattern, escape="\\"))
        with self._read() as conn:
            return self._summaries(conn.execute(query))

    def workspaces(self) -> list[str]:
        """The workspaces this library may see that hold goals (for the administrator: all)."""
        with self._read() as conn:
            return list(conn.execute(select(GoalRow.workspace).where(*self._scope()).distinct()
                                     .order_by(GoalRow.workspace)).scalars())

    def set_status(self, goal_id: str, status: GoalStatus, note: str | None = None) -> StoredGoal:
        """Set the status by hand (e.g. override achieved/missed), with an optional note."""
        check_choice(status, GOAL_STATUSES, Message("storage.field.status", {}))
        with self._write() as conn:
            self._row(conn, goal_id, "edit")
            conn.execute(update(GoalRow).where(GoalRow.id == goal_id)
                         .values(status=status, status_note=note, updated_at=_now(), changed_by=self.actor))
            self._refresh(conn, goal_id)
        return self.get(goal_id)

    def archive(self, goal_id: str) -> StoredGoal:
        """Deleting is archiving: the goal leaves the list but keeps everything."""
        with self._write() as conn:
            row = self._row(conn, goal_id, "manage")
            if row["status"] != "archived":
                conn.execute(update(GoalRow).where(GoalRow.id == goal_id).values(
                    status="archived", archived_from=row["status"], updated_at=_now(), changed_by=self.actor))
        return self.get(goal_id)

    def restore(self, goal_id: str) -> StoredGoal:
        """Back from the archive, with the status it had before."""
        with self._write() as conn:
            row = self._row(conn, goal_id, "manage")
            if row["status"] == "archived":
                conn.execute(update(GoalRow).where(GoalRow.id == goal_id).values(
                    status=row["archived_from"] or "draft", archived_from=None, updated_at=_now(),
                    changed_by=self.actor))
        return self.get(goal_id)

    def delete_permanently(self, goal_id: str) -> None:
        """Remove the goal and everything attached to it; its sub-goals lose their parent."""
        with self._write() as conn:
            self._row(conn, goal_id, "manage")
            for table in (HistoryRow, CheckInRow, ReviewRow, TargetChangeRow, ShareTokenRow):
                conn.execute(delete(table).where(table.goal_id == goal_id))
            conn.execute(update(GoalRow).where(GoalRow.parent_id == goal_id).values(parent_id=None))
            conn.execute(delete(GoalRow).where(GoalRow.id == goal_id))

    def duplicate(self, goal_id: str, name: str | None = None) -> StoredGoal:
        """A copy to use as a template: the goal's fields only (no history, check-ins or
        reviews), status draft, same workspace and parent."""
        with self._read() as conn:
            self._row(conn, goal_id, "edit")
        source = self.get(goal_id)
        copy_name = name or t("storage.copy_name", source.goal.lang, name=source.name)
        goal = source.goal.model_copy(update={"name": copy_name})
        return self.create(goal, workspace=source.workspace, owner=source.owner, parent_id=source.parent_id)

    # ------------------------------------------------------------------ workspaces and members

    def _enter_workspace(self, conn: Connection, name: str) -> str:
        """The workspace a new goal goes in, created when new (its name checked; the actor who
        creates it owns it). An existing one needs the actor to be an editor there; one that is
        not theirs is refused without saying more than that the name is taken."""
        found = None if "\x00" in name else conn.execute(select(WorkspaceRow.name).where(WorkspaceRow.name == name)
                                                          ).scalar()
        if found is None:
            name = workspace_name(name)
            found = conn.execute(select(WorkspaceRow.name).where(WorkspaceRow.name == name)).scalar()
        if self.only_workspace is not None and (found or name) != self.only_workspace:
            raise WorkspaceNotFoundError(workspace=name)
        if found is None:
            conn.execute(insert(WorkspaceRow).values(name=name, created_at=_now(), created_by=self.actor))
            if self.actor is not None:
                conn.execute(insert(MemberRow).values(workspace=name, email=self.actor, role="owner",
                                                      added_at=_now(), added_by=self.actor))
            return name
        if self.actor is not None:
            role = conn.execute(select(MemberRow.role).where(MemberRow.workspace == found,
                                                             MemberRow.email == self.actor)).scalar()
            if role is None:
                raise StorageError("error.access.workspace_taken", workspace=found)
            self._require(role, "edit")
        return found

    def create_workspace(self, name: str) -> str:
        """A new, empty workspace owned by the actor (its name as stored). A name in use is
        refused (StorageError), whoever has it."""
        with self._write() as conn:
            name = workspace_name(name)
            if conn.execute(select(WorkspaceRow.name).where(WorkspaceRow.name == name)).scalar() is not None:
                raise StorageError("error.access.workspace_taken", workspace=name)
            return self._enter_workspace(conn, name)

    def _workspace_role(self, conn: Connection, workspace: str, action: Action) -> str:
        """The workspace's stored name if this library may do ``action`` there;
        WorkspaceNotFoundError when it does not exist or is not the actor's (one query),
        AccessDeniedError when their role is too low."""
        role = (self._member_role(WorkspaceRow.name) if self.actor
                else literal("viewer" if self.only_goal is not None else "owner")).label("role")
        conditions = [WorkspaceRow.name == str(workspace)]
        if self.only_workspace is not None:
            conditions.append(WorkspaceRow.name == self.only_workspace)
        row = conn.execute(select(WorkspaceRow.name, role).where(*conditions)).first()
        if row is None or row.role is None:
            raise WorkspaceNotFoundError(workspace=str(workspace)[:60])
        self._require(row.role, action)
        return row.name

    def my_workspaces(self) -> dict[str, Role]:
        """The actor's workspaces and their role in each (the administrator: every workspace,
        as owner), by name."""
        with self._read() as conn:
            if self.actor is None:
                names = conn.execute(select(WorkspaceRow.name).order_by(WorkspaceRow.name)).scalars()
                found = {name: "owner" for name in names}
            else:
                found = dict(conn.execute(select(MemberRow.workspace, MemberRow.role)
                                          .where(MemberRow.email == self.actor).order_by(MemberRow.workspace)).all())
        if self.only_workspace is not None:
            found = {name: role for name, role in found.items() if name == self.only_workspace}
        return found  # type: ignore[return-value]

    def role_in(self, workspace: str | None) -> Role | None:
        """The actor's role in ``workspace`` (None: not theirs or none such)."""
        return self.my_workspaces().get(workspace or "")

    def members(self, workspace: str) -> list[Member]:
        """The workspace's members, owners first (any member may see who else is in it)."""
        with self._read() as conn:
            name = self._workspace_role(conn, workspace, "read")
            rows = conn.execute(select(MemberRow.__table__).where(MemberRow.workspace == name)).all()
        members = [Member(r.workspace, r.email, r.role, _utc(r.added_at), r.added_by) for r in rows]
        return sorted(members, key=lambda m: (-RANK.get(m.role, 0), m.email))

    def add_member(self, workspace: str, email: str, role: Role) -> Member:
        """Give ``email`` the ``role`` in ``workspace`` (replacing the role they had). Owners only;
        the administrator may also start a new workspace this way."""
        role, email = check_role(role), identity(email)
        with self._write() as conn:
            if self.actor is None and self.only_workspace is None and conn.execute(
                    select(WorkspaceRow.name).where(WorkspaceRow.name == workspace)).scalar() is None:
                name = workspace_name(workspace)
                if conn.execute(select(WorkspaceRow.name).where(WorkspaceRow.name == name)).scalar() is None:
                    conn.execute(insert(WorkspaceRow).values(name=name, created_at=_now(), created_by=None))
            else:
                name = workspace
            name = self._workspace_role(conn, name, "manage")
            had = conn.execute(select(MemberRow.role).where(MemberRow.workspace == name, MemberRow.email == email)
                               ).scalar()
            if had == "owner" and role != "owner":
                self._keep_an_owner(conn, name, email)
            conn.execute(delete(MemberRow).where(MemberRow.workspace == name, MemberRow.email == email))
            now = _now()
            conn.execute(insert(MemberRow).values(workspace=name, email=email, role=role, added_at=now,
                                                  added_by=self.actor))
        return Member(name, email, role, now, self.actor)

    def remove_member(self, workspace: str, email: str) -> None:
        """Take ``email`` out of ``workspace`` (owners only; the last owner stays)."""
        email = identity(email)
        with self._write() as conn:
            name = self._workspace_role(conn, workspace, "manage")
            role = conn.execute(select(MemberRow.role).where(MemberRow.workspace == name, MemberRow.email == email)
                                ).scalar()
            if role is None:
                raise StorageError("error.access.not_a_member", email=email, workspace=name)
            if role == "owner":
                self._keep_an_owner(conn, name, email)
            conn.execute(delete(MemberRow).where(MemberRow.workspace == name, MemberRow.email == email))

    @staticmethod
    def _keep_an_owner(conn: Connection, workspace: str, leaving: str) -> None:
        others = conn.execute(select(func.count()).select_from(MemberRow).where(
            MemberRow.workspace == workspace, MemberRow.role == "owner", MemberRow.email != leaving)).scalar()
        if not others:
            raise StorageError("error.access.last_owner", workspace=workspace)

    # ------------------------------------------------------------------ tree

    def children(self, goal_id: str) -> list[GoalSummary]:
        query = (select(*_SUMMARY_COLUMNS).where(GoalRow.parent_id == goal_id, *self._scope())
                 .order_by(GoalRow.created_at, GoalRow.id))
        with self._read() as conn:
            self._row(conn, goal_id)
            return self._summaries(conn.execute(query))

    def parent_of(self, goal_id: str) -> str | None:
        with self._read() as conn:
            return self._row(conn, goal_id)["parent_id"]

    def rollup(self, goal_id: str) -> "RollupCheck | None":
        """The roll-up check of the goal against its children (:func:`smartkit.goals.tree.rollup_check`)."""
        from smartkit.goals.tree import rollup_check

        with self._read() as conn:
            parent = self._stored(self._row(conn, goal_id)).goal
            children = [goal_from_json(text) for text in conn.execute(
                select(GoalRow.goal_json).where(GoalRow.parent_id == goal_id, GoalRow.status != "archived",
                                                *self._scope())
                .order_by(GoalRow.created_at, GoalRow.id)).scalars()]
        return rollup_check(parent, children)

    def set_parent(self, goal_id: str, parent_id: str | None) -> StoredGoal:
        """Make ``goal_id`` a sub-goal of ``parent_id`` (None: a goal of its own). A goal has at
        most one parent and is never its own ancestor."""
        with self._write() as conn:
            self._row(conn, goal_id, "edit")
            if parent_id is not None:
                self._row(conn, parent_id, "edit")
            ancestor = parent_id
            while ancestor is not None:
                if ancestor == goal_id:
                    raise StorageError("error.storage.own_parent")
                ancestor = self._row(conn, ancestor)["parent_id"]
            conn.execute(update(GoalRow).where(GoalRow.id == goal_id).values(parent_id=parent_id, updated_at=_now(),
                                                                             changed_by=self.actor))
        return self.get(goal_id)

    def tree(self, goal_id: str) -> GoalTree:
        """The goal with its parent, siblings and children (one query for the family)."""
        with self._read() as conn:
            node = self._row(conn, goal_id)
            parent_id = node["parent_id"]
            family = [GoalRow.id == parent_id, GoalRow.parent_id == goal_id, GoalRow.id == goal_id]
            if parent_id is not None:
                family.append(GoalRow.parent_id == parent_id)
            rows = self._summaries(conn.execute(
                select(*_SUMMARY_COLUMNS).where(or_(*family), *self._scope()).order_by(GoalRow.created_at, GoalRow.id)))
        by_id = {r.id: r for r in rows}
        parent = by_id.get(parent_id) if parent_id else None
        return GoalTree(node=by_id[goal_id], parent=parent,
                        siblings=[r for r in rows if parent and r.parent_id == parent_id and r.id != goal_id],
                        children=[r for r in rows if r.parent_id == goal_id])

    # ------------------------------------------------------------------ history and tracking

    def attach_history(self, goal_id: str, table: pd.DataFrame, source: str,
                       warnings: Iterable[str | Message] = (), lang: str | None = None,
                       record: dict[str, Any] | None = None) -> list[str]:
        """Attach an imported daily table (newest last): the stored history is extended, days
        both have take the newer figures. Returns the warnings to show (rendered in ``lang``,
        default the goal's language), e.g. which days were replaced. The import's own
        ``warnings`` are stored with the table (Messages rendered in the goal's language), and
        its ``record`` (JSON-able: where it came from, each file's name and dates) as given."""
        if not isinstance(table.index, pd.DatetimeIndex):
            raise StorageError("error.storage.bad_history", source=str(source)[:80])
        if table.index.hasnans:  # an "All time" report: figures without days cannot be tracked
            raise StorageError("error.storage.undated_history", source=str(source)[:80])
        with self._write() as conn:
            row = self._row(conn, goal_id, "edit")
            goal_lang = json.loads(row["goal_json"]).get("lang") or "en"
            lang = lang or goal_lang
            old = self._history(conn, goal_id)
            stored_warnings = [w.render(goal_lang) if isinstance(w, Message) else str(w) for w in warnings]
            conn.execute(insert(HistoryRow).values(goal_id=goal_id, source=str(source)[:300],
                                                   warnings_json=json.dumps(stored_warnings, ensure_ascii=False),
                                                   table_json=table_to_json(table), attached_at=_now(),
                                                   imports_json=_record_json(record)))
            _, notes = extend_history(old, table)
            conn.execute(update(GoalRow).where(GoalRow.id == goal_id).values(updated_at=_now(), changed_by=self.actor))
            self._refresh(conn, goal_id)
        return [note.render(lang) for note in notes]

    def replace_history(self, goal_id: str, table: pd.DataFrame | None, source: str,
                        warnings: Iterable[str | Message] = (), record: dict[str, Any] | None = None) -> None:
        """Replace everything attached with this one table (None or empty: no history), in one
        transaction: what the wizard stores when its uploads change (the upload, not an extension),
        with its import ``record`` (see :meth:`attach_history`)."""
        if table is not None and len(table) and not isinstance(table.index, pd.DatetimeIndex):
            raise StorageError("error.storage.bad_history", source=str(source)[:80])
        with self._write() as conn:
            row = self._row(conn, goal_id, "edit")
            goal_lang = json.loads(row["goal_json"]).get("lang") or "en"
            conn.execute(delete(HistoryRow).where(HistoryRow.goal_id == goal_id))
            if table is not None and len(table):
                stored_warnings = [w.render(goal_lang) if isinstance(w, Message) else str(w) for w in warnings]
                conn.execute(insert(HistoryRow).values(
                    goal_id=goal_id, source=str(source)[:300],
                    warnings_json=json.dumps(stored_warnings, ensure_ascii=False),
                    table_json=table_to_json(table), attached_at=_now(), imports_json=_record_json(record)))
            self._refresh(conn, goal_id)

    def history(self, goal_id: str) -> pd.DataFrame | None:
        """The tidy daily table: every attached table laid over the ones before (None: no data)."""
        with self._read() as conn:
            self._row(conn, goal_id)
            return self._history(conn, goal_id)

    def histories(self, goal_id: str) -> list[dict[str, Any]]:
        """The attached tables in order: ``source``, ``warnings``, ``attached_at``, ``table`` and
        ``record`` (the import record as attached, None when not given)."""
        with self._read() as conn:
            self._row(conn, goal_id)
            rows = conn.execute(select(HistoryRow.__table__).where(HistoryRow.goal_id == goal_id)
                                .order_by(HistoryRow.id)).all()
            return [{"source": r.source, "warnings": json.loads(r.warnings_json), "attached_at": _utc(r.attached_at),
                     "table": table_from_json(r.table_json),
                     "record": json.loads(r.imports_json) if r.imports_json else None} for r in rows]

    @staticmethod
    def _history(conn: Connection, goal_id: str) -> pd.DataFrame | None:
        merged = None
        for text in conn.execute(select(HistoryRow.table_json).where(HistoryRow.goal_id == goal_id)
                                 .order_by(HistoryRow.id)).scalars():
            merged, _ = extend_history(merged, table_from_json(text))
        return merged

    def tracking(self, goal_id: str, today: dt.date | None = None) -> Tracking | None:
        """Pacing against the path in force, projected end and band, outcome (live, with its
        reason): the assessment's own (:meth:`assessment`)."""
        return self.assessment(goal_id, today).tracking

    def assessment(self, goal_id: str, today: dt.date | None = None) -> "GoalAssessment":
        """The one assessment of a stored goal as of ``today``: its history, its target path in
        force and its review log (:func:`smartkit.goals.assessment.assess_goal`)."""
        from smartkit.goals.assessment import assess_goal

        with self._read() as conn:
            row = self._row(conn, goal_id)
            stored = self._stored(row)
            history = self._history(conn, goal_id)
            changes = self._target_history(conn, goal_id)
            reviews = self._review_dates(conn, goal_id)
        return assess_goal(stored.goal, history, today or self._today(), changes=changes, reviews=reviews,
                           created=stored.created_at.date())

    def refresh(self, goal_id: str) -> StoredGoal:
        """Recompute the stored pacing (and the outcome of a goal past its deadline) now."""
        with self._write() as conn:
            self._row(conn, goal_id, "edit")
            self._refresh(conn, goal_id)
        return self.get(goal_id)

    def _refresh(self, conn: Connection, goal_id: str) -> None:
        """Precompute the pacing shown in lists, the next review, and mark an active goal past its
        deadline achieved or missed from its data."""
        from smartkit.goals.assessment import judged_goal

        row = self._row(conn, goal_id)
        today = self._today()
        history = self._history(conn, goal_id)
        goal, _ = judged_goal(goal_from_json(row["goal_json"]), history, today)  # as the assessment judges it
        result = track(goal, history, self._target_history(conn, goal_id), today)  # the one pacing engine
        values: dict[str, Any] = {"pacing": result.status if result else None,
                                  "pacing_json": json.dumps(result.figures()) if result else None,
                                  "next_review": next_review(goal, self._review_dates(conn, goal_id),
                                                             _utc(row["created_at"]).date())}
        if result is not None and result.outcome is not None and row["status"] == "active":
            values["status"] = result.outcome.status
            values["status_note"] = None
        conn.execute(update(GoalRow).where(GoalRow.id == goal_id).values(**values))

    @staticmethod
    def _review_dates(conn: Connection, goal_id: str) -> list[dt.date]:
        return list(conn.execute(select(ReviewRow.date).where(ReviewRow.goal_id == goal_id)).scalars())

    # ------------------------------------------------------------------ targets

    def _record_target(self, conn: Connection, goal_id: str, goal: GoalDraft, status: str,
                       before: GoalDraft | None) -> None:
        """Keep the target history: a draft's (or a new goal's) target is its own, rewritten at
        each save; an active goal's changed target or deadline becomes a change from today (one
        per day: a later edit the same day replaces it)."""
        today = self._today()
        target, deadline = goal.resolved_target, goal.deadline
        if before is None or status == "draft":
            conn.execute(delete(TargetChangeRow).where(TargetChangeRow.goal_id == goal_id,
                                                       TargetChangeRow.source == "goal"))
            if target is not None or deadline is not None:
                conn.execute(insert(TargetChangeRow).values(
                    goal_id=goal_id, effective_from=goal.start or today, target=target, deadline=deadline,
                    source="goal", created_at=_now(), created_by=self.actor))
            return
        conn.execute(delete(TargetChangeRow).where(TargetChangeRow.goal_id == goal_id,
                                                   TargetChangeRow.source == "edit",
                                                   TargetChangeRow.effective_from == today))
        conn.execute(insert(TargetChangeRow).values(goal_id=goal_id, effective_from=today, target=target,
                                                    deadline=deadline, source="edit", created_at=_now(),
                                                    created_by=self.actor))

    def target_history(self, goal_id: str) -> list[TargetChange]:
        with self._read() as conn:
            self._row(conn, goal_id)
            return self._target_history(conn, goal_id)

    @staticmethod
    def _target_history(conn: Connection, goal_id: str) -> list[TargetChange]:
        rows = conn.execute(select(TargetChangeRow.__table__).where(TargetChangeRow.goal_id == goal_id)
                            .order_by(TargetChangeRow.effective_from, TargetChangeRow.id))
        return [TargetChange(r.effective_from, r.target, r.deadline, r.source) for r in rows]

    # ------------------------------------------------------------------ check-ins and reviews

    def add_checkin(self, goal_id: str, checkin: CheckIn) -> CheckIn:
        with self._write() as conn:
            self._row(conn, goal_id, "edit")
            conn.execute(insert(CheckInRow).values(goal_id=goal_id, date=checkin.date, note=checkin.note or "",
                                                   confidence=checkin.confidence, done=checkin.done or "",
                                                   created_at=_now(), created_by=self.actor))
            conn.execute(update(GoalRow).where(GoalRow.id == goal_id).values(updated_at=_now(), changed_by=self.actor))
        return replace(checkin, by=self.actor)

    def checkins(self, goal_id: str) -> list[CheckIn]:
        with self._read() as conn:
            self._row(conn, goal_id)
            rows = conn.execute(select(CheckInRow.__table__).where(CheckInRow.goal_id == goal_id)
                                .order_by(CheckInRow.date, CheckInRow.id))
            return [CheckIn(r.date, r.note, r.confidence, r.done, by=r.created_by) for r in rows]

    def add_review(self, goal_id: str, review: Review) -> StoredGoal:
        """Log a review. ``adjust_target`` / ``adjust_deadline`` change the goal (a new version)
        and add a target change from the review's date; ``stop`` archives the goal."""
        with self._write() as conn:
            row = self._row(conn, goal_id, "edit")
            conn.execute(insert(ReviewRow).values(goal_id=goal_id, date=review.date, what_happened=review.what_happened
                                                  or "", decision=review.decision, new_target=review.new_target,
                                                  new_deadline=review.new_deadline, created_at=_now(),
                                                  created_by=self.actor))
            values: dict[str, Any] = {"updated_at": _now(), "changed_by": self.actor}
            if review.decision in ("adjust_target", "adjust_deadline"):
                goal = goal_from_json(row["goal_json"])
                changes: dict[str, Any] = {}
                if review.new_target is not None:
                    changes.update(target=review.new_target, target_change_pct=None, target_mode="number")
                if review.new_deadline is not None:
                    changes.update(deadline=review.new_deadline, deadline_choice="custom")
                goal = GoalDraft.from_dict({**goal.model_dump(), **changes})
                values.update(version=row["version"] + 1, **self._listing_columns(goal))
                conn.execute(insert(TargetChangeRow).values(
                    goal_id=goal_id, effective_from=review.date, target=goal.resolved_target,
                    deadline=goal.deadline, source="review", created_at=_now(), created_by=self.actor))
            elif review.decision == "stop" and row["status"] != "archived":
                values.update(status="archived", archived_from=row["status"], status_note=review.what_happened)
            conn.execute(update(GoalRow).where(GoalRow.id == goal_id).values(**values))
            self._refresh(conn, goal_id)
        return self.get(goal_id)

    def reviews(self, goal_id: str) -> list[Review]:
        with self._read() as conn:
            self._row(conn, goal_id)
            rows = conn.execute(select(ReviewRow.__table__).where(ReviewRow.goal_id == goal_id)
                                .order_by(ReviewRow.date, ReviewRow.id))
            return [Review(r.date, r.what_happened, r.decision, r.new_target, r.new_deadline, by=r.created_by)
                    for r in rows]

    # ------------------------------------------------------------------ sharing

    def share_token(self, goal_id: str) -> str:
        """The goal's live share token (created if there is none): unguessable, read-only."""
        with self._write() as conn:
            self._row(conn, goal_id, "manage")
            live = conn.execute(select(ShareTokenRow.token).where(ShareTokenRow.goal_id == goal_id,
                                                                  ShareTokenRow.revoked_at.is_(None))).scalar()
            if live:
                return live
            token = secrets.token_urlsafe(24)
            conn.execute(insert(ShareTokenRow).values(token=token, goal_id=goal_id, created_at=_now(),
                                                      created_by=self.actor))
            return token

    def live_share_token(self, goal_id: str) -> str | None:
        """The goal's live share token, or None (nothing is created). Only owners may see it:
        a link is theirs to give."""
        with self._read() as conn:
            self._row(conn, goal_id, "manage")
            return conn.execute(select(ShareTokenRow.token).where(ShareTokenRow.goal_id == goal_id,
                                                                  ShareTokenRow.revoked_at.is_(None))).scalar()

    def revoke_share(self, goal_id: str) -> None:
        with self._write() as conn:
            self._row(conn, goal_id, "manage")
            conn.execute(update(ShareTokenRow).where(ShareTokenRow.goal_id == goal_id,
                                                     ShareTokenRow.revoked_at.is_(None)).values(revoked_at=_now()))

    def goal_for_share_token(self, token: str) -> StoredGoal | None:
        """The shared goal, or None for a wrong or revoked token. A live link shows its goal to
        anyone who has it, signed in or not, member or not (read-only: that is what a link is)."""
        if not token or len(token) > 64:
            return None
        with self._read() as conn:
            row = conn.execute(select(GoalRow.__table__).join(ShareTokenRow, ShareTokenRow.goal_id == GoalRow.id)
                               .where(ShareTokenRow.token == token, ShareTokenRow.revoked_at.is_(None))
                               ).mappings().first()
            return self._stored(row) if row is not None else None


class _Transaction:
    """``with``: a connection inside one transaction; SQLite writers take the write lock first."""

    def __init__(self, engine: Engine, write: bool) -> None:
        self._engine, self._write = engine, write

    def __enter__(self) -> Connection:
        self._conn = self._engine.connect()
        if self._write:
            self._conn.execution_options(**migrate.WRITE)
        self._tx = self._conn.begin()
        return self._conn

    def __exit__(self, exc_type, exc, tb) -> None:  # noqa: ANN001
        try:
            if exc_type is None:
                self._tx.commit()
            else:
                self._tx.rollback()
        finally:
            self._conn.close()
        if isinstance(exc, OperationalError):
            raise StorageError("error.storage.unavailable", detail=str(exc.orig).splitlines()[0][:200]) from None
