"""Settings → Backups: the list, "Back up now", and a restore after a confirmation that reopens
the journal over the restored file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.services import Journal, open_journal
from wallwatch.services.backups import BEFORE_RESTORE, MANUAL
from wallwatch.ui.backups_panel import BackupsPanel, describe_when
from wallwatch.ui.context import AreaContext
from wallwatch.ui.main_window import MainWindow
from wallwatch.ui.settings_view import SettingsView

T0 = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)


def record(journal: Journal, *notes: str) -> None:
    for note in notes:
        journal.moments.record(MomentDraft(datetime.now(UTC), Direction.OPENED, note=note))


def notes_in(path: Path) -> list[str]:
    with open_journal(path, daily_backup=False) as j:
        return sorted(m.note for m in j.moments.query())


class Answer:
    """Stands in for the person in front of the confirmation: records what it was asked."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton):
        self.asked: list[str] = []

        def exec_(box: QMessageBox) -> int:
            self.asked.append(f"{box.text()}\n{box.informativeText()}")
            return int(button.value)

        monkeypatch.setattr(QMessageBox, "exec", exec_)


def _panel(ctx: AreaContext, qtbot: QtBot) -> BackupsPanel:
    panel = BackupsPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()  # showing reads the folder
    qtbot.waitUntil(lambda: not panel.busy and panel.tree.topLevelItemCount() > 0, timeout=10_000)
    return panel


def _rows(panel: BackupsPanel) -> list[list[str]]:
    tree = panel.tree
    return [
        [tree.topLevelItem(r).text(c) for c in range(tree.columnCount())]
        for r in range(tree.topLevelItemCount())
    ]


def test_the_panel_lists_backups_with_dates_reasons_and_counts(
    ctx: AreaContext, qtbot: QtBot
) -> None:
    record(ctx.journal, "a", "b")
    first = ctx.journal.backups.create(now=T0)
    record(ctx.journal, "c")
    ctx.journal.backups.create("before-import", now=T0 + timedelta(days=1))
    broken = first.path.with_name("wallwatch-20260101T000000Z-daily.sqlite3")
    broken.write_text("not a journal")
    panel = _panel(ctx, qtbot)
    rows = _rows(panel)
    assert [r[1:3] for r in rows] == [
        ["Before an import", "3"],
        ["Made by you", "2"],
        ["Daily", "—"],
    ]
    assert rows[0][0] == describe_when(T0 + timedelta(days=1))
    assert [r[4] for r in rows] == ["OK", "OK", "Damaged"]
    assert "not a WallWatch journal" in panel.tree.topLevelItem(2).toolTip(0)
    panel.tree.topLevelItem(2).setSelected(True)
    assert not panel.restore_button.isEnabled()  # a damaged backup cannot be restored
    panel.tree.clearSelection()
    panel.tree.topLevelItem(1).setSelected(True)
    assert panel.restore_button.isEnabled()


def test_an_empty_folder_says_so(ctx: AreaContext, qtbot: QtBot) -> None:
    panel = BackupsPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)
    assert panel.empty_label.isVisible() and not panel.tree.isVisible()
    assert not panel.restore_button.isEnabled()


def test_back_up_now_adds_a_backup(ctx: AreaContext, qtbot: QtBot) -> None:
    record(ctx.journal, "x")
    panel = BackupsPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)
    qtbot.mouseClick(panel.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() == 1 and not panel.busy)
    [info] = ctx.journal.backups.list()
    assert (info.reason, info.moments) == (MANUAL, 1)
    assert _rows(panel)[0][1:3] == ["Made by you", "1"]
    assert panel.status_label.text() == "Backed up 1 moment."


def test_the_limits_are_journal_settings(ctx: AreaContext, qtbot: QtBot) -> None:
    from wallwatch.domain.settings import BACKUP_KEEP_DAILY, BACKUP_KEEP_WEEKLY

    panel = BackupsPanel(ctx)
    qtbot.addWidget(panel)
    assert (panel.keep_daily_spin.value(), panel.keep_weekly_spin.value()) == (7, 4)
    panel.keep_daily_spin.setValue(10)
    panel.keep_weekly_spin.setValue(0)
    assert ctx.journal.settings.get(BACKUP_KEEP_DAILY) == 10
    assert ctx.journal.settings.get(BACKUP_KEEP_WEEKLY) == 0


