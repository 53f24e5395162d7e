"""The Weekly area: navigation, range, hover, selecting a week, saving, and following changes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QDate, QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPalette
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from wallwatch.charts.palette import DARK
from wallwatch.domain.calendar import now_local, week_start
from wallwatch.domain.checkin import CheckinAnswers
from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.domain.settings import WEEK_START
from wallwatch.domain.summary import RATING_NAMES
from wallwatch.ui.context import AreaContext
from wallwatch.ui.weekly_view import RANGE_KEY, WeeklyView

ROOT = Path(__file__).resolve().parents[2]


def this_monday() -> date:
    return week_start(now_local().date(), 0)


def weeks_ago(n: int, weekday: int = 2, hour: int = 12) -> datetime:
    day = this_monday() - timedelta(weeks=n) + timedelta(days=weekday)
    return datetime.combine(day, time(hour), tzinfo=now_local().tzinfo)


@pytest.fixture
def history(ctx: AreaContext) -> AreaContext:
    """A few weeks back: withdrawals with fears, openings, ratings given for some moments."""
    record = ctx.journal.moments.record
    record(
        MomentDraft(
            weeks_ago(1), Direction.WITHDREW, loneliness=6, resentment=3, fears=("past hurt",)
        )
    )
    record(MomentDraft(weeks_ago(1, 3), Direction.OPENED, loneliness=2, connection=8))
    record(
        MomentDraft(
            weeks_ago(3), Direction.WITHDREW, loneliness=8, fears=("being trapped", "losing myself")
        )
    )
    record(MomentDraft(weeks_ago(3, 4), Direction.WITHDREW, fears=("being trapped",)))
    record(MomentDraft(weeks_ago(5), Direction.OPENED, connection=7))
    record(MomentDraft(weeks_ago(14), Direction.OPENED, connection=4, resentment=1))
    return ctx


@pytest.fixture
def view(history: AreaContext, qtbot: QtBot) -> WeeklyView:
    v = WeeklyView(history)
    qtbot.addWidget(v)
    v.resize(1040, 720)
    v.show()
    qtbot.waitExposed(v)
    v.on_shown()
    assert v.chart is not None
    v.chart.draw()
    return v


def chart_point(view: WeeklyView, week_index: int) -> QPointF:
    """Where, in the canvas's own coordinates, week ``week_index`` sits on the ratings panel."""
    assert view.chart is not None and view.chart.artists is not None
    view.chart.draw()
    artists = view.chart.artists
    x, y = artists.ax_ratings.transData.transform((artists.x[week_index], 5.0))
    ratio = view.chart.device_pixel_ratio
    return QPointF(x / ratio, view.chart.height() - y / ratio)


def send_mouse(view: WeeklyView, kind: QEvent.Type, point: QPointF) -> None:
    assert view.chart is not None
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    buttons = Qt.MouseButton.LeftButton if kind == QEvent.Type.MouseButtonPress else button
    event = QMouseEvent(
        kind, point, view.chart.mapToGlobal(point), button, buttons, Qt.KeyboardModifier.NoModifier
    )
    view.chart.event(event)


