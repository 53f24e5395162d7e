"""Calm colours for light and dark, following the system unless the person chooses.

Charts ask :func:`chart_palette` so they follow the same choice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from wallwatch.charts.palette import ChartPalette


def _dark_palette() -> QPalette:
    p = QPalette()
    base, window, text = QColor("#232428"), QColor("#2b2c31"), QColor("#e6e4df")
    p.setColor(QPalette.ColorRole.Window, window)
    p.setColor(QPalette.ColorRole.WindowText, text)
    p.setColor(QPalette.ColorRole.Base, base)
    p.setColor(QPalette.ColorRole.AlternateBase, QColor("#2f3035"))
    p.setColor(QPalette.ColorRole.ToolTipBase, window)
    p.setColor(QPalette.ColorRole.ToolTipText, text)
    p.setColor(QPalette.ColorRole.Text, text)
    p.setColor(QPalette.ColorRole.Button, QColor("#33353a"))
    p.setColor(QPalette.ColorRole.ButtonText, text)
    p.setColor(QPalette.ColorRole.Highlight, QColor("#4f7fb0"))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8d8c88"))
    p.setColor(QPalette.ColorRole.Link, QColor("#8db7e0"))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#77767a"))
    return p


def _light_palette() -> QPalette:
    p = QPalette()
    text = QColor("#2e2f33")
    p.setColor(QPalette.ColorRole.Window, QColor("#f4f2ee"))
    p.setColor(QPalette.ColorRole.WindowText, text)
    p.setColor(QPalette.ColorRole.Base, QColor("#fdfcfa"))
    p.setColor(QPalette.ColorRole.AlternateBase, QColor("#f1efea"))
    p.setColor(QPalette.ColorRole.Text, text)
    p.setColor(QPalette.ColorRole.Button, QColor("#ebe8e2"))
    p.setColor(QPalette.ColorRole.ButtonText, text)
    p.setColor(QPalette.ColorRole.Highlight, QColor("#3f7fbf"))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8a8780"))
    p.setColor(QPalette.ColorRole.ToolTipBase, QColor("#fdfcfa"))
    p.setColor(QPalette.ColorRole.ToolTipText, text)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#a3a09a"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, QColor("#efede8"))
    return p


def system_prefers_dark() -> bool:
    """Whether the desktop's own colours are dark (the platform theme's palette, which follows
    the system's light/dark choice). Read from the palette rather than
    ``QStyleHints.colorScheme()``: this runs before the first paint, and the first use of
    PySide6's ``Qt`` namespace, which that enum lives in, costs ~20 ms of start-up."""
    palette = QGuiApplication.palette()
    return bool(palette.color(QPalette.ColorRole.Window).lightness() < 128)


def apply_theme(app: QApplication, mode: str) -> bool:
    """Apply ``system``/``light``/``dark``; returns whether the result is dark."""
    if app.style().name().lower() != "fusion":  # already Fusion on most Linux desktops
        app.setStyle("Fusion")
    dark = system_prefers_dark() if mode == "system" else mode == "dark"
    app.setPalette(_dark_palette() if dark else _light_palette())
    return dark


# The theme applied to the application, kept on it so a newly opened journal knows what is shown.
THEME_PROPERTY = "wallwatch_theme"


def use_theme(mode: str) -> None:
    """Apply ``mode`` to the running application and remember it was applied."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_theme(app, mode)
        app.setProperty(THEME_PROPERTY, mode)


def follow_journal_theme(mode: str) -> bool:
    """The journal's theme takes over from the app's start-up default ("system") once it is
    open, and again when the person switches journals; True when that changed the look."""
    app = QApplication.instance()
    current = app.property(THEME_PROPERTY) if app is not None else None
    if mode == (current or "system"):
        return False
    use_theme(mode)
    return True


def is_dark(palette: QPalette | None = None) -> bool:
    pal = palette or QApplication.palette()
    return bool(pal.color(QPalette.ColorRole.Window).lightness() < 128)


def chart_palette(palette: QPalette | None = None) -> ChartPalette:
    from wallwatch.charts.palette import palette_for

    return palette_for(is_dark(palette))