def test_cancelling_the_confirmation_changes_nothing(
    ctx: AreaContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    record(ctx.journal, "old")
    ctx.journal.backups.create(now=T0)
    record(ctx.journal, "new")
    answer = Answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    panel = _panel(ctx, qtbot)
    panel.tree.topLevelItem(0).setSelected(True)
    qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    assert len(answer.asked) == 1
    assert not panel.busy
    assert sorted(m.note for m in ctx.journal.moments.query()) == ["new", "old"]


# -- restoring in the window --------------------------------------------------------------------
class Reopener:
    """What the app's controller does on ``sig_switch_journal``: close, open again, attach."""

    def __init__(self, window: MainWindow, path: Path) -> None:
        self.window = window
        self.path = path
        self.journal: Journal | None = open_journal(path)
        self.opened = 0
        window.sig_switch_journal.connect(self.reopen)

    def reopen(self, demo: bool) -> None:
        assert demo is False
        self.close()
        self.journal = open_journal(self.path)
        self.opened += 1
        self.window.attach(self.journal, is_demo=False)

    def close(self) -> None:
        if self.journal is not None:
            self.window.detach()
            self.journal.close()
            self.journal = None


@pytest.fixture
def window(qtbot: QtBot, view_state: QSettings, tmp_path: Path) -> Iterator[Reopener]:
    win = MainWindow(view_state)
    qtbot.addWidget(win)
    path = tmp_path / "window-journal" / "wallwatch.sqlite3"
    reopener = Reopener(win, path)
    assert reopener.journal is not None
    win.attach(reopener.journal, is_demo=False)
    win.show()
    yield reopener
    reopener.close()
    assert win.tasks.wait(10_000)


def _settings_panel(window: MainWindow, qtbot: QtBot) -> BackupsPanel:
    window.show_area("settings")
    view = window.areas["settings"]
    assert isinstance(view, SettingsView)
    panel = view.backups_panel
    qtbot.waitUntil(lambda: not panel.busy and panel.isVisible(), timeout=10_000)
    return panel


def test_restore_after_confirmation_replaces_the_journal_and_reopens_it(
    window: Reopener, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = window.journal
    assert journal is not None
    record(journal, "before", "also before")
    backup = journal.backups.create(now=T0)
    record(journal, "after")
    answer = Answer(monkeypatch, QMessageBox.StandardButton.Yes)

    panel = _settings_panel(window.window, qtbot)
    [item] = [
        panel.tree.topLevelItem(r)
        for r in range(panel.tree.topLevelItemCount())
        if panel.tree.topLevelItem(r).text(0) == describe_when(T0)
    ]
    item.setSelected(True)
    with qtbot.waitSignal(panel.sig_restored, timeout=10_000) as restored:
        qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)

    [question] = answer.asked
    assert describe_when(T0) in question and "(2 moments)" in question
    assert "backed up first" in question
    result = restored.args[0]
    assert result.restored.path == backup.path
    assert window.opened == 1  # the window opened the journal again over the restored file
    assert window.journal is not None and window.journal is not journal
    assert sorted(m.note for m in window.journal.moments.query()) == ["also before", "before"]
    assert window.window.isEnabled()
    assert "Restored the backup made" in window.window.statusBar().currentMessage()
    safety = result.safety
    assert safety is not None and safety.reason == BEFORE_RESTORE and safety.moments == 3
    assert notes_in(safety.path) == ["after", "also before", "before"]
    # The rebuilt Settings area lists the safety copy too.
    fresh = _settings_panel(window.window, qtbot)
    assert fresh is not panel
    qtbot.waitUntil(lambda: fresh.tree.topLevelItemCount() >= 2, timeout=10_000)
    assert "Before a restore" in [row[1] for row in _rows(fresh)]


def test_a_refused_restore_shows_why_and_keeps_the_journal(
    window: Reopener, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = window.journal
    assert journal is not None
    record(journal, "one")
    journal.backups.create(now=T0)
    record(journal, "two")
    Answer(monkeypatch, QMessageBox.StandardButton.Yes)
    panel = _settings_panel(window.window, qtbot)
    panel.tree.topLevelItem(0).setSelected(True)
    with open_journal(journal.path, daily_backup=False) as elsewhere:  # another program has it
        elsewhere.moments.count()
        qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: panel.error_label.isVisible(), timeout=15_000)
    assert "is open in WallWatch or another program" in panel.error_label.text()
    assert window.window.isEnabled()
    assert window.opened == 0
    assert sorted(m.note for m in journal.moments.query()) == ["one", "two"]
    qtbot.waitUntil(lambda: not panel.busy, timeout=10_000)
