"""One WallWatch per data folder: a second launch brings the first forward, a lock left by a
killed WallWatch does not block the next one, and an unreachable first one is named plainly."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile
from pytestqt.qtbot import QtBot

from wallwatch.ui.single_instance import (
    ALREADY_OPEN_FORWARDED,
    ALREADY_OPEN_SILENT,
    LOCK_NAME,
    Outcome,
    SingleInstance,
    server_name,
)

START_TIMEOUT_S = 90
# A second launch only connects, sends one line and leaves: far below a full start-up.
SECOND_LAUNCH_BUDGET_S = 20


def _env(data: Path, probe: str) -> dict[str, str]:
    env = dict(os.environ)
    env["WALLWATCH_HOME"] = str(data)
    env["WALLWATCH_PROBE"] = probe
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _launch(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wallwatch.app", *args],
        env=_env(data, "1"),
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_S,
        check=False,
    )


class HeldApp:
    """A real WallWatch process kept open (WALLWATCH_PROBE=hold) until its stdin is closed."""

    def __init__(self, data: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "wallwatch.app"],
            env=_env(data, "hold"),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.strip())

    def wait_for(self, prefix: str, timeout: float = START_TIMEOUT_S) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.seen:
                if line.startswith(prefix):
                    self.seen.remove(line)
                    return line
            try:
                self.seen.append(self.lines.get(timeout=0.2))
            except queue.Empty:
                if self.proc.poll() is not None and self.lines.empty():
                    break
        raise AssertionError(f"no {prefix!r} line; saw {self.seen}")

    def stop(self) -> int:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(timeout=5)
        return self.proc.returncode


@pytest.fixture
def held(tmp_path: Path) -> Iterator[HeldApp]:
    app = HeldApp(tmp_path / "data")
    try:
        app.wait_for("probe interactive")
        yield app
    finally:
        app.stop()


def test_a_second_launch_brings_the_first_forward_and_leaves(held: HeldApp, tmp_path: Path) -> None:
    started = time.monotonic()
    second = _launch(tmp_path / "data")
    took = time.monotonic() - started
    assert second.returncode == 0, second.stderr
    assert second.stderr.strip() == ALREADY_OPEN_FORWARDED
    assert "probe first_paint" not in second.stdout  # no second window was ever shown
    assert took < SECOND_LAUNCH_BUDGET_S
    held.wait_for("probe raise-requested", timeout=10)
    # The first one is still running and still holds the folder.
    assert held.proc.poll() is None
    assert (tmp_path / "data" / LOCK_NAME).exists()


def test_the_demo_journal_counts_as_the_same_instance(held: HeldApp, tmp_path: Path) -> None:
    second = _launch(tmp_path / "data", "--demo")
    assert second.returncode == 0, second.stderr
    assert second.stderr.strip() == ALREADY_OPEN_FORWARDED
    held.wait_for("probe raise-requested", timeout=10)
    assert not (tmp_path / "data" / "demo").exists()  # the second did not open the demo


def test_a_different_data_folder_is_a_different_instance(held: HeldApp, tmp_path: Path) -> None:
    other = _launch(tmp_path / "elsewhere")
    assert other.returncode == 0, other.stderr
    assert "probe interactive" in other.stdout
    assert ALREADY_OPEN_FORWARDED not in other.stderr


def test_the_lock_is_released_on_a_normal_exit(tmp_path: Path) -> None:
    app = HeldApp(tmp_path / "data")
    app.wait_for("probe interactive")
    assert (tmp_path / "data" / LOCK_NAME).exists()
    assert app.stop() == 0
    assert not (tmp_path / "data" / LOCK_NAME).exists()
    again = _launch(tmp_path / "data")
    assert again.returncode == 0, again.stderr
    assert "probe interactive" in again.stdout


_TAKE_LOCK_AND_WAIT = """
import sys, time
from PySide6.QtCore import QLockFile
lock = QLockFile(sys.argv[1])
lock.setStaleLockTime(0)
assert lock.tryLock(0)
print("locked", flush=True)
time.sleep(600)
"""


def test_a_lock_left_by_a_killed_wallwatch_does_not_block_the_next(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    lock = data / LOCK_NAME
    holder = subprocess.Popen(
        [sys.executable, "-c", _TAKE_LOCK_AND_WAIT, str(lock)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "locked"
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    holder.stdout.close()
    assert lock.exists()  # left behind, as after a crash

    result = _launch(data)
    assert result.returncode == 0, result.stderr
    assert "probe interactive" in result.stdout
    assert ALREADY_OPEN_FORWARDED not in result.stderr
    assert not lock.exists()  # taken over, then released on exit


def test_a_holder_that_does_not_answer_is_named_plainly(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    # This test process holds the lock but runs no server: WallWatch cannot be reached.
    lock = QLockFile(str(data / LOCK_NAME))
    lock.setStaleLockTime(0)
    assert lock.tryLock(0)
    try:
        result = _launch(data)
    finally:
        lock.unlock()
    assert result.returncode == 1
    assert result.stderr.strip() == ALREADY_OPEN_SILENT
    assert "probe first_paint" not in result.stdout
    assert not (data / "wallwatch.sqlite3").exists()  # it did not open the journal either


def test_the_first_instance_is_told_to_raise(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = SingleInstance(data)
    try:
        assert first.acquire() is Outcome.FIRST
        assert first.listening
        with qtbot.waitSignal(first.sig_raise_requested, timeout=START_TIMEOUT_S * 1000):
            proc = subprocess.Popen(
                [sys.executable, "-m", "wallwatch.app"],
                env=_env(data, "1"),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        _out, err = proc.communicate(timeout=START_TIMEOUT_S)
        assert proc.returncode == 0, err
        assert err.strip() == ALREADY_OPEN_FORWARDED
    finally:
        first.release()
    assert not (data / LOCK_NAME).exists()


def test_the_lock_file_is_owner_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = SingleInstance(data)
    try:
        assert first.acquire() is Outcome.FIRST
        assert (data / LOCK_NAME).stat().st_mode & 0o777 == 0o600
        assert data.stat().st_mode & 0o777 == 0o700
    finally:
        first.release()


def test_server_name_hides_the_folder_and_differs_per_folder(tmp_path: Path) -> None:
    secret = tmp_path / "Therapy notes of Sam"
    name = server_name(secret)
    assert "Therapy" not in name and "Sam" not in name and str(tmp_path) not in name
    assert name == server_name(secret)
    assert name != server_name(tmp_path / "another")
    assert Path(name).name.startswith("wallwatch-")


def test_an_unusable_folder_does_not_block_start_up(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    instance = SingleInstance(blocker / "data")
    try:
        # The journal page will explain the folder problem; the lock must not hide it.
        assert instance.acquire() is Outcome.FIRST
    finally:
        instance.release()
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder"
