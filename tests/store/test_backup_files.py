"""Backup files at the SQLite level: consistent copies of a live journal, checks that tell a
good backup from a damaged, foreign or newer one, and the swap a restore makes."""

from __future__ import annotations

import sqlite3
import stat
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.store import (
    Database,
    DatabaseError,
    DatabaseTooNew,
    NotAWallWatchDatabase,
    open_database,
)
from wallwatch.store.backup_files import (
    examine,
    inspect,
    online_copy,
    raw_copy,
    replace_database,
    side_files,
)
from wallwatch.store.constants import HEAD_REVISION
from wallwatch.store.moments import MomentRepository


def _add(db: Database, n: int, note: str = "") -> None:
    with db.transaction() as s:
        repo = MomentRepository(s)
        for i in range(n):
            repo.add(MomentDraft(datetime.now(UTC), Direction.OPENED, note=f"{note}{i}"))


def _count(path: Path) -> int:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM moment").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def db(journal_path: Path) -> Iterator[Database]:
    database = open_database(journal_path)
    yield database
    database.close()


def test_a_copy_of_an_open_journal_holds_what_was_committed(db: Database, tmp_path: Path) -> None:
    _add(db, 5)
    target = tmp_path / "backups" / "copy.sqlite3"
    with db.transaction() as s:  # a write still in progress is not part of the copy
        MomentRepository(s).add(MomentDraft(datetime.now(UTC), Direction.WITHDREW))
        online_copy(db.path, target)
    assert examine(target).moments == 5
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    # One self-contained file in rollback-journal mode, and nothing half-written beside it.
    assert target.read_bytes()[18:20] == b"\x01\x01"
    assert sorted(p.name for p in target.parent.iterdir()) == ["copy.sqlite3"]


def test_copies_taken_while_another_thread_writes_are_each_whole(
    db: Database, tmp_path: Path
) -> None:
    _add(db, 3)
    stop = threading.Event()

    def writer() -> None:
        while not stop.is_set():
            _add(db, 2, "busy ")

    thread = threading.Thread(target=writer)
    thread.start()
    counts = []
    try:
        for i in range(8):
            copy = online_copy(db.path, tmp_path / "copies" / f"{i}.sqlite3")
            check = examine(copy)  # quick_check over every page
            assert check.moments is not None
            counts.append(check.moments)
    finally:
        stop.set()
        thread.join()
    assert counts == sorted(counts)
    assert all(c >= 3 and c % 2 == 1 for c in counts)  # whole transactions only: 3 + 2k
    assert counts[-1] <= _count_live(db)


def test_looking_at_a_backup_creates_nothing_beside_it(db: Database, tmp_path: Path) -> None:
    _add(db, 2)
    target = online_copy(db.path, tmp_path / "b" / "one.sqlite3")
    assert inspect(target).ok
    assert [p for p in side_files(target) if p.exists()] == []


def _foreign(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    return path


def _newer(db: Database, path: Path) -> Path:
    online_copy(db.path, path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    return path


def _damage(path: Path) -> Path:
    """Scribble over the middle of the file, as a failing disk might; the header stays."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for offset in range(page, len(data) - page, page):
        data[offset : offset + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))
    return path


def test_examine_tells_what_is_wrong_with_a_file(db: Database, tmp_path: Path) -> None:
    _add(db, 2)
    good = online_copy(db.path, tmp_path / "good.sqlite3")
    assert (examine(good).moments, examine(good).revision) == (2, HEAD_REVISION)

    cases: list[tuple[Path, type[Exception], str]] = [
        (tmp_path / "missing.sqlite3", DatabaseError, "does not exist"),
        (_foreign(tmp_path / "photos.sqlite3"), NotAWallWatchDatabase, "another program"),
        (_newer(db, tmp_path / "newer.sqlite3"), DatabaseTooNew, "schema 9999"),
        (_damage(online_copy(db.path, tmp_path / "bad.sqlite3")), NotAWallWatchDatabase, "damaged"),
    ]
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database at all, just some words that are long enough " * 3)
    cases.append((text, NotAWallWatchDatabase, "not an SQLite database"))
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    cases.append((empty, NotAWallWatchDatabase, "empty"))
    cut = tmp_path / "cut.sqlite3"
    cut.write_bytes(good.read_bytes()[: len(good.read_bytes()) // 3])
    cases.append((cut, NotAWallWatchDatabase, "damaged"))

    for path, kind, words in cases:
        with pytest.raises(kind) as info:
            examine(path)
        assert words in str(info.value), path.name
        assert str(path) in str(info.value)
        assert not inspect(path).ok
        assert words in inspect(path).problem


def test_a_restore_is_refused_while_the_journal_is_open(db: Database, tmp_path: Path) -> None:
    _add(db, 4)
    backup = online_copy(db.path, tmp_path / "b.sqlite3")
    _add(db, 1)
    before = _count_live(db)
    safety = tmp_path / "safety.sqlite3"
    with pytest.raises(DatabaseError, match="is open in WallWatch or another program"):
        replace_database(db.path, backup, safety)
    assert not safety.exists()
    assert list(tmp_path.glob(".safety*")) == []  # no temporary copy left behind either
    assert _count_live(db) == before == 5


def _count_live(db: Database) -> int:
    with db.reading() as s:
        return MomentRepository(s).count()


def test_replacing_keeps_the_old_journal_and_leaves_no_side_files(
    db: Database, tmp_path: Path
) -> None:
    _add(db, 4)
    backup = online_copy(db.path, tmp_path / "b.sqlite3")
    _add(db, 3)
    db.close()
    safety = tmp_path / "backups" / "safety.sqlite3"
    assert replace_database(db.path, backup, safety) is True
    assert _count(db.path) == 4
    assert _count(safety) == 7
    assert stat.S_IMODE(db.path.stat().st_mode) == 0o600
    assert [p for p in side_files(db.path) if p.exists()] == []
    assert [p.name for p in db.path.parent.iterdir() if p.suffix == ".part"] == []


def test_a_damaged_journal_is_kept_byte_for_byte_when_replaced(
    db: Database, tmp_path: Path
) -> None:
    _add(db, 2)
    backup = online_copy(db.path, tmp_path / "b.sqlite3")
    db.close()
    db.path.write_bytes(b"this journal was overwritten by something else entirely" * 4)
    damaged = db.path.read_bytes()
    wal = db.path.with_name(db.path.name + "-wal")
    wal.write_bytes(b"a log that belongs to the damaged file")
    safety = tmp_path / "safety.sqlite3"
    assert replace_database(db.path, backup, safety) is True
    assert safety.read_bytes() == damaged
    assert (
        safety.with_name("safety.sqlite3-wal").read_bytes()
        == b"a log that belongs to the damaged file"
    )
    assert not wal.exists()  # it would otherwise be read as part of the restored journal
    assert _count(db.path) == 2


def test_raw_copy_keeps_the_write_ahead_log_too(tmp_path: Path) -> None:
    source = tmp_path / "j.sqlite3"
    source.write_bytes(b"main")
    source.with_name("j.sqlite3-wal").write_bytes(b"log")
    target = raw_copy(source, tmp_path / "keep" / "k.sqlite3")
    assert target.read_bytes() == b"main"
    assert target.with_name("k.sqlite3-wal").read_bytes() == b"log"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
