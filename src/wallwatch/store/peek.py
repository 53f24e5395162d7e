"""A read-only look at a journal with the standard library's ``sqlite3``, for the first screen.

Loading SQLAlchemy takes about a third of a second; the Log's first screen (today's moments, the
people and tag pickers) needs five small queries. The app shows that screen from here while the
full journal opens on a worker thread. The SQL mirrors the repositories' statements
(``moment_view``, ``PersonRepository.usage``, ``TagRepository.usage``…) and a test holds the
results of the two paths equal. Anything unusual — no file yet, an encrypted, older, newer or
foreign file, a file SQLite will not open read-only — gives ``None``: the full path then opens
(and explains) it as always. Nothing here writes a byte, beside the file either. The first
screen stops reading here once the full journal starts opening (see ``FirstScreen.seal``), so an
"immutable" read never overlaps that connection's writes.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from wallwatch.domain.model import Direction, Moment, Person, RelationshipKind, Tag, TagKind
from wallwatch.store.constants import APPLICATION_ID, HEAD_REVISION
from wallwatch.store.identity import FileKind, file_kind
from wallwatch.store.view_rows import KIND_SEPARATOR, TAG_SEPARATOR, moment_from_view

# Must equal wallwatch.store.people.USAGE_WINDOW (a test checks).
USAGE_WINDOW = 2000

_RECENT = (
    "(SELECT moment.id AS id, moment.occurred_utc AS occurred_utc, "
    "moment.person_id AS person_id FROM moment "
    "ORDER BY moment.occurred_utc DESC LIMIT :window) AS recent"
)

MOMENTS_ON_DAYS = (
    "SELECT moment.id, moment.occurred_utc, moment.utc_offset_min, moment.recorded_utc, "
    "moment.edited_utc, moment.direction, moment.intensity, person.name, "
    "(SELECT group_concat(t.kind || :kind_sep || t.name, :tag_sep) FROM moment_tag AS mt "
    "JOIN tag AS t ON t.id = mt.tag_id WHERE mt.moment_id = moment.id), "
    "moment.wanted_closeness, moment.loneliness, moment.resentment, moment.connection, "
    "moment.note, moment.wish "
    "FROM moment LEFT OUTER JOIN person ON person.id = moment.person_id "
    "WHERE moment.local_day >= :first AND moment.local_day <= :last "
    "ORDER BY moment.occurred_utc DESC, moment.id DESC"
)
ANY_MOMENT = "SELECT moment.id FROM moment LIMIT 1"
PEOPLE = "SELECT id, name, kind, safe, hidden FROM person WHERE hidden IS 0 ORDER BY name"
PEOPLE_USAGE = (
    f"SELECT person.name, count(*) FROM {_RECENT} "
    "JOIN person ON person.id = recent.person_id GROUP BY person.id"
)
TAGS = (
    "SELECT id, kind, name, direction, hidden FROM tag "
    "WHERE tag.kind = :kind AND tag.hidden IS 0 ORDER BY tag.kind, tag.id"
)
# Every kind at once (the Log asks for three kinds, behaviours twice): filtering the rows by kind
# keeps each kind's order, which is the per-kind statement's.
TAG_USAGE = (
    "SELECT tag.kind, tag.name, coalesce(used.times, 0) AS times, used.last FROM tag "
    "LEFT OUTER JOIN "
    "(SELECT moment_tag.tag_id AS tag_id, count(*) AS times, "
    f"max(recent.occurred_utc) AS last FROM {_RECENT} "
    "JOIN moment_tag ON moment_tag.moment_id = (recent.id || '') "
    "GROUP BY moment_tag.tag_id) AS used ON used.tag_id = tag.id "
    "WHERE tag.hidden IS 0 ORDER BY times DESC, tag.id"
)
JOURNAL_KIND = "SELECT value FROM meta WHERE key = 'journal_kind'"
SETTING = "SELECT value FROM setting WHERE key = :key"


class JournalPeek:
    """Reads the first screen's data from a journal file opened read-only."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._usage: list[tuple[str, str, int, str | None]] | None = None
        self._tags: dict[TagKind, list[Tag]] = {}

    def close(self) -> None:
        self._conn.close()

    def journal_kind(self) -> str | None:
        row = self._conn.execute(JOURNAL_KIND).fetchone()
        return str(row[0]) if row is not None and row[0] is not None else None

    def setting(self, key: str) -> str | None:
        """The stored text of one setting; ``None`` when it was never set."""
        row = self._conn.execute(SETTING, {"key": key}).fetchone()
        return str(row[0]) if row is not None and row[0] is not None else None

    def any_moment(self) -> bool:
        return self._conn.execute(ANY_MOMENT).fetchone() is not None

    def moments_between(self, first_day: int, last_day: int) -> list[Moment]:
        """Moments whose local day number is in [first_day, last_day], newest first."""
        params = {
            "kind_sep": KIND_SEPARATOR,
            "tag_sep": TAG_SEPARATOR,
            "first": first_day,
            "last": last_day,
        }
        return [moment_from_view(r) for r in self._conn.execute(MOMENTS_ON_DAYS, params)]

    def people(self) -> list[Person]:
        return [
            Person(name=n, kind=RelationshipKind(k), safe=bool(s), hidden=bool(h), id=i)
            for i, n, k, s, h in self._conn.execute(PEOPLE)
        ]

    def people_usage(self) -> dict[str, int]:
        rows = self._conn.execute(PEOPLE_USAGE, {"window": USAGE_WINDOW})
        return {name: int(n) for name, n in rows}

    def tags(self, kind: TagKind) -> list[Tag]:
        if kind not in self._tags:
            self._tags[kind] = self._read_tags(kind)
        return list(self._tags[kind])

    def _read_tags(self, kind: TagKind) -> list[Tag]:
        return [
            Tag(
                kind=TagKind(k),
                name=n,
                direction=Direction(d) if d else None,
                hidden=bool(h),
                id=i,
            )
            for i, k, n, d, h in self._conn.execute(TAGS, {"kind": kind.value})
        ]

    def tag_usage(self, kind: TagKind) -> list[tuple[str, int, str | None]]:
        """(name, times used, when last used) per visible tag of ``kind``, as
        ``TagRepository.usage`` gives them."""
        if self._usage is None:
            rows = self._conn.execute(TAG_USAGE, {"window": USAGE_WINDOW})
            self._usage = [(k, n, int(c), last) for k, n, c, last in rows]
        return [(n, c, last) for k, n, c, last in self._usage if k == kind.value]


def open_peek(path: Path) -> JournalPeek | None:
    """A read-only look at the plain journal at ``path`` when it is at the current schema;
    ``None`` for anything the full path should handle (and explain)."""
    try:
        if file_kind(path) is not FileKind.PLAIN:
            return None
        # As identity.read_revision: with no WAL file, everything is in the main file and
        # "immutable" reads it without creating -wal/-shm files beside it.
        wal = path.with_name(path.name + "-wal")
        mode = "ro" if wal.exists() else "ro&immutable=1"
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode={mode}", uri=True)
    except (OSError, sqlite3.Error, ValueError):
        return None
    try:
        conn.execute("PRAGMA query_only = 1")
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if app_id != APPLICATION_ID or revision is None or revision[0] != HEAD_REVISION:
            conn.close()
            return None
    except sqlite3.Error:
        with contextlib.suppress(sqlite3.Error):
            conn.close()
        return None
    return JournalPeek(conn)
