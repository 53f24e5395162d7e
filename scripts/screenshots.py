"""Render the main areas with a demo journal and save screenshots for the README.

Run under a real X server for faithful fonts and window decorations:
    xvfb-run -a -s "-screen 0 1280x860x24" .venv/bin/python scripts/screenshots.py
It writes only into a temporary folder and docs/screenshots/.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from wallwatch import paths
from wallwatch.app import app_icon
from wallwatch.services import open_journal
from wallwatch.services.demo import generate_demo
from wallwatch.ui.main_window import MainWindow
from wallwatch.ui.theme import apply_theme

ROOT = Path(__file__).resolve().parent.parent


def settle(app: QApplication, rounds: int = 30) -> None:
    for _ in range(rounds):
        app.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--theme", default="light", choices=("light", "dark"))
    parser.add_argument("--areas", default="log,history,weekly,settings")
    parser.add_argument("--end", default=None, help="last demo day (YYYY-MM-DD), default today")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    app = QApplication(sys.argv[:1])
    app.setApplicationName("WallWatch")
    apply_theme(app, args.theme)
    with tempfile.TemporaryDirectory() as tmp:
        data = paths.resolve(tmp)
        journal = open_journal(data.demo().database)
        journal.mark_as_demo()
        end = date.fromisoformat(args.end) if args.end else None
        generate_demo(journal, days=120, end=end)
        state = QSettings(str(Path(tmp) / "ui.ini"), QSettings.Format.IniFormat)
        window = MainWindow(state, app_icon())
        window.resize(1120, 760)
        window.show()
        settle(app)
        window.attach(journal, is_demo=True)
        for key in args.areas.split(","):
            window.show_area(key)
            settle(app, 60)
            for _ in range(200):  # areas that work in the background (Patterns) finish first
                if not window.tasks.busy():
                    break
                window.tasks.wait(100)
                settle(app)
            settle(app, 60)
            suffix = "" if args.theme == "light" else "-dark"
            target = out / f"{key}{suffix}.png"
            window.grab().save(str(target))
            print(target)
        window.close()
        journal.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
