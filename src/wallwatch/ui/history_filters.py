"""The filters above the History table; they only build a :class:`MomentFilter`.

Typing in the search box waits a moment before filtering (a debounce), so a long journal is not
queried on every keystroke; Enter filters at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from enum import Enum

from PySide6.QtCore import QDate, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from wallwatch.domain.calendar import now_local
from wallwatch.domain.model import Direction
from wallwatch.domain.query import MomentFilter

SEARCH_DELAY_MS = 300
# Item data for "no filter". Never None: PySide6 6.12.0 on Python 3.11 drops a reference to None
# each time an empty QVariant is read back (currentData()), which ends in a crash.
ANY = ""


class Period(Enum):
    ANY = "Any time"
    TODAY = "Today"
    WEEK = "Last 7 days"
    MONTH = "Last 30 days"
    YEAR = "Last 12 months"
    CUSTOM = "Between dates…"


_DAYS_BACK = {Period.TODAY: 0, Period.WEEK: 6, Period.MONTH: 29, Period.YEAR: 364}


def period_bounds(period: Period, today: date) -> tuple[date | None, date | None]:
    """Since/until for a preset (both inclusive); the custom range is read from its dates."""
    if period in _DAYS_BACK:
        return today - timedelta(days=_DAYS_BACK[period]), None
    return None, None


def _to_date(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def _to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class _SearchBox(QLineEdit):
    """Esc clears the search first (and only then lets the key through)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)


class HistoryFilterBar(QWidget):
    """Search box on top; period, direction, person and fear pickers below."""

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(8)

        self.top_row = QHBoxLayout()
        self.top_row.setSpacing(8)
        self.search = _SearchBox(self)
        self.search.setPlaceholderText("Search notes and wishes…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search notes")
        self.search.setMinimumWidth(220)
        self.top_row.addWidget(self.search, 1)
        outer.addLayout(self.top_row)

        row = QHBoxLayout()
        row.setSpacing(8)
        # Combo data is kept as plain strings: Qt hands str-based enums back as bare str.
        self.period = self._combo("When", [(p.value, p.name) for p in Period])
        self.since = self._date_edit("From")
        self.until = self._date_edit("To")
        self.until_label = QLabel("to", self)
        self.direction = self._combo(
            "Direction",
            [("Either way", ANY)] + [(d.label, d.value) for d in Direction],
        )
        self.person = self._combo("Person", [("Anyone", ANY)])
        self.fear = self._combo("Fear", [("Any fear", ANY)])
        for combo, letters in ((self.person, 9), (self.fear, 15)):
            # Long names are elided in the box; the open list shows them whole.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(letters)
        self.clear_button = QPushButton("Clear filters", self)
        self.clear_button.setToolTip("Show every moment again")
        self.clear_button.clicked.connect(self.clear)
        for widget in (self.period, self.since, self.until_label, self.until):
            row.addWidget(widget)
        row.addSpacing(4)
        for widget in (self.direction, self.person, self.fear):
            row.addWidget(widget)
        row.addStretch(1)
        self.top_row.addWidget(self.clear_button)
        outer.addLayout(row)
        self._show_custom(False)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._changed)
        self.search.textChanged.connect(self._on_search_edited)
        self.search.returnPressed.connect(self._flush_search)
        self.period.currentIndexChanged.connect(self._on_period_changed)
        self.since.dateChanged.connect(self._changed)
        self.until.dateChanged.connect(self._changed)
        for combo in (self.direction, self.person, self.fear):
            combo.currentIndexChanged.connect(self._changed)
        self._update_clear_button()

    # -- building ------------------------------------------------------------------------------
    def _combo(self, name: str, items: Sequence[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        for text, data in items:
            combo.addItem(text, data)
        return combo

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setAccessibleName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setDate(_to_qdate(now_local().date()))
        return edit

    def _show_custom(self, shown: bool) -> None:
        for widget in (self.since, self.until_label, self.until):
            widget.setVisible(shown)

    # -- choices from the journal ------------------------------------------------------------
    def set_choices(self, people: Sequence[str], fears: Sequence[str]) -> None:
        """Refill the person and fear pickers, keeping the current choice when it still exists."""
        changed = False
        for combo, names in ((self.person, people), (self.fear, fears)):
            current = str(combo.currentData())
            with QSignalBlocker(combo):
                while combo.count() > 1:
                    combo.removeItem(1)
                for name in names:
                    combo.addItem(name, name)
                index = combo.findData(current) if current != ANY else 0
                combo.setCurrentIndex(max(index, 0))
            changed = changed or (current != ANY and index < 0)
        if changed:  # the chosen person or fear was renamed away: show everything again
            self._changed()

    # -- state -------------------------------------------------------------------------------
    def current_filter(self) -> MomentFilter:
        period = self._period()
        since: date | None
        until: date | None
        if period is Period.CUSTOM:
            first, last = _to_date(self.since.date()), _to_date(self.until.date())
            since, until = min(first, last), max(first, last)
        else:
            since, until = period_bounds(period, now_local().date())
        text = self.search.text().strip()
        direction = str(self.direction.currentData())
        return MomentFilter(
            since=since,
            until=until,
            direction=Direction(direction) if direction else None,
            person=str(self.person.currentData()) or None,
            fear=str(self.fear.currentData()) or None,
            text=text or None,
        )

    def _period(self) -> Period:
        return Period[str(self.period.currentData())]

    def set_person(self, name: str) -> None:
        index = self.person.findData(name)
        if index >= 0:
            self.person.setCurrentIndex(index)

    def set_custom_range(self, since: date, until: date) -> None:
        blockers = [QSignalBlocker(w) for w in (self.period, self.since, self.until)]
        self.period.setCurrentIndex(self.period.findData(Period.CUSTOM.name))
        self.since.setDate(_to_qdate(since))
        self.until.setDate(_to_qdate(until))
        del blockers
        self._show_custom(True)
        self._changed()

    def clear(self) -> None:
        self._debounce.stop()
        widgets = (self.search, self.period, self.direction, self.person, self.fear)
        blockers = [QSignalBlocker(w) for w in widgets]
        self.search.clear()
        for combo in (self.period, self.direction, self.person, self.fear):
            combo.setCurrentIndex(0)
        del blockers
        self._show_custom(False)
        self._changed()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def flush(self) -> None:
        """Apply a search that is still waiting for its debounce (e.g. before a test asserts)."""
        if self._debounce.isActive():
            self._flush_search()

    def stop(self) -> None:
        self._debounce.stop()

    # -- slots -------------------------------------------------------------------------------
    def _on_search_edited(self, _text: str) -> None:
        self._debounce.start()

    def _flush_search(self) -> None:
        self._debounce.stop()
        self._changed()

    def _on_period_changed(self, _index: int) -> None:
        custom = self._period() is Period.CUSTOM
        if custom and self.since.isHidden():
            today = now_local().date()
            with QSignalBlocker(self.since), QSignalBlocker(self.until):
                self.since.setDate(_to_qdate(today - timedelta(days=29)))
                self.until.setDate(_to_qdate(today))
        self._show_custom(custom)
        self._changed()

    def _changed(self) -> None:
        self._update_clear_button()
        self.sig_changed.emit()

    def _update_clear_button(self) -> None:
        self.clear_button.setEnabled(not self.current_filter().is_empty())
