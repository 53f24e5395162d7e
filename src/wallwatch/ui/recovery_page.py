"""The page shown when a journal cannot be opened: what is wrong, in words, and what to do.

The file itself is never written to. "Start a new journal" and "Restore a backup" first move the
unreadable file aside under a new name in the same folder (a rename keeps every byte), so the
journal's usual place is free again and nothing is lost.
"""

from __future__ import annotations

import enum
import errno
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from wallwatch.services.errors import (
    JournalError,
    JournalFull,
    JournalNotOurs,
    JournalReadOnly,
    JournalTooNew,
)
from wallwatch.ui.moment_form import Card, ErrorLabel

if TYPE_CHECKING:
    from wallwatch.services.backups import BackupInfo

ASSURANCE = "WallWatch has not changed this file."
SQLITE_MAGIC = b"SQLite format 3\x00"


class ProblemKind(enum.Enum):
    DAMAGED = "damaged"
    FOREIGN = "foreign"
    TOO_NEW = "too-new"
    READ_ONLY = "read-only"
    FULL = "full"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class JournalProblem:
    kind: ProblemKind
    path: Path
    detail: str  # the error's own sentence, kept for the curious and for bug reports
    schema: str | None = None  # the newer schema, for TOO_NEW

    @property
    def file_exists(self) -> bool:
        return self.path.is_file()


def classify(exc: JournalError, path: Path) -> JournalProblem:
    """Sort an opening error into what a person needs to know about it."""
    detail = str(exc)
    if isinstance(exc, JournalTooNew):
        found = re.search(r"schema ([^;)\s]+)", detail)
        return JournalProblem(ProblemKind.TOO_NEW, path, detail, found.group(1) if found else None)
    if isinstance(exc, JournalFull):
        return JournalProblem(ProblemKind.FULL, path, detail)
    if isinstance(exc, JournalReadOnly):
        return JournalProblem(ProblemKind.READ_ONLY, path, detail)
    if isinstance(exc, JournalNotOurs):
        foreign = "another program" in detail or _holds_text(path)
        return JournalProblem(ProblemKind.FOREIGN if foreign else ProblemKind.DAMAGED, path, detail)
    return JournalProblem(ProblemKind.OTHER, path, detail)


