"""Encryption at rest with SQLCipher: keyed connections, and turning a file's encryption on, off
or to another passphrase.

Nothing about the passphrase is stored anywhere. An encrypted file starts with random bytes
where SQLite writes its header, which is how a file is known to be encrypted before anyone is
asked for a passphrase (see :func:`~wallwatch.store.identity.file_kind`); whether a passphrase is
the right one shows only when the first page decrypts.

The passphrase goes through SQLCipher's own key derivation (PBKDF2-HMAC-SHA512 with a random
salt kept in the file), after Unicode normalisation so the same words typed on any system give
the same key. ``PRAGMA key`` takes no bound parameters, so there the passphrase is an SQL string
literal with its quotes doubled, the only escape such a literal has; ``ATTACH … KEY`` binds it
as a parameter.

Changing a file's encryption writes all of it into a new file beside it (``sqlcipher_export``),
checks that the new file holds the same rows, and renames it over the old one in one step, so
the file is always either wholly the old or wholly the new one.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import unicodedata
from pathlib import Path
from types import ModuleType
from typing import Any

from wallwatch.store.errors import (
    DatabaseError,
    EncryptionUnavailable,
    NotAWallWatchDatabase,
    WrongPassphrase,
    driver_errors,
    locked,
    translate,
)
from wallwatch.store.file_steps import SIDE_FILES, discard, sync, temp_beside
from wallwatch.store.identity import FileKind, file_kind

TARGET = "wallwatch_target"  # the schema name a copy is attached under
LOCK_TIMEOUT_S = 2.0
UNAVAILABLE = (
    "Encryption needs the sqlcipher3 package, which is not installed with this WallWatch; "
    "reinstall WallWatch (for example with 'make run') to get it."
)


def available() -> bool:
    """Whether SQLCipher can be used here."""
    try:
        driver()
    except EncryptionUnavailable:
        return False
    return True


@functools.cache
def driver() -> ModuleType:
    """The SQLCipher DB-API module; :class:`EncryptionUnavailable` when it is not installed."""
    try:
        import sqlcipher3
    except ImportError as exc:
        raise EncryptionUnavailable(UNAVAILABLE) from exc
    # SQLCipher logs a failed decryption (a wrong passphrase) to stderr; the caller says it.
    quiet = sqlcipher3.connect(":memory:")
    with contextlib.suppress(sqlcipher3.Error):
        quiet.execute("PRAGMA cipher_log_level = NONE")
    quiet.close()
    module: ModuleType = sqlcipher3
    return module


def normalise(passphrase: str) -> str:
    """The passphrase as it is keyed: NFC, so "é" typed as one or two code points is the same."""
    text = unicodedata.normalize("NFC", passphrase)
    if not text:
        raise ValueError("A passphrase cannot be empty.")
    if "\x00" in text:
        raise ValueError("A passphrase cannot contain a NUL character.")
    return text


def key_statement(passphrase: str) -> str:
    """``PRAGMA key`` with the passphrase as a safely quoted SQL string literal."""
    return "PRAGMA key = '" + normalise(passphrase).replace("'", "''") + "'"


def apply_key(conn: Any, passphrase: str, path: Path) -> None:
    """Key a fresh connection and prove the key by reading the first page."""
    conn.execute(key_statement(passphrase))
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except driver_errors() as exc:
        error = translate(exc, path)
        if isinstance(error, NotAWallWatchDatabase):  # "file is not a database"
            raise WrongPassphrase(f"That passphrase does not open {path}.") from None
        raise error from exc


def connect(
    path: Path,
    passphrase: str | None,
    *,
    read_only: bool = False,
    immutable: bool = False,
    timeout: float = 10.0,
) -> Any:
    """An SQLCipher connection to ``path`` (autocommit), keyed and checked when a passphrase
    is given; without one it reads plain SQLite files like the standard module does."""
    module = driver()
    target = str(path)
    if read_only:
        target = f"{path.as_uri()}?mode=ro{'&immutable=1' if immutable else ''}"
    conn = module.connect(
        target, uri=read_only, timeout=timeout, isolation_level=None, check_same_thread=False
    )
    try:
        if passphrase is not None:
            apply_key(conn, passphrase, path)
    except BaseException:
        conn.close()
        raise
    return conn


def connect_existing(
    path: Path,
    passphrase: str | None,
    *,
    read_only: bool = False,
    immutable: bool = False,
    timeout: float = LOCK_TIMEOUT_S,
) -> Any:
    """A connection that reads the file at ``path`` whichever it is: the standard module for a
    plain file when no passphrase is in play, SQLCipher otherwise (keyed only if the file is
    encrypted). Raises :class:`PassphraseRequired` for an encrypted file without a passphrase."""
    kind = file_kind(path) if path.exists() else FileKind.EMPTY
    if kind is FileKind.ENCRYPTED:
        if passphrase is None:
            raise locked(path)
        return connect(path, passphrase, read_only=read_only, immutable=immutable, timeout=timeout)
    if passphrase is None:
        if read_only:
            uri = f"{path.as_uri()}?mode=ro{'&immutable=1' if immutable else ''}"
            return sqlite3.connect(uri, uri=True, isolation_level=None)
        return sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
    return connect(path, None, read_only=read_only, immutable=immutable, timeout=timeout)


def is_cipher_connection(conn: Any) -> bool:
    return not isinstance(conn, sqlite3.Connection)


def export_into(source: Any, target: Path, passphrase: str | None) -> None:
    """Write the whole main database of the SQLCipher connection ``source`` into the empty file
    ``target``: encrypted with ``passphrase``, or plain when it is ``None``.

    One transaction reads the source, so a journal being written still gives a consistent copy.
    """
    key = "" if passphrase is None else normalise(passphrase)
    source.execute(f"ATTACH DATABASE ? AS {TARGET} KEY ?", (str(target), key))
    try:
        source.execute("BEGIN")
        try:
            source.execute(f"SELECT sqlcipher_export('{TARGET}')")
            # The header fields that say whose file it is are not part of the export.
            for pragma in ("application_id", "user_version"):
                value = int(source.execute(f"PRAGMA main.{pragma}").fetchone()[0])
                source.execute(f"PRAGMA {TARGET}.{pragma} = {value}")
            source.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(*driver_errors()):
                source.execute("ROLLBACK")
            raise
    finally:
        with contextlib.suppress(*driver_errors()):
            source.execute(f"DETACH DATABASE {TARGET}")


def row_counts(conn: Any) -> dict[str, int]:
    """Rows per table: what a copy must hold the same of."""
    names = [
        str(r[0])
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in names}


# -- re-writing a whole file ---------------------------------------------------------------------
def rewrite(path: Path, *, old: str | None, new: str | None, scrub: bool = False) -> bool:
    """Re-write the closed file at ``path`` so it is encrypted with ``new`` (plain for ``None``).

    ``old`` opens it if it is encrypted now (a plain file needs none). The new content is
    checked (every page, every table's rows) before it takes the old one's place. With
    ``scrub``, the old bytes are then overwritten, as far as the file system lets a program.
    Returns ``False`` when there was nothing to re-write (an empty file). Refused, with nothing
    changed, while any program has the file open.
    """
    path = Path(path).absolute()
    kind = file_kind(path)
    if kind is FileKind.EMPTY:
        return False
    if kind is FileKind.OTHER:
        raise translate(sqlite3.DatabaseError("file is not a database"), path)
    source = _lock(path, old if kind is FileKind.ENCRYPTED else None)
    tmp: Path | None = None
    try:
        tmp = temp_beside(path)
        export_into(source, tmp, new)
        _verify(tmp, new, row_counts(source))
    except driver_errors() as exc:
        if tmp is not None:
            discard(tmp)
        raise translate(exc, path) from exc
    except BaseException:
        if tmp is not None:
            discard(tmp)
        raise
    finally:
        source.close()
    try:
        for suffix in SIDE_FILES:  # the old file's; they must not be replayed into the new one
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        _replace(tmp, path, scrub=scrub)
        sync(path.parent)
    except OSError as exc:
        discard(tmp)
        raise translate(exc, path) from exc
    return True


def _lock(path: Path, passphrase: str | None) -> Any:
    """Take the file for ourselves, or refuse while anything else has it open (leaving WAL mode
    needs every other connection gone; the exclusive locking mode keeps newcomers out)."""
    conn = connect(path, passphrase, timeout=LOCK_TIMEOUT_S)
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
    except driver_errors() as exc:
        conn.close()
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise _busy(path) from exc
        raise translate(exc, path) from exc
    if str(mode).lower() != "delete":
        conn.close()
        raise _busy(path)
    return conn


def _busy(path: Path) -> DatabaseError:
    return DatabaseError(
        f"{path} is open in WallWatch or another program; close it and try again. "
        "Nothing was changed."
    )


def _verify(copy: Path, passphrase: str | None, expected: dict[str, int]) -> None:
    conn = connect(copy, passphrase)
    try:
        found = [str(r[0]) for r in conn.execute("PRAGMA quick_check")]
        if found != ["ok"] or row_counts(conn) != expected:
            raise DatabaseError(
                f"The re-written copy of {copy.name} did not match the original, so it was "
                "not used. Nothing was changed."
            )
    finally:
        conn.close()


def _replace(new: Path, old: Path, *, scrub: bool) -> None:
    """Rename ``new`` over ``old``; with ``scrub``, then overwrite the old bytes with zeros.

    The old file is held open across the rename so its bytes can still be reached afterwards
    (the file is never half zeroed while it is the journal). Where an open file cannot be
    renamed over (Windows), it is let go and not scrubbed.
    """
    sync(new)
    handle = None
    if scrub:
        with contextlib.suppress(OSError):
            handle = old.open("r+b")
    try:
        try:
            os.replace(new, old)
        except PermissionError:
            if handle is None:
                raise
            handle.close()
            handle = None
            os.replace(new, old)
        if handle is not None:
            _overwrite(handle)
    finally:
        if handle is not None:
            handle.close()


def _overwrite(handle: Any) -> None:
    left = handle.seek(0, os.SEEK_END)
    handle.seek(0)
    block = bytes(64 * 1024)
    with contextlib.suppress(OSError):
        while left > 0:
            left -= handle.write(block[: min(left, len(block))])
        handle.flush()
        os.fsync(handle.fileno())


__all__ = [
    "UNAVAILABLE",
    "apply_key",
    "available",
    "connect",
    "connect_existing",
    "driver",
    "export_into",
    "is_cipher_connection",
    "key_statement",
    "normalise",
    "rewrite",
    "row_counts",
]
