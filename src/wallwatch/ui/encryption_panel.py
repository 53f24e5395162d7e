"""Settings → Encryption: turn encryption at rest on with a passphrase, change it, turn it off,
and choose after how long an encrypted journal locks itself.

Re-writing the journal and its backups reads whole files, so it runs on the worker thread with a
busy indicator, and the window takes no input meanwhile (nothing may use the journal while its
file is replaced). The app's controller hears ``sig_settings_changed`` and starts or stops the
idle lock to match.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from wallwatch.domain.settings import LOCK_AFTER_MINUTES
from wallwatch.services import encryption
from wallwatch.ui.context import AreaContext
from wallwatch.ui.moment_form import ErrorLabel

if TYPE_CHECKING:
    from wallwatch.services.encryption import EncryptionResult

ENABLE, CHANGE, DISABLE = "enable", "change", "disable"
OFF_TEXT = (
    "Your journal is stored unencrypted, readable by anyone who can read your files. With a "
    "passphrase, WallWatch encrypts it and its backups, and asks for the passphrase each time "
    "it opens."
)
ON_TEXT = "Your journal and its backups are encrypted with your passphrase."
BACKUPS_TEXT = (
    "WallWatch re-writes your journal and every backup in its backups folder, and overwrites "
    "the unencrypted files as far as your system lets it. Copies made outside WallWatch "
    "(exports, reports, disk snapshots, cloud sync) are not changed."
)
DEMO_TEXT = "Encryption is for your own journal; the demo journal holds sample data."
ENABLE_INTRO = (
    "Choose a passphrase: several unrelated words are easy to remember and hard to guess. "
    "WallWatch asks for it each time it opens, and after a while without use."
)
ACKNOWLEDGE = "I understand that a forgotten passphrase cannot be recovered."


def _muted(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def _password_field(name: str, parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    field.setMinimumWidth(280)
    return field


class PassphraseDialog(QDialog):
    """Asks for what one change needs: the current passphrase, a new one twice, or both.
    Turning encryption on also asks the person to acknowledge that nobody can recover a lost
    passphrase."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setWindowTitle(
            {
                ENABLE: "Encrypt your journal",
                CHANGE: "Change your passphrase",
                DISABLE: "Turn encryption off",
            }[kind]
        )
        self.setModal(True)
        self.current: QLineEdit | None = None
        self.new: QLineEdit | None = None
        self.confirm: QLineEdit | None = None
        self.acknowledge: QCheckBox | None = None
        self.errors: dict[str, ErrorLabel] = {}
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.setContentsMargins(22, 18, 22, 16)
        if kind == ENABLE:
            intro = QLabel(ENABLE_INTRO, self)
            intro.setWordWrap(True)
            layout.addWidget(intro)
            layout.addSpacing(6)
        if kind in (CHANGE, DISABLE):
            self.current = self._field(layout, "Current passphrase", "current")
        if kind in (ENABLE, CHANGE):
            title = "New passphrase" if kind == CHANGE else "Passphrase"
            self.new = self._field(layout, title, "passphrase")
            self.strength = _muted(encryption.strength_of("").text, self)
            layout.insertWidget(layout.indexOf(self.errors["passphrase"]), self.strength)
            self.new.textChanged.connect(self._on_new_changed)
            self.confirm = self._field(layout, "The same passphrase again", "confirm")
            layout.addSpacing(8)
            warning = QLabel(encryption.LOST_PASSPHRASE_WARNING, self)
            warning.setWordWrap(True)
            bold = QFont(warning.font())
            bold.setBold(True)
            warning.setFont(bold)
            warning.setObjectName("lostPassphraseWarning")
            layout.addWidget(warning)
        if kind == ENABLE:
            layout.addWidget(_muted(BACKUPS_TEXT, self))
            self.acknowledge = QCheckBox(ACKNOWLEDGE, self)
            self.acknowledge.toggled.connect(self._update_ok)
            layout.addWidget(self.acknowledge)
        if kind == DISABLE:
            layout.addWidget(
                _muted(
                    "Your journal and its backups will be stored unencrypted again, readable "
                    "by anyone who can read your files.",
                    self,
                )
            )
        layout.addSpacing(8)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(
            {ENABLE: "Encrypt", CHANGE: "Change passphrase", DISABLE: "Turn encryption off"}[kind]
        )
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_ok()

    def _field(self, layout: QVBoxLayout, title: str, key: str) -> QLineEdit:
        caption = QLabel(f"{title}:", self)
        field = _password_field(title, self)
        caption.setBuddy(field)
        field.textChanged.connect(self._update_ok)
        error = ErrorLabel(self)
        self.errors[key] = error
        layout.addWidget(caption)
        layout.addWidget(field)
        layout.addWidget(error)
        return field

    def _on_new_changed(self, text: str) -> None:
        self.strength.setText(encryption.strength_of(text).text if text else "")

    def _update_ok(self) -> None:
        filled = all(f.text() for f in (self.current, self.new, self.confirm) if f is not None)
        acknowledged = self.acknowledge is None or self.acknowledge.isChecked()
        self.ok_button.setEnabled(filled and acknowledged)

    def _on_accept(self) -> None:
        from wallwatch.services import ValidationFailed

        for error in self.errors.values():
            error.show_error(None)
        if self.new is not None and self.confirm is not None:
            try:
                encryption.check_new_passphrase(self.new.text(), self.confirm.text())
            except ValidationFailed as exc:
                for problem in exc.errors:
                    self.errors[problem.field].show_error(problem.message)
                return
        self.accept()

    def values(self) -> tuple[str, str]:
        """(current passphrase, new passphrase); empty where this change does not need one."""
        return (
            self.current.text() if self.current is not None else "",
            self.new.text() if self.new is not None else "",
        )

    def done(self, result: int) -> None:
        super().done(result)
        for field in (self.current, self.new, self.confirm):
            if field is not None:
                field.clear()  # passphrases stay no longer than needed


