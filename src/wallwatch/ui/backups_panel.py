"""Settings → Backups: the journal's backups with their dates and moment counts, "Back up now",
and "Restore…" after a confirmation.

Checking, copying and restoring read whole files, so they run on the worker thread with a busy
indicator. A restore needs the journal closed: the worker closes it first, and afterwards the
window is asked to open the journal again (``sig_switch_journal``), which rebuilds every area
over the restored file.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from wallwatch.domain.settings import BACKUP_KEEP_DAILY, BACKUP_KEEP_WEEKLY, SettingSpec
from wallwatch.ui.context import AreaContext
from wallwatch.ui.moment_form import ErrorLabel

if TYPE_CHECKING:
    from wallwatch.services import Journal
    from wallwatch.services.backups import BackupInfo, RestoreResult

COLUMNS = ("Made", "Why", "Moments", "Size", "Check")
INFO_ROLE = Qt.ItemDataRole.UserRole
STATUS_MS = 20_000  # how long the window's status bar shows what a restore did


def describe_when(moment: datetime) -> str:
    """A backup's time as a person reads it, in this machine's time zone."""
    local = moment.astimezone()
    # No-break spaces keep the date on one line when a dialog wraps the sentence around it.
    return f"{local:%a}\u00a0{local.day}\u00a0{local:%b}\u00a0{local:%Y}, {local:%H:%M}"


def describe_moments(n: int | None) -> str:
    if n is None:
        return "an unknown number of moments"
    return "1 moment" if n == 1 else f"{n:,} moments"


def _size(n: int) -> str:
    return f"{max(1, round(n / 1024)):,} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def _restore_job(journal: Journal, backup_file: Path) -> RestoreResult:
    """On the worker: let go of the file, then restore over it (no widget is touched here).
    An encrypted journal's passphrase reads the backup and encrypts the restored journal."""
    return journal.backups.restore(backup_file)


def confirm_restore(parent: QWidget, info: BackupInfo) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Restore this backup?")
    box.setText(
        f"Replace your journal with the backup made {describe_when(info.created)} "
        f"({describe_moments(info.moments)})?"
    )
    box.setInformativeText(
        "Your journal as it is now is backed up first, so you can go back to it by restoring "
        "that backup."
    )
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Yes).setText("Restore")
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


