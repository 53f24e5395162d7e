"""Two grids of counts: fears × behaviours noted in the same moment, and weekday × hour of
withdrawals and of openings (local time).

Each square is coloured by its count and, where there is room, shows the count itself; a square
with nothing in it keeps the faint background tint, so an empty square never looks like data.
"""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import Colormap
from matplotlib.figure import Figure
from matplotlib.image import AxesImage

from wallwatch.charts.palette import ChartPalette
from wallwatch.charts.patterns_style import (
    SMALL,
    PatternDrawing,
    cell_at,
    cell_gaps,
    heading,
    ink_on,
    message,
    only_message,
    pairs_ink,
    quiet,
    ramp,
    start,
)
from wallwatch.charts.patterns_text import not_enough, percent, plural
from wallwatch.domain.calendar import WEEKDAY_NAMES
from wallwatch.domain.patterns import (
    FearBehaviourMatrix,
    HourGrid,
    InsufficientData,
    Proportion,
    WhenPatterns,
)

MAX_FEAR_ROWS = 10
MAX_BEHAVIOUR_COLUMNS = 14
_LABEL_WIDTH = 30  # longer behaviour names are shortened (the hover text has them whole)


def _grid(
    ax: Axes, counts: np.ndarray, cmap: Colormap, p: ChartPalette, *, numbers: bool
) -> AxesImage:
    """Counts as coloured squares with thin gaps; the numbers written in when asked."""
    quiet(ax, p)
    top = max(int(counts.max(initial=0)), 1)
    image = ax.imshow(counts, cmap=cmap, vmin=0, vmax=top, aspect="auto", interpolation="nearest")
    rows, cols = counts.shape
    cell_gaps(ax, np.arange(cols + 1) - 0.5, np.arange(rows + 1) - 0.5, p.background, 1.6)
    if numbers:
        for (r, c), n in np.ndenumerate(counts):
            if n:
                colour = ink_on(cmap(n / top), p)
                ax.text(c, r, str(n), ha="center", va="center", fontsize=SMALL - 0.5, color=colour)
    return image


def fear_behaviour_caption(result: FearBehaviourMatrix | InsufficientData) -> str:
    if isinstance(result, InsufficientData):
        return "Counts moments where a fear and a behaviour were both noted."
    return (
        f"{plural(result.moments_with_both, 'moment')} had both a fear and a behaviour noted. "
        "Each square counts the moments where that fear and that behaviour were both noted; "
        "point at a square for the share."
    )


def draw_fear_behaviour(
    fig: Figure, result: FearBehaviourMatrix | InsufficientData, p: ChartPalette
) -> PatternDrawing:
    caption = fear_behaviour_caption(result)
    if isinstance(result, InsufficientData):
        return only_message(fig, "fear_behaviour", not_enough(result), caption, p)
    fears = result.fears[:MAX_FEAR_ROWS]
    behaviours = result.behaviours[:MAX_BEHAVIOUR_COLUMNS]
    counts = np.array(result.counts, dtype=int)[: len(fears), : len(behaviours)]
    if len(fears) < len(result.fears) or len(behaviours) < len(result.behaviours):
        caption += (
            f" Showing the {len(fears)} most frequent fears and "
            f"{len(behaviours)} most frequent behaviours."
        )
    start(fig, p)
    ax = fig.add_subplot()
    _grid(ax, counts, ramp(p, pairs_ink(p)), p, numbers=True)
    ax.set_yticks(range(len(fears)), list(fears))
    labels = [textwrap.shorten(b, _LABEL_WIDTH, placeholder="…") for b in behaviours]
    ax.set_xticks(range(len(behaviours)), labels, rotation=35, ha="right", rotation_mode="anchor")
    for label in (*ax.get_yticklabels(), *ax.get_xticklabels()):
        label.set_color(p.foreground)

    def hover(_ax: Axes | None, xv: float | None, yv: float | None) -> str | None:
        assert xv is not None and yv is not None
        cell = cell_at(xv, yv, len(fears), len(behaviours))
        if cell is None:
            return None
        fear, behaviour = fears[cell[0]], behaviours[cell[1]]
        both = result.count(fear, behaviour)
        share = result.given_fear(fear, behaviour)
        whole = result.fear_moments[cell[0]]
        text = (
            f"When {fear} was present ({plural(whole, 'moment')}), “{behaviour}” was also "
            f"noted in {both}"
        )
        if isinstance(share, Proportion):
            return text + f" ({percent(share.part, share.whole)})"
        return text + f"\n{not_enough(share)} for a share"

    rows = len(fears)
    longest = max((len(b) for b in labels), default=10)
    return PatternDrawing(
        "fear_behaviour",
        caption,
        0.8 + 0.34 * rows + 0.05 * longest,
        arrays={"counts": counts},
        axes=[ax],
        hover=hover,
    )


