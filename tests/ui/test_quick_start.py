"""Quick start: the Log appears from a read-only look at the journal while the full journal
opens on the worker; the other areas are built when first shown; files the look cannot handle
take the full path as before."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from wallwatch import paths
from wallwatch.app import Controller
from wallwatch.domain.calendar import now_local
from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.domain.settings import THEME
from wallwatch.services import Journal, open_journal
from wallwatch.services.first_screen import FirstScreen
from wallwatch.ui.areas import Areas
from wallwatch.ui.log_view import LogView
from wallwatch.ui.main_window import MainWindow
from wallwatch.ui.recovery_page import RecoveryPage
from wallwatch.ui.theme import THEME_PROPERTY

NOTES = ("told Sam I was hurt", "went quiet at dinner")


def _fill(data: Path, *, theme: str = "light") -> None:
    journal = open_journal(paths.resolve(data).database)
    try:
        now = now_local()
        for i, note in enumerate(NOTES):
            journal.moments.record(
                MomentDraft(
                    occurred_at=now - timedelta(minutes=10 + i),
                    direction=Direction.OPENED if i == 0 else Direction.WITHDREW,
                    intensity=3,
                    person="Sam",
                    note=note,
                )
            )
        journal.settings.set(THEME, theme)
    finally:
        journal.close()


@pytest.fixture
def window(qtbot: QtBot, view_state: QSettings) -> Iterator[MainWindow]:
    qapp = QApplication.instance()
    assert qapp is not None
    applied = qapp.property(THEME_PROPERTY)
    win = MainWindow(view_state)
    win.show()
    qtbot.waitExposed(win)
    yield win
    qtbot.waitUntil(lambda: not win.tasks.busy(), timeout=20_000)
    win.close()
    win.deleteLater()
    qapp.setProperty(THEME_PROPERTY, applied)


def _open_quick(window: MainWindow, data: Path) -> Controller:
    """The app's wiring with quick start over the journal in ``data``, opened."""
    controller = Controller(window, paths.resolve(data), quick_start=True)
    controller.open(False)
    return controller


def _built(win: MainWindow) -> set[str]:
    assert isinstance(win.areas, Areas)
    return set(win.areas.built())


def test_the_log_shows_before_the_full_journal_then_hands_over(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    _fill(tmp_path / "data", theme="dark")
    controller = _open_quick(window, tmp_path / "data")
    # Shown from the look: the journal itself is still opening on the worker.
    assert controller.journal is None and isinstance(controller.screen, FirstScreen)
    assert _built(window) == {"log"}
    log = window.areas["log"]
    assert isinstance(log, LogView)
    assert [m.note for m in log.today.moments()] == list(NOTES)
    assert log.form.person.model.stringList() == ["Sam"]  # the picker, from the look too
    assert QApplication.instance().property(THEME_PROPERTY) == "dark"  # before the first area

    qtbot.waitUntil(lambda: controller.journal is not None, timeout=30_000)
    assert controller.screen is None
    assert window.ctx is not None and window.ctx.journal is controller.journal
    assert "settings" in _built(window)  # built once the journal is open: it keeps the reminder
    # The Log keeps the stand-in, whose reads now come from the journal.
    assert log.ctx.journal is window.ctx.journal
    controller.close()


def test_saving_from_the_first_screen_lands_in_the_journal(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    _fill(tmp_path / "data")
    controller = _open_quick(window, tmp_path / "data")
    log = window.areas["log"]
    assert isinstance(log, LogView)
    stand_in = log.form.journal
    draft = MomentDraft(
        occurred_at=now_local() - timedelta(minutes=1),
        direction=Direction.OPENED,
        intensity=2,
        note="asked for a hug",
    )
    saved = stand_in.moments.record(draft)  # opens the journal (or waits for the worker)
    qtbot.waitUntil(lambda: controller.journal is not None, timeout=30_000)
    journal = controller.journal
    assert isinstance(journal, Journal)
    assert journal.moments.get(saved.id) is not None
    controller.close()


def test_other_areas_are_built_when_first_shown(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    _fill(tmp_path / "data")
    controller = _open_quick(window, tmp_path / "data")
    qtbot.waitUntil(lambda: controller.journal is not None, timeout=30_000)
    assert "history" not in _built(window) and "patterns" not in _built(window)
    window.show_area("history")
    assert "history" in _built(window)
    assert window.current_area_key() == "history"
    assert "history" in window.areas and "nonsense" not in window.areas
    assert window.show_area("nonsense") is None
    controller.close()
    assert window.areas == {}


def test_closing_while_the_journal_opens_leaves_nothing_open(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    _fill(tmp_path / "data")
    controller = _open_quick(window, tmp_path / "data")
    screen = controller.screen
    assert screen is not None
    controller.close()
    assert controller.screen is None and controller.journal is None
    assert window.areas == {}
    # Whatever had opened is closed: SQLite removes the WAL file when the last connection
    # closes.
    database = paths.resolve(tmp_path / "data").database
    assert not database.with_name(database.name + "-wal").exists()


def test_a_journal_to_migrate_takes_the_full_path(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    _fill(data)
    database = paths.resolve(data).database
    conn = sqlite3.connect(database)
    conn.execute("UPDATE alembic_version SET version_num = '0001'")
    conn.commit()
    conn.close()
    controller = _open_quick(window, data)
    # The full path ran at once (here it meets tables newer than the stated revision, and
    # says so on the recovery page); no stand-in was made.
    assert controller.screen is None
    assert controller.journal is not None or isinstance(controller.page, RecoveryPage)
    controller.close()


def test_a_damaged_journal_still_gets_the_recovery_page(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    database = paths.resolve(data).database
    database.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 16)
    controller = _open_quick(window, data)
    qtbot.waitUntil(lambda: isinstance(controller.page, RecoveryPage), timeout=30_000)
    assert controller.journal is None and controller.screen is None
    controller.close()


def test_the_app_is_interactive_before_sqlalchemy_loads(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _fill(data)
    env = dict(os.environ, WALLWATCH_PROBE="1", WALLWATCH_HOME=str(data))
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(
        [sys.executable, "-m", "wallwatch.app"],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "probe modules-at-interactive sqlalchemy=False" in result.stdout, result.stdout
    assert "Traceback" not in result.stderr


def test_menus_fill_after_the_first_paint_and_keep_added_actions_above_quit(
    qtbot: QtBot, view_state: QSettings
) -> None:
    from PySide6.QtGui import QAction

    win = MainWindow(view_state)
    qtbot.addWidget(win)
    lock = QAction("&Lock now", win)
    win.add_file_action(lock, "Ctrl+L")
    # Titles only before the window has painted: shortcuts cost start-up time.
    assert [m.title() for m in (win.file_menu, win.edit_menu, win.view_menu, win.help_menu)] == [
        "&File",
        "&Edit",
        "&View",
        "&Help",
    ]
    assert not win.menus_filled and win.file_menu.actions() == []
    with qtbot.waitSignal(win.sig_first_paint, timeout=10_000):
        win.show()
    qtbot.waitUntil(lambda: win.menus_filled)
    texts = [a.text() for a in win.file_menu.actions() if not a.isSeparator()]
    assert texts[-2:] == ["&Lock now", "&Quit"]
    assert lock.shortcut().toString() == "Ctrl+L"
    assert win.act_new.shortcut().toString() == "Ctrl+N"
    assert not win.act_new.isEnabled()  # no journal yet
