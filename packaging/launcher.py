"""The entry script of the frozen executables (PyInstaller runs it in place of the entry points).

One script serves both executables, like the two entry points in pyproject.toml: one whose name
ends in ``-gui`` (``wallwatch-gui``, ``wallwatch-gui.exe``, the macOS app) always opens the
app; ``wallwatch`` runs a command when given one and opens the app otherwise.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _give_windowless_streams() -> None:
    # A windowed Windows/macOS executable starts with no stdout/stderr; writing to None fails.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def _keep_the_font_cache() -> None:
    """PyInstaller points matplotlib at a new temporary folder on every start (right for a
    one-file build that unpacks elsewhere each time), so it would rescan every font each time
    a chart first appears. This one-folder bundle stays put: keep the cache where matplotlib
    keeps it outside a bundle. A moved bundle is noticed by matplotlib, which rebuilds it."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = base / "WallWatch" / "matplotlib"
    try:
        base.mkdir(parents=True, exist_ok=True)
        for level in (folder.parent, folder):  # owner-only, like every folder WallWatch makes
            level.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return  # keep PyInstaller's temporary folder: slower, but it works
    os.environ["MPLCONFIGDIR"] = str(folder)


def run() -> int:
    _give_windowless_streams()
    if getattr(sys, "frozen", False):
        _keep_the_font_cache()
    if Path(sys.argv[0]).stem.lower().endswith("-gui"):
        from wallwatch.app import main as app_main

        return int(app_main(sys.argv[1:]) or 0)
    from wallwatch.__main__ import main

    return main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(run())
