"""Shared test set-up: no test may touch real data, real settings or the network."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point WallWatch's data folder and every XDG folder at this test's tmp_path."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("WALLWATCH_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(home / "run"))
    monkeypatch.setenv("MPLCONFIGDIR", str(home / ".mpl"))
    (home / "run").mkdir(mode=0o700)
    yield tmp_path / "data"


@pytest.fixture
def journal_path(tmp_path: Path) -> Path:
    return tmp_path / "journal" / "wallwatch.sqlite3"


@pytest.fixture
def journal(journal_path: Path) -> Iterator[object]:
    from wallwatch.services import open_journal

    j = open_journal(journal_path)
    try:
        yield j
    finally:
        j.close()
