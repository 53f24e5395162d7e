"""Export report (Ctrl+Shift+E): a PDF of a range of days, e.g. to take to a therapist.

Notes and "what I wish I had done" are left out unless the person ticks the box, and names can
be replaced by initials. The report is gathered and drawn off the GUI thread; the file is
written atomically, so a cancelled or failed report leaves no file behind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
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
from wallwatch.domain.patterns import DateRange
from wallwatch.domain.query import MomentFilter
from wallwatch.private_files import PrivateFileError
from wallwatch.ui.context import AreaContext
from wallwatch.ui.file_job_dialog import FileJobDialog

if TYPE_CHECKING:
    from wallwatch.services import Journal

log = logging.getLogger(__name__)

FOLDER_KEY = "report/folder"
# (key, label) of the ranges offered, in menu order; the first is the default.
RANGES = (
    ("last8weeks", "The last 8 weeks"),
    ("last4weeks", "The last 4 weeks"),
    ("last12weeks", "The last 12 weeks"),
    ("year", "This year so far"),
    ("custom", "Between two dates"),
)
NOTES_LABEL = "Include &notes and “what I wish I had done”"
INITIALS_LABEL = "Replace names with &initials"


def report_span(
    kind: str, today: date, since: date | None = None, until: date | None = None
) -> DateRange | None:
    """The days a range choice covers (both ends included); None when the dates are reversed."""
    weeks = {"last4weeks": 4, "last8weeks": 8, "last12weeks": 12}
    if kind in weeks:
        return DateRange.weeks_ending(today, weeks[kind])
    if kind == "year":
        return DateRange(date(today.year, 1, 1), today)
    if since is None or until is None or since > until:
        return None
    return DateRange(since, until)


def default_report_name(folder: Path, today: date) -> Path:
    """``wallwatch-report-YYYY-MM-DD.pdf``, numbered so an earlier report is not replaced."""
    stem = f"wallwatch-report-{today.isoformat()}"
    candidate = folder / f"{stem}.pdf"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}.pdf"
        n += 1
    return candidate


def make_report(
    journal: Journal,
    span: DateRange,
    target: Path,
    *,
    include_notes: bool,
    initials: bool,
    progress: Callable[[int, int], None],
    should_cancel: Callable[[], bool],
) -> object:
    """Gather and write the report (runs on the worker thread; touches no widget)."""
    from wallwatch.charts.report import write_report
    from wallwatch.services.report_data import ReportOptions, gather_report

    options = ReportOptions(span, include_notes=include_notes, initials=initials)
    data = gather_report(journal, options)
    return write_report(data, target, progress=progress, should_cancel=should_cancel)


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class ReportDialog(FileJobDialog):
    folder_key = FOLDER_KEY
    cancel_report = FileJobDialog.cancel_job

    def __init__(self, ctx: AreaContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle("Export a report")
        self.today = now_local().date()
        self.result_pages = 0
        self._build()
        self.set_target(default_report_name(self._start_folder(), self.today))
        self._on_range_changed()

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.setSpacing(12)
        intro = QLabel(
            "Makes a PDF you can print or share, for example with a therapist: a summary, the "
            "weekly and Patterns charts, and your moments in a table. Only your user account "
            "can read the file; keep it somewhere private.",
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
        form.addRow("&Days:", self.range_combo)

        self.since_edit = self._date_edit(self.today - timedelta(days=55))
        self.until_edit = self._date_edit(self.today)
        dates = QHBoxLayout()
        dates.addWidget(self.since_edit, 1)
        dates.addWidget(QLabel("to", self))
        dates.addWidget(self.until_edit, 1)
        self.dates_label = QLabel("&From:", self)
        self.dates_label.setBuddy(self.since_edit)
        form.addRow(self.dates_label, dates)

        self.notes_check = QCheckBox(NOTES_LABEL, self)
        self.notes_check.setToolTip("Left out unless ticked: they are often the most private part.")
        self.initials_check = QCheckBox(INITIALS_LABEL, self)
        self.initials_check.setToolTip("“Sam” becomes “S.”, in the tables, charts and notes.")
        form.addRow("", self.notes_check)
        form.addRow("", self.initials_check)

        self._add_destination(form)
        self.form = form
        layout.addLayout(form)

        self.save_button = self.action_button = QPushButton("&Save report", self)
        self.save_button.clicked.connect(self.start_report)
        self._add_footer(layout, self.save_button)
        self.setMinimumWidth(580)

    def _date_edit(self, value: date) -> QDateEdit:
        edit = QDateEdit(_qdate(value), self)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.dateChanged.connect(self._on_range_changed)
        return edit

    # -- choices -----------------------------------------------------------------------------
    def choose_target(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "Save the report as", str(self.target), "PDF files (*.pdf)"
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self.set_target(path)
        self._remember_folder(path)

    def current_span(self) -> DateRange | None:
        since = self.since_edit.date().toPython()
        until = self.until_edit.date().toPython()
        assert isinstance(since, date) and isinstance(until, date)
        return report_span(str(self.range_combo.currentData()), self.today, since, until)

    def _on_range_changed(self) -> None:
        self.form.setRowVisible(self.dates_label, self.range_combo.currentData() == "custom")
        self._fit_height()
        span = self.current_span()
        if span is None:
            self._say(self.count_label, "The first date is after the second one.", problem=True)
            self.save_button.setEnabled(False)
            return
        count = self.ctx.journal.moments.count(MomentFilter(since=span.first, until=span.last))
        days = f"{_day(span.first)} to {_day(span.last)}"
        if count == 0:
            text = f"No moments from {days}; the report will say so."
        else:
            noun = "moment" if count == 1 else "moments"
            text = f"{count:,} {noun} from {days}."
        self._say(self.count_label, text)
        self.save_button.setEnabled(self.token is None)

    # -- running -----------------------------------------------------------------------------
    def start_report(self) -> None:
        span = self.current_span()
        if span is None or self.token is not None:
            return
        self._start_job(
            "Making the report…",
            make_report,
            journal=self.ctx.journal,
            span=span,
            include_notes=self.notes_check.isChecked(),
            initials=self.initials_check.isChecked(),
        )

    def _choices(self) -> list[QWidget]:
        return [
            self.range_combo,
            self.since_edit,
            self.until_edit,
            self.notes_check,
            self.initials_check,
            self.choose_button,
        ]

    def _on_progress(self, done: int, total: int) -> None:
        if total <= 0:
            self.progress.setRange(0, 0)
            return
        self.progress.setRange(0, total)
        self.progress.setValue(min(done, total))
        self._status(f"Writing page {min(done + 1, total)} of {total}…")

    def _on_done(self, result: object) -> None:
        from wallwatch.charts.report import ReportResult

        self._job_ended()
        assert isinstance(result, ReportResult)
        self.result_path = result.path
        self.result_pages = result.pages
        pages = "1 page" if result.pages == 1 else f"{result.pages} pages"
        self._status(f"Saved the report ({pages}) to {result.path}.")
        self._finished(self.save_button, self._choices())

    def _on_error(self, exc: BaseException) -> None:
        from wallwatch.charts.report import ReportCancelled
        from wallwatch.services import JournalError

        self._job_ended()
        if isinstance(exc, ReportCancelled):
            self._status("The report was cancelled; no file was written.")
        elif isinstance(exc, PrivateFileError | JournalError):
            self._status(str(exc).rstrip(".") + ".", problem=True)
        else:
            log.error("report failed", exc_info=exc)
            self._status(
                f"The report was not saved because of an unexpected problem ({exc}).",
                problem=True,
            )
        self._on_range_changed()
        if self._close_when_done:
            self.done(QDialog.DialogCode.Rejected)
