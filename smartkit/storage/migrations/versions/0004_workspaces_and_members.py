"""Workspaces with members and roles, and who made each change.

``workspaces`` names each client or brand (one row per name the goals already use, so nothing
becomes unreachable for the administrator); ``members`` gives a signed-in user (their email,
as :func:`smartkit.storage.access.identity` writes it) one role in a workspace. Goals record
who changed them last (``changed_by``); check-ins, reviews, target changes and share links
record who made them (``created_by``). Rows written before this revision have no author (null).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""
import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)
AUTHORED = ("checkins", "reviews", "target_changes", "share_tokens")


def upgrade() -> None:
    workspaces = op.create_table(
        "workspaces",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("created_by", sa.String(254)),
    )
    op.create_table(
        "members",
        sa.Column("workspace", sa.String(200), sa.ForeignKey("workspaces.name", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("email", sa.String(254), primary_key=True),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("added_at", TZ, nullable=False),
        sa.Column("added_by", sa.String(254)),
    )
    op.create_index("ix_members_email", "members", ["email"])
    with op.batch_alter_table("goals") as batch:
        batch.add_column(sa.Column("changed_by", sa.String(254)))
    for table in AUTHORED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("created_by", sa.String(254)))
    bind = op.get_bind()
    goals = sa.table("goals", sa.column("workspace", sa.String))
    now = dt.datetime.now(dt.timezone.utc)
    names = list(bind.execute(sa.select(goals.c.workspace).distinct()).scalars())
    if names:
        bind.execute(sa.insert(workspaces), [{"name": name, "created_at": now, "created_by": None} for name in names])


def downgrade() -> None:
    for table in AUTHORED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("created_by")
    with op.batch_alter_table("goals") as batch:
        batch.drop_column("changed_by")
    op.drop_index("ix_members_email", table_name="members")
    op.drop_table("members")
    op.drop_table("workspaces")
