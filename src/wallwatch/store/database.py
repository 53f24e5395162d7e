"""Opening a journal file: checks, pragmas, migrations, and one transaction per use case."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from wallwatch.private_files import PrivateFileError, ensure_private_dir, make_private_file
from wallwatch.store.errors import (
    DatabaseError,
    DatabaseTooNew,
    NotAWallWatchDatabase,
    StorageFull,
    StorageReadOnly,
)
from wallwatch.store.errors import translate as _translate
from wallwatch.store.identity import check_header, current_revision, read_revision
from wallwatch.store.schema import APPLICATION_ID

# The newest schema this code knows. A test checks it equals the Alembic script head.
HEAD_REVISION = "0001"
BUSY_TIMEOUT_MS = 10_000
# A Unicode-aware case fold, registered on every connection (used by text search).
CASEFOLD_SQL_FUNCTION = "wallwatch_casefold"


def _casefold(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def _set_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, decide when transactions begin (see _begin below).
    dbapi_conn.isolation_level = None
    # SQLite's lower() folds ASCII only; text search must find "Émile" when typed "émile".
    dbapi_conn.create_function(CASEFOLD_SQL_FUNCTION, 1, _casefold, deterministic=True)
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
        except OSError as exc:
            raise _translate(exc, self.path) from exc

    def close(self) -> None:
        self.engine.dispose()


def _make_engine(path: Path) -> Engine:
    engine = create_engine(
        URL.create("sqlite", database=str(path)),
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", _begin)
    return engine


def _check_revision(path: Path, revision: str) -> None:
    if revision == "" or (revision.isdigit() and int(revision) <= int(HEAD_REVISION)):
        return
    raise DatabaseTooNew(
        f"{path} was written by a newer version of WallWatch (schema {revision}; "
        f"this version knows up to {HEAD_REVISION}). Please update WallWatch; "
        "the file was not changed."
    )


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
    path = Path(path).absolute()
    try:
        ensure_private_dir(path.parent)
        if path.exists():
            check_header(path)
        else:
            make_private_file(path)
    except PrivateFileError as exc:
        raise StorageReadOnly(f"WallWatch {exc}.") from exc
    except OSError as exc:
        raise _translate(exc, path) from exc

    revision = read_revision(path)
    if revision is not None:
        _check_revision(path, revision)
    try:
        # Only now that the file is known to be ours: an older copy may be readable by others.
        for file in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
            if file == path or file.exists():
                make_private_file(file)
    except PrivateFileError as exc:
        raise StorageReadOnly(f"WallWatch {exc}.") from exc

    engine = _make_engine(path)
    try:
        if revision is None:
            revision = _create_if_empty(engine, path)
        if revision is not None and revision != HEAD_REVISION:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            folder = backup_dir or path.parent / "backups"
            name = f"before-migrate-{revision or 'base'}-{stamp}.sqlite3"
            backup_copy(path, folder / name)
            _migrate(engine, seed=revision == "")
    except DatabaseError:
        engine.dispose()
        raise
    except PrivateFileError as exc:
        engine.dispose()
        raise StorageReadOnly(f"WallWatch {exc}.") from exc
    except DBAPIError as exc:
        engine.dispose()
        raise _translate(exc, path) from exc
    except OSError as exc:
        engine.dispose()
        raise _translate(exc, path) from exc
    return Database(path, engine)


def _create_if_empty(engine: Engine, path: Path) -> str | None:
    """Create a new journal under the write lock; ``None`` when it was created here.

    Two programs may open the same brand-new file at once: the second one waits for the lock,
    then finds the first one's journal and returns its revision instead of creating again.
    """
    with engine.connect() as conn:
        conn.execution_options(wallwatch_write=True)
        with conn.begin():
            try:
                revision = current_revision(conn.connection.driver_connection)
            except NotAWallWatchDatabase as exc:
                raise NotAWallWatchDatabase(f"{path} {exc}.") from None
            if revision is None:
                _create(conn)
                return None
    _check_revision(path, revision)
    return revision


def _create(conn: Connection) -> None:
    """A new journal: all tables at once, stamped as the newest schema, seeded vocabulary."""
    from wallwatch.store.schema import Base

    conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    Base.metadata.create_all(conn)
    conn.exec_driver_sql(
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
        "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
    )
    conn.execute(
        text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": HEAD_REVISION}
    )
    _seed(conn)


def _seed(conn: Connection) -> None:
    from wallwatch.store.seed import seed_new_journal

    session = Session(bind=conn)
    seed_new_journal(session)
    session.flush()
    session.close()


def _migrate(engine: Engine, *, seed: bool) -> None:
    """Upgrade to the newest schema; a journal at the base revision had no tables, so it also
    gets the starting vocabulary a new journal has."""
    from wallwatch.store.migrations import upgrade_to_head

    with engine.connect() as conn:
        conn.execution_options(wallwatch_write=True)
        with conn.begin():
            upgrade_to_head(conn)
            if seed:
                _seed(conn)


__all__ = [
    "BUSY_TIMEOUT_MS",
    "CASEFOLD_SQL_FUNCTION",
    "HEAD_REVISION",
    "Database",
    "DatabaseError",
    "DatabaseTooNew",
    "NotAWallWatchDatabase",
    "StorageFull",
    "StorageReadOnly",
    "backup_copy",
    "open_database",
]
