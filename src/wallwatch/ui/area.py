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
        self._dirty = False  # the journal changed while hidden: refresh when next shown

    def refresh(self) -> None:
        """Read the journal again and redraw (areas that show journal data)."""

    def refresh_when_shown(self) -> None:
        """After a journal change: refresh now if on screen, else when next shown."""
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def stored_choice(self, key: str, default: int, allowed: tuple[int, ...]) -> int:
        """An integer remembered in the view state, or ``default`` when missing or unknown."""
        try:
            value = int(str(self.ctx.view_state.value(key, default)))
        except ValueError:
            return default
        return value if value in allowed else default

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
