"""Export to CSV (Ctrl+E): choose a range and a file; the writing runs off the GUI thread.

The export service writes atomically, so a cancelled or failed export leaves no partial file;
this dialog only has to say what happened in words.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wallwatch.domain.calendar import now_local
from wallwatch.domain.query import MomentFilter
from wallwatch.private_files import PrivateFileError
from wallwatch.ui.context import AreaContext
from wallwatch.ui.file_job_dialog import FileJobDialog

log = logging.getLogger(__name__)

FOLDER_KEY = "export/folder"
# (key, label) of the ranges offered, in menu order.
RANGES = (
    ("all", "All moments"),
    ("last4weeks", "The last 4 weeks"),
    ("year", "This year"),
    ("custom", "Between two dates"),
)


def range_filter(
    kind: str, today: date, since: date | None = None, until: date | None = None
) -> MomentFilter:
    """The moments a range choice covers; both ends inclusive."""
    if kind == "last4weeks":
        return MomentFilter(since=today - timedelta(days=27), until=today)
    if kind == "year":
        return MomentFilter(since=date(today.year, 1, 1), until=date(today.year, 12, 31))
    if kind == "custom":
        return MomentFilter(since=since, until=until)
    return MomentFilter()


def default_file_name(folder: Path, today: date) -> Path:
    """``wallwatch-YYYY-MM-DD.csv`` in ``folder``, numbered so an earlier export is not replaced."""
    stem = f"wallwatch-{today.isoformat()}"
    candidate = folder / f"{stem}.csv"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}.csv"
        n += 1
    return candidate


def _moments(n: int) -> str:
    return f"{n} moment" if n == 1 else f"{n:,} moments"


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class ExportDialog(FileJobDialog):
    folder_key = FOLDER_KEY
    cancel_export = FileJobDialog.cancel_job

    def __init__(self, ctx: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle("Export moments to CSV")
        self.today = now_local().date()
        self._build()
        self.set_target(default_file_name(self._start_folder(), self.today))
        self._on_range_changed()

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(12)
        intro = QLabel(
            "Saves your moments as a CSV file that spreadsheets can open. "
            "Only your user account can read it; keep it somewhere private.",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.range_combo = QComboBox(self)
        for key, label in RANGES:
            self.range_combo.addItem(label, key)
        self.range_combo.currentIndexChanged.connect(self._on_range_changed)
        form.addRow("&Moments:", self.range_combo)

        span = self.ctx.journal.moments.date_span()
        self.since_edit = self._date_edit(span[0] if span else self.today - timedelta(days=30))
        self.until_edit = self._date_edit(self.today)
        dates = QHBoxLayout()
        dates.addWidget(self.since_edit, 1)
        dates.addWidget(QLabel("to", self))
        dates.addWidget(self.until_edit, 1)
        self.dates_label = QLabel("&From:", self)
        self.dates_label.setBuddy(self.since_edit)
        form.addRow(self.dates_label, dates)
        self.form = form

        self._add_destination(form)
        layout.addLayout(form)

        self.export_button = self.action_button = QPushButton("&Export", self)
        self.export_button.clicked.connect(self.start_export)
        self._add_footer(layout, self.export_button)
        self.setMinimumWidth(560)

    def _date_edit(self, value: date) -> QDateEdit:
        edit = QDateEdit(_qdate(value), self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.dateChanged.connect(self._on_range_changed)
        return edit

    # -- choices -----------------------------------------------------------------------------
    def choose_target(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export moments to", str(self.target), "CSV files (*.csv);;All files (*)"
        )
        if not name:
            return
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".csv")
        self.set_target(path)
        self._remember_folder(path)

    def current_filter(self) -> MomentFilter | None:
        """The chosen range, or None when the custom dates are the wrong way round."""
        kind = str(self.range_combo.currentData())
        since = self.since_edit.date().toPython()
        until = self.until_edit.date().toPython()
        assert isinstance(since, date) and isinstance(until, date)
        if kind == "custom" and since > until:
            return None
        return range_filter(kind, self.today, since, until)

    def _on_range_changed(self) -> None:
        self.form.setRowVisible(self.dates_label, self.range_combo.currentData() == "custom")
        self._fit_height()
        f = self.current_filter()
        if f is None:
            self._say(self.count_label, "The first date is after the second one.", problem=True)
            self.export_button.setEnabled(False)
            return
        count = self.ctx.journal.moments.count(f)
        if count == 0:
            text = "No moments in this range; the file will hold only the column names."
        else:
            text = f"{_moments(count)} will be exported."
        self._say(self.count_label, text)
        self.export_button.setEnabled(self.token is None)

    # -- running -----------------------------------------------------------------------------
    def start_export(self) -> None:
        from wallwatch.services.transfer import export_csv

        f = self.current_filter()
        if f is None or self.token is not None:
            return
        self._start_job("Exporting…", export_csv, journal=self.ctx.journal, f=f)

    def _choices(self) -> list[QWidget]:
        return [self.range_combo, self.since_edit, self.until_edit, self.choose_button]

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def _on_done(self, result: object) -> None:
        from wallwatch.services.transfer import ExportResult

        self._job_ended()
        assert isinstance(result, ExportResult)
        self.result_path = result.path
        self._status(f"Exported {_moments(result.rows)} to {result.path}.")
        self._finished(self.export_button, self._choices())

    def _on_error(self, exc: BaseException) -> None:
        from wallwatch.services import JournalError
        from wallwatch.services.transfer import ExportCancelled, TransferError

        self._job_ended()
        if isinstance(exc, ExportCancelled):
            self._status("The export was cancelled; no file was written.")
        elif isinstance(exc, TransferError | PrivateFileError | JournalError):
            self._status(str(exc), problem=True)
        else:
            log.error("export failed", exc_info=exc)
            self._status(
                f"The export was not saved because of an unexpected problem ({exc}).",
                problem=True,
            )
        self._on_range_changed()
        if self._close_when_done:
            self.done(QDialog.DialogCode.Rejected)
