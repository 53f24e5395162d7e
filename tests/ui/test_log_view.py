"""The Log area, driven only with the keyboard; every check reads the real journal back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from wallwatch.domain.calendar import now_local
from wallwatch.domain.model import Direction, MomentDraft, TagKind, WantedCloseness
from wallwatch.domain.vocabulary import SEED_OPENING, SEED_WITHDRAWING
from wallwatch.ui.context import AreaContext
from wallwatch.ui.log_view import LogView

CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    """Where a key goes: an open popup (e.g. the name completer) first, as in Qt itself."""
    widget = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def tab(qtbot: QtBot, times: int = 1) -> None:
    for _ in range(times):
        press(qtbot, Qt.Key.Key_Tab)


class Host(QWidget):
    """Stands in for the main window: the Log area asks it to switch journals."""

    sig_switch_journal = Signal(bool)


_hosts: list[Host] = []  # pytest-qt only holds a weak reference; keep hosts alive


@pytest.fixture(autouse=True)
def _release_hosts() -> Iterator[None]:
    yield
    _hosts.clear()


def show_view(qtbot: QtBot, ctx: AreaContext) -> LogView:
    host = Host()
    _hosts.append(host)
    qtbot.addWidget(host)
    view = LogView(ctx, host)
    QVBoxLayout(host).addWidget(view)
    host.resize(1040, 720)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    view.on_shown()  # what the main window calls when it shows the area
    return view


@pytest.fixture
def view(qtbot: QtBot, ctx: AreaContext) -> Iterator[LogView]:
    v = show_view(qtbot, ctx)
    v.begin_new_moment()
    qtbot.waitUntil(lambda: v.form.direction.hasFocus())
    yield v
    v.shutdown()


def test_a_moment_logged_with_the_keyboard_lands_exactly_in_the_journal(
    qtbot: QtBot, view: LogView, ctx: AreaContext
) -> None:
    type_text(qtbot, "w4")  # direction, then intensity without leaving the control
    tab(qtbot, 2)
    type_text(qtbot, "Sam")
    tab(qtbot)
    type_text(qtbot, "7")  # loneliness
    tab(qtbot, 2)  # resentment stays unrated
    type_text(qtbot, "2")  # connection
    tab(qtbot)
    type_text(qtbot, "y")  # part of me wanted closeness
    tab(qtbot)
    type_text(qtbot, "rejection")
    press(qtbot, Qt.Key.Key_Return)
    type_text(qtbot, "hurt")
    press(qtbot, Qt.Key.Key_Return)
    tab(qtbot)
    type_text(qtbot, "silent")
    press(qtbot, Qt.Key.Key_Return)
    tab(qtbot)
    type_text(qtbot, "tight")
    press(qtbot, Qt.Key.Key_Return)
    tab(qtbot)
    type_text(qtbot, "They asked about my week.")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    type_text(qtbot, "I said fine.")
    tab(qtbot)
    type_text(qtbot, "Tell them I was tired")
    before = now_local()
    press(qtbot, Qt.Key.Key_Return, CTRL)
    after = now_local()

    [m] = ctx.journal.moments.query()
    assert m.direction is Direction.WITHDREW
    assert m.intensity == 4
    assert m.person == "Sam"
    assert m.fears == ("past hurt", "rejection / abandonment")
    assert m.behaviours == ("went silent",)
    assert m.body_signals == ("tight chest",)
    assert m.wanted_closeness is WantedCloseness.YES
    assert (m.loneliness, m.resentment, m.connection) == (7, None, 2)
    assert m.note == "They asked about my week.\nI said fine."
    assert m.wish == "Tell them I was tired"
    assert before <= m.occurred_at <= after
    assert m.occurred_at.utcoffset() == now_local().utcoffset()


def test_unset_ratings_stay_none(qtbot: QtBot, view: LogView, ctx: AreaContext) -> None:
    type_text(qtbot, "o")
    view.form.ratings["resentment"].setFocus()
    type_text(qtbot, "6")
    press(qtbot, Qt.Key.Key_Delete)  # changed my mind: not rated after all
    press(qtbot, Qt.Key.Key_Return, CTRL)
    [m] = ctx.journal.moments.query()
    assert (m.loneliness, m.resentment, m.connection) == (None, None, None)
    assert m.wanted_closeness is None


def test_behaviour_suggestions_follow_direction_and_use(qtbot: QtBot, ctx: AreaContext) -> None:
    for _ in range(2):
        ctx.journal.moments.record(
            MomentDraft(now_local(), Direction.WITHDREW, behaviours=("criticised",))
        )
    view = show_view(qtbot, ctx)
    view.begin_new_moment()
    type_text(qtbot, "w")
    shown = [c.text() for c in view.form.behaviours.visible_chips()]
    assert shown[0] == "criticised"  # the most used comes first
    assert set(shown) == set(SEED_WITHDRAWING)
    type_text(qtbot, "o")
    shown = [c.text() for c in view.form.behaviours.visible_chips()]
    assert set(shown) == set(SEED_OPENING)
    view.shutdown()


def test_a_new_person_and_a_new_tag_typed_inline_are_created(
    qtbot: QtBot, view: LogView, ctx: AreaContext
) -> None:
    type_text(qtbot, "o")
    tab(qtbot, 2)
    type_text(qtbot, "Jordan")
    assert "New person" in view.form.person.hint_text()
    view.form.fears.filter.setFocus()
    type_text(qtbot, "being a burden")
    press(qtbot, Qt.Key.Key_Return)
    with qtbot.waitSignal(ctx.events.sig_vocabulary_changed, timeout=2000):
        press(qtbot, Qt.Key.Key_Return, CTRL)
    assert "Jordan" in [p.name for p in ctx.journal.people.all()]
    assert "being a burden" in [t.name for t in ctx.journal.tags.all(TagKind.FEAR)]
    [m] = ctx.journal.moments.query()
    assert (m.person, m.fears) == ("Jordan", ("being a burden",))
    # The new names are offered from now on.
    assert "Jordan" in view.form.person.model.stringList()
    assert "being a burden" in view.form.fears.options()


def test_ctrl_enter_saves_clears_and_confirms_with_undo(
    qtbot: QtBot, view: LogView, ctx: AreaContext
) -> None:
    type_text(qtbot, "w")
    tab(qtbot, 2)
    type_text(qtbot, "Sam")
    view.form.note.setFocus()
    type_text(qtbot, "a note")
    with qtbot.waitSignal(ctx.events.sig_moments_changed, timeout=2000):
        qtbot.keyClick(focused(), Qt.Key.Key_Enter, CTRL | Qt.KeyboardModifier.KeypadModifier)
    [m] = ctx.journal.moments.query()
    form = view.form
    assert form.direction.value() is None
    assert form.person.name() is None
    assert form.note.toPlainText() == ""
    assert form.when.follows_now()
    assert form.direction.hasFocus()  # ready for the next one
    assert view.banner.isVisible()
    assert view.banner.label.text() == f"Saved — withdrew, Sam, {m.occurred_at:%H:%M}"
    assert view.banner.undo_button.isVisible()

    view.banner.undo_button.setFocus()
    with qtbot.waitSignal(ctx.events.sig_moments_changed, timeout=2000):
        press(qtbot, Qt.Key.Key_Space)
    assert ctx.journal.moments.count() == 0
    assert "removed" in view.banner.label.text()
    assert view.today.count() == 0
    ctx.undo_stack.redo()
    [back] = ctx.journal.moments.query()
    assert back == m


def test_a_validation_error_shows_beside_the_field_and_nothing_is_saved(
    qtbot: QtBot, view: LogView, ctx: AreaContext
) -> None:
    tab(qtbot, 2)
    type_text(qtbot, "N" * 81)
    press(qtbot, Qt.Key.Key_Return, CTRL)  # no direction chosen, and the name is too long
    # Both problems at once, each beside its field; the keyboard goes to the first.
    assert "withdrew or opened up" in view.form.error_text("direction")
    assert view.form.error_text("person") == "The name is longer than 80 characters."
    assert view.form.direction.hasFocus()
    type_text(qtbot, "o")
    assert view.form.error_text("direction") == ""
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert view.form.error_text("person") == "The name is longer than 80 characters."
    assert view.form.person.edit.hasFocus()
    assert ctx.journal.moments.count() == 0
    assert view.form.person.name() == "N" * 81  # kept, to be fixed
    assert not view.banner.isVisible()


def _cap_growth(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
    # The file may not grow by a single page: a real "database or disk is full" from SQLite.
    cur = dbapi_conn.cursor()
    pages = cur.execute("PRAGMA page_count").fetchone()[0]
    cur.execute(f"PRAGMA max_page_count = {pages}")
    cur.close()


def _read_only(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
    dbapi_conn.execute("PRAGMA query_only = ON")


@pytest.mark.parametrize(
    ("listener", "words"),
    [(_cap_growth, "is full"), (_read_only, "read-only")],
    ids=["disk-full", "read-only"],
)
def test_a_failed_save_says_why_and_keeps_what_was_typed(
    qtbot: QtBot, view: LogView, ctx: AreaContext, listener: Any, words: str
) -> None:
    engine = ctx.journal.db.engine
    event.listen(engine, "checkout", listener)
    try:
        type_text(qtbot, "w")
        tab(qtbot, 2)
        type_text(qtbot, "Sam")
        view.form.note.setFocus()
        long_note = "It all came back at once. " * 300  # needs new pages in the file
        QApplication.clipboard().setText(long_note)
        press(qtbot, Qt.Key.Key_V, CTRL)
        press(qtbot, Qt.Key.Key_Return, CTRL)
        assert view.problem.isVisible()
        assert "Nothing was saved" in view.problem.text() and words in view.problem.text()
        assert "Traceback" not in view.problem.text()
        assert view.form.note.toPlainText() == long_note
        assert view.form.person.name() == "Sam"
        assert view.form.direction.value() is Direction.WITHDREW
        assert not view.banner.isVisible()
    finally:
        event.remove(engine, "checkout", listener)
        engine.dispose()  # fresh connections, without the limit
    assert ctx.journal.moments.count() == 0
    # Once the problem is gone, the same keystroke saves everything that was kept.
    view.form.note.setFocus()
    press(qtbot, Qt.Key.Key_Return, CTRL)
    [m] = ctx.journal.moments.query()
    assert m.note == long_note.strip() and m.person == "Sam"
    assert not view.problem.isVisible()


def test_todays_list_shows_new_moments_newest_first(
    qtbot: QtBot, view: LogView, ctx: AreaContext
) -> None:
    assert view.today.count() == 0
    ctx.journal.moments.record(
        MomentDraft(now_local() - timedelta(days=1), Direction.OPENED, person="Old")
    )
    ctx.journal.moments.record(
        MomentDraft(now_local() - timedelta(minutes=30), Direction.OPENED, person="Alex")
    )
    ctx.moments_changed()  # another area changed the journal
    assert [m.person for m in view.today.moments()] == ["Alex"]
    type_text(qtbot, "w")
    tab(qtbot, 2)
    type_text(qtbot, "Sam")
    view.form.fears.filter.setFocus()
    type_text(qtbot, "hurt")
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert [m.person for m in view.today.moments()] == ["Sam", "Alex"]
    first = view.today.item(0).text()
    assert "Withdrew" in first and "Sam" in first and "past hurt" in first
    assert view.today_count.text() == "· 2 moments"


def test_begin_new_moment_focuses_the_first_field_with_a_fresh_now(
    qtbot: QtBot, view: LogView
) -> None:
    view.form.when.buttons["yesterday"].click()
    view.form.note.setFocus()
    assert not view.form.when.follows_now()
    assert view.begin_new_moment()
    assert view.form.direction.hasFocus()
    assert view.form.when.follows_now()
    assert abs(view.form.when.value() - now_local()) < timedelta(seconds=5)


def test_welcome_shows_on_an_empty_journal_and_goes_after_the_first_save(
    qtbot: QtBot, ctx: AreaContext
) -> None:
    view = show_view(qtbot, ctx)
    assert view.showing_welcome()
    text = " ".join(label.text() for label in view.welcome.findChildren(type(view.today_count)))
    assert "self-reflection aid, not a diagnosis or treatment" in text
    assert view.welcome.log_button.hasFocus()  # Enter or Space starts at once
    press(qtbot, Qt.Key.Key_Space)  # "Log my first moment"
    assert not view.showing_welcome()
    assert view.form.direction.hasFocus()
    type_text(qtbot, "o")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert ctx.journal.moments.count() == 1
    assert not view.showing_welcome()
    view.shutdown()
    # Next time the area is built, the journal has a moment: no welcome.
    again = show_view(qtbot, ctx)
    assert not again.showing_welcome()
    again.shutdown()


def test_welcome_offers_the_demo_through_the_window(qtbot: QtBot, ctx: AreaContext) -> None:
    view = show_view(qtbot, ctx)
    host = view.window()
    assert isinstance(host, Host)
    view.welcome.demo_button.setFocus()
    with qtbot.waitSignal(host.sig_switch_journal, timeout=1000) as switched:
        press(qtbot, Qt.Key.Key_Space)
    assert switched.args == [True]
    view.shutdown()


def test_demo_banner_shows_only_for_the_demo_journal(qtbot: QtBot, ctx: AreaContext) -> None:
    own = show_view(qtbot, ctx)
    assert not own.demo_banner.isVisible()
    own.shutdown()
    ctx.is_demo = True
    demo = show_view(qtbot, ctx)
    assert demo.demo_banner.isVisible()
    assert "nothing here is yours" in demo.demo_banner.text.text()
    assert not demo.showing_welcome()  # sample data is there to be explored, not a welcome
    host = demo.window()
    assert isinstance(host, Host)
    demo.demo_banner.return_button.setFocus()
    with qtbot.waitSignal(host.sig_switch_journal, timeout=1000) as switched:
        press(qtbot, Qt.Key.Key_Space)
    assert switched.args == [False]
    demo.shutdown()


def test_emitting_signals_does_not_eat_references_to_true(qtbot: QtBot, ctx: AreaContext) -> None:
    """The Log area emits on every keystroke. PySide6 6.12.0 drops a reference to ``True`` on
    each ``emit()`` from Python; on Python 3.11 (where ``True`` is not immortal) a few hundred
    emits later the interpreter aborts. 6.11.3 is fine; keep a version without the leak."""
    import sys

    view = show_view(qtbot, ctx)
    before = sys.getrefcount(True)
    for _ in range(50):
        ctx.events.sig_settings_changed.emit()
    assert sys.getrefcount(True) - before > -10, "signal emits leak references to True"
    view.shutdown()


def test_chip_rows_fit_at_once_when_the_offer_changes(
    qtbot: QtBot, view: LogView, ctx: AreaContext
) -> None:
    """No frame shows clipped chips (or a gap) after the direction changes or a save clears."""
    form = view.form

    def fits_after_one_pass() -> bool:
        QApplication.processEvents()
        return all(
            p.height() == p.heightForWidth(p.width())
            for p in (form.fears, form.behaviours, form.body)
        )

    for keys in ("w", "o", "w"):
        type_text(qtbot, keys)
        assert fits_after_one_pass()
    press(qtbot, Qt.Key.Key_Return, CTRL)  # saved: the form clears and the offer changes
    assert ctx.journal.moments.count() == 1
    assert fits_after_one_pass()
    form.behaviours.filter.setFocus()
    type_text(qtbot, "a")
    assert fits_after_one_pass()
