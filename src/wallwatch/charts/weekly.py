"""The weekly chart: mean ratings with the number of ratings behind them, withdrew/opened counts,
and the fears behind one week's withdrawals.

It draws on a ``Figure`` it is given (the figure is never replaced), so the Qt canvas and a
headless export share one drawing: ``draw_weekly`` draws it afresh, ``WeeklyChart`` keeps the
axes and artists and only changes their numbers on each refresh. Empty weeks are gaps (NaN),
never zeros: a week without ratings says nothing about how the person felt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation
from matplotlib.transforms import blended_transform_factory

from wallwatch.charts.palette import ChartPalette, palette_for
from wallwatch.charts.weekly_layout import SettlingLayout
from wallwatch.charts.weekly_panels import (
    BASE,
    CHECKIN_LABEL,
    MAX_FEARS,
    NO_WITHDRAWALS,
    SMALL,
    BarSeries,
    CountStrip,
    DirectionBars,
    RatingsPanel,
    build_checkins,
    build_direction_bars,
    build_fears,
    build_rating_counts,
    build_ratings,
    count_tick_labels,
    draw_fears,
    fears_message,
    fill_direction_bars,
    fill_rating_counts,
    fill_ratings,
    set_week_ticks,
    week_label,
)
from wallwatch.domain.summary import RATING_NAMES, Breakdown, PeriodSummary
from wallwatch.private_files import atomic_binary_writer
from wallwatch.services.summaries import WeeklySeries

__all__ = [
    "CHECKIN_LABEL",
    "NO_WITHDRAWALS",
    "SAVE_FORMATS",
    "WeeklyArtists",
    "WeeklyChart",
    "describe_week",
    "draw_weekly",
    "save_weekly_chart",
    "show_hover",
    "week_label",
]

SAVE_FORMATS = (".png", ".svg")


@dataclass
class WeeklyArtists:
    """What was drawn: the plotted numbers as arrays (for tests and hit-testing), and the artists.

    ``hover_artists`` are animated: a normal draw (and so a saved file) leaves them out, and the
    canvas blits them over a cached background so hovering never redraws the whole chart.
    """

    weeks: tuple[PeriodSummary, ...]
    dates: np.ndarray  # datetime64[D], the first day of each week
    x: np.ndarray  # where the weeks are drawn: 0, 1, 2, …
    means: dict[str, np.ndarray]  # NaN where the week has no rating of that kind
    rating_counts: dict[str, np.ndarray]
    withdrew: np.ndarray
    opened: np.ndarray
    fear_names: tuple[str, ...]
    fear_counts: np.ndarray
    fears_message: str | None  # shown instead of fear bars ("No withdrawals this week"…)
    selected_index: int | None
    lines: dict[str, Line2D]
    withdrew_bars: BarSeries  # heights are negative: withdrawals go below the line
    opened_bars: BarSeries
    fear_bars: BarContainer | None
    ax_ratings: Axes
    ax_counts: Axes
    ax_bars: Axes
    ax_fears: Axes
    palette: ChartPalette
    hover_box: Annotation
    hover_bands: list[Rectangle] = field(default_factory=list)
    hovered_index: int | None = None
    # Only when check-ins were given and at least one week has one; NaN where a week has none.
    # The rating-count strip's bars (long ranges) per rating; None when counts are written out.
    count_bars: dict[str, BarSeries] | None = None
    checkin_totals: np.ndarray | None = None
    checkin_line: Line2D | None = None
    ax_checkins: Axes | None = None

    @property
    def week_axes(self) -> list[Axes]:
        """The panels laid out by week (hovering and clicking there picks a week)."""
        axes = [self.ax_ratings, self.ax_counts, self.ax_bars]
        return axes if self.ax_checkins is None else [*axes, self.ax_checkins]

    @property
    def hover_artists(self) -> list[Artist]:
        return [*self.hover_bands, self.hover_box]

    def fit_week_labels(self) -> None:
        """Thin or thicken the week labels for the figure's current width (after a resize)."""
        starts = [p.start for p in self.weeks]
        set_week_ticks(self.ax_bars, starts, self.selected_index, self.palette)

    def week_index_at(self, xdata: float | None) -> int | None:
        """The week under an x data coordinate, or None outside the weeks."""
        if xdata is None or not np.isfinite(xdata):
            return None
        i = round(xdata)
        return i if 0 <= i < len(self.weeks) else None


