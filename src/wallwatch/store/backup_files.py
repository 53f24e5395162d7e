"""Journal backup files at the SQLite level: consistent copies, checks, and the swap on restore.

Copies go through SQLite's online backup API, so a journal that is open and being written still
gives a consistent copy (the committed state at one instant). Every copy is written to a hidden
temporary file and renamed into place, so a half-written backup never looks like a real one, and
is switched to a rollback journal so it is one self-contained file. Backups are only ever read
with ``immutable``: looking at them must not create ``-wal``/``-shm`` files beside them.

Where a ``key`` is given (the journal is encrypted), copies are written encrypted with it, and
encrypted files are read with it; plain files are still read as they are.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wallwatch.private_files import PrivateFileError, ensure_private_dir
from wallwatch.store import database, encryption
from wallwatch.store.errors import (
    DatabaseError,
    DatabaseTooNew,
    NotAWallWatchDatabase,
    StorageFull,
    StorageReadOnly,
    driver_errors,
    translate,
)
from wallwatch.store.file_steps import SIDE_FILES as SIDE_FILES  # re-exported
from wallwatch.store.file_steps import discard, side_files, sync, temp_beside
from wallwatch.store.identity import check_header, current_revision

# How long a restore waits for another program to let go of the journal before refusing.
LOCK_TIMEOUT_S = 2.0


@dataclass(frozen=True, slots=True)
class BackupCheck:
    """What a look inside a backup found. ``problem`` is a sentence, empty when all is well."""

    revision: str | None = None
    moments: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


def _copy_error(exc: BaseException, source: Path, target: Path) -> DatabaseError:
    # A full or read-only disk is about the copy's folder; anything else is about the source.
    error = translate(exc, source)
    if isinstance(error, StorageFull | StorageReadOnly):
        error = translate(exc, target)
    return error


def copy_from_connection(
    source: Any, source_path: Path, target: Path, *, key: str | None = None
) -> Path:
    """Write a consistent copy of the database behind ``source`` to ``target`` (owner-only),
    encrypted with ``key`` when one is given."""
    try:
        ensure_private_dir(target.parent)
    except PrivateFileError as exc:
        raise StorageReadOnly(f"WallWatch {exc}.") from exc
    tmp = temp_beside(target)
    failures: tuple[type[BaseException], ...] = (*driver_errors(), OSError)
    try:
        if key is None and isinstance(source, sqlite3.Connection):
            dst = sqlite3.connect(str(tmp), isolation_level=None)
            try:
                source.backup(dst)
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        else:
            encryption.export_into(source, tmp, key)
        sync(tmp)
        os.replace(tmp, target)
        sync(target.parent)
    except failures as exc:
        discard(tmp)
        raise _copy_error(exc, source_path, target) from exc
    except BaseException:
        discard(tmp)
        raise
    return target


def online_copy(
    source: Path, target: Path, *, read_only: bool = False, key: str | None = None
) -> Path:
    """Copy the database at ``source`` consistently into ``target``, even while it is written.

    ``read_only`` is for backups: they are read without creating anything beside them. With a
    ``key``, the copy is encrypted with it (and an encrypted ``source`` is read with it).
    """
    uri = f"{source.as_uri()}?mode=ro&immutable=1" if read_only else source.as_uri()
    try:
        if key is None:
            conn = sqlite3.connect(uri, uri=True, timeout=database.BUSY_TIMEOUT_MS / 1000)
        else:
            conn = encryption.connect_existing(
                source, key, read_only=read_only, immutable=read_only
            )
    except driver_errors() as exc:
        raise translate(exc, source) from exc
    try:
        return copy_from_connection(conn, source, target, key=key)
    finally:
        conn.close()


def raw_copy(source: Path, target: Path) -> Path:
    """Copy the bytes of a file SQLite cannot read (and its write-ahead log), so nothing of a
    damaged journal is lost when it is replaced."""
    try:
        ensure_private_dir(target.parent)
    except PrivateFileError as exc:
        raise StorageReadOnly(f"WallWatch {exc}.") from exc
    pairs = [(source, target)]
    wal = source.with_name(source.name + "-wal")
    if wal.exists():
        pairs.append((wal, target.with_name(target.name + "-wal")))
    for src, dst in pairs:
        tmp = temp_beside(dst)
        try:
            shutil.copyfile(src, tmp)
            sync(tmp)
            os.replace(tmp, dst)
        except OSError as exc:
            discard(tmp)
            raise translate(exc, dst) from exc
    sync(target.parent)
    return target


def _open_backup(path: Path, key: str | None = None) -> Any:
    if key is None:
        return sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    return encryption.connect_existing(path, key, read_only=True, immutable=True)


def examine(path: Path, *, thorough: bool = True, key: str | None = None) -> BackupCheck:
    """Whether ``path`` is a WallWatch journal this version can open, and how many moments it
    holds. Raises a :class:`DatabaseError` whose sentence names the file and the problem.

    ``thorough`` also runs SQLite's ``quick_check`` over every page, which reads the whole file.
    ``key`` opens an encrypted file (one without it raises :class:`PassphraseRequired`).
    """
    if not path.is_file():
        raise DatabaseError(f"{path} does not exist or is not a file.")
    try:
        check_header(path, has_key=key is not None)
        if path.stat().st_size == 0:
            raise NotAWallWatchDatabase(f"{path} is empty: it holds no WallWatch journal.")
        conn = _open_backup(path, key)
    except OSError as exc:
        raise translate(exc, path) from exc
    except driver_errors() as exc:
        raise translate(exc, path) from exc
    try:
        return _examine_open(conn, path, thorough)
    except driver_errors() as exc:
        raise NotAWallWatchDatabase(f"{path} is damaged ({exc}).") from exc
    finally:
        conn.close()


def _examine_open(conn: Any, path: Path, thorough: bool) -> BackupCheck:
    try:
        revision = current_revision(conn)
    except NotAWallWatchDatabase as exc:
        raise NotAWallWatchDatabase(f"{path} {exc}.") from None
    if revision is None:
        raise NotAWallWatchDatabase(f"{path} is empty: it holds no WallWatch journal.")
    head = database.HEAD_REVISION
    if revision and not (revision.isdigit() and int(revision) <= int(head)):
        raise DatabaseTooNew(
            f"{path} was written by a newer version of WallWatch (schema {revision}; "
            f"this version knows up to {head})."
        )
    if thorough:
        found = [str(row[0]) for row in conn.execute("PRAGMA quick_check")]
        if found != ["ok"]:
            raise NotAWallWatchDatabase(f"{path} is damaged (SQLite found: {found[0]}).")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    moments = conn.execute("SELECT count(*) FROM moment").fetchone()[0] if "moment" in tables else 0
    return BackupCheck(revision, int(moments))


def inspect(path: Path, *, thorough: bool = True, key: str | None = None) -> BackupCheck:
    """Like :func:`examine`, but a problem is reported in ``problem`` instead of raised."""
    try:
        return examine(path, thorough=thorough, key=key)
    except DatabaseError as exc:
        return BackupCheck(problem=str(exc))


def _lock_for_restore(path: Path, key: str | None = None) -> Any | None:
    """Take the journal for ourselves, or refuse while anything else has it open.

    Leaving WAL mode needs every other connection gone, so it doubles as the "is anyone using
    this?" test; the exclusive locking mode then keeps newcomers out until we close. ``None``
    means the file is not readable as SQLite at all (so nobody can be using it either).
    """
    if key is None:
        conn = sqlite3.connect(str(path), timeout=LOCK_TIMEOUT_S, isolation_level=None)
    else:
        try:
            conn = encryption.connect_existing(path, key)
        except NotAWallWatchDatabase:  # a wrong passphrase reads like a damaged file
            return None
        except driver_errors() as exc:
            raise translate(exc, path) from exc
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
    except driver_errors() as exc:
        conn.close()
        error = translate(exc, path)
        if isinstance(error, NotAWallWatchDatabase):
            return None
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise DatabaseError(
                f"{path} is open in WallWatch or another program; close it and try again. "
                "Nothing was changed."
            ) from exc
        raise error from exc
    if str(mode).lower() != "delete":
        conn.close()
        raise DatabaseError(
            f"{path} is open in WallWatch or another program; close it and try again. "
            "Nothing was changed."
        )
    return conn


def _promote(raw: Path, target: Path) -> None:
    """Give a byte-for-byte copy (and its log) the name of the safety copy."""
    try:
        os.replace(raw, target)
        wal = raw.with_name(raw.name + "-wal")
        if wal.exists():
            os.replace(wal, target.with_name(target.name + "-wal"))
    except OSError as exc:
        raise translate(exc, target) from exc


def replace_database(
    database_path: Path, backup: Path, safety_copy: Path, *, key: str | None = None
) -> bool:
    """Replace the journal at ``database_path`` with the content of ``backup``.

    The journal as it was is first copied to ``safety_copy`` (through SQLite when it can be
    read, byte for byte when it cannot). The new content is built in a temporary file beside
    the journal and renamed over it, so the journal is always either the old or the new one.
    Returns whether a safety copy was made (there is none when no journal existed yet).
    The caller must have closed its own connections to the journal. With a ``key`` (the
    journal is encrypted), the safety copy and the new content are encrypted with it.
    """
    try:
        ensure_private_dir(database_path.parent)
    except PrivateFileError as exc:
        raise StorageReadOnly(f"WallWatch {exc}.") from exc
    exists = database_path.exists() and database_path.stat().st_size > 0
    lock: Any | None = None
    raw: Path | None = None
    tmp: Path | None = None
    try:
        if exists:
            # The bytes first: SQLite opening a damaged journal may discard its write-ahead log.
            raw = raw_copy(database_path, safety_copy.with_name(f".{safety_copy.name}.raw"))
            lock = _lock_for_restore(database_path, key)
            try:
                if lock is None:
                    raise NotAWallWatchDatabase(f"{database_path} is damaged.")
                copy_from_connection(lock, database_path, safety_copy, key=key)
            except NotAWallWatchDatabase:
                _promote(raw, safety_copy)  # unreadable through SQLite: keep its bytes instead
                raw = None
        tmp = temp_beside(database_path)
        online_copy(backup, tmp, read_only=True, key=key)
        examine(
            tmp, key=key
        )  # the copy, not only the backup, must be whole before it takes the place
    except BaseException:
        if tmp is not None:
            discard(tmp)
        raise
    finally:
        if raw is not None:
            discard(raw)
        if lock is not None:
            lock.close()
    try:
        # Old side files would be replayed into the new content: they belong to the old file.
        for side in side_files(database_path):
            side.unlink(missing_ok=True)
        os.replace(tmp, database_path)
        sync(database_path.parent)
    except OSError as exc:
        discard(tmp)
        raise translate(exc, database_path) from exc
    return exists


__all__ = [
    "BackupCheck",
    "copy_from_connection",
    "examine",
    "inspect",
    "online_copy",
    "raw_copy",
    "replace_database",
    "side_files",
]
