"""What every area of the window is handed: the journal, the change events, undo, and a worker.

Areas never call each other; they announce changes on :class:`JournalEvents` and refresh when
others do (the way Anki's screens follow "changes happened" events).
"""

from __future__ import annotations

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


class AreaContext:
    """Plain attributes (not a dataclass: this is imported before the first paint, and
    ``dataclasses`` costs a few ms to import). ``journal`` may be replaced once it opens."""

    def __init__(
        self,
        journal: Journal,
        is_demo: bool,
        events: JournalEvents,
        undo_stack: QUndoStack,
        tasks: TaskRunner,
        view_state: QSettings,
    ) -> None:
        self.journal = journal
        self.is_demo = is_demo
        self.events = events
        self.undo_stack = undo_stack
        self.tasks = tasks
        self.view_state = view_state

    def moments_changed(self) -> None:
        self.events.sig_moments_changed.emit()
