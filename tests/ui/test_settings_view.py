"""The Settings area and the daily reminder it drives."""

from __future__ import annotations

import time as clock
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QSettings, QTime, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from pytestqt.qtbot import QtBot

from wallwatch.domain.calendar import WEEKDAY_NAMES
from wallwatch.domain.settings import (
    MIN_SAMPLE,
    REMINDER_ENABLED,
    REMINDER_TIME,
    THEME,
    WEEK_START,
)
from wallwatch.services import Journal
from wallwatch.ui.about import app_icon
from wallwatch.ui.context import AreaContext
from wallwatch.ui.main_window import MainWindow
from wallwatch.ui.reminder import (
    LATE_GRACE,
    REMINDER_TEXT,
    DailyReminder,
    next_due,
    parse_time,
)
from wallwatch.ui.settings_view import NO_TRAY_TEXT, THEME_PROPERTY, SettingsView
from wallwatch.ui.theme import is_dark


@pytest.fixture
def tray(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the desktop has a system tray (the offscreen platform has none)."""
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))


@pytest.fixture
def restore_theme(qapp: QApplication) -> Iterator[None]:
    style, palette = qapp.style().name(), qapp.palette()
    applied = qapp.property(THEME_PROPERTY)
    yield
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setProperty(THEME_PROPERTY, applied)


def _view(ctx: AreaContext, qtbot: QtBot) -> SettingsView:
    view = SettingsView(ctx)
    qtbot.addWidget(view)
    view.show()
    return view


def _shut(view: SettingsView) -> None:
    view.shutdown()
    running = [t for t in view.findChildren(QTimer) if t.isActive()]
    assert running == [], "a timer was left running after shutdown"


# -- the pure part of the reminder --------------------------------------------------------------
@pytest.mark.parametrize(
    ("now", "at", "due"),
    [
        (datetime(2026, 5, 1, 9, 0), "20:30", datetime(2026, 5, 1, 20, 30)),
        (datetime(2026, 5, 1, 21, 0), "20:30", datetime(2026, 5, 2, 20, 30)),
        (datetime(2026, 5, 1, 20, 30), "20:30", datetime(2026, 5, 2, 20, 30)),
        (datetime(2026, 12, 31, 23, 59), "7:05", datetime(2027, 1, 1, 7, 5)),
    ],
)
def test_next_due(now: datetime, at: str, due: datetime) -> None:
    assert next_due(now, at) == due


def test_next_due_keeps_the_time_zone() -> None:
    zone = timezone(timedelta(hours=2))
    due = next_due(datetime(2026, 5, 1, 22, 0, tzinfo=zone), "06:00")
    assert due == datetime(2026, 5, 2, 6, 0, tzinfo=zone)
    assert due.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize("text", ["", "20", "24:00", "20:60", "8:5", "ab:cd", "20:30:00"])
def test_parse_time_refuses_what_is_not_a_time(text: str) -> None:
    with pytest.raises(ValueError):
        parse_time(text)


# -- the reminder's timer -----------------------------------------------------------------------
def test_reminder_fires_at_the_due_time_and_rearms_for_tomorrow(
    qapp: QApplication, qtbot: QtBot
) -> None:
    start_wall = datetime(2026, 5, 1, 20, 29, 59, 800_000)
    started = clock.monotonic()

    def fake_now() -> datetime:  # a clock 0.2 s before 20:30 that runs at real speed
        return start_wall + timedelta(seconds=clock.monotonic() - started)

    reminder = DailyReminder(app_icon(), clock=fake_now)
    shown: list[str] = []
    assert reminder.tray is None
    with qtbot.waitSignal(reminder.sig_reminded, timeout=5_000):
        reminder.start("20:30")
        assert reminder.due == datetime(2026, 5, 1, 20, 30)
        assert reminder.tray is not None
        reminder.tray.messageClicked.connect(lambda: shown.append("clicked"))
    assert reminder.due == datetime(2026, 5, 2, 20, 30)
    assert reminder.timer.isActive()
    with qtbot.waitSignal(reminder.sig_open_requested, timeout=1_000):
        reminder.tray.messageClicked.emit()
    reminder.stop()
    assert not reminder.timer.isActive() and not reminder.is_running()
    assert shown == ["clicked"]


def test_reminder_missed_long_ago_is_skipped_not_shown_late(qapp: QApplication) -> None:
    now = [datetime(2026, 5, 1, 8, 0)]
    reminder = DailyReminder(app_icon(), clock=lambda: now[0])
    fired: list[bool] = []
    reminder.sig_reminded.connect(lambda: fired.append(True))
    reminder.start("08:30")
    now[0] = datetime(2026, 5, 1, 8, 30) + LATE_GRACE + timedelta(minutes=1)  # woke from sleep
    reminder.timer.timeout.emit()
    assert fired == []
    assert reminder.due == datetime(2026, 5, 2, 8, 30)
    now[0] = datetime(2026, 5, 2, 8, 31)  # a minute late is still shown
    reminder.timer.timeout.emit()
    assert fired == [True]
    reminder.stop()


def test_reminder_text_is_the_gentle_question() -> None:
    assert REMINDER_TEXT == "Time for a moment of reflection?"


# -- the Settings area --------------------------------------------------------------------------
def test_shows_the_declared_defaults(ctx: AreaContext, qtbot: QtBot) -> None:
    view = _view(ctx, qtbot)
    assert view.week_combo.currentText() == WEEKDAY_NAMES[WEEK_START.default]
    assert view.theme_combo.currentData() == THEME.default
    assert view.min_sample_spin.value() == MIN_SAMPLE.default
    assert view.reminder_check.isChecked() is REMINDER_ENABLED.default is False
    assert view.reminder_time.time().toString("HH:mm") == REMINDER_TIME.default
    _shut(view)


def test_week_start_is_saved_and_announced(ctx: AreaContext, qtbot: QtBot) -> None:
    view = _view(ctx, qtbot)
    with qtbot.waitSignal(ctx.events.sig_settings_changed, timeout=1_000):
        view.week_combo.setCurrentIndex(WEEKDAY_NAMES.index("Sunday"))
    assert ctx.journal.settings.get(WEEK_START) == 6
    _shut(view)


def test_min_sample_is_saved_and_announced(ctx: AreaContext, qtbot: QtBot) -> None:
    view = _view(ctx, qtbot)
    with qtbot.waitSignal(ctx.events.sig_settings_changed, timeout=1_000):
        view.min_sample_spin.setValue(12)
    assert ctx.journal.settings.get(MIN_SAMPLE) == 12
    _shut(view)


def test_theme_applies_live_and_is_saved(
    ctx: AreaContext, qtbot: QtBot, qapp: QApplication, restore_theme: None
) -> None:
    view = _view(ctx, qtbot)
    with qtbot.waitSignal(ctx.events.sig_settings_changed, timeout=1_000):
        view.theme_combo.setCurrentIndex(view.theme_combo.findData("dark"))
    assert is_dark(qapp.palette())
    assert ctx.journal.settings.get(THEME) == "dark"
    view.theme_combo.setCurrentIndex(view.theme_combo.findData("light"))
    assert not is_dark(qapp.palette())
    assert ctx.journal.settings.get(THEME) == "light"
    _shut(view)


def test_stored_theme_is_applied_when_the_area_is_built(
    ctx: AreaContext, qtbot: QtBot, qapp: QApplication, restore_theme: None
) -> None:
    ctx.journal.settings.set(THEME, "dark")
    view = _view(ctx, qtbot)
    assert is_dark(qapp.palette())
    assert view.theme_combo.currentData() == "dark"
    _shut(view)


def test_a_journal_on_the_system_theme_undoes_another_journals_dark(
    ctx: AreaContext, qtbot: QtBot, qapp: QApplication, restore_theme: None
) -> None:
    qapp.setProperty(THEME_PROPERTY, "dark")  # left by the journal open before this one
    view = _view(ctx, qtbot)
    assert qapp.property(THEME_PROPERTY) == "system"
    assert not is_dark(qapp.palette())  # offscreen reports no dark preference
    _shut(view)


def test_values_come_back_in_a_new_view(ctx: AreaContext, qtbot: QtBot) -> None:
    first = _view(ctx, qtbot)
    first.week_combo.setCurrentIndex(2)
    first.min_sample_spin.setValue(8)
    _shut(first)
    second = _view(ctx, qtbot)
    assert second.week_combo.currentText() == "Wednesday"
    assert second.min_sample_spin.value() == 8
    _shut(second)


def test_data_folder_is_shown_and_opened(
    ctx: AreaContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    view = _view(ctx, qtbot)
    folder = ctx.journal.path.parent
    assert view.folder_label.text() == str(folder)
    view.open_folder_button.click()
    assert opened == [QUrl.fromLocalFile(str(folder))]
    _shut(view)


def test_without_a_tray_the_reminder_is_hidden_and_explained(
    ctx: AreaContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: False))
    ctx.journal.settings.set(REMINDER_ENABLED, True)
    view = _view(ctx, qtbot)
    assert not view.reminder_check.isVisible()
    assert not view.reminder_time.isVisible()
    assert view.no_tray_label.isVisible()
    assert view.no_tray_label.text() == NO_TRAY_TEXT
    assert not view.reminder.is_running()
    _shut(view)


def test_reminder_is_off_by_default_and_follows_the_controls(
    ctx: AreaContext, qtbot: QtBot, tray: None
) -> None:
    view = _view(ctx, qtbot)
    assert view.reminder_check.isVisible() and not view.no_tray_label.isVisible()
    assert not view.reminder.is_running()
    assert not view.reminder_time.isEnabled()

    view.reminder_check.click()
    assert ctx.journal.settings.get(REMINDER_ENABLED) is True
    assert view.reminder_time.isEnabled()
    assert view.reminder.timer.isActive()
    assert view.reminder.due is not None and view.reminder.due.strftime("%H:%M") == "20:30"

    view.reminder_time.setTime(QTime(7, 15))
    assert ctx.journal.settings.get(REMINDER_TIME) == "07:15"
    assert view.reminder.due is not None and view.reminder.due.strftime("%H:%M") == "07:15"

    view.reminder_check.click()
    assert ctx.journal.settings.get(REMINDER_ENABLED) is False
    assert not view.reminder.timer.isActive()
    _shut(view)


def test_a_stored_reminder_starts_with_the_area_and_stops_on_shutdown(
    ctx: AreaContext, qtbot: QtBot, tray: None
) -> None:
    ctx.journal.settings.set(REMINDER_ENABLED, True)
    ctx.journal.settings.set(REMINDER_TIME, "06:45")
    view = _view(ctx, qtbot)
    assert view.reminder.timer.isActive()
    assert view.reminder.due is not None and view.reminder.due.strftime("%H:%M") == "06:45"
    _shut(view)
    assert not view.reminder.is_running()


def test_clicking_the_reminder_brings_the_window_back_on_log(
    qtbot: QtBot, ui_journal: Journal, view_state: QSettings, tray: None
) -> None:
    ui_journal.settings.set(REMINDER_ENABLED, True)
    window = MainWindow(view_state)
    qtbot.addWidget(window)
    window.show()
    window.attach(ui_journal, is_demo=False)
    window.show_area("history")
    window.showMinimized()
    settings = window.areas["settings"]
    assert isinstance(settings, SettingsView) and settings.reminder.tray is not None
    settings.reminder.tray.messageClicked.emit()
    assert window.current_area_key() == "log"
    assert not window.isMinimized()
    window.detach()
    assert not settings.reminder.timer.isActive()
