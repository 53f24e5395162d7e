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
from wallwatch.store import encryption
from wallwatch.store.constants import APPLICATION_ID, HEAD_REVISION
from wallwatch.store.errors import (
    DatabaseError,
    DatabaseTooNew,
    NotAWallWatchDatabase,
    PassphraseRequired,
    StorageFull,
    StorageReadOnly,
    locked,
)
from wallwatch.store.errors import translate as _translate
from wallwatch.store.identity import (
    FileKind,
    check_header,
    current_revision,
    file_kind,
    read_revision,
)

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
    """An open journal. Hand out one session per use case; never share one across threads.

    An encrypted journal keeps its passphrase here (and nowhere else) while it is open: every new
    connection is keyed with it. :meth:`forget_key` drops it when the journal is locked.
    """

    def __init__(self, path: Path, engine: Engine | None = None, *, key: str | None = None) -> None:
        self.path = path
        self._key = key
        self._bind(engine or _make_engine(path, self))

    def _bind(self, engine: Engine) -> None:
        self.engine = engine
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(
            engine.execution_options(wallwatch_write=True), expire_on_commit=False
        )

    @property
    def key(self) -> str | None:
        """The passphrase of an encrypted journal; ``None`` for a plain one (or once forgotten)."""
        return self._key

    @property
    def encrypted(self) -> bool:
        """Whether the file is encrypted (told by its first bytes)."""
        try:
            return file_kind(self.path) is FileKind.ENCRYPTED
        except OSError:
            return self._key is not None

    def use_key(self, key: str | None) -> None:
        """Connect with ``key`` from now on (after the file was re-written with it)."""
        self.engine.dispose()
        self._key = key
        self._bind(_make_engine(self.path, self))

    def forget_key(self) -> None:
        """Close every connection and drop the passphrase; the journal cannot be used again until
        it is opened anew with the passphrase."""
        self.engine.dispose()
        self._key = None

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


def _make_engine(path: Path, keyring: Database | None = None) -> Engine:
    """An engine over ``path``; with a ``keyring`` whose key is set, through SQLCipher, each new
    connection keyed first (the key is read at connect time, so a forgotten key stays gone)."""
    connect_args = {"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    if keyring is None or keyring.key is None:
        engine = create_engine(URL.create("sqlite", database=str(path)), connect_args=connect_args)
    else:
        engine = create_engine(
            URL.create("sqlite", database=str(path)),
            module=encryption.driver(),
            connect_args=connect_args,
        )

        def key_connection(dbapi_conn: Any, _record: Any) -> None:
            key = keyring.key
            if key is None:
                raise locked(path)
            encryption.apply_key(dbapi_conn, key, path)

        event.listen(engine, "connect", key_connection)
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


def backup_copy(source: Path, target: Path, *, key: str | None = None) -> Path:
    """Copy a live journal consistently with SQLite's online backup API (owner-only); the copy
    of an encrypted journal is encrypted with the same ``key``."""
    ensure_private_dir(target.parent)
    make_private_file(target)
    if key is not None:
        conn = encryption.connect(source, key)
        try:
            encryption.export_into(conn, target, key)
        finally:
            conn.close()
        return target
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


def open_database(
    path: Path, *, backup_dir: Path | None = None, key: str | None = None
) -> Database:
    """Open (creating if needed) the journal at ``path``, migrating it to the newest schema.

    ``key`` is the passphrase of an encrypted journal; a new journal opened with one is created
    encrypted, and a plain journal opens as it is (the key is then not used). An encrypted
    journal without a key raises :class:`PassphraseRequired`, and with a wrong one
    :class:`WrongPassphrase`. Raises a :class:`DatabaseError` subclass whose message names the
    problem. A file that is damaged, foreign or newer is never written to.
    """
    path = Path(path).absolute()
    if key is not None:
        encryption.driver()  # say at once when encryption cannot work here
    try:
        ensure_private_dir(path.parent)
        if path.exists():
            if check_header(path, has_key=key is not None) is FileKind.PLAIN:
                key = None
        else:
            make_private_file(path)
    except PrivateFileError as exc:
        raise StorageReadOnly(f"WallWatch {exc}.") from exc
    except OSError as exc:
        raise _translate(exc, path) from exc

    revision = read_revision(path, key)
    if revision is not None:
        _check_revision(path, revision)
    try:
        # Only now that the file is known to be ours: an older copy may be readable by others.
        for file in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
            if file == path or file.exists():
                make_private_file(file)
    except PrivateFileError as exc:
        raise StorageReadOnly(f"WallWatch {exc}.") from exc

    database = Database(path, key=key)
    engine = database.engine
    try:
        if revision is None:
            revision = _create_if_empty(engine, path)
        if revision is not None and revision != HEAD_REVISION:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            folder = backup_dir or path.parent / "backups"
            name = f"before-migrate-{revision or 'base'}-{stamp}.sqlite3"
            backup_copy(path, folder / name, key=key)
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
    return database


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
    "PassphraseRequired",
    "StorageFull",
    "StorageReadOnly",
    "backup_copy",
    "open_database",
]
