"""The Patterns area: every chart drawn from the service's numbers, the calm "not enough data"
words, the calendar's day list, insight sentences leading to their charts, and following changes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPalette
from pytestqt.qtbot import QtBot

from wallwatch.charts.palette import DARK
from wallwatch.charts.patterns_text import CHART_KEYS, review_rows
from wallwatch.domain.calendar import now_local
from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.domain.patterns import DateRange, InsufficientData
from wallwatch.domain.settings import MIN_SAMPLE
from wallwatch.services.demo import generate_demo
from wallwatch.ui.context import AreaContext
from wallwatch.ui.patterns_canvas import PatternCanvas
from wallwatch.ui.patterns_data import year_span
from wallwatch.ui.patterns_day import NO_MOMENTS, day_heading
from wallwatch.ui.patterns_view import (
    DEFAULT_RANGE,
    IDLE_DELAY_MS,
    NOTHING_YET,
    RANGE_KEY,
    PatternsView,
)

ROOT = Path(__file__).resolve().parents[2]
WAIT = 30_000


def today() -> date:
    return now_local().date()


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=now_local().tzinfo)


def open_view(ctx: AreaContext, qtbot: QtBot, size: tuple[int, int] = (1100, 800)) -> PatternsView:
    view = PatternsView(ctx)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.sig_drawn, timeout=WAIT):
        view.on_shown()
    return view


def all_drawn(view: PatternsView, qtbot: QtBot) -> PatternsView:
    """Wait until the charts out of view have been drawn too (they are drawn when idle)."""
    qtbot.waitUntil(lambda: not view.stale_charts(), timeout=WAIT)
    return view


@pytest.fixture
def demo(ctx: AreaContext) -> AreaContext:
    generate_demo(ctx.journal, days=120)
    return ctx


def span(weeks: int = DEFAULT_RANGE) -> DateRange:
    return DateRange.weeks_ending(today(), weeks)


def canvas_point(canvas: PatternCanvas, x: float, y: float) -> QPointF:
    """Where data point (x, y) of the canvas's first axes is, in the widget's own pixels."""
    canvas.draw()
    px, py = canvas.figure.axes[0].transData.transform((x, y))
    ratio = canvas.device_pixel_ratio
    return QPointF(px / ratio, canvas.height() - py / ratio)


def send_mouse(canvas: PatternCanvas, kind: QEvent.Type, where: QPointF) -> None:
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    buttons = Qt.MouseButton.LeftButton if kind == QEvent.Type.MouseButtonPress else button
    event = QMouseEvent(
        kind, where, canvas.mapToGlobal(where), button, buttons, Qt.KeyboardModifier.NoModifier
    )
    canvas.event(event)


def test_every_chart_is_drawn_with_the_services_numbers(demo: AreaContext, qtbot: QtBot) -> None:
    view = all_drawn(open_view(demo, qtbot), qtbot)
    patterns = demo.journal.patterns
    assert set(view.canvases) == set(CHART_KEYS)
    for key in CHART_KEYS:
        card, canvas = view.cards[key], view.canvases[key]
        assert canvas.isVisibleTo(view) and not card.message.isVisibleTo(view), key
        assert canvas.figure.axes and card.caption.text(), key
        assert card.drawing is not None and not card.drawing.empty

    pairs = patterns.fear_behaviour(span())
    assert not isinstance(pairs, InsufficientData)
    heatmap = view.canvases["fear_behaviour"].figure.axes[0].images[0].get_array()
    assert np.array_equal(heatmap, np.array(pairs.counts))
    when = patterns.when(span())
    grids = [ax.images[0].get_array() for ax in view.canvases["when"].figure.axes if ax.images]
    expected = [np.array(g.cells) for g in (when.withdrawals, when.openings)]  # type: ignore[union-attr]
    assert all(np.array_equal(a, b) for a, b in zip(grids, expected, strict=True))
    fears = patterns.fears(span())
    drawn = view.cards["fears"].drawing
    assert drawn is not None
    assert drawn.arrays["withdrew"].tolist() == [f.withdrew for f in fears.fears][:10]
    year = patterns.calendar(year_span(today()))
    calendar = view.cards["calendar"].drawing
    assert calendar is not None
    balances = calendar.arrays["balance"]
    assert np.count_nonzero(~np.isnan(balances)) == year.recorded_days
    assert np.nansum(balances) == sum(d.balance or 0 for d in year.days)

    report = patterns.report(span())
    assert [row.text for row in view.insight_rows] == [i.text for i in report.insights]
    assert view.review_card.rows == review_rows(patterns.weekly_review(today()))
    assert view.busy.isHidden()


def test_the_area_does_not_import_matplotlib_until_shown(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        import wallwatch.ui.patterns_view as pv
        assert "matplotlib" not in sys.modules, "imported with the module"
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
        tasks = TaskRunner()
        ctx = AreaContext(journal, False, JournalEvents(), QUndoStack(), tasks, state)
        view = pv.PatternsView(ctx)
        assert "matplotlib" not in sys.modules, "imported when the area was built"
        view.show()
        view.on_shown()
        assert "matplotlib" in sys.modules and view.canvases
        tasks.wait()
        app.processEvents()
        journal.close()
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "PATH": ""},
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr


def test_too_little_data_says_so_calmly(ctx: AreaContext, qtbot: QtBot) -> None:
    for i in range(3):
        draft = MomentDraft(at(today() - timedelta(days=i), 9), Direction.WITHDREW)
        ctx.journal.moments.record(draft)
    view = all_drawn(open_view(ctx, qtbot), qtbot)
    card = view.cards["fears"]
    assert card.message.isVisibleTo(view) and not card.canvas.isVisibleTo(view)  # type: ignore[union-attr]
    assert card.message.text() == "Not enough data yet — 3 of the 5 withdrawals needed"
    assert view.cards["paradox"].message.text() == (
        "Not enough data yet — 0 of the 5 answered withdrawals needed"
    )
    assert view.cards["calendar"].canvas.isVisibleTo(view)  # type: ignore[union-attr]
    assert view.insight_rows == [] and view.no_insights.isVisibleTo(view)


def test_an_empty_journal_gets_one_welcoming_line(ctx: AreaContext, qtbot: QtBot) -> None:
    view = open_view(ctx, qtbot)
    assert view.no_insights.isVisibleTo(view) and view.no_insights.text() == NOTHING_YET
    assert not view.scroller.isVisibleTo(view)
    ctx.journal.moments.record(MomentDraft(at(today(), 9), Direction.OPENED))
    with qtbot.waitSignal(view.sig_drawn, timeout=WAIT):
        ctx.moments_changed()
    assert view.scroller.isVisibleTo(view) and view.no_insights.text() != NOTHING_YET


def test_clicking_a_calendar_day_lists_its_moments(ctx: AreaContext, qtbot: QtBot) -> None:
    day = today() - timedelta(days=3)
    ctx.journal.moments.record(
        MomentDraft(at(day, 8), Direction.WITHDREW, person="Robin", note="Went quiet at breakfast")
    )
    ctx.journal.moments.record(MomentDraft(at(day, 21), Direction.OPENED, person="Kim"))
    ctx.journal.moments.record(MomentDraft(at(day - timedelta(days=1), 9), Direction.OPENED))
    view = open_view(ctx, qtbot)
    view.show_chart("calendar")  # scrolled to: drawn before it is painted
    assert "calendar" not in view.stale_charts()
    canvas = view.canvases["calendar"]
    drawing = view.cards["calendar"].drawing
    assert drawing is not None
    row, col = drawing.position(day)  # type: ignore[attr-defined]
    where = canvas_point(canvas, col, row)
    with qtbot.waitSignal(canvas.sig_day_clicked) as clicked:
        send_mouse(canvas, QEvent.Type.MouseButtonPress, where)
    send_mouse(canvas, QEvent.Type.MouseButtonRelease, where)
    assert clicked.args == [day]
    panel = view.day_panel
    assert panel.heading.text() == day_heading(day)
    shown = panel.shown_texts()
    assert len(shown) == 2
    assert shown[0].startswith("08:00  Withdrew · Robin") and "Went quiet at breakfast" in shown[0]
    assert shown[1].startswith("21:00  Opened up · Kim")
    assert panel.summary.text() == "Withdrew 1 · opened up 1"
    assert drawing.marker is not None and drawing.marker.get_visible()  # type: ignore[attr-defined]

    view.show_chart("fears")  # the calendar out of view: redrawn later, still marked
    with qtbot.waitSignal(view.sig_drawn, timeout=WAIT):
        ctx.moments_changed()
    assert "calendar" in view.stale_charts()
    view.show_chart("calendar")
    redrawn = view.cards["calendar"].drawing
    assert redrawn is not drawing and redrawn is not None
    assert redrawn.marker is not None and redrawn.marker.get_visible()  # type: ignore[attr-defined]

    empty_day = day - timedelta(days=10)
    view.show_day(empty_day)
    assert panel.shown_texts() == [] and panel.summary.text() == NO_MOMENTS


def test_an_insight_leads_to_its_chart(demo: AreaContext, qtbot: QtBot) -> None:
    view = open_view(demo, qtbot, size=(1000, 640))
    assert view.insight_rows
    order = list(CHART_KEYS)
    row = max(view.insight_rows, key=lambda r: order.index(r.chart))  # the one furthest down
    assert view.scroller.verticalScrollBar().value() == 0
    qtbot.mouseClick(row, Qt.MouseButton.LeftButton)
    card = view.cards[row.chart]
    assert card.is_highlighted()
    assert [k for k, c in view.cards.items() if c.is_highlighted()] == [row.chart]
    assert view.scroller.verticalScrollBar().value() > 0
    assert row.chart in view.visible_cards()
    assert card.title in row.toolTip()

    first = view.insight_rows[0]
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Return)
    assert view.cards[first.chart].is_highlighted()
    assert first.chart in view.visible_cards()


def test_the_range_is_chosen_and_remembered(demo: AreaContext, qtbot: QtBot) -> None:
    view = open_view(demo, qtbot)
    assert view.page is not None and view.page.report.span == span(8)
    with qtbot.waitSignal(view.sig_drawn, timeout=WAIT):
        view.range_combo.setCurrentIndex(view.range_combo.findData(26))
    assert view.page.report.span == span(26)
    assert int(demo.view_state.value(RANGE_KEY)) == 26
    again = open_view(demo, qtbot)
    assert again.weeks_shown() == 26


def test_new_moments_and_settings_are_followed(ctx: AreaContext, qtbot: QtBot) -> None:
    for i in range(6):
        ctx.journal.moments.record(
            MomentDraft(
                at(today() - timedelta(days=i), 10), Direction.WITHDREW, fears=("past hurt",)
            )
        )
    view = open_view(ctx, qtbot)
    assert view.cards["fears"].caption.text().startswith("6 withdrawals")
    ctx.journal.moments.record(MomentDraft(at(today(), 7), Direction.WITHDREW))
    with qtbot.waitSignal(view.sig_drawn, timeout=WAIT):
        ctx.moments_changed()
    assert view.cards["fears"].caption.text().startswith("7 withdrawals")
    ctx.journal.settings.set(MIN_SAMPLE, 50)
    with qtbot.waitSignal(view.sig_drawn, timeout=WAIT):
        ctx.events.sig_settings_changed.emit()
    assert view.cards["fears"].message.text() == (
        "Not enough data yet — 7 of the 50 withdrawals needed"
    )


def test_a_hidden_area_waits_until_shown(ctx: AreaContext, qtbot: QtBot) -> None:
    view = PatternsView(ctx)
    qtbot.addWidget(view)
    ctx.moments_changed()
    assert not view.canvases and not ctx.tasks.busy()  # nothing computed while never shown


def test_colours_follow_the_theme_without_reading_again(demo: AreaContext, qtbot: QtBot) -> None:
    view = open_view(demo, qtbot)
    page = view.page
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Window, QColor(DARK.background))
    view.setPalette(dark)
    all_drawn(view, qtbot)
    facecolor = view.canvases["people"].figure.get_facecolor()
    assert QColor.fromRgbF(*facecolor).name() == DARK.background
    assert view.page is page and not demo.tasks.busy()


def test_pointing_at_a_square_shows_its_numbers(demo: AreaContext, qtbot: QtBot) -> None:
    view = open_view(demo, qtbot)
    view.show_chart("fear_behaviour")
    canvas = view.canvases["fear_behaviour"]
    send_mouse(canvas, QEvent.Type.MouseMove, canvas_point(canvas, 0, 0))
    pairs = demo.journal.patterns.fear_behaviour(span())
    assert not isinstance(pairs, InsufficientData)
    fear, behaviour = pairs.fears[0], pairs.behaviours[0]
    assert canvas.hover_text.startswith(f"When {fear} was present")
    assert f"“{behaviour}” was also noted in {pairs.count(fear, behaviour)}" in canvas.hover_text


def test_notable_differences_carry_p_value_and_days(demo: AreaContext, qtbot: QtBot) -> None:
    view = all_drawn(open_view(demo, qtbot), qtbot)
    cost = demo.journal.patterns.cost(span())
    notable = [c for c in (*cost.same_day, *cost.next_day) if c.notable]
    tip = view.cards["cost"].caption.toolTip()
    for c in notable:
        assert c.test is not None
        assert f"n = {c.test.units_a} + {c.test.units_b} days" in tip
    if not notable:
        assert tip.startswith("Point at the chart")


def test_only_the_charts_in_view_wait_for_nothing(demo: AreaContext, qtbot: QtBot) -> None:
    """A fresh report draws the charts in view at once; the others are drawn when scrolled to
    (before they are painted) or, meanwhile, when the event loop is idle and the page shown."""
    view = open_view(demo, qtbot, size=(1000, 640))
    in_view = view.visible_cards()
    assert in_view and not set(in_view) & set(view.stale_charts())
    later = view.stale_charts()
    assert later, "every chart was drawn at once"
    assert all(view.cards[k].drawing is None for k in later)

    view.hide()  # a page nobody sees is not drawn in the background
    qtbot.wait(IDLE_DELAY_MS * 2)
    assert view.stale_charts() == later
    view.show()
    view.on_shown()
    key = later[len(later) // 2]
    view.show_chart(key)
    drawing = view.cards[key].drawing
    assert key not in view.stale_charts() and drawing is not None
    assert key in view.visible_cards() and view.cards[key].caption.text() == drawing.caption
    all_drawn(view, qtbot)
    assert all(view.cards[k].drawing is not None for k in CHART_KEYS)


def test_a_chart_drawn_above_the_view_keeps_the_view_still(demo: AreaContext, qtbot: QtBot) -> None:
    view = all_drawn(open_view(demo, qtbot, size=(1000, 640)), qtbot)
    view.show_chart("when")
    bar = view.scroller.verticalScrollBar()
    assert bar.value() < bar.maximum() - 200  # room to move either way
    fears = view.cards["fears"]
    assert fears.y() + fears.height() < bar.value()  # wholly above the view
    canvas = view.canvases["fears"]
    canvas.setFixedHeight(canvas.height() + 120)  # as if the last report had more rows
    qtbot.wait(20)
    when_at = view.cards["when"].y() - bar.value()
    view.draw()  # the theme changed: every chart is drawn again, the rest when idle
    assert "fears" in view.stale_charts()
    all_drawn(view, qtbot)
    assert view.cards["when"].y() - bar.value() == when_at
