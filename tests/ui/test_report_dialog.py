"""File → Export report…: the range, the privacy boxes, a background run with progress, cancel,
and the way out to the folder."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QCheckBox, QFileDialog
from pytestqt.qtbot import QtBot

from wallwatch.domain.calendar import now_local
from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.domain.patterns import DateRange
from wallwatch.services import Journal
from wallwatch.ui.context import AreaContext
from wallwatch.ui.main_window import MainWindow
from wallwatch.ui.report_dialog import (
    FOLDER_KEY,
    RANGES,
    ReportDialog,
    default_report_name,
    report_span,
)

NOTE = "Told Sam I felt left out today; my voice shook but I said it."


def _record(ctx: AreaContext, days_ago: int, person: str = "Sam", note: str = "") -> None:
    ctx.journal.moments.record(
        MomentDraft(
            occurred_at=now_local() - timedelta(days=days_ago),
            direction=Direction.OPENED,
            person=person,
            note=note,
        )
    )


def _dialog(ctx: AreaContext, qtbot: QtBot) -> ReportDialog:
    dialog = ReportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _choose_range(dialog: ReportDialog, key: str) -> None:
    dialog.range_combo.setCurrentIndex([k for k, _label in RANGES].index(key))


def _tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click the box itself, as a person does (the widget is wider than its box and words)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def _finish(dialog: ReportDialog, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: dialog.token is None, timeout=60_000)


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed; scripts/bootstrap.sh test adds it")
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    return " ".join(done.stdout.split())


# -- pure helpers -------------------------------------------------------------------------------
def test_range_choices_cover_the_named_days() -> None:
    today = date(2026, 3, 15)
    assert report_span("last8weeks", today) == DateRange(date(2026, 1, 19), today)
    assert report_span("last4weeks", today) == DateRange(date(2026, 2, 16), today)
    assert report_span("year", today) == DateRange(date(2026, 1, 1), today)
    custom = report_span("custom", today, date(2025, 5, 1), date(2025, 6, 1))
    assert custom == DateRange(date(2025, 5, 1), date(2025, 6, 1))
    assert report_span("custom", today, date(2025, 6, 2), date(2025, 6, 1)) is None


def test_default_name_never_replaces_an_earlier_report(tmp_path: Path) -> None:
    day = date(2026, 4, 2)
    first = default_report_name(tmp_path, day)
    assert first == tmp_path / "wallwatch-report-2026-04-02.pdf"
    first.write_bytes(b"%PDF- earlier")
    assert default_report_name(tmp_path, day) == tmp_path / "wallwatch-report-2026-04-02-2.pdf"


# -- choosing -----------------------------------------------------------------------------------
def test_opens_on_eight_weeks_with_notes_left_out_and_names_in_full(
    ctx: AreaContext, qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    ctx.view_state.setValue(FOLDER_KEY, str(folder))
    _record(ctx, 3)
    _record(ctx, 100)
    dialog = _dialog(ctx, qtbot)
    assert dialog.range_combo.currentData() == "last8weeks"
    assert not dialog.notes_check.isChecked() and not dialog.initials_check.isChecked()
    assert dialog.target == folder / f"wallwatch-report-{now_local().date().isoformat()}.pdf"
    assert dialog.count_label.text().startswith("1 moment from")
    assert not dialog.since_edit.isVisible()
    _choose_range(dialog, "year")
    assert dialog.count_label.text() != ""


def test_reversed_dates_block_saving(ctx: AreaContext, qtbot: QtBot) -> None:
    dialog = _dialog(ctx, qtbot)
    _choose_range(dialog, "custom")
    assert dialog.since_edit.isVisible()
    dialog.since_edit.setDate(dialog.until_edit.date().addDays(3))
    assert "after" in dialog.count_label.text()
    assert not dialog.save_button.isEnabled()
    dialog.since_edit.setDate(dialog.until_edit.date().addDays(-3))
    assert dialog.save_button.isEnabled()


def test_choosing_a_file_adds_pdf_and_remembers_the_folder(
    ctx: AreaContext, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen = tmp_path / "for-my-therapist"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(chosen), ""))
    )
    dialog = _dialog(ctx, qtbot)
    dialog.choose_button.click()
    assert dialog.target == tmp_path / "for-my-therapist.pdf"
    assert ctx.view_state.value(FOLDER_KEY) == str(tmp_path)


# -- making the report --------------------------------------------------------------------------
def test_saves_the_report_in_the_background_and_opens_its_folder(
    ctx: AreaContext, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for day in range(1, 15):
        _record(ctx, day, note=NOTE)
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    target = tmp_path / "report.pdf"
    dialog = _dialog(ctx, qtbot)
    dialog.set_target(target)
    _tick(qtbot, dialog.initials_check)
    assert dialog.initials_check.isChecked()
    dialog.save_button.click()
    assert dialog.progress.isVisible() and not dialog.save_button.isEnabled()
    assert not dialog.notes_check.isEnabled()
    _finish(dialog, qtbot)

    assert target.read_bytes().startswith(b"%PDF-")
    assert oct(target.stat().st_mode & 0o777) == oct(0o600)
    status = dialog.status_label.text()
    assert str(target) in status and f"({dialog.result_pages} pages)" in status
    assert dialog.progress.maximum() == dialog.result_pages > 1
    assert dialog.close_button.text() == "Close" and not dialog.save_button.isVisible()
    assert ctx.view_state.value(FOLDER_KEY) == str(tmp_path)
    text = _pdf_text(target)
    assert re.findall(r"\bSam\b", text) == [] and "S." in text
    assert NOTE not in text and "Note:" not in text

    dialog.open_folder_button.click()
    assert opened == [QUrl.fromLocalFile(str(tmp_path))]


def test_ticking_the_notes_box_puts_notes_in(
    ctx: AreaContext, qtbot: QtBot, tmp_path: Path
) -> None:
    _record(ctx, 2, note=NOTE)
    target = tmp_path / "with-notes.pdf"
    dialog = _dialog(ctx, qtbot)
    dialog.set_target(target)
    _tick(qtbot, dialog.notes_check)
    assert dialog.notes_check.isChecked()
    dialog.save_button.click()
    _finish(dialog, qtbot)
    assert NOTE in _pdf_text(target)


def test_a_missing_folder_is_named_before_starting(
    ctx: AreaContext, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = _dialog(ctx, qtbot)
    dialog.set_target(tmp_path / "gone" / "r.pdf")
    dialog.save_button.click()
    assert dialog.token is None
    assert "does not exist" in dialog.status_label.text()
    assert dialog.status_label.property("problem") is True
    assert not (tmp_path / "gone").exists()


def test_cancel_stops_the_report_and_keeps_the_old_file(
    ctx: AreaContext, qtbot: QtBot, tmp_path: Path
) -> None:
    _record(ctx, 1)
    target = tmp_path / "report.pdf"
    target.write_bytes(b"an older report")
    # Hold the single worker thread so Cancel lands before the report starts.
    release = threading.Event()
    ctx.tasks.run(lambda: release.wait(10), on_done=lambda _v: None, on_error=lambda _e: None)
    dialog = _dialog(ctx, qtbot)
    dialog.set_target(target)
    dialog.save_button.click()
    assert dialog.close_button.text() == "Cancel"
    dialog.close_button.click()
    release.set()
    _finish(dialog, qtbot)

    assert "cancelled" in dialog.status_label.text()
    assert target.read_bytes() == b"an older report"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".part"] == []
    assert dialog.save_button.isEnabled() and not dialog.progress.isVisible()


def test_closing_mid_report_cancels_then_closes(
    ctx: AreaContext, qtbot: QtBot, tmp_path: Path
) -> None:
    release = threading.Event()
    ctx.tasks.run(lambda: release.wait(10), on_done=lambda _v: None, on_error=lambda _e: None)
    target = tmp_path / "closed.pdf"
    dialog = ReportDialog(ctx)
    dialog.show()
    dialog.set_target(target)
    dialog.save_button.click()
    dialog.reject()
    assert dialog.isVisible(), "the dialog waits for the worker to stop"
    with qtbot.waitSignal(dialog.finished, timeout=30_000):
        release.set()
    assert not target.exists()


def test_ctrl_shift_e_opens_the_dialog_over_the_open_journal(
    qtbot: QtBot, ui_journal: Journal, view_state: QSettings
) -> None:
    window = MainWindow(view_state)
    qtbot.addWidget(window)
    window.show()
    window.attach(ui_journal, is_demo=False)
    assert window.act_report.text() == "Export &report…"
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(
        window,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialogs = window.findChildren(ReportDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    assert dialogs[0].ctx.journal is ui_journal
    dialogs[0].close()
    window.close()
