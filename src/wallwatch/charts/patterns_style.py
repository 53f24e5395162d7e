"""The shared look of the Patterns charts: quiet axes, colour ramps built from the palette, the
calm "not enough data yet" message, and :class:`PatternDrawing`, what every chart returns.

Every chart draws on a ``Figure`` it is given (cleared first, never replaced), the same practice as
the weekly chart, so the Qt canvases redraw in place and tests can draw headless.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, ListedColormap, to_rgb
from matplotlib.figure import Figure
from matplotlib.text import Text

from wallwatch.charts.palette import ChartPalette

SMALL, BASE = 8.5, 9.5
# How many pixels one inch of figure height takes on screen (the canvases use dpi 100).
DPI = 100
# Co-occurrence has no direction, so it gets its own calm ink rather than withdrew/opened.
PAIRS_LIGHT, PAIRS_DARK = "#5a67a8", "#9aa6e0"

# What a chart says about the point under the mouse: (axes, x, y) in data units → words or None.
HoverLookup = Callable[[Axes | None, float | None, float | None], str | None]


def blend(a: str, b: str, t: float) -> tuple[float, float, float]:
    """Colour ``a`` moved a share ``t`` (0–1) of the way to colour ``b``."""
    ra, rb = np.array(to_rgb(a)), np.array(to_rgb(b))
    r, g, bl = (ra + (rb - ra) * t).tolist()
    return (r, g, bl)


def ramp(p: ChartPalette, ink: str) -> LinearSegmentedColormap:
    """From a faint tint of the background (zero) to ``ink`` (the largest count)."""
    return LinearSegmentedColormap.from_list(
        "wallwatch", [blend(p.background, ink, 0.08), blend(p.background, ink, 1.0)]
    )


def pairs_ink(p: ChartPalette) -> str:
    return PAIRS_DARK if p.dark else PAIRS_LIGHT


def balance_colours(p: ChartPalette) -> ListedColormap:
    """Seven steps: 3+ more withdrawals … even … 3+ more openings (index = balance + 3)."""
    steps = [blend(p.background, p.withdrew, t) for t in (1.0, 0.72, 0.45)]
    steps.append(blend(p.background, p.muted, 0.45))
    steps += [blend(p.background, p.opened, t) for t in (0.45, 0.72, 1.0)]
    return ListedColormap(steps)


def empty_cell(p: ChartPalette) -> tuple[float, float, float]:
    return blend(p.background, p.grid, 0.75)


def ink_on(colour: Any, p: ChartPalette) -> str:
    """Readable text on a cell of ``colour``: light ink on strong colours, dark on pale ones."""
    r, g, b = to_rgb(colour)
    light_cell = 0.299 * r + 0.587 * g + 0.114 * b > 0.55
    return "#2e2f33" if light_cell else "#f7f6f3"


def quiet(ax: Axes, p: ChartPalette) -> None:
    """Palette colours, no frame, no tick marks: the house style of every WallWatch chart."""
    ax.set_facecolor(p.background)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.tick_params(which="both", colors=p.muted, labelcolor=p.muted, labelsize=SMALL, length=0)


def cell_gaps(
    ax: Axes,
    xs: np.ndarray | Sequence[float],
    ys: np.ndarray | Sequence[float],
    colour: str,
    width: float,
) -> None:
    """Thin lines of ``colour`` across the whole axes at x = ``xs`` and y = ``ys`` (data units):
    the gaps between the squares of a grid.

    They look like gridlines on minor ticks, but two line collections cost a fraction of the
    dozens of tick objects (each with its own label and layout) those would create.
    """
    for positions, transform, vertical in (
        (xs, ax.get_xaxis_transform(), True),
        (ys, ax.get_yaxis_transform(), False),
    ):
        if len(positions) == 0:
            continue
        segments = [[(v, 0.0), (v, 1.0)] if vertical else [(0.0, v), (1.0, v)] for v in positions]
        lines = LineCollection(
            segments, colors=colour, linewidths=width, transform=transform, zorder=1.5
        )
        lines.set_in_layout(False)
        ax.add_collection(lines, autolim=False)


def heading(ax: Axes, text: str, p: ChartPalette) -> Text:
    return ax.set_title(text, loc="left", fontsize=BASE, color=p.foreground, pad=6)


def message(ax: Axes, text: str, p: ChartPalette) -> Text:
    """Words in place of a panel (its axes hidden), e.g. "Not enough data yet — …"."""
    ax.set_axis_off()
    ax.set_facecolor(p.background)
    return ax.text(
        0.5,
        0.5,
        text,
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=BASE,
        color=p.muted,
        wrap=True,
    )


def start(fig: Figure, p: ChartPalette) -> None:
    fig.clear()
    fig.set_facecolor(p.background)
    fig.set_layout_engine("constrained", w_pad=0.08, h_pad=0.06, hspace=0.04, wspace=0.04)


@dataclass
class PatternDrawing:
    """What one Patterns chart drew.

    ``arrays`` holds the plotted numbers (so tests can compare them with the service's results
    exactly); ``messages`` the "not enough data" words drawn instead of a panel; ``empty`` is true
    when the whole chart is such a message (the window then shows the words without a figure).
    ``height`` is the height in inches the chart reads best at; ``caption`` one line of counts;
    ``details`` the numbers behind notable differences (for a tooltip).
    """

    key: str
    caption: str
    height: float
    arrays: dict[str, np.ndarray] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    empty: bool = False
    details: str = ""
    axes: list[Axes] = field(default_factory=list)
    hover: HoverLookup | None = None

    def hover_text(self, ax: Axes | None, x: float | None, y: float | None) -> str | None:
        """The numbers behind the point under the mouse, or None where there is nothing."""
        if self.hover is None or ax is None or x is None or y is None:
            return None
        if not (np.isfinite(x) and np.isfinite(y)):
            return None
        return self.hover(ax, x, y)


def only_message(fig: Figure, key: str, text: str, caption: str, p: ChartPalette) -> PatternDrawing:
    """A chart that is nothing but its message (too little data for any of it)."""
    start(fig, p)
    ax = fig.add_subplot()
    message(ax, text, p)
    return PatternDrawing(key, caption, 1.1, messages=[text], empty=True, axes=[ax])


def cell_at(x: float, y: float, rows: int, cols: int) -> tuple[int, int] | None:
    """The (row, column) of an image cell under data point (x, y), or None outside the grid."""
    col, row = int(np.floor(x + 0.5)), int(np.floor(y + 0.5))
    if 0 <= row < rows and 0 <= col < cols:
        return row, col
    return None
