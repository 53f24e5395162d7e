"""What every area of the window is handed: the journal, the change events, undo, and a worker.

Areas never call each other; they announce changes on :class:`JournalEvents` and refresh when
others do (the way Anki's screens follow "changes happened" events).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QUndoStack

from wallwatch.ui.worker import TaskRunner

if TYPE_CHECKING:  # services import SQLAlchemy: keep them off the window's start-up path
    from wallwatch.services import Journal


class JournalEvents(QObject):
    """Broadcasts that something in the journal changed, so every view can refresh itself."""

    sig_moments_changed = Signal()
    sig_vocabulary_changed = Signal()
    sig_settings_changed = Signal()


@dataclass
class AreaContext:
    journal: Journal
    is_demo: bool
    events: JournalEvents
    undo_stack: QUndoStack
    tasks: TaskRunner
    view_state: QSettings

    def moments_changed(self) -> None:
        self.events.sig_moments_changed.emit()
