"""First schema: goals (the goal as JSON plus listing columns), imported histories, check-ins
and the review log.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "goals",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("workspace", sa.String(200), nullable=False),
        sa.Column("owner", sa.String(200)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("parent_id", sa.String(32), sa.ForeignKey("goals.id", ondelete="SET NULL",
                                                            name="fk_goals_parent_id_goals")),
        sa.Column("goal_json", sa.Text, nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("kpi", sa.String(64)),
        sa.Column("target", sa.Float),
        sa.Column("deadline", sa.Date),
        sa.Column("channel", sa.String(64)),
        sa.Column("pacing", sa.String(16)),
        sa.Column("pacing_json", sa.Text),
        sa.Column("next_review", sa.Date),
    )
    op.create_index("ix_goals_workspace", "goals", ["workspace"])
    op.create_index("ix_goals_parent_id", "goals", ["parent_id"])
    op.create_index("ix_goals_workspace_status", "goals", ["workspace", "status"])
    op.create_table(
        "histories",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("goal_id", sa.String(32), sa.ForeignKey("goals.id", ondelete="CASCADE"), nullable=False),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("warnings_json", sa.Text, nullable=False),
        sa.Column("table_json", sa.Text, nullable=False),
        sa.Column("attached_at", TZ, nullable=False),
    )
    op.create_index("ix_histories_goal_id", "histories", ["goal_id"])
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("goal_id", sa.String(32), sa.ForeignKey("goals.id", ondelete="CASCADE"), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("confidence", sa.String(8), nullable=False),
        sa.Column("done", sa.Text, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_checkins_goal_id", "checkins", ["goal_id"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("goal_id", sa.String(32), sa.ForeignKey("goals.id", ondelete="CASCADE"), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("what_happened", sa.Text, nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("new_target", sa.Float),
        sa.Column("new_deadline", sa.Date),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_reviews_goal_id", "reviews", ["goal_id"])


def downgrade() -> None:
    for table in ("reviews", "checkins", "histories", "goals"):
        op.drop_table(table)
