"""What walls cost, as the records show it: each rating's mean on withdrawal days against opening
days, on the day itself and on the day after.

Each rating is a row with two dots on the 0–10 scale (withdrawal days, opening days), each
labelled with its mean and the number of days behind it. A difference the permutation test finds
notable is marked; its p-value and counts are in the hover text and the card's tooltip.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from wallwatch.charts.palette import ChartPalette
from wallwatch.charts.patterns_style import (
    SMALL,
    PatternDrawing,
    heading,
    only_message,
    quiet,
    start,
)
from wallwatch.charts.patterns_text import (
    RECORDS_ONLY,
    comparison_text,
    not_enough,
    plural,
)
from wallwatch.domain.patterns import Comparison, GroupMean, InsufficientData, WallCost

PANELS = (("same_day", "On the day itself"), ("next_day", "On the day after"))


def cost_caption(result: WallCost) -> str:
    return (
        f"{plural(result.withdrawal_days, 'withdrawal day')} (a withdrawal and no opening) and "
        f"{plural(result.opening_days, 'opening day')} in these weeks; each dot pools every "
        "rating given on those days. A dark line marks a notable difference: point at it for "
        f"the test's numbers. {RECORDS_ONLY}"
    )


def _means(comparisons: tuple[Comparison, ...]) -> np.ndarray:
    """rows: ratings; columns: withdrawal days, opening days; NaN below the minimum."""
    return np.array(
        [
            [
                g.mean if isinstance(g, GroupMean) else np.nan
                for g in (c.withdrawal_days, c.opening_days)
            ]
            for c in comparisons
        ],
        dtype=float,
    )


def _missing(c: Comparison) -> InsufficientData | None:
    for g in (c.withdrawal_days, c.opening_days):
        if isinstance(g, InsufficientData):
            return g
    return None


def _draw_panel(
    ax: Axes,
    comparisons: tuple[Comparison, ...],
    title: str,
    p: ChartPalette,
) -> list[str]:
    quiet(ax, p)
    heading(ax, title, p)
    messages = []
    for row, c in enumerate(comparisons):
        gap = _missing(c)
        if gap is not None:
            text = not_enough(gap)
            messages.append(text)
            ax.text(5, row, text, ha="center", va="center", fontsize=SMALL, color=p.muted)
            continue
        a, b = c.withdrawal_days, c.opening_days
        assert isinstance(a, GroupMean) and isinstance(b, GroupMean)
        ax.plot(
            [a.mean, b.mean],
            [row, row],
            color=p.foreground if c.notable else p.grid,
            linewidth=2.2 if c.notable else 1.6,
            zorder=2,
            solid_capstyle="round",
        )
        ax.scatter([a.mean], [row], s=70, color=p.withdrew, zorder=3, edgecolors=p.background)
        ax.scatter([b.mean], [row], s=70, color=p.opened, zorder=3, edgecolors=p.background)
        for g, dy, va in ((a, -0.2, "bottom"), (b, 0.2, "top")):
            ax.text(
                g.mean,
                row + dy,
                f"{g.mean:.1f} · {plural(g.days, 'day')}",
                ha="center",
                va=va,
                fontsize=SMALL - 0.5,
                color=p.foreground,
            )
        if c.notable:
            ax.text(
                10.4, row, "notable", ha="left", va="center", fontsize=SMALL - 0.5, color=p.muted
            )
    ax.set_xlim(-0.4, 12.0)
    ax.set_xticks([0, 5, 10])
    ax.grid(axis="x", color=p.grid, linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_ylim(len(comparisons) - 0.45, -0.6)
    ax.set_yticks(range(len(comparisons)), [c.rating.capitalize() for c in comparisons])
    for label in ax.get_yticklabels():
        label.set_color(p.foreground)
    return messages


def draw_cost(fig: Figure, result: WallCost, p: ChartPalette) -> PatternDrawing:
    caption = cost_caption(result)
    everything = (*result.same_day, *result.next_day)
    if all(_missing(c) is not None for c in everything):
        first = _missing(everything[0])
        assert first is not None
        return only_message(fig, "cost", not_enough(first), caption, p)
    start(fig, p)
    grid = fig.add_gridspec(1, 2)
    axes: list[Axes] = []
    messages: list[str] = []
    panels = {"same_day": result.same_day, "next_day": result.next_day}
    for i, (name, title) in enumerate(PANELS):
        ax = fig.add_subplot(grid[i], sharey=axes[0] if axes else None)
        messages += _draw_panel(ax, panels[name], title, p)
        axes.append(ax)
    axes[1].tick_params(axis="y", labelleft=False)
    handles = [
        Line2D([], [], marker="o", linestyle="", color=p.withdrew, label="On withdrawal days"),
        Line2D([], [], marker="o", linestyle="", color=p.opened, label="On opening days"),
    ]
    legend = fig.legend(
        handles=handles, loc="outside lower center", ncol=2, frameon=False, fontsize=SMALL
    )
    for text in legend.get_texts():
        text.set_color(p.foreground)
    notable = [
        comparison_text(c, next_day=name == "next_day")
        for name, _ in PANELS
        for c in panels[name]
        if c.notable
    ]

    def hover(ax: Axes | None, _x: float | None, yv: float | None) -> str | None:
        if ax not in axes:
            return None
        row = int(np.floor((yv or 0) + 0.5))
        name = PANELS[axes.index(ax)][0]
        comparisons = panels[name]
        if not 0 <= row < len(comparisons):
            return None
        return comparison_text(comparisons[row], next_day=name == "next_day")

    return PatternDrawing(
        "cost",
        caption,
        2.9,
        arrays={"same_day": _means(result.same_day), "next_day": _means(result.next_day)},
        messages=messages,
        details="\n\n".join(notable),
        axes=axes,
        hover=hover,
    )
