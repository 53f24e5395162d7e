"""Which areas the main window shows, built once a journal is open."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from wallwatch.ui.area import Area
from wallwatch.ui.context import AreaContext


def build_areas(ctx: AreaContext, parent: QWidget) -> dict[str, Area]:
    from wallwatch.ui.history_view import HistoryView
    from wallwatch.ui.log_view import LogView
    from wallwatch.ui.patterns_view import PatternsView
    from wallwatch.ui.settings_view import SettingsView
    from wallwatch.ui.steps_view import StepsView
    from wallwatch.ui.weekly_view import WeeklyView

    return {
        "log": LogView(ctx, parent),
        "history": HistoryView(ctx, parent),
        "weekly": WeeklyView(ctx, parent),
        "patterns": PatternsView(ctx, parent),
        "steps": StepsView(ctx, parent),
        "settings": SettingsView(ctx, parent),
    }
