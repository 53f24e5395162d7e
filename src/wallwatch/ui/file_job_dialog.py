"""What the CSV export and the PDF report dialogs share: a destination, a background job with
progress and Cancel, a result line with "Open folder", and closing that cancels safely.

Subclasses build their own choices, name them (``_choices``, ``action_button``) and say which
job to run (``_start_job``) and what its result means; this class owns everything else.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wallwatch.ui.context import AreaContext
from wallwatch.ui.theme import is_dark
from wallwatch.ui.worker import CancelToken


class FileJobDialog(QDialog):
    folder_key = ""  # QSettings key remembering the last folder used

    def __init__(self, ctx: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ctx = ctx
        self.token: CancelToken | None = None
        self.result_path: Path | None = None
        self._close_when_done = False

    # -- layout ------------------------------------------------------------------------------
    def _add_destination(self, form: QFormLayout) -> None:
        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        self.path_edit.setAccessibleName("Save to")
        self.choose_button = QPushButton("C&hoose…", self)
        self.choose_button.clicked.connect(self.choose_target)
        target_row = QHBoxLayout()
        target_row.addWidget(self.path_edit, 1)
        target_row.addWidget(self.choose_button)
        save_label = QLabel("Save &to:", self)
        save_label.setBuddy(self.choose_button)
        form.addRow(save_label, target_row)

    def _add_footer(self, layout: QVBoxLayout, action: QPushButton) -> None:
        """Count line, progress, status, and the Open folder / action / Cancel buttons."""
        self.count_label = QLabel(self)
        layout.addWidget(self.count_label)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress.hide()
        layout.addWidget(self.progress)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label.hide()
        layout.addWidget(self.status_label)
        layout.addStretch(1)

        buttons = QHBoxLayout()
        self.open_folder_button = QPushButton("Open &folder", self)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.open_folder_button.hide()
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        action.setDefault(True)
        self.close_button = QPushButton("Cancel", self)
        self.close_button.clicked.connect(self._on_close_button)
        buttons.addWidget(action)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

    def _start_folder(self) -> Path:
        remembered = str(self.ctx.view_state.value(self.folder_key, "") or "")
        if remembered and Path(remembered).is_dir():
            return Path(remembered)
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        if documents and Path(documents).is_dir():
            return Path(documents)
        return Path.home()

    # -- destination -------------------------------------------------------------------------
    @property
    def target(self) -> Path:
        return Path(self.path_edit.text())

    def set_target(self, path: Path) -> None:
        self.path_edit.setText(str(path))
        self.path_edit.setCursorPosition(0)

    def choose_target(self) -> None:
        raise NotImplementedError

    @staticmethod
    def _folder_problem(folder: Path) -> str | None:
        # Said before starting, in plainer words than a failed write can give.
        if not folder.exists():
            return f"The folder {folder} does not exist; choose another place to save."
        if not folder.is_dir():
            return f"{folder} is a file, not a folder; choose another place to save."
        return None

    def open_folder(self) -> None:
        if self.result_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_path.parent)))

    def _remember_folder(self, path: Path) -> None:
        self.ctx.view_state.setValue(self.folder_key, str(path.parent))

    # -- running and closing -----------------------------------------------------------------
    action_button: QPushButton  # Export / Save: set by the subclass

    def _choices(self) -> list[QWidget]:
        """The widgets that shape the job; disabled while it runs and once it is done."""
        raise NotImplementedError

    def _start_job(self, status: str, job: Callable[..., object], **kwargs: Any) -> None:
        """Check the destination, then run ``job(**kwargs, should_cancel=…)`` on the worker
        with progress; results come back to ``_on_done`` / ``_on_error``."""
        target = self.target
        problem = self._folder_problem(target.parent)
        if problem:
            self._status(problem, problem=True)
            return
        self._remember_folder(target)
        self.token = CancelToken()
        self._set_running(True)
        self._status(status)
        self.ctx.tasks.run(
            job,
            on_done=self._on_done,
            on_error=self._on_error,
            on_progress=self._on_progress,
            with_progress=True,
            target=target,
            should_cancel=self.token.is_cancelled,
            **kwargs,
        )

    def _set_running(self, running: bool) -> None:
        for widget in [*self._choices(), self.action_button]:
            widget.setEnabled(not running)
        self.close_button.setEnabled(True)
        self.close_button.setText("Cancel")
        self.progress.setVisible(running)
        if running:
            self.progress.setRange(0, 0)  # busy until the job reports how far it has come
            self.open_folder_button.hide()

    def _job_ended(self) -> None:
        self.token = None
        self._set_running(False)

    def _on_progress(self, done: int, total: int) -> None:
        raise NotImplementedError

    def _on_done(self, result: object) -> None:
        raise NotImplementedError

    def _on_error(self, exc: BaseException) -> None:
        raise NotImplementedError

    def cancel_job(self) -> None:
        if self.token is not None:
            self.token.cancel()
            self.close_button.setEnabled(False)
            self._status("Cancelling…")

    def _finished(self, action: QPushButton, choices: list[QWidget]) -> None:
        """Finished: the choices no longer apply, only the way out and the folder remain."""
        action.hide()
        self.count_label.hide()
        for widget in choices:
            widget.setEnabled(False)
        self.close_button.setText("Close")
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.open_folder_button.show()
        self._fit_height()
        if self._close_when_done:
            self.done(QDialog.DialogCode.Accepted)

    def _on_close_button(self) -> None:
        if self.token is not None:
            self.cancel_job()
        elif self.result_path is not None:
            self.accept()
        else:
            self.reject()

    def reject(self) -> None:
        # Closing mid-job cancels it and waits for the worker to stop touching the file.
        if self.token is not None:
            self._close_when_done = True
            self.cancel_job()
            return
        super().reject()

    def _fit_height(self) -> None:
        # Rows come and go (custom dates, progress, messages): no empty band is left behind.
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.resize(self.width(), self.sizeHint().height())

    # -- words -------------------------------------------------------------------------------
    def _status(self, text: str, *, problem: bool = False) -> None:
        self._say(self.status_label, text, problem=problem)
        self.status_label.show()
        self._fit_height()

    def _say(self, label: QLabel, text: str, *, problem: bool = False) -> None:
        label.setText(text)
        colour = ("#ff9d8f" if is_dark(self.palette()) else "#a3261b") if problem else ""
        label.setStyleSheet(f"color: {colour};" if colour else "")
        label.setProperty("problem", problem)
