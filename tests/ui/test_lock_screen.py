"""The lock screen of an encrypted journal: on launch, after an idle time, and on request; and
the Settings → Encryption flows that turn encryption on, change the passphrase and turn it off."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from wallwatch import paths
from wallwatch.app import Controller
from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.domain.settings import LOCK_AFTER_MINUTES
from wallwatch.services import open_journal
from wallwatch.services.encryption import LOST_PASSPHRASE_WARNING, encrypt_journal, is_encrypted
from wallwatch.ui.encryption_panel import ON_TEXT, EncryptionPanel, PassphraseDialog
from wallwatch.ui.lock_screen import HEADING, WRONG, LockScreen
from wallwatch.ui.main_window import MainWindow
from wallwatch.ui.recovery_page import RecoveryPage

PASS = "violet harbour morning tea"
NOTE = "SOMETHING-PRIVATE-IN-A-NOTE"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class App:
    def __init__(self, qtbot: QtBot, data: Path, view_state: QSettings) -> None:
        self.qtbot = qtbot
        self.data = paths.resolve(data)
        self.clock = FakeClock()
        self.window = MainWindow(view_state)
        self.controller = Controller(self.window, self.data, clock=self.clock)
        self.window.show()
        qtbot.waitExposed(self.window)

    def lock_screen(self) -> LockScreen:
        page = self.window.stack.currentWidget()
        assert isinstance(page, LockScreen), f"showing {page!r}, not the lock screen"
        return page

    def unlock(self, passphrase: str) -> None:
        page = self.lock_screen()
        self.qtbot.keyClicks(page.field, passphrase)
        self.qtbot.keyClick(page.field, Qt.Key.Key_Return)
        self.qtbot.waitUntil(
            lambda: not page.busy or self.window.stack.currentWidget() is not page, timeout=10_000
        )

    def unlocked(self) -> bool:
        return self.controller.journal is not None and bool(self.window.areas)

    def shown_text(self) -> str:
        return " ".join(label.text() for label in self.window.findChildren(QLabel))

    def settle(self) -> None:
        self.qtbot.waitUntil(lambda: not self.window.tasks.busy(), timeout=20_000)
        QApplication.processEvents()

    def finish(self) -> None:
        self.settle()
        self.controller.close()
        self.window.close()
        self.window.deleteLater()


@pytest.fixture
def make_app(qtbot: QtBot, tmp_path: Path, view_state: QSettings) -> Iterator[Callable[[], App]]:
    apps: list[App] = []

    def make() -> App:
        app = App(qtbot, tmp_path / "data", view_state)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.finish()


@pytest.fixture
def encrypted_data(tmp_path: Path) -> paths.DataPaths:
    data = paths.resolve(tmp_path / "data")
    with open_journal(data.database, backup_dir=data.backups, daily_backup=False) as journal:
        for i in range(3):
            journal.moments.record(
                MomentDraft(
                    datetime.now(UTC) - timedelta(hours=i), Direction.WITHDREW, note=f"{NOTE} {i}"
                )
            )
    encrypt_journal(data.database, data.backups, PASS)
    return data


def test_an_encrypted_journal_opens_locked(
    make_app: Callable[[], App], encrypted_data: paths.DataPaths
) -> None:
    app = make_app()
    app.controller.open(False)
    page = app.lock_screen()
    assert page.heading.text() == HEADING
    assert page.field.echoMode() == page.field.EchoMode.Password
    assert page.field.hasFocus() or page.focusProxy() is page.field
    assert app.controller.journal is None and not app.window.areas
    assert not app.window.act_new.isEnabled()
    assert NOTE not in app.shown_text()


def test_unlock_with_the_keyboard(
    make_app: Callable[[], App], encrypted_data: paths.DataPaths
) -> None:
    app = make_app()
    app.controller.open(False)
    app.unlock(PASS)
    app.qtbot.waitUntil(app.unlocked, timeout=10_000)
    assert app.controller.journal is not None
    assert app.controller.journal.moments.count() == 3
    assert app.window.current_area_key() == "log"
    assert app.controller.lock_action.isVisible()
    assert app.controller.idle is not None and app.controller.idle.active


def test_a_wrong_passphrase_is_said_beside_the_field(
    make_app: Callable[[], App], encrypted_data: paths.DataPaths
) -> None:
    app = make_app()
    app.controller.open(False)
    app.unlock("not my passphrase")
    page = app.lock_screen()
    assert page.problem.isVisible() and page.problem.text() == WRONG
    assert page.field.text() == "" and page.field.isEnabled()
    assert app.controller.journal is None
    app.unlock(PASS)  # and then the right one still works
    app.qtbot.waitUntil(app.unlocked, timeout=10_000)


def test_it_locks_after_the_idle_time_and_unlocks_where_it_was(
    make_app: Callable[[], App], encrypted_data: paths.DataPaths, qtbot: QtBot
) -> None:
    app = make_app()
    app.controller.open(False)
    app.unlock(PASS)
    qtbot.waitUntil(app.unlocked, timeout=10_000)
    journal = app.controller.journal
    assert journal is not None
    journal.settings.set(LOCK_AFTER_MINUTES, 1)
    app.window.events.sig_settings_changed.emit()
    app.window.show_area("history")
    idle = app.controller.idle
    assert idle is not None

    app.clock.now += 50
    qtbot.keyClick(app.window, Qt.Key.Key_Shift)  # input: the idle time starts again
    app.clock.now += 50
    idle.check()
    assert app.unlocked()

    app.clock.now += 11
    idle.check()
    page = app.lock_screen()
    assert "after a minute without use" in page.note.text()
    assert app.controller.journal is None and not app.window.areas
    assert journal.passphrase is None  # the old journal object forgot it
    assert NOTE not in app.shown_text()

    app.unlock(PASS)
    qtbot.waitUntil(app.unlocked, timeout=10_000)
    assert app.window.current_area_key() == "history"


def test_lock_now_from_the_file_menu(
    make_app: Callable[[], App], encrypted_data: paths.DataPaths, qtbot: QtBot
) -> None:
    app = make_app()
    app.controller.open(False)
    app.unlock(PASS)
    qtbot.waitUntil(app.unlocked, timeout=10_000)
    app.settle()
    app.controller.lock_action.trigger()
    assert isinstance(app.window.stack.currentWidget(), LockScreen)
    assert app.controller.journal is None


def test_never_locked_leads_to_the_recovery_page(
    make_app: Callable[[], App], encrypted_data: paths.DataPaths
) -> None:
    app = make_app()
    app.controller.open(False)
    app.lock_screen().not_locked_button.click()
    page = app.window.stack.currentWidget()
    assert isinstance(page, RecoveryPage)
    assert page.heading.text() == "This file is damaged or cut short"


def test_a_plain_journal_never_shows_the_lock_screen(make_app: Callable[[], App]) -> None:
    app = make_app()
    app.controller.open(False)
    assert app.unlocked()
    assert not app.controller.lock_action.isVisible()
    assert app.controller.idle is None or not app.controller.idle.active


# -- Settings → Encryption ---------------------------------------------------------------------
def _panel(app: App) -> EncryptionPanel:
    app.window.show_area("settings")
    panel = app.window.areas["settings"].findChild(EncryptionPanel)
    assert isinstance(panel, EncryptionPanel)
    return panel


def _dialog(panel: EncryptionPanel) -> PassphraseDialog:
    assert isinstance(panel.dialog, PassphraseDialog) and panel.dialog.isVisible()
    return panel.dialog


def test_turn_encryption_on_needs_the_warning_acknowledged(
    make_app: Callable[[], App], qtbot: QtBot
) -> None:
    app = make_app()
    app.controller.open(False)
    journal = app.controller.journal
    assert journal is not None
    journal.moments.record(MomentDraft(datetime.now(UTC), Direction.OPENED, note=NOTE))
    panel = _panel(app)
    app.settle()
    assert panel.enable_button.isVisible() and not panel.change_button.isVisible()

    qtbot.mouseClick(panel.enable_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(panel)
    assert LOST_PASSPHRASE_WARNING in " ".join(w.text() for w in dialog.findChildren(QLabel))
    assert dialog.new is not None and dialog.confirm is not None
    qtbot.keyClicks(dialog.new, "short")
    assert dialog.strength.text() == "Use at least 8 characters."
    dialog.new.clear()
    qtbot.keyClicks(dialog.new, PASS)
    qtbot.keyClicks(dialog.confirm, PASS)
    assert not dialog.ok_button.isEnabled()  # not before the warning is acknowledged
    assert dialog.acknowledge is not None
    dialog.acknowledge.setChecked(True)
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: not panel.busy, timeout=20_000)
    assert panel.state_label.text() == ON_TEXT
    assert "Encrypted your journal" in panel.status_label.text()
    assert app.window.isEnabled()
    assert is_encrypted(journal.path)
    assert app.controller.lock_action.isVisible()
    assert app.controller.idle is not None and app.controller.idle.active
    assert journal.moments.count() == 1  # the open journal goes on with its new key


def test_mismatched_passphrases_are_said_in_the_dialog(
    make_app: Callable[[], App], qtbot: QtBot
) -> None:
    app = make_app()
    app.controller.open(False)
    panel = _panel(app)
    app.settle()
    dialog = panel.ask("enable")
    assert dialog.new is not None and dialog.confirm is not None and dialog.acknowledge
    qtbot.keyClicks(dialog.new, PASS)
    qtbot.keyClicks(dialog.confirm, PASS + "!")
    dialog.acknowledge.setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.errors["confirm"].text() == "The two passphrases are not the same."
    dialog.reject()
    assert app.controller.journal is not None
    assert not is_encrypted(app.controller.journal.path)


def test_change_then_turn_off_from_settings(
    make_app: Callable[[], App], encrypted_data: paths.DataPaths, qtbot: QtBot
) -> None:
    app = make_app()
    app.controller.open(False)
    app.unlock(PASS)
    qtbot.waitUntil(app.unlocked, timeout=10_000)
    panel = _panel(app)
    app.settle()
    assert panel.change_button.isVisible() and panel.disable_button.isVisible()

    dialog = panel.ask("change")
    assert dialog.current is not None and dialog.new is not None and dialog.confirm is not None
    qtbot.keyClicks(dialog.current, "wrong passphrase")
    qtbot.keyClicks(dialog.new, "a brand new passphrase")
    qtbot.keyClicks(dialog.confirm, "a brand new passphrase")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy, timeout=20_000)
    assert "does not open this journal" in panel.error_label.text()

    dialog = panel.ask("change")
    assert dialog.current is not None and dialog.new is not None and dialog.confirm is not None
    qtbot.keyClicks(dialog.current, PASS)
    qtbot.keyClicks(dialog.new, "a brand new passphrase")
    qtbot.keyClicks(dialog.confirm, "a brand new passphrase")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy, timeout=20_000)
    assert "Changed the passphrase" in panel.status_label.text()
    assert not panel.error_label.isVisible()

    dialog = panel.ask("disable")
    assert dialog.current is not None
    qtbot.keyClicks(dialog.current, "a brand new passphrase")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.busy, timeout=20_000)
    assert not is_encrypted(encrypted_data.database)
    assert panel.enable_button.isVisible()
    assert not app.controller.lock_action.isVisible()
    assert app.controller.idle is not None and not app.controller.idle.active


def test_without_sqlcipher_settings_say_why(
    make_app: Callable[[], App], monkeypatch: pytest.MonkeyPatch
) -> None:
    from wallwatch.services.encryption import UNAVAILABLE
    from wallwatch.store import encryption, errors

    monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # "import sqlcipher3" now fails
    encryption.driver.cache_clear()
    errors.driver_errors.cache_clear()
    try:
        app = make_app()
        app.controller.open(False)
        panel = _panel(app)
        assert panel.state_label.text() == UNAVAILABLE
        assert not panel.enable_button.isVisible()
    finally:
        encryption.driver.cache_clear()
        errors.driver_errors.cache_clear()


def test_an_open_dialog_closes_before_the_journal_locks(
    make_app: Callable[[], App], encrypted_data: paths.DataPaths, qtbot: QtBot
) -> None:
    app = make_app()
    app.controller.open(False)
    app.unlock(PASS)
    qtbot.waitUntil(app.unlocked, timeout=10_000)
    panel = _panel(app)
    app.settle()
    dialog = panel.ask("change")
    assert dialog.current is not None
    qtbot.keyClicks(dialog.current, PASS)
    app.controller.lock(idle=True)
    qtbot.waitUntil(lambda: isinstance(app.window.stack.currentWidget(), LockScreen))
    assert app.controller.journal is None
    assert QApplication.activeModalWidget() is None
