"""Weekly check-ins and practice steps (with their ticks).

Only new tables: every existing row is left exactly as it was.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checkin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week_start", sa.Integer(), nullable=False),
        sa.Column("week_start_day", sa.Integer(), nullable=False),
        sa.Column("companionship", sa.Integer(), nullable=False),
        sa.Column("left_out", sa.Integer(), nullable=False),
        sa.Column("isolated", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("want_more", sa.Text(), nullable=False),
        sa.Column("recorded_utc", sa.String(length=26), nullable=False),
        sa.Column("edited_utc", sa.String(length=26), nullable=False),
        sa.CheckConstraint("week_start_day BETWEEN 0 AND 6", name=op.f("ck_checkin_weekday")),
        sa.CheckConstraint("companionship BETWEEN 1 AND 3", name=op.f("ck_checkin_companionship")),
        sa.CheckConstraint("left_out BETWEEN 1 AND 3", name=op.f("ck_checkin_left_out")),
        sa.CheckConstraint("isolated BETWEEN 1 AND 3", name=op.f("ck_checkin_isolated")),
        sa.CheckConstraint(
            "total = companionship + left_out + isolated", name=op.f("ck_checkin_total")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin")),
        sa.UniqueConstraint("week_start", name=op.f("uq_checkin_week_start")),
    )
    op.create_table(
        "step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("fear_id", sa.Integer(), nullable=True),
        sa.Column("target_per_week", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_utc", sa.String(length=26), nullable=False),
        sa.Column("edited_utc", sa.String(length=26), nullable=False),
        sa.Column("status_changed_utc", sa.String(length=26), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("target_per_week >= 1", name=op.f("ck_step_target")),
        sa.CheckConstraint("status IN ('active','paused','archived')", name=op.f("ck_step_status")),
        sa.ForeignKeyConstraint(["fear_id"], ["tag.id"], name=op.f("fk_step_fear_id_tag")),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_step_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_step")),
    )
    op.create_table(
        "step_tick",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.Integer(), nullable=False),
        sa.Column("moment_id", sa.String(length=36), nullable=True),
        sa.Column("local_day", sa.Integer(), nullable=False),
        sa.Column("created_utc", sa.String(length=26), nullable=False),
        sa.ForeignKeyConstraint(
            ["moment_id"],
            ["moment.id"],
            name=op.f("fk_step_tick_moment_id_moment"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["step_id"],
            ["step.id"],
            name=op.f("fk_step_tick_step_id_step"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_step_tick")),
        sa.UniqueConstraint("moment_id", "step_id", name=op.f("uq_step_tick_moment_id")),
    )
    op.create_index("ix_step_tick_step_day", "step_tick", ["step_id", "local_day"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_step_tick_step_day", table_name="step_tick")
    op.drop_table("step_tick")
    op.drop_table("step")
    op.drop_table("checkin")
