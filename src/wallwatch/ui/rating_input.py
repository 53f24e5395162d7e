"""Inputs that plain Qt widgets do badly, all fully usable from the keyboard: a segmented
choice, a 0–10 rating that can be visibly left unset ("— not rated"), and a time that
follows the clock until the person changes it."""

from __future__ import annotations

import time
from collections.abc import Hashable, Mapping, Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Generic, TypeVar

from PySide6.QtCore import QDate, QDateTime, QLocale, QRectF, QSize, Qt, QTime, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from wallwatch.domain.calendar import now_local
from wallwatch.ui.chips import mix, paint_focus_ring, paint_pill

V = TypeVar("V", bound=Hashable)
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def has_command_modifier(event: QKeyEvent) -> bool:
    """Ctrl/Alt/Meta held: the key is a shortcut, not a choice (Shift and keypad are fine)."""
    return bool(event.modifiers() & _COMMAND_MODIFIERS)


class _Segment(QAbstractButton):
    """One part of a segmented control; the control, not the segment, takes keyboard focus."""

    def __init__(self, text: str, accent: QColor | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.setText(text)  # "&Withdrew" gives Alt+W, as on any button
        self.accent = accent
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setAccessibleName(text.replace("&", ""))

    def label(self) -> str:
        return self.text().replace("&", "")

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(max(fm.horizontalAdvance(self.label()) + 28, 34), fm.height() + 14)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        pal = self.palette()
        if self.isChecked() and self.accent is None:
            # A neutral choice is tinted, not filled: solid colour belongs to the direction.
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            highlight = pal.color(QPalette.ColorRole.Highlight)
            painter.setPen(QPen(highlight, 1.2))
            painter.setBrush(mix(pal.color(QPalette.ColorRole.Base), highlight, 0.22))
            painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
            fg = pal.color(QPalette.ColorRole.Text)
        else:
            fg = paint_pill(
                painter,
                rect,
                pal,
                checked=self.isChecked(),
                hovered=self.underMouse(),
                accent=self.accent,
                radius=6,
            )
        painter.setPen(fg)
        font = self.font()
        font.setBold(self.isChecked())
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.label())


class SegmentedChoice(QWidget, Generic[V]):
    """Pick one of a few options. One tab stop; Left/Right, or the option's key, chooses.

    With ``allow_none`` the choice can be cleared (Delete/Backspace, or clicking the chosen one).
    """

    sig_changed = Signal(object)

    def __init__(
        self,
        options: Sequence[tuple[V, str, str]],
        *,
        accessible_name: str,
        allow_none: bool = False,
        accents: Mapping[V, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``options`` are (value, text, key); text may hold an ``&`` mnemonic."""
        super().__init__(parent)
        self.allow_none = allow_none
        self._values = [v for v, _t, _k in options]
        self._keys = {k.casefold(): v for v, _t, k in options if k}
        self._value: V | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(accessible_name)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        row = QHBoxLayout(self)
        row.setContentsMargins(2, 2, 2, 2)
        row.setSpacing(4)
        self.segments: dict[V, _Segment] = {}
        for value, text, _key in options:
            accent = QColor(accents[value]) if accents and value in accents else None
            seg = _Segment(text, accent, self)
            seg.clicked.connect(lambda _c=False, v=value: self._on_clicked(v))
            self.segments[value] = seg
            row.addWidget(seg)
        self._sync()

    def value(self) -> V | None:
        return self._value

    def set_accent(self, colour: str | None) -> None:
        """Colour every segment's chosen state (e.g. intensity follows the direction)."""
        for seg in self.segments.values():
            seg.accent = QColor(colour) if colour else None
            seg.update()

    def set_value(self, value: V | None) -> None:
        if value is None and not self.allow_none and self._values:
            value = self._value
        if value == self._value:
            self._sync()
            return
        self._value = value
        self._sync()
        self.sig_changed.emit(value)

    def reset(self) -> None:
        """No choice at all, even when one is required (a blank form starts this way)."""
        if self._value is not None:
            self._value = None
            self._sync()
            self.sig_changed.emit(None)

    def _on_clicked(self, value: V) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if value == self._value and self.allow_none:
            self.set_value(None)
        else:
            self.set_value(value)

    def _sync(self) -> None:
        for value, seg in self.segments.items():
            seg.setChecked(value == self._value)
        chosen = self.segments[self._value].label() if self._value in self.segments else "none"
        self.setAccessibleDescription(f"{chosen} chosen")
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        index = self._values.index(self._value) if self._value in self._values else -1
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Up) and self._values:
            self.set_value(self._values[max(0, index - 1) if index >= 0 else 0])
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Down) and self._values:
            self.set_value(self._values[min(len(self._values) - 1, index + 1)])
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.allow_none:
            self.set_value(None)
        elif event.text().casefold() in self._keys and not has_command_modifier(event):
            self.set_value(self._keys[event.text().casefold()])
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():
            painter = QPainter(self)
            paint_focus_ring(painter, QRectF(self.rect()), self.palette(), 8)


