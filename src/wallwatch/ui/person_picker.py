"""Who the moment was with: type-ahead over known people; a new name is simply typed.

The journal creates a new person when the moment is saved; the picker only says so.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import QCompleter, QLabel, QLineEdit, QVBoxLayout, QWidget


class PersonPicker(QWidget):
    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._names: dict[str, str] = {}  # casefolded -> as the journal spells it
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Who was it with? (optional)")
        self.edit.setAccessibleName("Person")
        self.edit.setClearButtonEnabled(True)
        self.edit.installEventFilter(self)
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.setMaxVisibleItems(8)
        self.edit.setCompleter(self.completer)
        self.hint = QLabel(self)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        # Always there (often empty), so the form does not jump when it appears.
        self.hint.setFixedHeight(self.hint.fontMetrics().height())
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._on_text_changed)
        self.edit.editingFinished.connect(self._canonicalise)

    def set_people(self, names: Sequence[str]) -> None:
        """Offer ``names`` (most involved first) for completion."""
        self._names = {n.casefold(): n for n in names}
        self.model.setStringList(list(names))
        self._on_text_changed()

    def name(self) -> str | None:
        text = " ".join(self.edit.text().split())
        return text or None

    def set_name(self, name: str | None) -> None:
        self.edit.setText(name or "")

    def is_new(self) -> bool:
        name = self.name()
        return name is not None and name.casefold() not in self._names

    def clear(self) -> None:
        self.edit.clear()

    def _on_text_changed(self) -> None:
        name = self.name()
        # Only once no known name could still be meant: "Sa" may be on its way to "Sam".
        typing_known = name is not None and any(name.casefold() in n for n in self._names)
        new = self.is_new() and not typing_known
        self.hint.setText("New person — added when you save" if new else "")
        self.sig_changed.emit()

    def hint_text(self) -> str:
        return self.hint.text()

    def _canonicalise(self) -> None:
        # "sam" for a known "Sam" is the same person; show it as the journal spells it.
        name = self.name()
        if name is not None and name.casefold() in self._names:
            known = self._names[name.casefold()]
            if known != self.edit.text():
                self.edit.setText(known)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter moves on to the next field (the popup, when open, handles Enter itself).
        if (
            watched is self.edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers()
            in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        ):
            self._canonicalise()
            self.edit.focusNextChild()
            return True
        return False