class EncryptionPanel(QWidget):
    sig_busy_changed = Signal(bool)

    def __init__(self, ctx: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.busy = False
        self.dialog: PassphraseDialog | None = None
        self._build()
        self.refresh_state()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.state_label = QLabel(self)
        self.state_label.setWordWrap(True)
        layout.addWidget(self.state_label)

        row = QHBoxLayout()
        row.setSpacing(8)
        self.enable_button = QPushButton("Encrypt with a passphrase…", self)
        self.enable_button.clicked.connect(lambda: self.ask(ENABLE))
        self.change_button = QPushButton("Change passphrase…", self)
        self.change_button.clicked.connect(lambda: self.ask(CHANGE))
        self.disable_button = QPushButton("Turn encryption off…", self)
        self.disable_button.clicked.connect(lambda: self.ask(DISABLE))
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(120)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        for widget in (self.enable_button, self.change_button, self.disable_button):
            row.addWidget(widget)
        row.addSpacing(8)
        row.addWidget(self.progress)
        row.addWidget(self.status_label, 1)
        layout.addLayout(row)

        lock_row = QHBoxLayout()
        lock_row.setSpacing(6)
        self.lock_spin = QSpinBox(self)
        self.lock_spin.setRange(0, 720)
        self.lock_spin.setSpecialValueText("never")
        self.lock_spin.setAccessibleName(LOCK_AFTER_MINUTES.title)
        self.lock_spin.valueChanged.connect(self._on_lock_after_changed)
        self.lock_caption = QLabel("Lock after", self)
        self.lock_caption.setBuddy(self.lock_spin)
        self.lock_suffix = QLabel("minutes without use (and whenever WallWatch starts).", self)
        lock_row.addWidget(self.lock_caption)
        lock_row.addWidget(self.lock_spin)
        lock_row.addWidget(self.lock_suffix)
        lock_row.addStretch(1)
        layout.addLayout(lock_row)
        self.error_label = ErrorLabel(self)
        layout.addWidget(self.error_label)

    # -- state -------------------------------------------------------------------------------
    def refresh_state(self) -> None:
        usable = encryption.available() and not self.ctx.is_demo
        on = usable and self.ctx.journal.encryption.enabled
        if self.ctx.is_demo:
            text = DEMO_TEXT
        elif not encryption.available():
            text = encryption.UNAVAILABLE
        else:
            text = ON_TEXT if on else OFF_TEXT
        self.state_label.setText(text)
        self.enable_button.setVisible(usable and not on)
        self.change_button.setVisible(on)
        self.disable_button.setVisible(on)
        for widget in (self.lock_caption, self.lock_spin, self.lock_suffix):
            widget.setVisible(on)
        self.lock_spin.blockSignals(True)
        self.lock_spin.setValue(int(self.ctx.journal.settings.get(LOCK_AFTER_MINUTES)))
        self.lock_spin.blockSignals(False)
        for button in (self.enable_button, self.change_button, self.disable_button):
            button.setEnabled(not self.busy)

    def _on_lock_after_changed(self, value: int) -> None:
        from wallwatch.services import JournalError, ValidationFailed

        try:
            self.ctx.journal.settings.set(LOCK_AFTER_MINUTES, value)
        except (JournalError, ValidationFailed) as exc:
            title = LOCK_AFTER_MINUTES.title
            self.error_label.show_error(f"WallWatch could not save “{title}”: {exc}")
            return
        self.ctx.events.sig_settings_changed.emit()

    # -- changes -----------------------------------------------------------------------------
    def ask(self, kind: str) -> PassphraseDialog:
        """Open the dialog for ``kind``; its acceptance starts the change."""
        dialog = PassphraseDialog(kind, self)
        dialog.accepted.connect(lambda: self._start(kind, *dialog.values()))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _start(self, kind: str, current: str, new: str) -> None:
        service = self.ctx.journal.encryption
        work: dict[str, tuple[Callable[..., EncryptionResult], dict[str, Any], str]] = {
            ENABLE: (service.enable, {"passphrase": new}, "Encrypting…"),
            CHANGE: (service.change, {"old": current, "new": new}, "Changing the passphrase…"),
            DISABLE: (service.disable, {"passphrase": current}, "Turning encryption off…"),
        }
        func, kwargs, text = work[kind]
        self.error_label.show_error(None)
        self._set_busy(True, text)
        window = self.window()
        window.setEnabled(False)  # nothing may use the journal while it is re-written
        self.ctx.tasks.run(
            func,
            on_done=self._after(window, lambda result: self._on_done(kind, result)),
            on_error=self._after(window, self._on_failed),
            **kwargs,
        )

    def _after(self, window: QWidget, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        """Give the window back its input, then report (unless the panel went away meanwhile)."""

        def call(value: Any) -> None:
            if isValid(window):
                window.setEnabled(True)
            if isValid(self):
                callback(value)

        return call

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.busy = busy
        self.progress.setVisible(busy)
        self.status_label.setText(text)
        self.refresh_state()
        self.sig_busy_changed.emit(busy)

    def _on_done(self, kind: str, result: EncryptionResult) -> None:
        self._set_busy(False)
        noun = "backup" if result.backups_rewritten == 1 else "backups"
        done = {
            ENABLE: f"Encrypted your journal and {result.backups_rewritten} {noun}.",
            CHANGE: f"Changed the passphrase of your journal and {result.backups_rewritten} "
            f"{noun}.",
            DISABLE: f"Your journal and {result.backups_rewritten} {noun} are unencrypted now.",
        }[kind]
        self.status_label.setText(done)
        if result.skipped:
            names = ", ".join(p.name for p in result.skipped)
            self.error_label.show_error(
                f"Left as they were (damaged, or locked with another passphrase): {names}. "
                "Delete them in the backups folder if you no longer want them."
            )
        self.ctx.events.sig_settings_changed.emit()

    def _on_failed(self, exc: BaseException) -> None:
        from wallwatch.private_files import PrivateFileError
        from wallwatch.services import JournalError, ValidationFailed
        from wallwatch.services.errors import WrongPassphrase

        self._set_busy(False)
        if isinstance(exc, WrongPassphrase):
            text = "That passphrase does not open this journal; nothing was changed."
        elif isinstance(exc, JournalError | PrivateFileError | OSError | ValidationFailed):
            text = str(exc)
        else:
            text = f"Unexpected problem ({type(exc).__name__}); nothing was changed."
        self.error_label.show_error(text)
