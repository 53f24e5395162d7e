"""The People chart: with whom walls went up and with whom the person opened up.

One row per person, three columns sharing the rows: withdrawals (left of a centre line) and
openings (right of it); the openness share and average connection in words; and the openness
share week by week, coloured only in weeks with at least the minimum number of moments.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap, to_rgb
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from wallwatch.charts.palette import ChartPalette
from wallwatch.charts.patterns_counts import week_ticks
from wallwatch.charts.patterns_style import (
    SMALL,
    PatternDrawing,
    blend,
    cell_at,
    cell_gaps,
    empty_cell,
    heading,
    only_message,
    quiet,
    start,
)
from wallwatch.charts.patterns_text import day_text, not_enough, percent, plural
from wallwatch.domain.patterns import (
    InsufficientData,
    Mean,
    PeoplePatterns,
    PersonPattern,
    Proportion,
)

MAX_PEOPLE = 10
SAFE_MARK = " · safe"
_SEPARATE_WEEKS_UP_TO = 16


def person_label(person: PersonPattern) -> str:
    return person.name + (SAFE_MARK if person.safe else "")


def openness_text(person: PersonPattern) -> str:
    share = person.openness
    if isinstance(share, Proportion):
        return (
            f"{share.part} of {plural(share.whole, 'moment')} were openings "
            f"({percent(share.part, share.whole)})"
        )
    return f"Openness: {not_enough(share).lower()}"


def connection_text(person: PersonPattern) -> str:
    c = person.connection
    if isinstance(c, Mean):
        return f"Average connection {c.value:.1f} (n={c.count})"
    return f"Connection: {not_enough(c).lower()}"


def people_caption(result: PeoplePatterns) -> str:
    named = sum(person.total for person in result.people)
    caption = f"{plural(named, 'moment')} with someone named"
    if isinstance(result.overall_openness, Proportion):
        o = result.overall_openness
        caption += f"; across all moments, {o.part} of {o.whole} were openings"
    caption += "."
    if result.moments_without_person:
        caption += f" {plural(result.moments_without_person, 'moment')} named no one."
    if any(person.safe for person in result.people):
        caption += " “Safe” marks people you marked as safe."
    return caption


def _openness_map(p: ChartPalette) -> LinearSegmentedColormap:
    return LinearSegmentedColormap.from_list(
        "openness",
        [to_rgb(p.withdrew), blend(p.background, p.muted, 0.35), to_rgb(p.opened)],
    )


def draw_people(fig: Figure, result: PeoplePatterns, p: ChartPalette) -> PatternDrawing:
    caption = people_caption(result)
    if isinstance(result.overall_openness, InsufficientData):
        return only_message(fig, "people", not_enough(result.overall_openness), caption, p)
    people = result.people[:MAX_PEOPLE]
    if not people:
        return only_message(fig, "people", "No one was named in these moments", caption, p)
    if len(result.people) > len(people):
        caption += f" Showing the {len(people)} people with the most moments."
    start(fig, p)
    grid = fig.add_gridspec(1, 3, width_ratios=(1.0, 1.25, 1.6))
    ax_b = fig.add_subplot(grid[0])
    ax_t = fig.add_subplot(grid[1], sharey=ax_b)
    ax_w = fig.add_subplot(grid[2], sharey=ax_b)
    for ax in (ax_b, ax_t, ax_w):
        quiet(ax, p)

    y = np.arange(len(people), dtype=float)
    withdrew = np.array([q.withdrew for q in people], dtype=int)
    opened = np.array([q.opened for q in people], dtype=int)
    ax_b.barh(y, -withdrew, height=0.5, color=p.withdrew, label="Withdrew", zorder=3)
    ax_b.barh(y, opened, height=0.5, color=p.opened, label="Opened up", zorder=3)
    ax_b.axvline(0, color=p.muted, linewidth=0.8, zorder=4)
    top = int(max(withdrew.max(), opened.max(), 1))
    ax_b.set_xlim(-top * 1.1, top * 1.1)
    ax_b.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True, symmetric=True))
    ax_b.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{abs(round(v))}"))
    ax_b.grid(axis="x", color=p.grid, linewidth=0.8)
    ax_b.set_axisbelow(True)
    ax_b.set_ylim(len(people) - 0.5, -0.5)
    ax_b.set_yticks(y, [person_label(q) for q in people])
    for label in ax_b.get_yticklabels():
        label.set_color(p.foreground)
    ax_b.set_title("◂ Withdrew", loc="left", fontsize=SMALL, color=p.foreground, pad=6)
    ax_b.set_title("Opened up ▸", loc="right", fontsize=SMALL, color=p.foreground, pad=6)

    ax_t.set_axis_off()
    for yi, q in zip(y, people, strict=True):
        ax_t.text(
            0.02,
            yi - 0.13,
            openness_text(q),
            va="center",
            fontsize=SMALL,
            color=p.foreground,
            transform=ax_t.get_yaxis_transform(),
        )
        ax_t.text(
            0.02,
            yi + 0.2,
            connection_text(q),
            va="center",
            fontsize=SMALL - 0.5,
            color=p.muted,
            transform=ax_t.get_yaxis_transform(),
        )

    weeks = people[0].weeks
    weekly = np.array(
        [
            [w.openness.value if isinstance(w.openness, Proportion) else np.nan for w in q.weeks]
            for q in people
        ],
        dtype=float,
    )
    ax_w.set_facecolor(empty_cell(p))  # a week with no moments: a faint square, not a colour
    ax_w.imshow(
        np.ma.masked_invalid(weekly),
        cmap=_openness_map(p),
        vmin=0,
        vmax=1,
        aspect="auto",
        interpolation="nearest",
    )
    few = [
        (c, r)
        for r, q in enumerate(people)
        for c, w in enumerate(q.weeks)
        if isinstance(w.openness, InsufficientData) and w.withdrew + w.opened > 0
    ]
    if few:
        cx, cy = zip(*few, strict=True)
        size = 9 if len(weeks) <= _SEPARATE_WEEKS_UP_TO else 3
        ax_w.scatter(cx, cy, s=size, color=p.muted, zorder=3, label="Too few moments that week")
    ax_w.set_xlim(-0.5, len(weeks) - 0.5)
    # Beyond _SEPARATE_WEEKS_UP_TO weeks, gaps between the weeks would be stripes.
    separate = len(weeks) <= _SEPARATE_WEEKS_UP_TO
    week_gaps = np.arange(len(weeks)) - 0.5 if separate else np.array([])
    cell_gaps(ax_w, week_gaps, y - 0.5, p.background, 1.5)
    ax_w.tick_params(axis="y", labelleft=False)
    week_ticks(ax_w, [w.first for w in weeks], most=5)
    heading(ax_w, "Share of openings, week by week", p)
    caption += (
        " Weekly squares: blue = mostly openings, orange = mostly withdrawals; "
        "a dot marks a week with too few moments for a share."
    )

    def hover(ax: Axes | None, xv: float | None, yv: float | None) -> str | None:
        assert xv is not None and yv is not None
        i = int(np.floor(yv + 0.5))
        if not 0 <= i < len(people):
            return None
        q = people[i]
        if ax is ax_w:
            cell = cell_at(xv, yv, len(people), len(weeks))
            if cell is None:
                return None
            w = q.weeks[cell[1]]
            text = (
                f"{q.name}, {day_text(w.first, year=False)} – {day_text(w.last)}: "
                f"withdrew {w.withdrew}, opened up {w.opened}"
            )
            if isinstance(w.openness, InsufficientData):
                return text + f"\n{not_enough(w.openness)} for a share"
            return text + f" ({percent(w.openness.part, w.openness.whole)} openings)"
        return (
            f"{person_label(q)}: withdrew {q.withdrew}, opened up {q.opened}\n"
            f"{openness_text(q)}\n{connection_text(q)}"
        )

    return PatternDrawing(
        "people",
        caption,
        0.95 + 0.5 * len(people),
        arrays={
            "withdrew": withdrew,
            "opened": opened,
            "weekly_openness": weekly,
            "names": np.array([q.name for q in people]),
        },
        axes=[ax_b, ax_t, ax_w],
        hover=hover,
    )
