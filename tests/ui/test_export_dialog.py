"""The Export dialog: range, destination, a background export with progress, cancel and failures."""

from __future__ import annotations

import csv
import errno
import os
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from wallwatch.domain.calendar import now_local
from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.domain.query import MomentFilter
from wallwatch.services import Journal
from wallwatch.ui.context import AreaContext
from wallwatch.ui.export_dialog import (
    FOLDER_KEY,
    RANGES,
    ExportDialog,
    default_file_name,
    range_filter,
)
from wallwatch.ui.main_window import MainWindow


def _record(ctx: AreaContext, days_ago: int, person: str) -> str:
    when = now_local() - timedelta(days=days_ago)
    moment = ctx.journal.moments.record(
        MomentDraft(occurred_at=when, direction=Direction.WITHDREW, person=person)
    )
    return str(moment.id)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _dialog(ctx: AreaContext, qtbot: QtBot) -> ExportDialog:
    dialog = ExportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _choose_range(dialog: ExportDialog, key: str) -> None:
    dialog.range_combo.setCurrentIndex([k for k, _label in RANGES].index(key))


def _finish(dialog: ExportDialog, qtbot: QtBot) -> None:
    qtbot.waitUntil(
        lambda: dialog.token is None and dialog.status_label.isVisible(), timeout=10_000
    )


# -- pure helpers -------------------------------------------------------------------------------
def test_range_filters_cover_the_named_days() -> None:
    today = date(2026, 3, 15)
    assert range_filter("all", today) == MomentFilter()
    four = range_filter("last4weeks", today)
    assert (four.since, four.until) == (date(2026, 2, 16), today)
    assert (four.until - four.since).days + 1 == 28
    year = range_filter("year", today)
    assert (year.since, year.until) == (date(2026, 1, 1), date(2026, 12, 31))
    custom = range_filter("custom", today, date(2025, 5, 1), date(2025, 6, 1))
    assert (custom.since, custom.until) == (date(2025, 5, 1), date(2025, 6, 1))


def test_default_file_name_never_replaces_an_earlier_export(tmp_path: Path) -> None:
    day = date(2026, 4, 2)
    first = default_file_name(tmp_path, day)
    assert first == tmp_path / "wallwatch-2026-04-02.csv"
    first.write_text("earlier export")
    second = default_file_name(tmp_path, day)
    assert second == tmp_path / "wallwatch-2026-04-02-2.csv"


# -- choosing -----------------------------------------------------------------------------------
def test_default_target_is_dated_file_in_the_remembered_folder(
    ctx: AreaContext, qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    ctx.view_state.setValue(FOLDER_KEY, str(folder))
    dialog = _dialog(ctx, qtbot)
    assert dialog.target == folder / f"wallwatch-{now_local().date().isoformat()}.csv"


def test_count_follows_the_chosen_range(ctx: AreaContext, qtbot: QtBot) -> None:
    _record(ctx, 3, "Sam")
    _record(ctx, 400, "Alex")
    dialog = _dialog(ctx, qtbot)
    assert "2 moments" in dialog.count_label.text()
    _choose_range(dialog, "last4weeks")
    assert "1 moment will" in dialog.count_label.text()
    assert not dialog.since_edit.isVisible()


def test_custom_dates_the_wrong_way_round_block_export(ctx: AreaContext, qtbot: QtBot) -> None:
    dialog = _dialog(ctx, qtbot)
    _choose_range(dialog, "custom")
    assert dialog.since_edit.isVisible()
    dialog.since_edit.setDate(dialog.until_edit.date().addDays(5))
    assert "after" in dialog.count_label.text()
    assert not dialog.export_button.isEnabled()
    dialog.since_edit.setDate(dialog.until_edit.date().addDays(-5))
    assert dialog.export_button.isEnabled()


# -- exporting ----------------------------------------------------------------------------------
def test_exports_the_range_to_the_chosen_file_and_opens_its_folder(
    ctx: AreaContext, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recent = {_record(ctx, 2, "Sam"), _record(ctx, 20, "Robin")}
    _record(ctx, 90, "Alex")
    folder = tmp_path / "out"
    folder.mkdir()
    chosen = folder / "mine"  # no suffix typed: .csv is added
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(chosen), ""))
    )
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))

    dialog = _dialog(ctx, qtbot)
    _choose_range(dialog, "last4weeks")
    dialog.choose_button.click()
    assert dialog.target == folder / "mine.csv"
    dialog.export_button.click()
    _finish(dialog, qtbot)

    target = folder / "mine.csv"
    rows = _rows(target)
    assert {r["id"] for r in rows} == recent
    assert oct(target.stat().st_mode & 0o777) == oct(0o600)
    assert str(target) in dialog.status_label.text()
    assert "2 moments" in dialog.status_label.text()
    assert dialog.progress.maximum() == 2 and dialog.progress.value() == 2
    assert not dialog.export_button.isVisible()
    assert dialog.close_button.text() == "Close"
    assert ctx.view_state.value(FOLDER_KEY) == str(folder)

    dialog.open_folder_button.click()
    assert opened == [QUrl.fromLocalFile(str(folder))]


