"""Opening a journal through the services, and the errors a front end may show."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from wallwatch.domain.model import Direction, FieldError, MomentDraft
from wallwatch.services import (
    JournalError,
    JournalFull,
    JournalNotOurs,
    JournalReadOnly,
    JournalTooNew,
    ValidationFailed,
    open_journal,
)
from wallwatch.store import (
    DatabaseError,
    DatabaseTooNew,
    NotAWallWatchDatabase,
    StorageFull,
    StorageReadOnly,
)


def test_open_journal_creates_a_real_journal(journal_path: Path) -> None:
    with open_journal(journal_path) as journal:
        assert journal.path == journal_path
        assert journal.kind == "real"
        assert not journal.is_demo
        assert journal_path.exists()


def test_mark_as_demo_is_remembered(journal_path: Path) -> None:
    with open_journal(journal_path) as journal:
        journal.mark_as_demo()
        assert journal.is_demo
    with open_journal(journal_path) as journal:
        assert journal.kind == "demo"


def test_closing_releases_the_file(journal_path: Path) -> None:
    with open_journal(journal_path) as journal:
        journal.moments.record(MomentDraft(datetime.now(UTC), Direction.OPENED))
    # After the last connection closes, SQLite folds the WAL back into the file.
    assert not journal_path.with_name(journal_path.name + "-wal").exists()
    with sqlite3.connect(journal_path) as raw:
        assert raw.execute("SELECT count(*) FROM moment").fetchone() == (1,)
    raw.close()


def test_errors_are_the_store_errors_under_service_names() -> None:
    assert JournalError is DatabaseError
    assert JournalNotOurs is NotAWallWatchDatabase
    assert JournalTooNew is DatabaseTooNew
    assert JournalFull is StorageFull
    assert JournalReadOnly is StorageReadOnly
    for cls in (JournalNotOurs, JournalTooNew, JournalFull, JournalReadOnly):
        assert issubclass(cls, JournalError)


def test_open_journal_refuses_other_files_with_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    with pytest.raises(JournalNotOurs) as info:
        open_journal(path)
    message = str(info.value)
    assert str(path) in message
    assert "\n" not in message
    assert "Traceback" not in message


def test_validation_failed_lists_fields() -> None:
    error = ValidationFailed([FieldError("intensity", "too high"), FieldError("note", "bad")])
    assert error.for_field("intensity") == ["too high"]
    assert error.for_field("wish") == []
    assert str(error) == "intensity: too high; note: bad"