class BackupsPanel(QWidget):
    sig_restored = Signal(object)  # RestoreResult
    sig_busy_changed = Signal(bool)

    def __init__(self, ctx: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False
        self._note = ""
        self.backups: list[BackupInfo] = []
        self._build()
        self._load_limits()
        self.error_label.show_error(ctx.journal.backups.last_problem or None)

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)

        intro = QLabel(
            "WallWatch copies your journal once a day when it opens, and before every import "
            "and restore. Only your user account can read the copies.",
            self,
        )
        intro.setWordWrap(True)
        intro.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(intro)

        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Backups")
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setMinimumHeight(110)
        self.tree.setMaximumHeight(230)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(70)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self.restore_selected())
        layout.addWidget(self.tree)

        self.empty_label = QLabel("No backups yet.", self)
        self.empty_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.empty_label.hide()
        layout.addWidget(self.empty_label)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self.backup_button = QPushButton("Back up now", self)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton("Restore…", self)
        self.restore_button.clicked.connect(self.restore_selected)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # a busy indicator: how long a copy takes is not known
        self.progress.setMaximumWidth(120)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addSpacing(8)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.status_label, 1)
        layout.addLayout(buttons)

        keep = QHBoxLayout()
        keep.setSpacing(6)
        self.keep_daily_spin = self._limit_spin(BACKUP_KEEP_DAILY, 1, 366)
        self.keep_weekly_spin = self._limit_spin(BACKUP_KEEP_WEEKLY, 0, 520)
        keep.addWidget(QLabel("Keep the newest", self))
        keep.addWidget(self.keep_daily_spin)
        keep.addWidget(QLabel("daily and", self))
        keep.addWidget(self.keep_weekly_spin)
        keep.addWidget(QLabel("weekly backups.", self))
        keep.addStretch(1)
        layout.addLayout(keep)

        self.error_label = ErrorLabel(self)
        layout.addWidget(self.error_label)
        self._update_buttons()

    def _limit_spin(self, spec: SettingSpec[Any], low: int, high: int) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(low, high)
        spin.setAccessibleName(spec.title)
        spin.valueChanged.connect(lambda value, s=spec: self._save_limit(s, value))
        return spin

    def _load_limits(self) -> None:
        settings = self.ctx.journal.settings
        for spin, spec in (
            (self.keep_daily_spin, BACKUP_KEEP_DAILY),
            (self.keep_weekly_spin, BACKUP_KEEP_WEEKLY),
        ):
            spin.blockSignals(True)
            spin.setValue(int(settings.get(spec)))
            spin.blockSignals(False)

    def _save_limit(self, spec: SettingSpec[Any], value: int) -> None:
        from wallwatch.services import JournalError, ValidationFailed

        try:
            self.ctx.journal.settings.set(spec, value)
        except (JournalError, ValidationFailed) as exc:
            self.error_label.show_error(f"WallWatch could not save “{spec.title}”: {exc}")

    # -- state -------------------------------------------------------------------------------
    def selected(self) -> BackupInfo | None:
        items = self.tree.selectedItems()
        if not items:
            return None
        info: BackupInfo = items[0].data(0, INFO_ROLE)
        return info

    def _update_buttons(self) -> None:
        info = self.selected()
        self.backup_button.setEnabled(not self.busy)
        self.restore_button.setEnabled(not self.busy and info is not None and info.ok)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        if busy:
            self.status_label.setText(text)
        self._update_buttons()
        self.sig_busy_changed.emit(busy)

    def _show_list(self, backups: list[BackupInfo]) -> None:
        keep = self.selected()
        self.backups = backups
        self.tree.clear()
        for info in backups:
            moments = "—" if info.moments is None else f"{info.moments:,}"
            item = QTreeWidgetItem(
                [
                    describe_when(info.created),
                    info.title,
                    moments,
                    _size(info.size),
                    "OK" if info.ok else "Damaged",
                ]
            )
            item.setData(0, INFO_ROLE, info)
            for column in (2, 3):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
            tip = info.problem or str(info.path)
            for column in range(len(COLUMNS)):
                item.setToolTip(column, tip)
            if not info.ok:
                item.setForeground(4, self.palette().color(QPalette.ColorRole.PlaceholderText))
            self.tree.addTopLevelItem(item)
            if keep is not None and info.path == keep.path:
                item.setSelected(True)
        self.tree.setVisible(bool(backups))
        self.empty_label.setVisible(not backups)
        self._update_buttons()

    # -- actions -----------------------------------------------------------------------------
    def _alive(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        """Drop a result that arrives after the panel was deleted (the window switched journals
        while the work ran)."""

        def call(value: Any) -> None:
            if isValid(self):
                callback(value)

        return call

    def refresh(self) -> None:
        """Read and check the backups folder again (off the GUI thread)."""
        if self.busy:
            return
        self._set_busy(True, "Checking backups…")
        self.ctx.tasks.run(
            self.ctx.journal.backups.list,
            on_done=self._alive(self._on_listed),
            on_error=self._alive(self._on_failed),
        )

    def _on_listed(self, backups: list[BackupInfo]) -> None:
        self._set_busy(False)
        self.status_label.setText(self._note)  # what the last action did, if anything
        self._note = ""
        self._show_list(backups)

    def back_up_now(self) -> None:
        if self.busy:
            return
        from wallwatch.services.backups import MANUAL

        self.error_label.show_error(None)
        self._set_busy(True, "Backing up…")
        self.ctx.tasks.run(
            self.ctx.journal.backups.create,
            on_done=self._alive(self._on_backed_up),
            on_error=self._alive(self._on_failed),
            reason=MANUAL,
        )

    def _on_backed_up(self, info: BackupInfo) -> None:
        self._set_busy(False)
        self._note = f"Backed up {describe_moments(info.moments)}."
        self.refresh()

    def restore_selected(self) -> None:
        info = self.selected()
        if self.busy or info is None or not info.ok:
            return
        if not confirm_restore(self, info):
            return
        self.error_label.show_error(None)
        self._set_busy(True, "Restoring…")
        self.window().setEnabled(False)  # nothing may read the journal while it is replaced
        self.ctx.tasks.run(
            _restore_job,
            on_done=self._alive(self._on_restored),
            on_error=self._alive(self._on_restore_failed),
            journal=self.ctx.journal,
            backup_file=info.path,
        )

    def _on_restored(self, result: RestoreResult) -> None:
        window = self.window()
        window.setEnabled(True)
        self._set_busy(False)
        done = result.restored
        text = (
            f"Restored the backup made {describe_when(done.created)} "
            f"({describe_moments(done.moments)})."
        )
        if result.safety is not None:
            text += " Your journal as it was is kept as the newest backup."
        self.status_label.setText(text)
        self.sig_restored.emit(result)
        # Open the journal again over the restored file; this rebuilds the areas (and this panel).
        switch = getattr(window, "sig_switch_journal", None)
        if switch is not None:
            switch.emit(self.ctx.is_demo)
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, STATUS_MS)

    def _on_restore_failed(self, exc: BaseException) -> None:
        self.window().setEnabled(True)
        # The journal was only closed; its next use reconnects to the unchanged file.
        self._on_failed(exc)
        self.refresh()

    def _on_failed(self, exc: BaseException) -> None:
        from wallwatch.private_files import PrivateFileError
        from wallwatch.services import JournalError

        self._set_busy(False)
        self.status_label.setText("")
        if isinstance(exc, JournalError | PrivateFileError | OSError):
            self.error_label.show_error(str(exc))
        else:
            self.error_label.show_error(f"Unexpected problem ({type(exc).__name__}).")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()
