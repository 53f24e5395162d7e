"""History filters, search, counts, empty states and refreshing, driven as a person would."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from wallwatch.domain.calendar import now_local
from wallwatch.domain.model import Direction, Moment, MomentDraft
from wallwatch.ui.context import AreaContext
from wallwatch.ui.history_filters import Period
from wallwatch.ui.history_model import Column
from wallwatch.ui.history_view import HistoryView


def at(days_ago: int, hour: int = 12) -> datetime:
    return (now_local() - timedelta(days=days_ago)).replace(hour=hour, minute=0, second=0)


@pytest.fixture
def moments(ctx: AreaContext) -> dict[str, Moment]:
    record = ctx.journal.moments.record
    return {
        "dinner": record(
            MomentDraft(
                at(1),
                Direction.WITHDREW,
                person="Sam",
                fears=("rejection / abandonment",),
                note="Went quiet at dinner when Sam asked about the weekend.",
            )
        ),
        "cafe": record(
            MomentDraft(
                at(3),
                Direction.OPENED,
                person="Maya",
                fears=("being seen as weak",),
                note="Told Maya at the Café that I had been struggling.",
            )
        ),
        "call": record(
            MomentDraft(
                at(40),
                Direction.WITHDREW,
                person="Mum",
                fears=("past hurt",),
                note="Let Mum's call ring out.",
                wish="Pick up and say I was tired.",
            )
        ),
        "old": record(
            MomentDraft(at(400), Direction.OPENED, person="Sam", note="Shared a feeling.")
        ),
    }


@pytest.fixture
def view(ctx: AreaContext, qtbot: QtBot) -> Iterator[HistoryView]:
    widget = HistoryView(ctx)
    qtbot.addWidget(widget)
    widget.resize(1040, 720)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()


def notes(view: HistoryView) -> list[str]:
    view.model.fetch_all()
    return [view.model.moment_at(r).note for r in range(view.model.rowCount())]  # type: ignore[union-attr]


def choose(view: HistoryView, combo_name: str, text: str) -> None:
    combo = getattr(view.filters, combo_name)
    index = combo.findText(text)
    assert index >= 0, f"{text!r} is not offered in {combo_name}"
    combo.setCurrentIndex(index)


def wait_count(qtbot: QtBot, view: HistoryView, text: str) -> None:
    qtbot.waitUntil(lambda: view.count_label.text() == text, timeout=5000)


def test_lists_newest_first_with_total(
    moments: dict[str, Moment], view: HistoryView, qtbot: QtBot
) -> None:
    assert notes(view) == [moments[k].note for k in ("dinner", "cafe", "call", "old")]
    wait_count(qtbot, view, "4 moments")
    assert view.pages.currentWidget() is view.table
    assert view.model.index(0, Column.PERSON).data() == "Sam"


def test_each_filter_narrows_rows_and_count(
    ctx: AreaContext, moments: dict[str, Moment], qtbot: QtBot
) -> None:
    view = HistoryView(ctx)
    qtbot.addWidget(view)
    view.show()
    wait_count(qtbot, view, "4 moments")

    choose(view, "direction", "Opened up")
    assert notes(view) == [moments["cafe"].note, moments["old"].note]
    wait_count(qtbot, view, "2 of 4 moments")
    assert view.filters.clear_button.isEnabled()

    view.filters.clear_button.click()
    assert len(notes(view)) == 4
    wait_count(qtbot, view, "4 moments")
    assert not view.filters.clear_button.isEnabled()

    choose(view, "person", "Sam")
    assert notes(view) == [moments["dinner"].note, moments["old"].note]
    wait_count(qtbot, view, "2 of 4 moments")
    view.filters.clear()

    choose(view, "fear", "past hurt")
    assert notes(view) == [moments["call"].note]
    wait_count(qtbot, view, "1 of 4 moments")
    view.filters.clear()

    choose(view, "period", Period.WEEK.value)
    assert notes(view) == [moments["dinner"].note, moments["cafe"].note]
    choose(view, "period", Period.YEAR.value)
    assert len(notes(view)) == 3
    wait_count(qtbot, view, "3 of 4 moments")

    choose(view, "period", Period.CUSTOM.value)
    assert view.filters.since.isVisible() and view.filters.until.isVisible()
    day = moments["call"].occurred_at.date()
    view.filters.since.setDate(day)
    view.filters.until.setDate(day)
    assert notes(view) == [moments["call"].note]

    # Filters combine: Sam within the last year is only the dinner.
    view.filters.clear()
    choose(view, "period", Period.YEAR.value)
    choose(view, "person", "Sam")
    assert notes(view) == [moments["dinner"].note]
    view.shutdown()


def test_text_search_is_debounced_and_ignores_case(
    moments: dict[str, Moment], view: HistoryView, qtbot: QtBot
) -> None:
    qtbot.keyClicks(view.filters.search, "CAFÉ")
    assert len(notes(view)) == 4, "the search waits for typing to pause"
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=3000)
    assert notes(view) == [moments["cafe"].note]
    wait_count(qtbot, view, "1 of 4 moments")

    # The search covers "what I wish I had done" too; Enter applies it at once.
    view.filters.search.clear()
    qtbot.keyClicks(view.filters.search, "say i was tired")
    qtbot.keyClick(view.filters.search, "\r")
    assert notes(view) == [moments["call"].note]


def test_empty_states_say_why(ctx: AreaContext, view: HistoryView, qtbot: QtBot) -> None:
    assert view.pages.currentWidget() is view.empty
    assert view.empty.heading.text() == "No moments yet"
    assert not view.empty.clear_button.isVisible()

    ctx.journal.moments.record(MomentDraft(at(2), Direction.OPENED, note="a first one"))
    ctx.moments_changed()
    assert view.pages.currentWidget() is view.table

    qtbot.keyClicks(view.filters.search, "nothing like this")
    view.filters.flush()
    assert view.pages.currentWidget() is view.empty
    assert view.empty.heading.text() == "No moments match these filters"
    assert view.empty.clear_button.isVisible()
    view.empty.clear_button.click()
    assert view.pages.currentWidget() is view.table
    assert view.filters.search.text() == ""


def test_refreshes_when_another_area_changes_moments(
    ctx: AreaContext, moments: dict[str, Moment], view: HistoryView, qtbot: QtBot
) -> None:
    view.select_row(1)  # the café moment
    assert view.selected_ids() == [moments["cafe"].id]

    newer = ctx.journal.moments.record(
        MomentDraft(now_local() - timedelta(minutes=5), Direction.OPENED, person="Leo")
    )
    ctx.moments_changed()  # what the Log area does after recording

    assert view.model.moment_at(0) == newer
    assert view.selected_ids() == [moments["cafe"].id], "the selection follows its moment"
    wait_count(qtbot, view, "5 moments")
    assert view.filters.person.findText("Leo") >= 0, "a new person becomes a filter choice"


def test_hidden_view_refreshes_when_shown_again(
    ctx: AreaContext, moments: dict[str, Moment], view: HistoryView, qtbot: QtBot
) -> None:
    view.hide()
    ctx.journal.moments.delete([moments["old"].id])
    ctx.moments_changed()
    assert view.model.rowCount() == 4, "a hidden area waits until it is shown"
    view.show()
    assert view.model.rowCount() == 3
    wait_count(qtbot, view, "3 moments")


def test_oldest_first_from_the_when_header(moments: dict[str, Moment], view: HistoryView) -> None:
    view.table.horizontalHeader().sectionClicked.emit(Column.WHEN)
    assert notes(view)[0] == moments["old"].note
    view.table.horizontalHeader().sectionClicked.emit(Column.WHEN)
    assert notes(view)[0] == moments["dinner"].note


def test_context_menu_filters_by_person_and_day(
    moments: dict[str, Moment], view: HistoryView
) -> None:
    menu = view.context_menu(view.model.index(2, 0))
    assert menu is not None
    texts = [a.text() for a in menu.actions()]
    assert "Only moments with Mum" in texts
    next(a for a in menu.actions() if a.text() == "Only moments with Mum").trigger()
    assert notes(view) == [moments["call"].note]

    view.filters.clear()
    menu = view.context_menu(view.model.index(0, 0))
    assert menu is not None
    day_action = next(
        a for a in menu.actions() if a.text().startswith("Only ") and "with" not in a.text()
    )
    day_action.trigger()
    assert notes(view) == [moments["dinner"].note]


def test_search_box_takes_the_keyboard(view: HistoryView, qtbot: QtBot) -> None:
    view.activateWindow()
    assert view.focus_search() is True
    qtbot.waitUntil(view.filters.search.hasFocus, timeout=3000)


def test_refresh_keeps_a_deep_selection_and_the_scroll(
    ctx: AreaContext, view: HistoryView, qtbot: QtBot
) -> None:
    start = now_local() - timedelta(days=30)
    for i in range(450):
        ctx.journal.moments.record(
            MomentDraft(start + timedelta(minutes=i), Direction.OPENED, note=f"n{i}")
        )
    ctx.moments_changed()
    while view.model.rowCount() < 420:
        view.model.fetchMore()
    view.select_row(410)
    view.table.scrollTo(view.model.index(410, 0))
    chosen = view.selected_ids()
    scroll = view.table.verticalScrollBar().value()
    assert scroll > 0

    ctx.journal.moments.record(MomentDraft(start - timedelta(days=1), Direction.WITHDREW))
    ctx.moments_changed()

    assert view.selected_ids() == chosen
    assert view.model.rowCount() >= 411
    assert view.table.verticalScrollBar().value() == scroll


def test_reading_filters_many_times_is_safe(view: HistoryView) -> None:
    """PySide6 6.12.0 dropped a reference to None each time an empty QVariant was read back;
    on Python 3.11 that ends in an abort. The filter bar must not read one per change."""
    before = sys.getrefcount(None)
    for _ in range(2_000):
        view.filters.current_filter()
    assert sys.getrefcount(None) >= before - 50


def test_columns_share_the_width_until_sized_by_hand(
    moments: dict[str, Moment], view: HistoryView, qtbot: QtBot
) -> None:
    table = view.table
    view.resize(1300, 720)
    qtbot.waitUntil(lambda: table.columnWidth(Column.NOTE) > 250, timeout=3000)
    wide_fears = table.columnWidth(Column.FEARS)
    view.resize(900, 720)
    qtbot.waitUntil(lambda: table.columnWidth(Column.FEARS) < wide_fears, timeout=3000)

    table.horizontalHeader().resizeSection(Column.FEARS, 300)  # as a drag would
    assert table.sized_by_hand
    view.resize(1200, 720)
    qtbot.wait(50)
    assert table.columnWidth(Column.FEARS) == 300

    table.reset_columns()
    assert not table.sized_by_hand
    assert table.columnWidth(Column.FEARS) != 300


def test_header_menu_hides_columns_and_remembers(
    ctx: AreaContext, view: HistoryView, qtbot: QtBot
) -> None:
    menu = view.table.header_menu()
    lonely = next(a for a in menu.actions() if a.text() == "Lonely")
    lonely.setChecked(False)
    assert view.table.isColumnHidden(Column.LONELINESS)
    view.shutdown()

    again = HistoryView(ctx)
    qtbot.addWidget(again)
    assert again.table.isColumnHidden(Column.LONELINESS)
    again.shutdown()


def test_ctrl_f_in_the_window_lands_in_the_history_search(
    ctx: AreaContext, moments: dict[str, Moment], qtbot: QtBot
) -> None:
    from wallwatch.ui.main_window import MainWindow

    window = MainWindow(ctx.view_state)
    qtbot.addWidget(window)
    window.attach(ctx.journal, is_demo=False)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area_key() == "history"
    history = window.areas["history"]
    assert isinstance(history, HistoryView)
    qtbot.waitUntil(history.filters.search.hasFocus, timeout=3000)
    window.detach()


def test_nothing_is_read_until_first_shown(
    ctx: AreaContext, moments: dict[str, Moment], qtbot: QtBot
) -> None:
    view = HistoryView(ctx)
    qtbot.addWidget(view)
    assert view.model.rowCount() == 0
    view.show()
    assert view.model.rowCount() == 4
    wait_count(qtbot, view, "4 moments")
    view.shutdown()
