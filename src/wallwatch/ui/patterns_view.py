"""Placeholder while this area is being built (replaced before release)."""

from __future__ import annotations

from wallwatch.ui.area import Area


class PatternsView(Area):
    title = "Patterns"
