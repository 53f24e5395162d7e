"""Settings: week start, theme, the pattern threshold, the daily reminder, the data folder,
its backups and its encryption.

Every value is a journal setting declared in ``wallwatch.domain.settings`` and saved the moment it
changes; other areas follow through ``sig_settings_changed``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTime, QUrl
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from wallwatch.domain.calendar import WEEKDAY_NAMES
from wallwatch.domain.settings import (
    CHECKIN_DAY,
    CHECKIN_ENABLED,
    MIN_SAMPLE,
    REMINDER_ENABLED,
    REMINDER_TIME,
    THEME,
    WEEK_START,
    SettingSpec,
)
from wallwatch.ui.about import app_icon
from wallwatch.ui.area import Area
from wallwatch.ui.context import AreaContext
from wallwatch.ui.reminder import DailyReminder, parse_time
from wallwatch.ui.theme import THEME_PROPERTY as THEME_PROPERTY  # re-exported
from wallwatch.ui.theme import follow_journal_theme, is_dark, use_theme

THEMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))
MIN_SAMPLE_RANGE = (1, 1000)  # the spec asks only for at least one
NO_TRAY_TEXT = "Daily reminders need a system tray, and this desktop does not offer one."


def _hint(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setObjectName("hint")
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.92)
    label.setFont(font)
    # The theme's muted colour; a role (not a fixed colour) follows live theme changes.
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


class SettingsView(Area):
    title = "Settings"

    def __init__(self, ctx: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.reminder = DailyReminder(app_icon(), self)
        self.reminder.sig_open_requested.connect(self._on_reminder_clicked)
        self._build()
        self._load()
        self._apply_stored_theme()
        if self.reminder_available:
            self._sync_reminder()

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        # The page scrolls, so every row stays reachable in a small window.
        shell = QVBoxLayout(self)
        shell.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget(self.scroll)
        self.scroll.setWidget(page)
        shell.addWidget(self.scroll)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(28, 22, 28, 22)
        heading = QLabel("Settings", self)
        heading.setObjectName("areaHeading")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        outer.addWidget(heading)
        outer.addSpacing(10)

        # A grid rather than a QFormLayout: hints sit under their field at their natural width.
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnMinimumWidth(0, 220)
        self.grid.setColumnStretch(2, 1)

        self.week_combo = QComboBox(self)
        self.week_combo.addItems(WEEKDAY_NAMES)
        self.week_combo.currentIndexChanged.connect(self._on_week_start_changed)
        self._row(WEEK_START.title, self.week_combo)

        self.theme_combo = QComboBox(self)
        for key, label in THEMES:
            self.theme_combo.addItem(label, key)
        self.theme_combo.currentIndexChanged.connect(self._on_theme_changed)
        self._row(THEME.title, self.theme_combo)

        self.min_sample_spin = QSpinBox(self)
        self.min_sample_spin.setRange(*MIN_SAMPLE_RANGE)
        self.min_sample_spin.setSuffix(" moments")
        self.min_sample_spin.valueChanged.connect(self._on_min_sample_changed)
        self._row(
            MIN_SAMPLE.title,
            self.min_sample_spin,
            _hint("WallWatch names a pattern only after seeing it this many times.", self),
        )

        self.reminder_check = QCheckBox("Remind me every day at", self)
        self.reminder_check.toggled.connect(self._on_reminder_toggled)
        self.reminder_time = QTimeEdit(self)
        self.reminder_time.setDisplayFormat("HH:mm")
        self.reminder_time.setAccessibleName(REMINDER_TIME.title)
        self.reminder_time.timeChanged.connect(self._on_reminder_time_changed)
        self.reminder_hint = _hint("A quiet notification asks if you want to reflect.", self)
        self.no_tray_label = QLabel(NO_TRAY_TEXT, self)
        self.reminder_available = DailyReminder.available()
        reminder_row = QHBoxLayout()
        reminder_row.setSpacing(8)
        reminder_row.addWidget(self.reminder_check)
        reminder_row.addWidget(self.reminder_time)
        reminder_row.addWidget(self.no_tray_label)
        reminder_row.addStretch(1)
        self._row(REMINDER_ENABLED.title, reminder_row, self.reminder_hint)
        for widget in (self.reminder_check, self.reminder_time, self.reminder_hint):
            widget.setVisible(self.reminder_available)
        self.no_tray_label.setVisible(not self.reminder_available)
        self._add_checkin_row()

        self.data_folder = self.ctx.journal.path.parent
        self.folder_label = QLabel(str(self.data_folder), self)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = QPushButton("Open folder", self)
        self.open_folder_button.clicked.connect(self.open_data_folder)
        folder_row = QHBoxLayout()
        folder_row.setSpacing(12)
        folder_row.addWidget(self.folder_label)
        folder_row.addWidget(self.open_folder_button)
        folder_row.addStretch(1)
        what = "the demo journal (sample data, not yours)" if self.ctx.is_demo else "your journal"
        self._row(
            "Your data",
            folder_row,
            _hint(f"This folder holds {what}; only your user account can read it.", self),
        )
        self._add_backups_row()
        self._add_encryption_row()
        outer.addLayout(self.grid)

        self.problem_label = QLabel(self)
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        outer.addSpacing(8)
        outer.addWidget(self.problem_label)
        outer.addStretch(1)

    def _add_checkin_row(self) -> None:
        self.checkin_check = QCheckBox("Ask me once a week, on", self)
        self.checkin_check.toggled.connect(self._on_checkin_toggled)
        self.checkin_day_combo = QComboBox(self)
        self.checkin_day_combo.addItems(WEEKDAY_NAMES)
        self.checkin_day_combo.setAccessibleName(CHECKIN_DAY.title)
        self.checkin_day_combo.currentIndexChanged.connect(self._on_checkin_day_changed)
        checkin_row = QHBoxLayout()
        checkin_row.setSpacing(8)
        checkin_row.addWidget(self.checkin_check)
        checkin_row.addWidget(self.checkin_day_combo)
        checkin_row.addStretch(1)
        self._row(
            CHECKIN_ENABLED.title,
            checkin_row,
            _hint(
                "Three short questions about loneliness and one line about what you want more "
                "of. A week you skip stays empty.",
                self,
            ),
        )

    def _add_backups_row(self) -> None:
        from wallwatch.ui.backups_panel import BackupsPanel

        row = self.grid.rowCount() + 1
        self.grid.setRowMinimumHeight(row - 1, 14)
        label = QLabel("Backups:", self)
        self.grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.backups_panel = BackupsPanel(self.ctx, self)
        self.grid.addWidget(self.backups_panel, row, 1, 1, 2)

    def _add_encryption_row(self) -> None:
        from wallwatch.ui.encryption_panel import EncryptionPanel

        row = self.grid.rowCount() + 1
        self.grid.setRowMinimumHeight(row - 1, 14)
        label = QLabel("Encryption:", self)
        self.grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.encryption_panel = EncryptionPanel(self.ctx, self)
        self.grid.addWidget(self.encryption_panel, row, 1, 1, 2)

    def _row(self, title: str, field: QWidget | QLayout, hint: QLabel | None = None) -> None:
        row = self.grid.rowCount()
        if row > 1:
            self.grid.setRowMinimumHeight(row, 14)  # air between settings
            row += 1
        label = QLabel(f"{title}:", self)
        label.setWordWrap(True)
        top_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        self.grid.addWidget(label, row, 0, top_left)
        if isinstance(field, QWidget):
            label.setBuddy(field)
            self.grid.addWidget(field, row, 1, Qt.AlignmentFlag.AlignLeft)
        else:
            self.grid.addLayout(field, row, 1, 1, 2)
        if hint is not None:
            self.grid.addWidget(hint, row + 1, 1, 1, 2)

    # -- values ------------------------------------------------------------------------------
    def _load(self) -> None:
        """Show the stored values without re-saving them."""
        values = self.ctx.journal.settings
        widgets = (
            self.week_combo,
            self.theme_combo,
            self.min_sample_spin,
            self.reminder_check,
            self.reminder_time,
            self.checkin_check,
            self.checkin_day_combo,
        )
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.week_combo.setCurrentIndex(int(values.get(WEEK_START)))
            self.theme_combo.setCurrentIndex(max(0, self.theme_combo.findData(values.get(THEME))))
            self.min_sample_spin.setValue(int(values.get(MIN_SAMPLE)))
            self.reminder_check.setChecked(bool(values.get(REMINDER_ENABLED)))
            self.reminder_time.setTime(self._stored_time())
            self.checkin_check.setChecked(bool(values.get(CHECKIN_ENABLED)))
            self.checkin_day_combo.setCurrentIndex(int(values.get(CHECKIN_DAY)))
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.reminder_time.setEnabled(self.reminder_check.isChecked())
        self.checkin_day_combo.setEnabled(self.checkin_check.isChecked())

    def _stored_time(self) -> QTime:
        try:
            t = parse_time(str(self.ctx.journal.settings.get(REMINDER_TIME)))
        except ValueError:
            t = parse_time(REMINDER_TIME.default)
        return QTime(t.hour, t.minute)

    def _save(self, spec: SettingSpec[Any], value: Any) -> bool:
        from wallwatch.services import JournalError, ValidationFailed

        try:
            self.ctx.journal.settings.set(spec, value)
        except (JournalError, ValidationFailed) as exc:
            self.problem_label.setText(f"WallWatch could not save “{spec.title}”: {exc}")
            colour = "#ff9d8f" if is_dark(self.palette()) else "#a3261b"
            self.problem_label.setStyleSheet(f"color: {colour};")
            self.problem_label.show()
            return False
        self.problem_label.hide()
        return True

    def on_shown(self) -> None:
        self._load()
        self.encryption_panel.refresh_state()

    def shutdown(self) -> None:
        self.reminder.stop()

    # -- reactions ---------------------------------------------------------------------------
    def _on_week_start_changed(self, index: int) -> None:
        if self._save(WEEK_START, index):
            self.ctx.events.sig_settings_changed.emit()

    def _on_theme_changed(self, _index: int) -> None:
        mode = str(self.theme_combo.currentData())
        if self._save(THEME, mode):
            self._apply_theme(mode)
            self.ctx.events.sig_settings_changed.emit()

    def _on_min_sample_changed(self, value: int) -> None:
        if self._save(MIN_SAMPLE, value):
            self.ctx.events.sig_settings_changed.emit()

    def _on_reminder_toggled(self, checked: bool) -> None:
        self.reminder_time.setEnabled(checked)
        if self._save(REMINDER_ENABLED, checked):
            self._sync_reminder()

    def _on_reminder_time_changed(self, value: QTime) -> None:
        if self._save(REMINDER_TIME, value.toString("HH:mm")):
            self._sync_reminder()

    def _on_checkin_toggled(self, checked: bool) -> None:
        self.checkin_day_combo.setEnabled(checked)
        if self._save(CHECKIN_ENABLED, checked):
            self.ctx.events.sig_settings_changed.emit()

    def _on_checkin_day_changed(self, index: int) -> None:
        if self._save(CHECKIN_DAY, index):
            self.ctx.events.sig_settings_changed.emit()

    def _sync_reminder(self) -> None:
        enabled = bool(self.ctx.journal.settings.get(REMINDER_ENABLED))
        if enabled and self.reminder_available:
            self.reminder.start(self.reminder_time.time().toString("HH:mm"))
        else:
            self.reminder.stop()

    def _on_reminder_clicked(self) -> None:
        window = self.window()
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
        show_area = getattr(window, "show_area", None)
        if callable(show_area):
            show_area("log")

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_folder)))

    # -- theme -------------------------------------------------------------------------------
    def _apply_theme(self, mode: str) -> None:
        use_theme(mode)

    def _apply_stored_theme(self) -> None:
        """The journal's theme (the window applies it when a journal opens; this covers a view
        built over a journal whose theme is not the one shown)."""
        if follow_journal_theme(str(self.ctx.journal.settings.get(THEME))):
            self.ctx.events.sig_settings_changed.emit()
