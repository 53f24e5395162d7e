"""One Patterns chart inside the window: a matplotlib ``Figure`` on a ``FigureCanvasQTAgg``.

This module imports matplotlib, so the Patterns area imports it only when first shown. Each
canvas keeps its one Figure for life and redraws it in place (``draw_idle``). Pointing at a
chart shows the numbers behind that spot as a tooltip; clicking a day of the calendar announces
that day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from matplotlib.backend_bases import LocationEvent, MouseButton, MouseEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QPoint, Signal
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from wallwatch.charts.patterns import DPI, CalendarDrawing, PatternDrawing


class PatternCanvas(FigureCanvasQTAgg):
    sig_day_clicked = Signal(object)  # a calendar day (datetime.date)

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(Figure(figsize=(8, 3), dpi=DPI))
        self.setParent(parent)
        self.key = key
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(360)
        self.drawing: PatternDrawing | None = None
        self.hover_text = ""  # what the tooltip says now ('' when nothing is pointed at)
        self.mpl_connect("motion_notify_event", self._on_motion)
        self.mpl_connect("figure_leave_event", self._on_leave)
        self.mpl_connect("button_press_event", self._on_press)

    def show_drawing(self, draw: Callable[[Figure], PatternDrawing]) -> PatternDrawing:
        """Redraw the figure with ``draw`` (which clears it first) and size the widget to fit."""
        self.drawing = draw(self.figure)
        self.setFixedHeight(round(self.drawing.height * DPI))
        if not self.drawing.empty:  # an empty chart is words in its card; the canvas is hidden
            self.draw_idle()
        return self.drawing

    def mark_day(self, day: date | None) -> None:
        if isinstance(self.drawing, CalendarDrawing):
            self.drawing.mark(day)
            self.draw_idle()

    # -- pointer ------------------------------------------------------------------------------
    def _on_motion(self, event: MouseEvent) -> None:
        text = ""
        if self.drawing is not None:
            text = self.drawing.hover_text(event.inaxes, event.xdata, event.ydata) or ""
        if text == self.hover_text:
            return
        self.hover_text = text
        if not text:
            QToolTip.hideText()
            return
        gui = event.guiEvent
        where = gui.globalPosition().toPoint() if gui is not None else self.mapToGlobal(QPoint())
        QToolTip.showText(where, text, self)

    def _on_leave(self, _event: LocationEvent) -> None:
        self.hover_text = ""
        QToolTip.hideText()

    def _on_press(self, event: MouseEvent) -> None:
        if event.button != MouseButton.LEFT or not isinstance(self.drawing, CalendarDrawing):
            return
        if event.inaxes is None:
            return
        day = self.drawing.day_at(event.xdata, event.ydata)
        if day is not None:
            self.sig_day_clicked.emit(day)