def test_start_up_does_not_import_matplotlib(tmp_path: Path) -> None:
    """The window paints first; matplotlib loads only when the Weekly area is first shown."""
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        import wallwatch.ui.main_window
        import wallwatch.ui.weekly_view
        assert "matplotlib" not in sys.modules, "imported with the window"
        from PySide6.QtCore import QSettings
        from PySide6.QtGui import QUndoStack
        from PySide6.QtWidgets import QApplication
        from wallwatch.services import open_journal
        from wallwatch.ui.context import AreaContext, JournalEvents
        from wallwatch.ui.worker import TaskRunner
        app = QApplication([])
        folder = Path(sys.argv[1])
        journal = open_journal(folder / "journal.sqlite3")
        state = QSettings(str(folder / "state.ini"), QSettings.Format.IniFormat)
        ctx = AreaContext(journal, False, JournalEvents(), QUndoStack(), TaskRunner(), state)
        view = wallwatch.ui.weekly_view.WeeklyView(ctx)
        assert "matplotlib" not in sys.modules, "imported when the area was built"
        view.show()
        view.on_shown()
        assert "matplotlib" in sys.modules and view.chart is not None
        journal.close()
        print("lazy-ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "lazy-ok" in result.stdout


def test_the_plotted_numbers_are_the_sql_aggregation(
    view: WeeklyView, history: AreaContext
) -> None:
    assert view.chart is not None and view.chart.artists is not None
    artists = view.chart.artists
    expected = history.journal.summaries.weekly(12, ending=this_monday())
    assert artists.weeks == expected.weeks
    for name in RATING_NAMES:
        stats = [p.rating(name) for p in expected.weeks]
        means = np.array([np.nan if s.mean is None else s.mean for s in stats])
        np.testing.assert_array_equal(artists.lines[name].get_ydata(), means)
    assert list(artists.opened_bars.heights) == [p.opened for p in expected.weeks]
    assert list(-artists.withdrew_bars.heights) == [p.withdrew for p in expected.weeks]
    assert np.isnan(artists.means["loneliness"][-3])  # two weeks ago: nothing recorded


def test_navigator_moves_the_weeks_shown(view: WeeklyView, qtbot: QtBot) -> None:
    monday = this_monday()
    assert view.series is not None and view.series.weeks[-1].start == monday
    assert not view.next_button.isEnabled()  # nothing to see in the future
    qtbot.mouseClick(view.prev_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.prev_button, Qt.MouseButton.LeftButton)
    assert view.series.weeks[-1].start == monday - timedelta(weeks=2)
    assert len(view.series.weeks) == 12
    assert view.selected_week == monday - timedelta(weeks=2)
    assert view.chart is not None and view.chart.artists is not None
    assert view.chart.artists.weeks[-1].start == monday - timedelta(weeks=2)
    assert view.next_button.isEnabled()
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert view.series.weeks[-1].start == monday - timedelta(weeks=1)
    qtbot.mouseClick(view.today_button, Qt.MouseButton.LeftButton)
    assert view.series.weeks[-1].start == monday and view.selected_week == monday
    assert not view.today_button.isEnabled()


def test_keyboard_shortcuts_navigate(view: WeeklyView, qtbot: QtBot) -> None:
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    monday = this_monday()
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: view.newest_week == monday - timedelta(weeks=1))
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: view.newest_week == monday)
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: view.newest_week == monday)


def test_date_picker_shows_the_week_of_the_picked_day(view: WeeklyView) -> None:
    day = this_monday() - timedelta(weeks=5) + timedelta(days=3)  # a Thursday
    view.date_edit.setDate(QDate(day.year, day.month, day.day))
    monday = this_monday() - timedelta(weeks=5)
    assert view.series is not None and view.series.weeks[-1].start == monday
    assert view.selected_week == monday
    assert view.date_edit.date() == QDate(monday.year, monday.month, monday.day)


def test_range_selector_changes_the_weeks_and_is_remembered(
    view: WeeklyView, history: AreaContext, qtbot: QtBot
) -> None:
    view.range_combo.setCurrentIndex(view.range_combo.findData(26))
    assert view.series is not None and len(view.series.weeks) == 26
    assert view.chart is not None and view.chart.artists is not None
    assert len(view.chart.artists.x) == 26
    assert len(view.chart.artists.opened_bars) == 26
    assert int(history.view_state.value(RANGE_KEY)) == 26
    view.range_combo.setCurrentIndex(view.range_combo.findData(8))
    assert len(view.chart.artists.lines["connection"].get_ydata()) == 8
    again = WeeklyView(history)
    qtbot.addWidget(again)
    assert again.weeks_shown() == 8


