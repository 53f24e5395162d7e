"""Encryption at rest in the store: keyed files hold no readable text, open only with their
passphrase, and keep every row when their encryption is turned on, changed or turned off."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import sys
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.store import Database, DatabaseError, NotAWallWatchDatabase, open_database
from wallwatch.store.backup_files import examine, online_copy, replace_database
from wallwatch.store.database import backup_copy
from wallwatch.store.encryption import key_statement, rewrite
from wallwatch.store.errors import EncryptionUnavailable, PassphraseRequired, WrongPassphrase
from wallwatch.store.identity import FileKind, file_kind
from wallwatch.store.moments import MomentRepository

PASS = "correct horse battery staple"
MARK = "UNMISTAKABLE-NOTE-TEXT"
NOTES = text("SELECT note FROM moment")


def _add(db: Database, n: int) -> None:
    with db.transaction() as s:
        repo = MomentRepository(s)
        for i in range(n):
            repo.add(MomentDraft(datetime.now(UTC), Direction.WITHDREW, note=f"{MARK} {i}"))


def _notes(db: Database) -> list[str]:
    with db.reading() as s:
        rows = s.execute(NOTES).all()
    return sorted(str(r[0]) for r in rows)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _plain_count(path: Path) -> int:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM moment").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def encrypted(journal_path: Path) -> Iterator[Database]:
    db = open_database(journal_path, key=PASS)
    _add(db, 12)
    yield db
    db.close()


def test_a_new_journal_opened_with_a_key_holds_no_readable_text(encrypted: Database) -> None:
    encrypted.close()  # everything written back into the main file
    data = encrypted.path.read_bytes()
    assert MARK.encode() not in data
    assert not data.startswith(b"SQLite format 3")
    assert file_kind(encrypted.path) is FileKind.ENCRYPTED
    assert encrypted.encrypted
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(encrypted.path).execute("SELECT count(*) FROM moment").fetchone()


def test_while_open_the_write_ahead_log_is_encrypted_too(encrypted: Database) -> None:
    with encrypted.reading() as s:
        s.execute(NOTES).all()
        wal = encrypted.path.with_name(encrypted.path.name + "-wal")
        assert wal.exists()
        assert MARK.encode() not in wal.read_bytes()


def test_without_a_passphrase_it_asks_for_one_and_changes_nothing(encrypted: Database) -> None:
    encrypted.close()
    before = _digest(encrypted.path)
    with pytest.raises(PassphraseRequired) as info:
        open_database(encrypted.path)
    assert isinstance(info.value, NotAWallWatchDatabase)  # to older callers: unreadable
    assert "locked with a passphrase" in str(info.value)
    assert _digest(encrypted.path) == before


def test_a_wrong_passphrase_is_named_and_changes_nothing(encrypted: Database) -> None:
    encrypted.close()
    before = _digest(encrypted.path)
    with pytest.raises(WrongPassphrase) as info:
        open_database(encrypted.path, key="not the passphrase")
    assert str(info.value) == f"That passphrase does not open {encrypted.path}."
    assert _digest(encrypted.path) == before
    assert sorted(p.name for p in encrypted.path.parent.iterdir()) == [encrypted.path.name]


def test_the_right_passphrase_opens_it_with_every_moment(encrypted: Database) -> None:
    encrypted.close()
    db = open_database(encrypted.path, key=PASS)
    try:
        assert _notes(db) == sorted(f"{MARK} {i}" for i in range(12))
        assert db.key == PASS
    finally:
        db.close()


@pytest.mark.parametrize(
    "passphrase", ['it\'s "quoted"; DROP TABLE moment; --', "x'00'", "back\\slash", "ünïcødé 🗝"]
)
def test_any_passphrase_text_is_keyed_safely(tmp_path: Path, passphrase: str) -> None:
    path = tmp_path / "j.sqlite3"
    db = open_database(path, key=passphrase)
    _add(db, 1)
    db.close()
    assert file_kind(path) is FileKind.ENCRYPTED
    db = open_database(path, key=passphrase)
    assert len(_notes(db)) == 1
    db.close()
    with pytest.raises(WrongPassphrase):
        open_database(path, key=passphrase + " ")


def test_a_passphrase_typed_with_combining_accents_is_the_same(tmp_path: Path) -> None:
    path = tmp_path / "j.sqlite3"
    composed = unicodedata.normalize("NFC", "café crème brûlée")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    open_database(path, key=composed).close()
    _add_then_close(path, decomposed)
    db = open_database(path, key=composed)
    assert len(_notes(db)) == 1
    db.close()


def _add_then_close(path: Path, key: str) -> None:
    db = open_database(path, key=key)
    _add(db, 1)
    db.close()


def test_the_key_statement_is_one_quoted_literal() -> None:
    assert key_statement("a'b") == "PRAGMA key = 'a''b'"
    with pytest.raises(ValueError):
        key_statement("")
    with pytest.raises(ValueError):
        key_statement("a\x00b")


def test_a_plain_journal_opens_as_it_is_even_with_a_key(journal_path: Path) -> None:
    db = open_database(journal_path)
    _add(db, 2)
    db.close()
    db = open_database(journal_path, key=PASS)
    try:
        assert db.key is None and not db.encrypted
        assert len(_notes(db)) == 2
    finally:
        db.close()
    assert file_kind(journal_path) is FileKind.PLAIN


def test_a_forgotten_key_locks_the_open_database(encrypted: Database) -> None:
    encrypted.forget_key()
    with pytest.raises(PassphraseRequired):
        _notes(encrypted)


# -- telling files apart -----------------------------------------------------------------------
def test_file_kinds(tmp_path: Path, encrypted: Database) -> None:
    encrypted.close()
    cases = {
        "empty": (b"", FileKind.EMPTY),
        "noise-pages": (os.urandom(8192), FileKind.ENCRYPTED),
        "noise-odd": (os.urandom(12_000), FileKind.OTHER),
        "text": (("Dear diary, " * 700).encode()[:8192], FileKind.OTHER),
        "cut": (b"SQLite format 3\x00" + b"\x00" * 20, FileKind.OTHER),
    }
    for name, (data, kind) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert file_kind(path) is kind, name
    assert file_kind(encrypted.path) is FileKind.ENCRYPTED


# -- turning encryption on, changing it, turning it off ------------------------------------------
def test_encrypt_change_decrypt_keep_every_row(journal_path: Path) -> None:
    db = open_database(journal_path)
    _add(db, 25)
    expected = _notes(db)
    db.close()
    assert MARK.encode() in journal_path.read_bytes()

    assert rewrite(journal_path, old=None, new=PASS, scrub=True)
    assert MARK.encode() not in journal_path.read_bytes()
    assert sorted(p.name for p in journal_path.parent.iterdir()) == [journal_path.name]
    db = open_database(journal_path, key=PASS)
    assert _notes(db) == expected
    db.close()

    rewrite(journal_path, old=PASS, new="a different passphrase")
    with pytest.raises(WrongPassphrase):
        open_database(journal_path, key=PASS)
    db = open_database(journal_path, key="a different passphrase")
    assert _notes(db) == expected
    db.close()

    rewrite(journal_path, old="a different passphrase", new=None)
    assert file_kind(journal_path) is FileKind.PLAIN
    assert _plain_count(journal_path) == 25
    db = open_database(journal_path)
    assert _notes(db) == expected
    db.close()


def test_turning_encryption_on_overwrites_the_old_unencrypted_bytes(journal_path: Path) -> None:
    db = open_database(journal_path)
    _add(db, 10)
    db.close()
    # A second name for the same bytes shows what became of them once the journal moved on.
    peek = journal_path.with_name("peek")
    os.link(journal_path, peek)
    rewrite(journal_path, old=None, new=PASS, scrub=True)
    old = peek.read_bytes()
    assert old and old == bytes(len(old))


def test_a_wrong_old_passphrase_changes_nothing(encrypted: Database) -> None:
    encrypted.close()
    before = _digest(encrypted.path)
    with pytest.raises(WrongPassphrase):
        rewrite(encrypted.path, old="nope", new="whatever else")
    assert _digest(encrypted.path) == before
    assert sorted(p.name for p in encrypted.path.parent.iterdir()) == [encrypted.path.name]


def test_re_writing_is_refused_while_the_file_is_in_use(encrypted: Database) -> None:
    with encrypted.reading() as s:
        s.execute(NOTES).all()
        with pytest.raises(DatabaseError) as info:
            rewrite(encrypted.path, old=PASS, new=None)
    assert "is open in WallWatch or another program" in str(info.value)
    encrypted.close()
    assert file_kind(encrypted.path) is FileKind.ENCRYPTED


def test_use_key_follows_a_re_written_file(journal_path: Path) -> None:
    db = open_database(journal_path)
    _add(db, 3)
    db.close()
    rewrite(journal_path, old=None, new=PASS)
    db.use_key(PASS)
    try:
        _add(db, 1)
        assert len(_notes(db)) == 4
    finally:
        db.close()


# -- backups -----------------------------------------------------------------------------------
def test_copies_of_an_encrypted_journal_are_encrypted_with_its_key(
    encrypted: Database, tmp_path: Path
) -> None:
    copy = online_copy(encrypted.path, tmp_path / "backups" / "copy.sqlite3", key=PASS)
    migrate = backup_copy(encrypted.path, tmp_path / "backups" / "migrate.sqlite3", key=PASS)
    for path in (copy, migrate):
        assert MARK.encode() not in path.read_bytes()
        assert file_kind(path) is FileKind.ENCRYPTED
        assert examine(path, key=PASS).moments == 12
        with pytest.raises(PassphraseRequired):
            examine(path)
        with pytest.raises(WrongPassphrase):
            examine(path, key="wrong")


def test_restoring_into_an_encrypted_journal_keeps_it_encrypted(
    encrypted: Database, tmp_path: Path
) -> None:
    backup = online_copy(encrypted.path, tmp_path / "backups" / "b.sqlite3", key=PASS)
    _add(encrypted, 5)
    encrypted.close()
    safety = tmp_path / "backups" / "safety.sqlite3"
    assert replace_database(encrypted.path, backup, safety, key=PASS)
    for path in (encrypted.path, safety):
        assert file_kind(path) is FileKind.ENCRYPTED
        assert MARK.encode() not in path.read_bytes()
    assert examine(encrypted.path, key=PASS).moments == 12
    assert examine(safety, key=PASS).moments == 17


def test_an_old_plain_backup_restores_encrypted(encrypted: Database, tmp_path: Path) -> None:
    plain = tmp_path / "plain" / "j.sqlite3"
    db = open_database(plain)
    _add(db, 4)
    db.close()
    encrypted.close()
    replace_database(encrypted.path, plain, tmp_path / "backups" / "s.sqlite3", key=PASS)
    assert file_kind(encrypted.path) is FileKind.ENCRYPTED
    assert examine(encrypted.path, key=PASS).moments == 4


# -- migrating ---------------------------------------------------------------------------------
_NEXT = '''
"""Test-only revision after the newest real one."""
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_test_note", "moment", ["note"])


def downgrade() -> None:
    op.drop_index("ix_test_note", table_name="moment")
'''


def test_an_encrypted_journal_migrates_behind_an_encrypted_backup(
    encrypted: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import wallwatch.store.database as database
    import wallwatch.store.migrations as migrations

    encrypted.close()
    folder = tmp_path / "migrations"
    shutil.copytree(migrations.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    head = database.HEAD_REVISION
    (folder / "versions" / "9001_test.py").write_text(_NEXT.replace("{head}", head))
    monkeypatch.setattr(migrations, "MIGRATIONS_DIR", folder)
    monkeypatch.setattr(database, "HEAD_REVISION", "9001")

    db = open_database(encrypted.path, key=PASS)
    try:
        assert len(_notes(db)) == 12
    finally:
        db.close()
    [backup] = sorted((encrypted.path.parent / "backups").glob("before-migrate-*.sqlite3"))
    assert file_kind(backup) is FileKind.ENCRYPTED
    assert MARK.encode() not in backup.read_bytes()
    check = examine(backup, key=PASS)
    assert (check.revision, check.moments) == (head, 12)
    assert file_kind(encrypted.path) is FileKind.ENCRYPTED


# -- without SQLCipher -------------------------------------------------------------------------
@pytest.fixture
def no_sqlcipher(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from wallwatch.store import encryption, errors

    monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # "import sqlcipher3" now fails
    encryption.driver.cache_clear()
    errors.driver_errors.cache_clear()
    yield
    encryption.driver.cache_clear()
    errors.driver_errors.cache_clear()


def test_without_sqlcipher_encryption_says_why_and_plain_journals_still_work(
    encrypted: Database, tmp_path: Path, no_sqlcipher: None
) -> None:
    from wallwatch.store import encryption

    encrypted.close()
    assert not encryption.available()
    with pytest.raises(EncryptionUnavailable) as info:
        open_database(encrypted.path, key=PASS)
    assert "sqlcipher3" in str(info.value)
    with pytest.raises(PassphraseRequired):
        open_database(encrypted.path)
    plain = open_database(tmp_path / "plain" / "j.sqlite3")
    _add(plain, 2)
    assert len(_notes(plain)) == 2
    plain.close()
