"""The year in squares: one square per day, coloured by that day's balance (openings minus
withdrawals), weeks as columns and weekdays as rows.

Days without moments keep a faint tint (no moments is not the same as an even day). When fewer
weeks than the year are chosen above, the days before them are faded, and the caption counts the
chosen weeks (the same numbers the insight sentence uses) as well as the whole year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from wallwatch.charts.palette import ChartPalette
from wallwatch.charts.patterns_style import (
    SMALL,
    PatternDrawing,
    balance_colours,
    cell_at,
    cell_gaps,
    empty_cell,
    quiet,
    start,
)
from wallwatch.charts.patterns_text import day_text, plural, span_text
from wallwatch.domain.calendar import WEEKDAY_NAMES, week_start
from wallwatch.domain.patterns import Calendar, CalendarDay, DateRange

_FADE = 0.62  # how far days before the chosen weeks are moved towards the background
_CLIP = 3  # balances beyond ±3 share the strongest colour


@dataclass
class CalendarDrawing(PatternDrawing):
    """A calendar also knows which day sits in which square, and can mark the one picked."""

    first_column: date = date.min
    year: Calendar | None = None
    marker: Rectangle | None = None

    def day_at(self, x: float | None, y: float | None) -> date | None:
        """The day under a point of the calendar (data units), or None off the days."""
        if x is None or y is None or self.year is None:
            return None
        cell = cell_at(x, y, 7, self.arrays["balance"].shape[1])
        if cell is None:
            return None
        day = self.first_column + timedelta(days=7 * cell[1] + cell[0])
        return day if day in self.year.span else None

    def position(self, day: date) -> tuple[int, int]:
        """(row, column) of ``day``'s square."""
        offset = (day - self.first_column).days
        return offset % 7, offset // 7

    def mark(self, day: date | None) -> None:
        """Outline ``day``'s square (None removes the outline)."""
        if self.marker is None:
            return
        if day is None or self.year is None or day not in self.year.span:
            self.marker.set_visible(False)
            return
        row, col = self.position(day)
        self.marker.set_xy((col - 0.5, row - 0.5))
        self.marker.set_visible(True)


def describe_day(d: CalendarDay) -> str:
    head = f"{d.day:%a} {day_text(d.day)}"
    if d.balance is None:
        return f"{head}: no moments"
    if d.balance > 0:
        lean = f"{plural(d.balance, 'more opening')}"
    elif d.balance < 0:
        lean = f"{plural(-d.balance, 'more withdrawal')}"
    else:
        lean = "even"
    return f"{head}: withdrew {d.withdrew}, opened up {d.opened} ({lean})"


def _lean_counts(days: list[CalendarDay]) -> tuple[int, int, int, int]:
    recorded = [d for d in days if d.balance is not None]
    up = sum(1 for d in recorded if (d.balance or 0) > 0)
    down = sum(1 for d in recorded if (d.balance or 0) < 0)
    return len(recorded), up, down, len(recorded) - up - down


def calendar_caption(year: Calendar, chosen: DateRange) -> str:
    def said(days: list[CalendarDay]) -> str:
        recorded, up, down, even = _lean_counts(days)
        if not recorded:
            return "no days with moments"
        return (
            f"{plural(recorded, 'day')} with moments — more openings on {up}, "
            f"more withdrawals on {down}, even on {even}"
        )

    in_chosen = [d for d in year.days if d.day in chosen]
    text = f"Chosen weeks ({span_text(chosen)}): {said(in_chosen)}."
    if chosen.first > year.span.first:
        text += f" Whole year: {said(list(year.days))}."
    return text + " Click a day to see its moments."


