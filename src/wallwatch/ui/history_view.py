"""History: every moment, newest first, to filter, search, edit and delete (all undoable).

The table reads pages lazily (see :mod:`wallwatch.ui.history_model`); the total is counted on
the worker thread so the first rows never wait for it. Changes go through the services inside
undo commands and are announced on ``ctx.events``; this view refreshes from those events only.
"""

from __future__ import annotations

import html
import uuid

from PySide6.QtCore import QModelIndex, QPoint, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from wallwatch.domain.model import Moment, TagKind
from wallwatch.ui.area import Area
from wallwatch.ui.context import AreaContext
from wallwatch.ui.history_filters import HistoryFilterBar
from wallwatch.ui.history_model import Column, HistoryModel
from wallwatch.ui.history_table import HistoryTable
from wallwatch.ui.undo_commands import DeleteMomentsCommand, EditMomentCommand, moments_phrase


class EmptyState(QWidget):
    """Shown instead of the table when there is nothing to list, saying why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        self.heading = QLabel(self)
        self.heading.setObjectName("emptyHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.heading.setFont(font)
        self.body = QLabel(self)
        self.body.setWordWrap(True)
        self.body.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.clear_button = QPushButton("Clear filters", self)
        for widget in (self.heading, self.body):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        layout.addSpacing(8)
        layout.addLayout(row)
        layout.addStretch(2)

    def show_state(self, filtered: bool) -> None:
        if filtered:
            self.heading.setText("No moments match these filters")
            self.body.setText("Try a wider time span, another person or fear, or fewer words.")
        else:
            self.heading.setText("No moments yet")
            self.body.setText(
                "Moments you record in Log appear here, newest first. Press Ctrl+N to record one."
            )
        self.clear_button.setVisible(filtered)


class HistoryView(Area):
    title = "History"

    def __init__(self, ctx: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._dirty = False
        self._count_generation = 0
        self._closed = False
        self.status_message = ""
        self._dialog: QWidget | None = None
        self.model = HistoryModel(ctx.journal.moments, parent=self)
        self._build()
        self._build_actions()
        self._connect()
        # Nothing is read until the area is first shown: start-up opens the Log area.
        self._dirty = True
        self._update_empty_state()

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 8)
        layout.setSpacing(10)
        self.filters = HistoryFilterBar(self)
        self.edit_button = QPushButton("Edit…", self)
        self.edit_button.setToolTip("Edit the selected moment (Enter)")
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setToolTip("Delete the selected moments (Delete); you can undo it")
        self.filters.top_row.addWidget(self.edit_button)
        self.filters.top_row.addWidget(self.delete_button)
        layout.addWidget(self.filters)

        self.table = HistoryTable(self.model, self.ctx.view_state, self)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        self.empty = EmptyState(self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)
        layout.addWidget(self.pages, 1)

        status = QHBoxLayout()
        status.setSpacing(12)
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName("Number of moments")
        self.status_label = QLabel(self)
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        status.addWidget(self.count_label)
        status.addStretch(1)
        status.addWidget(self.status_label)
        layout.addLayout(status)

    def _build_actions(self) -> None:
        self.act_edit = QAction("Edit…", self)
        self.act_edit.triggered.connect(self.edit_selected)
        self.act_delete = QAction("Delete", self)
        self.act_delete.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence(Qt.Key.Key_Backspace)]
        )
        # Only while the table has the keyboard: Delete in the search box edits the text.
        self.act_delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.act_delete.triggered.connect(self.delete_selected)
        self.table.addAction(self.act_delete)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)

    def _connect(self) -> None:
        self.filters.sig_changed.connect(self._on_filter_changed)
        self.empty.clear_button.clicked.connect(self.filters.clear)
        self.model.sig_reloaded.connect(self._update_empty_state)
        self.model.rowsInserted.connect(self._update_empty_state)
        self.model.sig_failed.connect(self._show_problem)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.table.activated.connect(self._on_activated)
        self.table.customContextMenuRequested.connect(self._on_context_menu)
        self.table.horizontalHeader().sectionClicked.connect(self._on_header_clicked)
        self.status_label.linkActivated.connect(self._on_status_link)
        self.ctx.events.sig_moments_changed.connect(self._on_moments_changed)
        self.ctx.events.sig_vocabulary_changed.connect(self._on_vocabulary_changed)
        self._update_actions()

    # -- Area --------------------------------------------------------------------------------
    def on_shown(self) -> None:
        if self._dirty:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()
        focused = self.focusWidget()
        if focused is None or not focused.isVisible():
            # The keyboard starts on the list (arrows, Enter, Delete), not in the search box.
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search(self) -> bool:
        self.filters.show()  # hidden while the journal is empty
        self.filters.focus_search()
        return True

    def shutdown(self) -> None:
        self._closed = True
        self.filters.stop()
        self.table.remember()

    # -- reading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the journal again, keeping the selection, current row and scroll position."""
        self._dirty = False
        selected = self.selected_ids()
        current = self.table.currentIndex()
        current_row = current.row() if current.isValid() else -1
        current_moment = self.model.moment_at(current_row)
        scroll = self.table.verticalScrollBar().value()
        # Read again only as far as the person can see or has selected, not all that was loaded.
        bottom = self.table.rowAt(self.table.viewport().height() - 1)
        if bottom < 0:
            bottom = self.model.rowCount() - 1
        selected_rows = self.selected_rows()
        needed = max(bottom, current_row, selected_rows[-1] if selected_rows else -1) + 1
        self.model.reload(at_least=needed)
        rows = sorted(r for r in map(self.model.row_of, selected) if r is not None)
        if not rows and selected and self.model.rowCount():
            # What was selected is gone (deleted): select what moved into its place.
            rows = [min(max(current_row, 0), self.model.rowCount() - 1)]
        focus_row = self.model.row_of(current_moment.id) if current_moment else None
        self._select_rows(rows, rows[0] if focus_row is None and rows else focus_row)
        self.table.verticalScrollBar().setValue(scroll)
        self._start_count()
        self._reload_choices()

    def _select_rows(self, rows: list[int], current: int | None) -> None:
        selection = self.table.selectionModel()
        with QSignalBlocker(selection):
            selection.clearSelection()
            if current is not None:
                selection.setCurrentIndex(
                    self.model.index(current, 0), selection.SelectionFlag.NoUpdate
                )
            for row in rows:
                selection.select(
                    self.model.index(row, 0),
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )
        self.table.viewport().update()
        self._update_actions()

    def _start_count(self) -> None:
        self._count_generation += 1
        generation = self._count_generation
        f = self.model.filter
        service = self.ctx.journal.moments

        def count() -> tuple[int, int]:
            matching = service.count(f)
            return matching, matching if f.is_empty() else service.count()

        self.ctx.tasks.run(
            count,
            on_done=lambda result: self._on_counted(generation, result),
            on_error=lambda exc: self._on_count_failed(generation, exc),
        )

    def _alive(self, generation: int | None = None) -> bool:
        if self._closed or not isValid(self):
            return False
        return generation is None or generation == self._count_generation

    def _on_counted(self, generation: int, result: tuple[int, int]) -> None:
        if not self._alive(generation):
            return
        matching, total = result
        if total == 0:
            text = ""
        elif self.model.filter.is_empty():
            text = moments_phrase(total)
        else:
            text = f"{matching:,} of {moments_phrase(total)}"
        self.count_label.setText(text)

    def _on_count_failed(self, generation: int, exc: BaseException) -> None:
        if self._alive(generation):
            self.count_label.setText("")
            self._show_problem(str(exc) or "The moments could not be counted.")

    def _reload_choices(self) -> None:
        journal = self.ctx.journal
        people = sorted((p.name for p in journal.people.all(include_hidden=True)), key=str.casefold)
        fears = sorted(
            (t.name for t in journal.tags.all(TagKind.FEAR, include_hidden=True)), key=str.casefold
        )
        self.filters.set_choices(people, fears)

    # -- selection ---------------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.table.selectionModel().selectedRows())

    def selected_ids(self) -> list[uuid.UUID]:
        return [m.id for m in self.model.moments(self.selected_rows())]

    def select_row(self, row: int) -> None:
        self._select_rows([row], row)

    # -- changing ----------------------------------------------------------------------------
    def delete_selected(self) -> int:
        """Delete the selected moments at once (undoable); returns how many were asked for."""
        ids = self.selected_ids()
        if ids:
            command = DeleteMomentsCommand(
                self.ctx.journal.moments, ids, self._announce, self._show_problem
            )
            self.ctx.undo_stack.push(command)
        return len(ids)

    def edit_selected(self) -> QWidget | None:
        index = self.table.currentIndex()
        rows = self.selected_rows()
        row = index.row() if index.isValid() and index.row() in rows else (rows[0] if rows else -1)
        moment = self.model.moment_at(row)
        return self.edit_moment(moment.id) if moment else None

    def edit_moment(self, moment_id: uuid.UUID) -> QWidget | None:
        """Open the edit dialog on a fresh copy of the moment; the save is undoable."""
        from wallwatch.services.errors import JournalError, NotFound
        from wallwatch.ui.edit_dialog import EditMomentDialog

        try:
            moment = self.ctx.journal.moments.get(moment_id)
        except NotFound:
            self._show_problem("That moment has been deleted.")
            self.refresh()
            return None
        except JournalError as exc:
            self._show_problem(str(exc))
            return None
        if self._dialog is not None and isValid(self._dialog):
            self._dialog.deleteLater()  # keep one closed dialog at most, not one per edit
        dialog = EditMomentDialog(self.ctx.journal, moment, self, self.ctx.view_state)
        self._dialog = dialog
        dialog.sig_saved.connect(self._on_edit_saved)
        dialog.open()
        return dialog

    def _on_edit_saved(self, before: Moment, after: Moment) -> None:
        command = EditMomentCommand(
            self.ctx.journal.moments,
            before.id,
            before.draft(),
            after.draft(),
            self._announce,
            self._show_problem,
        )
        self.ctx.undo_stack.push(command)

    def _announce(self, message: str) -> None:
        """After every change (from a command, also on undo/redo from the Edit menu)."""
        if self._alive():
            # The first redo runs inside push(), before the stack can undo it: go by the words.
            undone = message.startswith(("Restored", "Undid"))
            link = (
                ' — <a href="redo">Redo</a> (Ctrl+Shift+Z)'
                if undone
                else ' — <a href="undo">Undo</a> (Ctrl+Z)'
            )
            self._set_status(message, link)
        self.ctx.moments_changed()

    def _show_problem(self, sentence: str) -> None:
        if self._alive():
            self._set_status(sentence, "", problem=True)

    def _set_status(self, message: str, link: str, *, problem: bool = False) -> None:
        text = html.escape(message)
        self.status_label.setText(f"<b>{text}</b>" if problem else text + link)
        # The same line as plain text, for screen readers (and tests).
        self.status_message = message + (
            " — Undo (Ctrl+Z)" if "undo" in link else " — Redo (Ctrl+Shift+Z)" if link else ""
        )
        self.status_label.setAccessibleName(self.status_message)

    # -- slots -------------------------------------------------------------------------------
    def _on_filter_changed(self) -> None:
        self.model.set_filter(self.filters.current_filter())
        self.table.scrollToTop()
        self._start_count()

    def _on_moments_changed(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True  # refreshed when next shown

    def _on_vocabulary_changed(self) -> None:
        self._reload_choices()
        self._on_moments_changed()  # renamed people and tags show in the rows too

    def _on_activated(self, index: QModelIndex) -> None:
        moment = self.model.moment_at(index.row())
        if moment is not None:
            self.edit_moment(moment.id)

    def _on_header_clicked(self, section: int) -> None:
        if section == Column.WHEN:
            self.model.set_newest_first(not self.model.newest_first)
            self.table.scrollToTop()
        self.table.show_sort_order(newest_first=self.model.newest_first)

    def _on_status_link(self, link: str) -> None:
        if link == "undo":
            self.ctx.undo_stack.undo()
        elif link == "redo":
            self.ctx.undo_stack.redo()

    def _update_empty_state(self) -> None:
        empty = self.model.rowCount() == 0
        if empty:
            self.empty.show_state(not self.model.filter.is_empty())
            self.count_label.setText("")
        self.pages.setCurrentWidget(self.empty if empty else self.table)
        # Nothing recorded yet: there is nothing to filter either.
        self.filters.setVisible(not (empty and self.model.filter.is_empty()))
        self._update_actions()

    def _update_actions(self) -> None:
        n = len(self.table.selectionModel().selectedRows())
        self.act_delete.setEnabled(n > 0)
        self.act_delete.setText("Delete" if n <= 1 else f"Delete {n} moments")
        self.delete_button.setEnabled(n > 0)
        self.act_edit.setEnabled(n > 0)
        self.edit_button.setEnabled(n > 0)

    # -- context menu ------------------------------------------------------------------------
    def _on_context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid() and index.row() not in self.selected_rows():
            self.select_row(index.row())
        menu = self.context_menu(index)
        if menu is not None:
            menu.exec(self.table.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def context_menu(self, index: QModelIndex) -> QMenu | None:
        """The right-click menu for a row: edit, delete, and narrowing to its person or day."""
        moment = self.model.moment_at(index.row()) if index.isValid() else None
        if moment is None:
            return None
        menu = QMenu(self)
        menu.addAction(self.act_edit)
        menu.addAction(self.act_delete)
        menu.addSeparator()
        if moment.person:
            person = moment.person
            menu.addAction(f"Only moments with {person}", lambda: self.filters.set_person(person))
        day = moment.occurred_at.date()
        menu.addAction(
            f"Only {day.strftime('%a')} {day.day} {day.strftime('%B %Y')}",
            lambda: self.filters.set_custom_range(day, day),
        )
        if moment.note.strip():
            note = moment.note
            menu.addAction("Copy note", lambda: self._copy(note))
        return menu

    @staticmethod
    def _copy(text: str) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(text)
