"""Target history, share tokens, a note on a status set by hand and the status an archived
goal had (restored with it).

``target_changes`` is filled for goals stored with revision 0001: one row with the goal's own
target and deadline (from its start, else the day it was created) and one per review that
adjusted the target or the deadline, so no history is lost.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""
import datetime as dt
import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("goals") as batch:
        batch.add_column(sa.Column("status_note", sa.Text))
        batch.add_column(sa.Column("archived_from", sa.String(16)))
    changes = op.create_table(
        "target_changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("goal_id", sa.String(32), sa.ForeignKey("goals.id", ondelete="CASCADE"), nullable=False),
        sa.Column("effective_from", sa.Date, nullable=False),
        sa.Column("target", sa.Float),
        sa.Column("deadline", sa.Date),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_target_changes_goal_id", "target_changes", ["goal_id"])
    op.create_table(
        "share_tokens",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("goal_id", sa.String(32), sa.ForeignKey("goals.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ),
    )
    op.create_index("ix_share_tokens_goal_id", "share_tokens", ["goal_id"])
    _fill_target_history(changes)


def _fill_target_history(changes: sa.Table) -> None:
    bind = op.get_bind()
    goals = sa.table("goals", sa.column("id"), sa.column("goal_json"), sa.column("target", sa.Float),
                     sa.column("deadline", sa.Date), sa.column("created_at", TZ))
    reviews = sa.table("reviews", sa.column("id"), sa.column("goal_id"), sa.column("date", sa.Date),
                       sa.column("decision"), sa.column("new_target", sa.Float), sa.column("new_deadline", sa.Date),
                       sa.column("created_at", TZ))
    rows = []
    for goal in bind.execute(sa.select(goals)).mappings():
        start = json.loads(goal["goal_json"]).get("start")
        created = goal["created_at"]
        effective = dt.date.fromisoformat(start) if start else created.date()
        target, deadline = goal["target"], goal["deadline"]
        rows.append({"goal_id": goal["id"], "effective_from": effective, "target": target,
                     "deadline": deadline, "source": "goal", "created_at": created})
        adjusted = bind.execute(sa.select(reviews).where(reviews.c.goal_id == goal["id"],
                                                         reviews.c.decision.in_(["adjust_target", "adjust_deadline"]))
                                .order_by(reviews.c.date, reviews.c.id)).mappings()
        for review in adjusted:
            target = review["new_target"] if review["new_target"] is not None else target
            deadline = review["new_deadline"] if review["new_deadline"] is not None else deadline
            rows.append({"goal_id": goal["id"], "effective_from": review["date"], "target": target,
                         "deadline": deadline, "source": "review", "created_at": review["created_at"]})
    if rows:
        op.bulk_insert(changes, rows)


def downgrade() -> None:
    op.drop_table("share_tokens")
    op.drop_table("target_changes")
    with op.batch_alter_table("goals") as batch:
        batch.drop_column("archived_from")
        batch.drop_column("status_note")
