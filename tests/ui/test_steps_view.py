"""The Steps area, driven with the keyboard; every check reads the real journal back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from wallwatch.domain.calendar import now_local
from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.domain.patterns import InsufficientData
from wallwatch.domain.settings import MIN_SAMPLE
from wallwatch.domain.steps import StepDraft, StepStatus, WeeksMean
from wallwatch.ui.context import AreaContext
from wallwatch.ui.steps_view import StepDialog, StepsView, group_text

CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    widget = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def press(
    qtbot: QtBot, key: Qt.Key, mod: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, mod)


def activate(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Space)


@pytest.fixture
def view(qtbot: QtBot, ctx: AreaContext) -> Iterator[StepsView]:
    v = StepsView(ctx)
    qtbot.addWidget(v)
    v.resize(1040, 640)
    v.show()
    qtbot.waitExposed(v)
    v.activateWindow()
    qtbot.waitUntil(v.isActiveWindow)
    v.on_shown()
    yield v
    v.shutdown()


def open_dialog(qtbot: QtBot, view: StepsView, button: QWidget) -> StepDialog:
    activate(qtbot, button)
    qtbot.waitUntil(lambda: view.findChild(StepDialog) is not None)
    dialog = view.findChild(StepDialog)
    assert isinstance(dialog, StepDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def row_text(view: StepsView, row: int = 0) -> str:
    item = view.list.item(row)
    assert item is not None
    return item.text()


def test_a_step_added_with_the_keyboard_is_stored_and_listed(
    qtbot: QtBot, view: StepsView, ctx: AreaContext
) -> None:
    assert view.empty_label.isVisible() and not view.detail.isVisible()
    dialog = open_dialog(qtbot, view, view.add_button)
    assert focused() is dialog.text
    qtbot.keyClicks(focused(), "Tell Sam one thing that worried me")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Sam")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "being a burden")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.target
    press(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focused(), "3")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.findChild(StepDialog) is None)

    [step] = ctx.journal.steps.all()
    assert (step.text, step.person, step.fear, step.target_per_week) == (
        "Tell Sam one thing that worried me",
        "Sam",
        "being a burden",
        3,
    )
    assert row_text(view).splitlines() == [
        "Tell Sam one thing that worried me",
        "0 of 3 this week · No streak yet",
        "with Sam · fear: being a burden",
    ]
    assert view.detail.isVisible() and not view.empty_label.isVisible()


def test_a_step_without_words_is_refused_and_nothing_is_stored(
    qtbot: QtBot, view: StepsView, ctx: AreaContext
) -> None:
    dialog = open_dialog(qtbot, view, view.add_button)
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.problem.isVisible()
    assert "text" in dialog.problem.text()
    assert ctx.journal.steps.all() == []
    press(qtbot, Qt.Key.Key_Escape)


def test_done_today_ticks_and_shows_progress(
    qtbot: QtBot, view: StepsView, ctx: AreaContext
) -> None:
    step = ctx.journal.steps.add(StepDraft("Stay five more minutes", target_per_week=2))
    view.refresh()
    activate(qtbot, view.done_button)
    [tick] = ctx.journal.steps.ticks(step.id)
    assert tick.day == now_local().date() and tick.moment_id is None
    assert "1 of 2 this week" in row_text(view)
    assert view.step_progress.text() == "1 of 2 this week"
    activate(qtbot, view.done_button)
    assert len(ctx.journal.steps.ticks(step.id)) == 2
    assert view.step_progress.text() == "2 of 2 this week  ✓ met"


def test_edit_changes_the_step_and_keeps_its_ticks(
    qtbot: QtBot, view: StepsView, ctx: AreaContext
) -> None:
    step = ctx.journal.steps.add(StepDraft("Call Mum", "Mum", None, 1))
    ctx.journal.steps.tick(step.id)
    view.refresh()
    dialog = open_dialog(qtbot, view, view.edit_button)
    assert dialog.text.text() == "Call Mum" and dialog.person.currentText() == "Mum"
    dialog.target.setFocus()
    press(qtbot, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focused(), "4")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.findChild(StepDialog) is None)
    assert ctx.journal.steps.get(step.id).target_per_week == 4
    assert len(ctx.journal.steps.ticks(step.id)) == 1
    assert "1 of 4 this week" in row_text(view)


def test_pause_resume_and_archive_keep_history(
    qtbot: QtBot, view: StepsView, ctx: AreaContext
) -> None:
    step = ctx.journal.steps.add(StepDraft("Say no kindly"))
    ctx.journal.steps.tick(step.id)
    view.refresh()

    activate(qtbot, view.pause_button)
    assert ctx.journal.steps.get(step.id).status is StepStatus.PAUSED
    assert view.pause_button.text() == "&Resume"
    assert not view.done_button.isEnabled()
    assert "paused" in row_text(view)
    activate(qtbot, view.pause_button)
    assert ctx.journal.steps.get(step.id).status is StepStatus.ACTIVE

    activate(qtbot, view.archive_button)
    assert ctx.journal.steps.get(step.id).status is StepStatus.ARCHIVED
    assert view.list.count() == 0 and view.empty_label.isVisible()
    activate(qtbot, view.show_archived)
    assert view.list.count() == 1 and "archived" in row_text(view)
    assert view.archive_button.text() == "Un&archive"
    activate(qtbot, view.archive_button)
    assert ctx.journal.steps.get(step.id).status is StepStatus.ACTIVE
    assert len(ctx.journal.steps.ticks(step.id)) == 1


def _cell(view: StepsView, row: int, col: int) -> QLabel:
    item = view.compare_grid.itemAtPosition(row, col)
    assert item is not None
    widget = item.widget()
    assert isinstance(widget, QLabel)
    return widget


def _at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=now_local().tzinfo)


def test_met_weeks_compare_honestly_with_counts_and_the_minimum(
    qtbot: QtBot, view: StepsView, ctx: AreaContext
) -> None:
    steps = ctx.journal.steps
    step = steps.add(StepDraft("Share one feeling"))
    this_week = ctx.journal.checkins.week_of()
    met_week, missed_week = this_week - timedelta(weeks=2), this_week - timedelta(weeks=1)
    steps.tick(step.id, met_week)
    for day, lonely in ((met_week, 3), (missed_week, 8)):
        ctx.journal.moments.record(MomentDraft(_at_noon(day), Direction.OPENED, loneliness=lonely))
    view.refresh()

    assert view.weeks_label.text() == "1 of 2 complete weeks met"
    assert _cell(view, 1, 1).text() == "Not enough weeks yet — 1 of the 5 needed"
    assert _cell(view, 1, 2).text() == "Not enough weeks yet — 1 of the 5 needed"
    assert _cell(view, 1, 3).text() == "—"
    assert _cell(view, 3, 1).text() == "Not enough weeks yet — 0 of the 5 needed"

    ctx.journal.settings.set(MIN_SAMPLE, 1)
    ctx.events.sig_settings_changed.emit()
    assert _cell(view, 1, 1).text() == "3.0  (n = 1 week)"
    assert _cell(view, 1, 2).text() == "8.0  (n = 1 week)"
    assert _cell(view, 1, 3).text() == "-5.0"
    assert _cell(view, 1, 3).toolTip().startswith("p = ")
    assert view.caution.isVisible() and "caused" in view.caution.text()


def test_group_text_states_counts_or_what_is_missing() -> None:
    assert group_text(WeeksMean(4.25, 6, 9)) == "4.2  (n = 6 weeks, 9 values)"
    assert group_text(InsufficientData(5, 2, "weeks")) == "Not enough weeks yet — 2 of the 5 needed"
