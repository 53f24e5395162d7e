"""Whose file is this? Reading a journal's identity and schema revision without writing.

Opening through the engine would switch the file to WAL mode before we know whose it is, so
these checks use a plain read-only connection and come first. An encrypted journal has random
bytes where SQLite's header should be; it is read through SQLCipher with its passphrase.
"""

from __future__ import annotations

import codecs
import enum
import sqlite3
from pathlib import Path
from typing import Any

from wallwatch.store.constants import APPLICATION_ID
from wallwatch.store.errors import (
    NotAWallWatchDatabase,
    driver_errors,
    locked,
    translate,
)

SQLITE_MAGIC = b"SQLite format 3\x00"


# SQLCipher writes whole pages, and its smallest page is 512 bytes.
CIPHER_PAGE_MIN = 512


class FileKind(enum.Enum):
    EMPTY = "empty"  # a journal not yet made
    PLAIN = "plain"  # an SQLite file
    ENCRYPTED = "encrypted"  # random bytes in whole pages: encrypted, or damaged beyond telling
    OTHER = "other"  # cut short, text, or anything else that is no journal


def file_kind(path: Path) -> FileKind:
    """What the first bytes and the size of the file at ``path`` say it is (nothing is opened
    as a database). Raises :class:`OSError` when the file cannot be read."""
    with path.open("rb") as fh:
        head = fh.read(4096)
        size = fh.seek(0, 2)
    if not head:
        return FileKind.EMPTY
    if head.startswith(SQLITE_MAGIC):
        return FileKind.PLAIN if len(head) >= 100 else FileKind.OTHER
    if size < CIPHER_PAGE_MIN or size % CIPHER_PAGE_MIN or _is_text(head):
        return FileKind.OTHER
    return FileKind.ENCRYPTED


def _is_text(head: bytes) -> bool:
    try:
        # Incremental: a character cut at the end of what was read is not an error.
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return all(ch.isprintable() or ch in "\r\n\t" for ch in text)


def check_header(path: Path, *, has_key: bool = False) -> FileKind:
    """Refuse at once what is not SQLite at all; an empty file is a journal not yet made.

    A file that looks encrypted is accepted when ``has_key`` (the passphrase decides later);
    without one it raises :class:`PassphraseRequired`.
    """
    kind = file_kind(path)
    if kind is FileKind.ENCRYPTED and not has_key:
        raise locked(path)
    if kind is FileKind.OTHER:
        raise NotAWallWatchDatabase(
            f"{path} is not a WallWatch journal: it is not an SQLite database, "
            "or it is damaged (cut short)."
        )
    return kind


def current_revision(conn: Any) -> str | None:
    """The schema revision of the open DB-API connection ``conn``.

    ``None`` means an empty database (a new journal); ``""`` means a WallWatch journal at the
    base revision (Alembic's empty ``alembic_version``). Another program's file raises.
    """
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if not tables and app_id in (0, APPLICATION_ID):
        return None
    if app_id != APPLICATION_ID or "alembic_version" not in tables:
        raise NotAWallWatchDatabase(
            "is an SQLite database of another program, not a WallWatch journal"
        )
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return str(row[0]) if row is not None and row[0] is not None else ""


def read_revision(path: Path, passphrase: str | None = None) -> str | None:
    """The revision of the file at ``path`` (see :func:`current_revision`), read without
    writing a byte to it or beside it, so a foreign or newer file is left exactly as it was.

    ``passphrase`` opens an encrypted file (it must be given for one)."""
    wal = path.with_name(path.name + "-wal")
    # Without a WAL file everything is in the main file: "immutable" reads it without
    # creating -wal/-shm files. With one, a writer may be active, so read through it.
    mode = "ro" if wal.exists() else "ro&immutable=1"
    try:
        if passphrase is None:
            conn = sqlite3.connect(f"{path.as_uri()}?mode={mode}", uri=True)
        else:
            from wallwatch.store import encryption

            conn = encryption.connect(path, passphrase, read_only=True, immutable=not wal.exists())
    except driver_errors() as exc:
        raise translate(exc, path) from exc
    try:
        return current_revision(conn)
    except NotAWallWatchDatabase as exc:
        raise NotAWallWatchDatabase(f"{path} {exc}.") from None
    except driver_errors() as exc:
        raise translate(exc, path) from exc
    finally:
        conn.close()
