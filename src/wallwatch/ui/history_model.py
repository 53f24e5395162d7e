"""The History table: moments newest first, read page by page through the moment service.

Only the pages a person scrolls to are read (``canFetchMore``/``fetchMore``), so a journal with
100,000 moments opens as fast as one with ten; the total is counted separately, off the GUI
thread, by the view.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap

from wallwatch.charts.palette import OPENED_COLOUR, WITHDREW_COLOUR
from wallwatch.domain.calendar import now_local
from wallwatch.domain.model import INTENSITY_MAX, RATING_MAX, Direction, Moment
from wallwatch.domain.query import MomentFilter

if TYPE_CHECKING:
    from wallwatch.services.moments import MomentService

PAGE_SIZE = 200
MAX_PAGE = 2000
DASH = "—"
# A cell or tooltip never holds more than this: laying out a megabyte of text on every paint
# or hover would freeze the window (the whole note is one click away, in the edit dialog).
CELL_CHARS = 300
TOOLTIP_CHARS = 2000
MomentRole = int(Qt.ItemDataRole.UserRole) + 1

_AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    WHEN = 0
    DIRECTION = 1
    INTENSITY = 2
    PERSON = 3
    FEARS = 4
    BEHAVIOURS = 5
    LONELINESS = 6
    RESENTMENT = 7
    CONNECTION = 8
    NOTE = 9


# (header, header tooltip)
HEADERS: dict[Column, tuple[str, str]] = {
    Column.WHEN: ("When", "When it happened, in the time zone you lived it"),
    Column.DIRECTION: ("Direction", "Did a wall go up, or did you open up?"),
    Column.INTENSITY: ("Intensity", f"How strong it felt, 1–{INTENSITY_MAX}"),
    Column.PERSON: ("Person", "Who it was with"),
    Column.FEARS: ("Fears", "The fears that were stirred"),
    Column.BEHAVIOURS: ("Behaviours", "What you did"),
    Column.LONELINESS: ("Lonely", f"Loneliness, 0–{RATING_MAX}"),
    Column.RESENTMENT: ("Resent", f"Resentment, 0–{RATING_MAX}"),
    Column.CONNECTION: ("Connect", f"Connection, 0–{RATING_MAX}"),
    Column.NOTE: ("Note", "The first line of the note; hover to read it all"),
}
_RATINGS = {
    Column.LONELINESS: ("loneliness", "Loneliness"),
    Column.RESENTMENT: ("resentment", "Resentment"),
    Column.CONNECTION: ("connection", "Connection"),
}
_CENTRED = {Column.INTENSITY, Column.LONELINESS, Column.RESENTMENT, Column.CONNECTION}


def format_when(when: datetime, today: date) -> str:
    """A short, readable time in the offset the moment was lived in."""
    day = when.date()
    clock = when.strftime("%H:%M")
    if day == today:
        return f"Today, {clock}"
    if day == today - timedelta(days=1):
        return f"Yesterday, {clock}"
    if day.year == today.year:
        return f"{when.strftime('%a')} {day.day} {when.strftime('%b')}, {clock}"
    return f"{day.day} {when.strftime('%b')} {day.year}, {clock}"


def shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def first_line(text: str) -> str:
    """The first line that is not blank, shortened to what a cell can show."""
    head = text.lstrip()[: CELL_CHARS + 1]
    return shortened(head.splitlines()[0], CELL_CHARS).rstrip() if head else ""


def _rich(text: str) -> str:
    # Rich text tooltips wrap; plain ones run off the screen for a long note.
    return html.escape(shortened(text, TOOLTIP_CHARS)).replace("\n", "<br>")


def note_tooltip(m: Moment) -> str:
    parts = []
    if m.note.strip():
        parts.append(_rich(m.note.strip()))
    if m.wish.strip():
        parts.append(f"<i>What I wish I had done:</i><br>{_rich(m.wish.strip())}")
    if m.body_signals:
        parts.append(f"<i>Body:</i> {_rich(', '.join(m.body_signals))}")
    return "<qt>" + "<br><br>".join(parts) + "</qt>" if parts else ""


def direction_colour(direction: Direction) -> QColor:
    return QColor(WITHDREW_COLOUR if direction is Direction.WITHDREW else OPENED_COLOUR)


def _pixmap(width: int, height: int) -> tuple[QPixmap, QPainter]:
    ratio = (
        QGuiApplication.primaryScreen().devicePixelRatio()
        if QGuiApplication.primaryScreen()
        else 1.0
    )
    pix = QPixmap(int(width * ratio), int(height * ratio))
    pix.setDevicePixelRatio(ratio)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    return pix, painter


def _marker_pixmap(direction: Direction, colour: QColor) -> QPixmap:
    pix, p = _pixmap(12, 12)
    if direction is Direction.WITHDREW:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawEllipse(QRectF(1.5, 1.5, 9, 9))
    else:
        pen = p.pen()
        pen.setColor(colour)
        pen.setWidthF(2.2)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(QRectF(2.1, 2.1, 7.8, 7.8))
    p.end()
    return pix


def direction_marker(direction: Direction, on_highlight: QColor) -> QIcon:
    """A filled dot for a wall going up, a ring for opening up: readable without colour too.

    On a selected row the marker takes the highlighted-text colour, so it never sinks into
    the highlight.
    """
    icon = QIcon(_marker_pixmap(direction, direction_colour(direction)))
    icon.addPixmap(_marker_pixmap(direction, on_highlight), QIcon.Mode.Selected)
    return icon


def paint_pips(painter: QPainter, rect: QRect, level: int, colour: QColor) -> None:
    """``INTENSITY_MAX`` small pips centred in ``rect``, ``level`` of them filled."""
    size, gap = 6.0, 4.0
    width = INTENSITY_MAX * size + (INTENSITY_MAX - 1) * gap
    left = rect.center().x() - width / 2 + 0.5
    middle = rect.center().y() + 0.5
    faint = QColor(colour)
    faint.setAlphaF(0.25)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    for i in range(INTENSITY_MAX):
        painter.setBrush(colour if i < level else faint)
        painter.drawEllipse(QPointF(left + size / 2 + i * (size + gap), middle), size / 2, size / 2)
    painter.restore()


class HistoryModel(QAbstractTableModel):
    """Moments matching a filter, newest first (or oldest first), loaded a page at a time."""

    sig_reloaded = Signal()
    sig_failed = Signal(str)  # one sentence, when reading the journal failed

    def __init__(
        self, moments: MomentService, page_size: int = PAGE_SIZE, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._service = moments
        self._page = page_size
        self._filter = MomentFilter()
        self._newest_first = True
        self._rows: list[Moment] = []
        self._row_of: dict[uuid.UUID, int] = {}
        self._exhausted = True
        self._today = now_local().date()
        self._icons: dict[tuple[Direction, str], QIcon] = {}

    # -- what is shown -----------------------------------------------------------------------
    @property
    def filter(self) -> MomentFilter:
        return self._filter

    @property
    def newest_first(self) -> bool:
        return self._newest_first

    @property
    def page_size(self) -> int:
        return self._page

    def set_filter(self, f: MomentFilter) -> None:
        self._filter = f
        self.reload()

    def set_newest_first(self, newest_first: bool) -> None:
        self._newest_first = newest_first
        self.reload()

    def reload(self, at_least: int = 0) -> None:
        """Read the first page again (or as many rows as ``at_least``, to keep the scroll)."""
        limit = max(self._page, at_least)
        self.beginResetModel()
        self._today = now_local().date()
        self._rows, self._row_of, self._exhausted = [], {}, True
        try:
            rows = self._read(limit, 0)
        except Exception as exc:
            self.endResetModel()
            self._report(exc)
            self.sig_reloaded.emit()
            return
        self._rows = rows
        self._row_of = {m.id: i for i, m in enumerate(rows)}
        self._exhausted = len(rows) < limit
        self.endResetModel()
        self.sig_reloaded.emit()

    def _read(self, limit: int, offset: int) -> list[Moment]:
        return self._service.query(
            self._filter, limit=limit, offset=offset, newest_first=self._newest_first
        )

    def _report(self, exc: BaseException) -> None:
        from wallwatch.services.errors import JournalError

        if isinstance(exc, JournalError):
            self.sig_failed.emit(str(exc))
        else:
            self.sig_failed.emit("Your moments could not be read; please try again.")

    def canFetchMore(self, parent: _AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        # Deeper pages grow (up to MAX_PAGE), so reaching row 50,000 takes dozens of reads,
        # not hundreds: each read costs more the further down it starts.
        size = min(max(self._page, len(self._rows) // 2), MAX_PAGE)
        try:
            batch = self._read(size, len(self._rows))
        except Exception as exc:
            self._exhausted = True
            self._report(exc)
            return
        self._exhausted = len(batch) < size
        # Something written between pages can shift the offsets; never show a moment twice.
        fresh = [m for m in batch if m.id not in self._row_of]
        if not fresh:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
        for i, m in enumerate(fresh, start=first):
            self._row_of[m.id] = i
        self._rows.extend(fresh)
        self.endInsertRows()

    def fetch_all(self) -> None:
        while self.canFetchMore():
            self.fetchMore()

    def moment_at(self, row: int) -> Moment | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, moment_id: uuid.UUID) -> int | None:
        return self._row_of.get(moment_id)

    def moments(self, rows: Sequence[int]) -> list[Moment]:
        return [self._rows[r] for r in rows if 0 <= r < len(self._rows)]

    # -- Qt model ----------------------------------------------------------------------------
    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        title, tip = HEADERS[Column(section)]
        if role == Qt.ItemDataRole.DisplayRole:
            return title
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if Column(section) in _CENTRED:
                return Qt.AlignmentFlag.AlignCenter
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        return None

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        m = self.moment_at(index.row()) if index.isValid() else None
        if m is None:
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(m, column)
        if role == MomentRole:
            return m
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(m, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible(m, column)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._decoration(m, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in _CENTRED:
                return Qt.AlignmentFlag.AlignCenter
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole and self._display(m, column) == DASH:
            return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def _display(self, m: Moment, column: Column) -> str:
        if column is Column.WHEN:
            return format_when(m.occurred_at, self._today)
        if column is Column.DIRECTION:
            return m.direction.label
        if column is Column.INTENSITY:
            return ""  # drawn as pips by the table's delegate
        if column is Column.PERSON:
            return m.person or DASH
        if column is Column.FEARS:
            return ", ".join(m.fears) or DASH
        if column is Column.BEHAVIOURS:
            return ", ".join(m.behaviours) or DASH
        if column in _RATINGS:
            value = getattr(m, _RATINGS[column][0])
            return DASH if value is None else str(value)
        return first_line(m.note) or DASH

    def _accessible(self, m: Moment, column: Column) -> str:
        if column is Column.INTENSITY:
            return f"Intensity {m.intensity} of {INTENSITY_MAX}"
        if column in _RATINGS:
            field, label = _RATINGS[column]
            value = getattr(m, field)
            return f"{label} not rated" if value is None else f"{label} {value} of {RATING_MAX}"
        return self._display(m, column)

    def _tooltip(self, m: Moment, column: Column) -> str | None:
        if column is Column.WHEN:
            lived = m.occurred_at.strftime("%A %d %B %Y, %H:%M (UTC%z)")
            return lived if m.edited_at == m.recorded_at else f"{lived}\nEdited since recording"
        if column is Column.INTENSITY or column in _RATINGS:
            return self._accessible(m, column)
        if column is Column.FEARS and m.fears:
            return "\n".join(m.fears)
        if column is Column.BEHAVIOURS and m.behaviours:
            return "\n".join(m.behaviours)
        if column is Column.NOTE:
            return note_tooltip(m) or None
        return None

    def _decoration(self, m: Moment, column: Column) -> Any:
        if column is Column.DIRECTION:
            on_highlight = QGuiApplication.palette().color(QPalette.ColorRole.HighlightedText)
            key = (m.direction, on_highlight.name())
            if key not in self._icons:
                self._icons[key] = direction_marker(m.direction, on_highlight)
            return self._icons[key]
        return None
