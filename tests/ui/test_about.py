"""Help and About (F1): the words a person reads, and where their data is said to live."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from wallwatch import APP_NAME, __version__
from wallwatch.ui.about import DISCLAIMER, SHORTCUTS, AboutDialog, app_icon, shortcut_text
from wallwatch.ui.context import AreaContext
from wallwatch.ui.main_window import MainWindow


def _texts(dialog: QWidget) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel)]


def test_names_the_app_version_and_the_disclaimer_once(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = AboutDialog(None, data_folder=tmp_path)
    qtbot.addWidget(dialog)
    texts = _texts(dialog)
    assert APP_NAME in texts
    assert f"Version {__version__}" in texts
    joined = "\n".join(texts)
    assert joined.count("not a diagnostic tool") == 1
    assert DISCLAIMER in texts
    assert DISCLAIMER.count(".") == 1, "the disclaimer is one sentence"
    assert "self-reflection aid" in DISCLAIMER and "professional help" in DISCLAIMER


def test_explains_a_moment_and_lists_every_shortcut(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = AboutDialog(None, data_folder=tmp_path)
    qtbot.addWidget(dialog)
    paragraph = dialog.moment_label.text()
    assert "A moment is" in paragraph and "Ctrl+N" in paragraph and "Ctrl+Enter" in paragraph
    keys = [k.text() for k, _what in dialog.shortcut_labels]
    expected = ["Ctrl+N", "Ctrl+Enter", "Ctrl+F", "Ctrl+E", "Ctrl+Z", "Ctrl+Shift+Z"]
    expected += ["Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+,", "F1"]
    for key in expected:
        assert any(key in shown for shown in keys), f"{key} is not listed"
    assert keys == [shortcut_text(k) for k, _what in SHORTCUTS]


def test_shows_the_open_journals_folder(
    qtbot: QtBot, ctx: AreaContext, view_state: QSettings
) -> None:
    window = MainWindow(view_state)
    qtbot.addWidget(window)
    window.ctx = ctx  # what attach() sets, without building every area
    dialog = AboutDialog(window)
    assert dialog.path_label.text() == str(ctx.journal.path.parent)
    assert dialog.data_label.text().startswith("Your journal")
    window.ctx = None


def test_before_a_journal_is_open_shows_the_configured_folder(
    qtbot: QtBot, view_state: QSettings, _private_home: Path
) -> None:
    window = MainWindow(view_state)
    qtbot.addWidget(window)
    dialog = AboutDialog(window)
    assert dialog.path_label.text() == str(_private_home)


def test_f1_opens_it_even_before_a_journal_is_open(qtbot: QtBot, view_state: QSettings) -> None:
    window = MainWindow(view_state)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    # The menus (and their shortcuts) are filled just after the window first paints.
    qtbot.waitUntil(lambda: window.menus_filled)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialogs = window.findChildren(AboutDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    dialogs[0].close()


def test_app_icon_is_available_without_the_app_setting_one(qtbot: QtBot) -> None:
    icon = app_icon()
    assert not icon.isNull()
    assert icon.pixmap(64, 64).width() == 64
