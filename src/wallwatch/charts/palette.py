"""Chart colours for light and dark surfaces: calm, and distinguishable in greyscale."""

from __future__ import annotations

from dataclasses import dataclass

WITHDREW_COLOUR = "#c8793a"
OPENED_COLOUR = "#3f7fbf"


@dataclass(frozen=True, slots=True)
class ChartPalette:
    dark: bool
    background: str
    foreground: str
    muted: str
    grid: str
    withdrew: str = WITHDREW_COLOUR
    opened: str = OPENED_COLOUR
    loneliness: str = "#7b6fb0"
    resentment: str = "#c0504d"
    connection: str = "#3a9a84"


LIGHT = ChartPalette(False, "#fbfaf8", "#2e2f33", "#77756f", "#e4e1dc")
DARK = ChartPalette(True, "#26272b", "#e6e4df", "#9a988f", "#3a3b40")


def palette_for(dark: bool) -> ChartPalette:
    return DARK if dark else LIGHT
