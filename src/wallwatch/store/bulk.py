"""Writing many moments at once: the fast path for CSV import, the demo and benchmark journals.

``MomentRepository.add`` is right for the one moment a person saves: it looks the person and
every tag up by name and flushes the ORM session, about a millisecond a moment. Here names are
resolved through name -> id maps read once, new people and tags are inserted the first time they
are seen, and moments go to SQLite in ``executemany`` batches of Core inserts, all inside the
caller's one transaction. What ends up stored is exactly what ``add`` would store.
"""

from __future__ import annotations

import string
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Select, bindparam, exists, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from wallwatch.domain.calendar import EPOCH
from wallwatch.domain.model import Direction, MomentDraft, TagKind
from wallwatch.store.schema import Base, MomentRow, MomentTagRow, PersonRow, TagRow
from wallwatch.store.timefmt import to_utc_text

DEFAULT_BATCH = 5000
# SQLite pages kept in memory while writing (KiB, as a negative cache_size): random ids land
# all over the moment and tag-link indexes, and a bigger cache keeps those pages from spilling.
BULK_CACHE_KIB = 64 * 1024
# With sort_links (a load into an empty journal, typically a whole export restored), enough for
# the moment id index of a million moments to stay in memory; pages are only taken as needed.
LOAD_CACHE_KIB = 256 * 1024

# The order of the values in each queued row.
MOMENT_COLUMNS = (
    "id",
    "occurred_utc",
    "utc_offset_min",
    "local_day",
    "local_hour",
    "local_weekday",
    "recorded_utc",
    "edited_utc",
    "direction",
    "intensity",
    "person_id",
    "wanted_closeness",
    "loneliness",
    "resentment",
    "connection",
    "note",
    "wish",
)
LINK_COLUMNS = ("moment_id", "tag_id")

_ASCII_FOLD = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_EPOCH_ORDINAL = EPOCH.toordinal()


def name_key(name: str) -> str:
    """How SQLite's NOCASE compares names: spaces around them removed, ASCII letters folded."""
    return name.strip().translate(_ASCII_FOLD)


class RowRefused(ValueError):
    """SQLite refused a queued moment (e.g. its id is already stored); raised only by a writer
    made with ``sort_links``, whose caller then falls back to a path that can say why."""


def has_moments(session: Session) -> bool:
    return bool(session.execute(select(exists().where(MomentRow.id.is_not(None)))).scalar())


@dataclass(frozen=True, slots=True)
class NewMoment:
    """A moment to store as it is: its id and, when known, when it was recorded and edited."""

    draft: MomentDraft
    moment_id: uuid.UUID
    recorded_at: datetime | None = None
    edited_at: datetime | None = None


def _insert_sql(conn: Connection, model: type[Base], columns: tuple[str, ...]) -> str:
    """A Core insert compiled once, so each batch is one plain ``executemany`` of tuples
    (building and checking a parameter dict per row would cost more than SQLite's insert)."""
    table = model.__tablename__
    stmt = insert(model).values({name: bindparam(name) for name in columns})
    compiled = stmt.compile(dialect=conn.dialect)
    if tuple(compiled.positiontup or ()) != columns:
        raise RuntimeError(f"unexpected parameter order for {table}")
    return str(compiled)


