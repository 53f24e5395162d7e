"""The weekly chart inside the window: a matplotlib ``Figure`` on a ``FigureCanvasQTAgg``.

This module imports matplotlib, so the Weekly area imports it only when first shown: the window
paints without paying for matplotlib. One Figure lives as long as the canvas, and its axes and
artists too: a refresh changes their numbers and draws once (matplotlib's embedding-in-Qt
practice), never re-creating them. Hovering blits the
hover label over a cached picture of the chart instead of redrawing every panel.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from matplotlib.backend_bases import (
    DrawEvent,
    LocationEvent,
    MouseButton,
    MouseEvent,
    ResizeEvent,
)
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QSizePolicy, QWidget

from wallwatch.charts.palette import ChartPalette
from wallwatch.charts.weekly import WeeklyArtists, WeeklyChart, show_hover
from wallwatch.domain.summary import Breakdown
from wallwatch.services.summaries import WeeklySeries


class WeeklyChartCanvas(FigureCanvasQTAgg):
    """Draws a weekly series; hovering shows a week's values, clicking a week selects it."""

    sig_week_clicked = Signal(object)  # the clicked week's first day (datetime.date)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Figure(figsize=(8, 5), dpi=100))
        self.setParent(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(420, 300)
        self.setAccessibleName("Weekly chart")
        self.artists: WeeklyArtists | None = None
        self._chart = WeeklyChart(self.figure)
        self._background: object | None = None  # the chart without hover, for blitting
        self.mpl_connect("draw_event", self._on_draw)
        self.mpl_connect("resize_event", self._on_resize)
        self.mpl_connect("motion_notify_event", self._on_motion)
        self.mpl_connect("figure_leave_event", self._on_leave)
        self.mpl_connect("button_press_event", self._on_press)

    def show_series(
        self,
        series: WeeklySeries,
        fears: list[Breakdown],
        *,
        selected: date | None,
        palette: ChartPalette,
        checkins: Sequence[int | None] | None = None,
    ) -> WeeklyArtists:
        self.artists = self._chart.draw(
            series, fears, selected=selected, palette=palette, checkins=checkins
        )
        self._background = None  # the cached picture shows the old numbers until redrawn
        self.draw_idle()
        return self.artists

    def hover_text(self) -> str:
        """The values shown for the week under the pointer ('' when none is)."""
        box = self.artists.hover_box if self.artists else None
        return box.get_text() if box is not None and box.get_visible() else ""

    def _week_under(self, event: MouseEvent) -> int | None:
        if self.artists is None or event.inaxes is None:
            return None
        if event.inaxes not in self.artists.week_axes:
            return None
        return self.artists.week_index_at(event.xdata)

    def _on_resize(self, _event: ResizeEvent) -> None:
        if self.artists is not None:
            self.artists.fit_week_labels()

    def _on_draw(self, _event: DrawEvent) -> None:
        self._background = self.copy_from_bbox(self.figure.bbox)
        self._draw_hover()

    def _draw_hover(self) -> None:
        if self.artists is None:
            return
        for artist in self.artists.hover_artists:
            if artist.get_visible():
                self.figure.draw_artist(artist)

    def _update_hover(self, index: int | None) -> None:
        if self.artists is None or not show_hover(self.artists, index):
            return
        if self._background is None:
            self.draw_idle()
            return
        self.restore_region(self._background)
        self._draw_hover()
        self.blit(self.figure.bbox)

    def _on_motion(self, event: MouseEvent) -> None:
        self._update_hover(self._week_under(event))

    def _on_leave(self, _event: LocationEvent) -> None:
        self._update_hover(None)

    def _on_press(self, event: MouseEvent) -> None:
        index = self._week_under(event)
        if index is not None and self.artists is not None and event.button == MouseButton.LEFT:
            self.sig_week_clicked.emit(self.artists.weeks[index].start)