def test_hover_shows_the_week_values(view: WeeklyView) -> None:
    assert view.chart is not None
    index = 10  # a week back: withdrew 1, opened 1, ratings given
    send_mouse(view, QEvent.Type.MouseMove, chart_point(view, index))
    text = view.chart.hover_text()
    week = view.series.weeks[index] if view.series else None
    assert week is not None and week.start == this_monday() - timedelta(weeks=1)
    assert text.startswith("Week of ")
    assert "Loneliness 4.0 (n=2)" in text
    assert "Resentment 3.0 (n=1)" in text
    assert "Connection 8.0 (n=1)" in text
    assert "Withdrew 1 · Opened up 1" in text
    send_mouse(view, QEvent.Type.MouseMove, QPointF(2, 2))  # outside the panels
    assert view.chart.hover_text() == ""


def test_clicking_a_week_selects_it_and_the_fears_follow(
    view: WeeklyView, history: AreaContext
) -> None:
    assert view.chart is not None
    assert view.chart.artists is not None
    assert view.chart.artists.fears_message == "No withdrawals this week"
    point = chart_point(view, 8)  # three weeks ago
    send_mouse(view, QEvent.Type.MouseButtonPress, point)
    send_mouse(view, QEvent.Type.MouseButtonRelease, point)
    three_back = this_monday() - timedelta(weeks=3)
    assert view.selected_week == three_back
    assert view.newest_week == this_monday()  # the weeks shown stay put
    fears = history.journal.summaries.fears_in_week(three_back)
    artists = view.chart.artists
    assert artists.fear_names == tuple(f.key for f in fears) == ("being trapped", "losing myself")
    assert list(artists.fear_counts) == [2, 1]
    assert artists.fear_bars is not None
    assert [b.get_width() for b in artists.fear_bars] == [2, 1]
    assert view.date_edit.date() == QDate(three_back.year, three_back.month, three_back.day)
    assert "withdrew 2" in view.week_summary.text()


@pytest.mark.parametrize(
    ("name", "chosen", "saved", "magic"),
    [
        ("chart.png", "PNG image (*.png)", "chart.png", b"\x89PNG"),
        ("chart", "SVG drawing (*.svg)", "chart.svg", b"<?xml"),
    ],
)
def test_save_chart_writes_a_private_image(
    view: WeeklyView,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    chosen: str,
    saved: str,
    magic: bytes,
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(folder / name), chosen)
    )
    view.save_button.click()
    target = folder / saved
    assert target.read_bytes().startswith(magic)
    assert target.stat().st_mode & 0o777 == 0o600
    assert str(target) in view.status.text()


def test_save_chart_refuses_other_formats_in_one_sentence(
    view: WeeklyView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(tmp_path / "c.jpg"), "")
    )
    view.save_button.click()
    assert not (tmp_path / "c.jpg").exists()
    message = view.status.text()
    assert message.startswith("The chart was not saved") and ".png or .svg" in message
    assert message.count(". ") == 0 and "Traceback" not in message


def test_cancelling_the_save_dialog_writes_nothing(
    view: WeeklyView, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: ("", ""))
    view.save_button.click()
    assert view.status.text() == ""


def test_new_moments_refresh_the_chart(view: WeeklyView, history: AreaContext) -> None:
    assert view.chart is not None and view.chart.artists is not None
    before = int(view.chart.artists.withdrew[-2])
    history.journal.moments.record(
        MomentDraft(weeks_ago(1, 5), Direction.WITHDREW, loneliness=9, fears=("past hurt",))
    )
    history.moments_changed()
    artists = view.chart.artists
    assert int(artists.withdrew[-2]) == before + 1
    fresh = history.journal.summaries.weekly(12, ending=this_monday())
    assert artists.weeks == fresh.weeks
    assert artists.means["loneliness"][-2] == fresh.weeks[-2].loneliness.mean


