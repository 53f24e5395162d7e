"""The start-up baseline: a bare PySide6 script that shows an empty QMainWindow.

It prints ``probe first_paint <time.monotonic()>`` when the window first paints, then quits,
exactly as WallWatch does with ``WALLWATCH_PROBE=1``; the benchmark times both from outside.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QMainWindow


class Window(QMainWindow):
    painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.painted:
            self.painted = True
            print(f"probe first_paint {time.monotonic():.6f}", flush=True)
            print(f"probe first_paint_cpu {time.process_time():.6f}", flush=True)
            QTimer.singleShot(0, QApplication.quit)


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = Window()
    window.resize(1040, 720)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
