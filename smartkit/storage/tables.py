"""The library's tables (SQLAlchemy 2 declarative models) as of the latest migration.

The schema is created and changed only by the Alembic migrations in
``smartkit/storage/migrations/versions`` (run at start-up by :mod:`smartkit.storage.migrate`);
these classes describe the result and must match the head revision (a test compares them).

``goals`` keeps the goal itself as JSON (``goal_json``: every declared field of
:class:`smartkit.models.GoalDraft`) plus a few columns copied from it at each save (name, KPI,
target, deadline, channel, precomputed pacing, next review) so the library page is one query.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class GoalRow(Base):
    __tablename__ = "goals"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workspace: Mapped[str] = mapped_column(String(200), index=True)
    owner: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("goals.id", ondelete="SET NULL"), index=True)
    goal_json: Mapped[str] = mapped_column(Text)
    name: Mapped[str] = mapped_column(String(300))
    kpi: Mapped[str | None] = mapped_column(String(64))
    target: Mapped[float | None] = mapped_column(Float)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    channel: Mapped[str | None] = mapped_column(String(64))
    pacing: Mapped[str | None] = mapped_column(String(16))
    pacing_json: Mapped[str | None] = mapped_column(Text)
    next_review: Mapped[dt.date | None] = mapped_column(Date)
    # revision 0002
    status_note: Mapped[str | None] = mapped_column(Text)
    archived_from: Mapped[str | None] = mapped_column(String(16))
    # revision 0004: who changed it last (an identity; None: the administrator or before 0004)
    changed_by: Mapped[str | None] = mapped_column(String(254))

    __table_args__ = (Index("ix_goals_workspace_status", "workspace", "status"),)


class HistoryRow(Base):
    """One imported daily table attached to a goal (tidy table, source, warnings, the import
    record), in order."""

    __tablename__ = "histories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    goal_id: Mapped[str] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(300))
    warnings_json: Mapped[str] = mapped_column(Text)
    table_json: Mapped[str] = mapped_column(Text)
    attached_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    # revision 0003: the import record, JSON: where the table came from (a demo, uploads) and one
    # entry per file (name, tool, first and last day, periods, its own warnings); None: not known
    imports_json: Mapped[str | None] = mapped_column(Text)


class CheckInRow(Base):
    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    goal_id: Mapped[str] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)
    confidence: Mapped[str] = mapped_column(String(8))
    done: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str | None] = mapped_column(String(254))  # revision 0004


class ReviewRow(Base):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    goal_id: Mapped[str] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    what_happened: Mapped[str] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(String(20))
    new_target: Mapped[float | None] = mapped_column(Float)
    new_deadline: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str | None] = mapped_column(String(254))  # revision 0004


class TargetChangeRow(Base):
    """Revision 0002: the target and deadline in force from a date on."""

    __tablename__ = "target_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    goal_id: Mapped[str] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    effective_from: Mapped[dt.date] = mapped_column(Date)
    target: Mapped[float | None] = mapped_column(Float)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str | None] = mapped_column(String(254))  # revision 0004


class ShareTokenRow(Base):
    """Revision 0002: an unguessable token for a read-only link to one goal."""

    __tablename__ = "share_tokens"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    goal_id: Mapped[str] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str | None] = mapped_column(String(254))  # revision 0004
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class WorkspaceRow(Base):
    """Revision 0004: a client or brand whose goals its members share."""

    __tablename__ = "workspaces"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str | None] = mapped_column(String(254))


class MemberRow(Base):
    """Revision 0004: one user's role in one workspace (owner, editor or viewer)."""

    __tablename__ = "members"

    workspace: Mapped[str] = mapped_column(ForeignKey("workspaces.name", ondelete="CASCADE"), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(8))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    added_by: Mapped[str | None] = mapped_column(String(254))
