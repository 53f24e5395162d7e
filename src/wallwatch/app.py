"""Composition root of the desktop app: paths, QApplication, main window, journal, wiring.

Start-up order keeps the first paint fast: only Qt and the window shell are imported before the
window is shown; services (and SQLAlchemy with them) load right after, and matplotlib only when
the Weekly area is first opened. Before any window, the data folder's lock decides whether this
is the first WallWatch for that folder; a second launch asks the first to come forward instead.

An encrypted journal opens behind the lock screen, and locks again after the idle time set in
its settings: the areas go, the journal closes and its passphrase is dropped.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from wallwatch import APP_NAME, __version__, paths
from wallwatch.ui.main_window import MainWindow
from wallwatch.ui.single_instance import (
    ALREADY_OPEN_FORWARDED,
    ALREADY_OPEN_SILENT,
    Outcome,
    SingleInstance,
)

if TYPE_CHECKING:
    from PySide6.QtCore import QSocketNotifier

    from wallwatch.services import Journal, JournalError
    from wallwatch.services.backups import BackupInfo
    from wallwatch.services.first_screen import FirstScreen
    from wallwatch.ui.lock_screen import IdleWatch

PROBE_ENV = "WALLWATCH_PROBE"  # "1": start, report, quit. "hold": report, stay until stdin ends.
RESOURCES = Path(__file__).parent / "resources"


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="wallwatch", add_help=True)
    parser.add_argument("--data-dir", help="folder holding the journal (overrides WALLWATCH_HOME)")
    parser.add_argument("--demo", action="store_true", help="open the demo journal")
    known, _qt_args = parser.parse_known_args(list(argv))
    return known


def _has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform != "linux":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _probe(line: str) -> None:
    print(f"probe {line}", flush=True)


def _probe_interactive(probe: str) -> None:
    _probe(f"interactive {time.monotonic():.6f}")
    _probe(f"interactive_cpu {time.process_time():.6f}")
    _probe(f"modules-at-interactive sqlalchemy={'sqlalchemy' in sys.modules}")
    if probe == "1":
        QTimer.singleShot(0, QApplication.instance().quit)  # type: ignore[union-attr]


def app_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = RESOURCES / "icons" / f"wallwatch-{size}.png"
        if png.exists():
            icon.addFile(str(png))
    svg = RESOURCES / "icons" / "wallwatch.svg"
    if icon.isNull() and svg.exists():
        icon.addFile(str(svg))
    return icon


class Controller:
    """Opens journals for the window, switches between the real and the demo journal, and
    offers a way out when a journal cannot be opened."""

    def __init__(
        self,
        window: MainWindow,
        data: paths.DataPaths,
        probe: str = "",
        clock: Callable[[], float] = time.monotonic,
        *,
        quick_start: bool = False,
    ) -> None:
        self.window = window
        self.data = data
        self.probe = probe
        self.quick_start = quick_start
        self.demo = False
        self.journal: Journal | None = None
        self.screen: FirstScreen | None = None  # stands in while the journal opens (quick start)
        self.page: QWidget | None = None  # the recovery page or the lock screen
        self.offer: BackupInfo | None = None  # the backup the page offers to restore
        self.clock = clock
        self.idle: IdleWatch | None = None  # made when an encrypted journal first opens
        window.sig_switch_journal.connect(self.open)
        window.events.sig_settings_changed.connect(self._sync_idle)
        self.lock_action = QAction("&Lock now", window)
        self.lock_action.triggered.connect(lambda: self.lock())
        self.lock_action.setVisible(False)
        window.add_file_action(self.lock_action, "Ctrl+L")  # just above Quit

    @property
    def target(self) -> paths.DataPaths:
        return self.data.demo() if self.demo else self.data

    def open(self, demo: bool) -> None:
        # Reopening the same journal (after a restore) keeps its passphrase; nothing else does.
        same = self.journal is not None and self.demo == demo
        passphrase = self.journal.passphrase if same and self.journal is not None else None
        self.close()
        self.demo = demo
        target = self.target
        if self.quick_start and passphrase is None and not demo and self._open_behind(target):
            return
        from wallwatch.services import JournalError, open_journal
        from wallwatch.services.errors import JournalLocked

        try:
            journal = open_journal(
                target.database, backup_dir=target.backups, passphrase=passphrase
            )
        except JournalLocked:
            self._show_lock()
            return
        except JournalError as exc:
            self._show_recovery(exc)
            return
        finally:
            passphrase = None
        self._adopt(journal)

    def _open_behind(self, target: paths.DataPaths) -> bool:
        """Show the Log from a read-only look at the journal (no SQLAlchemy needed), then open
        the full journal on the worker; False when the file needs the full path first (none
        yet, encrypted, to be migrated, damaged)."""
        from wallwatch.services.first_screen import first_screen

        screen = first_screen(target.database, backup_dir=target.backups)
        if screen is None:
            return False
        self.screen = screen
        self._drop_page()
        # The areas take the stand-in as their journal; its reads move to the full journal once
        # that has opened, and anything else it is asked opens it or waits for it.
        self.window.attach(cast("Journal", screen), is_demo=screen.is_demo)
        if self.probe:
            _probe_interactive(self.probe)
        # After the Log has painted: the worker's imports would otherwise compete with it.
        QTimer.singleShot(0, lambda: self._open_full_behind(screen))
        return True

    def _open_full_behind(self, screen: FirstScreen) -> None:
        if screen is not self.screen:
            return  # closed or switched meanwhile
        self.window.tasks.run(
            screen.open_full,
            on_done=lambda journal: self._on_full(screen, journal),
            on_error=lambda exc: self._on_full_failed(screen, exc),
        )

    def _on_full(self, screen: FirstScreen, journal: Journal) -> None:
        if screen is not self.screen:  # closed or switched meanwhile
            journal.close()
            return
        self.screen = None
        self.journal = journal
        screen.finish()
        if self.window.ctx is not None:
            self.window.ctx.journal = journal  # areas built from now on use it directly
        self.window.journal_ready()
        self._sync_idle()
        self._offer_checkin(journal)
        if self.probe:
            _probe(f"journal-open {time.monotonic():.6f}")

    def _on_full_failed(self, screen: FirstScreen, exc: BaseException) -> None:
        from wallwatch.services import JournalError

        if screen is not self.screen:
            return
        self.screen = None
        screen.finish()
        self.window.detach()
        if isinstance(exc, JournalError):
            self._show_recovery(exc)
            return
        raise exc  # unexpected: the app's error hook names it

    def _adopt(self, journal: Journal) -> None:
        """Show the areas over a journal that has just opened."""
        from wallwatch.services import JournalError

        demo = self.demo
        if demo and journal.moments.count() == 0:
            from wallwatch.services.demo import generate_demo

            try:
                journal.mark_as_demo()
                generate_demo(journal, days=120)
            except JournalError as exc:
                journal.close()
                self._show_recovery(exc)
                return
        self.journal = journal
        self._drop_page()
        self.window.attach(journal, is_demo=demo or journal.is_demo)
        QTimer.singleShot(0, self.window.journal_ready)  # just after it is interactive
        self._sync_idle()
        self._offer_checkin(journal)
        if self.probe:
            _probe_interactive(self.probe)

    def _offer_checkin(self, journal: Journal) -> None:
        """Ask this week's check-in on opening, when it is on and due (never while probing)."""
        from wallwatch.services import JournalError

        if os.environ.get(PROBE_ENV) or self.window.ctx is None:
            return
        try:
            week = journal.checkins.due()
        except JournalError:
            return  # a prompt is optional; the journal itself opened fine
        if week is not None:
            from wallwatch.ui.checkin_dialog import CheckinDialog

            CheckinDialog(self.window.ctx, week, self.window).open()

    def close(self) -> None:
        if self.idle is not None:
            self.idle.stop()
        self.lock_action.setVisible(False)
        screen, self.screen = self.screen, None
        if screen is not None:
            # Waits for a journal still opening on the worker; it arrives to no one and is
            # closed. One opened on this thread (a save before the worker began) is closed here.
            self.window.detach()
            screen.finish()
            opened = screen.current()
            if opened is not None:
                opened.close()
        if self.journal is not None:
            self.window.detach()
            self.journal.close()
            self.journal = None

    # -- the lock screen ---------------------------------------------------------------------
    def _sync_idle(self) -> None:
        """Watch for idleness while an encrypted journal is open, for its chosen time."""
        from wallwatch.domain.settings import LOCK_AFTER_MINUTES
        from wallwatch.ui.lock_screen import IdleWatch

        journal = self.journal
        encrypted = journal is not None and journal.passphrase is not None
        self.lock_action.setVisible(encrypted)
        if self.idle is None:
            if not encrypted:
                return
            self.idle = IdleWatch(self.clock, self.window)
            self.idle.sig_idle.connect(self._on_idle)
        if not encrypted or journal is None:
            self.idle.stop()
            return
        self.idle.start(int(journal.settings.get(LOCK_AFTER_MINUTES)) * 60)

    def _on_idle(self) -> None:
        self.lock(idle=True)

    def lock(self, idle: bool = False, *, tries: int = 10) -> None:
        """Close the journal, drop its passphrase and show the lock screen."""
        from wallwatch.domain.settings import LOCK_AFTER_MINUTES

        journal = self.journal
        if journal is None or journal.passphrase is None:
            return
        dialog = QApplication.activeModalWidget()
        if dialog is not None and tries > 0:
            # Let a dialog's own event loop end before the journal under it goes away.
            dialog.close()
            QTimer.singleShot(0, lambda: self.lock(idle, tries=tries - 1))
            return
        minutes = int(journal.settings.get(LOCK_AFTER_MINUTES)) if idle else None
        self.close()
        journal.forget_passphrase()
        self._show_lock(idle_minutes=minutes)

    def _show_lock(self, idle_minutes: int | None = None) -> None:
        from wallwatch.ui.lock_screen import LockScreen

        page = LockScreen(self.target.database, idle_minutes=idle_minutes)
        page.sig_unlock.connect(self._on_unlock)
        page.sig_quit.connect(self.window.close)
        page.sig_not_locked.connect(self._on_not_locked)
        self._drop_page()
        self.page = page
        self.window.show_page(page)
        self.window.setWindowTitle(APP_NAME)
        page.setFocus()
        if self.probe:
            _probe("locked")
            if self.probe == "1":
                QTimer.singleShot(0, QApplication.instance().quit)  # type: ignore[union-attr]

    def _on_unlock(self, passphrase: str) -> None:
        """Open the journal with ``passphrase`` off the GUI thread (the key derivation is slow
        on purpose); the page shows a busy indicator meanwhile."""
        from wallwatch.services import open_journal

        page = self.page
        target = self.target
        self.window.tasks.run(
            open_journal,
            on_done=lambda journal: self._on_unlocked(page, journal),
            on_error=lambda exc: self._on_unlock_failed(page, exc),
            path=target.database,
            backup_dir=target.backups,
            passphrase=passphrase,
        )

    def _on_unlocked(self, page: QWidget | None, journal: Journal) -> None:
        if page is not self.page:  # the person went elsewhere meanwhile
            journal.close()
            return
        from wallwatch.ui.lock_screen import LockScreen

        if isinstance(page, LockScreen):
            page.forget_typed()
        self._adopt(journal)

    def _on_unlock_failed(self, page: QWidget | None, exc: BaseException) -> None:
        from wallwatch.services import JournalError
        from wallwatch.services.errors import JournalLocked
        from wallwatch.ui.lock_screen import WRONG, LockScreen

        if page is not self.page or not isinstance(page, LockScreen):
            return
        if isinstance(exc, JournalLocked):
            page.show_problem(WRONG)
        elif isinstance(exc, JournalError):
            self._show_recovery(exc)
        else:
            page.show_problem(_failure("WallWatch could not open your journal", exc))

    def _on_not_locked(self) -> None:
        from wallwatch.services.errors import JournalNotOurs

        path = self.target.database
        self._show_recovery(JournalNotOurs(f"{path} is damaged or is not a WallWatch journal."))

    # -- when the journal cannot be opened ---------------------------------------------------
    def _show_recovery(self, exc: JournalError) -> None:
        from wallwatch.ui.recovery_page import ProblemKind, RecoveryPage, classify

        problem = classify(exc, self.target.database)
        self.offer = None
        if problem.kind in (ProblemKind.DAMAGED, ProblemKind.FOREIGN):
            self.offer = _newest_backup(self.target)
        page = RecoveryPage(problem, self.offer)
        page.sig_restore.connect(self._on_restore)
        page.sig_start_new.connect(self._on_start_new)
        page.sig_retry.connect(lambda: self.open(self.demo))
        page.sig_open_folder.connect(_open_folder)
        page.sig_quit.connect(self.window.close)
        self._drop_page()
        self.page = page
        self.window.show_page(page)
        page.setFocus()
        if self.probe:
            _probe(f"problem {problem.kind.value}")
            if self.probe == "1":
                QTimer.singleShot(0, QApplication.instance().quit)  # type: ignore[union-attr]

    def _drop_page(self) -> None:
        if self.page is not None:
            self.page.deleteLater()
            self.page = None

    def _on_start_new(self, keep_as: Path) -> None:
        from wallwatch.ui.recovery_page import set_aside

        try:
            set_aside(self.target.database, keep_as)
        except OSError as exc:
            self._say_on_page(_failure("WallWatch could not rename the file", exc))
            return
        self.open(self.demo)

    def _on_restore(self, keep_as: Path) -> None:
        """Move the unreadable file aside (so no byte of it is overwritten), then put the
        backup in its place: the restore then finds no journal to replace."""
        from wallwatch.private_files import PrivateFileError
        from wallwatch.services import JournalError
        from wallwatch.services.backups import restore_backup
        from wallwatch.ui.recovery_page import set_aside

        if self.offer is None:
            return
        database = self.target.database
        try:
            set_aside(database, keep_as)
        except OSError as exc:
            self._say_on_page(_failure("WallWatch could not rename the file", exc))
            return
        try:
            restore_backup(database, self.target.backups, self.offer.path)
        except (JournalError, PrivateFileError, OSError) as exc:
            # Put the file back where it was, so the page still tells the truth about it.
            if not database.exists():
                with contextlib.suppress(OSError):
                    set_aside(keep_as, database)
            self._say_on_page(_failure("The backup could not be restored", exc))
            return
        self.open(self.demo)

    def _say_on_page(self, text: str) -> None:
        """Look at the file again (a new page: a fresh name to keep it under, the backup
        that is good now), then say why the last step did not work."""
        from wallwatch.ui.recovery_page import RecoveryPage

        self.open(self.demo)
        if isinstance(self.page, RecoveryPage):
            self.page.show_failure(text)


