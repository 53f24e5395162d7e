"""The bulk writer's ``sort_links`` mode (used to import into a journal with no moments) stores
the same rows as its plain mode, and a refused moment leaves nothing behind."""

from __future__ import annotations

import random
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.store import Database, open_database
from wallwatch.store.bulk import BulkMomentWriter, NewMoment, RowRefused, has_moments

TAGS = ["past hurt", "Past Hurt", "new one", "élan", "went silent", "odd;name"]


def _open(path: Path) -> Iterator[Database]:
    db = open_database(path)
    try:
        yield db
    finally:
        db.close()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    yield from _open(tmp_path / "sorted" / "j.sqlite3")


@pytest.fixture
def plain(tmp_path: Path) -> Iterator[Database]:
    yield from _open(tmp_path / "plain" / "j.sqlite3")


def _moments(n: int) -> list[NewMoment]:
    rnd = random.Random(11)
    out = []
    for i in range(n):
        zone = timezone(timedelta(minutes=rnd.choice([0, 60, -270, 345])))
        draft = MomentDraft(
            datetime(2024, 1, 1, tzinfo=zone) + timedelta(hours=7 * i),
            rnd.choice(list(Direction)),
            rnd.randint(1, 5),
            person=rnd.choice([None, "Sam", "sam", "Émile"]),
            fears=tuple(rnd.sample(TAGS, rnd.randint(0, 3))),
            behaviours=tuple(rnd.sample(TAGS, rnd.randint(0, 2))),
            body_signals=tuple(rnd.sample(TAGS, rnd.randint(0, 2))),
        )
        when = datetime(2024, 6, 1, tzinfo=UTC) + timedelta(seconds=i)
        out.append(NewMoment(draft, uuid.UUID(int=rnd.getrandbits(128), version=4), when))
    return out


def _contents(db: Database) -> tuple[Any, ...]:
    raw = sqlite3.connect(db.path)
    try:
        return (
            raw.execute("SELECT rowid, * FROM moment ORDER BY rowid").fetchall(),
            raw.execute("SELECT * FROM person ORDER BY id").fetchall(),
            raw.execute("SELECT * FROM tag ORDER BY id").fetchall(),
            raw.execute("SELECT * FROM moment_tag ORDER BY moment_id, tag_id").fetchall(),
            # The tag-link index is made again after a load into an empty table: same SQL.
            sorted(raw.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")),
        )
    finally:
        raw.close()


def test_sorted_links_store_what_the_plain_writer_stores(db: Database, plain: Database) -> None:
    moments = _moments(300)
    with plain.transaction() as s, BulkMomentWriter(s, batch_size=40) as writer:
        writer.add_all(moments)
    with db.transaction() as s:
        assert not has_moments(s)
        with BulkMomentWriter(s, batch_size=40, sort_links=True) as writer:
            writer.add_all(moments)
        assert has_moments(s)
        temp = s.connection().exec_driver_sql("SELECT name FROM sqlite_temp_master")
        assert temp.fetchall() == []  # the staging table is gone
    assert _contents(db) == _contents(plain)
    links = _contents(db)[3]
    assert len(links) > 300  # the test data does have links to sort


def test_a_refused_moment_rolls_back_with_nothing_left(db: Database) -> None:
    moments = _moments(30)
    before = _contents(db)
    with (
        pytest.raises(RowRefused),
        db.transaction() as s,
        BulkMomentWriter(s, batch_size=100, sort_links=True) as writer,
    ):
        writer.add_all([*moments, moments[4]])  # an id twice
    with db.reading() as s:
        assert not has_moments(s)
    assert _contents(db)[3] == []
    assert _contents(db)[4] == before[4]  # the dropped index came back with the rollback
    # The same connection can import again afterwards (its staging table is gone).
    with db.transaction() as s, BulkMomentWriter(s, sort_links=True) as writer:
        writer.add_all(moments)
    assert len(_contents(db)[0]) == 30


def test_the_plain_writer_still_reports_a_repeated_id_as_a_database_error(db: Database) -> None:
    moments = _moments(3)
    with (
        pytest.raises(Exception) as caught,
        db.transaction() as s,
        BulkMomentWriter(s) as writer,
    ):
        writer.add_all([*moments, moments[0]])
    assert not isinstance(caught.value, RowRefused)


def test_a_failure_after_the_load_brings_the_schema_back(db: Database) -> None:
    before = _contents(db)
    with pytest.raises(RuntimeError), db.transaction() as s:
        with BulkMomentWriter(s, sort_links=True) as writer:
            writer.add_all(_moments(50))
        assert has_moments(s)
        raise RuntimeError("e.g. the backup before import failed")
    assert _contents(db) == before
