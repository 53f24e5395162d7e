"""A journal that cannot be opened: the window says what is wrong in words, never changes the
file, and offers a way on (restore the newest good backup, start anew beside it, try again)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from pytestqt.qtbot import QtBot

from wallwatch import paths
from wallwatch.app import Controller
from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.services import open_journal
from wallwatch.services.backups import MANUAL, backup_name, create_backup
from wallwatch.ui.main_window import MainWindow
from wallwatch.ui.recovery_page import ASSURANCE, RecoveryPage, set_aside, set_aside_path

WHEN = datetime(2024, 5, 6, 18, 0, tzinfo=UTC)


# -- bad files ---------------------------------------------------------------------------------
def _real_journal(path: Path, moments: int) -> Path:
    with open_journal(path, daily_backup=False) as j:
        for i in range(moments):
            j.moments.record(MomentDraft(WHEN, Direction.OPENED, note=f"moment {i} " * 30))
    return path


def _damaged(path: Path) -> None:
    data = _real_journal(path.parent / "source" / "wallwatch.sqlite3", 40).read_bytes()
    path.write_bytes(data[: 4096 + 100])


def _random(path: Path) -> None:
    path.write_bytes(os.urandom(12_000))


def _text(path: Path) -> None:
    path.write_text("Things to remember\n" * 30, encoding="utf-8")


def _foreign_sqlite(path: Path) -> None:
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE song (title TEXT)")
    raw.commit()
    raw.close()


def _newer(path: Path) -> None:
    _real_journal(path, 1)
    raw = sqlite3.connect(path)
    raw.execute("UPDATE alembic_version SET version_num = '0031'")
    raw.commit()
    raw.close()


# kind -> (maker, heading, offers "start anew")
KINDS: dict[str, tuple[Callable[[Path], None], str, bool]] = {
    "damaged": (_damaged, "This file is damaged or cut short", True),
    "random-bytes": (_random, "This file is damaged or cut short", True),
    "text": (_text, "This is a file of another program, not a WallWatch journal", True),
    "foreign-sqlite": (
        _foreign_sqlite,
        "This is a file of another program, not a WallWatch journal",
        True,
    ),
    "newer": (
        _newer,
        "This journal was written by a newer version of WallWatch (schema 0031); please update",
        False,
    ),
}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files(folder: Path) -> dict[str, str]:
    return {p.name: _digest(p) for p in folder.iterdir() if p.is_file()}


# -- the window --------------------------------------------------------------------------------
class App:
    def __init__(self, qtbot: QtBot, data: Path, view_state: QSettings) -> None:
        self.data = paths.resolve(data)
        # Not handed to qtbot: it would close the window before finish() lets background
        # work report back (see finish).
        self.window = MainWindow(view_state)
        self.controller = Controller(self.window, self.data)
        self.window.show()
        qtbot.waitExposed(self.window)

    @property
    def database(self) -> Path:
        return self.data.database

    def page(self) -> RecoveryPage:
        page = self.window.stack.currentWidget()
        assert isinstance(page, RecoveryPage), f"showing {page!r}, not the recovery page"
        return page

    def finish(self, qtbot: QtBot) -> None:
        # Let the areas' background work (e.g. listing backups) report back while they exist.
        qtbot.waitUntil(lambda: not self.window.tasks.busy(), timeout=10_000)
        self.controller.close()
        self.window.close()
        self.window.deleteLater()

    def journal_open(self) -> bool:
        return self.controller.journal is not None and bool(self.window.areas)


@pytest.fixture
def make_app(qtbot: QtBot, tmp_path: Path, view_state: QSettings) -> Iterator[Callable[[], App]]:
    apps: list[App] = []

    def make() -> App:
        app = App(qtbot, tmp_path / "data", view_state)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.finish(qtbot)


def _bad_journal(tmp_path: Path, maker: Callable[[Path], None]) -> Path:
    database = tmp_path / "data" / "wallwatch.sqlite3"
    database.parent.mkdir(parents=True)
    maker(database)
    return database


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_is_named_and_the_file_is_left_alone(
    make_app: Callable[[], App], tmp_path: Path, kind: str
) -> None:
    maker, heading, offers_new = KINDS[kind]
    database = _bad_journal(tmp_path, maker)
    before = _files(database.parent)
    app = make_app()
    app.controller.open(False)

    page = app.page()
    assert page.heading.text() == heading
    assert page.explanation.text() and "Traceback" not in page.explanation.text()
    assert page.path_label.text() == str(database)
    assert page.path_label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert page.assurance.isVisible() and page.assurance.text() == ASSURANCE
    assert not page.details.isVisible()  # the heading and explanation say it already
    assert (page.new_button is not None) is offers_new
    assert page.restore_button is None  # there are no backups at all
    assert page.retry_button is None
    assert page.action_texts()[-2:] == ["Open folder", "Quit"]
    assert not app.window.act_new.isEnabled()  # no journal: nothing to log into
    assert _files(database.parent) == before


def test_start_a_new_journal_keeps_every_byte_of_the_old_file(
    qtbot: QtBot, make_app: Callable[[], App], tmp_path: Path
) -> None:
    database = _bad_journal(tmp_path, _text)
    wal = database.with_name(database.name + "-wal")
    wal.write_bytes(b"whatever was in its log")
    old, old_wal = database.read_bytes(), wal.read_bytes()
    app = make_app()
    app.controller.open(False)
    page = app.page()
    keep_as = page.keep_as
    assert keep_as.parent == database.parent and not keep_as.exists()
    assert page.keep_label.text() == keep_as.name
    assert page.new_button is not None

    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)

    assert app.journal_open()
    assert app.window.current_area_key() == "log"
    assert keep_as.read_bytes() == old
    assert keep_as.with_name(keep_as.name + "-wal").read_bytes() == old_wal
    assert app.controller.journal is not None and app.controller.journal.moments.count() == 0
    with sqlite3.connect(database) as raw:  # a real, new journal in the usual place
        assert raw.execute("SELECT count(*) FROM tag").fetchone()[0] > 0
    raw.close()


def _backups_with_a_damaged_newest(database: Path, folder: Path) -> None:
    """Two good backups (3 then 5 moments) and a newer one that is garbage."""
    with open_journal(database, daily_backup=False) as j:
        for i in range(5):
            j.moments.record(MomentDraft(WHEN, Direction.WITHDREW, note=f"kept {i}"))
            if i == 2:
                create_backup(database, folder, MANUAL, now=WHEN)
        create_backup(database, folder, MANUAL, now=WHEN + timedelta(days=1))
    (folder / backup_name(MANUAL, WHEN + timedelta(days=2))).write_bytes(os.urandom(9000))


def test_restore_the_newest_good_backup(
    qtbot: QtBot, make_app: Callable[[], App], tmp_path: Path
) -> None:
    data = paths.resolve(tmp_path / "data")
    _backups_with_a_damaged_newest(data.database, data.backups)
    _damaged(data.database)  # the journal itself is now cut short
    damaged = data.database.read_bytes()
    app = make_app()
    app.controller.open(False)
    page = app.page()
    assert page.restore_button is not None
    local = (WHEN + timedelta(days=1)).astimezone()
    expected_when = f"{local.day} {local:%b %Y, %H:%M}"
    assert page.restore_button.text() == (
        f"Restore the newest good backup ({expected_when}, 5 moments)"
    )
    assert page.action_texts()[0] == page.restore_button.text()  # offered first
    keep_as = page.keep_as

    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)

    assert app.journal_open()
    journal = app.controller.journal
    assert journal is not None
    assert sorted(m.note for m in journal.moments.query()) == [f"kept {i}" for i in range(5)]
    assert keep_as.read_bytes() == damaged


def test_a_restore_that_fails_puts_the_file_back_and_says_why(
    qtbot: QtBot, make_app: Callable[[], App], tmp_path: Path
) -> None:
    data = paths.resolve(tmp_path / "data")
    _backups_with_a_damaged_newest(data.database, data.backups)
    _damaged(data.database)
    damaged = data.database.read_bytes()
    app = make_app()
    app.controller.open(False)
    page = app.page()
    assert page.restore_button is not None
    # Between showing the page and the click, the offered backup goes bad.
    offered = app.controller.offer
    assert offered is not None
    offered.path.write_bytes(b"no longer a journal" * 100)

    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)

    assert data.database.read_bytes() == damaged
    assert not page.keep_as.exists()
    # A fresh look: the failure is named, and the next good backup is offered instead.
    again = app.page()
    assert again.failure.isVisible()
    assert again.failure.text().startswith("The backup could not be restored.")
    assert again.restore_button is not None
    assert again.restore_button.text().endswith(", 3 moments)")


def test_a_set_aside_name_taken_meanwhile_is_refused_not_overwritten(
    qtbot: QtBot, make_app: Callable[[], App], tmp_path: Path
) -> None:
    database = _bad_journal(tmp_path, _random)
    old = database.read_bytes()
    app = make_app()
    app.controller.open(False)
    page = app.page()
    page.keep_as.write_text("someone else's file", encoding="utf-8")
    assert page.new_button is not None

    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)

    again = app.page()
    assert again.failure.isVisible()
    assert again.failure.text() == (
        "WallWatch could not rename the file: a file of that name already exists."
    )
    assert database.read_bytes() == old
    assert page.keep_as.read_text(encoding="utf-8") == "someone else's file"
    assert not app.journal_open()
    assert again.keep_as != page.keep_as and not again.keep_as.exists()  # a free name now


def test_an_unwritable_folder_offers_to_try_again(
    qtbot: QtBot, tmp_path: Path, view_state: QSettings, opened_folders: list[str]
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    app = App(qtbot, blocker / "data", view_state)
    try:
        app.controller.open(False)
        page = app.page()
        assert page.heading.text() == "WallWatch cannot write to this folder"
        assert page.path_label.text() == str(blocker / "data")
        assert not page.assurance.isVisible()  # there is no file to reassure about
        assert page.new_button is None and page.restore_button is None
        assert page.retry_button is not None
        assert "not a folder" in page.details.text()  # the exact reason, for the curious
        qtbot.mouseClick(page.folder_button, Qt.MouseButton.LeftButton)
        assert opened_folders == [str(tmp_path)]  # the nearest folder that exists

        blocker.unlink()  # the person fixes it
        qtbot.mouseClick(page.retry_button, Qt.MouseButton.LeftButton)
        assert app.journal_open()
        assert (blocker / "data" / "wallwatch.sqlite3").is_file()
    finally:
        app.finish(qtbot)


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.folders: list[str] = []

    @Slot(QUrl)
    def catch(self, url: QUrl) -> None:
        self.folders.append(url.toLocalFile())


@pytest.fixture
def opened_folders() -> Iterator[list[str]]:
    """What "Open folder" asked the desktop to show (caught instead of opening a window)."""
    catcher = _UrlCatcher()
    # The stubs say bytes, but PySide only accepts the slot name as str.
    QDesktopServices.setUrlHandler("file", catcher, "catch")  # type: ignore[arg-type]
    try:
        yield catcher.folders
    finally:
        QDesktopServices.unsetUrlHandler("file")


def test_open_folder_and_quit(
    qtbot: QtBot, make_app: Callable[[], App], tmp_path: Path, opened_folders: list[str]
) -> None:
    database = _bad_journal(tmp_path, _newer)
    app = make_app()
    app.controller.open(False)
    page = app.page()
    qtbot.mouseClick(page.folder_button, Qt.MouseButton.LeftButton)
    assert opened_folders == [str(database.parent)]

    qtbot.mouseClick(page.quit_button, Qt.MouseButton.LeftButton)
    assert not app.window.isVisible()


def test_set_aside_name_is_free_and_beside_the_file(tmp_path: Path) -> None:
    path = tmp_path / "wallwatch.sqlite3"
    now = datetime(2024, 5, 6, 18, 0, 12)
    first = set_aside_path(path, now)
    assert first.name == "wallwatch.set-aside-20240506-180012.sqlite3"
    first.write_bytes(b"taken")
    assert set_aside_path(path, now).name == "wallwatch.set-aside-20240506-180012-2.sqlite3"
    path.write_bytes(b"journal")
    with pytest.raises(FileExistsError):
        set_aside(path, first)
    assert path.read_bytes() == b"journal" and first.read_bytes() == b"taken"


def test_the_app_process_shows_the_problem_and_leaves_the_file(tmp_path: Path) -> None:
    database = _bad_journal(tmp_path / "proc", _damaged)
    data = database.parent
    before = _files(data)
    env = dict(os.environ, WALLWATCH_HOME=str(data), WALLWATCH_PROBE="1")
    env["QT_QPA_PLATFORM"] = "offscreen"
    result = subprocess.run(
        [sys.executable, "-m", "wallwatch.app"],
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "probe problem damaged" in result.stdout
    assert "Traceback" not in result.stderr
    assert _files(data) == before
