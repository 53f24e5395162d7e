"""After an opening is saved in Log, a matching practice step is offered to tick."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from wallwatch.domain.steps import StepDraft
from wallwatch.ui.context import AreaContext
from wallwatch.ui.log_view import LogView

CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    widget = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


class Host(QWidget):
    sig_switch_journal = Signal(bool)


@pytest.fixture
def view(qtbot: QtBot, ctx: AreaContext) -> Iterator[LogView]:
    host = Host()
    qtbot.addWidget(host)
    v = LogView(ctx, host)
    QVBoxLayout(host).addWidget(v)
    host.resize(1040, 720)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    v.on_shown()
    v.begin_new_moment()
    qtbot.waitUntil(lambda: v.form.direction.hasFocus())
    yield v
    v.shutdown()


def log(qtbot: QtBot, direction: str, person: str) -> None:
    """Type a direction and a person, then save with Ctrl+Enter."""
    qtbot.keyClicks(focused(), direction)
    for _ in range(2):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), person)
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)


def test_an_opening_with_the_steps_person_offers_it_and_ticking_remembers_the_moment(
    qtbot: QtBot, view: LogView, ctx: AreaContext
) -> None:
    step = ctx.journal.steps.add(StepDraft("Tell Sam one thing", "Sam", None, 3))
    log(qtbot, "o", "Sam")
    [moment] = ctx.journal.moments.query()
    suggestion = view.step_suggestion
    assert suggestion.isVisible()
    label, button = suggestion.rows[step.id]
    assert label.text() == "Did this count towards: Tell Sam one thing?"
    assert ctx.journal.steps.ticks(step.id) == []  # nothing is ticked without asking

    button.setFocus()
    with qtbot.waitSignal(ctx.events.sig_moments_changed, timeout=2000):
        qtbot.keyClick(button, Qt.Key.Key_Space)
    [tick] = ctx.journal.steps.ticks_for_moment(moment.id)
    assert tick.step_id == step.id
    assert tick.day == moment.occurred_at.date()
    assert label.text() == "Ticked: Tell Sam one thing — 1 of 3 this week."
    assert not button.isVisible()


def test_a_withdrawal_or_another_person_offers_nothing(
    qtbot: QtBot, view: LogView, ctx: AreaContext
) -> None:
    ctx.journal.steps.add(StepDraft("Tell Sam one thing", "Sam", None, 3))
    log(qtbot, "w", "Sam")
    assert ctx.journal.moments.count() == 1
    assert not view.step_suggestion.isVisible()
    log(qtbot, "o", "Alex")
    assert ctx.journal.moments.count() == 2
    assert not view.step_suggestion.isVisible()


def test_not_this_time_dismisses_without_ticking(
    qtbot: QtBot, view: LogView, ctx: AreaContext
) -> None:
    step = ctx.journal.steps.add(StepDraft("Tell Sam one thing", "Sam", None, 3))
    log(qtbot, "o", "Sam")
    suggestion = view.step_suggestion
    assert suggestion.isVisible()
    suggestion.dismiss_button.setFocus()
    qtbot.keyClick(suggestion.dismiss_button, Qt.Key.Key_Space)
    assert not suggestion.isVisible()
    assert suggestion.rows == {}
    assert ctx.journal.steps.ticks(step.id) == []
