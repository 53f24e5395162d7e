"""Opening a journal file: checks, pragmas, migrations, and one transaction per use case."""

from __future__ import annotations

import contextlib
import errno
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from wallwatch.private_files import (
    PrivateFileError,
    describe_os_error,
    ensure_private_dir,
    make_private_file,
)
from wallwatch.store.schema import APPLICATION_ID

# The newest schema this code knows. A test checks it equals the Alembic script head.
HEAD_REVISION = "0001"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


class DatabaseError(Exception):
    """A journal cannot be opened or written. ``str()`` is one sentence for a person."""


class NotAWallWatchDatabase(DatabaseError):
    """The file is damaged, is not SQLite, or is an SQLite file of some other program."""


class DatabaseTooNew(DatabaseError):
    """The file was written by a newer WallWatch; opening it here could lose data."""


class StorageFull(DatabaseError):
    """The disk (or a size limit) is full; nothing was saved."""


class StorageReadOnly(DatabaseError):
    """The file or its folder cannot be written; nothing was saved."""


def _translate(exc: BaseException, path: Path) -> DatabaseError:
    """Turn a driver error into one plain sentence naming the problem."""
    orig = getattr(exc, "orig", exc)
    message = str(orig).lower()
    code = getattr(orig, "sqlite_errorcode", None)
    if "database or disk is full" in message or code == sqlite3.SQLITE_FULL:
        return StorageFull(f"Nothing was saved: the disk holding {path} is full.")
    if isinstance(orig, OSError) and orig.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return StorageFull(f"Nothing was saved: the disk holding {path} is full.")
    if "readonly" in message or "read-only" in message or code == sqlite3.SQLITE_READONLY:
        return StorageReadOnly(f"Nothing was saved: {path} is read-only.")
    if "unable to open" in message or code == sqlite3.SQLITE_CANTOPEN:
        return StorageReadOnly(f"WallWatch cannot open {path}: the folder is not writable.")
    if (
        "not a database" in message
        or "malformed" in message
        or code
        in (
            sqlite3.SQLITE_NOTADB,
            sqlite3.SQLITE_CORRUPT,
        )
    ):
        return NotAWallWatchDatabase(f"{path} is damaged or is not a WallWatch journal.")
    if "locked" in message or "busy" in message:
        return DatabaseError(f"{path} is busy in another program; try again in a moment.")
    if isinstance(orig, OSError):
        return DatabaseError(f"WallWatch cannot use {path}: {describe_os_error(orig)}.")
    return DatabaseError(f"WallWatch could not use {path}: {orig}")


def _set_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, decide when transactions begin (see _begin below).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.close()


def _begin(conn: Any) -> None:
    # Writers take the write lock up front, so two writers queue on the busy timeout
    # instead of failing when a read transaction tries to upgrade.
    if conn.get_execution_options().get("wallwatch_write"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


class Database:
    """An open journal. Hand out one session per use case; never share one across threads."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(
            engine.execution_options(wallwatch_write=True), expire_on_commit=False
        )

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction: commits on success, rolls back everything on any error."""
        try:
            with self._write.begin() as session:
                yield session
        except DBAPIError as exc:
            raise _translate(exc, self.path) from exc
        except OSError as exc:
            raise _translate(exc, self.path) from exc

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only snapshot."""
        try:
            with self._read.begin() as session:
                yield session
        except DBAPIError as exc:
            raise _translate(exc, self.path) from exc

    def close(self) -> None:
        self.engine.dispose()


def _check_header(path: Path) -> None:
    with path.open("rb") as fh:
        head = fh.read(100)
    if not head:
        return
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise NotAWallWatchDatabase(
            f"{path} is not a WallWatch journal: it is not an SQLite database, "
            "or it is damaged (cut short)."
        )


def _make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", _begin)
    return engine


def _current_revision(conn: Any) -> str | None:
    tables = {
        r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")
    }
    if not tables:
        return None
    app_id = conn.exec_driver_sql("PRAGMA application_id").scalar()
    if app_id != APPLICATION_ID or "alembic_version" not in tables:
        raise NotAWallWatchDatabase(
            "is an SQLite database of another program, not a WallWatch journal"
        )
    rev = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    return str(rev) if rev is not None else ""


def backup_copy(source: Path, target: Path) -> Path:
    """Copy a live journal consistently with SQLite's online backup API (owner-only)."""
    ensure_private_dir(target.parent)
    make_private_file(target)
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def open_database(path: Path, *, backup_dir: Path | None = None) -> Database:
    """Open (creating if needed) the journal at ``path``, migrating it to the newest schema.

    Raises a :class:`DatabaseError` subclass whose message names the problem. A file that is
    damaged, foreign or newer is never written to.
    """
    path = Path(path)
    try:
        ensure_private_dir(path.parent)
        if path.exists():
            _check_header(path)
        else:
            make_private_file(path)
    except PrivateFileError as exc:
        raise StorageReadOnly(f"WallWatch {exc}.") from exc
    except OSError as exc:
        raise _translate(exc, path) from exc

    engine = _make_engine(path)
    try:
        with engine.connect() as conn:
            try:
                revision = _current_revision(conn)
            except NotAWallWatchDatabase as exc:
                raise NotAWallWatchDatabase(f"{path} {exc}.") from None
            conn.rollback()
        if revision is None:
            _create(engine)
        elif revision != HEAD_REVISION:
            if not revision.isdigit() or int(revision) > int(HEAD_REVISION):
                raise DatabaseTooNew(
                    f"{path} was written by a newer version of WallWatch (schema {revision}; "
                    f"this version knows up to {HEAD_REVISION}). Please update WallWatch; "
                    "the file was not changed."
                )
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            folder = backup_dir or path.parent / "backups"
            backup_copy(path, folder / f"before-migrate-{revision}-{stamp}.sqlite3")
            _migrate(engine)
    except DatabaseError:
        engine.dispose()
        raise
    except DBAPIError as exc:
        engine.dispose()
        raise _translate(exc, path) from exc
    except OSError as exc:
        engine.dispose()
        raise _translate(exc, path) from exc
    return Database(path, engine)


def _create(engine: Engine) -> None:
    """A new journal: all tables at once, stamped as the newest schema, seeded vocabulary."""
    from wallwatch.store.schema import Base
    from wallwatch.store.seed import seed_new_journal

    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        Base.metadata.create_all(conn)
        conn.exec_driver_sql(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
            "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
        )
        conn.execute(
            text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": HEAD_REVISION}
        )
    with Session(engine.execution_options(wallwatch_write=True)) as session, session.begin():
        seed_new_journal(session)


def _migrate(engine: Engine) -> None:
    from wallwatch.store.migrations import upgrade_to_head

    with engine.begin() as conn:
        upgrade_to_head(conn)
