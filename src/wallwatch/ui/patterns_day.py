"""Beside the year calendar: the moments of the day clicked (or picked from the date box)."""

from __future__ import annotations

import textwrap
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wallwatch.domain.model import Direction, Moment
from wallwatch.ui.patterns_cards import muted

PROMPT = "Click a day in the calendar, or pick one above, to see its moments."
NO_MOMENTS = "No moments recorded on this day."


def day_heading(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def moment_text(m: Moment) -> str:
    """A few short lines: time, direction and person; fears; what was done; ratings; note."""
    head = f"{m.occurred_at:%H:%M}  {m.direction.label}"
    if m.person:
        head += f" · {m.person}"
    lines = [head]
    if m.fears:
        lines.append("Fears: " + ", ".join(m.fears))
    if m.behaviours:
        lines.append("Did: " + ", ".join(m.behaviours))
    if m.direction is Direction.WITHDREW and m.wanted_closeness is not None:
        lines.append(f"Part of you wanted closeness: {m.wanted_closeness.label.lower()}")
    ratings = [
        f"{name} {value}"
        for name, value in (
            ("loneliness", m.loneliness),
            ("resentment", m.resentment),
            ("connection", m.connection),
        )
        if value is not None
    ]
    if ratings:
        lines.append(" · ".join(ratings).capitalize())
    if m.note:
        lines.append("“" + textwrap.shorten(m.note, 90, placeholder="…") + "”")
    return "\n".join(lines)


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class DayMomentsPanel(QFrame):
    sig_day_picked = Signal(object)  # a day chosen in the panel's own date box

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day: date | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(16)
        about = QVBoxLayout()
        about.setSpacing(6)
        self.date_edit = QDateEdit(self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("d MMM yyyy")
        self.date_edit.setAccessibleName("Day to show")
        self.date_edit.setToolTip("Pick a day to see its moments")
        self.date_edit.dateChanged.connect(self._on_date_changed)
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.summary = muted(QLabel(PROMPT, self))
        self.summary.setWordWrap(True)
        about.addWidget(self.date_edit)
        about.addWidget(self.heading)
        about.addWidget(self.summary)
        about.addStretch(1)
        side = QWidget(self)
        side.setLayout(about)
        side.setFixedWidth(240)
        self.moments = QListWidget(self)
        self.moments.setAccessibleName("Moments of the day")
        self.moments.setWordWrap(True)
        self.moments.setSpacing(3)
        self.moments.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.moments.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.moments.setFixedHeight(150)
        layout.addWidget(side)
        layout.addWidget(self.moments, 1)
        self.heading.hide()

    def set_range(self, first: date, last: date) -> None:
        """The days that can be picked; until one is, the box offers the last of them."""
        self.date_edit.blockSignals(True)
        self.date_edit.setDateRange(_qdate(first), _qdate(last))
        if self.day is None:
            self.date_edit.setDate(_qdate(last))
        self.date_edit.blockSignals(False)

    def show_day(self, day: date, moments: list[Moment]) -> None:
        self.day = day
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(_qdate(day))
        self.date_edit.blockSignals(False)
        self.heading.setText(day_heading(day))
        self.heading.show()
        withdrew = sum(1 for m in moments if m.direction is Direction.WITHDREW)
        opened = len(moments) - withdrew
        self.summary.setText(f"Withdrew {withdrew} · opened up {opened}" if moments else NO_MOMENTS)
        self.moments.clear()
        for m in sorted(moments, key=lambda m: m.occurred_at):
            item = QListWidgetItem(moment_text(m))
            tip = "\n\n".join(t for t in (m.note, f"Wish: {m.wish}" if m.wish else "") if t)
            if tip:
                item.setToolTip(tip)
            self.moments.addItem(item)

    def shown_texts(self) -> list[str]:
        return [self.moments.item(i).text() for i in range(self.moments.count())]

    def _on_date_changed(self, value: QDate) -> None:
        self.sig_day_picked.emit(date(value.year(), value.month(), value.day()))
