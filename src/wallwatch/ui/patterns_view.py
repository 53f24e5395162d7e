"""The Patterns area: what the walls are made of — fears, people, times, the paradox of wanting
closeness, how the days felt, and the year day by day — each with the numbers behind it.

The report is computed off the GUI thread (``ctx.tasks``) and then drawn. matplotlib is heavy, so
nothing here imports it at module level: the chart canvases are made the first time the area is
shown. Up to five plain sentences at the top each lead to the chart that shows them.

Drawing all seven charts takes one to two seconds, so a fresh report draws only the charts in
view at once; the others are drawn as soon as they are scrolled to, and meanwhile one at a time
once the page has painted and the event loop is idle (a chart never shows an old report when in
view: scrolling draws it before it is painted).
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from wallwatch.charts.patterns_text import CHART_KEYS, RECORDS_ONLY, TITLES, span_text
from wallwatch.ui.area import Area
from wallwatch.ui.context import AreaContext
from wallwatch.ui.patterns_cards import (
    INSIGHT_STYLE,
    InsightRow,
    PatternCard,
    ReviewCard,
    card_style,
    muted,
)
from wallwatch.ui.patterns_data import PatternsPage, load_page
from wallwatch.ui.patterns_day import DayMomentsPanel
from wallwatch.ui.theme import chart_palette

if TYPE_CHECKING:
    from wallwatch.ui.patterns_canvas import PatternCanvas

RANGES = (4, 8, 12, 26, 52)
DEFAULT_RANGE = 8
RANGE_KEY = "patterns/weeks"
NO_INSIGHTS = (
    "No pattern stands out yet. As more moments are recorded, plain sentences about them "
    "will appear here."
)
NOTHING_YET = (
    "No moments in the past year yet. Once you record a few, this page shows which fears sit "
    "behind your walls, with whom, and when — each with the numbers behind it."
)
_FAILED = "The patterns could not be worked out"
# Charts out of view wait this long after a fresh report, so the page paints and answers first.
IDLE_DELAY_MS = 250


class PatternsView(Area):
    title = "Patterns"
    sig_drawn = Signal()  # a fresh report is shown: the charts in view are drawn

    def __init__(self, ctx: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.page: PatternsPage | None = None
        self.cards: dict[str, PatternCard] = {}
        self.canvases: dict[str, PatternCanvas] = {}
        self.insight_rows: list[InsightRow] = []
        self.highlighted: str | None = None
        self._generation = 0
        self._dirty = True
        self._closed = False
        self._stale: list[str] = []  # charts not yet drawn for this page and these colours
        self._drawing = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._draw_one_out_of_view)
        self._build()
        ctx.events.sig_moments_changed.connect(self.refresh_when_shown)
        ctx.events.sig_settings_changed.connect(self.refresh_when_shown)

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(8)
        bar = QHBoxLayout()
        show = QLabel("&Show", self)
        self.range_combo = QComboBox(self)
        self.range_combo.setAccessibleName("Which weeks to look at")
        for weeks in RANGES:
            self.range_combo.addItem(f"the last {weeks} weeks", weeks)
        self.range_combo.setCurrentIndex(
            RANGES.index(self.stored_choice(RANGE_KEY, DEFAULT_RANGE, RANGES))
        )
        self.range_combo.currentIndexChanged.connect(self._on_range_changed)
        show.setBuddy(self.range_combo)
        self.span_label = muted(QLabel(self))
        self.busy = muted(QLabel("Looking for patterns…", self))
        self.busy.hide()
        bar.addWidget(show)
        bar.addWidget(self.range_combo)
        bar.addSpacing(12)
        bar.addWidget(self.span_label, 1)
        bar.addWidget(self.busy)
        layout.addLayout(bar)

        self.insights_box = QFrame(self)
        self.insights_box.setStyleSheet(INSIGHT_STYLE)
        self._insights_layout = QVBoxLayout(self.insights_box)
        self._insights_layout.setContentsMargins(0, 0, 0, 0)
        self._insights_layout.setSpacing(0)
        self.no_insights = muted(QLabel(NO_INSIGHTS, self.insights_box))
        self.no_insights.setWordWrap(True)
        self.no_insights.hide()
        self._insights_layout.addWidget(self.no_insights)
        layout.addWidget(self.insights_box)

        self.scroller = QScrollArea(self)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        column = QWidget(self.scroller)
        cards = self._column = QVBoxLayout(column)
        cards.setContentsMargins(0, 4, 6, 8)
        cards.setSpacing(12)
        self.review_card = ReviewCard(column)
        cards.addWidget(self.review_card)
        self.day_panel = DayMomentsPanel()
        self.day_panel.sig_day_picked.connect(self.show_day)
        for key in CHART_KEYS:
            below = self.day_panel if key == "calendar" else None
            self.cards[key] = PatternCard(key, TITLES[key], column, below=below)
            cards.addWidget(self.cards[key])
        footer = muted(
            QLabel(f"{RECORDS_ONLY} Point at a chart for the numbers behind it.", column)
        )
        footer.setWordWrap(True)
        cards.addWidget(footer)
        cards.addStretch(1)
        self.scroller.setWidget(column)
        self.scroller.verticalScrollBar().valueChanged.connect(self._draw_in_view)
        self.scroller.viewport().installEventFilter(self)
        layout.addWidget(self.scroller, 1)
        layout.addStretch(0)  # takes the room when there is nothing to chart yet
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.hide()
        layout.addWidget(self.status)
        self._apply_card_style()

    def _apply_card_style(self) -> None:
        style = card_style(chart_palette(self.palette()), self.palette().highlight().color().name())
        self.review_card.setStyleSheet(style)
        for card in self.cards.values():
            card.setStyleSheet(style)

    # -- showing and loading -----------------------------------------------------------------
    def on_shown(self) -> None:
        if not self.canvases:
            self._create_charts()
        if self._dirty:
            self.refresh()
        elif self._stale:
            self._draw_in_view()
            self._idle.start(IDLE_DELAY_MS)

    def _create_charts(self) -> None:
        from wallwatch.ui.patterns_canvas import PatternCanvas  # imports matplotlib

        for key, card in self.cards.items():
            canvas = PatternCanvas(key, card)
            card.set_canvas(canvas)
            self.canvases[key] = canvas
        self.canvases["calendar"].sig_day_clicked.connect(self.show_day)

    def weeks_shown(self) -> int:
        value = self.range_combo.currentData()
        return int(value) if value in RANGES else DEFAULT_RANGE

    def loading(self) -> bool:
        return self.busy.isVisibleTo(self)

    def refresh(self) -> None:
        """Work the patterns out again in the background, then draw (or wait until shown)."""
        if not self.canvases:
            self._dirty = True
            return
        self._dirty = False
        self._generation += 1
        generation = self._generation
        self.busy.show()
        self.ctx.tasks.run(
            load_page,
            on_done=lambda page: self._on_loaded(generation, page),
            on_error=lambda exc: self._on_failed(generation, exc),
            journal=self.ctx.journal,
            weeks=self.weeks_shown(),
        )

    def _alive(self, generation: int) -> bool:
        return not self._closed and isValid(self) and generation == self._generation

    def _on_loaded(self, generation: int, page: PatternsPage) -> None:
        if not self._alive(generation):
            return
        self.busy.hide()
        self.status.hide()
        self.page = page
        self.draw()
        self.sig_drawn.emit()

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if not self._alive(generation):
            return
        self.busy.hide()
        reason = str(exc).rstrip(".") or type(exc).__name__
        self.status.setText(f"{_FAILED}: {reason}.")
        self.status.show()

    def draw(self) -> None:
        """Draw the current page in the current colours (no new reading of the journal): the
        charts in view now, the others when scrolled to or when the event loop is idle."""
        page = self.page
        if page is None or not self.canvases:
            return
        report = page.report
        weeks = self.weeks_shown()
        self.span_label.setText(
            f"{span_text(report.span)} · {page.moments:,} moments in {weeks} weeks · "
            f"a pattern needs at least {report.minimum} observations"
        )
        self.review_card.show_review(page.review)
        self._show_insights()
        self.day_panel.set_range(page.year.span.first, page.year.span.last)
        self._stale = list(self.canvases)
        self._draw_in_view()
        if self.day_panel.day is not None:
            self.show_day(self.day_panel.day)
        self._idle.start(IDLE_DELAY_MS)

    def stale_charts(self) -> list[str]:
        """Keys of the charts still showing an older report or colours (none once idle)."""
        return list(self._stale)

    def _draw_chart(self, key: str) -> None:
        """Draw one chart of the current page; a card above the view that changes height moves
        the view with it, so what is on screen stays put."""
        from wallwatch.charts.patterns import draw_pattern

        page = self.page
        assert page is not None
        card, canvas = self.cards[key], self.canvases[key]
        bar = self.scroller.verticalScrollBar()
        above = card.y() < bar.value()
        before = card.height()
        drawing = canvas.show_drawing(
            partial(
                draw_pattern,
                key,
                report=page.report,
                palette=chart_palette(self.palette()),
                year=page.year,
                week_start_day=page.week_start_day,
            )
        )
        card.show_drawing(drawing)
        self._stale.remove(key)
        if key == "calendar" and self.day_panel.day is not None:
            canvas.mark_day(self.day_panel.day)
        self._settle()
        if above and card.height() != before:
            bar.setValue(bar.value() + card.height() - before)

    def _settle(self) -> None:
        """Apply pending size changes now, so card positions (and what is in view) are current."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self._column.activate()

    def _draw_in_view(self) -> None:
        """Draw the stale charts in view, top first (each may push the next out of view)."""
        if self._drawing or self.page is None:
            return
        self._drawing = True
        try:
            self._settle()
            while True:
                waiting = [k for k in self.visible_cards() if k in self._stale]
                if not waiting or not self.scroller.isVisibleTo(self):
                    break
                self._draw_chart(waiting[0])
        finally:
            self._drawing = False

    def _draw_one_out_of_view(self) -> None:
        if not self._stale or self.page is None or not self.isVisible():
            return
        self._drawing = True
        try:
            self._draw_chart(self._stale[0])
        finally:
            self._drawing = False
        self._draw_in_view()  # a change of height may have brought another chart into view
        if self._stale:
            self._idle.start(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroller.viewport() and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self, self._draw_in_view)  # once the layout has placed the cards
        return super().eventFilter(watched, event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._idle.stop()  # drawn when shown again; no work for a page nobody sees
        super().hideEvent(event)

    # -- insights ----------------------------------------------------------------------------
    def _show_insights(self) -> None:
        assert self.page is not None
        for row in self.insight_rows:
            self._insights_layout.removeWidget(row)
            row.deleteLater()
        self.insight_rows = []
        insights = self.page.report.insights
        self.no_insights.setVisible(not insights)
        # With nothing recorded all year, one welcoming line beats a page of "not enough data".
        nothing = self.page.year.recorded_days == 0
        self.no_insights.setText(NOTHING_YET if nothing else NO_INSIGHTS)
        self.scroller.setVisible(not nothing)
        for number, insight in enumerate(insights, start=1):
            row = InsightRow(
                number,
                insight.text,
                insight.chart,
                TITLES.get(insight.chart, ""),
                insight.detail,
                self.insights_box,
            )
            row.sig_activated.connect(self.show_chart)
            self._insights_layout.addWidget(row)
            self.insight_rows.append(row)
        if self.highlighted is not None:
            self.show_chart(self.highlighted, scroll=False)

    def show_chart(self, key: str, *, scroll: bool = True) -> None:
        """Bring the chart ``key`` into view and mark it (an insight sentence was clicked)."""
        card = self.cards.get(key)
        if card is None:
            return
        self.highlighted = key
        for other in self.cards.values():
            other.set_highlighted(other is card)
        if scroll:
            self._column.activate()  # card positions are current even before a repaint
            self.scroller.verticalScrollBar().setValue(card.y() - 4)

    def visible_cards(self) -> list[str]:
        """Keys of the charts at least partly inside the scrolled view."""
        top = self.scroller.verticalScrollBar().value()
        bottom = top + self.scroller.viewport().height()
        return [k for k, c in self.cards.items() if c.y() < bottom and c.y() + c.height() > top]

    # -- the calendar's day ----------------------------------------------------------------
    def show_day(self, day: date) -> None:
        """List ``day``'s moments beside the calendar and outline its square."""
        from wallwatch.services.errors import JournalError

        try:
            moments = self.ctx.journal.moments.on_day(day)
        except JournalError as exc:
            self.status.setText(f"The moments of {day} could not be read: {exc}")
            self.status.show()
            return
        self.day_panel.show_day(day, moments)
        canvas = self.canvases.get("calendar")
        if canvas is not None and "calendar" not in self._stale:  # else marked once drawn
            canvas.mark_day(day)

    # -- following the journal, the range and the theme ----------------------------------------
    def _on_range_changed(self, _index: int) -> None:
        self.ctx.view_state.setValue(RANGE_KEY, self.weeks_shown())
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        changed = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if event.type() in changed and self.cards:
            self._apply_card_style()
            self.draw()

    def shutdown(self) -> None:
        self._closed = True  # a report still being worked out is dropped when it arrives
        self._idle.stop()