def _failure(lead: str, exc: BaseException) -> str:
    """``lead`` plus why: an OS error's short reason, or the error's own sentence."""
    if isinstance(exc, OSError):
        from wallwatch.private_files import describe_os_error

        return f"{lead}: {describe_os_error(exc)}."
    return f"{lead}. {exc}"


def _open_folder(folder: Path) -> None:
    """Show ``folder`` in the file manager; the nearest existing folder above it if it is
    missing (a folder problem may be just that)."""
    while not folder.is_dir() and folder.parent != folder:
        folder = folder.parent
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _newest_backup(target: paths.DataPaths) -> BackupInfo | None:
    """The newest backup that passes every check; ``None`` when there is none to offer."""
    from wallwatch.services import JournalError
    from wallwatch.services.backups import newest_good_backup

    try:
        return newest_good_backup(target.backups)
    except (JournalError, OSError):
        return None


def bring_forward(window: MainWindow) -> None:
    """Another launch asked for WallWatch: show this window on top, at the Log area unless a
    dialog is open (which then keeps the person's place)."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
    dialog = QApplication.activeModalWidget()
    if dialog is not None:
        dialog.raise_()
        dialog.activateWindow()
    elif window.areas:
        window.show_area("log")


def _already_open(outcome: Outcome, probe: str) -> int:
    if outcome is Outcome.FORWARDED:
        print(ALREADY_OPEN_FORWARDED, file=sys.stderr)
        return 0
    print(ALREADY_OPEN_SILENT, file=sys.stderr)
    if not probe:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(None, APP_NAME, ALREADY_OPEN_SILENT)
    return 1


def _hold_until_stdin_closes(app: QApplication) -> QSocketNotifier:
    """The "hold" probe stays open (for tests of a second launch) until its stdin ends."""
    from PySide6.QtCore import QSocketNotifier

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read, app)

    def on_readable() -> None:
        if not os.read(sys.stdin.fileno(), 4096):
            notifier.setEnabled(False)
            app.quit()

    notifier.activated.connect(on_readable)
    return notifier


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    if not _has_display():
        print(
            "wallwatch: no desktop display was found (DISPLAY / WAYLAND_DISPLAY are not set). "
            "Run WallWatch from a desktop session, or use the command line: wallwatch --help",
            file=sys.stderr,
        )
        return 2
    probe = os.environ.get(PROBE_ENV, "")
    probe = probe if probe in ("1", "hold") else ""
    data = paths.resolve(args.data_dir)

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "wallwatch"])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("wallwatch")

    instance = SingleInstance(data.root)
    outcome = instance.acquire(listen=False)
    if outcome is not Outcome.FIRST:
        return _already_open(outcome, probe)
    try:
        return _run_window(app, args, data, instance, probe)
    finally:
        instance.release()


def _run_window(
    app: QApplication,
    args: argparse.Namespace,
    data: paths.DataPaths,
    instance: SingleInstance,
    probe: str,
) -> int:
    icon = app_icon()
    app.setWindowIcon(icon)

    from wallwatch.ui.theme import apply_theme

    apply_theme(app, "system")
    view_state = QSettings(str(paths.ui_state_file()), QSettings.Format.IniFormat)
    window = MainWindow(view_state, icon)
    controller = Controller(window, data, probe, quick_start=True)
    instance.sig_raise_requested.connect(lambda: bring_forward(window))
    window.sig_first_paint.connect(instance.listen)
    if probe:
        window.sig_first_paint.connect(lambda: _probe(f"first_paint {time.monotonic():.6f}"))
        # CPU time spent so far: steadier than the clock when other work shares the machine.
        window.sig_first_paint.connect(lambda: _probe(f"first_paint_cpu {time.process_time():.6f}"))
        # Which heavy libraries were already loaded when the window first painted.
        window.sig_first_paint.connect(
            lambda: _probe(
                "modules-at-first-paint "
                f"matplotlib={'matplotlib' in sys.modules} "
                f"sqlalchemy={'sqlalchemy' in sys.modules}"
            )
        )
        instance.sig_raise_requested.connect(lambda: _probe("raise-requested"))
    holder = _hold_until_stdin_closes(app) if probe == "hold" else None
    previous_hook = sys.excepthook
    sys.excepthook = _unexpected_error_hook(window, probe)
    # Open the journal only once the window has painted, so it appears at once; the fallback
    # timer covers a platform that never paints an unexposed window.
    opened = False

    def open_once() -> None:
        nonlocal opened
        if not opened:
            opened = True
            controller.open(args.demo)

    window.sig_first_paint.connect(lambda: QTimer.singleShot(0, open_once))
    QTimer.singleShot(1500, open_once)
    window.show()
    try:
        code = app.exec()
    finally:
        sys.excepthook = previous_hook
    controller.close()
    del holder
    return int(code)


def _unexpected_error_hook(window: MainWindow, probe: str) -> Callable[..., None]:
    """Qt only prints an exception raised in a slot and carries on; say so to the person
    instead (and end a probe run with a failure rather than leaving it waiting forever)."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        import traceback

        traceback.print_exception(kind, exc, tb, file=sys.stderr)
        if probe:
            _probe(f"error {kind.__name__}")
            QApplication.exit(1)
            return
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(
            window,
            "WallWatch met an unexpected problem",
            "Something went wrong inside WallWatch. Everything you saved before is safe in "
            f"your journal; what you were doing may not have finished.\n\n{kind.__name__}: {exc}",
        )

    return hook


if __name__ == "__main__":
    raise SystemExit(main())