def describe_week(p: PeriodSummary, *, one_line: bool = False) -> str:
    """One week's values in words: what hovering and the week read-out show."""
    means = []
    for name in RATING_NAMES:
        stat = p.rating(name)
        value = "–" if stat.mean is None else f"{stat.mean:.1f}"
        means.append(f"{name.capitalize()} {value} (n={stat.count})")
    head = f"Week of {week_label(p.start, year=True)}"
    counts = f"Withdrew {p.withdrew} · Opened up {p.opened}"
    if one_line:
        return f"{head}: {counts.lower()} · " + ", ".join(m.lower() for m in means)
    return "\n".join([head, *means, counts])


class WeeklyChart:
    """The weekly chart kept on one figure: axes and artists are built once, then each
    :meth:`draw` puts new numbers into them.

    The figure is rebuilt only when its shape changes (how many weeks, whether check-ins get a
    panel, the palette) or when something else cleared it. Margins come from a
    :class:`SettlingLayout`, laid out again only when the size or the edge labels change.
    """

    def __init__(self, fig: Figure) -> None:
        self.figure = fig
        self._frame: _Frame | None = None

    @property
    def layout(self) -> SettlingLayout | None:
        return self._frame.layout if self._frame is not None else None

    def draw(
        self,
        series: WeeklySeries,
        fears: list[Breakdown],
        *,
        selected: date | None,
        palette: ChartPalette,
        checkins: Sequence[int | None] | None = None,
    ) -> WeeklyArtists:
        """Show ``series`` (see :func:`draw_weekly`); the canvas still has to be drawn."""
        weeks = series.weeks
        totals = _checkin_totals(checkins, len(weeks))
        shape = (len(weeks), totals is not None, palette)
        frame = self._frame
        if frame is None or frame.shape != shape or frame.ax_r not in self.figure.axes:
            frame = self._frame = _build(self.figure, shape)
        return _fill(frame, weeks, fears, selected, totals)


def draw_weekly(
    fig: Figure,
    series: WeeklySeries,
    fears: list[Breakdown],
    *,
    selected: date | None,
    palette: ChartPalette,
    checkins: Sequence[int | None] | None = None,
) -> WeeklyArtists:
    """Clear ``fig`` and draw the weekly chart on it; returns what was drawn.

    ``fears`` are those of the ``selected`` week (``SummaryService.fears_in_week``).
    ``checkins`` are the weeks' check-in totals (``CheckinSeries.totals``, ``None`` for a week
    without one); when any week has one they get a slim panel of their own. To redraw the same
    figure again and again (the window), keep a :class:`WeeklyChart` instead.
    """
    return WeeklyChart(fig).draw(
        series, fears, selected=selected, palette=palette, checkins=checkins
    )


@dataclass
class _Frame:
    """Everything built once for a shape of chart, and what the last fill put in it."""

    shape: tuple[int, bool, ChartPalette]
    layout: SettlingLayout
    ax_r: Axes
    ax_n: Axes
    ax_c: Axes | None
    ax_b: Axes
    ax_f: Axes
    ratings: RatingsPanel
    strip: CountStrip
    directions: DirectionBars
    checkin_line: Line2D | None
    selected_bands: list[Rectangle]
    hover_bands: list[Rectangle]
    hover_box: Annotation
    fear_artists: list[Artist | BarContainer] = field(default_factory=list)
    margins: tuple[object, ...] = ()  # what the last layout depended on

    @property
    def palette(self) -> ChartPalette:
        return self.shape[2]


