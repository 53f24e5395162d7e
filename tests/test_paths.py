"""Where the journal lives: --data-dir, then WALLWATCH_HOME, then the platform's data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from wallwatch import paths
from wallwatch.paths import APP_DIR_NAME, DB_FILENAME, ENV_HOME, DataPaths, default_root, resolve


def test_explicit_folder_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_HOME, str(tmp_path / "from-env"))
    chosen = resolve(tmp_path / "chosen")
    assert chosen.root == tmp_path / "chosen"
    assert resolve(str(tmp_path / "as-text")).root == tmp_path / "as-text"


def test_environment_comes_next(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_HOME, str(tmp_path / "from-env"))
    assert resolve().root == tmp_path / "from-env"
    assert resolve("").root == tmp_path / "from-env"  # an empty --data-dir is no choice


def test_platform_folder_last(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_HOME, raising=False)
    root = resolve().root
    assert root == default_root()
    assert root.name == APP_DIR_NAME
    # conftest points XDG_DATA_HOME into this test's tmp folder: never the real one.
    assert root.parent == Path(os.environ["XDG_DATA_HOME"])


def test_blank_environment_value_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_HOME, "   ")
    assert resolve().root == default_root()


def test_home_and_relative_folders_become_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert resolve("~/journal").root == Path(os.environ["HOME"]) / "journal"
    monkeypatch.chdir(tmp_path)
    relative = resolve("here")
    assert relative.root.is_absolute()
    assert relative.root == tmp_path / "here"
    monkeypatch.setenv(ENV_HOME, "~/env-journal")
    assert resolve().root == Path(os.environ["HOME"]) / "env-journal"


def test_files_inside_the_data_folder(tmp_path: Path) -> None:
    p = DataPaths(tmp_path)
    assert p.database == tmp_path / DB_FILENAME
    assert p.backups == tmp_path / "backups"
    demo = p.demo()
    assert demo.root == p.demo_root == tmp_path / "demo"
    assert demo.database != p.database
    assert demo.database.parent == tmp_path / "demo"


def test_resolving_creates_nothing(tmp_path: Path) -> None:
    resolve(tmp_path / "not-yet")
    assert not (tmp_path / "not-yet").exists()


def test_paths_is_the_module_that_knows_appdirs() -> None:
    assert paths.appdirs.__name__ == "appdirs"