def _holds_text(path: Path) -> bool:
    """True for a readable text file (notes, CSV…): some other program's, not a damaged one."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    if not head or head.startswith(SQLITE_MAGIC[:6]):
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(ch.isprintable() or ch in "\r\n\t" for ch in text)


def heading_for(problem: JournalProblem) -> str:
    kind = problem.kind
    if kind is ProblemKind.DAMAGED:
        return "This file is damaged or cut short"
    if kind is ProblemKind.FOREIGN:
        return "This is a file of another program, not a WallWatch journal"
    if kind is ProblemKind.TOO_NEW:
        schema = f" (schema {problem.schema})" if problem.schema else ""
        return f"This journal was written by a newer version of WallWatch{schema}; please update"
    if kind is ProblemKind.READ_ONLY:
        return "WallWatch cannot write to this folder"
    if kind is ProblemKind.FULL:
        return "The disk is full"
    return "WallWatch could not open your journal"


def explanation_for(problem: JournalProblem) -> str:
    kind = problem.kind
    if kind is ProblemKind.DAMAGED:
        return (
            "Parts of your journal file are missing or unreadable, so WallWatch cannot open it. "
            "This can happen after a crash, a full disk or a copy that was interrupted."
        )
    if kind is ProblemKind.FOREIGN:
        what = "plain text" if _holds_text(problem.path) else "another program's data"
        return (
            f"The file where WallWatch keeps your journal holds {what}. Perhaps a file was "
            "copied or renamed into the WallWatch folder by mistake."
        )
    if kind is ProblemKind.TOO_NEW:
        return (
            "Opening it with this older version could lose what the newer one added, so "
            "WallWatch has left it alone. Install the newer WallWatch to keep using this journal."
        )
    if kind is ProblemKind.READ_ONLY:
        return (
            "Your journal, or the folder that holds it, is read-only or belongs to another "
            "user. Check its permissions, or whether the disk is mounted read-only, then try "
            "again."
        )
    if kind is ProblemKind.FULL:
        return (
            "There is no room left on the disk that holds your journal. Free some space, "
            "then try again. Nothing you saved before is lost."
        )
    return problem.detail


def set_aside_path(path: Path, now: datetime) -> Path:
    """A free name beside ``path`` for keeping an unreadable file, e.g.
    ``wallwatch.set-aside-20240506-180012.sqlite3``."""
    stem = f"{path.stem}.set-aside-{now:%Y%m%d-%H%M%S}"
    candidate = path.with_name(f"{stem}{path.suffix}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{stem}-{n}{path.suffix}")
        n += 1
    return candidate


def set_aside(path: Path, target: Path) -> Path:
    """Rename ``path`` and its SQLite companions (``-wal``…) to ``target``; no byte changes.

    The companions travel with it because SQLite finds them by name: a damaged journal's
    write-ahead log may hold the very pages someone later wants to rescue.
    """
    if target.exists():
        raise FileExistsError(errno.EEXIST, "a file of that name already exists", str(target))
    os.rename(path, target)
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.rename(side, target.with_name(target.name + suffix))
    return target


def _label(text: str, parent: QWidget, *, muted: bool = False, selectable: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if muted:
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setCursor(Qt.CursorShape.IBeamCursor)
    return label


def _when(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y, %H:%M}"


class RecoveryPage(QWidget):
    """Heading, plain explanation, the file, an assurance, and what can be done about it."""

    sig_restore = Signal(Path)  # where the unreadable file is to be kept
    sig_start_new = Signal(Path)  # the same
    sig_retry = Signal()
    sig_open_folder = Signal(Path)
    sig_quit = Signal()

    def __init__(
        self,
        problem: JournalProblem,
        backup: BackupInfo | None = None,
        *,
        now: datetime | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryPage")
        self.problem = problem
        self.keep_as = set_aside_path(problem.path, now or datetime.now())
        self.restore_button: QPushButton | None = None
        self.new_button: QPushButton | None = None
        self.retry_button: QPushButton | None = None

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        holder = QWidget(scroll)
        holder.setObjectName("recoveryHolder")
        column = QVBoxLayout(holder)
        column.setContentsMargins(32, 28, 32, 28)
        column.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.card = Card(holder, margins=32)
        self.card.setMaximumWidth(660)
        self.card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        row.addWidget(self.card, 10)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(2)
        scroll.setWidget(holder)
        self._build_card(backup)

    def _build_card(self, backup: BackupInfo | None) -> None:
        body = QVBoxLayout(self.card)
        body.setSpacing(12)
        self.heading = _label(heading_for(self.problem), self.card)
        self.heading.setObjectName("recoveryHeading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAccessibleName(self.heading.text())
        body.addWidget(self.heading)
        self.explanation = _label(explanation_for(self.problem), self.card)
        body.addWidget(self.explanation)

        body.addSpacing(4)
        folder_problem = self.problem.kind is ProblemKind.READ_ONLY
        shown = self.problem.path.parent if folder_problem else self.problem.path
        body.addWidget(_label("Folder:" if folder_problem else "File:", self.card, muted=True))
        self.path_label = _label(str(shown), self.card, selectable=True)
        self.path_label.setAccessibleName("Folder" if folder_problem else "File")
        mono = self.path_label.font()
        mono.setFamilies(["monospace"])
        mono.setStyleHint(mono.StyleHint.Monospace)
        self.path_label.setFont(mono)
        body.addWidget(self.path_label)
        self.assurance = _label(ASSURANCE if self.problem.file_exists else "", self.card)
        self.assurance.setVisible(self.problem.file_exists)
        bold = self.assurance.font()
        bold.setBold(True)
        self.assurance.setFont(bold)
        body.addWidget(self.assurance)
        # For a folder or disk problem the exact place matters (it may be a parent folder).
        detailed = self.problem.kind in (ProblemKind.READ_ONLY, ProblemKind.FULL)
        self.details = _label(self.problem.detail, self.card, muted=True, selectable=True)
        self.details.setVisible(detailed)
        body.addWidget(self.details)
        self.failure = ErrorLabel(self.card)
        self.failure.setAccessibleName("Problem")
        body.addWidget(self.failure)
        body.addSpacing(8)

        kind = self.problem.kind
        if kind in (ProblemKind.DAMAGED, ProblemKind.FOREIGN):
            either = "Whichever you choose" if backup is not None else "If you start anew"
            self.keep_note = _label(
                f"{either}, this file is kept exactly as it is, under a new name in the same "
                "folder:",
                self.card,
            )
            body.addWidget(self.keep_note)
            self.keep_label = _label(self.keep_as.name, self.card, selectable=True)
            self.keep_label.setFont(self.path_label.font())
            body.addWidget(self.keep_label)
            body.addSpacing(4)
            if backup is not None:
                count = backup.moments or 0
                self.restore_button = self._action(
                    body,
                    f"Restore the newest good backup ({_when(backup.created.astimezone())}, "
                    f"{count} moment{'s' if count != 1 else ''})",
                    "The backup becomes your journal again.",
                    lambda: self.sig_restore.emit(self.keep_as),
                )
            self.new_button = self._action(
                body,
                "Start a new journal beside it",
                "A new, empty journal takes its place.",
                lambda: self.sig_start_new.emit(self.keep_as),
            )
        elif kind is not ProblemKind.TOO_NEW:
            self.retry_button = self._action(body, "Try again", None, self.sig_retry.emit)

        body.addSpacing(6)
        bottom = QHBoxLayout()
        self.folder_button = QPushButton("Open folder", self.card)
        self.folder_button.setToolTip(str(self.problem.path.parent))
        self.folder_button.clicked.connect(
            lambda: self.sig_open_folder.emit(self.problem.path.parent)
        )
        self.quit_button = QPushButton("Quit", self.card)
        self.quit_button.clicked.connect(self.sig_quit.emit)
        for button in (self.folder_button, self.quit_button):
            button.setMinimumSize(120, 32)
        bottom.addWidget(self.folder_button)
        bottom.addStretch(1)
        bottom.addWidget(self.quit_button)
        body.addLayout(bottom)
        first = self.restore_button or self.new_button or self.retry_button or self.folder_button
        first.setDefault(True)
        self.setFocusProxy(first)

    def _action(
        self, body: QVBoxLayout, text: str, note: str | None, slot: Callable[[], object]
    ) -> QPushButton:
        button = QPushButton(text, self.card)
        button.setMinimumHeight(36)
        # Fusion's buttons hug their text; give the words room to breathe.
        button.setMinimumWidth(button.sizeHint().width() + 32)
        button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        button.clicked.connect(slot)
        body.addWidget(button)
        if note:
            hint = _label(note, self.card, muted=True)
            hint.setContentsMargins(2, 0, 0, 8)
            body.addWidget(hint)
        return button

    def show_failure(self, text: str | None) -> None:
        """An action did not work (e.g. the folder turned read-only): say why, stay here."""
        self.failure.show_error(text)

    def action_texts(self) -> list[str]:
        buttons = (
            self.restore_button,
            self.new_button,
            self.retry_button,
            self.folder_button,
            self.quit_button,
        )
        return [b.text() for b in buttons if b is not None]
