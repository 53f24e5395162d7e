"""Every text field takes any Unicode and long text; a 1 MB note does not freeze the window.

"Does not freeze" is measured, not guessed: a 20 ms heartbeat timer runs on the GUI thread while
the note is pasted, saved, listed and opened for editing, and the longest gap between two of
its ticks is how long the window could not respond. The bound is generous: under a second, or
for a save, under a second more than the same save with a short note (every save rebuilds the
form's chips, whatever the note). The cheaper checks carry most of the weight: the note is
stored exactly, and the History cell and tooltip hold a shortened text, not a megabyte.
"""

from __future__ import annotations

import contextlib
import io
import json
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QSettings, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from wallwatch.cli import main as cli_main
from wallwatch.domain.model import NAME_MAX, Direction, MomentDraft
from wallwatch.services import Journal, ValidationFailed, open_journal
from wallwatch.ui.context import AreaContext, JournalEvents
from wallwatch.ui.edit_dialog import EditMomentDialog
from wallwatch.ui.history_model import Column
from wallwatch.ui.history_view import HistoryView
from wallwatch.ui.log_view import LogView
from wallwatch.ui.worker import TaskRunner

FROZEN_AT_MOST_S = 1.0
MEGABYTE = 1024 * 1024
LIVED = datetime(2024, 2, 29, 23, 45, tzinfo=timezone(timedelta(hours=-3, minutes=-30)))