class BulkMomentWriter:
    """Queues new moments and writes them in batches; :meth:`close` it (or use ``with``).

    Names are matched the way the journal matches them (NOCASE), so "sam" finds "Sam". The maps
    are read when the writer is made; a name they miss is looked up before it is created, so
    people and tags added meanwhile (by an ORM update, say) are reused, but none may be renamed
    while the writer is in use. Ids must be new to the journal (SQLite refuses a repeat).

    ``sort_links`` is for loading many moments at once (an import into an empty journal): tag
    links are held back and written sorted at :meth:`close`, a bigger page cache is used, and
    a refused moment raises :class:`RowRefused`.
    """

    def __init__(
        self, session: Session, *, batch_size: int = DEFAULT_BATCH, sort_links: bool = False
    ) -> None:
        session.flush()  # anything the session still holds must be visible to the maps
        self._conn: Connection = session.connection()
        self._batch = max(1, batch_size)
        self._now_text = to_utc_text(datetime.now(UTC))
        self._moments: list[tuple[Any, ...]] = []
        self._links: list[tuple[str, int]] = []
        self._insert_moment = _insert_sql(self._conn, MomentRow, MOMENT_COLUMNS)
        self._insert_link = _insert_sql(self._conn, MomentTagRow, LINK_COLUMNS)
        self.written = 0
        self._people = {
            name_key(name): pid
            for pid, name in self._conn.execute(select(PersonRow.id, PersonRow.name))
        }
        self._tags: dict[tuple[str, str], int] = {
            (kind, name_key(name)): tid
            for tid, kind, name in self._conn.execute(select(TagRow.id, TagRow.kind, TagRow.name))
        }
        # The same spellings come back moment after moment: remember them as they were written.
        self._seen_people: dict[str, int] = {}
        self._seen_tags: dict[tuple[TagKind, str], int] = {}
        self._cache_before: int | None = int(
            self._conn.exec_driver_sql("PRAGMA cache_size").scalar_one()
        )
        cache_kib = LOAD_CACHE_KIB if sort_links else BULK_CACHE_KIB
        self._conn.exec_driver_sql(f"PRAGMA cache_size = -{cache_kib}")
        self._staged = _LinkStage(self._conn) if sort_links else None

    def __enter__(self) -> BulkMomentWriter:
        return self

    def __exit__(self, exc_type: object, *_exc: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self._restore_cache()

    def close(self) -> None:
        """Write what is still queued and give the connection back its usual page cache."""
        try:
            self.flush()
            if self._staged is not None:
                self._staged.move_sorted()
        finally:
            self._restore_cache()

    @property
    def now_text(self) -> str:
        """The stored time given to moments queued without a recorded time."""
        return self._now_text

    def _restore_cache(self) -> None:
        # On an error the caller's rollback also removes the staging table.
        if self._cache_before is not None:
            self._conn.exec_driver_sql(f"PRAGMA cache_size = {self._cache_before}")
            self._cache_before = None

    # -- names -------------------------------------------------------------------------------
    def person_id(self, name: str) -> int:
        """The id of the person called ``name``, created (as "other") the first time."""
        found = self._seen_people.get(name)
        if found is not None:
            return found
        key = name_key(name)
        found = self._people.get(key)
        if found is None:
            found = self._find(select(PersonRow.id), PersonRow.name, name)
            if found is None:
                person = insert(PersonRow).values(
                    name=name.strip(), kind="other", safe=False, hidden=False
                )
                found = int(self._conn.execute(person).lastrowid)
            self._people[key] = found
        self._seen_people[name] = found
        return found

    def tag_id(self, kind: TagKind, name: str, direction: Direction | None = None) -> int:
        """The id of a tag, created the first time; a new behaviour leans to ``direction``."""
        found = self._seen_tags.get((kind, name))
        if found is not None:
            return found
        key = (kind.value, name_key(name))
        found = self._tags.get(key)
        if found is None:
            found = self._find(
                select(TagRow.id).where(TagRow.kind == kind.value), TagRow.name, name
            )
            if found is None:
                lean = direction.value if direction and kind is TagKind.BEHAVIOUR else None
                tag = insert(TagRow).values(
                    kind=kind.value, name=name.strip(), direction=lean, hidden=False
                )
                found = int(self._conn.execute(tag).lastrowid)
            self._tags[key] = found
        self._seen_tags[(kind, name)] = found
        return found

    def _find(self, stmt: Select[Any], column: Any, name: str) -> int | None:
        # Someone else in this transaction (an ORM update, say) may have added the name since
        # the maps were read. The column is NOCASE, so this matches as the maps do.
        found = self._conn.execute(stmt.where(column == name.strip())).scalar()
        return None if found is None else int(found)

    # -- moments -----------------------------------------------------------------------------
    def add(
        self,
        draft: MomentDraft,
        *,
        moment_id: uuid.UUID | None = None,
        recorded_at: datetime | None = None,
        edited_at: datetime | None = None,
    ) -> uuid.UUID:
        """Queue one new moment (validated by the caller); returns its id."""
        mid = moment_id or uuid.uuid4()
        values = self.row_values(draft, mid, recorded_at, edited_at)
        self.add_values(values, self.tag_ids(draft))
        return mid

    def row_values(
        self,
        draft: MomentDraft,
        moment_id: uuid.UUID,
        recorded_at: datetime | None = None,
        edited_at: datetime | None = None,
    ) -> tuple[Any, ...]:
        """The stored ``moment`` row (``MOMENT_COLUMNS`` order); creates the person if new."""
        local = draft.occurred_at
        offset = local.utcoffset()
        if offset is None:
            raise ValueError("times must be timezone-aware")
        recorded = to_utc_text(recorded_at) if recorded_at is not None else self._now_text
        edited = to_utc_text(edited_at) if edited_at is not None else recorded
        wanted = draft.wanted_closeness
        return (
            str(moment_id),
            to_utc_text(local),
            int(offset.total_seconds() // 60),
            local.toordinal() - _EPOCH_ORDINAL,
            local.hour,
            local.weekday(),
            recorded,
            edited,
            draft.direction.value,
            draft.intensity,
            self.person_id(draft.person) if draft.person else None,
            wanted.value if wanted else None,
            draft.loneliness,
            draft.resentment,
            draft.connection,
            draft.note,
            draft.wish,
        )

    def tag_ids(self, draft: MomentDraft) -> list[int]:
        """The ids of the moment's tags without repeats, in order; creates tags seen first."""
        seen: set[int] = set()
        ids: list[int] = []
        for kind, names in (
            (TagKind.FEAR, draft.fears),
            (TagKind.BEHAVIOUR, draft.behaviours),
            (TagKind.BODY, draft.body_signals),
        ):
            for name in names:
                tid = self.tag_id(kind, name, draft.direction)
                if tid not in seen:
                    seen.add(tid)
                    ids.append(tid)
        return ids

    def add_values(self, values: tuple[Any, ...], tag_ids: Sequence[int]) -> None:
        """Queue a moment row built by :meth:`row_values` (or the same way) and its tag links."""
        self._moments.append(values)
        key = values[0]
        self._links.extend([(key, tid) for tid in tag_ids])
        if len(self._moments) >= self._batch:
            self.flush()

    def add_all(self, moments: Iterable[NewMoment]) -> int:
        """Queue many moments; returns how many."""
        n = 0
        for m in moments:
            self.add(
                m.draft, moment_id=m.moment_id, recorded_at=m.recorded_at, edited_at=m.edited_at
            )
            n += 1
        return n

    def flush(self) -> None:
        """Write what is queued (still inside the caller's transaction)."""
        if self._moments:
            try:
                self._conn.exec_driver_sql(self._insert_moment, self._moments)
            except IntegrityError as exc:
                if self._staged is None:
                    raise
                raise RowRefused(str(exc.orig)) from exc
            self.written += len(self._moments)
            self._moments = []
        if self._links:
            if self._staged is not None:
                self._staged.add(self._links)
            else:
                self._conn.exec_driver_sql(self._insert_link, self._links)
            self._links = []


class _LinkStage:
    """Tag links held in a TEMP table, then written to ``moment_tag`` sorted by its key.

    Moment ids are random, so links written in file order land all over the ``moment_tag``
    primary key: past a few hundred thousand moments, that index outgrows the page cache and
    every link costs a disk page. Sorted, the same rows are appended (several times faster).
    Only moment and tag ids pass through the temporary table. When ``moment_tag`` starts
    empty, its secondary indexes are dropped for the load and made again from their stored
    SQL (one sort each instead of a B-tree insert per link); DDL is part of the transaction,
    so a rollback brings them back too.
    """

    TABLE = "temp.wallwatch_bulk_links"

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {self.TABLE}")
        conn.exec_driver_sql(
            f"CREATE TABLE {self.TABLE} (moment_id TEXT NOT NULL, tag_id INTEGER NOT NULL)"
        )
        self._insert = f"INSERT INTO {self.TABLE} (moment_id, tag_id) VALUES (?, ?)"
        empty = conn.exec_driver_sql("SELECT NOT EXISTS (SELECT 1 FROM main.moment_tag)")
        self._rebuild: list[tuple[str, str]] = (
            [
                (str(name), str(sql))
                for name, sql in conn.exec_driver_sql(
                    "SELECT name, sql FROM main.sqlite_master "
                    "WHERE type = 'index' AND tbl_name = 'moment_tag' AND sql IS NOT NULL"
                )
            ]
            if empty.scalar()
            else []
        )

    def add(self, links: list[tuple[str, int]]) -> None:
        self._conn.exec_driver_sql(self._insert, links)

    def move_sorted(self) -> None:
        for name, _sql in self._rebuild:
            self._conn.exec_driver_sql(f'DROP INDEX main."{name}"')
        self._conn.exec_driver_sql(
            "INSERT INTO main.moment_tag (moment_id, tag_id) "
            f"SELECT moment_id, tag_id FROM {self.TABLE} ORDER BY moment_id, tag_id"
        )
        for _name, sql in self._rebuild:
            self._conn.exec_driver_sql(sql)
        self.drop()

    def drop(self) -> None:
        self._conn.exec_driver_sql(f"DROP TABLE IF EXISTS {self.TABLE}")


def add_moments(
    session: Session, moments: Iterable[NewMoment], *, batch_size: int = DEFAULT_BATCH
) -> int:
    """Store many new moments in the session's transaction; returns how many were written."""
    with BulkMomentWriter(session, batch_size=batch_size) as writer:
        writer.add_all(moments)
    return writer.written


__all__ = [
    "DEFAULT_BATCH",
    "BulkMomentWriter",
    "NewMoment",
    "RowRefused",
    "add_moments",
    "has_moments",
    "name_key",
]