class _RatingBar(QWidget):
    """Eleven cells for 0–10, painted; empty cells and a dashed look when unset."""

    sig_changed = Signal(object)
    CELLS = 11

    def __init__(self, accent: QColor, parent: QWidget) -> None:
        super().__init__(parent)
        self.accent = accent
        self._value: int | None = None
        self._last_digit = (0.0, "")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(self.CELLS * 20, self.fontMetrics().height() + 12)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.CELLS * 13, self.fontMetrics().height() + 12)

    def value(self) -> int | None:
        return self._value

    def set_value(self, value: int | None) -> None:
        if value is not None:
            value = max(0, min(10, value))
        if value != self._value:
            self._value = value
            self.update()
            self.sig_changed.emit(value)

    def _cell_rects(self) -> list[QRectF]:
        gap = 3.0
        inner = QRectF(self.rect()).adjusted(3, 5, -3, -5)
        w = (inner.width() - gap * (self.CELLS - 1)) / self.CELLS
        return [
            QRectF(inner.x() + i * (w + gap), inner.y(), w, inner.height())
            for i in range(self.CELLS)
        ]

    def _value_at(self, x: float) -> int:
        rects = self._cell_rects()
        return min(range(self.CELLS), key=lambda i: abs(rects[i].center().x() - x))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.set_value(self._value_at(event.position().x()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.set_value(self._value_at(event.position().x()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text()
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Down: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: 1}
        if has_command_modifier(event):
            super().keyPressEvent(event)
        elif text.isdigit() and len(text) == 1:
            # "1" then "0" typed quickly means 10.
            last_time, last_text = self._last_digit
            if text == "0" and last_text == "1" and time.monotonic() - last_time < 0.8:
                self.set_value(10)
                text = ""
            else:
                self.set_value(int(text))
            self._last_digit = (time.monotonic(), text)
        elif key in step:
            start = 5 if self._value is None else self._value + step[Qt.Key(key)]
            self.set_value(start)
        elif key == Qt.Key.Key_Home:
            self.set_value(0)
        elif key == Qt.Key.Key_End:
            self.set_value(10)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.set_value(None)
        else:
            super().keyPressEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        for i, rect in enumerate(self._cell_rects()):
            filled = self._value is not None and i <= self._value
            if filled:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(self.accent if i == self._value else mix(self.accent, base, 0.45))
            else:
                pen_colour = mix(base, text, 0.18 if self._value is None else 0.3)
                painter.setPen(pen_colour)
                painter.setBrush(base)
            painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        if self.hasFocus():
            paint_focus_ring(painter, QRectF(self.rect()).adjusted(0, 2, 0, -2), pal, 6)


class RatingInput(QWidget):
    """A 0–10 rating that is ``None`` until set, shows "— not rated", and can be cleared.

    Keys: a digit sets it ("1" "0" is 10), arrows adjust, Home/End, Delete clears.
    """

    sig_changed = Signal(object)

    def __init__(self, name: str, accent: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.bar = _RatingBar(QColor(accent), self)
        self.bar.setAccessibleName(f"{name}, 0 to 10")
        self.value_label = QLabel(self)
        self.value_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("—  not rated") + 6)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("✕")
        self.clear_button.setAutoRaise(True)
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.setToolTip(f"Leave {name.lower()} not rated (Delete)")
        self.clear_button.setAccessibleName(f"Clear {name.lower()}")
        self.clear_button.clicked.connect(lambda: self.set_value(None))
        row.addWidget(self.bar, 1)
        row.addWidget(self.value_label)
        row.addWidget(self.clear_button)
        self.setFocusProxy(self.bar)
        self.bar.sig_changed.connect(self._on_changed)
        self._show(None)

    def value(self) -> int | None:
        return self.bar.value()

    def set_value(self, value: int | None) -> None:
        self.bar.set_value(value)

    def _on_changed(self, value: int | None) -> None:
        self._show(value)
        self.sig_changed.emit(value)

    def _show(self, value: int | None) -> None:
        pal = self.palette()
        if value is None:
            self.value_label.setText("—  not rated")
            self.value_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            self.bar.setAccessibleDescription("not rated")
        else:
            self.value_label.setText(f"{value} / 10")
            self.value_label.setForegroundRole(QPalette.ColorRole.WindowText)
            self.bar.setAccessibleDescription(f"{value} out of 10")
        self.value_label.setPalette(pal)
        # Keep the space so the row does not jump; the button only hides its face.
        self.clear_button.setEnabled(value is not None)
        self.clear_button.setText("✕" if value is not None else "")


def _floor_minutes(value: datetime, step: int) -> datetime:
    return value.replace(minute=value.minute - value.minute % step, second=0, microsecond=0)


class WhenInput(QWidget):
    """When it happened: follows the clock until changed, with quick Now / Earlier / Yesterday.

    Times are the machine's local time; a moment lived at another UTC offset (being edited)
    keeps that offset.
    """

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._follow = True
        self._setting = False
        self._tz: tzinfo | None = None
        self._given: datetime | None = None  # returned as it was until the person edits it
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        self.edit = QDateTimeEdit(self)
        self.edit.setCalendarPopup(True)
        time_format = QLocale().timeFormat(QLocale.FormatType.ShortFormat)
        self.edit.setDisplayFormat(f"ddd d MMM yyyy   {time_format}")
        self.edit.setAccessibleName("When it happened")
        self.edit.dateTimeChanged.connect(self._on_edited)
        row.addWidget(self.edit)
        self.buttons: dict[str, QToolButton] = {}
        for key, text, tip in (
            ("now", "Now", "It is happening now (the time follows the clock)"),
            ("earlier", "Earlier today", "Earlier today: adjust the hour with the arrow keys"),
            ("yesterday", "Yesterday", "Yesterday: adjust the hour with the arrow keys"),
        ):
            button = QToolButton(self)
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            row.addWidget(button)
            self.buttons[key] = button
        self.buttons["now"].clicked.connect(lambda: self.set_value(None))
        self.buttons["earlier"].clicked.connect(self._earlier_today)
        self.buttons["yesterday"].clicked.connect(self._yesterday)
        row.addStretch(1)
        # "Now" stays pressed while the time follows the clock.
        self.buttons["now"].setCheckable(True)
        self.setFocusProxy(self.edit)
        self._timer = QTimer(self)
        self._timer.setInterval(15_000)
        self._timer.timeout.connect(self._tick)
        self.set_value(None)

    def follows_now(self) -> bool:
        return self._follow

    def value(self) -> datetime:
        """The chosen time, time-zone aware (now, to the second, while it follows the clock)."""
        if self._follow:
            return now_local()
        if self._given is not None:
            return self._given  # exact, even in the hour repeated when clocks go back
        naive = self.edit.dateTime().toPython()
        assert isinstance(naive, datetime)
        return naive.replace(tzinfo=self._tz) if self._tz is not None else naive.astimezone()

    def set_value(self, value: datetime | None) -> None:
        """``None`` follows the clock; an aware time is shown as the person lived it."""
        self._follow = value is None
        self._given = value
        self._tz = None
        if value is None:
            value = now_local()
        elif value.utcoffset() != value.astimezone().utcoffset():
            self._tz = value.tzinfo
        else:
            value = value.astimezone()
        self._show(value)
        if self._follow:
            self._timer.start()
        else:
            self._timer.stop()
        self._update_state()
        self.sig_changed.emit()

    def stop(self) -> None:
        self._timer.stop()

    def _show(self, value: datetime) -> None:
        self._setting = True
        try:
            day = QDate(value.year, value.month, value.day)
            # The calendar offers no future days, but a moment shown as it was lived (at
            # another offset) may fall on "tomorrow" here: never clamp what is shown.
            self.edit.setMaximumDate(max(QDate.currentDate(), day))
            self.edit.setDateTime(QDateTime(day, QTime(value.hour, value.minute, value.second)))
        finally:
            self._setting = False

    def _pick(self, value: datetime) -> None:
        self.set_value(value)
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.edit.setSelectedSection(QDateTimeEdit.Section.HourSection)

    def _earlier_today(self) -> None:
        now = now_local()
        earlier = max(now - timedelta(hours=1), now.replace(hour=0, minute=0, second=0))
        self._pick(_floor_minutes(earlier, 5))

    def _yesterday(self) -> None:
        self._pick(_floor_minutes(now_local() - timedelta(days=1), 5))

    def _on_edited(self) -> None:
        if self._setting:
            return
        self._follow = False
        self._given = None
        self._timer.stop()
        self._update_state()
        self.sig_changed.emit()

    def _tick(self) -> None:
        if self._follow:
            self._show(now_local())

    def _update_state(self) -> None:
        self.buttons["now"].setChecked(self._follow)
