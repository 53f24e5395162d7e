"""A save that fails for real (the journal file may not grow) in the whole window: the person is
told, every typed word stays in the form, and the moments saved before are all still there."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from wallwatch import paths
from wallwatch.app import Controller
from wallwatch.domain.model import Direction
from wallwatch.ui.log_view import LogView
from wallwatch.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
LONG_NOTE = "Everything I did not say came back at once. " * 200  # needs new pages


@pytest.fixture
def opened(
    qtbot: QtBot, tmp_path: Path, view_state: QSettings
) -> Iterator[tuple[MainWindow, Controller]]:
    """The real window and start-up wiring over a new journal in this test's data folder."""
    win = MainWindow(view_state)  # closed below, after background work has reported back
    controller = Controller(win, paths.resolve(tmp_path / "data"))
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    controller.open(False)
    assert controller.journal is not None, "the journal did not open"
    yield win, controller
    # Let the areas' background work (e.g. listing backups) report back while they exist.
    qtbot.waitUntil(lambda: not win.tasks.busy(), timeout=10_000)
    controller.close()
    win.close()
    win.deleteLater()


def _log_view(win: MainWindow) -> LogView:
    view = win.areas["log"]
    assert isinstance(view, LogView)
    return view


def _type_moment(qtbot: QtBot, win: MainWindow, direction: str, person: str, note: str) -> None:
    """Ctrl+N, then the keyboard only: direction letter, two tabs to the person, the note."""
    qtbot.keyClick(QApplication.focusWidget() or win, Qt.Key.Key_N, CTRL)
    form = _log_view(win).form
    qtbot.waitUntil(form.direction.hasFocus)
    qtbot.keyClicks(form.direction, direction)
    form.person.edit.setFocus()
    qtbot.keyClicks(form.person.edit, person)
    form.note.setFocus()
    QApplication.clipboard().setText(note)
    qtbot.keyClick(form.note, Qt.Key.Key_V, CTRL)


def _save(qtbot: QtBot, win: MainWindow) -> None:
    qtbot.keyClick(_log_view(win).form.note, Qt.Key.Key_Return, CTRL)


def _stored_notes(path: Path) -> list[str]:
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return [r[0] for r in raw.execute("SELECT note FROM moment ORDER BY note")]
    finally:
        raw.close()


def _cap_growth(dbapi_conn: Any, _record: Any) -> None:
    # Every new connection may not grow the file by one page: SQLite's own "disk is full".
    cur = dbapi_conn.cursor()
    pages = cur.execute("PRAGMA page_count").fetchone()[0]
    cur.execute(f"PRAGMA max_page_count = {pages}")
    cur.close()


def test_a_full_journal_keeps_the_form_and_every_earlier_moment(
    qtbot: QtBot, opened: tuple[MainWindow, Controller]
) -> None:
    window, controller = opened
    journal = controller.journal
    assert journal is not None
    for who, note in (("Sam", "first, kept"), ("Ria", "second, kept")):
        _type_moment(qtbot, window, "o", who, note)
        _save(qtbot, window)
    view = _log_view(window)
    assert not view.problem.isVisible(), view.problem.text()
    assert _stored_notes(journal.path) == ["first, kept", "second, kept"]
    steps_before = window.undo_stack.count()

    engine = journal.db.engine
    event.listen(engine, "connect", _cap_growth)
    engine.dispose()  # pooled connections were made without the cap
    try:
        _type_moment(qtbot, window, "w", "Noor", LONG_NOTE)
        _save(qtbot, window)

        assert view.problem.isVisible()
        text = view.problem.text()
        assert text.startswith("Nothing was saved") and "full" in text, text
        assert "Traceback" not in text and "\n" not in text
        assert not view.banner.isVisible()
        assert view.form.note.toPlainText() == LONG_NOTE
        assert view.form.person.name() == "Noor"
        assert view.form.direction.value() is Direction.WITHDREW
        # Nothing half-done: no undo step, no row, and the earlier moments are intact.
        assert window.undo_stack.count() == steps_before
        assert _stored_notes(journal.path) == ["first, kept", "second, kept"]
        assert view.today.count() == 2
    finally:
        event.remove(engine, "connect", _cap_growth)
        engine.dispose()

    # Room again: the same keystroke saves exactly what was kept in the form.
    _save(qtbot, window)
    assert not view.problem.isVisible(), view.problem.text()
    assert view.form.note.toPlainText() == ""
    notes = _stored_notes(journal.path)
    assert notes == sorted(["first, kept", "second, kept", LONG_NOTE.strip()])
    [noor] = [m for m in journal.moments.query() if m.person == "Noor"]
    assert noor.direction is Direction.WITHDREW
    assert view.today.count() == 3
