"""Moments: written through the ORM, read through one Core query that also gathers their tags.

Reading with a single SELECT (tags folded in with ``group_concat``) keeps listing, paging and
exporting fast on large journals: no per-row queries, no ORM objects for read-only rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, delete, exists, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from wallwatch.domain.calendar import day_number, offset_minutes
from wallwatch.domain.model import Moment, MomentDraft, TagKind
from wallwatch.domain.query import MomentFilter
from wallwatch.store.database import CASEFOLD_SQL_FUNCTION
from wallwatch.store.people import NotFound, PersonRepository, TagRepository
from wallwatch.store.schema import MomentRow, MomentTagRow, PersonRow, TagRow
from wallwatch.store.timefmt import to_utc_text
from wallwatch.store.view_rows import (  # re-exported: readers and the export use them
    KIND_SEPARATOR as KIND_SEPARATOR,
)
from wallwatch.store.view_rows import TAG_SEPARATOR as TAG_SEPARATOR
from wallwatch.store.view_rows import moment_from_view as moment_from_view
from wallwatch.store.view_rows import split_tags as split_tags


def _all_tags() -> Any:
    """Every tag of the moment in one correlated subquery (one index search per moment, where a
    subquery per kind took three: the largest cost of reading many moments)."""
    mt = aliased(MomentTagRow)
    t = aliased(TagRow)
    return (
        select(func.group_concat(t.kind + literal(KIND_SEPARATOR) + t.name, literal(TAG_SEPARATOR)))
        .select_from(mt)
        .join(t, t.id == mt.tag_id)
        .where(mt.moment_id == MomentRow.id)
        .scalar_subquery()
    )


def view_columns(person: Any, tags: Any) -> tuple[Any, ...]:
    """A moment's columns in the order every reader (``moment_from_view``) expects, with
    ``person`` and ``tags`` in their places (names for ``moment_view``, ids for the export)."""
    return (
        MomentRow.id,
        MomentRow.occurred_utc,
        MomentRow.utc_offset_min,
        MomentRow.recorded_utc,
        MomentRow.edited_utc,
        MomentRow.direction,
        MomentRow.intensity,
        person,
        tags,
        MomentRow.wanted_closeness,
        MomentRow.loneliness,
        MomentRow.resentment,
        MomentRow.connection,
        MomentRow.note,
        MomentRow.wish,
    )


def moment_view() -> Select[Any]:
    """One row per moment with its person and tags: the shape every reader uses.

    EXPLAIN QUERY PLAN, newest first (History's first page)::

        SCAN moment USING INDEX ix_moment_occurred
        SEARCH person USING INTEGER PRIMARY KEY (rowid=?) LEFT-JOIN
        CORRELATED SCALAR SUBQUERY 1
        SEARCH mt USING COVERING INDEX sqlite_autoindex_moment_tag_1 (moment_id=?)
        SEARCH t USING INTEGER PRIMARY KEY (rowid=?)
        USE TEMP B-TREE FOR RIGHT PART OF ORDER BY
    """
    return select(*view_columns(PersonRow.name, _all_tags())).outerjoin(
        PersonRow, PersonRow.id == MomentRow.person_id
    )


def apply_filter(stmt: Select[Any], f: MomentFilter) -> Select[Any]:
    if f.since is not None:
        stmt = stmt.where(MomentRow.local_day >= day_number(f.since))
    if f.until is not None:
        stmt = stmt.where(MomentRow.local_day <= day_number(f.until))
    if f.direction is not None:
        stmt = stmt.where(MomentRow.direction == f.direction.value)
    if f.person:
        stmt = stmt.where(
            MomentRow.person_id.in_(select(PersonRow.id).where(PersonRow.name == f.person.strip()))
        )
    if f.fear:
        mt = aliased(MomentTagRow)
        t = aliased(TagRow)
        stmt = stmt.where(
            exists()
            .where(mt.moment_id == MomentRow.id, t.id == mt.tag_id)
            .where(t.kind == TagKind.FEAR.value, t.name == f.fear.strip())
        )
    if f.text:
        # instr() is case-sensitive and SQLite's lower() folds ASCII only, so both sides are
        # folded with Python's casefold (registered on every connection by the database).
        needle = f.text.strip().casefold()
        fold = getattr(func, CASEFOLD_SQL_FUNCTION)
        stmt = stmt.where(
            or_(
                func.instr(fold(MomentRow.note), needle) > 0,
                func.instr(fold(MomentRow.wish), needle) > 0,
            )
        )
    return stmt


def _now_utc() -> datetime:
    return datetime.now(UTC)


class MomentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.people = PersonRepository(session)
        self.tags = TagRepository(session)

    # -- writing ---------------------------------------------------------------------------
    def add(
        self,
        draft: MomentDraft,
        *,
        moment_id: uuid.UUID | None = None,
        recorded_at: datetime | None = None,
        edited_at: datetime | None = None,
    ) -> uuid.UUID:
        now = _now_utc()
        row = MomentRow(id=str(moment_id or uuid.uuid4()))
        row.recorded_utc = to_utc_text(recorded_at or now)
        row.edited_utc = to_utc_text(edited_at or recorded_at or now)
        self._fill(row, draft)
        self.session.add(row)
        self.session.flush()
        return uuid.UUID(row.id)

    def update(
        self, moment_id: uuid.UUID, draft: MomentDraft, *, edited_at: datetime | None = None
    ) -> None:
        row = self.session.get(MomentRow, str(moment_id))
        if row is None:
            raise NotFound(f"no moment with id {moment_id}")
        self._fill(row, draft)
        row.edited_utc = to_utc_text(edited_at or _now_utc())
        self.session.flush()

    def delete(self, ids: Sequence[uuid.UUID]) -> int:
        keys = [str(i) for i in ids]
        if not keys:
            return 0
        result = self.session.execute(delete(MomentRow).where(MomentRow.id.in_(keys)))
        return int(getattr(result, "rowcount", 0) or 0)

    def _fill(self, row: MomentRow, d: MomentDraft) -> None:
        local = d.occurred_at
        row.occurred_utc = to_utc_text(local)
        row.utc_offset_min = offset_minutes(local)
        row.local_day = day_number(local.date())
        row.local_hour = local.hour
        row.local_weekday = local.weekday()
        row.direction = d.direction.value
        row.intensity = d.intensity
        row.person_id = self.people.get_or_create(d.person).id if d.person else None
        row.wanted_closeness = d.wanted_closeness.value if d.wanted_closeness else None
        row.loneliness = d.loneliness
        row.resentment = d.resentment
        row.connection = d.connection
        row.note = d.note
        row.wish = d.wish
        tag_rows = (
            self.tags.resolve(TagKind.FEAR, d.fears)
            + self.tags.resolve(TagKind.BEHAVIOUR, d.behaviours, d.direction)
            + self.tags.resolve(TagKind.BODY, d.body_signals)
        )
        wanted = {t.id for t in tag_rows}
        row.tag_links = [link for link in row.tag_links if link.tag_id in wanted]
        have = {link.tag_id for link in row.tag_links}
        for tag in tag_rows:
            if tag.id not in have:
                row.tag_links.append(MomentTagRow(tag_id=tag.id))

    # -- reading ---------------------------------------------------------------------------
    def get(self, moment_id: uuid.UUID) -> Moment | None:
        row = self.session.execute(moment_view().where(MomentRow.id == str(moment_id))).first()
        return moment_from_view(row) if row else None

    def get_many(self, ids: Sequence[uuid.UUID]) -> list[Moment]:
        keys = [str(i) for i in ids]
        rows = self.session.execute(moment_view().where(MomentRow.id.in_(keys))).all()
        by_id = {r[0]: moment_from_view(r) for r in rows}
        return [by_id[k] for k in keys if k in by_id]

    def existing_ids(self, ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            found.update(self.session.scalars(select(MomentRow.id).where(MomentRow.id.in_(chunk))))
        return found

    def query(
        self,
        f: MomentFilter = MomentFilter(),
        *,
        limit: int | None = None,
        offset: int = 0,
        newest_first: bool = True,
    ) -> list[Moment]:
        order = (
            (MomentRow.occurred_utc.desc(), MomentRow.id.desc())
            if newest_first
            else (MomentRow.occurred_utc, MomentRow.id)
        )
        stmt = apply_filter(moment_view(), f).order_by(*order).offset(offset)
        if limit is not None:
            stmt = stmt.limit(limit)
        return [moment_from_view(r) for r in self.session.execute(stmt)]

    def count(self, f: MomentFilter = MomentFilter()) -> int:
        stmt = apply_filter(select(func.count()).select_from(MomentRow), f)
        return int(self.session.execute(stmt).scalar_one())

    def any(self) -> bool:
        return self.session.execute(select(MomentRow.id).limit(1)).first() is not None

    def stream(self, f: MomentFilter = MomentFilter(), batch: int = 2000) -> Iterator[Moment]:
        """Every matching moment, oldest first, without holding them all in memory."""
        for row in self.stream_rows(f, batch):
            yield moment_from_view(row)

    def stream_rows(
        self, f: MomentFilter = MomentFilter(), batch: int = 2000
    ) -> Iterator[Sequence[Any]]:
        """Like :meth:`stream`, as the raw rows of :func:`moment_view` (for exporting a million
        rows without building a ``Moment`` and its datetimes for each)."""
        stmt = apply_filter(moment_view(), f).order_by(MomentRow.occurred_utc, MomentRow.id)
        # Through the session's Core connection: plain rows, without the ORM's result layer.
        yield from self.session.connection().execute(stmt.execution_options(yield_per=batch))

    def ids_starting_with(self, prefix: str, limit: int = 2) -> list[uuid.UUID]:
        stmt = (
            select(MomentRow.id)
            .where(MomentRow.id >= prefix, MomentRow.id < prefix + "\uffff")
            .limit(limit)
        )
        return [uuid.UUID(i) for i in self.session.scalars(stmt)]

    def day_span(self) -> tuple[int, int] | None:
        lo, hi = self.session.execute(
            select(func.min(MomentRow.local_day), func.max(MomentRow.local_day))
        ).one()
        return None if lo is None else (int(lo), int(hi))


__all__ = [
    "KIND_SEPARATOR",
    "TAG_SEPARATOR",
    "MomentRepository",
    "apply_filter",
    "moment_from_view",
    "moment_view",
    "split_tags",
]
