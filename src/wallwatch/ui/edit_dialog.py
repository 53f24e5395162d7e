"""Editing one moment from History: the shared moment form in a dialog.

The dialog saves through ``journal.moments.edit`` itself, so a problem (a field that does not
validate, a full disk) keeps it open with the problem shown; only a save that worked is handed
to the caller (``sig_saved``), which records it as an undoable step.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QPalette, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from wallwatch.domain.model import Moment
from wallwatch.services.errors import JournalError, NotFound, ValidationFailed
from wallwatch.ui.moment_form import MomentForm

if TYPE_CHECKING:
    from wallwatch.services import Journal

GEOMETRY_KEY = "history/edit_dialog"


def _stamp(t: datetime) -> str:
    local = t.astimezone()
    return f"{local.day} {local.strftime('%b %Y')} at {local.strftime('%H:%M')}"


def _when_text(moment: Moment) -> str:
    """When it was written down (not when it happened: the form shows that)."""
    text = f"Recorded {_stamp(moment.recorded_at)}"
    if moment.edited_at != moment.recorded_at:
        text += f" · last edited {_stamp(moment.edited_at)}"
    return text


class EditMomentDialog(QDialog):
    """Ctrl+Enter saves, Esc cancels. Emits ``sig_saved(before, after)`` once saved."""

    sig_saved = Signal(object, object)  # the Moment before, the Moment after

    def __init__(
        self,
        journal: Journal,
        moment: Moment,
        parent: QWidget | None = None,
        view_state: QSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self.before = moment
        self.after: Moment | None = None
        self._view_state = view_state
        self.setWindowTitle("Edit moment")
        self.setModal(True)
        self.setWindowModality(Qt.WindowModality.WindowModal)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(10)
        self.form = MomentForm(journal, self)
        self.form.set_draft(moment.draft())
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.form)
        layout.addWidget(scroll, 1)

        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setObjectName("dialogProblem")
        self.problem.hide()
        layout.addWidget(self.problem)

        bottom = QHBoxLayout()
        self.meta = QLabel(_when_text(moment), self)
        self.meta.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        bottom.addWidget(self.meta, 1)
        self.buttons = QDialogButtonBox(self)
        self.save_button = QPushButton("Save", self)
        self.save_button.setDefault(True)
        self.save_button.setToolTip("Save the changes (Ctrl+Enter)")
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setToolTip("Close without saving (Esc)")
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        # The form has its own Ctrl+Enter; these cover the keyboard sitting on the buttons.
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(seq), self.buttons)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)
        self.form.sig_submit.connect(self.save)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self._restore_size()

    def sizeHint(self) -> QSize:
        return QSize(900, 640)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.form.focus_first()

    def save(self) -> bool:
        """Save the form; True when the dialog closed (saved, or nothing had changed)."""
        self.problem.hide()
        try:
            draft = self.form.draft()
        except ValidationFailed as exc:
            self._show_invalid(exc)
            return False
        if draft == self.before.draft():
            self.accept()
            return True
        try:
            self.after = self.journal.moments.edit(self.before.id, draft)
        except ValidationFailed as exc:
            self._show_invalid(exc)
            return False
        except NotFound:
            self._show_problem(
                "This moment was deleted while you were editing it, so it cannot be saved."
            )
            return False
        except JournalError as exc:
            self._show_problem(str(exc))
            return False
        self.accept()
        self.sig_saved.emit(self.before, self.after)
        return True

    def _show_invalid(self, exc: ValidationFailed) -> None:
        self.form.show_errors(exc)
        unplaced = self.form.unplaced_errors(exc)
        if unplaced:
            self._show_problem(" ".join(unplaced))

    def _show_problem(self, sentence: str) -> None:
        self.problem.setText(sentence)
        self.problem.show()

    def done(self, result: int) -> None:
        self._remember_size()
        self.form.stop_timers()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.form.stop_timers()
        super().closeEvent(event)

    # -- remembered size ---------------------------------------------------------------------
    def _restore_size(self) -> None:
        geometry = self._view_state.value(GEOMETRY_KEY) if self._view_state else None
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(self.sizeHint())

    def _remember_size(self) -> None:
        if self._view_state is not None:
            self._view_state.setValue(GEOMETRY_KEY, self.saveGeometry())
