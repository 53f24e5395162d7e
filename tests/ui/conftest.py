"""GUI test fixtures: a real journal, a private QSettings file, and a check for leftover work."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from wallwatch.services import Journal, open_journal
from wallwatch.ui.context import AreaContext, JournalEvents
from wallwatch.ui.worker import TaskRunner


@pytest.fixture
def view_state(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "ui-state.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def ui_journal(tmp_path: Path) -> Iterator[Journal]:
    j = open_journal(tmp_path / "ui-journal" / "wallwatch.sqlite3")
    try:
        yield j
    finally:
        j.close()


@pytest.fixture
def ctx(qapp: QApplication, ui_journal: Journal, view_state: QSettings) -> Iterator[AreaContext]:
    """An AreaContext over a real journal; fails the test if background work is left running."""
    events = JournalEvents()
    runner = TaskRunner()
    context = AreaContext(ui_journal, False, events, QUndoStack(), runner, view_state)
    yield context
    finished = runner.wait(10_000)
    QApplication.processEvents()
    assert finished and not runner.busy(), "a background task was left running"


@pytest.fixture(autouse=True)
def _no_leftover_threads(qapp: QApplication) -> Iterator[None]:
    yield
    assert QThreadPool.globalInstance().waitForDone(10_000), "global pool work left running"
