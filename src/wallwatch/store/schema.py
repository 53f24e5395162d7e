"""Tables of a WallWatch journal (SQLAlchemy 2 typed declarative models).

Times are stored as fixed-width UTC text (``YYYY-MM-DD HH:MM:SS.ffffff``) so they sort and read
well in any SQLite tool. Each moment also keeps its local UTC offset and the derived local day
number, hour and weekday, so days and weeks are bucketed by the date the person lived, in SQL.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from wallwatch.store.constants import APPLICATION_ID as APPLICATION_ID  # re-exported

# A naming convention lets Alembic's batch mode find and drop constraints on SQLite.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class KeyValueRow(Base):
    __abstract__ = True
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class MetaRow(KeyValueRow):
    """Facts about the journal itself, e.g. whether it is the demo journal."""

    __tablename__ = "meta"


class SettingRow(KeyValueRow):
    __tablename__ = "setting"


class PersonRow(Base):
    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint("kind IN ('partner','friend','family','colleague','other')", name="kind"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80, collation="NOCASE"), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="other")
    safe: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)


class TagRow(Base):
    __tablename__ = "tag"
    __table_args__ = (
        UniqueConstraint("kind", "name"),
        CheckConstraint("kind IN ('fear','behaviour','body')", name="kind"),
        CheckConstraint("direction IS NULL OR direction IN ('withdrew','opened')", name="dir"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(80, collation="NOCASE"))
    direction: Mapped[str | None] = mapped_column(String(16), nullable=True)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)


class MomentTagRow(Base):
    __tablename__ = "moment_tag"
    __table_args__ = (Index("ix_moment_tag_tag", "tag_id", "moment_id"),)
    moment_id: Mapped[str] = mapped_column(
        ForeignKey("moment.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id"), primary_key=True)
    tag: Mapped[TagRow] = relationship(lazy="joined")


class MomentRow(Base):
    __tablename__ = "moment"
    __table_args__ = (
        CheckConstraint("direction IN ('withdrew','opened')", name="direction"),
        CheckConstraint("intensity BETWEEN 1 AND 5", name="intensity"),
        CheckConstraint(
            "wanted_closeness IS NULL OR wanted_closeness IN ('yes','no','unsure')",
            name="wanted",
        ),
        CheckConstraint("loneliness IS NULL OR loneliness BETWEEN 0 AND 10", name="lonely"),
        CheckConstraint("resentment IS NULL OR resentment BETWEEN 0 AND 10", name="resent"),
        CheckConstraint("connection IS NULL OR connection BETWEEN 0 AND 10", name="connect"),
        Index("ix_moment_local_day", "local_day"),
        # Covers the weekly and daily summaries: SQLite reads it without the table (0003).
        Index(
            "ix_moment_day_ratings",
            "local_day",
            "direction",
            "loneliness",
            "resentment",
            "connection",
        ),
        Index("ix_moment_occurred", "occurred_utc"),
        Index("ix_moment_person_day", "person_id", "local_day"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    occurred_utc: Mapped[str] = mapped_column(String(26))
    utc_offset_min: Mapped[int] = mapped_column(Integer)
    local_day: Mapped[int] = mapped_column(Integer)
    local_hour: Mapped[int] = mapped_column(Integer)
    local_weekday: Mapped[int] = mapped_column(Integer)
    recorded_utc: Mapped[str] = mapped_column(String(26))
    edited_utc: Mapped[str] = mapped_column(String(26))
    direction: Mapped[str] = mapped_column(String(16))
    intensity: Mapped[int] = mapped_column(Integer)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    wanted_closeness: Mapped[str | None] = mapped_column(String(8), nullable=True)
    loneliness: Mapped[int | None] = mapped_column(Integer, nullable=True)
    resentment: Mapped[int | None] = mapped_column(Integer, nullable=True)
    connection: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    wish: Mapped[str] = mapped_column(Text, default="")

    person: Mapped[PersonRow | None] = relationship(lazy="joined")
    tag_links: Mapped[list[MomentTagRow]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", passive_deletes=True
    )


class CheckinRow(Base):
    """A weekly check-in (UCLA 3-item loneliness scale). ``week_start`` is a local day number:
    the first day of the week as weeks began (``week_start_day``) when it was recorded."""

    __tablename__ = "checkin"
    __table_args__ = (
        UniqueConstraint("week_start"),
        CheckConstraint("week_start_day BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("companionship BETWEEN 1 AND 3", name="companionship"),
        CheckConstraint("left_out BETWEEN 1 AND 3", name="left_out"),
        CheckConstraint("isolated BETWEEN 1 AND 3", name="isolated"),
        CheckConstraint("total = companionship + left_out + isolated", name="total"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week_start: Mapped[int] = mapped_column(Integer)
    week_start_day: Mapped[int] = mapped_column(Integer)
    companionship: Mapped[int] = mapped_column(Integer)
    left_out: Mapped[int] = mapped_column(Integer)
    isolated: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    want_more: Mapped[str] = mapped_column(Text, default="")
    recorded_utc: Mapped[str] = mapped_column(String(26))
    edited_utc: Mapped[str] = mapped_column(String(26))


class StepRow(Base):
    """A practice step. People and fears are referred to by id, so renaming them carries over."""

    __tablename__ = "step"
    __table_args__ = (
        CheckConstraint("target_per_week >= 1", name="target"),
        CheckConstraint("status IN ('active','paused','archived')", name="status"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    fear_id: Mapped[int | None] = mapped_column(ForeignKey("tag.id"), nullable=True)
    target_per_week: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_utc: Mapped[str] = mapped_column(String(26))
    edited_utc: Mapped[str] = mapped_column(String(26))
    status_changed_utc: Mapped[str] = mapped_column(String(26))
    position: Mapped[int] = mapped_column(Integer, default=0)

    person: Mapped[PersonRow | None] = relationship(lazy="joined")
    fear: Mapped[TagRow | None] = relationship(lazy="joined")


class StepTickRow(Base):
    """One doing of a step on a local day.

    A tick logged through a moment stays when that moment is deleted (its link is cleared): the
    step was still done that day, and undoing the delete must not lose progress.
    """

    __tablename__ = "step_tick"
    __table_args__ = (
        # One tick per step per moment; also the index SQLite needs to clear links quickly
        # when moments are deleted.
        UniqueConstraint("moment_id", "step_id"),
        Index("ix_step_tick_step_day", "step_id", "local_day"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("step.id", ondelete="CASCADE"))
    moment_id: Mapped[str | None] = mapped_column(
        ForeignKey("moment.id", ondelete="SET NULL"), nullable=True
    )
    local_day: Mapped[int] = mapped_column(Integer)
    created_utc: Mapped[str] = mapped_column(String(26))
