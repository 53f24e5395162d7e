"""The Log area: record a moment in seconds, see today's moments, and the first-run welcome.

Saving goes through ``journal.moments.record``; the area then announces the change so History
and Weekly refresh, and pushes an undoable step so a moment logged by mistake can be taken back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QUndoCommand,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from wallwatch.charts.palette import OPENED_COLOUR, WITHDREW_COLOUR
from wallwatch.domain.calendar import now_local
from wallwatch.domain.model import Direction, Moment
from wallwatch.services.errors import JournalError, NotFound, ValidationFailed
from wallwatch.ui.area import Area
from wallwatch.ui.chips import mix
from wallwatch.ui.context import AreaContext
from wallwatch.ui.history_model import TOOLTIP_CHARS, shortened
from wallwatch.ui.moment_form import Card, ErrorLabel, MomentForm, section_heading
from wallwatch.ui.step_suggestion import StepSuggestion
from wallwatch.ui.welcome import DemoBanner, SavedBanner, WelcomePanel

if TYPE_CHECKING:
    from wallwatch.services.moments import MomentService

KEY_HINT = "W / O direction · 1–5 intensity · Tab next field · Ctrl+Enter saves"


def when_phrase(moment: Moment, today: date | None = None) -> str:
    """ "14:05", "yesterday 14:05" or "Mon 3 Mar 14:05": as short as still clear."""
    today = today or now_local().date()
    day = moment.occurred_at.date()
    clock = moment.occurred_at.strftime("%H:%M")
    if day == today:
        return clock
    if day == today - timedelta(days=1):
        return f"yesterday {clock}"
    return f"{moment.occurred_at.strftime('%a')} {day.day} {moment.occurred_at:%b} {clock}"


def saved_phrase(moment: Moment) -> str:
    parts = [moment.direction.label.lower()]
    if moment.person:
        parts.append(moment.person)
    parts.append(when_phrase(moment))
    return "Saved — " + ", ".join(parts)


class LogMomentCommand(QUndoCommand):
    """Pushed once the moment is saved: undo deletes it, redo puts it back as it was."""

    def __init__(
        self,
        service: MomentService,
        moment: Moment,
        announce: Callable[[str], None],
        complain: Callable[[str], None],
    ) -> None:
        super().__init__("Log moment")
        self._service = service
        self.moment = moment
        self._announce = announce
        self._complain = complain
        self._saved = True  # record() already saved it before the push

    def redo(self) -> None:
        if self._saved:
            self._saved = False
            return
        try:
            self._service.restore([self.moment])
        except (JournalError, NotFound) as exc:
            self._complain(str(exc))
            return
        self._announce("The moment is back.")

    def undo(self) -> None:
        try:
            gone = self._service.delete([self.moment.id])
        except (JournalError, NotFound) as exc:
            self._complain(str(exc))
            return
        if gone:
            self.moment = gone[0]  # as it is now, in case it was edited since
        self._announce("Undone — that moment was removed.")


class TodayList(QListWidget):
    """Today's moments, newest first, one compact row each (painted by :class:`_RowDelegate`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Today's moments")
        self.setItemDelegate(_RowDelegate(self))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # Transparent, so the card's surface shows through in light and dark alike.
        self.viewport().setAutoFillBackground(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._empty_text = "Nothing logged yet today. Moments you save appear here."

    def set_moments(self, moments: list[Moment]) -> None:
        self.clear()
        for m in moments:
            item = QListWidgetItem(_row_text(m))
            item.setData(Qt.ItemDataRole.UserRole, m)
            item.setToolTip(shortened(m.note, TOOLTIP_CHARS) if m.note else _row_text(m))
            self.addItem(item)
        rows = max(1, len(moments))
        self.setFixedHeight(rows * _RowDelegate.row_height(self) + 2 * self.frameWidth() + 4)
        self.viewport().update()

    def moments(self) -> list[Moment]:
        return [self.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.count())]

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.count() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.viewport().rect().adjusted(14, 0, -14, 0),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                self._empty_text,
            )


def _row_text(m: Moment) -> str:
    parts = [m.occurred_at.strftime("%H:%M"), f"{m.direction.label}, intensity {m.intensity}"]
    parts.append(f"with {m.person}" if m.person else "no one named")
    if m.fears:
        parts.append("fears: " + ", ".join(m.fears))
    return " · ".join(parts)


