"""One transaction per use case: all or nothing, writers queue, a full disk loses nothing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from wallwatch.domain.calendar import day_number, week_start_number
from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.store import Database, DatabaseError, StorageFull, open_database
from wallwatch.store.aggregates import week_bucket
from wallwatch.store.moments import MomentRepository
from wallwatch.store.people import PersonRepository
from wallwatch.store.schema import MomentRow

WHEN = datetime(2024, 5, 6, 18, 0, tzinfo=timezone(timedelta(hours=2)))


@pytest.fixture
def db(journal_path: Path) -> Iterator[Database]:
    database = open_database(journal_path)
    yield database
    database.close()


def _count(path: Path, sql: str) -> int:
    with sqlite3.connect(path) as raw:
        n = int(raw.execute(sql).fetchone()[0])
    raw.close()
    return n


def test_an_error_inside_a_transaction_undoes_every_write(db: Database) -> None:
    tags_before = _count(db.path, "SELECT count(*) FROM tag")
    draft = MomentDraft(
        WHEN, Direction.WITHDREW, person="Zed", fears=("brand new fear",), note="lost"
    )
    with pytest.raises(RuntimeError, match="power cut"), db.transaction() as s:
        MomentRepository(s).add(draft)
        raise RuntimeError("power cut")
    assert _count(db.path, "SELECT count(*) FROM moment") == 0
    assert _count(db.path, "SELECT count(*) FROM person") == 0
    assert _count(db.path, "SELECT count(*) FROM moment_tag") == 0
    assert _count(db.path, "SELECT count(*) FROM tag") == tags_before


def test_a_constraint_failure_rolls_back_what_came_before_it(db: Database) -> None:
    # Validation normally stops this; the database's own CHECK is the last line of defence.
    bad = MomentDraft(WHEN, Direction.OPENED, intensity=9, person="Quinn", fears=("new fear",))
    with pytest.raises(DatabaseError) as info, db.transaction() as s:
        MomentRepository(s).add(MomentDraft(WHEN, Direction.OPENED, note="first, fine"))
        MomentRepository(s).add(bad)
    assert str(db.path) in str(info.value)
    with db.reading() as s:
        assert PersonRepository(s).find("Quinn") is None
    assert _count(db.path, "SELECT count(*) FROM moment") == 0
    assert _count(db.path, "SELECT count(*) FROM tag WHERE name = 'new fear'") == 0


def test_a_committed_transaction_is_visible_to_another_connection(db: Database) -> None:
    with db.transaction() as s:
        MomentRepository(s).add(MomentDraft(WHEN, Direction.OPENED, note="kept"))
    assert _count(db.path, "SELECT count(*) FROM moment WHERE note = 'kept'") == 1


# -- two writers at once ---------------------------------------------------------------------
_WRITER = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.services import open_journal
path, who, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
journal = open_journal(path)
while not go.exists():
    time.sleep(0.001)
for i in range(50):
    journal.moments.record(
        MomentDraft(datetime.now(UTC), Direction.WITHDREW, person=who, note=f"{who} {i}")
    )
journal.close()
"""


def test_two_programs_writing_at_once_both_succeed(db: Database, tmp_path: Path) -> None:
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(db.path), who, str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for who in ("Ana", "Ben")
    ]
    # Hold a read snapshot open meanwhile: readers must not block the writers.
    with db.reading() as s:
        assert MomentRepository(s).count() == 0
        go.touch()
        for proc in writers:
            _out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err.decode()
    assert _count(db.path, "SELECT count(*) FROM moment") == 100
    assert _count(db.path, "SELECT count(*) FROM person") == 2
    with db.reading() as s:
        notes = {m.note for m in MomentRepository(s).query()}
    assert notes == {f"{who} {i}" for who in ("Ana", "Ben") for i in range(50)}


def test_two_threads_writing_through_one_database(db: Database) -> None:
    """One session per thread and use case: both threads' writes all land."""
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def write(who: str) -> None:
        try:
            start.wait()
            for i in range(25):
                with db.transaction() as s:
                    MomentRepository(s).add(
                        # The same new person from both sides: the write lock taken at
                        # BEGIN makes the second writer see the first one's row.
                        MomentDraft(WHEN, Direction.OPENED, person="Sam", note=f"{who} {i}")
                    )
        except BaseException as exc:  # reported below, on the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(who,)) for who in ("Ana", "Ben")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    assert _count(db.path, "SELECT count(*) FROM moment") == 50
    assert _count(db.path, "SELECT count(*) FROM person") == 1


# -- a full disk -----------------------------------------------------------------------------
def _limit_file_size(db: Database, extra_pages: int) -> Any:
    """Let the file grow by ``extra_pages`` pages at most, on every new connection."""
    pages = _count(db.path, "PRAGMA page_count")

    def limit(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + extra_pages}")

    event.listen(db.engine, "connect", limit)
    db.engine.dispose()  # pooled connections were opened without the limit
    return limit


def test_a_full_disk_raises_storage_full_and_keeps_earlier_moments(db: Database) -> None:
    with db.transaction() as s:
        kept = MomentRepository(s).add(MomentDraft(WHEN, Direction.OPENED, note="safe"))
    limit = _limit_file_size(db, extra_pages=8)
    big = "x" * 20_000
    with pytest.raises(StorageFull) as info:
        for _ in range(50):
            with db.transaction() as s:
                MomentRepository(s).add(MomentDraft(WHEN, Direction.WITHDREW, note=big))
    assert "full" in str(info.value)
    assert str(db.path) in str(info.value)
    with db.reading() as s:
        repo = MomentRepository(s)
        saved = repo.get(kept)
        assert saved is not None
        assert saved.note == "safe"
        stored_big = repo.count() - 1
    # Every big note either made it whole or not at all.
    assert _count(db.path, "SELECT count(*) FROM moment WHERE length(note) = 20000") == stored_big
    with sqlite3.connect(db.path) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    raw.close()
    # Once there is room again, the same open journal saves as before.
    event.remove(db.engine, "connect", limit)
    db.engine.dispose()
    with db.transaction() as s:
        MomentRepository(s).add(MomentDraft(WHEN, Direction.OPENED, note="room again"))
    assert _count(db.path, "SELECT count(*) FROM moment WHERE note = 'room again'") == 1


# -- the SQL week formula ---------------------------------------------------------------------
@pytest.mark.parametrize("start_day", range(7))
def test_sql_week_buckets_equal_the_domain_formula(db: Database, start_day: int) -> None:
    """Including days before 1970, where SQLite's % keeps a negative sign."""
    first = date(1969, 11, 20)
    days = [first + timedelta(days=i) for i in range(0, 90, 3)] + [date(1901, 6, 9)]
    with db.transaction() as s:
        repo = MomentRepository(s)
        for d in days:
            repo.add(
                MomentDraft(datetime(d.year, d.month, d.day, 12, tzinfo=UTC), Direction.OPENED)
            )
    with db.reading() as s:
        rows = s.execute(select(MomentRow.local_day, week_bucket(start_day))).all()
    assert len(rows) == len(days)
    assert {r[0] for r in rows} == {day_number(d) for d in days}
    for local_day, bucket in rows:
        assert bucket == week_start_number(local_day, start_day)
