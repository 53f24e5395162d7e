"""A slim prompt under the Log form: "Did this count towards: <step>? [Tick it]".

Shown after an opening moment is saved when it matches an active step's person and fear. It
never ticks on its own: a match is only a guess, so the person decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from wallwatch.domain.model import Moment
from wallwatch.services.errors import JournalError, NotFound, ValidationFailed
from wallwatch.ui.context import AreaContext
from wallwatch.ui.history_model import shortened

if TYPE_CHECKING:  # the steps' module is large; the Log is built before it is needed
    from wallwatch.domain.steps import Step

MAX_SHOWN = 3  # more than a few questions at once would stop being slim
STEP_CHARS = 70


class StepSuggestion(QFrame):
    """One row per suggested step, each with its own "Tick it" button, and a way to dismiss."""

    def __init__(self, ctx: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.moment: Moment | None = None
        self.setObjectName("stepSuggestion")
        self.setAccessibleName("Practice step suggestion")
        self._col = QVBoxLayout(self)
        self._col.setContentsMargins(0, 4, 0, 0)
        self._col.setSpacing(4)
        self.rows: dict[int, tuple[QLabel, QPushButton]] = {}
        self.hide()

    def show_for(self, moment: Moment) -> bool:
        """Offer the steps this moment may count towards; hide when there are none."""
        self.clear()
        try:
            steps = self.ctx.journal.steps.suggestions_for(moment)[:MAX_SHOWN]
        except (JournalError, NotFound):
            steps = []  # a suggestion is a nicety; never block logging over it
        if not steps:
            return False
        self.moment = moment
        for step in steps:
            self._add_row(step)
        dismiss_row = QHBoxLayout()
        dismiss_row.addStretch(1)
        self.dismiss_button = QPushButton("Not this time", self)
        self.dismiss_button.setFlat(True)
        self.dismiss_button.clicked.connect(self.clear)
        dismiss_row.addWidget(self.dismiss_button)
        self._col.addLayout(dismiss_row)
        self.show()
        return True

    def _add_row(self, step: Step) -> None:
        row = QHBoxLayout()
        row.setSpacing(10)
        label = QLabel(f"Did this count towards: {shortened(step.text, STEP_CHARS)}?", self)
        label.setToolTip(step.text)
        label.setWordWrap(True)
        button = QPushButton("Tick it", self)
        button.setAccessibleName(f"Tick “{step.text}”")
        button.clicked.connect(lambda _c=False, s=step: self.tick(s))
        row.addWidget(label, 1)
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._col.addLayout(row)
        self.rows[step.id] = (label, button)

    def tick(self, step: Step) -> bool:
        label, button = self.rows[step.id]
        if self.moment is None:
            return False
        try:
            self.ctx.journal.steps.tick_with(step.id, self.moment)
            progress = next(
                (p for p in self.ctx.journal.steps.progress() if p.step.id == step.id), None
            )
        except (ValidationFailed, JournalError, NotFound) as exc:
            label.setText(f"Could not tick “{shortened(step.text, STEP_CHARS)}”: {exc}")
            return False
        done = f" — {progress.done} of {progress.target} this week" if progress else ""
        label.setText(f"Ticked: {shortened(step.text, STEP_CHARS)}{done}.")
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        button.hide()
        # Steps reads ticks together with the moments; this is its "journal changed" cue.
        self.ctx.moments_changed()
        return True

    def clear(self) -> None:
        """Remove every row (a new save or "Not this time")."""
        self.moment = None
        self.rows = {}
        self._clear_layout(self._col)
        self.hide()

    def _clear_layout(self, layout: QVBoxLayout | QHBoxLayout) -> None:
        while layout.count():
            item = layout.takeAt(0)
            if item is None:
                continue
            widget = item.widget()
            child = item.layout()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
            elif isinstance(child, QHBoxLayout | QVBoxLayout):
                self._clear_layout(child)
                child.deleteLater()
