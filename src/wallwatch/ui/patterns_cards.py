"""The pieces of the Patterns page: a titled chart card, the weekly review card, and an insight
sentence that leads to its chart.

Nothing here imports matplotlib: the cards exist before any chart does, and a card receives its
canvas when the area is first shown.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from wallwatch.charts.palette import ChartPalette
from wallwatch.charts.patterns_text import REVIEW_TITLE, review_heading, review_rows

if TYPE_CHECKING:
    from wallwatch.charts.patterns_style import PatternDrawing
    from wallwatch.domain.patterns import WeeklyReview
    from wallwatch.ui.patterns_canvas import PatternCanvas


def muted(label: QLabel) -> QLabel:
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def card_style(p: ChartPalette, highlight: str) -> str:
    return (
        f"QFrame#patternCard {{ background: {p.background}; border: 1px solid {p.grid};"
        " border-radius: 8px; }"
        f' QFrame#patternCard[highlighted="true"] {{ border: 2px solid {highlight}; }}'
    )


class Card(QFrame):
    """A rounded panel with a heading; it can be highlighted (an insight led here)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patternCard")
        self.setProperty("highlighted", False)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(14, 10, 14, 10)
        self.layout_.setSpacing(6)
        self.title_label = QLabel(title, self)
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setAccessibleName(title)
        self.layout_.addWidget(self.title_label)

    @property
    def title(self) -> str:
        return self.title_label.text()

    def is_highlighted(self) -> bool:
        return bool(self.property("highlighted"))

    def set_highlighted(self, on: bool) -> None:
        if self.is_highlighted() == on:
            return
        self.setProperty("highlighted", on)
        self.style().unpolish(self)
        self.style().polish(self)


class PatternCard(Card):
    """Heading, chart (or the words shown instead of it), and a caption with the counts."""

    def __init__(
        self, key: str, title: str, parent: QWidget | None = None, below: QWidget | None = None
    ) -> None:
        super().__init__(title, parent)
        self.key = key
        self.canvas: PatternCanvas | None = None
        self.drawing: PatternDrawing | None = None
        self._chart_column = QVBoxLayout()
        self.message = QLabel("Drawing…", self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.message.setMinimumHeight(48)
        muted(self.message)
        self._chart_column.addWidget(self.message)
        self.layout_.addLayout(self._chart_column)
        if below is not None:
            self.layout_.addWidget(below)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        muted(self.caption)
        self.layout_.addWidget(self.caption)

    def set_canvas(self, canvas: PatternCanvas) -> None:
        self.canvas = canvas
        canvas.setAccessibleName(self.title)
        canvas.hide()
        self._chart_column.addWidget(canvas)

    def show_drawing(self, drawing: PatternDrawing) -> None:
        """Show what the canvas drew, or only its words when there is too little data."""
        self.drawing = drawing
        assert self.canvas is not None
        self.canvas.setVisible(not drawing.empty)
        self.message.setVisible(drawing.empty)
        self.message.setText("\n".join(drawing.messages))
        self.caption.setText(drawing.caption)
        tip = drawing.details or "Point at the chart for the numbers behind each part."
        self.caption.setToolTip(tip)
        self.canvas.setToolTip("")


class ReviewCard(Card):
    """The last complete week: counts, each rating against the week before, the most common
    fear and person, and the longest run of days with an opening."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(REVIEW_TITLE, parent)
        self.week_label = muted(QLabel(self))
        self.table = QLabel(self)
        self.table.setTextFormat(Qt.TextFormat.RichText)
        self.table.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table.setWordWrap(True)
        self.layout_.addWidget(self.week_label)
        self.layout_.addWidget(self.table)
        self.rows: list[tuple[str, str]] = []

    def show_review(self, review: WeeklyReview) -> None:
        self.rows = review_rows(review)
        self.week_label.setText(review_heading(review))
        cells = "".join(
            f"<tr><td style='padding:2px 18px 2px 0'>{html.escape(label)}</td>"
            f"<td style='padding:2px 0'>{html.escape(value)}</td></tr>"
            for label, value in self.rows
        )
        self.table.setText(f"<table>{cells}</table>")


class InsightRow(QFrame):
    """One insight sentence; clicking it (or Enter/Space) leads to the chart that shows it."""

    sig_activated = Signal(str)  # the chart key

    def __init__(
        self,
        number: int,
        text: str,
        chart: str,
        chart_title: str,
        detail: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("insightRow")
        self.chart = chart
        self.text = text
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setAccessibleName(text)
        self.setAccessibleDescription(f"Shows the chart: {chart_title}")
        tip = f"Click to see it in “{chart_title}”."
        self.setToolTip(f"{detail}\n\n{tip}" if detail else tip)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.setSpacing(10)
        number_label = muted(QLabel(f"{number}.", self))
        number_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.link = muted(QLabel(f"{chart_title} ›", self))
        self.link.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        row.addWidget(number_label)
        row.addWidget(self.label, 1)
        row.addWidget(self.link)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.sig_activated.emit(self.chart)
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.sig_activated.emit(self.chart)
            return
        super().keyPressEvent(event)


INSIGHT_STYLE = (
    "QFrame#insightRow { border-radius: 6px; }"
    " QFrame#insightRow:hover { background: palette(alternate-base); }"
    " QFrame#insightRow:focus { border: 1px solid palette(highlight); }"
)
