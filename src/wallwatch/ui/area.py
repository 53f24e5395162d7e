"""The shape every area of the main window shares (Log, History, Weekly, Settings…)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from wallwatch.ui.context import AreaContext


class Area(QWidget):
    """One page of the main window. Built once a journal is open; refreshes on journal events."""

    title = ""

    def __init__(self, ctx: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def on_shown(self) -> None:
        """Called each time the person navigates to this area."""

    def begin_new_moment(self) -> bool:
        """Start a fresh entry with the keyboard ready (Log only); False elsewhere."""
        return False

    def focus_search(self) -> bool:
        """Put the keyboard in this area's search box; False when it has none."""
        return False

    def shutdown(self) -> None:
        """Stop timers and release resources before the journal closes."""