def _build(fig: Figure, shape: tuple[int, bool, ChartPalette]) -> _Frame:
    n, with_checkins, palette = shape
    fig.clear()
    fig.set_facecolor(palette.background)
    layout = SettlingLayout(w_pad=0.06, h_pad=0.05, hspace=0.03, wspace=0.05)
    fig.set_layout_engine(layout)
    heights = (3.3, 0.95, 1.25, 2.3) if with_checkins else (3.3, 0.95, 2.3)
    grid = fig.add_gridspec(len(heights), 2, height_ratios=heights, width_ratios=(3.1, 1))
    ax_r = fig.add_subplot(grid[0, 0])
    ax_n = fig.add_subplot(grid[1, 0], sharex=ax_r)
    ax_c = fig.add_subplot(grid[2, 0], sharex=ax_r) if with_checkins else None
    ax_b = fig.add_subplot(grid[-1, 0], sharex=ax_r)
    ax_f = fig.add_subplot(grid[:, 1])
    x = np.arange(n, dtype=float)
    ratings = build_ratings(ax_r, x, palette)
    strip = build_rating_counts(ax_n, x, palette)
    directions = build_direction_bars(ax_b, x, palette)
    checkin_line = build_checkins(ax_c, x, palette) if ax_c is not None else None
    build_fears(ax_f, palette)
    ax_r.tick_params(axis="x", labelbottom=False)
    ax_r.set_xlim(-0.6, n - 0.4)
    alpha = 0.12 if palette.dark else 0.07
    week_axes = (ax_r, ax_n, ax_b) if ax_c is None else (ax_r, ax_n, ax_c, ax_b)
    # The selected week's band (moved or hidden by each fill), then the hover band, which is
    # animated: the canvas blits it over a cached picture of the chart.
    selected_bands, hover_bands = [], []
    for ax in week_axes:
        band = ax.axvspan(0, 1, color=palette.foreground, alpha=alpha, lw=0, visible=False)
        band.set_in_layout(False)
        selected_bands.append(band)
    for ax in week_axes:
        band = ax.axvspan(0, 1, color=palette.foreground, alpha=alpha * 0.6, lw=0, visible=False)
        band.set_in_layout(False)
        band.set_animated(True)
        hover_bands.append(band)
    return _Frame(
        shape=shape,
        layout=layout,
        ax_r=ax_r,
        ax_n=ax_n,
        ax_c=ax_c,
        ax_b=ax_b,
        ax_f=ax_f,
        ratings=ratings,
        strip=strip,
        directions=directions,
        checkin_line=checkin_line,
        selected_bands=selected_bands,
        hover_bands=hover_bands,
        hover_box=_hover_box(fig, ax_r, palette),
    )


def _fill(
    frame: _Frame,
    weeks: tuple[PeriodSummary, ...],
    fears: list[Breakdown],
    selected: date | None,
    totals: np.ndarray | None,
) -> WeeklyArtists:
    """Put one refresh's numbers into the frame's artists."""
    palette = frame.palette
    starts = [p.start for p in weeks]
    x = np.arange(len(weeks), dtype=float)
    means = {
        n: np.array([np.nan if (m := p.rating(n).mean) is None else m for p in weeks], dtype=float)
        for n in RATING_NAMES
    }
    counts = {n: np.array([p.rating(n).count for p in weeks], dtype=int) for n in RATING_NAMES}
    withdrew = np.array([p.withdrew for p in weeks], dtype=int)
    opened = np.array([p.opened for p in weeks], dtype=int)

    fill_ratings(frame.ratings, means)
    fill_rating_counts(frame.strip, counts, palette)
    fill_direction_bars(frame.directions, withdrew, opened)
    if frame.checkin_line is not None and totals is not None:
        frame.checkin_line.set_ydata(totals)
    index = starts.index(selected) if selected in starts else None
    set_week_ticks(frame.ax_b, starts, index, palette)
    for band in frame.selected_bands:
        band.set_visible(index is not None)
        if index is not None:
            band.set_x(index - 0.5)
            band.set_width(1.0)
    for band in frame.hover_bands:
        band.set_visible(False)
    frame.hover_box.set_visible(False)

    for artist in frame.fear_artists:
        artist.remove()
    week = weeks[index] if index is not None else None
    message = fears_message(fears, week, selected)
    fear_bars, frame.fear_artists = draw_fears(
        frame.ax_f, fears, message, selected, week.withdrew if week else 0, palette
    )
    shown = [f for f in fears if f.withdrew > 0][:MAX_FEARS] if message is None else []
    _settle_margins(frame)

    return WeeklyArtists(
        weeks=weeks,
        dates=np.array(starts, dtype="datetime64[D]"),
        x=x,
        means=means,
        rating_counts=counts,
        withdrew=withdrew,
        opened=opened,
        fear_names=tuple(f.key for f in shown),
        fear_counts=np.array([f.withdrew for f in shown], dtype=int),
        fears_message=message,
        selected_index=index,
        lines=frame.ratings.lines,
        withdrew_bars=frame.directions.withdrew,
        opened_bars=frame.directions.opened,
        fear_bars=fear_bars,
        ax_ratings=frame.ax_r,
        ax_counts=frame.ax_n,
        ax_bars=frame.ax_b,
        ax_fears=frame.ax_f,
        palette=palette,
        hover_box=frame.hover_box,
        hover_bands=frame.hover_bands,
        count_bars=frame.strip.bars,
        checkin_totals=totals,
        checkin_line=frame.checkin_line,
        ax_checkins=frame.ax_c,
    )


