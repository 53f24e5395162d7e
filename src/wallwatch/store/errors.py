"""Why a journal cannot be opened or written, each as one plain sentence for a person."""

from __future__ import annotations

import errno
import functools
import sqlite3
from pathlib import Path

from wallwatch.private_files import describe_os_error


class DatabaseError(Exception):
    """A journal cannot be opened or written. ``str()`` is one sentence for a person."""


class NotAWallWatchDatabase(DatabaseError):
    """The file is damaged, is not SQLite, or is an SQLite file of some other program."""


class PassphraseRequired(NotAWallWatchDatabase):
    """The file is encrypted (or damaged beyond telling): only a passphrase can open it.

    A subclass of :class:`NotAWallWatchDatabase` because, without the passphrase, an encrypted
    file and a damaged one look the same: random bytes where SQLite's header should be.
    """


class WrongPassphrase(PassphraseRequired):
    """A passphrase was given, and it does not open the file."""


def locked(path: Path) -> PassphraseRequired:
    """The error for a file that only a passphrase may open (or that is no database at all)."""
    return PassphraseRequired(
        f"{path} is locked with a passphrase (or it is not an SQLite database, or it is damaged)."
    )


class EncryptionUnavailable(DatabaseError):
    """Encryption needs the ``sqlcipher3`` package, and it is not installed."""


class DatabaseTooNew(DatabaseError):
    """The file was written by a newer WallWatch; opening it here could lose data."""


class StorageFull(DatabaseError):
    """The disk (or a size limit) is full; nothing was saved."""


class StorageReadOnly(DatabaseError):
    """The file or its folder cannot be written; nothing was saved."""


class NameTaken(ValueError):
    """Another person or tag already has that name."""


class NotFound(LookupError):
    """No person, tag or moment by that name or id."""


@functools.cache
def driver_errors() -> tuple[type[Exception], ...]:
    """The DB-API error classes a store call may raise: the standard library's, and SQLCipher's
    (its classes do not derive from :mod:`sqlite3`'s) when it is installed."""
    try:
        import sqlcipher3
    except ImportError:
        return (sqlite3.Error,)
    return (sqlite3.Error, sqlcipher3.Error)


def translate(exc: BaseException, path: Path) -> DatabaseError:
    """Turn a driver error into one plain sentence naming the problem."""
    orig = getattr(exc, "orig", exc)
    message = str(orig).lower()
    code = getattr(orig, "sqlite_errorcode", None)
    # SQLite reports a write refused with EFBIG (a file-size limit) or a short write as a
    # write I/O error, not as "full"; to a person it is the same thing.
    write_failed = code == sqlite3.SQLITE_IOERR_WRITE
    if isinstance(code, int):
        code &= 0xFF  # extended result codes carry the primary code in the low byte
    if "database or disk is full" in message or code == sqlite3.SQLITE_FULL or write_failed:
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
