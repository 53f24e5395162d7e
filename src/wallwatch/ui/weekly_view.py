"""The Weekly area: how the weeks went — ratings, walls up and down, and one week's fears.

matplotlib is heavy to import, so nothing here imports it at module level: the chart canvas is
built the first time the area is shown, after the window has painted.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wallwatch.domain.calendar import now_local, week_start
from wallwatch.domain.settings import WEEK_START
from wallwatch.ui.area import Area
from wallwatch.ui.context import AreaContext
from wallwatch.ui.theme import chart_palette

if TYPE_CHECKING:
    from wallwatch.domain.summary import Breakdown
    from wallwatch.services.summaries import WeeklySeries
    from wallwatch.ui.chart_canvas import WeeklyChartCanvas

RANGES = (8, 12, 26, 52)
DEFAULT_RANGE = 12
RANGE_KEY = "weekly/weeks"
_SAVE_FILTERS = "PNG image (*.png);;SVG drawing (*.svg)"
_READ_FAILED = "The weekly chart could not be brought up to date"


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class WeeklyView(Area):
    title = "Weekly"

    def __init__(self, ctx: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.chart: WeeklyChartCanvas | None = None
        self.series: WeeklySeries | None = None
        self.fears: list[Breakdown] = []
        # The weeks' check-in totals (3–9), None for a week without one; aligned with series.
        self.checkin_totals: tuple[int | None, ...] = ()
        self._week_start_day = 0
        self._end: date | None = None  # first day of the newest week shown
        self._selected: date | None = None  # the week whose fears are shown
        self._dirty = True
        self._build()
        ctx.events.sig_moments_changed.connect(self.refresh_when_shown)
        ctx.events.sig_settings_changed.connect(self._on_settings_changed)

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(8)
        bar = QHBoxLayout()
        bar.setSpacing(6)
        self.prev_button = self._button("‹ Previous", "Alt+Left", "Show one week earlier")
        self.today_button = self._button("This week", "Alt+Home", "Go back to this week")
        self.next_button = self._button("Next ›", "Alt+Right", "Show one week later")
        self.prev_button.clicked.connect(lambda: self.move_weeks(-1))
        self.next_button.clicked.connect(lambda: self.move_weeks(1))
        self.today_button.clicked.connect(self.go_to_this_week)
        week_label = QLabel("Week of", self)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.date_edit.setAccessibleName("Week to show")
        self.date_edit.setToolTip("Pick any day; its week is shown and selected")
        self.date_edit.dateChanged.connect(self._on_date_picked)
        week_label.setBuddy(self.date_edit)
        self.range_combo = QComboBox(self)
        self.range_combo.setAccessibleName("How many weeks to show")
        for weeks in RANGES:
            self.range_combo.addItem(f"{weeks} weeks", weeks)
        self.range_combo.setCurrentIndex(
            RANGES.index(self.stored_choice(RANGE_KEY, DEFAULT_RANGE, RANGES))
        )
        self.range_combo.currentIndexChanged.connect(self._on_range_changed)
        self.save_button = QPushButton("Save chart…", self)
        self.save_button.setToolTip("Save this chart as a PNG or SVG image")
        self.save_button.clicked.connect(self.save_chart)
        for widget in (self.prev_button, self.today_button, self.next_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(week_label)
        bar.addWidget(self.date_edit)
        bar.addStretch(1)
        bar.addWidget(QLabel("Show", self))
        bar.addWidget(self.range_combo)
        bar.addSpacing(12)
        bar.addWidget(self.save_button)
        layout.addLayout(bar)

        self.week_summary = QLabel(self)
        self.week_summary.setWordWrap(True)
        self.week_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.week_summary.setAccessibleName("Selected week")
        layout.addWidget(self.week_summary)
        self.placeholder = QLabel("Drawing the chart…", self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._chart_slot = QVBoxLayout()
        self._chart_slot.addWidget(self.placeholder)
        layout.addLayout(self._chart_slot, 1)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status)

    def _button(self, text: str, shortcut: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        keys = QKeySequence(shortcut)
        button.setToolTip(f"{tip} ({keys.toString(QKeySequence.SequenceFormat.NativeText)})")
        # A window-wide shortcut that only fires while this area is the one on screen.
        QShortcut(keys, self).activated.connect(button.click)
        return button

    # -- showing -----------------------------------------------------------------------------
    def on_shown(self) -> None:
        if self.chart is None:
            self._create_chart()
        if self._dirty:
            self.refresh()

    def _create_chart(self) -> None:
        from wallwatch.ui.chart_canvas import WeeklyChartCanvas  # imports matplotlib

        self.chart = WeeklyChartCanvas(self)
        self.chart.sig_week_clicked.connect(self.select_week)
        self._chart_slot.removeWidget(self.placeholder)
        self.placeholder.hide()
        self._chart_slot.addWidget(self.chart)

    @property
    def newest_week(self) -> date | None:
        """First day of the newest week on the chart."""
        return self._end

    @property
    def selected_week(self) -> date | None:
        """First day of the week whose fears are shown."""
        return self._selected

    def weeks_shown(self) -> int:
        value = self.range_combo.currentData()
        return int(value) if value in RANGES else DEFAULT_RANGE

    def this_week(self) -> date:
        return week_start(now_local().date(), self._week_start_day)

    def refresh(self) -> None:
        """Read the weeks from the journal again and redraw (or wait until shown)."""
        if self.chart is None:
            self._dirty = True
            return
        self._dirty = False
        self._load_and_draw(weeks_too=True)

    def _load_and_draw(self, *, weeks_too: bool) -> None:
        """Read what the chart needs and draw it; a journal that cannot be read is named in the
        status line and the last good chart stays."""
        from wallwatch.services.errors import JournalError

        assert self.chart is not None
        try:
            if weeks_too or self.series is None:
                self._read_weeks()
            assert self.series is not None and self._selected is not None
            self.fears = self.ctx.journal.summaries.fears_in_week(self._selected)
        except JournalError as exc:
            self.status.setText(f"{_READ_FAILED}: {exc}")
            return
        if self.status.text().startswith(_READ_FAILED):
            self.status.clear()
        self.chart.show_series(
            self.series,
            self.fears,
            selected=self._selected,
            palette=chart_palette(self.palette()),
            checkins=self.checkin_totals,
        )
        self._update_controls()

    def _read_weeks(self) -> None:
        """Fit the newest and selected weeks to the journal's week start, then read the weeks."""
        self._week_start_day = int(self.ctx.journal.settings.get(WEEK_START))
        this_week = self.this_week()
        end = week_start(self._end or this_week, self._week_start_day)
        self._end = min(end, this_week)
        first = self._end - timedelta(weeks=self.weeks_shown() - 1)
        selected = week_start(self._selected or self._end, self._week_start_day)
        self._selected = selected if first <= selected <= self._end else self._end
        series = self.ctx.journal.summaries.weekly(
            self.weeks_shown(), ending=self._end, week_start_day=self._week_start_day
        )
        checkins = self.ctx.journal.checkins.series(
            self.weeks_shown(), ending=self._end, week_start_day=self._week_start_day
        )
        self.series, self.checkin_totals = series, checkins.totals

    def _update_controls(self) -> None:
        from wallwatch.charts.weekly import describe_week

        assert self.series is not None and self._selected is not None
        this_week = self.this_week()
        self.next_button.setEnabled(self._end is not None and self._end < this_week)
        self.today_button.setEnabled(self._end != this_week or self._selected != this_week)
        self.date_edit.blockSignals(True)
        self.date_edit.setMaximumDate(_qdate(now_local().date()))
        self.date_edit.setDate(_qdate(self._selected))
        self.date_edit.blockSignals(False)
        week = next((p for p in self.series.weeks if p.start == self._selected), None)
        self.week_summary.setText(describe_week(week, one_line=True) if week else "")

    # -- navigation --------------------------------------------------------------------------
    def move_weeks(self, delta: int) -> None:
        """Slide the weeks shown (and the selected week with them) by ``delta`` weeks."""
        if self._end is None or self._selected is None:
            return
        step = timedelta(weeks=delta)
        end = min(self._end + step, self.this_week())
        shift = end - self._end
        self._end, self._selected = end, self._selected + shift
        self.refresh()

    def go_to_this_week(self) -> None:
        self._end = self._selected = self.this_week()
        self.refresh()

    def select_week(self, first_day: date) -> None:
        """Show the fears of another week inside the weeks shown (a click on the chart)."""
        if self.series is None or first_day == self._selected:
            return
        if not self.series.first_day <= first_day <= self.series.last_day:
            return
        self._selected = first_day
        self._load_and_draw(weeks_too=False)

    def _on_date_picked(self, value: QDate) -> None:
        picked = week_start(date(value.year(), value.month(), value.day()), self._week_start_day)
        self._end = self._selected = picked
        self.refresh()

    def _on_range_changed(self, _index: int) -> None:
        self.ctx.view_state.setValue(RANGE_KEY, self.weeks_shown())
        self.refresh()

    # -- following the journal and the theme ------------------------------------------------
    def _on_settings_changed(self) -> None:
        self.refresh_when_shown()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.refresh_when_shown()

    # -- saving ------------------------------------------------------------------------------
    def save_chart(self) -> None:
        if self.series is None:
            return
        from wallwatch.charts.weekly import save_weekly_chart
        from wallwatch.private_files import PrivateFileError

        suggested = Path.home() / f"wallwatch-weeks-to-{self.series.weeks[-1].start}.png"
        name, chosen = QFileDialog.getSaveFileName(
            self, "Save chart", str(suggested), _SAVE_FILTERS
        )
        if not name:
            return
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".svg" if "svg" in chosen.lower() else ".png")
        try:
            save_weekly_chart(
                self.series,
                self.fears,
                path,
                dark=chart_palette(self.palette()).dark,
                selected=self._selected,
                checkins=self.checkin_totals,
            )
        except (ValueError, PrivateFileError) as exc:
            self.status.setText(f"The chart was not saved: {exc}.")
            return
        self.status.setText(f"Chart saved to {path}.")