def test_missing_folder_is_named_and_nothing_is_written(
    ctx: AreaContext, qtbot: QtBot, tmp_path: Path
) -> None:
    _record(ctx, 1, "Sam")
    dialog = _dialog(ctx, qtbot)
    dialog.set_target(tmp_path / "gone" / "x.csv")
    dialog.export_button.click()
    assert "does not exist" in dialog.status_label.text()
    assert str(tmp_path / "gone") in dialog.status_label.text()
    assert dialog.status_label.property("problem") is True
    assert not (tmp_path / "gone").exists()
    assert dialog.export_button.isEnabled()


def test_a_file_in_place_of_the_folder_is_named(
    ctx: AreaContext, qtbot: QtBot, tmp_path: Path
) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder")
    dialog = _dialog(ctx, qtbot)
    dialog.set_target(blocker / "x.csv")
    dialog.export_button.click()
    assert "is a file, not a folder" in dialog.status_label.text()
    assert blocker.read_text() == "not a folder"


def test_full_disk_is_said_in_words_and_the_old_file_survives(
    ctx: AreaContext, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _record(ctx, 1, "Sam")
    target = tmp_path / "export.csv"
    target.write_text("an earlier export\n")

    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    dialog = _dialog(ctx, qtbot)
    dialog.set_target(target)
    dialog.export_button.click()
    _finish(dialog, qtbot)

    text = dialog.status_label.text()
    assert "disk is full" in text and "Traceback" not in text
    assert dialog.status_label.property("problem") is True
    assert target.read_text() == "an earlier export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == []
    assert dialog.export_button.isEnabled() and not dialog.open_folder_button.isVisible()


def test_cancel_stops_the_export_and_leaves_no_file(
    ctx: AreaContext, qtbot: QtBot, tmp_path: Path
) -> None:
    for day in range(5):
        _record(ctx, day, "Sam")
    # Hold the single worker thread so Cancel lands before the export reads its first row.
    release = threading.Event()
    ctx.tasks.run(lambda: release.wait(10), on_done=lambda _v: None, on_error=lambda _e: None)
    target = tmp_path / "cancelled.csv"
    dialog = _dialog(ctx, qtbot)
    dialog.set_target(target)
    dialog.export_button.click()
    assert dialog.progress.isVisible()
    assert dialog.close_button.text() == "Cancel"
    dialog.close_button.click()
    release.set()
    _finish(dialog, qtbot)

    assert "cancelled" in dialog.status_label.text()
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".part"] == []
    assert dialog.export_button.isEnabled()
    assert not dialog.progress.isVisible()


def test_closing_mid_export_cancels_then_closes(
    ctx: AreaContext, qtbot: QtBot, tmp_path: Path
) -> None:
    _record(ctx, 1, "Sam")
    release = threading.Event()
    ctx.tasks.run(lambda: release.wait(10), on_done=lambda _v: None, on_error=lambda _e: None)
    target = tmp_path / "closed.csv"
    dialog = ExportDialog(ctx)
    dialog.show()
    dialog.set_target(target)
    dialog.export_button.click()
    dialog.reject()  # Esc or the window's close button
    assert dialog.isVisible(), "the dialog waits for the worker to stop"
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        release.set()
    assert not target.exists()


def test_ctrl_e_opens_the_dialog_over_the_open_journal(
    qtbot: QtBot, ui_journal: Journal, view_state: QSettings
) -> None:
    window = MainWindow(view_state)
    qtbot.addWidget(window)
    window.show()
    window.attach(ui_journal, is_demo=False)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialogs = window.findChildren(ExportDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    assert dialogs[0].ctx.journal is ui_journal
    dialogs[0].close()
    window.close()
