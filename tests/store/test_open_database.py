"""Opening a journal file: a new one is built right, and nothing else is ever written to."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.domain.vocabulary import seed_tags
from wallwatch.store import (
    DatabaseError,
    DatabaseTooNew,
    NotAWallWatchDatabase,
    StorageReadOnly,
    open_database,
)
from wallwatch.store.database import BUSY_TIMEOUT_MS, HEAD_REVISION
from wallwatch.store.migrations import script_head
from wallwatch.store.moments import MomentRepository
from wallwatch.store.schema import APPLICATION_ID

TABLES = {"meta", "person", "setting", "tag", "moment", "moment_tag", "alembic_version"} | {
    "checkin",
    "step",
    "step_tick",
}


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _record_one(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            MomentRepository(s).add(MomentDraft(datetime.now(UTC), Direction.OPENED, note="x"))
    finally:
        db.close()


def _make_journal(path: Path) -> Path:
    _record_one(path)
    return path


# -- a new journal ---------------------------------------------------------------------------
def test_new_file_has_every_table_stamped_at_head(journal_path: Path) -> None:
    db = open_database(journal_path)
    db.close()
    with sqlite3.connect(journal_path) as raw:
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        version = raw.execute("SELECT version_num FROM alembic_version").fetchall()
        app_id = raw.execute("PRAGMA application_id").fetchone()[0]
        tags = raw.execute("SELECT kind, name, direction FROM tag").fetchall()
        kind = raw.execute("SELECT value FROM meta WHERE key='journal_kind'").fetchone()
    raw.close()
    assert tables == TABLES
    assert version == [(HEAD_REVISION,)]
    assert app_id == APPLICATION_ID
    expected = {
        (t.kind.value, t.name, t.direction.value if t.direction else None) for t in seed_tags()
    }
    assert set(tags) == expected
    assert len(tags) == len(expected)
    assert kind == ("real",)


def test_head_revision_is_the_alembic_script_head() -> None:
    assert script_head() == HEAD_REVISION


def test_connections_have_the_safety_pragmas(journal_path: Path) -> None:
    db = open_database(journal_path)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
            assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
    finally:
        db.close()


def test_reopening_keeps_the_data_and_makes_no_backup(journal_path: Path) -> None:
    _make_journal(journal_path)
    _record_one(journal_path)
    with sqlite3.connect(journal_path) as raw:
        assert raw.execute("SELECT count(*) FROM moment").fetchone()[0] == 2
        # Seeds are written once, not again on every open.
        assert raw.execute("SELECT count(*) FROM tag").fetchone()[0] == len(seed_tags())
    raw.close()
    assert not (journal_path.parent / "backups").exists()


def test_an_empty_file_becomes_a_journal(journal_path: Path) -> None:
    journal_path.parent.mkdir(parents=True)
    journal_path.touch()
    db = open_database(journal_path)
    try:
        with db.reading() as s:
            assert s.execute(text("SELECT count(*) FROM tag")).scalar() == len(seed_tags())
    finally:
        db.close()


def test_odd_characters_in_the_folder_name(tmp_path: Path) -> None:
    path = tmp_path / "we?ird #folder %20" / "journal.sqlite3"
    _make_journal(path)
    assert path.exists()
    assert [p.name for p in path.parent.iterdir()] == ["journal.sqlite3"]


# -- permissions -----------------------------------------------------------------------------
def test_new_folder_and_file_are_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "journal.sqlite3"
    db = open_database(path)
    try:
        assert _mode(path.parent) == 0o700
        assert _mode(path) == 0o600
        with db.transaction() as s:
            MomentRepository(s).add(MomentDraft(datetime.now(UTC), Direction.OPENED))
        with db.reading() as s:  # keep a connection open so -wal/-shm exist
            s.execute(text("SELECT 1"))
            for suffix in ("-wal", "-shm"):
                side = path.with_name(path.name + suffix)
                assert side.exists(), suffix
                assert _mode(side) == 0o600, suffix
    finally:
        db.close()


def test_existing_loose_modes_are_tightened(journal_path: Path) -> None:
    _make_journal(journal_path)
    journal_path.chmod(0o644)
    journal_path.parent.chmod(0o755)
    open_database(journal_path).close()
    assert _mode(journal_path) == 0o600
    assert _mode(journal_path.parent) == 0o700


# -- files that are not ours are left alone --------------------------------------------------
def _assert_refused_untouched(path: Path, error: type[DatabaseError]) -> DatabaseError:
    before = _digest(path)
    siblings = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(error) as info:
        open_database(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)
    assert _digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == siblings
    return info.value


def test_random_bytes_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "noise.sqlite3"
    path.write_bytes(os.urandom(8192))
    _assert_refused_untouched(path, NotAWallWatchDatabase)


def test_a_truncated_journal_is_refused(tmp_path: Path) -> None:
    real = _make_journal(tmp_path / "real" / "journal.sqlite3")
    cut = tmp_path / "cut.sqlite3"
    cut.write_bytes(real.read_bytes()[:50])
    _assert_refused_untouched(cut, NotAWallWatchDatabase)


def test_a_journal_cut_after_the_header_is_refused(tmp_path: Path) -> None:
    real = _make_journal(tmp_path / "real" / "journal.sqlite3")
    cut = tmp_path / "cut.sqlite3"
    data = real.read_bytes()
    assert len(data) > 4096 * 2
    cut.write_bytes(data[: 4096 + 100])
    _assert_refused_untouched(cut, NotAWallWatchDatabase)


def test_a_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Dear diary,\n" * 40, encoding="utf-8")
    message = str(_assert_refused_untouched(path, NotAWallWatchDatabase))
    assert "not a WallWatch journal" in message


def test_a_short_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("hello", encoding="utf-8")
    _assert_refused_untouched(path, NotAWallWatchDatabase)


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.sqlite"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE bookmark (url TEXT)")
        raw.execute("INSERT INTO bookmark VALUES ('https://example.org')")
    raw.close()
    message = str(_assert_refused_untouched(path, NotAWallWatchDatabase))
    assert "another program" in message


def test_an_empty_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA application_id = 1234")
        raw.execute("PRAGMA user_version = 1")  # forces the header to be written
    raw.close()
    _assert_refused_untouched(path, NotAWallWatchDatabase)


def test_a_newer_journal_is_refused_untouched(journal_path: Path) -> None:
    _make_journal(journal_path)
    with sqlite3.connect(journal_path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '0099'")
    raw.close()
    message = str(_assert_refused_untouched(journal_path, DatabaseTooNew))
    assert "0099" in message
    assert "newer version" in message


def test_an_unknown_revision_is_treated_as_newer(journal_path: Path) -> None:
    _make_journal(journal_path)
    with sqlite3.connect(journal_path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = 'f00dcafe'")
    raw.close()
    _assert_refused_untouched(journal_path, DatabaseTooNew)


# -- places that cannot be written -----------------------------------------------------------
def test_folder_under_a_regular_file_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("I am a file", encoding="utf-8")
    path = blocker / "journal" / "wallwatch.sqlite3"
    with pytest.raises(StorageReadOnly) as info:
        open_database(path)
    assert str(blocker / "journal") in str(info.value)
    assert blocker.read_text(encoding="utf-8") == "I am a file"


def test_a_folder_where_the_journal_should_be(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    path.mkdir()
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    assert str(path) in str(info.value)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to read-only files and folders")
def test_read_only_folder_for_a_new_journal(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir(mode=0o500)
    try:
        with pytest.raises(StorageReadOnly):
            open_database(folder / "wallwatch.sqlite3")
    finally:
        folder.chmod(0o700)


# -- two programs at once --------------------------------------------------------------------
_CREATE_SCRIPT = """
import sys, time
from pathlib import Path
from wallwatch.store import open_database
go = Path(sys.argv[2])
while not go.exists():
    time.sleep(0.001)
open_database(Path(sys.argv[1])).close()
"""


def test_two_programs_creating_the_same_new_journal(tmp_path: Path) -> None:
    path = tmp_path / "shared" / "journal.sqlite3"
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _CREATE_SCRIPT, str(path), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    go.touch()
    for proc in procs:
        _out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT count(*) FROM tag").fetchone()[0] == len(seed_tags())
        assert raw.execute("SELECT count(*) FROM alembic_version").fetchone()[0] == 1
    raw.close()