def _settle_margins(frame: _Frame) -> None:
    """Ask for a new layout when a text that sets a margin changed: the week labels and the
    moments axis's numbers, and the titles of the count strip and of the fears. Their exact
    text is compared (the ink of "Jul" is not that of "Nov"), so a chart filled in place is
    laid out exactly as one drawn afresh; the layout is kept for a refresh with the same
    weeks and selection."""
    margins = (
        tuple(t.get_text() for t in frame.ax_b.get_xticklabels()),
        count_tick_labels(frame.ax_b),
        frame.ax_n.get_title(loc="left"),
        frame.ax_f.get_title(loc="left"),
    )
    if margins != frame.margins:
        frame.margins = margins
        frame.layout.unsettle()


def _checkin_totals(checkins: Sequence[int | None] | None, weeks: int) -> np.ndarray | None:
    """The check-in totals as floats with NaN gaps, or None when there is nothing to draw."""
    if checkins is None:
        return None
    if len(checkins) != weeks:
        raise ValueError(f"{len(checkins)} check-in totals for {weeks} weeks")
    if all(t is None for t in checkins):
        return None
    return np.array([np.nan if t is None else t for t in checkins], dtype=float)


def _hover_box(fig: Figure, ax: Axes, p: ChartPalette) -> Annotation:
    """A figure-level label (drawn above every panel) anchored to a week of the ratings panel."""
    box = Annotation(
        "",
        xy=(0, 0.97),
        xycoords=blended_transform_factory(ax.transData, ax.transAxes),
        xytext=(8, 0),
        textcoords="offset points",
        va="top",
        ha="left",
        multialignment="left",
        fontsize=SMALL,
        color=p.foreground,
        linespacing=1.5,
        visible=False,
        annotation_clip=False,
        bbox={
            "boxstyle": "round,pad=0.6",
            "facecolor": p.background,
            "edgecolor": p.muted,
            "linewidth": 0.6,
            "alpha": 0.97,
        },
    )
    box.set_in_layout(False)
    box.set_animated(True)
    fig.add_artist(box)
    return box


def show_hover(artists: WeeklyArtists, index: int | None) -> bool:
    """Show week ``index``'s values beside it (None hides them); True if anything changed."""
    if index == artists.hovered_index:
        return False
    artists.hovered_index = index
    for band in artists.hover_bands:
        band.set_visible(index is not None)
        if index is not None:
            band.set_x(index - 0.5)
            band.set_width(1.0)
    box = artists.hover_box
    box.set_visible(index is not None)
    if index is not None:
        # Keep the box on the side of the week with more room.
        right_half = index > (len(artists.weeks) - 1) / 2
        box.xy = (index + (-0.5 if right_half else 0.5), 0.97)
        box.set_position((-6, 0) if right_half else (6, 0))
        box.set_horizontalalignment("right" if right_half else "left")
        text = describe_week(artists.weeks[index])
        if artists.checkin_totals is not None:
            total = artists.checkin_totals[index]
            text += "\nNo check-in" if np.isnan(total) else f"\nLoneliness check-in {total:.0f}/9"
        box.set_text(text)
    return True


def save_weekly_chart(
    series: WeeklySeries,
    fears: list[Breakdown],
    path: Path,
    *,
    dark: bool = False,
    selected: date | None = None,
    checkins: Sequence[int | None] | None = None,
) -> Path:
    """Draw the chart off screen and write it to ``path`` (PNG or SVG, owner-only, atomic).

    ``fears`` belong to ``selected``, by default the newest week of ``series``; ``checkins`` are
    as for ``draw_weekly``. Raises
    ``ValueError`` for any other file type and ``PrivateFileError`` if it cannot be written.
    """
    suffix = path.suffix.lower()
    if suffix not in SAVE_FORMATS:
        shown = f"not as {path.suffix}" if path.suffix else f"and {path.name} has no extension"
        raise ValueError(f"a chart can be saved as .png or .svg only, {shown}")
    palette = palette_for(dark)
    fig = Figure(figsize=(10.4, 6.4), dpi=100)
    FigureCanvasAgg(fig)
    when = selected or series.weeks[-1].start
    draw_weekly(fig, series, fears, selected=when, palette=palette, checkins=checkins)
    first, last = series.weeks[0].start, series.weeks[-1].start
    fig.suptitle(
        f"WallWatch · weeks of {week_label(first, year=True)} to {week_label(last, year=True)}",
        x=0.01,
        ha="left",
        fontsize=BASE + 1,
        color=palette.foreground,
    )
    # No creation date in the file: a chart says nothing beyond what it shows.
    metadata: dict[str, str | None] = {"Date": None} if suffix == ".svg" else {}
    with atomic_binary_writer(path) as fh:
        fig.savefig(fh, format=suffix[1:], dpi=150, facecolor=palette.background, metadata=metadata)
    return path