class _RowDelegate(QStyledItemDelegate):
    """Time, a direction mark in its colour, the person, then the fears (muted)."""

    @staticmethod
    def row_height(widget: QWidget) -> int:
        return widget.fontMetrics().height() + 16

    def sizeHint(
        self, option: QStyleOptionViewItem, _index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(option.rect.width(), self.row_height(option.widget))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        moment = index.data(Qt.ItemDataRole.UserRole)
        if not isinstance(moment, Moment):
            return
        painter.save()
        pal = option.palette
        rect = option.rect
        base, text = pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Text)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        if index.row() > 0:
            painter.setPen(mix(base, text, 0.1))
            painter.drawLine(rect.left() + 12, rect.top(), rect.right() - 12, rect.top())
        fm = option.fontMetrics
        x = rect.left() + 14
        mid = rect.center().y()
        line = QRect(x, rect.top(), 0, rect.height())
        align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft

        def draw(txt: str, width: int, colour: QColor, bold: bool = False) -> None:
            nonlocal x
            font = QFont(option.font)
            font.setBold(bold)
            painter.setFont(font)
            painter.setPen(colour)
            area = QRect(x, line.top(), width, line.height())
            painter.drawText(
                area, align, QFontMetrics(font).elidedText(txt, Qt.TextElideMode.ElideRight, width)
            )
            x += width

        draw(moment.occurred_at.strftime("%H:%M"), fm.horizontalAdvance("00:00") + 18, muted)
        colour = QColor(
            WITHDREW_COLOUR if moment.direction is Direction.WITHDREW else OPENED_COLOUR
        )
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colour, 2))
        painter.setBrush(
            colour if moment.direction is Direction.WITHDREW else Qt.BrushStyle.NoBrush
        )
        painter.drawEllipse(QPointF(x + 5, mid), 4.5, 4.5)
        x += 18
        draw(moment.direction.label, fm.horizontalAdvance("Opened up") + 10, text)
        # Intensity as five small pips in the direction's colour.
        for n in range(1, 6):
            painter.setPen(QPen(colour, 1.2))
            painter.setBrush(colour if n <= moment.intensity else Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(x + 3 + (n - 1) * 9, mid), 2.8, 2.8)
        x += 5 * 9 + 22
        draw(
            moment.person or "—",
            min(180, max(90, rect.width() // 5)),
            text,
            bold=bool(moment.person),
        )
        rest = rect.right() - 14 - x
        if rest > 20:
            draw(", ".join(moment.fears), rest, muted)
        painter.restore()


class LogView(Area):
    title = "Log"

    def __init__(self, ctx: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._last_command: LogMomentCommand | None = None
        self._shut_down = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.demo_banner = DemoBanner(self)
        self.demo_banner.sig_return.connect(lambda: self._switch_journal(demo=False))
        self.demo_banner.setVisible(ctx.is_demo)
        outer.addWidget(self.demo_banner)
        self.pages = QStackedWidget(self)
        outer.addWidget(self.pages, 1)
        self.welcome = WelcomePanel(self.pages)
        self.welcome.sig_log_first.connect(self.begin_new_moment)
        self.welcome.sig_explore_demo.connect(lambda: self._switch_journal(demo=True))
        self.pages.addWidget(self.welcome)
        self.page_scroll = QScrollArea(self.pages)
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.pages.addWidget(self.page_scroll)
        self._build_page()

        ctx.events.sig_moments_changed.connect(self._on_moments_changed)
        ctx.events.sig_vocabulary_changed.connect(self._on_vocabulary_changed)
        ctx.undo_stack.indexChanged.connect(self._on_undo_index_changed)
        self._refresh_today()
        empty = not ctx.is_demo and not ctx.journal.moments.any()
        self.pages.setCurrentWidget(self.welcome if empty else self.page_scroll)

    def _build_page(self) -> None:
        page = QWidget(self.page_scroll)
        page.setObjectName("logPage")
        col = QVBoxLayout(page)
        col.setContentsMargins(28, 22, 28, 28)
        col.setSpacing(14)

        head = QHBoxLayout()
        title = QLabel("Log a moment", page)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.45)
        font.setBold(True)
        title.setFont(font)
        hint = QLabel(KEY_HINT, page)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(hint, 0, Qt.AlignmentFlag.AlignBottom)
        col.addLayout(head)

        card = Card(page)
        inside = QVBoxLayout(card)
        inside.setContentsMargins(0, 0, 0, 0)
        inside.setSpacing(16)
        self.form = MomentForm(self.ctx.journal, card)
        self.form.sig_submit.connect(self.save)
        inside.addWidget(self.form)
        footer = QHBoxLayout()
        footer.setSpacing(10)
        self.banner = SavedBanner(card)
        self.banner.undo_button.clicked.connect(self.undo_last)
        self.problem = ErrorLabel(card)
        self.problem.setAccessibleName("Problem")
        self.clear_button = QPushButton("Clear", card)
        self.clear_button.setToolTip("Empty the form")
        self.clear_button.setMinimumHeight(34)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self.save_button = QPushButton("Save moment", card)
        self.save_button.setToolTip("Save this moment (Ctrl+Enter)")
        self.save_button.setDefault(True)
        self.save_button.setMinimumSize(140, 34)
        self.save_button.clicked.connect(self.save)
        footer.addWidget(self.banner, 1)
        footer.addWidget(self.problem, 1)
        footer.addStretch(0)
        footer.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignTop)
        footer.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        inside.addLayout(footer)
        self.step_suggestion = StepSuggestion(self.ctx, card)
        inside.addWidget(self.step_suggestion)
        col.addWidget(card)

        col.addSpacing(6)
        today_head = QHBoxLayout()
        today_head.addWidget(section_heading("Today", page))
        self.today_count = QLabel(page)
        self.today_count.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        today_head.addWidget(self.today_count)
        today_head.addStretch(1)
        col.addLayout(today_head)
        today_card = Card(page, margins=6)
        box = QVBoxLayout(today_card)
        box.setContentsMargins(0, 0, 0, 0)
        self.today = TodayList(today_card)
        box.addWidget(self.today)
        col.addWidget(today_card)
        col.addStretch(1)
        self.page_scroll.setWidget(page)

    # -- Area ----------------------------------------------------------------------------------
    def on_shown(self) -> None:
        self._refresh_today()
        if self.showing_welcome():
            self.welcome.setFocus(Qt.FocusReason.OtherFocusReason)

    def begin_new_moment(self) -> bool:
        self.pages.setCurrentWidget(self.page_scroll)
        self.form.start_now()
        self.page_scroll.ensureWidgetVisible(self.form.direction)
        self.form.focus_first()
        return True

    def shutdown(self) -> None:
        if self._shut_down:
            return
        self._shut_down = True
        self.form.stop_timers()
        self.banner.stop()
        # The window clears (and later destroys) the shared undo stack after this.
        self.ctx.undo_stack.indexChanged.disconnect(self._on_undo_index_changed)
        self.ctx.events.sig_moments_changed.disconnect(self._on_moments_changed)
        self.ctx.events.sig_vocabulary_changed.disconnect(self._on_vocabulary_changed)

    def showing_welcome(self) -> bool:
        return self.pages.currentWidget() is self.welcome

    # -- saving --------------------------------------------------------------------------------
    def save(self) -> bool:
        """Record what the form holds; on any problem keep every typed word and say why."""
        self.problem.show_error(None)
        try:
            draft = self.form.draft()
            adds_vocabulary = self.form.new_vocabulary()
            moment = self.ctx.journal.moments.record(draft)
        except ValidationFailed as exc:
            self.banner.hide()
            self.form.show_errors(exc)
            unplaced = self.form.unplaced_errors(exc)
            if unplaced:
                self.problem.show_error(" ".join(unplaced))
            return False
        except JournalError as exc:
            self.banner.hide()
            self.problem.show_error(str(exc))
            return False
        self.form.clear()
        self.form.reload_vocabulary()
        self.form.focus_first()
        self._last_command = LogMomentCommand(
            self.ctx.journal.moments, moment, self._announce, self._complain
        )
        self.ctx.undo_stack.push(self._last_command)
        self.banner.show_text(saved_phrase(moment), undo=True)
        self.ctx.moments_changed()
        if adds_vocabulary:
            self.ctx.events.sig_vocabulary_changed.emit()
        self._after_saved(moment)
        return True

    def _after_saved(self, moment: Moment) -> None:
        """Offer to tick practice steps this moment may count towards."""
        self.step_suggestion.show_for(moment)

    def undo_last(self) -> None:
        stack = self.ctx.undo_stack
        if self._last_command is not None and stack.command(stack.index() - 1) is (
            self._last_command
        ):
            stack.undo()

    def _announce(self, text: str) -> None:
        self.problem.show_error(None)
        self.banner.show_text(text, undo=False)
        self.ctx.moments_changed()

    def _complain(self, text: str) -> None:
        self.banner.hide()
        self.problem.show_error(text)

    def _on_clear_clicked(self) -> None:
        self.problem.show_error(None)
        self.form.clear()
        self.form.focus_first()

    # -- following the journal -----------------------------------------------------------------
    def _on_moments_changed(self) -> None:
        self._refresh_today()
        if self.showing_welcome() and self.ctx.journal.moments.any():
            self.pages.setCurrentWidget(self.page_scroll)

    def _on_vocabulary_changed(self) -> None:
        self.form.reload_vocabulary()

    def _on_undo_index_changed(self, _index: int) -> None:
        stack = self.ctx.undo_stack
        on_top = self._last_command is not None and (
            stack.command(stack.index() - 1) is self._last_command
        )
        if not on_top:
            self.banner.undo_button.hide()

    def _refresh_today(self) -> None:
        try:
            moments = self.ctx.journal.moments.on_day()
        except JournalError as exc:
            self.problem.show_error(str(exc))
            return
        self.today.set_moments(moments)
        n = len(moments)
        self.today_count.setText("" if n == 0 else f"· {n} moment{'s' if n != 1 else ''}")

    def _switch_journal(self, *, demo: bool) -> None:
        signal = getattr(self.window(), "sig_switch_journal", None)
        if signal is not None:
            signal.emit(demo)
