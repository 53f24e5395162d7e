"""The lock screen of an encrypted journal, and the idle watch that brings it back.

The page asks for the passphrase and nothing else of the journal is on screen while it shows.
Opening runs SQLCipher's deliberately slow key derivation, so the owner of the page (the app's
controller) does it off the GUI thread and reports back with :meth:`LockScreen.show_problem` or
by replacing the page.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from wallwatch.ui.moment_form import Card, ErrorLabel

HEADING = "Your journal is locked"
ON_START = "Your journal is encrypted. Type your passphrase to open it."
WRONG = "That passphrase does not open this journal. Check the keyboard layout and Caps Lock."
NOT_LOCKED = "Never set a passphrase? The file may be damaged instead…"


def idle_note(minutes: int) -> str:
    what = "a minute" if minutes == 1 else f"{minutes} minutes"
    return f"WallWatch locked your journal after {what} without use. Type your passphrase to go on."


def _label(text: str, parent: QWidget, *, muted: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if muted:
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class LockScreen(QWidget):
    """Passphrase field, Unlock and Quit; a wrong passphrase is said right under the field."""

    sig_unlock = Signal(str)
    sig_quit = Signal()
    sig_not_locked = Signal()  # the person says the file was never encrypted

    def __init__(
        self, path: Path, *, idle_minutes: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.path = path
        self._busy = False
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 28, 32, 28)
        column.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.card = Card(self, margins=32)
        self.card.setMaximumWidth(520)
        self.card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        row.addWidget(self.card, 10)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(2)
        self._build_card(ON_START if idle_minutes is None else idle_note(idle_minutes))

    def _build_card(self, note: str) -> None:
        body = QVBoxLayout(self.card)
        body.setSpacing(10)
        self.heading = _label(HEADING, self.card)
        self.heading.setObjectName("lockHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAccessibleName(HEADING)
        body.addWidget(self.heading)
        self.note = _label(note, self.card)
        body.addWidget(self.note)
        body.addSpacing(6)

        caption = _label("Passphrase:", self.card)
        body.addWidget(caption)
        self.field = QLineEdit(self.card)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName("Passphrase")
        self.field.setMinimumHeight(32)
        self.field.returnPressed.connect(self.unlock)
        caption.setBuddy(self.field)
        body.addWidget(self.field)
        self.problem = ErrorLabel(self.card)
        self.problem.setAccessibleName("Problem")
        body.addWidget(self.problem)

        self.progress = QProgressBar(self.card)
        self.progress.setRange(0, 0)  # how long the key derivation takes is not known
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.progress.hide()
        body.addWidget(self.progress)

        body.addSpacing(6)
        buttons = QHBoxLayout()
        self.unlock_button = QPushButton("Unlock", self.card)
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        self.quit_button = QPushButton("Quit", self.card)
        self.quit_button.clicked.connect(self.sig_quit.emit)
        for button in (self.unlock_button, self.quit_button):
            button.setMinimumSize(110, 32)
        buttons.addWidget(self.unlock_button)
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        body.addLayout(buttons)

        body.addSpacing(4)
        self.not_locked_button = QPushButton(NOT_LOCKED, self.card)
        self.not_locked_button.setFlat(True)
        self.not_locked_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.not_locked_button.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.not_locked_button.setStyleSheet("text-align: left; padding: 2px 0;")
        self.not_locked_button.clicked.connect(self.sig_not_locked.emit)
        body.addWidget(self.not_locked_button)
        self.setFocusProxy(self.field)

    # -- driven by the owner -----------------------------------------------------------------
    def unlock(self) -> None:
        text = self.field.text()
        if self.busy:
            return
        if not text:
            self.problem.show_error("Type your passphrase first.")
            return
        self.problem.show_error(None)
        self.set_busy(True)
        self.sig_unlock.emit(text)

    @property
    def busy(self) -> bool:
        return self._busy

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        for widget in (self.field, self.unlock_button, self.not_locked_button):
            widget.setEnabled(not busy)

    def show_problem(self, text: str) -> None:
        """The passphrase did not open the journal: say so and let the person type again."""
        self.set_busy(False)
        self.field.clear()  # the wrong passphrase need not stay in memory either
        self.problem.show_error(text)
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def forget_typed(self) -> None:
        """Clear what was typed (once the journal opened)."""
        self.field.clear()


class IdleWatch(QObject):
    """Says when nobody has used the app for a while: no key, mouse, wheel or touch input.

    Watches every event of the application through an event filter (cheap: a type check), and
    looks at the clock a few times per idle period. ``clock`` is injectable for tests.
    """

    sig_idle = Signal()
    INPUT = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.TabletPress,
        }
    )

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._limit = 0.0
        self._last = clock()
        self._watching = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)

    @property
    def active(self) -> bool:
        return self._watching

    def start(self, seconds: float) -> None:
        """Watch for ``seconds`` without input (again from now)."""
        self.stop()
        if seconds <= 0:
            return
        app = QApplication.instance()
        if app is None:
            return
        self._limit = seconds
        self._last = self._clock()
        app.installEventFilter(self)
        self._watching = True
        self._timer.start(int(min(seconds / 4, 5.0) * 1000) or 1)

    def stop(self) -> None:
        if self._watching:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
        self._watching = False
        self._timer.stop()

    def check(self) -> None:
        """Emit ``sig_idle`` (once) when the idle time has passed."""
        if self._watching and self._clock() - self._last >= self._limit:
            self.stop()
            self.sig_idle.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self.INPUT:
            self._last = self._clock()
        return False
