"""Two count charts of the Patterns area: the fears behind walls, and wanting closeness while
withdrawing (the paradox), week by week.

Counts are always drawn as counts; a share is written only where it rests on at least the
minimum sample, and weeks below it are left as gaps rather than drawn as 0%.
"""

from __future__ import annotations

from datetime import date

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from wallwatch.charts.palette import ChartPalette
from wallwatch.charts.patterns_style import (
    SMALL,
    PatternDrawing,
    blend,
    only_message,
    quiet,
    start,
)
from wallwatch.charts.patterns_text import day_text, not_enough, percent, plural
from wallwatch.domain.patterns import FearsBehindWalls, InsufficientData, Paradox, Proportion

MAX_FEARS = 10
_MAX_WEEK_LABELS = 9


def _share(share: Proportion | InsufficientData, count: int, noun: str) -> str:
    if isinstance(share, Proportion):
        return f"{share.part} of {share.whole} {noun}s ({percent(share.part, share.whole)})"
    return str(count)


def _legend(ax: Axes, p: ChartPalette, ncol: int) -> None:
    legend = ax.legend(
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=ncol,
        frameon=False,
        fontsize=SMALL,
        handlelength=1.2,
        borderaxespad=0.2,
        columnspacing=1.6,
    )
    for text in legend.get_texts():
        text.set_color(p.foreground)


def fears_caption(result: FearsBehindWalls) -> str:
    caption = (
        f"{plural(result.withdrawals, 'withdrawal')} and {plural(result.openings, 'opening')} "
        "in these weeks; a moment can hold several fears."
    )
    if result.withdrawals_without_fear:
        caption += f" {plural(result.withdrawals_without_fear, 'withdrawal')} had no fear noted."
    return caption


def draw_fears(
    fig: Figure, result: FearsBehindWalls, minimum: int, p: ChartPalette
) -> PatternDrawing:
    """Each fear: in how many withdrawals (and openings) it was present, with the share."""
    caption = fears_caption(result)
    if result.withdrawals < minimum:
        text = not_enough(InsufficientData(minimum, result.withdrawals, "withdrawals"))
        return only_message(fig, "fears", text, caption, p)
    rows = [f for f in result.fears if f.withdrew or f.opened][:MAX_FEARS]
    if not any(f.withdrew for f in rows):
        return only_message(fig, "fears", "No fears were noted in these withdrawals", caption, p)
    start(fig, p)
    ax = fig.add_subplot()
    quiet(ax, p)
    y = np.arange(len(rows), dtype=float)
    withdrew = np.array([f.withdrew for f in rows], dtype=int)
    opened = np.array([f.opened for f in rows], dtype=int)
    ax.barh(y - 0.18, withdrew, height=0.34, color=p.withdrew, label="In withdrawals", zorder=3)
    ax.barh(y + 0.18, opened, height=0.34, color=p.opened, label="In openings", zorder=3)
    for yi, f in zip(y, rows, strict=True):
        for offset, count, text in (
            (-0.18, f.withdrew, _share(f.share_of_withdrawals, f.withdrew, "withdrawal")),
            (0.18, f.opened, _share(f.share_of_openings, f.opened, "opening")),
        ):
            ax.text(count, yi + offset, f"  {text}", va="center", fontsize=SMALL, color=p.muted)
    most = int(max(withdrew.max(), opened.max(), 1))
    ax.set_xlim(0, most * 1.75)
    ax.set_ylim(len(rows) - 0.45, -0.6)
    ax.set_yticks(y, [f.name for f in rows])
    for label in ax.get_yticklabels():
        label.set_color(p.foreground)
    ax.xaxis.set_visible(False)
    _legend(ax, p, 2)
    more = len([f for f in result.fears if f.withdrew or f.opened]) - len(rows)
    if more > 0:
        caption += f" The {plural(more, 'less frequent fear')} are not shown."

    def hover(_ax: Axes | None, _x: float | None, yv: float | None) -> str | None:
        i = int(np.floor((yv or 0) + 0.5))
        if not 0 <= i < len(rows):
            return None
        f = rows[i]
        return (
            f"{f.name.capitalize()}: present in "
            f"{_share(f.share_of_withdrawals, f.withdrew, 'withdrawal')} and "
            f"{_share(f.share_of_openings, f.opened, 'opening')}"
        )

    return PatternDrawing(
        "fears",
        caption,
        0.75 + 0.44 * len(rows),
        arrays={"withdrew": withdrew, "opened": opened, "names": np.array([f.name for f in rows])},
        axes=[ax],
        hover=hover,
    )


