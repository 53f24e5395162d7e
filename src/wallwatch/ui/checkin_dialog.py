"""The weekly check-in: three short questions (1–3 each) and one free line, asked calmly.

Answering is by keyboard or mouse: each question is one focus stop; 1, 2 or 3 (or the arrow
keys) choose an answer, Tab moves on, Ctrl+Enter saves and Escape is "Not now".
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wallwatch.domain.checkin import (
    ANSWER_LABELS,
    ITEMS,
    TOTAL_MAX,
    TOTAL_MIN,
    WANT_MORE_MAX,
    WANT_MORE_QUESTION,
    Checkin,
    CheckinAnswers,
)
from wallwatch.services.errors import JournalError, ValidationFailed
from wallwatch.ui.context import AreaContext
from wallwatch.ui.moment_form import ErrorLabel

SEGMENT_STYLE = """
QFrame#segments { border: 1px solid transparent; border-radius: 8px; }
QFrame#segments:focus { border: 2px solid palette(highlight); }
QFrame#segments QPushButton { padding: 6px 14px; }
QFrame#segments QPushButton:checked { background: palette(highlight);
                                      color: palette(highlighted-text); }
"""
_KEYS = {Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3}


class Segments(QFrame):
    """One answer of 1–3 shown as three side-by-side buttons; one focus stop for the keyboard."""

    sig_changed = Signal(int)

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("segments")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(accessible_name)
        row = QHBoxLayout(self)
        row.setContentsMargins(3, 3, 3, 3)
        row.setSpacing(4)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        for value, label in ANSWER_LABELS.items():
            button = QPushButton(label, self)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the frame holds the focus
            button.setToolTip(f"{label} ({value})")
            self.group.addButton(button, value)
            row.addWidget(button)
        row.addStretch(1)
        self.group.idClicked.connect(self.sig_changed.emit)

    def value(self) -> int | None:
        checked = self.group.checkedId()
        return checked if checked > 0 else None

    def set_value(self, value: int | None) -> None:
        button = self.group.button(value) if value is not None else None
        if button is not None:
            button.setChecked(True)
            self.sig_changed.emit(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        current = self.value()
        if key in _KEYS and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.set_value(_KEYS[key])
        elif key == Qt.Key.Key_Right:
            self.set_value(min(3, (current or 0) + 1))
        elif key == Qt.Key.Key_Left:
            self.set_value(max(1, (current or 2) - 1))
        else:
            super().keyPressEvent(event)


class CheckinDialog(QDialog):
    """Asks the check-in of ``week`` (default this week); shows earlier answers to change them."""

    sig_saved = Signal()

    def __init__(
        self, ctx: AreaContext, week: date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        service = ctx.journal.checkins
        self.week = service.week_of(week)
        self.setWindowTitle("Weekly check-in")
        self.setStyleSheet(SEGMENT_STYLE)
        self.setMinimumWidth(560)
        col = QVBoxLayout(self)
        col.setContentsMargins(26, 22, 26, 20)
        col.setSpacing(10)

        when = f"{self.week:%a} {self.week.day} {self.week:%b}"
        heading = QLabel(f"How has this week been? (week of {when})", self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        col.addWidget(heading)
        intro = QLabel(
            "Three short questions about feeling alone lately. There are no right answers, "
            "and a week you skip simply stays empty.",
            self,
        )
        intro.setWordWrap(True)
        intro.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        col.addWidget(intro)

        self.segments: dict[str, Segments] = {}
        for name, question in ITEMS:
            col.addSpacing(4)
            label = QLabel(question, self)
            label.setWordWrap(True)
            seg = Segments(question, self)
            label.setBuddy(seg)
            seg.sig_changed.connect(self._update_total)
            self.segments[name] = seg
            col.addWidget(label)
            col.addWidget(seg)

        self.total_label = QLabel(self)
        self.total_label.setAccessibleName("Total")
        col.addSpacing(4)
        col.addWidget(self.total_label)

        want_label = QLabel(f"{WANT_MORE_QUESTION} (optional):", self)
        self.want_more = QLineEdit(self)
        self.want_more.setMaxLength(WANT_MORE_MAX)
        self.want_more.setPlaceholderText("e.g. a long call with my sister")
        self.want_more.setAccessibleName(WANT_MORE_QUESTION)
        want_label.setBuddy(self.want_more)
        col.addSpacing(6)
        col.addWidget(want_label)
        col.addWidget(self.want_more)

        self.problem = ErrorLabel(self)
        col.addWidget(self.problem)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.not_now_button = QPushButton("Not now", self)
        self.not_now_button.setAutoDefault(False)
        self.not_now_button.clicked.connect(self.reject)
        self.save_button = QPushButton("Save", self)
        self.save_button.setToolTip("Save this week's check-in (Ctrl+Enter)")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.not_now_button)
        buttons.addWidget(self.save_button)
        col.addSpacing(6)
        col.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)

        self._load(service.get(self.week))
        self.segments[ITEMS[0][0]].setFocus(Qt.FocusReason.OtherFocusReason)

    def _load(self, existing: Checkin | None) -> None:
        if existing is not None:
            for (name, _q), value in zip(ITEMS, existing.answers.as_tuple(), strict=True):
                self.segments[name].set_value(value)
            self.want_more.setText(existing.want_more)
        self._update_total()

    def answers(self) -> CheckinAnswers | None:
        values = [self.segments[name].value() for name, _q in ITEMS]
        if any(v is None for v in values):
            return None
        a, b, c = (int(v or 0) for v in values)
        return CheckinAnswers(a, b, c)

    def _update_total(self, *_args: object) -> None:
        answers = self.answers()
        if answers is None:
            answered = sum(1 for s in self.segments.values() if s.value() is not None)
            self.total_label.setText(f"Total: answer all three to see it ({answered} of 3 so far)")
        else:
            self.total_label.setText(
                f"Total: {answers.total}  (from {TOTAL_MIN}, hardly ever lonely, "
                f"to {TOTAL_MAX}, often lonely)"
            )

    def save(self) -> bool:
        answers = self.answers()
        if answers is None:
            self.problem.show_error("Answer all three questions to save the check-in.")
            return False
        try:
            self.ctx.journal.checkins.record(self.week, answers, self.want_more.text())
        except ValidationFailed as exc:
            self.problem.show_error("The check-in could not be saved: " + str(exc))
            return False
        except JournalError as exc:
            self.problem.show_error(str(exc))
            return False
        self.problem.show_error(None)
        # Weekly and Steps read check-ins with the moments; this is their "journal changed" cue.
        self.ctx.moments_changed()
        self.sig_saved.emit()
        self.accept()
        return True
