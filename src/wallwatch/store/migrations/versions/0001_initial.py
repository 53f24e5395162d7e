"""The first WallWatch schema: people, tags, moments and their tags, settings and meta.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("PRAGMA application_id = 1465336648")
    op.create_table(
        "meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_meta")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80, collation="NOCASE"), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("safe", sa.Boolean(), nullable=False),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('partner','friend','family','colleague','other')", name=op.f("ck_person_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("name", name=op.f("uq_person_name")),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    op.create_table(
        "tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=80, collation="NOCASE"), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=True),
        sa.Column("hidden", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "direction IS NULL OR direction IN ('withdrew','opened')", name=op.f("ck_tag_dir")
        ),
        sa.CheckConstraint("kind IN ('fear','behaviour','body')", name=op.f("ck_tag_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tag")),
        sa.UniqueConstraint("kind", "name", name=op.f("uq_tag_kind")),
    )
    op.create_table(
        "moment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("occurred_utc", sa.String(length=26), nullable=False),
        sa.Column("utc_offset_min", sa.Integer(), nullable=False),
        sa.Column("local_day", sa.Integer(), nullable=False),
        sa.Column("local_hour", sa.Integer(), nullable=False),
        sa.Column("local_weekday", sa.Integer(), nullable=False),
        sa.Column("recorded_utc", sa.String(length=26), nullable=False),
        sa.Column("edited_utc", sa.String(length=26), nullable=False),
        sa.Column("direction", sa.String(length=16), nullable=False),
        sa.Column("intensity", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("wanted_closeness", sa.String(length=8), nullable=True),
        sa.Column("loneliness", sa.Integer(), nullable=True),
        sa.Column("resentment", sa.Integer(), nullable=True),
        sa.Column("connection", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("wish", sa.Text(), nullable=False),
        sa.CheckConstraint("direction IN ('withdrew','opened')", name=op.f("ck_moment_direction")),
        sa.CheckConstraint(
            "wanted_closeness IS NULL OR wanted_closeness IN ('yes','no','unsure')",
            name=op.f("ck_moment_wanted"),
        ),
        sa.CheckConstraint(
            "connection IS NULL OR connection BETWEEN 0 AND 10", name=op.f("ck_moment_connect")
        ),
        sa.CheckConstraint("intensity BETWEEN 1 AND 5", name=op.f("ck_moment_intensity")),
        sa.CheckConstraint(
            "loneliness IS NULL OR loneliness BETWEEN 0 AND 10", name=op.f("ck_moment_lonely")
        ),
        sa.CheckConstraint(
            "resentment IS NULL OR resentment BETWEEN 0 AND 10", name=op.f("ck_moment_resent")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_moment_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moment")),
    )
    op.create_index("ix_moment_local_day", "moment", ["local_day"], unique=False)
    op.create_index("ix_moment_occurred", "moment", ["occurred_utc"], unique=False)
    op.create_index("ix_moment_person_day", "moment", ["person_id", "local_day"], unique=False)
    op.create_table(
        "moment_tag",
        sa.Column("moment_id", sa.String(length=36), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["moment_id"],
            ["moment.id"],
            name=op.f("fk_moment_tag_moment_id_moment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["tag_id"], ["tag.id"], name=op.f("fk_moment_tag_tag_id_tag")),
        sa.PrimaryKeyConstraint("moment_id", "tag_id", name=op.f("pk_moment_tag")),
    )
    op.create_index("ix_moment_tag_tag", "moment_tag", ["tag_id", "moment_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_moment_tag_tag", table_name="moment_tag")
    op.drop_table("moment_tag")
    op.drop_index("ix_moment_person_day", table_name="moment")
    op.drop_index("ix_moment_occurred", table_name="moment")
    op.drop_index("ix_moment_local_day", table_name="moment")
    op.drop_table("moment")
    op.drop_table("tag")
    op.drop_table("setting")
    op.drop_table("person")
    op.drop_table("meta")
