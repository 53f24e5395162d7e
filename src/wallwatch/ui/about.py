"""Help and About (F1): what a moment is, the keyboard, where the data lives, what this is not."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from wallwatch import APP_NAME, __version__, paths

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"

MOMENT_TEXT = (
    "A moment is a time you noticed a wall between you and someone: you withdrew (went quiet, "
    "pushed them away, kept a feeling to yourself) or you opened up (shared a feeling, asked for "
    "support, let them closer). To log one with the keyboard, press Ctrl+N, choose Withdrew or "
    "Opened up, then move with Tab through the person, your fears, what you did and what your "
    "body felt; the ratings and notes after that are optional. Press Ctrl+Enter to save it."
)
DISCLAIMER = (
    "WallWatch is a self-reflection aid, not a diagnostic tool or a substitute for "
    "professional help."
)
# (keys, what they do); each key sequence is shown in the platform's own notation.
SHORTCUTS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("Ctrl+N",), "New moment"),
    (("Ctrl+Enter",), "Save the moment"),
    (("Ctrl+F",), "Search the history"),
    (("Ctrl+E",), "Export to CSV"),
    (("Ctrl+Z", "Ctrl+Shift+Z"), "Undo / redo"),
    (("Ctrl+1", "Ctrl+2", "Ctrl+3"), "Log / History / Weekly"),
    (("Ctrl+,",), "Settings"),
    (("F1",), "This help"),
)


def app_icon() -> QIcon:
    """The application's icon: the one the app set, or the shipped files when run bare."""
    icon = QApplication.windowIcon()
    if not icon.isNull():
        return icon
    icon = QIcon()
    for png in sorted(ICON_DIR.glob("wallwatch-*.png")):
        icon.addFile(str(png))
    return icon


def shortcut_text(keys: tuple[str, ...]) -> str:
    native = QKeySequence.SequenceFormat.NativeText
    return " / ".join(QKeySequence(k).toString(native) for k in keys)


def _data_folder(parent: QWidget | None) -> tuple[Path, bool]:
    """The open journal's folder (and whether it is the demo), else the configured default."""
    ctx = getattr(parent, "ctx", None)
    journal = getattr(ctx, "journal", None)
    if journal is not None:
        return Path(journal.path).parent, bool(getattr(ctx, "is_demo", False))
    return paths.resolve().root, False


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, data_folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"About {APP_NAME}")
        folder, is_demo = (data_folder, False) if data_folder else _data_folder(parent)
        self.data_folder = folder

        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addLayout(self._header())

        self.moment_label = self._paragraph(MOMENT_TEXT)
        layout.addWidget(self.moment_label)
        layout.addLayout(self._shortcuts())

        where = "The demo journal is kept in" if is_demo else "Your journal is kept in"
        self.data_label = self._paragraph(f"{where}:")
        self.path_label = QLabel(str(folder), self)
        self.path_label.setObjectName("dataPath")
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        data_box = QVBoxLayout()
        data_box.setSpacing(2)
        data_box.addWidget(self.data_label)
        data_box.addWidget(self.path_label)
        layout.addLayout(data_box)

        self.disclaimer_label = self._paragraph(DISCLAIMER)
        layout.addWidget(self.disclaimer_label)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(14)
        icon_label = QLabel(self)
        icon_label.setPixmap(app_icon().pixmap(64, 64))
        row.addWidget(icon_label, 0, Qt.AlignmentFlag.AlignTop)
        names = QVBoxLayout()
        names.setSpacing(2)
        self.name_label = QLabel(APP_NAME, self)
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.name_label.setFont(font)
        self.version_label = QLabel(f"Version {__version__}", self)
        names.addStretch(1)
        names.addWidget(self.name_label)
        names.addWidget(self.version_label)
        names.addStretch(1)
        row.addLayout(names, 1)
        return row

    def _paragraph(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def _shortcuts(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(4)
        self.shortcut_labels: list[tuple[QLabel, QLabel]] = []
        for row, (keys, action) in enumerate(SHORTCUTS):
            key_label = QLabel(shortcut_text(keys), self)
            font = key_label.font()
            font.setBold(True)
            key_label.setFont(font)
            what = QLabel(action, self)
            grid.addWidget(key_label, row, 0)
            grid.addWidget(what, row, 1)
            self.shortcut_labels.append((key_label, what))
        grid.setColumnStretch(1, 1)
        return grid