def draw_calendar(
    fig: Figure, year: Calendar, chosen: DateRange, week_start_day: int, p: ChartPalette
) -> CalendarDrawing:
    """Every day of ``year`` as a square; days of ``year`` before ``chosen`` are faded."""
    start(fig, p)
    ax = fig.add_subplot()
    quiet(ax, p)
    first_column = week_start(year.span.first, week_start_day)
    columns = (year.span.last - first_column).days // 7 + 1
    balance = np.full((7, columns), np.nan)
    image = np.zeros((7, columns, 4))
    colours = balance_colours(p)
    for d in year.days:
        offset = (d.day - first_column).days
        row, col = offset % 7, offset // 7
        if d.balance is None:
            rgb = empty_cell(p)
        else:
            balance[row, col] = d.balance
            step = int(np.clip(d.balance, -_CLIP, _CLIP)) + _CLIP
            r, g, b, _ = colours(step)
            rgb = (r, g, b)
        if d.day < chosen.first:
            rgb = blend_rgb(rgb, p.background, _FADE)
        image[row, col] = (*rgb, 1.0)
    ax.imshow(image, aspect="equal", interpolation="nearest")
    ax.set_anchor("S")  # spare height goes above the months, not between the days and legend
    cell_gaps(ax, np.arange(columns + 1) - 0.5, np.arange(8) - 0.5, p.background, 1.4)
    rows = [(week_start_day + r) % 7 for r in range(7)]
    ax.set_yticks([0, 2, 4, 6], [WEEKDAY_NAMES[rows[r]][:3] for r in (0, 2, 4, 6)])
    _month_ticks(ax, first_column, columns, year.span)
    marker = Rectangle(
        (0, 0), 1, 1, fill=False, edgecolor=p.foreground, linewidth=1.8, visible=False, zorder=5
    )
    marker.set_in_layout(False)
    ax.add_patch(marker)
    _legend(fig, p, faded=chosen.first > year.span.first)
    by_day = {d.day: d for d in year.days}

    drawing = CalendarDrawing(
        "calendar",
        calendar_caption(year, chosen),
        2.0,
        arrays={"balance": balance},
        axes=[ax],
        first_column=first_column,
        year=year,
        marker=marker,
    )

    def hover(_ax: Axes | None, xv: float | None, yv: float | None) -> str | None:
        day = drawing.day_at(xv, yv)
        return describe_day(by_day[day]) if day is not None else None

    drawing.hover = hover
    return drawing


def blend_rgb(
    rgb: tuple[float, float, float], towards: str, t: float
) -> tuple[float, float, float]:
    (r, g, b), (tr, tg, tb) = rgb, to_rgb(towards)
    return (r + (tr - r) * t, g + (tg - g) * t, b + (tb - b) * t)


def _month_ticks(ax: Axes, first_column: date, columns: int, span: DateRange) -> None:
    """A month's short name above the column holding its first day, with the year on January
    (and on the first label when no January is shown)."""
    starts: list[tuple[int, date]] = []
    for col in range(columns):
        for row in range(7):
            day = first_column + timedelta(days=7 * col + row)
            if day in span and (day.day == 1 or day == span.first):
                starts.append((col, day))
                break
    if len(starts) > 1 and starts[1][0] - starts[0][0] < 3:  # a partial first month collides
        starts = starts[1:]
    has_january = any(d.month == 1 for _, d in starts)
    labels = [
        f"{d:%b}" + (f" {d.year}" if d.month == 1 or (i == 0 and not has_january) else "")
        for i, (_, d) in enumerate(starts)
    ]
    ax.xaxis.tick_top()
    ax.set_xticks([c for c, _ in starts], labels, ha="left")


def _legend(fig: Figure, p: ChartPalette, *, faded: bool) -> None:
    colours = balance_colours(p)
    handles = [
        Patch(color=colours(0), label="More withdrawals"),
        Patch(color=colours(_CLIP), label="Even"),
        Patch(color=colours(2 * _CLIP), label="More openings"),
        Patch(color=empty_cell(p), label="No moments"),
    ]
    if faded:
        r, g, b, _ = colours(_CLIP + 2)
        faded_colour = blend_rgb((r, g, b), p.background, _FADE)
        handles.append(Patch(color=faded_colour, label="Before the chosen weeks"))
    legend = fig.legend(
        handles=handles,
        loc="outside lower left",
        ncol=len(handles),
        frameon=False,
        fontsize=SMALL,
        handlelength=1.0,
        handleheight=1.0,
        columnspacing=1.4,
    )
    for text in legend.get_texts():
        text.set_color(p.foreground)