def test_a_refresh_draws_once_on_the_same_axes(
    view: WeeklyView, history: AreaContext, qtbot: QtBot
) -> None:
    assert view.chart is not None and view.chart.artists is not None
    axes = list(view.chart.figure.axes)
    bars = view.chart.artists.withdrew_bars
    draws: list[object] = []
    view.chart.mpl_connect("draw_event", draws.append)
    history.journal.moments.record(MomentDraft(weeks_ago(1, 2), Direction.WITHDREW))
    history.moments_changed()
    qtbot.waitUntil(lambda: len(draws) > 0)
    qtbot.wait(50)
    view.grab()
    assert len(draws) == 1
    assert view.chart.figure.axes == axes and view.chart.artists.withdrew_bars is bars
    fresh = history.journal.summaries.weekly(12, ending=this_monday())
    assert list(-bars.heights) == [p.withdrew for p in fresh.weeks]


def test_week_start_follows_the_journal_setting(view: WeeklyView, history: AreaContext) -> None:
    history.journal.settings.set(WEEK_START, 6)  # Sunday
    history.events.sig_settings_changed.emit()
    assert view.series is not None
    assert {p.start.weekday() for p in view.series.weeks} == {6}
    expected = history.journal.summaries.weekly(12, ending=now_local().date(), week_start_day=6)
    assert view.series.weeks == expected.weeks
    assert view.selected_week is not None and view.selected_week.weekday() == 6


def test_a_hidden_area_refreshes_when_shown_again(view: WeeklyView, history: AreaContext) -> None:
    view.hide()
    history.journal.moments.record(MomentDraft(weeks_ago(2), Direction.OPENED))
    history.moments_changed()
    assert view.series is not None and view.series.weeks[-3].opened == 0  # not yet
    view.show()
    view.on_shown()
    assert view.series.weeks[-3].opened == 1


def test_the_chart_follows_a_dark_palette(view: WeeklyView) -> None:
    dark = QPalette(view.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor("#2b2c31"))
    view.setPalette(dark)
    assert view.chart is not None
    colour = view.chart.figure.get_facecolor()
    expected = QColor(DARK.background)
    assert colour[:3] == pytest.approx((expected.redF(), expected.greenF(), expected.blueF()))


def test_a_journal_that_cannot_be_read_is_named_in_one_line(
    view: WeeklyView, history: AreaContext
) -> None:
    assert view.chart is not None
    drawn = view.chart.artists
    history.journal.close()
    Path(history.journal.path).unlink()  # gone from under the app
    view.move_weeks(-1)
    message = view.status.text()
    assert message.startswith("The weekly chart could not be brought up to date")
    assert str(history.journal.path) in message and "\n" not in message
    assert view.chart.artists is drawn  # the last good chart stays on screen


def test_checkins_are_charted_beside_the_ratings(
    view: WeeklyView, history: AreaContext, tmp_path: Path
) -> None:
    assert view.chart is not None and view.chart.artists is not None
    assert view.chart.artists.ax_checkins is None  # no check-ins yet: nothing extra
    history.journal.checkins.record(this_monday() - timedelta(weeks=1), CheckinAnswers(3, 2, 1))
    history.journal.checkins.record(this_monday() - timedelta(weeks=4), CheckinAnswers(1, 1, 2))
    history.moments_changed()  # what the check-in dialog sends once saved
    artists = view.chart.artists
    expected = history.journal.checkins.series(12, ending=this_monday(), week_start_day=0)
    assert view.checkin_totals == expected.totals
    assert artists.checkin_totals is not None
    want = np.array([np.nan if t is None else t for t in expected.totals], dtype=float)
    np.testing.assert_array_equal(artists.checkin_totals, want)
    assert artists.checkin_totals[-2] == 6 and np.isnan(artists.checkin_totals[-1])
    send_mouse(view, QEvent.Type.MouseMove, chart_point(view, 10))
    assert "check-in 6/9" in view.chart.hover_text()
    view.chart.draw()
    view.grab().save(str(tmp_path / "weekly-checkins.png"))
    assert (tmp_path / "weekly-checkins.png").stat().st_size > 0