def when_caption(result: WhenPatterns) -> str:
    parts = []
    for grid, noun in ((result.withdrawals, "withdrawal"), (result.openings, "opening")):
        if isinstance(grid, HourGrid):
            parts.append(plural(grid.total, noun))
    said = " and ".join(parts) if parts else "Moments"
    return (
        f"{said} by weekday and hour of the day (local time, where each moment happened). "
        "The numbers on the right are weekday totals."
    )


_HOUR_TICKS = list(range(0, 24, 3))
_SHORT_DAYS = [name[:3] for name in WEEKDAY_NAMES]


def _hour_panel(
    ax: Axes,
    grid: HourGrid | InsufficientData,
    title: str,
    ink: str,
    p: ChartPalette,
    messages: list[str],
) -> np.ndarray:
    heading(ax, title, p)
    if isinstance(grid, InsufficientData):
        text = not_enough(grid)
        messages.append(text)
        message(ax, text, p)
        return np.full((7, 24), np.nan)
    cells = np.array(grid.cells, dtype=int)
    _grid(ax, cells, ramp(p, ink), p, numbers=True)
    ax.set_yticks(range(7), _SHORT_DAYS)
    ax.set_xticks(_HOUR_TICKS, [f"{h:02d}:00" for h in _HOUR_TICKS])
    totals = ax.secondary_yaxis("right")
    totals.set_yticks(range(7), [str(n) for n in grid.by_weekday()])
    totals.tick_params(length=0, labelsize=SMALL, labelcolor=p.muted)
    totals.spines["right"].set_visible(False)
    return cells.astype(float)


def draw_when(fig: Figure, result: WhenPatterns, p: ChartPalette) -> PatternDrawing:
    caption = when_caption(result)
    grids = (result.withdrawals, result.openings)
    if all(isinstance(g, InsufficientData) for g in grids):
        texts = [not_enough(g) for g in grids if isinstance(g, InsufficientData)]
        return only_message(fig, "when", "\n".join(texts), caption, p)
    start(fig, p)
    ax_w, ax_o = fig.subplots(2, 1)
    messages: list[str] = []
    w = _hour_panel(
        ax_w, result.withdrawals, _title(result.withdrawals, "Withdrawals"), p.withdrew, p, messages
    )
    o = _hour_panel(
        ax_o, result.openings, _title(result.openings, "Openings"), p.opened, p, messages
    )

    def hover(ax: Axes | None, xv: float | None, yv: float | None) -> str | None:
        assert xv is not None and yv is not None
        pairs = ((ax_w, result.withdrawals, "withdrawal"), (ax_o, result.openings, "opening"))
        for panel, grid, noun in pairs:
            if ax is panel and isinstance(grid, HourGrid):
                cell = cell_at(xv, yv, 7, 24)
                if cell is None:
                    return None
                day, hour = cell
                n = grid.cells[day][hour]
                return f"{WEEKDAY_NAMES[day]}s, {hour:02d}:00–{hour:02d}:59: {plural(n, noun)}"
        return None

    return PatternDrawing(
        "when",
        caption,
        4.6,
        arrays={"withdrawals": w, "openings": o},
        messages=messages,
        axes=[ax_w, ax_o],
        hover=hover,
    )


def _title(grid: HourGrid | InsufficientData, noun: str) -> str:
    return f"{noun} ({grid.total})" if isinstance(grid, HourGrid) else noun
