"""Deleting from History asks nothing, says what happened, and undo/redo work exactly."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from wallwatch.domain.model import Direction, Moment, MomentDraft, WantedCloseness
from wallwatch.services.errors import NotFound
from wallwatch.ui.context import AreaContext
from wallwatch.ui.history_view import HistoryView

START = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def recorded(ctx: AreaContext) -> list[Moment]:
    """Five full moments, newest first (as History lists them)."""
    made = [
        ctx.journal.moments.record(
            MomentDraft(
                START + timedelta(days=i),
                Direction.WITHDREW if i % 2 else Direction.OPENED,
                intensity=1 + i % 5,
                person=("Sam", "Maya")[i % 2],
                fears=("past hurt",) if i % 2 else (),
                behaviours=("went silent",) if i % 2 else ("shared a feeling",),
                body_signals=("tight chest",),
                wanted_closeness=WantedCloseness.YES if i % 2 else None,
                loneliness=i,
                resentment=None,
                connection=10 - i,
                note=f"moment {i}\nsecond line",
                wish="wish" if i else "",
            )
        )
        for i in range(5)
    ]
    return made[::-1]


@pytest.fixture
def view(ctx: AreaContext, recorded: list[Moment], qtbot: QtBot) -> Iterator[HistoryView]:
    widget = HistoryView(ctx)
    qtbot.addWidget(widget)
    widget.resize(1040, 720)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()


def shown_ids(view: HistoryView) -> list[object]:
    return [view.model.moment_at(r).id for r in range(view.model.rowCount())]  # type: ignore[union-attr]


def still_there(ctx: AreaContext, moment: Moment) -> bool:
    try:
        ctx.journal.moments.get(moment.id)
    except NotFound:
        return False
    return True


def test_delete_key_removes_one_and_undo_restores_it_exactly(
    ctx: AreaContext, view: HistoryView, recorded: list[Moment], qtbot: QtBot
) -> None:
    view.select_row(1)
    view.table.setFocus()
    qtbot.waitUntil(view.table.hasFocus, timeout=3000)
    with qtbot.waitSignal(ctx.events.sig_moments_changed, timeout=3000):
        qtbot.keyClick(view.table, Qt.Key.Key_Delete)

    assert not still_there(ctx, recorded[1])
    assert shown_ids(view) == [m.id for m in recorded if m is not recorded[1]]
    assert view.status_message == "Deleted 1 moment — Undo (Ctrl+Z)"
    assert view.selected_ids() == [recorded[2].id], "the next moment is ready to act on"

    ctx.undo_stack.undo()
    assert ctx.journal.moments.get(recorded[1].id) == recorded[1]  # ids and timestamps too
    assert shown_ids(view) == [m.id for m in recorded]
    assert view.status_message.startswith("Restored 1 moment")

    ctx.undo_stack.redo()
    assert not still_there(ctx, recorded[1])
    assert view.model.rowCount() == 4


def test_delete_several_with_the_button_then_undo_and_redo(
    ctx: AreaContext, view: HistoryView, recorded: list[Moment], qtbot: QtBot
) -> None:
    selection = view.table.selectionModel()
    for row in (0, 2, 3):
        selection.select(
            view.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    assert view.delete_button.isEnabled()
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)

    gone = [recorded[i] for i in (0, 2, 3)]
    assert not any(still_there(ctx, m) for m in gone)
    assert ctx.journal.moments.count() == 2
    assert view.status_message == "Deleted 3 moments — Undo (Ctrl+Z)"
    assert ctx.undo_stack.undoText() == "Delete 3 moments"
    qtbot.waitUntil(lambda: view.count_label.text() == "2 moments", timeout=3000)

    # The "Undo" link in the status line does what Ctrl+Z does.
    view.status_label.linkActivated.emit("undo")
    assert ctx.journal.moments.query() == sorted(
        recorded, key=lambda m: m.occurred_at, reverse=True
    )
    assert [ctx.journal.moments.get(m.id) for m in gone] == gone
    qtbot.waitUntil(lambda: view.count_label.text() == "5 moments", timeout=3000)

    ctx.undo_stack.redo()
    assert ctx.journal.moments.count() == 2
    assert not any(still_there(ctx, m) for m in gone)


def test_nothing_selected_deletes_nothing(ctx: AreaContext, view: HistoryView) -> None:
    view.table.clearSelection()
    assert not view.delete_button.isEnabled()
    assert view.delete_selected() == 0
    assert ctx.undo_stack.count() == 0
    assert ctx.journal.moments.count() == 5


def test_deleted_elsewhere_first_leaves_nothing_to_undo(
    ctx: AreaContext, view: HistoryView, recorded: list[Moment]
) -> None:
    view.select_row(0)
    ctx.journal.moments.delete([recorded[0].id])  # e.g. from the command line meanwhile
    assert view.delete_selected() == 1
    assert ctx.undo_stack.count() == 0, "a delete that removed nothing is not an undo step"


def test_delete_from_the_context_menu(
    ctx: AreaContext, view: HistoryView, recorded: list[Moment]
) -> None:
    view.select_row(4)
    menu = view.context_menu(view.model.index(4, 0))
    assert menu is not None
    delete = next(a for a in menu.actions() if a.text().startswith("Delete"))
    delete.trigger()
    assert not still_there(ctx, recorded[4])
