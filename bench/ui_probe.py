"""Child process of the benchmark: opens areas of the real main window over a benchmark journal.

    python bench/ui_probe.py areas  --data-dir DIR --repeat 5 [--areas history,weekly,patterns]
    python bench/ui_probe.py memory --data-dir DIR

``areas`` times opening each area from the navigation until it is painted (``grab()``) after
the journal changed: for History until the first screen of rows, for Weekly until the 52-week
chart is drawn, for Patterns until its report is computed (on the worker thread) and the
charts in view are drawn and painted (the area's ``sig_drawn``; charts scrolled out of view are
drawn afterwards, when the event loop is idle or when scrolled to, and are not timed).
``memory`` shows History and then Weekly, as a person would, and reports the process's peak
resident memory (VmHWM).
It prints one JSON object on its last line. The window is built the way the app builds it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

import wallwatch.ui  # noqa: F401  (first, as in the app: it installs a cheaper import check)
from wallwatch import paths
from wallwatch.services import Journal, open_journal
from wallwatch.ui.main_window import MainWindow
from wallwatch.ui.theme import apply_theme

WEEKLY_WEEKS = 52
PATTERN_WEEKS = 8
WAIT_LIMIT_S = 120.0


def drain(app: QApplication, window: MainWindow, until: Callable[[], bool] = lambda: True) -> None:
    """Run the event loop until the worker is idle and ``until()`` holds."""
    deadline = time.perf_counter() + WAIT_LIMIT_S
    while time.perf_counter() < deadline:
        app.processEvents()
        if not window.tasks.busy() and until():
            app.processEvents()
            return
        time.sleep(0.0005)
    raise TimeoutError("the area did not finish drawing in time")


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def open_window(data_dir: Path) -> tuple[QApplication, MainWindow, Journal]:
    app = QApplication(sys.argv[:1])
    app.setApplicationName("WallWatch")
    apply_theme(app, "light")
    state = QSettings(str(data_dir / "bench-ui.ini"), QSettings.Format.IniFormat)
    state.setValue("weekly/weeks", WEEKLY_WEEKS)
    state.setValue("patterns/weeks", PATTERN_WEEKS)
    state.setValue("window/area", "log")
    window = MainWindow(state)
    window.resize(1120, 760)
    window.show()
    drain(app, window)
    journal = open_journal(paths.resolve(data_dir).database, daily_backup=False)
    window.attach(journal, is_demo=False)
    drain(app, window)
    return app, window, journal


def time_area(app: QApplication, window: MainWindow, key: str) -> float:
    """Seconds from the click on ``key`` in the navigation to the area completely painted.

    Areas are built when the journal opens and refresh when shown after a change, so each
    round first announces a change (as logging a moment does) while Log is on screen.
    """
    assert window.ctx is not None
    area = window.areas[key]
    drawn: list[bool] = []
    signal = getattr(area, "sig_drawn", None)
    if signal is not None:
        signal.connect(lambda: drawn.append(True))
    window.show_area("log")
    drain(app, window)
    window.ctx.moments_changed()
    drain(app, window)
    start = time.perf_counter()
    window.show_area(key)
    if key == "history":
        app.processEvents()  # the first page is read at once; the count may go on meanwhile
    else:
        drain(app, window, lambda: signal is None or bool(drawn))
    area.grab()
    elapsed = time.perf_counter() - start
    if signal is not None:
        signal.disconnect()
    drain(app, window)
    return elapsed


def weekly_parts(journal: Journal, repeat: int) -> dict[str, list[float]]:
    """The Weekly figure split in two: SQL aggregation, and drawing the chart with Agg."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from wallwatch.charts.palette import palette_for
    from wallwatch.charts.weekly import draw_weekly

    parts: dict[str, list[float]] = {"aggregate_s": [], "render_s": []}
    for _ in range(repeat):
        start = time.perf_counter()
        series = journal.summaries.weekly(WEEKLY_WEEKS)
        fears = journal.summaries.fears_in_week(series.weeks[-1].start)
        middle = time.perf_counter()
        fig = Figure(figsize=(10.4, 6.4), dpi=100)
        canvas = FigureCanvasAgg(fig)
        draw_weekly(fig, series, fears, selected=series.weeks[-1].start, palette=palette_for(False))
        canvas.draw()
        end = time.perf_counter()
        parts["aggregate_s"].append(middle - start)
        parts["render_s"].append(end - middle)
    return parts


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("areas", "memory"))
    parser.add_argument("--data-dir", required=True, type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--areas", default="history,weekly,patterns")
    args = parser.parse_args()
    app, window, journal = open_window(args.data_dir)
    result: dict[str, object] = {}
    if args.mode == "memory":
        for key in ("history", "weekly"):
            window.show_area(key)
            drain(app, window)
            window.grab()
        result["peak_rss_mb"] = peak_rss_mb()
    else:
        for key in args.areas.split(","):
            # The first opening pays for imports (matplotlib) and cold caches: kept apart.
            result[f"{key}_first_s"] = time_area(app, window, key)
            result[f"{key}_s"] = [time_area(app, window, key) for _ in range(args.repeat)]
        result["weekly_parts"] = weekly_parts(journal, args.repeat)
    window.close()
    journal.close()
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
