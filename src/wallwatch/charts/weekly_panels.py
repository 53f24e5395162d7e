"""The panels of the weekly chart, each built once on an ``Axes`` and then filled in place.

``build_*`` styles an axes and adds every artist it will need, without numbers; ``fill_*`` puts a
refresh's numbers into those artists. Redrawing after a change then moves bars and lines instead
of rebuilding the axes (matplotlib's advice for embedded charts).

Styling is deliberately quiet: palette colours, a light horizontal grid, no frames. Each rating
has its own marker and line style and the two directions sit on either side of a zero line, so
the chart still reads in greyscale.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from matplotlib.container import BarContainer
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

from wallwatch.charts.palette import ChartPalette
from wallwatch.domain.summary import RATING_NAMES, Breakdown, PeriodSummary

SMALL, BASE = 8.5, 9.5
MAX_FEARS = 8
COUNT_NUMBERS_UP_TO = 26
# Week labels: the weeks' panels take about this share of the figure's width, and one label
# such as "28 Sep" needs about this many points, the gap to the next included.
_WEEKS_SHARE_OF_WIDTH = 0.7
_LABEL_ROOM_PT = 40.0
_LABEL_STEPS = (1, 2, 4, 8, 13, 26)
NO_WITHDRAWALS = "No withdrawals this week"
NO_RATINGS = "No ratings in these weeks"
# Marker and line style per rating: the lines stay apart in greyscale and for colour blindness.
_STYLE = {"loneliness": ("o", "-"), "resentment": ("s", "--"), "connection": ("^", ":")}
CHECKIN_LABEL = "Check-in loneliness (UCLA-3, 3–9)"
COUNT_BAR_HEIGHT = 0.7  # the tallest bar of the rating-count strip, in rows


def week_label(d: date, *, year: bool = False) -> str:
    """``3 Nov`` (``3 Nov 2025`` with the year): how weeks are named on the chart."""
    return f"{d.day} {d:%b}" + (f" {d.year}" if year else "")


def note(ax: Axes, x: float, y: float, text: str, **style: Any) -> Text:
    """Text inside an axes, kept out of the layout calculation (it never sets the margins, and
    leaving it out keeps redraws quick when there are many labels)."""
    artist = ax.text(x, y, text, **style)
    artist.set_in_layout(False)
    return artist


class BarCollection(PolyCollection):
    """A series of bars drawn in one go: one draw call instead of one per bar (``Axes.bar``
    adds a ``Rectangle`` each, and drawing the weekly chart's 260 of them took a third of its
    time). The report finds the withdrawal bars by this type to hatch them."""


class BarSeries:
    """Vertical bars centred on ``x``, all of one colour, whose heights change in place."""

    def __init__(
        self,
        ax: Axes,
        x: np.ndarray,
        *,
        width: float,
        color: str,
        bottom: float = 0.0,
        label: str | None = None,
        **style: Any,
    ) -> None:
        self._left = np.asarray(x, dtype=float) - width / 2
        self._right = self._left + width
        self._bottom = bottom
        # No edge, like a bar's: and a zero line width, so the bars snap to pixels as bars do.
        self.collection = BarCollection(
            [], facecolors=color, edgecolors="none", linewidths=0, label=label or "_nolegend_"
        )
        self.collection.update(style)
        self.set_heights(np.zeros(len(self._left)))
        ax.add_collection(self.collection, autolim=False)

    def __len__(self) -> int:
        return len(self._left)

    def set_heights(self, heights: np.ndarray) -> None:
        top = self._bottom + np.asarray(heights, dtype=float)
        low = np.full(len(top), self._bottom)
        xs = np.stack([self._left, self._right, self._right, self._left], axis=1)
        ys = np.stack([low, low, top, top], axis=1)
        self.collection.set_verts(list(np.stack([xs, ys], axis=2)))

    @property
    def heights(self) -> np.ndarray:
        """The heights as drawn (read back from the bars themselves)."""
        corners = [np.asarray(p.vertices) for p in self.collection.get_paths()]
        return np.array([v[2, 1] - v[0, 1] for v in corners])


def _style_axes(ax: Axes, p: ChartPalette) -> None:
    ax.set_facecolor(p.background)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(p.grid)
    ax.tick_params(colors=p.muted, labelcolor=p.muted, labelsize=SMALL, length=0)
    ax.yaxis.label.set_color(p.muted)
    ax.yaxis.label.set_fontsize(SMALL)


def _legend_above(ax: Axes, p: ChartPalette, ncol: int, handlelength: float) -> Legend:
    legend = ax.legend(
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncol=ncol,
        frameon=False,
        fontsize=SMALL,
        handlelength=handlelength,
        borderaxespad=0.2,
        columnspacing=1.8,
    )
    for text in legend.get_texts():
        text.set_color(p.foreground)
    return legend


# -- ratings ----------------------------------------------------------------------------------


@dataclass
class RatingsPanel:
    lines: dict[str, Line2D]
    empty_note: Text  # shown when no week has any rating


def build_ratings(ax: Axes, x: np.ndarray, p: ChartPalette) -> RatingsPanel:
    """Weekly means as lines; NaN (a week with no rating) leaves a gap in the line."""
    _style_axes(ax, p)
    lines: dict[str, Line2D] = {}
    gaps = np.full(len(x), np.nan)
    for name in RATING_NAMES:
        marker, style = _STYLE[name]
        (lines[name],) = ax.plot(
            x,
            gaps,
            color=getattr(p, name),
            marker=marker,
            linestyle=style,
            linewidth=1.6,
            markersize=5.5 if len(x) <= 26 else 3.8,
            markeredgecolor=p.background,
            markeredgewidth=0.8,
            label=name.capitalize(),
            zorder=3,
        )
    ax.set_ylim(-0.5, 10.5)
    ax.yaxis.set_major_locator(FixedLocator([0, 5, 10]))
    ax.grid(axis="y", color=p.grid, linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_ylabel("Mean rating (0–10)")
    _legend_above(ax, p, 3, 2.8)
    empty = note(
        ax,
        0.5,
        0.5,
        NO_RATINGS,
        transform=ax.transAxes,
        ha="center",
        va="center",
        color=p.muted,
        fontsize=BASE,
    )
    return RatingsPanel(lines, empty)


def fill_ratings(panel: RatingsPanel, means: dict[str, np.ndarray]) -> None:
    for name, line in panel.lines.items():
        line.set_ydata(means[name])
    panel.empty_note.set_visible(all(np.isnan(v).all() for v in means.values()))


# -- check-ins --------------------------------------------------------------------------------


def build_checkins(ax: Axes, x: np.ndarray, p: ChartPalette) -> Line2D:
    """The weekly check-in totals on their own 3–9 scale (a different measure from the 0–10
    ratings, so they get their own panel). Filled diamonds on a dash-dot line in the foreground
    colour keep it apart from the rating lines in greyscale; NaN weeks are gaps."""
    _style_axes(ax, p)
    ax.spines["bottom"].set_visible(False)
    (line,) = ax.plot(
        x,
        np.full(len(x), np.nan),
        color=p.foreground,
        marker="D",
        linestyle="-.",
        linewidth=1.3,
        markersize=5.0 if len(x) <= 26 else 3.4,
        markerfacecolor=p.loneliness,
        markeredgecolor=p.foreground,
        markeredgewidth=0.7,
        label=CHECKIN_LABEL,
        zorder=3,
    )
    ax.set_ylim(2.5, 9.5)
    ax.yaxis.set_major_locator(FixedLocator([3, 6, 9]))
    ax.grid(axis="y", color=p.grid, linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_ylabel("Check-in")
    ax.tick_params(axis="x", labelbottom=False)
    _legend_above(ax, p, 1, 2.8)
    return line


# -- how many ratings -------------------------------------------------------------------------


@dataclass
class CountStrip:
    """How many ratings each weekly mean rests on: one row per rating, under the lines.

    Up to ``COUNT_NUMBERS_UP_TO`` weeks the counts are written out (``numbers``); beyond that
    two-digit numbers would collide, so each row becomes small bars (``bars``; the exact n is
    in the hover label).
    """

    ax: Axes
    numbers: dict[str, list[Text]] | None
    bars: dict[str, BarSeries] | None


def build_rating_counts(ax: Axes, x: np.ndarray, p: ChartPalette) -> CountStrip:
    _style_axes(ax, p)
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    rows = {name: len(RATING_NAMES) - 1 - i for i, name in enumerate(RATING_NAMES)}
    strip = CountStrip(ax, None, None)
    if len(x) <= COUNT_NUMBERS_UP_TO:
        size = SMALL - 0.5 if len(x) <= 16 else SMALL - 1.2
        strip.numbers = {
            name: [
                note(ax, xi, row, "", ha="center", va="center", fontsize=size, color=p.muted)
                for xi in x
            ]
            for name, row in rows.items()
        }
    else:
        strip.bars = {
            name: BarSeries(ax, x, bottom=row - 0.35, width=0.6, color=getattr(p, name), alpha=0.55)
            for name, row in rows.items()
        }
    ax.set_ylim(-0.6, len(RATING_NAMES) - 0.4)
    ax.set_yticks(list(rows.values()), [f"n {name}" for name in rows])
    for label, name in zip(ax.get_yticklabels(), rows, strict=True):
        label.set_color(getattr(p, name))
        label.set_fontsize(SMALL - 0.5)
    ax.tick_params(axis="x", labelbottom=False)
    return strip


def fill_rating_counts(strip: CountStrip, counts: dict[str, np.ndarray], p: ChartPalette) -> None:
    most = max(int(c.max(initial=0)) for c in counts.values())
    title = "Ratings behind each mean (n)"
    if strip.numbers is not None:
        for name, texts in strip.numbers.items():
            for text, n in zip(texts, counts[name], strict=True):
                text.set_text(str(n) if n else "–")
                text.set_color(p.foreground if n else p.muted)
    if strip.bars is not None:
        title += f": bar height, tallest = {most}"
        for name, series in strip.bars.items():
            series.set_heights(counts[name] / most * COUNT_BAR_HEIGHT if most else counts[name] * 0)
            series.collection.set_visible(bool(most))
    strip.ax.set_title(title, loc="left", fontsize=SMALL - 0.5, color=p.muted, pad=3)


# -- withdrew / opened ------------------------------------------------------------------------


@dataclass
class DirectionBars:
    ax: Axes
    withdrew: BarSeries
    opened: BarSeries


def build_direction_bars(ax: Axes, x: np.ndarray, p: ChartPalette) -> DirectionBars:
    """Opened up above the zero line, withdrew below it (the side tells them apart in grey)."""
    _style_axes(ax, p)
    ax.spines["bottom"].set_visible(False)
    opened = BarSeries(ax, x, width=0.62, color=p.opened, label="Opened up (above)", zorder=3)
    withdrew = BarSeries(ax, x, width=0.62, color=p.withdrew, label="Withdrew (below)", zorder=3)
    ax.axhline(0, color=p.muted, linewidth=0.8, zorder=4)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True, symmetric=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{abs(round(v))}"))
    ax.grid(axis="y", color=p.grid, linewidth=0.8)
    ax.set_axisbelow(True)
    ax.set_ylabel("Moments")
    _legend_above(ax, p, 2, 1.2)
    return DirectionBars(ax, withdrew, opened)


def fill_direction_bars(panel: DirectionBars, withdrew: np.ndarray, opened: np.ndarray) -> None:
    panel.opened.set_heights(opened)
    panel.withdrew.set_heights(-withdrew)
    top = max(1, int(opened.max(initial=0)), int(withdrew.max(initial=0)))
    panel.ax.set_ylim(-top * 1.18, top * 1.18)


def count_tick_labels(ax: Axes) -> tuple[str, ...]:
    """The labels the moments axis will show (they set the width of the left margin)."""
    low, high = ax.get_ylim()
    formatter = ax.yaxis.get_major_formatter()
    values = ax.yaxis.get_major_locator().tick_values(low, high)
    return tuple(formatter(v) for v in values if low <= v <= high)


# -- week labels ------------------------------------------------------------------------------


def set_week_ticks(ax: Axes, starts: list[date], selected: int | None, p: ChartPalette) -> None:
    """Week-start labels, as many as fit the figure's width; the year appears where it starts or
    changes, and the selected week's label, when it has one, stands out.

    Call again after the figure is resized: how many labels fit depends on its width.
    """
    n = len(starts)
    room = ax.figure.get_figwidth() * 72 * _WEEKS_SHARE_OF_WIDTH
    fits = max(2, int(room // _LABEL_ROOM_PT))
    step = next((s for s in _LABEL_STEPS if -(-n // s) <= fits), -(-n // fits))
    # Count back from the newest week so that the most recent one is always labelled.
    picks = list(range(n - 1, -1, -step))[::-1]
    labels = []
    for k, i in enumerate(picks):
        new_year = k == 0 or starts[picks[k - 1]].year != starts[i].year
        labels.append(week_label(starts[i]) + (f"\n{starts[i].year}" if new_year else ""))
    ax.set_xticks(picks, labels)
    # Tick labels are reused from one refresh to the next: undo an earlier highlight first.
    texts = ax.get_xticklabels()
    for text in texts:
        text.set_fontweight("normal")
        text.set_color(p.muted)
    if selected in picks:
        label = texts[picks.index(selected)]
        label.set_fontweight("bold")
        label.set_color(p.foreground)


# -- fears of one week ------------------------------------------------------------------------


def fears_message(
    fears: list[Breakdown], week: PeriodSummary | None, when: date | None
) -> str | None:
    """What the fears panel says instead of bars, or None when it has bars to show."""
    if when is None:
        return "Choose a week to see\nthe fears behind it"
    if any(f.withdrew > 0 for f in fears):
        return None
    if week is not None and week.withdrew > 0:
        return "No fears noted for\nthis week's withdrawals"
    return NO_WITHDRAWALS


def build_fears(ax: Axes, p: ChartPalette) -> None:
    ax.set_facecolor(p.background)
    ax.set_axis_off()


def draw_fears(
    ax: Axes,
    fears: list[Breakdown],
    message: str | None,
    when: date | None,
    withdrawals: int,
    p: ChartPalette,
) -> tuple[BarContainer | None, list[Artist | BarContainer]]:
    """The fears behind one week's withdrawals as horizontal bars, most frequent on top.

    A full-width bar means the fear was part of every withdrawal that week, so one withdrawal
    with one fear does not look like a crowd. Returns the bars and every artist added (the
    caller removes them before drawing another week's fears).
    """
    heading = "Fears behind withdrawals"
    if when is not None:
        heading += f"\nweek of {week_label(when, year=True)}"
    ax.set_title(heading, loc="left", fontsize=BASE, color=p.foreground, linespacing=1.5)
    added: list[Artist | BarContainer] = []
    if message is not None:
        added.append(
            note(
                ax,
                0.5,
                0.6,
                message,
                transform=ax.transAxes,
                ha="center",
                va="center",
                color=p.muted,
                fontsize=BASE,
                linespacing=1.4,
            )
        )
        return None, added
    named = [f for f in fears if f.withdrew > 0]
    shown = named[:MAX_FEARS]
    counts = np.array([f.withdrew for f in shown], dtype=float)
    y = np.arange(len(shown), dtype=float)
    fear_bars = ax.barh(y, counts, height=0.3, color=p.withdrew, zorder=3)
    added.append(fear_bars)
    for yi, item in zip(y, shown, strict=True):
        name = textwrap.shorten(item.key, width=32, placeholder="…")
        added.append(
            note(ax, 0, yi - 0.24, name, va="bottom", ha="left", fontsize=SMALL, color=p.foreground)
        )
        added.append(
            note(
                ax,
                item.withdrew,
                yi,
                f"  {item.withdrew}",
                va="center",
                ha="left",
                fontsize=SMALL,
                color=p.muted,
            )
        )
    scale = max(withdrawals, int(counts.max()))
    ax.set_xlim(0, scale * 1.22)
    if withdrawals:
        plural = "s" if withdrawals != 1 else ""
        added.append(
            note(
                ax,
                0,
                -0.75,
                f"Out of {withdrawals} withdrawal{plural} that week",
                va="bottom",
                fontsize=SMALL - 0.5,
                color=p.muted,
            )
        )
    ax.set_ylim(max(len(shown), 9) - 0.4, -1.0)
    if len(named) > len(shown):
        more = f"and {len(named) - len(shown)} more"
        added.append(note(ax, 0, len(shown) - 0.1, more, fontsize=SMALL, color=p.muted))
    return fear_bars, added