# Lines as a person might paste them: several scripts, emoji sequences, marks, bidi controls.
_LINE = (
    "Ünïcødé ✓ — 😀👩🏽‍💻🏳️‍🌈 שלום عالم ‏نص‎ 中文字 ﷽ ｆｕｌｌ Z̷̢a̵l̶g̸o \u200b\u2060 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ℌ ﬀ ß İ ǅ\n"
)
ONE_MB_LINES = (_LINE * (MEGABYTE // len(_LINE.encode()) + 1))[: MEGABYTE // 2].strip()
ONE_MB_PARAGRAPH = ("a long breath without a line break, " * 40_000)[:MEGABYTE].strip()

# Any Unicode scalar value but NUL (refused with a reason, see below); surrogates are not text.
any_text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"))
# Names are one line of at most NAME_MAX characters, without control characters.
any_name = st.text(
    st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=NAME_MAX - 10
).filter(lambda s: s.strip() == s and s != "")


# -- services and CLI: any Unicode, stored exactly -------------------------------------------
@pytest.fixture(scope="module")
def shared_journal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journal]:
    with open_journal(tmp_path_factory.mktemp("unicode") / "j.sqlite3") as j:
        yield j


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(note=any_text, wish=any_text, person=any_name, fear=any_name)
def test_any_unicode_is_stored_exactly(
    shared_journal: Journal, note: str, wish: str, person: str, fear: str
) -> None:
    # A unique prefix: names already in the journal would be matched (case-insensitively).
    tag = uuid.uuid4().hex[:8]
    draft = MomentDraft(
        LIVED, Direction.WITHDREW, person=f"{tag} {person}", fears=(f"{tag} {fear}",),
        note=note, wish=wish,
    )  # fmt: skip
    saved = shared_journal.moments.record(draft)
    again = shared_journal.moments.get(saved.id)
    assert (again.note, again.wish) == (note, wish)
    assert (again.person, again.fears) == (f"{tag} {person}", (f"{tag} {fear}",))


def test_nul_and_undecodable_bytes_are_refused_with_the_field_named(journal: Journal) -> None:
    for field, value in (("note", "a\x00b"), ("wish", "bad \udcff byte")):
        with pytest.raises(ValidationFailed) as info:
            journal.moments.record(MomentDraft(LIVED, Direction.OPENED, **{field: value}))
        assert [e.field for e in info.value.errors] == [field]
    with pytest.raises(ValidationFailed) as info:
        journal.moments.record(MomentDraft(LIVED, Direction.OPENED, person="Jo\udcffe"))
    assert info.value.for_field("person") == ["holds bytes that are not valid UTF-8 text"]
    assert journal.moments.count() == 0


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(list(args))
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(note=any_text.filter(lambda s: not s.startswith("-")))
def test_the_cli_keeps_any_unicode_note_exactly(shared_journal: Journal, note: str) -> None:
    data = str(shared_journal.path.parent)
    code, out, err = _cli("--data-dir", data, "add", "--when", "2024-02-29T12:00Z", "--note", note)
    assert code == 0, err
    added = out.strip()
    code, out, err = _cli("--data-dir", data, "list", "--json", "--limit", "0")
    assert code == 0, err
    assert {row["id"]: row["note"] for row in json.loads(out)}[added] == note


def test_a_megabyte_of_text_in_each_field_that_allows_it(journal: Journal) -> None:
    saved = journal.moments.record(
        MomentDraft(LIVED, Direction.WITHDREW, note=ONE_MB_LINES, wish=ONE_MB_PARAGRAPH)
    )
    again = journal.moments.get(saved.id)
    assert (again.note, again.wish) == (ONE_MB_LINES, ONE_MB_PARAGRAPH)
    # Names stay one short line: a long one is refused with a reason, not cut.
    with pytest.raises(ValidationFailed) as info:
        journal.moments.record(MomentDraft(LIVED, Direction.OPENED, person="N" * (NAME_MAX + 1)))
    assert info.value.for_field("person") == [f"is longer than {NAME_MAX} characters"]


# -- the GUI -----------------------------------------------------------------------------------
class Heartbeat:
    """Ticks every 20 ms on the GUI thread; ``longest_gap`` is the longest freeze seen."""

    def __init__(self) -> None:
        self.stamps: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(lambda: self.stamps.append(time.monotonic()))

    def __enter__(self) -> Heartbeat:
        self.stamps = [time.monotonic()]
        self.timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.timer.stop()
        self.stamps.append(time.monotonic())

    @property
    def longest_gap(self) -> float:
        return max(b - a for a, b in zip(self.stamps, self.stamps[1:], strict=False))


def _freeze(beat: Heartbeat, usual: Heartbeat | None = None) -> str:
    text = f"stored exactly, longest freeze {beat.longest_gap:.2f} s"
    if usual is not None:
        text += f" (the same with a short note: {usual.longest_gap:.2f} s)"
    return text


class Host(QWidget):
    """Stands in for the main window (the Log area may ask it to switch journals)."""

    sig_switch_journal = Signal(bool)


@pytest.fixture
def ctx(qapp: QApplication, tmp_path: Path) -> Iterator[AreaContext]:
    view_state = QSettings(str(tmp_path / "ui-state.ini"), QSettings.Format.IniFormat)
    runner = TaskRunner()
    with open_journal(tmp_path / "gui" / "wallwatch.sqlite3") as j:
        yield AreaContext(j, False, JournalEvents(), QUndoStack(), runner, view_state)
        finished = runner.wait(10_000)
        QApplication.processEvents()
        assert finished and not runner.busy(), "a background task was left running"
    assert QThreadPool.globalInstance().waitForDone(10_000)


def test_pasting_and_saving_a_megabyte_note_in_the_log_form(
    qtbot: QtBot, ctx: AreaContext, trust_figure: Callable[[str, str], None]
) -> None:
    host = Host()
    qtbot.addWidget(host)
    view = LogView(ctx, host)
    QVBoxLayout(host).addWidget(view)
    host.resize(1040, 720)
    host.show()
    qtbot.waitExposed(host)
    view.begin_new_moment()

    def paste_and_save(text: str) -> Heartbeat:
        saved_before = ctx.journal.moments.count()
        qtbot.keyClicks(view.form.direction, "w")
        QApplication.clipboard().setText(text)
        with Heartbeat() as beat:
            view.form.note.setFocus()
            qtbot.keyClick(view.form.note, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
            qtbot.wait(100)
            qtbot.keyClick(view.form.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            qtbot.waitUntil(lambda: ctx.journal.moments.count() == saved_before + 1)
            qtbot.wait(100)
        return beat

    try:
        usual = paste_and_save("a short note")  # what any save costs (the form rebuilds)
        beat = paste_and_save(ONE_MB_LINES)
        # Both saved whole (the two may share a second, so their order is not asserted).
        notes = [m.note for m in ctx.journal.moments.query()]
        assert sorted(notes, key=len) == ["a short note", ONE_MB_LINES]
        assert beat.longest_gap < usual.longest_gap + FROZEN_AT_MOST_S
        trust_figure("1 MB note, Log paste + save", _freeze(beat, usual))
    finally:
        view.shutdown()


@pytest.mark.parametrize("note", [ONE_MB_PARAGRAPH, ONE_MB_LINES], ids=["paragraph", "lines"])
def test_history_lists_a_megabyte_note_without_freezing(
    qtbot: QtBot, ctx: AreaContext, note: str, trust_figure: Callable[[str, str], None]
) -> None:
    ctx.journal.moments.record(MomentDraft(LIVED, Direction.OPENED, note="short one"))
    big = ctx.journal.moments.record(MomentDraft(LIVED, Direction.WITHDREW, note=note, wish=note))
    view = HistoryView(ctx)
    qtbot.addWidget(view)
    view.resize(1040, 720)
    try:
        with Heartbeat() as beat:
            view.show()
            qtbot.waitExposed(view)
            view.on_shown()
            qtbot.wait(300)
            row = view.model.row_of(big.id)
            assert row is not None
            cell = view.model.index(row, Column.NOTE)
            shown = str(cell.data(Qt.ItemDataRole.DisplayRole))
            tip = str(cell.data(Qt.ItemDataRole.ToolTipRole))
            view.table.scrollTo(cell)
            view.table.viewport().repaint()
            qtbot.wait(100)
        assert note.startswith(shown.removesuffix("…"))
        assert len(shown) <= 300 and len(tip) < 10_000
        assert beat.longest_gap < FROZEN_AT_MOST_S
        assert ctx.journal.moments.get(big.id).note == note
        kind = "one paragraph" if "\n" not in note else "many lines"
        trust_figure(f"1 MB note, History ({kind})", f"cell {len(shown)} chars; {_freeze(beat)}")
    finally:
        view.shutdown()


def test_editing_a_moment_with_a_megabyte_note_keeps_it_exactly(
    qtbot: QtBot, ctx: AreaContext, trust_figure: Callable[[str, str], None]
) -> None:
    short = ctx.journal.moments.record(MomentDraft(LIVED, Direction.OPENED, note="short"))
    big = ctx.journal.moments.record(
        MomentDraft(LIVED, Direction.WITHDREW, person="Zoë 😀", note=ONE_MB_LINES)
    )
    view = HistoryView(ctx)
    qtbot.addWidget(view)
    view.resize(1040, 720)
    view.show()
    qtbot.waitExposed(view)

    def edit_and_save(moment_id: uuid.UUID) -> Heartbeat:
        with Heartbeat() as beat:
            dialog = view.edit_moment(moment_id)
            assert isinstance(dialog, EditMomentDialog)
            qtbot.addWidget(dialog)
            qtbot.waitExposed(dialog)
            dialog.form.intensity.set_value(5)
            assert dialog.save()
            qtbot.wait(100)
        return beat

    try:
        usual = edit_and_save(short.id)
        beat = edit_and_save(big.id)
        after = ctx.journal.moments.get(big.id)
        assert (after.note, after.person, after.intensity) == (ONE_MB_LINES, "Zoë 😀", 5)
        assert beat.longest_gap < usual.longest_gap + FROZEN_AT_MOST_S
        trust_figure("1 MB note, History edit + save", _freeze(beat, usual))
    finally:
        view.shutdown()
