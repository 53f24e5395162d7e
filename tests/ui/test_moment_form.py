"""The reusable moment form and its inputs, driven with the keyboard over a real journal."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from wallwatch.domain.calendar import now_local
from wallwatch.domain.model import Direction, MomentDraft, TagKind, WantedCloseness
from wallwatch.domain.vocabulary import SEED_FEARS, SEED_OPENING, SEED_WITHDRAWING
from wallwatch.services import Journal, ValidationFailed
from wallwatch.ui.chips import ChipPicker
from wallwatch.ui.context import AreaContext
from wallwatch.ui.moment_form import MomentForm
from wallwatch.ui.rating_input import RatingInput


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


def show_form(qtbot: QtBot, journal: Journal) -> MomentForm:
    widget = MomentForm(journal)
    qtbot.addWidget(widget)
    widget.resize(900, 640)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.focus_first()
    qtbot.waitUntil(lambda: widget.direction.hasFocus())
    return widget


@pytest.fixture
def form(qtbot: QtBot, ctx: AreaContext) -> Iterator[MomentForm]:
    widget = show_form(qtbot, ctx.journal)
    yield widget
    widget.stop_timers()


def test_a_blank_form_has_no_direction_and_says_so_beside_it(form: MomentForm) -> None:
    with pytest.raises(ValidationFailed) as failure:
        form.draft()
    assert failure.value.for_field("direction")
    form.show_errors(failure.value)
    assert "withdrew or opened up" in form.error_text("direction")
    assert form.direction.hasFocus()


def test_direction_keys_and_digits_set_direction_and_intensity(
    qtbot: QtBot, form: MomentForm
) -> None:
    type_text(qtbot, "o")
    assert form.direction.value() is Direction.OPENED
    type_text(qtbot, "5")
    assert form.intensity.value() == 5
    press(qtbot, Qt.Key.Key_Left)
    assert form.direction.value() is Direction.WITHDREW
    press(qtbot, Qt.Key.Key_Tab)
    assert form.intensity.hasFocus()
    type_text(qtbot, "2")
    press(qtbot, Qt.Key.Key_Right)
    assert form.intensity.value() == 3


def test_closeness_is_asked_only_for_withdrawals(qtbot: QtBot, form: MomentForm) -> None:
    type_text(qtbot, "w")
    assert form.closeness.isVisible()
    form.closeness.setFocus()
    type_text(qtbot, "u")
    assert form.closeness.value() is WantedCloseness.UNSURE
    press(qtbot, Qt.Key.Key_Delete)
    assert form.closeness.value() is None
    type_text(qtbot, "y")
    form.direction.setFocus()
    type_text(qtbot, "o")
    assert not form.closeness.isVisible()
    # The hidden answer is not sent (the journal only asks it of withdrawals)...
    assert form.draft().wanted_closeness is None
    # ...but it comes back if the person changes their mind.
    type_text(qtbot, "w")
    assert form.draft().wanted_closeness is WantedCloseness.YES


def test_ratings_start_unset_and_take_digits_arrows_and_delete(
    qtbot: QtBot, form: MomentForm
) -> None:
    rating: RatingInput = form.ratings["loneliness"]
    assert rating.value() is None
    assert "not rated" in rating.value_label.text()
    assert not rating.clear_button.isEnabled()
    rating.setFocus()
    type_text(qtbot, "7")
    assert rating.value() == 7
    assert rating.value_label.text() == "7 / 10"
    type_text(qtbot, "10")  # "1" then "0" quickly is ten
    assert rating.value() == 10
    press(qtbot, Qt.Key.Key_Left)
    assert rating.value() == 9
    press(qtbot, Qt.Key.Key_Home)
    assert rating.value() == 0  # zero is a rating, not "unset"
    press(qtbot, Qt.Key.Key_Delete)
    assert rating.value() is None
    assert "not rated" in rating.value_label.text()
    press(qtbot, Qt.Key.Key_Right)
    assert rating.value() == 5  # from unset, arrows start in the middle
    rating.clear_button.click()
    assert rating.value() is None


def test_chip_filter_chooses_first_match_and_adds_new_names(qtbot: QtBot, form: MomentForm) -> None:
    picker: ChipPicker = form.fears
    picker.filter.setFocus()
    type_text(qtbot, "hurt")
    assert [c.text() for c in picker.visible_chips()] == ["past hurt"]
    press(qtbot, Qt.Key.Key_Return)
    assert picker.selected() == ["past hurt"]
    assert picker.filter.text() == ""
    type_text(qtbot, "being judged")
    assert picker.add_chip.isVisible()
    press(qtbot, Qt.Key.Key_Return)
    assert set(picker.selected()) == {"past hurt", "being judged"}
    assert picker.new_names() == ["being judged"]
    assert form.new_vocabulary()
    # Enter on a name already chosen keeps it chosen.
    type_text(qtbot, "Past Hurt")
    press(qtbot, Qt.Key.Key_Return)
    assert "past hurt" in picker.selected()


def test_chips_are_reached_with_arrows_and_toggled_with_space(
    qtbot: QtBot, form: MomentForm
) -> None:
    picker = form.body
    picker.filter.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    first = picker.visible_chips()[0]
    assert first.hasFocus()
    press(qtbot, Qt.Key.Key_Right)
    second = picker.visible_chips()[1]
    assert second.hasFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert picker.selected() == [second.text()]
    press(qtbot, Qt.Key.Key_Space)
    assert picker.selected() == []
    # Typing on a chip goes on in the filter.
    type_text(qtbot, "numb")
    assert picker.filter.hasFocus()
    assert picker.filter.text() == "numb"
    # Tab leaves the picker instead of walking through every chip.
    press(qtbot, Qt.Key.Key_Tab)
    assert form.note.hasFocus()


def test_behaviour_chips_follow_the_direction(qtbot: QtBot, form: MomentForm) -> None:
    type_text(qtbot, "w")
    shown = [c.text() for c in form.behaviours.visible_chips()]
    assert set(shown) == set(SEED_WITHDRAWING)
    type_text(qtbot, "o")
    shown = [c.text() for c in form.behaviours.visible_chips()]
    assert set(shown) == set(SEED_OPENING)
    # The others are one "more…" away, and the filter searches them all.
    assert form.behaviours.more_chip.isVisible()
    form.behaviours.filter.setFocus()
    type_text(qtbot, "silent")
    assert [c.text() for c in form.behaviours.visible_chips()] == ["went silent"]


def test_person_picker_completes_known_names_and_flags_new_ones(
    qtbot: QtBot, ctx: AreaContext
) -> None:
    journal: Journal = ctx.journal
    for name in ("Alex", "Sam", "Sam"):
        journal.moments.record(MomentDraft(now_local(), Direction.WITHDREW, person=name))
    form = show_form(qtbot, journal)
    assert form.person.model.stringList() == ["Sam", "Alex"]  # most involved first
    form.person.setFocus()
    type_text(qtbot, "sam")
    assert not form.person.is_new()
    assert form.person.hint_text() == ""
    press(qtbot, Qt.Key.Key_Tab)
    assert form.person.edit.text() == "Sam"  # shown as the journal spells it
    form.person.edit.clear()
    form.person.setFocus()
    type_text(qtbot, "A")
    assert form.person.hint_text() == ""  # "A…" may still become Alex
    type_text(qtbot, "nna")
    assert form.person.is_new()
    assert "New person" in form.person.hint_text()
    form.stop_timers()


def test_set_draft_then_draft_gives_the_same_moment_back(
    qtbot: QtBot, form: MomentForm, ctx: AreaContext
) -> None:
    ctx.journal.tags.add(TagKind.FEAR, "old worry")
    ctx.journal.tags.set_hidden(TagKind.FEAR, "old worry")
    lived = datetime(2024, 3, 5, 21, 40, 12, tzinfo=timezone(timedelta(hours=-7)))
    draft = MomentDraft(
        occurred_at=lived,
        direction=Direction.WITHDREW,
        intensity=2,
        person="Sam",
        fears=("old worry", "past hurt"),
        behaviours=("went silent",),
        body_signals=("tight chest", "trembling"),
        wanted_closeness=WantedCloseness.NO,
        loneliness=0,
        resentment=None,
        connection=9,
        note="Line one\nLine two",
        wish="Say it plainly",
    )
    form.set_draft(draft)
    back = form.draft()
    assert back == draft
    # A moment lived at another offset keeps that offset when edited.
    assert back.occurred_at.utcoffset() == timedelta(hours=-7)
    assert not form.when.follows_now()


def test_clear_leaves_nothing_stale(qtbot: QtBot, form: MomentForm) -> None:
    form.set_draft(
        MomentDraft(
            now_local() - timedelta(days=3),
            Direction.WITHDREW,
            5,
            "Sam",
            fears=(SEED_FEARS[0],),
            loneliness=4,
            note="x",
            wish="y",
        )
    )
    form.fears.filter.setText("typed")
    form.clear()
    assert form.direction.value() is None
    assert form.intensity.value() == 3
    assert form.person.name() is None
    assert form.fears.selected() == [] and form.fears.filter.text() == ""
    assert all(r.value() is None for r in form.ratings.values())
    assert form.note.toPlainText() == "" and form.wish.toPlainText() == ""
    assert form.when.follows_now()


def test_when_helpers_pick_yesterday_and_earlier_today(qtbot: QtBot, form: MomentForm) -> None:
    assert form.when.follows_now()
    assert abs(form.when.value() - now_local()) < timedelta(seconds=5)
    form.when.buttons["yesterday"].setFocus()
    press(qtbot, Qt.Key.Key_Space)
    value = form.when.value()
    assert value.tzinfo is not None
    assert value.date() == (now_local() - timedelta(days=1)).date()
    assert not form.when.follows_now()
    # The keyboard lands on the hour, so arrows adjust it.
    assert form.when.edit.hasFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert form.when.value() == value - timedelta(hours=1)
    form.when.buttons["earlier"].click()
    earlier = form.when.value()
    assert earlier.date() == now_local().date() and earlier <= now_local()
    form.when.buttons["now"].click()
    assert form.when.follows_now()


def test_ctrl_enter_in_the_note_submits_without_a_new_line(qtbot: QtBot, form: MomentForm) -> None:
    form.note.setFocus()
    type_text(qtbot, "hello")
    with qtbot.waitSignal(form.sig_submit, timeout=1000):
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.note.toPlainText() == "hello"
    submits: list[bool] = []
    form.sig_submit.connect(lambda: submits.append(True))
    for widget in (form.note, form.person.edit, form.fears.filter, form.direction):
        widget.setFocus()
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(submits) == 4  # once per press, from every kind of field
    with qtbot.waitSignal(form.sig_submit, timeout=1000):
        qtbot.keyClick(
            focused(),
            Qt.Key.Key_Enter,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier,
        )


def test_errors_are_worded_for_people_and_placed_beside_fields(form: MomentForm) -> None:
    form.direction.set_value(Direction.OPENED)
    form.person.set_name("x" * 81)
    form.body.filter.setText("y" * 90)
    form.body._choose_from_filter()
    with pytest.raises(ValidationFailed) as failure:
        form.draft()
    form.show_errors(failure.value)
    assert form.error_text("person") == "The name is longer than 80 characters."
    assert form.error_text("body_signals") == "A body signal is longer than 80 characters."
    assert form.error_text("fears") == ""
    assert form.person.edit.hasFocus()
    form.clear_errors()
    assert form.error_text("person") == ""


def test_editing_a_moment_dated_after_today_keeps_its_date(form: MomentForm) -> None:
    """A moment lived far east of this machine can fall on "tomorrow" here; it must not be
    clamped to today just by opening it."""
    lived = (now_local() + timedelta(days=1)).astimezone(timezone(timedelta(hours=14)))
    draft = MomentDraft(lived, Direction.OPENED, 3)
    form.set_draft(draft)
    assert form.draft().occurred_at == lived
    shown = form.when.edit.date()
    assert (shown.year(), shown.month(), shown.day()) == (lived.year, lived.month, lived.day)


def test_an_untouched_time_comes_back_exactly_even_in_a_repeated_hour(
    form: MomentForm, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On 27 Oct 2024 Berlin lived 02:30 twice; the second time was at +01:00.
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        second = datetime(2024, 10, 27, 1, 30, tzinfo=UTC).astimezone()
        assert (second.hour, second.utcoffset()) == (2, timedelta(hours=1))
        form.set_draft(MomentDraft(second, Direction.WITHDREW))
        assert form.draft().occurred_at == second
    finally:
        monkeypatch.undo()
        time.tzset()
