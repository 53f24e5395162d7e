"""packaging/launcher.py, the script the frozen executables run, tried from the source tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bundle_helpers import PACKAGING, load

from wallwatch import __version__

launcher = load("launcher")


def _run(script: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env},
        timeout=120,
        check=False,
    )


def test_the_command_line_name_runs_commands() -> None:
    ran = _run(PACKAGING / "launcher.py", "--version")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == f"wallwatch {__version__}\n"


def test_a_name_ending_in_gui_always_opens_the_app(tmp_path: Path, _private_home: Path) -> None:
    gui = tmp_path / "wallwatch-gui.py"
    shutil.copy(PACKAGING / "launcher.py", gui)

    ran = _run(gui, "--version", WALLWATCH_PROBE="1")  # the app has no --version: it opens

    assert ran.returncode == 0, ran.stderr
    assert "probe first_paint" in ran.stdout
    assert "probe interactive" in ran.stdout
    assert f"wallwatch {__version__}" not in ran.stdout
    assert (_private_home / "wallwatch.sqlite3").is_file()


def test_the_font_cache_goes_to_an_owner_only_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("LOCALAPPDATA", str(cache))
    monkeypatch.setenv("HOME", str(tmp_path))  # macOS: ~/Library/Caches
    monkeypatch.setenv("MPLCONFIGDIR", "/tmp/somewhere-temporary")

    launcher._keep_the_font_cache()

    folder = Path(os.environ["MPLCONFIGDIR"])
    assert folder.name == "matplotlib" and folder.parent.name == "WallWatch"
    assert folder.is_dir()
    for level in (folder, folder.parent):
        assert level.stat().st_mode & 0o777 == 0o700


def test_a_windowless_start_gets_streams_to_write_to(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)

    launcher._give_windowless_streams()

    assert sys.stdout is not None and sys.stdout.name == os.devnull
    assert sys.stderr is not None and sys.stderr.name == os.devnull
    try:
        print("nobody sees this")
        sys.stderr.write("nor this\n")
    finally:
        sys.stdout.close()
        sys.stderr.close()
