"""The desktop app as a whole: start-up as a real process, no display, remembered window state."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize
from pytestqt.qtbot import QtBot

from wallwatch import app as wallwatch_app
from wallwatch.services import Journal
from wallwatch.ui.main_window import MainWindow

START_TIMEOUT_S = 90


def _run_probe(env_changes: dict[str, str | None]) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["WALLWATCH_PROBE"] = "1"
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "-m", "wallwatch.app"],
        env=env,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_S,
        check=False,
    )


def _probe_lines(stdout: str) -> dict[str, str]:
    lines = {}
    for line in stdout.splitlines():
        if line.startswith("probe "):
            _probe, name, rest = line.split(" ", 2)
            lines[name] = rest
    return lines


def _assert_started(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stderr
    names = [line.split()[1] for line in result.stdout.splitlines() if line.startswith("probe ")]
    assert "first_paint" in names and "interactive" in names, result.stdout
    assert names.index("first_paint") < names.index("interactive")
    probes = _probe_lines(result.stdout)
    assert float(probes["first_paint"]) <= float(probes["interactive"])
    # The window paints before the heavy libraries load: the journal (SQLAlchemy) opens after
    # the first paint, and matplotlib only when Weekly is first shown.
    assert probes["modules-at-first-paint"] == "matplotlib=False sqlalchemy=False"


def test_starts_paints_then_becomes_interactive_offscreen(tmp_path: Path) -> None:
    result = _run_probe({"QT_QPA_PLATFORM": "offscreen"})
    _assert_started(result)
    assert "Traceback" not in result.stderr


def test_without_a_display_main_says_so_and_returns_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert wallwatch_app.main([]) == 2
    err = capsys.readouterr().err
    assert "no desktop display" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_window_size_and_last_area_are_remembered(
    qtbot: QtBot, journal: Journal, tmp_path: Path
) -> None:
    state_file = tmp_path / "ui-state.ini"
    first = MainWindow(QSettings(str(state_file), QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    first.show()
    first.attach(journal, is_demo=False)
    # Within the offscreen screen (800x600): restoreGeometry shrinks what does not fit.
    first.resize(QSize(771, 547))
    first.show_area("weekly")
    first.close()

    second = MainWindow(QSettings(str(state_file), QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    assert second.size() == QSize(771, 547)
    second.show()
    second.attach(journal, is_demo=False)
    assert second.current_area_key() == "weekly"
    second.close()


# -- a real X server ----------------------------------------------------------------------------
@pytest.fixture
def xvfb_display(tmp_path: Path) -> Iterator[str]:
    """Start Xvfb on a free display number (it picks one itself) and stop it afterwards."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed (Debian package xvfb), so no real X server test")
    read_fd, write_fd = os.pipe()
    log = (tmp_path / "xvfb.log").open("w")
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=log,
        stderr=log,
    )
    os.close(write_fd)
    try:
        ready, _w, _x = select.select([read_fd], [], [], 20)
        number = os.read(read_fd, 32).decode().strip() if ready else ""
        if not number:
            proc.kill()
            proc.wait()
            pytest.skip(f"Xvfb did not start: {(tmp_path / 'xvfb.log').read_text()[-400:]}")
        yield f":{number}"
    finally:
        os.close(read_fd)
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


@pytest.mark.xvfb
def test_starts_and_paints_under_a_real_x_server(xvfb_display: str) -> None:
    result = _run_probe({"DISPLAY": xvfb_display, "QT_QPA_PLATFORM": None, "WAYLAND_DISPLAY": None})
    _assert_started(result)
