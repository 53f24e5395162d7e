"""Owner-only files and folders, and writes that either complete or leave nothing behind.

Used by every layer that writes to disk (store, exports, backups); plain standard library.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

DIR_MODE = 0o700
FILE_MODE = 0o600


class PrivateFileError(Exception):
    """A folder or file could not be created or written; the message names it and says why."""


def describe_os_error(exc: OSError) -> str:
    """A short human reason for a failed file operation."""
    import errno

    reasons = {
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the disk is read-only",
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EFBIG: "the file is too large for this disk or limit",
        errno.ENOENT: "it does not exist",
        errno.ENOTDIR: "a part of the path is not a folder",
        errno.EISDIR: "it is a folder",
    }
    return reasons.get(exc.errno or 0, exc.strerror or str(exc))


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make it readable by its owner only."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        if stat.S_IMODE(path.stat().st_mode) != DIR_MODE:
            path.chmod(DIR_MODE)
    except OSError as exc:
        raise PrivateFileError(f"cannot use the folder {path}: {describe_os_error(exc)}") from exc
    if not path.is_dir():
        raise PrivateFileError(f"cannot use {path}: it is not a folder")
    return path


def make_private_file(path: Path) -> None:
    """Create ``path`` empty, owner-only, if missing; tighten its mode if it exists."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
        os.close(fd)
        if stat.S_IMODE(path.stat().st_mode) != FILE_MODE:
            path.chmod(FILE_MODE)
    except OSError as exc:
        raise PrivateFileError(f"cannot write {path}: {describe_os_error(exc)}") from exc


@contextlib.contextmanager
def atomic_writer(
    target: Path, *, newline: str | None = "", encoding: str = "utf-8"
) -> Iterator[IO[str]]:
    """Write text to a hidden temporary file beside ``target``, then rename it into place.

    On any error the temporary file is removed and ``target`` is left as it was. The result is
    owner-only (0600) and flushed to disk before the rename.
    """
    folder = target.parent
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise PrivateFileError(f"cannot write {target}: {describe_os_error(exc)}") from exc
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "w", newline=newline, encoding=encoding) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _sync_folder(folder)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise PrivateFileError(f"cannot write {target}: {describe_os_error(exc)}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _sync_folder(folder: Path) -> None:
    """Flush the rename itself, so a power cut cannot bring back the old file."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the data itself is already synced
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_binary_writer(target: Path) -> Iterator[IO[bytes]]:
    """Like :func:`atomic_writer`, for bytes (images): temporary file, fsync, rename, 0600."""
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
    except OSError as exc:
        raise PrivateFileError(f"cannot write {target}: {describe_os_error(exc)}") from exc
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _sync_folder(target.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise PrivateFileError(f"cannot write {target}: {describe_os_error(exc)}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
