"""Composition root of the desktop app: paths, QApplication, main window, journal, wiring.

Start-up order keeps the first paint fast: only Qt and the window shell are imported before the
window is shown; services (and SQLAlchemy with them) load right after, and matplotlib only when
the Weekly area is first opened.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from wallwatch import APP_NAME, __version__, paths
from wallwatch.ui.main_window import MainWindow

PROBE_ENV = "WALLWATCH_PROBE"
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
    """Opens journals for the window, switches between the real and the demo journal."""

    def __init__(self, window: MainWindow, data: paths.DataPaths, probe: bool) -> None:
        self.window = window
        self.data = data
        self.probe = probe
        self.journal: object | None = None
        window.sig_switch_journal.connect(self.open)

    def open(self, demo: bool) -> None:
        from wallwatch.services import JournalError, open_journal

        self.close()
        target = self.data.demo() if demo else self.data
        try:
            journal = open_journal(target.database, backup_dir=target.backups)
        except JournalError as exc:
            self.window.show_problem("WallWatch could not open your journal", str(exc))
            return
        if demo and journal.moments.count() == 0:
            from wallwatch.services.demo import generate_demo

            journal.mark_as_demo()
            generate_demo(journal, days=120)
        self.journal = journal
        self.window.attach(journal, is_demo=demo or journal.is_demo)
        if self.probe:
            print(f"probe interactive {time.monotonic():.6f}", flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)  # type: ignore[union-attr]

    def close(self) -> None:
        if self.journal is not None:
            self.window.detach()
            self.journal.close()  # type: ignore[attr-defined]
            self.journal = None


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    if not _has_display():
        print(
            "wallwatch: no desktop display was found (DISPLAY / WAYLAND_DISPLAY are not set). "
            "Run WallWatch from a desktop session, or use the command line: wallwatch --help",
            file=sys.stderr,
        )
        return 2
    probe = os.environ.get(PROBE_ENV) == "1"
    data = paths.resolve(args.data_dir)

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "wallwatch"])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName("wallwatch")
    icon = app_icon()
    app.setWindowIcon(icon)

    from wallwatch.ui.theme import apply_theme

    apply_theme(app, "system")
    view_state = QSettings(str(paths.ui_state_file()), QSettings.Format.IniFormat)
    window = MainWindow(view_state, icon)
    controller = Controller(window, data, probe)
    if probe:
        window.sig_first_paint.connect(
            lambda: print(f"probe first_paint {time.monotonic():.6f}", flush=True)
        )
        # Which heavy libraries were already loaded when the window first painted.
        window.sig_first_paint.connect(
            lambda: print(
                "probe modules-at-first-paint "
                f"matplotlib={'matplotlib' in sys.modules} "
                f"sqlalchemy={'sqlalchemy' in sys.modules}",
                flush=True,
            )
        )
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
    code = app.exec()
    controller.close()
    return int(code)


if __name__ == "__main__":
    raise SystemExit(main())
