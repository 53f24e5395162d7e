"""Where WallWatch keeps its files. The one module that uses appdirs.

Order of precedence: an explicit ``--data-dir``, then ``WALLWATCH_HOME``, then the per-user
data folder appdirs reports for this platform.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import NamedTuple

import appdirs

from wallwatch.private_files import PrivateFileError, ensure_private_dir, make_private_file

APP_DIR_NAME = "WallWatch"
DB_FILENAME = "wallwatch.sqlite3"
ENV_HOME = "WALLWATCH_HOME"


class DataPaths(NamedTuple):
    """The data folder and what lives in it. A NamedTuple (immutable, compared by value):
    this module is on the start-up path, and ``dataclasses`` costs a few ms to import."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / DB_FILENAME

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def demo_root(self) -> Path:
        return self.root / "demo"

    def demo(self) -> DataPaths:
        """The separate demo journal: never mixed with real entries."""
        return DataPaths(self.demo_root)


def ui_state_file() -> Path:
    """Where window size, position and similar view state are kept (QSettings, INI format).

    Its folder and the (empty) file are made owner-only here first: QSettings would create
    them with the umask's modes (often readable by everyone), and keeps the modes it finds.
    """
    path = Path(appdirs.user_config_dir(APP_DIR_NAME, appauthor=False)) / "ui-state.ini"
    with contextlib.suppress(PrivateFileError):  # QSettings copes with an unwritable folder
        ensure_private_dir(path.parent)
        make_private_file(path)
    return path


def default_root() -> Path:
    return Path(appdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def resolve(data_dir: str | os.PathLike[str] | None = None) -> DataPaths:
    if data_dir:
        return DataPaths(Path(data_dir).expanduser().absolute())
    env = os.environ.get(ENV_HOME, "").strip()
    if env:
        return DataPaths(Path(env).expanduser().absolute())
    return DataPaths(default_root())
