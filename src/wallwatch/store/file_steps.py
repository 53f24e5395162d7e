"""The small file steps a safe copy or replacement of a journal is made of: a private temporary
file beside the target, fsync of a file or folder, and removing a file with its SQLite side
files. Shared by backups/restores and by turning encryption on or off."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from wallwatch.private_files import FILE_MODE
from wallwatch.store.errors import translate

SIDE_FILES = ("-wal", "-shm", "-journal")


def side_files(path: Path) -> list[Path]:
    """The files SQLite may keep beside ``path`` (write-ahead log, shared memory, journal)."""
    return [path.with_name(path.name + suffix) for suffix in SIDE_FILES]


def temp_beside(target: Path) -> Path:
    """A new empty owner-only file in ``target``'s folder, to be renamed over it when done."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise translate(exc, target) from exc
    os.fchmod(fd, FILE_MODE)
    os.close(fd)
    return Path(name)


def discard(path: Path) -> None:
    """Remove ``path`` and its side files, quietly (clean-up after a failed step)."""
    for file in (path, *side_files(path)):
        with contextlib.suppress(OSError):
            file.unlink()


def sync(path: Path) -> None:
    """Flush a file (or a folder, making a rename last) to disk; some systems cannot."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
