"""The Log area's messages: the first-run welcome of an empty journal, the demo banner, and
the short "Saved" confirmation with its Undo link."""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QEvent, QPropertyAnimation, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsOpacityEffect,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from wallwatch.charts.palette import OPENED_COLOUR, WITHDREW_COLOUR
from wallwatch.ui.chips import mix
from wallwatch.ui.moment_form import Card, card_surface
from wallwatch.ui.theme import is_dark

INTRO = (
    "WallWatch helps you notice the walls you put up with people you care about. "
    "Each entry is a <b>moment</b>: a time you <b>withdrew</b> from someone — went quiet, "
    "changed the subject, pushed them away — or a time you <b>opened up</b> to them."
)
EXAMPLE = (
    "“Sam asked how my week really was. I said ‘fine’ and changed the subject. My chest "
    "felt tight, and part of me wanted to tell them.”"
)
EXAMPLE_TAGS = "Withdrew · intensity 3 · fear of being seen as weak · tight chest"
DISCLAIMER = "WallWatch is a self-reflection aid, not a diagnosis or treatment."
PRIVACY = "Everything you write stays in a private file on this computer."


def _paragraph(text: str, parent: QWidget, *, muted: bool = False) -> QLabel:
    label = QLabel(f"<div style='line-height:135%'>{text}</div>", parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    if muted:
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class _ExampleBox(QWidget):
    """A quoted example: a faint tint with a bar in the withdrawal colour down its left."""

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        surface = card_surface(pal)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(mix(surface, pal.color(QPalette.ColorRole.Text), 0.05))
        painter.drawRoundedRect(QRectF(self.rect()), 8, 8)
        painter.setBrush(QColor(WITHDREW_COLOUR))
        painter.drawRoundedRect(QRectF(0, 0, 4, self.height()), 2, 2)


class WelcomePanel(QWidget):
    """What a moment is, one example, and the two ways to begin."""

    sig_log_first = Signal()
    sig_explore_demo = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        outer.addStretch(1)
        card = Card(self, margins=36)
        card.setMaximumWidth(620)
        card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        body = QVBoxLayout(card)
        body.setSpacing(14)
        heading = QLabel("Welcome to WallWatch", card)
        heading.setObjectName("welcomeHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        body.addWidget(heading)
        body.addWidget(_paragraph(INTRO, card))

        example = _ExampleBox(card)
        ex = QVBoxLayout(example)
        ex.setContentsMargins(16, 12, 16, 12)
        ex.setSpacing(6)
        ex.addWidget(_paragraph("For example", example, muted=True))
        quote = _paragraph(EXAMPLE, example)
        quote_font = quote.font()
        quote_font.setItalic(True)
        quote.setFont(quote_font)
        ex.addWidget(quote)
        tags = QLabel(f"<span style='color:{WITHDREW_COLOUR}'>●</span> {EXAMPLE_TAGS}", example)
        tags.setTextFormat(Qt.TextFormat.RichText)
        tags.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        ex.addWidget(tags)
        body.addWidget(example)

        body.addWidget(_paragraph(DISCLAIMER, card))
        body.addWidget(_paragraph(PRIVACY, card, muted=True))
        body.addSpacing(6)
        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        self.log_button = QPushButton("Log my first moment", card)
        self.log_button.setDefault(True)
        self.log_button.setAutoDefault(True)
        self.log_button.setMinimumSize(180, 36)
        self.log_button.clicked.connect(self.sig_log_first.emit)
        self.demo_button = QPushButton("Explore a demo history", card)
        self.demo_button.setToolTip("Opens a separate journal of made-up sample moments")
        self.demo_button.setMinimumSize(180, 36)
        self.demo_button.clicked.connect(self.sig_explore_demo.emit)
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        body.addLayout(buttons)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 10)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.setFocusProxy(self.log_button)


class DemoBanner(QFrame):
    """A slim reminder across the top while the sample journal is open."""

    sig_return = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoBanner")
        self.setAutoFillBackground(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(28, 8, 28, 8)
        row.setSpacing(10)
        dot = QLabel(f"<span style='color:{OPENED_COLOUR}'>●</span>", self)
        dot.setTextFormat(Qt.TextFormat.RichText)
        self.text = QLabel("You are exploring sample data — nothing here is yours", self)
        font = self.text.font()
        font.setBold(True)
        self.text.setFont(font)
        self.return_button = QPushButton("Return to my journal", self)
        self.return_button.clicked.connect(self.sig_return.emit)
        row.addWidget(dot)
        row.addWidget(self.text, 1)
        row.addWidget(self.return_button)
        self._tint()

    def _tint(self) -> None:
        # Judge the theme by the application's palette: this widget's own is tinted.
        dark = is_dark(QApplication.palette())
        pal = QPalette()
        pal.setColor(QPalette.ColorRole.Window, QColor("#1f3550" if dark else "#e3edf7"))
        pal.setColor(QPalette.ColorRole.WindowText, QColor("#dce9f7" if dark else "#1d3a5c"))
        self.setPalette(pal)

    def event(self, event: QEvent) -> bool:
        # The theme changed (this arrives at event(), not changeEvent()).
        handled = super().event(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._tint()
        return handled


class _LinkButton(QPushButton):
    """A button that reads as a link (a real button, so Tab and Space reach it)."""

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        font = self.font()
        font.setUnderline(True)
        self.setFont(font)
        self._recolour()

    def _recolour(self) -> None:
        app = QApplication.palette()
        # Light palettes often keep Qt's harsh default link blue; the highlight is calmer.
        colour = app.color(
            QPalette.ColorRole.Link if is_dark(app) else QPalette.ColorRole.Highlight
        )
        pal = QPalette()
        pal.setColor(QPalette.ColorRole.ButtonText, colour)
        self.setPalette(pal)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._recolour()
        return handled


class SavedBanner(QFrame):
    """A short confirmation with an Undo link; it fades after a few seconds."""

    SHOW_MS = 8000

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("savedBanner")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        self.mark = QLabel("✓", self)
        self.label = QLabel(self)
        self.label.setAccessibleName("Confirmation")
        self.undo_button = _LinkButton("Undo", self)
        self.undo_button.setToolTip("Remove the moment you just saved (Ctrl+Z)")
        row.addWidget(self.mark)
        row.addWidget(self.label)
        row.addWidget(self.undo_button)
        row.addStretch(1)
        self._effect = QGraphicsOpacityEffect(self)
        self._effect.setOpacity(1.0)
        self.setGraphicsEffect(self._effect)
        self._fade = QPropertyAnimation(self._effect, b"opacity", self)
        self._fade.setDuration(700)
        self._fade.setStartValue(1.0)
        self._fade.setEndValue(0.0)
        self._fade.setEasingCurve(QEasingCurve.Type.InOutQuad)
        self._fade.finished.connect(self.hide)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fade.start)
        self.hide()

    def show_text(self, text: str, *, undo: bool) -> None:
        self._fade.stop()
        self._effect.setOpacity(1.0)
        self.mark.setVisible(text.startswith("Saved"))
        self.label.setText(text)
        self.undo_button.setVisible(undo)
        self.show()
        self._timer.start(self.SHOW_MS)

    def stop(self) -> None:
        self._timer.stop()
        self._fade.stop()
