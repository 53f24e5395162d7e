"""Whose file is this? Reading a journal's identity and schema revision without writing.

Opening through the engine would switch the file to WAL mode before we know whose it is, so
these checks use a plain read-only connection and come first.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from wallwatch.store.errors import NotAWallWatchDatabase, translate
from wallwatch.store.schema import APPLICATION_ID

SQLITE_MAGIC = b"SQLite format 3\x00"


def check_header(path: Path) -> None:
    """Refuse at once what is not SQLite at all; an empty file is a journal not yet made."""
    with path.open("rb") as fh:
        head = fh.read(100)
    if not head:
        return
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise NotAWallWatchDatabase(
            f"{path} is not a WallWatch journal: it is not an SQLite database, "
            "or it is damaged (cut short)."
        )


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


def read_revision(path: Path) -> str | None:
    """The revision of the file at ``path`` (see :func:`current_revision`), read without
    writing a byte to it or beside it, so a foreign or newer file is left exactly as it was."""
    wal = path.with_name(path.name + "-wal")
    # Without a WAL file everything is in the main file: "immutable" reads it without
    # creating -wal/-shm files. With one, a writer may be active, so read through it.
    mode = "ro" if wal.exists() else "ro&immutable=1"
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode={mode}", uri=True)
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    try:
        return current_revision(conn)
    except NotAWallWatchDatabase as exc:
        raise NotAWallWatchDatabase(f"{path} {exc}.") from None
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    finally:
        conn.close()
