"""The weekly check-in dialog, answered with the keyboard and read back from the journal."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from wallwatch.domain.checkin import ITEMS, CheckinAnswers
from wallwatch.ui.checkin_dialog import CheckinDialog, Segments
from wallwatch.ui.context import AreaContext

CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def press(
    qtbot: QtBot, key: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, mod)


@pytest.fixture
def dialog(qtbot: QtBot, ctx: AreaContext) -> Iterator[CheckinDialog]:
    d = CheckinDialog(ctx)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    d.activateWindow()
    qtbot.waitUntil(d.isActiveWindow)
    yield d


def test_the_answers_read_hardly_ever_some_of_the_time_often(dialog: CheckinDialog) -> None:
    for name, _question in ITEMS:
        buttons = dialog.segments[name].findChildren(QPushButton)
        assert [b.text() for b in buttons] == ["Hardly ever", "Some of the time", "Often"]


def test_a_checkin_typed_with_the_keyboard_is_stored_for_this_week(
    qtbot: QtBot, dialog: CheckinDialog, ctx: AreaContext
) -> None:
    assert isinstance(focused(), Segments)  # the first question has the keyboard
    assert "answer all three" in dialog.total_label.text()
    qtbot.keyClicks(focused(), "2")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "3")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "3")
    press(qtbot, Qt.Key.Key_Left)  # arrows change the answer too
    assert dialog.total_label.text().startswith("Total: 7")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.want_more
    qtbot.keyClicks(focused(), "walks with Maya")
    with qtbot.waitSignal(ctx.events.sig_moments_changed, timeout=2000):
        press(qtbot, Qt.Key.Key_Return, CTRL)

    saved = ctx.journal.checkins.get()
    assert saved is not None
    assert saved.answers == CheckinAnswers(2, 3, 2)
    assert saved.total == 7
    assert saved.want_more == "walks with Maya"
    assert saved.week_start == ctx.journal.checkins.week_of()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_saving_with_a_question_unanswered_says_so_and_stores_nothing(
    qtbot: QtBot, dialog: CheckinDialog, ctx: AreaContext
) -> None:
    qtbot.keyClicks(focused(), "1")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert dialog.problem.isVisible()
    assert "all three" in dialog.problem.text()
    assert dialog.isVisible()
    assert ctx.journal.checkins.all() == []


def test_not_now_and_escape_leave_the_week_empty(
    qtbot: QtBot, dialog: CheckinDialog, ctx: AreaContext
) -> None:
    qtbot.keyClicks(focused(), "3")
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    again = CheckinDialog(ctx)
    qtbot.addWidget(again)
    again.show()
    again.not_now_button.setFocus()
    qtbot.keyClick(again.not_now_button, Qt.Key.Key_Space)
    assert again.result() == QDialog.DialogCode.Rejected
    assert ctx.journal.checkins.all() == []
    assert ctx.journal.checkins.series(4).totals == (None, None, None, None)


def test_an_answered_week_opens_with_its_answers_and_saving_replaces_them(
    qtbot: QtBot, ctx: AreaContext
) -> None:
    ctx.journal.checkins.record(None, CheckinAnswers(1, 1, 2), "more calls")
    d = CheckinDialog(ctx)
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    d.activateWindow()
    qtbot.waitUntil(d.isActiveWindow)
    assert d.answers() == CheckinAnswers(1, 1, 2)
    assert d.want_more.text() == "more calls"
    assert d.total_label.text().startswith("Total: 4")
    qtbot.keyClicks(focused(), "3")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    [only] = ctx.journal.checkins.all()
    assert only.answers == CheckinAnswers(3, 1, 2)
    assert only.want_more == "more calls"


def test_settings_turn_the_checkin_on_and_choose_its_day(qtbot: QtBot, ctx: AreaContext) -> None:
    from wallwatch.domain.settings import CHECKIN_DAY, CHECKIN_ENABLED
    from wallwatch.ui.settings_view import SettingsView

    view = SettingsView(ctx)
    qtbot.addWidget(view)
    view.show()
    assert not view.checkin_check.isChecked()
    assert not view.checkin_day_combo.isEnabled()
    assert ctx.journal.checkins.due() is None  # off until turned on

    view.checkin_check.setFocus()
    with qtbot.waitSignal(ctx.events.sig_settings_changed, timeout=2000):
        qtbot.keyClick(view.checkin_check, Qt.Key.Key_Space)
    assert ctx.journal.settings.get(CHECKIN_ENABLED) is True
    assert view.checkin_day_combo.isEnabled()

    today = ctx.journal.checkins.week_of()  # the week's first day: the check-in falls due then
    view.checkin_day_combo.setFocus()
    qtbot.keyClick(view.checkin_day_combo, Qt.Key.Key_Home)
    for _ in range(today.weekday()):
        qtbot.keyClick(view.checkin_day_combo, Qt.Key.Key_Down)
    assert ctx.journal.settings.get(CHECKIN_DAY) == today.weekday()
    assert ctx.journal.checkins.due(today) == today
    view.shutdown()
