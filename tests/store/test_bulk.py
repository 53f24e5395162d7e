"""The bulk path stores exactly what MomentRepository.add stores, with a few statements a batch."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from wallwatch.domain.model import Direction, MomentDraft, Person, TagKind, WantedCloseness
from wallwatch.store import Database, DatabaseError, open_database
from wallwatch.store.bulk import BulkMomentWriter, NewMoment, add_moments, name_key
from wallwatch.store.moments import MomentRepository
from wallwatch.store.people import PersonRepository, TagRepository

PLUS2 = timezone(timedelta(hours=2))
MINUS_430 = timezone(-timedelta(hours=4, minutes=30))
RECORDED = datetime(2024, 5, 9, 8, 0, 0, 250, tzinfo=UTC)


def _open(path: Path) -> Iterator[Database]:
    db = open_database(path)
    try:
        yield db
    finally:
        db.close()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    yield from _open(tmp_path / "bulk" / "j.sqlite3")


@pytest.fixture
def reference(tmp_path: Path) -> Iterator[Database]:
    yield from _open(tmp_path / "reference" / "j.sqlite3")


def _moments() -> list[NewMoment]:
    """Every kind of field: new and existing names in other cases, repeats, no person, edits."""
    drafts = [
        MomentDraft(
            datetime(2024, 5, 6, 21, 30, 0, 123456, tzinfo=PLUS2),
            Direction.WITHDREW,
            4,
            person="Sam",
            fears=("REJECTION / Abandonment", "brand new fear", "Brand New Fear"),
            behaviours=("went silent", "stared at the wall"),
            body_signals=("tight chest",),
            wanted_closeness=WantedCloseness.YES,
            loneliness=9,
            resentment=0,
            note="first\nsecond line",
            wish="say it",
        ),
        MomentDraft(
            datetime(2024, 5, 7, 0, 5, tzinfo=MINUS_430),
            Direction.OPENED,
            1,
            person="  sam ",
            behaviours=("Stared at the wall", "asked for support", "hummed a tune"),
            connection=10,
        ),
        MomentDraft(datetime(1999, 12, 31, 23, 59, tzinfo=UTC), Direction.OPENED, note="=1+1"),
        MomentDraft(
            datetime(2024, 5, 8, 12, 0, tzinfo=PLUS2),
            Direction.WITHDREW,
            person="Émile",
            fears=("hidden fear",),
            body_signals=("Numbness", "buzzing"),
        ),
    ]
    ids = [uuid.UUID(int=i * 7919 + 1, version=4) for i in range(len(drafts))]
    edited = [None, RECORDED + timedelta(days=2), None, RECORDED]
    recorded = [RECORDED, RECORDED, RECORDED - timedelta(days=9000), RECORDED]
    return [NewMoment(d, i, r, e) for d, i, r, e in zip(drafts, ids, recorded, edited, strict=True)]


def _prepare(db: Database) -> None:
    """What both journals hold before: a person, and a fear that is hidden."""
    with db.transaction() as s:
        PersonRepository(s).add(Person("Sam"))
        tags = TagRepository(s)
        tags.resolve(TagKind.FEAR, ["hidden fear"])
        tags.set_hidden(TagKind.FEAR, "hidden fear", True)


def _contents(db: Database) -> tuple[Any, ...]:
    with sqlite3.connect(db.path) as raw:
        moments = raw.execute("SELECT * FROM moment ORDER BY id").fetchall()
        people = raw.execute(
            "SELECT id, name, kind, safe, hidden FROM person ORDER BY id"
        ).fetchall()
        tags = raw.execute("SELECT * FROM tag ORDER BY id").fetchall()
        links = raw.execute("SELECT * FROM moment_tag ORDER BY moment_id, tag_id").fetchall()
    raw.close()
    return moments, people, tags, links


def test_bulk_stores_exactly_what_add_stores(db: Database, reference: Database) -> None:
    for journal in (db, reference):
        _prepare(journal)
    with reference.transaction() as s:
        repo = MomentRepository(s)
        for m in _moments():
            repo.add(
                m.draft, moment_id=m.moment_id, recorded_at=m.recorded_at, edited_at=m.edited_at
            )
    with db.transaction() as s:
        assert add_moments(s, _moments(), batch_size=3) == 4
    assert _contents(db) == _contents(reference)
    with db.reading() as s:
        stored = MomentRepository(s).get(_moments()[0].moment_id)
    assert stored is not None
    assert stored.fears == ("brand new fear", "rejection / abandonment")  # journal's spelling
    assert stored.person == "Sam"


def test_a_moment_without_recorded_time_is_recorded_now(db: Database) -> None:
    draft = MomentDraft(datetime(2024, 5, 6, 21, 30, tzinfo=PLUS2), Direction.OPENED)
    with db.transaction() as s, BulkMomentWriter(s) as writer:
        new_id = writer.add(draft)
    with db.reading() as s:
        m = MomentRepository(s).get(new_id)
    assert m is not None
    assert m.recorded_at == m.edited_at
    assert abs(m.recorded_at - datetime.now(UTC)) < timedelta(minutes=5)


def test_names_added_by_the_orm_meanwhile_are_reused_not_duplicated(db: Database) -> None:
    draft = MomentDraft(
        datetime(2024, 5, 6, 21, 30, tzinfo=PLUS2), Direction.WITHDREW, person="NOOR",
        fears=("Late Fear",),
    )  # fmt: skip
    with db.transaction() as s:
        writer = BulkMomentWriter(s)
        PersonRepository(s).get_or_create("Noor")
        TagRepository(s).resolve(TagKind.FEAR, ["late fear"])
        writer.add(draft)
        writer.close()
    with db.reading() as s:
        assert [p.name for p in PersonRepository(s).all()] == ["Noor"]
        assert [t.name for t in TagRepository(s).all(TagKind.FEAR) if "late" in t.name] == [
            "late fear"
        ]


def test_writing_a_thousand_moments_takes_a_handful_of_statements(db: Database) -> None:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, sql: str, *_rest: Any) -> None:
        statements.append(sql)

    moments = [
        NewMoment(
            MomentDraft(
                datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=i),
                Direction.WITHDREW,
                person=f"Person {i % 5}",
                fears=("past hurt",),
                behaviours=("went silent", "left early"),
            ),
            uuid.UUID(int=i + 1, version=4),
            RECORDED,
        )
        for i in range(1000)
    ]
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with db.transaction() as s:
            assert add_moments(s, moments, batch_size=400) == 1000
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    inserts = [sql for sql in statements if sql.startswith("INSERT INTO moment")]
    # Three batches of moments and three of tag links; five new people; no lookups per row.
    assert len(inserts) == 6
    assert len(statements) < 25
    with db.reading() as s:
        assert MomentRepository(s).count() == 1000


def test_a_failure_writes_nothing_and_gives_the_cache_back(db: Database) -> None:
    moments = _moments()
    with db.transaction() as s:
        add_moments(s, moments[:1])
    with pytest.raises(DatabaseError), db.transaction() as s:
        add_moments(s, [moments[1], moments[0]])  # the second repeats an id already stored
    with db.reading() as s:
        assert MomentRepository(s).count() == 1
        assert PersonRepository(s).find("Émile") is None
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar_one() == -2000


def test_name_key_folds_like_nocase() -> None:
    assert name_key("  Émile SAM ") == "Émile sam"
    assert name_key("ÉMILE") != name_key("émile")  # NOCASE folds ASCII letters only
