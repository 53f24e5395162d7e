"""Editing a moment from History: a dialog around the shared form, saved undoably."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from wallwatch.domain.model import Direction, Moment, MomentDraft
from wallwatch.ui.context import AreaContext
from wallwatch.ui.edit_dialog import EditMomentDialog
from wallwatch.ui.history_model import Column
from wallwatch.ui.history_view import HistoryView

LIVED = datetime(2024, 9, 14, 19, 30, tzinfo=timezone(timedelta(hours=2)))


@pytest.fixture
def moment(ctx: AreaContext) -> Moment:
    return ctx.journal.moments.record(
        MomentDraft(
            LIVED,
            Direction.WITHDREW,
            intensity=4,
            person="Sam",
            fears=("being trapped",),
            behaviours=("went silent",),
            loneliness=6,
            note="Went quiet when Sam asked about the weekend.",
        )
    )


@pytest.fixture
def view(ctx: AreaContext, moment: Moment, qtbot: QtBot) -> Iterator[HistoryView]:
    widget = HistoryView(ctx)
    qtbot.addWidget(widget)
    widget.resize(1040, 720)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()


def open_dialog(view: HistoryView, qtbot: QtBot) -> EditMomentDialog:
    view.select_row(0)
    dialog = view.edit_selected()
    assert isinstance(dialog, EditMomentDialog)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    return dialog


def retype_note(dialog: EditMomentDialog, qtbot: QtBot, text: str) -> None:
    note = dialog.form.note
    note.setFocus()
    qtbot.keyClick(note, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(note, text)


def test_edit_saves_with_ctrl_enter_and_undo_reverts(
    ctx: AreaContext, view: HistoryView, moment: Moment, qtbot: QtBot
) -> None:
    dialog = open_dialog(view, qtbot)
    assert dialog.form.note.toPlainText() == moment.note
    retype_note(dialog, qtbot, "Told Sam the weekend plans scared me.")
    with qtbot.waitSignal(ctx.events.sig_moments_changed, timeout=3000):
        qtbot.keyClick(dialog.form.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    saved = ctx.journal.moments.get(moment.id)
    assert saved.note == "Told Sam the weekend plans scared me."
    assert saved.draft() == dataclasses.replace(moment.draft(), note=saved.note)
    assert not dialog.isVisible()
    assert view.model.index(0, Column.NOTE).data() == "Told Sam the weekend plans scared me."
    assert view.status_message == "Saved changes — Undo (Ctrl+Z)"
    assert ctx.undo_stack.undoText() == "Edit moment"

    ctx.undo_stack.undo()
    assert ctx.journal.moments.get(moment.id).draft() == moment.draft()
    assert view.model.index(0, Column.NOTE).data() == moment.note

    ctx.undo_stack.redo()
    assert ctx.journal.moments.get(moment.id).note == "Told Sam the weekend plans scared me."


def test_escape_cancels_without_saving(
    ctx: AreaContext, view: HistoryView, moment: Moment, qtbot: QtBot
) -> None:
    dialog = open_dialog(view, qtbot)
    retype_note(dialog, qtbot, "something else")
    qtbot.keyClick(dialog.form.note, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert ctx.journal.moments.get(moment.id) == moment
    assert ctx.undo_stack.count() == 0


def test_save_button_with_nothing_changed_adds_no_undo_step(
    ctx: AreaContext, view: HistoryView, moment: Moment, qtbot: QtBot
) -> None:
    dialog = open_dialog(view, qtbot)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert ctx.undo_stack.count() == 0
    assert ctx.journal.moments.get(moment.id) == moment


def test_moment_deleted_while_editing_keeps_the_dialog_open(
    ctx: AreaContext, view: HistoryView, moment: Moment, qtbot: QtBot
) -> None:
    dialog = open_dialog(view, qtbot)
    retype_note(dialog, qtbot, "my words")
    ctx.journal.moments.delete([moment.id])  # e.g. from the command line meanwhile
    assert dialog.save() is False
    assert dialog.isVisible()
    assert "deleted" in dialog.problem.text()
    assert ctx.undo_stack.count() == 0
    dialog.reject()


def test_enter_on_a_row_opens_the_dialog(view: HistoryView, qtbot: QtBot) -> None:
    view.select_row(0)
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus, timeout=3000)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    dialogs = [d for d in view.findChildren(EditMomentDialog) if d.isVisible()]
    assert len(dialogs) == 1
    dialogs[0].reject()


def test_a_field_that_does_not_validate_keeps_the_dialog_open(
    ctx: AreaContext, view: HistoryView, moment: Moment, qtbot: QtBot
) -> None:
    dialog = open_dialog(view, qtbot)
    person = dialog.form.person.edit
    person.setFocus()
    person.selectAll()
    qtbot.keyClicks(person, "M" * 90)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert "80 characters" in dialog.form.error_text("person")
    assert ctx.journal.moments.get(moment.id) == moment
    assert ctx.undo_stack.count() == 0
    dialog.reject()


def test_editing_the_person_moves_the_row_to_their_filter(
    ctx: AreaContext, view: HistoryView, moment: Moment, qtbot: QtBot
) -> None:
    dialog = open_dialog(view, qtbot)
    person = dialog.form.person.edit
    person.setFocus()
    person.selectAll()
    qtbot.keyClicks(person, "Maya")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert ctx.journal.moments.get(moment.id).person == "Maya"
    assert view.filters.person.findText("Maya") >= 0, "a new person is offered as a filter"
    view.filters.set_person("Maya")
    assert view.model.rowCount() == 1
    ctx.undo_stack.undo()
    assert ctx.journal.moments.get(moment.id).person == "Sam"
    assert view.model.rowCount() == 0, "the filtered list follows the undo"


def test_double_click_on_a_row_opens_the_dialog(view: HistoryView, qtbot: QtBot) -> None:
    viewport = view.table.viewport()
    at = view.table.visualRect(view.model.index(0, Column.PERSON)).center()
    left = Qt.MouseButton.LeftButton
    # QTest's mouseDClick alone omits the presses a real double-click brings along.
    qtbot.mouseClick(viewport, left, pos=at)
    qtbot.mousePress(viewport, left, pos=at)
    qtbot.mouseDClick(viewport, left, pos=at)
    qtbot.mouseRelease(viewport, left, pos=at)
    dialogs = [d for d in view.findChildren(EditMomentDialog) if d.isVisible()]
    assert len(dialogs) == 1
    assert dialogs[0].form.person.name() == "Sam"
    dialogs[0].reject()
