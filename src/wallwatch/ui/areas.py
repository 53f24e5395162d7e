"""Which areas the main window shows over an open journal, each built when first shown.

Only Log is needed to start logging: building History, Weekly, Patterns, Steps and Settings at
start-up cost a tenth of a second and memory for pages a person may not open this time.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from PySide6.QtWidgets import QStackedWidget

from wallwatch.ui.area import Area
from wallwatch.ui.context import AreaContext

# key -> (module, class); the order is the navigation's.
AREA_CLASSES = {
    "log": ("wallwatch.ui.log_view", "LogView"),
    "history": ("wallwatch.ui.history_view", "HistoryView"),
    "weekly": ("wallwatch.ui.weekly_view", "WeeklyView"),
    "patterns": ("wallwatch.ui.patterns_view", "PatternsView"),
    "steps": ("wallwatch.ui.steps_view", "StepsView"),
    "settings": ("wallwatch.ui.settings_view", "SettingsView"),
}


class Areas(Mapping[str, Area]):
    """Every area by key; looking one up builds it (once) and adds it to ``stack``."""

    def __init__(self, ctx: AreaContext, stack: QStackedWidget) -> None:
        self.ctx = ctx
        self.stack = stack
        self._built: dict[str, Area] = {}

    def __getitem__(self, key: str) -> Area:
        area = self._built.get(key)
        if area is None:
            module, name = AREA_CLASSES[key]  # KeyError for an unknown key, as a dict
            cls = getattr(importlib.import_module(module), name)
            area = cls(self.ctx, self.stack)
            assert isinstance(area, Area)
            self._built[key] = area
            self.stack.addWidget(area)
        return area

    def __contains__(self, key: object) -> bool:
        return key in AREA_CLASSES

    def __iter__(self) -> Iterator[str]:
        return iter(AREA_CLASSES)

    def __len__(self) -> int:
        return len(AREA_CLASSES)

    def built(self) -> dict[str, Area]:
        """The areas built so far (the others have nothing to refresh, stop or save)."""
        return dict(self._built)