def week_ticks(ax: Axes, starts: list[date], most: int = _MAX_WEEK_LABELS) -> None:
    """Week-start labels, at most ``most`` of them; the newest week is always labelled."""
    n = len(starts)
    step = max(1, -(-n // most))
    picks = list(range(n - 1, -1, -step))[::-1]
    ax.set_xticks(picks, [day_text(starts[i], year=False) for i in picks])


def paradox_caption(result: Paradox) -> str:
    caption = (
        f"Of {plural(result.withdrawals, 'withdrawal')}, you answered “did part of you want "
        f"closeness?” for {result.answered}"
    )
    if result.answered:
        caption += f"; yes in {result.wanted} ({percent(result.wanted, result.answered)})"
    caption += "."
    if result.unanswered:
        caption += f" {plural(result.unanswered, 'withdrawal')} had no answer."
    return caption


def draw_paradox(fig: Figure, result: Paradox, p: ChartPalette) -> PatternDrawing:
    """Top: the weekly share of answered withdrawals where part of the person wanted closeness
    (only weeks with enough answers). Bottom: the counts behind every week."""
    caption = paradox_caption(result)
    if isinstance(result.wanted_share, InsufficientData):
        return only_message(fig, "paradox", not_enough(result.wanted_share), caption, p)
    start(fig, p)
    weeks = result.weeks
    x = np.arange(len(weeks), dtype=float)
    n = np.array([w.withdrawals for w in weeks], dtype=int)
    answered = np.array([w.answered for w in weeks], dtype=int)
    wanted = np.array([w.wanted for w in weeks], dtype=int)
    share = np.array(
        [w.wanted_share.value if isinstance(w.wanted_share, Proportion) else np.nan for w in weeks],
        dtype=float,
    )
    grid = fig.add_gridspec(2, 1, height_ratios=(1.5, 1.0))
    ax_s = fig.add_subplot(grid[0])
    ax_c = fig.add_subplot(grid[1], sharex=ax_s)
    quiet(ax_s, p)
    quiet(ax_c, p)
    overall = result.wanted_share
    assert isinstance(overall, Proportion)
    ax_s.axhline(
        overall.value * 100,
        color=p.muted,
        linestyle="--",
        linewidth=1,
        label=f"All these weeks: {overall.part} of {overall.whole} "
        f"({percent(overall.part, overall.whole)})",
    )
    ax_s.plot(
        x,
        share * 100,
        color=p.connection,
        marker="o",
        linewidth=1.6,
        markersize=6,
        label="Each week with enough answers",
        zorder=3,
    )
    for xi, w in zip(x, weeks, strict=True):
        if isinstance(w.wanted_share, Proportion):
            if len(weeks) > _MAX_WEEK_LABELS * 2:
                continue  # too crowded to label every point; hovering gives the numbers
            ax_s.annotate(
                f"{w.wanted} of {w.answered}",
                (xi, w.wanted_share.value * 100),
                xytext=(0, 7),
                textcoords="offset points",
                ha="center",
                fontsize=SMALL - 0.5,
                color=p.foreground,
            )
    ax_s.set_ylim(-5, 118)
    ax_s.set_yticks([0, 50, 100], ["0%", "50%", "100%"])
    ax_s.grid(axis="y", color=p.grid, linewidth=0.8)
    ax_s.set_axisbelow(True)
    ax_s.tick_params(axis="x", labelbottom=False)
    _legend(ax_s, p, 2)
    if np.isnan(share).all():
        message_note = "No single week has enough answers yet; the dashed line is all weeks"
        ax_s.text(
            0.5,
            0.45,
            message_note,
            transform=ax_s.transAxes,
            ha="center",
            fontsize=SMALL,
            color=p.muted,
        )

    not_wanted = answered - wanted
    ax_c.bar(x, wanted, width=0.62, color=p.connection, label="Wanted closeness", zorder=3)
    ax_c.bar(
        x,
        not_wanted,
        bottom=wanted,
        width=0.62,
        color=blend(p.background, p.muted, 0.55),
        label="Did not, or unsure",
        zorder=3,
    )
    ax_c.bar(
        x,
        n - answered,
        bottom=answered,
        width=0.62,
        color=p.background,
        edgecolor=blend(p.background, p.muted, 0.6),
        hatch="///",
        linewidth=0.6,
        label="No answer",
        zorder=3,
    )
    ax_c.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    ax_c.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{int(v)}"))
    ax_c.grid(axis="y", color=p.grid, linewidth=0.8)
    ax_c.set_axisbelow(True)
    ax_c.set_ylabel("Withdrawals", fontsize=SMALL, color=p.muted)
    ax_c.legend(
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        frameon=False,
        fontsize=SMALL,
        labelcolor=p.foreground,
        handlelength=1.2,
    )
    ax_c.set_xlim(-0.6, len(weeks) - 0.4)
    week_ticks(ax_c, [w.first for w in weeks])

    def hover(_ax: Axes | None, xv: float | None, _y: float | None) -> str | None:
        i = int(np.floor((xv or 0) + 0.5))
        if not 0 <= i < len(weeks):
            return None
        w = weeks[i]
        head = f"{day_text(w.first, year=False)} – {day_text(w.last)}: "
        head += f"{plural(w.withdrawals, 'withdrawal')}, {w.answered} answered"
        if isinstance(w.wanted_share, Proportion):
            return head + f"; part of you wanted closeness in {w.wanted} of {w.answered}"
        if w.answered:
            return head + f"; yes in {w.wanted}. {not_enough(w.wanted_share)} for a share"
        return head

    return PatternDrawing(
        "paradox",
        caption,
        3.4,
        arrays={"withdrawals": n, "answered": answered, "wanted": wanted, "share": share},
        axes=[ax_s, ax_c],
        hover=hover,
    )
