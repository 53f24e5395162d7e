"""The report's chart pages: the weekly overview and one page per Patterns chart. The charts are
the app's own drawings, made on A4 figures, with marks added so they read in greyscale."""

from __future__ import annotations

import re
from datetime import timedelta

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.patches import Rectangle

from wallwatch.charts.palette import ChartPalette
from wallwatch.charts.patterns import CHART_KEYS, TITLES, CalendarDrawing, draw_pattern
from wallwatch.charts.patterns_style import balance_colours, ink_on
from wallwatch.charts.patterns_text import comparison_text
from wallwatch.charts.report_fonts import use_fallback_fonts
from wallwatch.charts.report_layout import (
    BODY,
    CONTENT_W,
    MARGIN_X,
    PAGE_H,
    PAGE_W,
    SMALL,
    Document,
    line_height,
)
from wallwatch.charts.report_table import Column, Row, Table
from wallwatch.charts.weekly import draw_weekly
from wallwatch.charts.weekly_panels import BarCollection, week_label
from wallwatch.domain.summary import RATING_NAMES, RatingStat
from wallwatch.services.report_data import ReportData

WEEKLY_HEIGHT = 5.4
LEGEND_ROOM = 0.3
NOT_ENOUGH = "Not enough data yet — "
# Heights (inches) that read better on paper than the window's: a few weeks of calendar squares
# are tiny at the window's height.
MIN_HEIGHT = {"calendar": 2.8}
# The Patterns charts are sized for the window (about 8 in wide); the page is a little narrower.
CHART_STRETCH = 1.08
_INTERACTIVE = (
    re.compile(r"[;:,]?\s*point at [^.]*", re.IGNORECASE),
    re.compile(r"\s*(?:Click|Point at|Hover)[^.]*\.", re.IGNORECASE),
)


def printable(caption: str) -> str:
    """A chart caption without the window's "point at…" and "click…" invitations."""
    for pattern in _INTERACTIVE:
        caption = pattern.sub("", caption)
    return caption.strip()


def mark_withdrawals(fig: Figure, p: ChartPalette) -> int:
    """Hatch every withdrawal bar (legend keys included), so withdrew and opened up differ by
    texture as well as by colour on a greyscale print. Returns how many patches were marked."""
    ink = to_rgb(p.withdrew)
    marked = 0
    for patch in fig.findobj(Rectangle):
        if patch.get_fill() and to_rgb(patch.get_facecolor()) == ink:
            patch.set_hatch("////")
            patch.set_hatchcolor("#f3e2d3")
            patch.set_hatch_linewidth(0.6)
            marked += 1
    # The weekly chart draws each series of bars as one collection.
    for bars in fig.findobj(BarCollection):
        if to_rgb(bars.get_facecolor()[0]) == ink:
            bars.set_hatch("////")
            bars.set_hatchcolor("#f3e2d3")
            bars.set_hatch_linewidth(0.6)
            marked += len(bars.get_paths())
    return marked


# The window's calendar shows a year; the report's shows only the chosen range.
PAGE_TITLES = {**TITLES, "calendar": "Day by day"}
_SIGNS = {"More withdrawals": "−", "Even": "=", "More openings": "+"}


def mark_calendar_days(drawing: CalendarDrawing, p: ChartPalette) -> int:
    """A sign in each day's square (+ more openings, − more withdrawals, = even), so the
    calendar reads without its colours; returns how many days were marked."""
    if drawing.year is None or not drawing.axes or drawing.arrays["balance"].shape[1] > 26:
        return 0  # a year's squares are too small to hold a sign
    ax = drawing.axes[0]
    colours = balance_colours(p)
    marked = 0
    for day in drawing.year.days:
        if day.balance is None:
            continue
        row, col = drawing.position(day.day)
        sign = "+" if day.balance > 0 else "−" if day.balance < 0 else "="
        cell = colours(int(np.clip(day.balance, -3, 3)) + 3)
        ax.text(col, row, sign, ha="center", va="center", fontsize=8, color=ink_on(cell, p))
        marked += 1
    for legend in ax.figure.legends:
        for text in legend.get_texts():
            if text.get_text() in _SIGNS:
                text.set_text(f"{text.get_text()} ({_SIGNS[text.get_text()]})")
    return marked


def section_title(doc: Document, over: str, title: str) -> None:
    doc.text(MARGIN_X, doc.y, over.upper(), 7.5, color=doc.palette.muted, fontweight="bold")
    doc.y += line_height(7.5) + 0.02
    doc.text(MARGIN_X, doc.y, title, 14.0, fontweight="bold")
    doc.y += line_height(14.0) + 0.1


def _place_chart(fig: Figure, top: float, height: float) -> None:
    """Confine the chart's own layout to a band of the page, below its title.

    Figure-level legends would sit at the page's foot; they are pinned under the band instead.
    """
    band = (MARGIN_X / PAGE_W, 1 - (top + height) / PAGE_H, CONTENT_W / PAGE_W, height / PAGE_H)
    room = LEGEND_ROOM / PAGE_H if fig.legends else 0.0
    for legend in fig.legends:
        legend.set_bbox_to_anchor((band[0], band[1], band[2], room), transform=fig.transFigure)
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(rect=(band[0], band[1] + room, band[2], band[3] - room))


# -- weekly ---------------------------------------------------------------------------------


def _mean(stat: RatingStat) -> str:
    return "–" if stat.mean is None else f"{stat.mean:.1f} (n={stat.count})"


def weekly_section(doc: Document, data: ReportData) -> None:
    """The weekly chart (with the check-in line when there are check-ins), then every week's
    numbers in a table."""
    fig = Figure(figsize=(PAGE_W, PAGE_H), dpi=100)
    weeks = data.weekly.weeks
    latest = weeks[-1].start
    totals = [w.score for w in data.checkins.weeks]
    draw_weekly(
        fig,
        data.weekly,
        [f for f in data.latest_fears if f.withdrew > 0],
        selected=latest,
        palette=doc.palette,
        checkins=totals if len(totals) == len(weeks) and data.checkins.recorded else None,
    )
    mark_withdrawals(fig, doc.palette)
    use_fallback_fonts(fig)
    doc.new_page(fig)
    section_title(doc, "Week by week", "Moments and ratings, week by week")
    _place_chart(fig, doc.y, WEEKLY_HEIGHT)
    doc.y += WEEKLY_HEIGHT + 0.15
    notes = [
        "Lines: each week's mean rating (0–10) with the number of ratings behind it; a gap is "
        "a week without that rating. Bars: openings above the line, withdrawals (hatched) below.",
        f"The panel on the right shows the fears behind withdrawals in the latest week, "
        f"the week of {week_label(latest, year=True)}.",
    ]
    if data.checkins.recorded:
        notes.append(
            "Check-in: the weekly check-in's loneliness score (3–9, higher: lonelier); "
            "a gap is a week without one."
        )
    if weeks[0].start < data.span.first or weeks[-1].start + timedelta(days=6) > data.span.last:
        notes.append("Weeks at either end count only their days inside the report's range.")
    for text in notes:
        doc.paragraph(text, SMALL, colour=doc.palette.muted, after=0.03)
    doc.space(0.12)
    _weekly_table(doc, data)


def _weekly_table(doc: Document, data: ReportData) -> None:
    columns = [
        Column("Week of", 1.05),
        Column("Withdrew", 0.75, "right"),
        Column("Opened up", 0.8, "right"),
        *(Column(n.capitalize(), 1.15, "right") for n in RATING_NAMES),
    ]
    checkins = data.checkins
    scores = {w.first: w.score for w in checkins.weeks} if checkins.recorded else None
    if scores is not None:
        columns.append(Column("Check-in (3–9)", 0.95, "right"))
    rows = []
    for w in data.weekly.weeks:
        cells = [
            week_label(w.start, year=True),
            str(w.withdrew),
            str(w.opened),
            *(_mean(w.rating(n)) for n in RATING_NAMES),
        ]
        if scores is not None:
            score = scores.get(w.start)
            cells.append("–" if score is None else str(score))
        rows.append(Row(tuple(cells)))
    Table(tuple(columns), size=SMALL, continued="Week by week").draw(doc, rows)
    wishes = [w for w in checkins.weeks if w.want_more]
    if wishes:
        doc.space(0.12)
        doc.heading("What I want more of, from the weekly check-ins", 10.0, keep_with=0.3)
        doc.bullets([f"Week of {week_label(w.first)}: {w.want_more}" for w in wishes], SMALL)


# -- Patterns -------------------------------------------------------------------------------


def pattern_sections(data: ReportData, palette: ChartPalette) -> tuple[Document, list[str]]:
    """One page per Patterns chart that has something to show; the others are returned as
    "title: why" lines for the summary."""
    doc = Document(palette)
    missing: list[str] = []
    report = data.patterns
    if data.total == 0:
        return doc, missing  # the summary says there is nothing; seven empty charts add nothing
    for key in CHART_KEYS:
        fig = Figure(figsize=(PAGE_W, PAGE_H), dpi=100)
        drawing = draw_pattern(key, fig, report, palette, week_start_day=data.week_start_day)
        if drawing.empty:
            why = "; ".join(m.replace(NOT_ENOUGH, "").replace("\n", "; ") for m in drawing.messages)
            missing.append(f"{PAGE_TITLES[key]} ({why or 'nothing to show'})")
            continue
        mark_withdrawals(fig, palette)
        if isinstance(drawing, CalendarDrawing):
            mark_calendar_days(drawing, palette)
        use_fallback_fonts(fig)
        doc.new_page(fig)
        section_title(doc, "Patterns", PAGE_TITLES[key])
        height = min(max(drawing.height * CHART_STRETCH, MIN_HEIGHT.get(key, 0.0)), 6.8)
        if key == "people":
            _fit_people_titles(drawing.axes[0])
        _place_chart(fig, doc.y, height)
        doc.y += height + 0.2
        doc.paragraph(printable(drawing.caption), SMALL, colour=doc.palette.muted)
        for text in drawing.messages:
            doc.paragraph(text, SMALL, colour=doc.palette.muted)
        said = [i.text for i in report.insights if i.chart == key]
        if said:
            doc.space(0.08)
            doc.text(MARGIN_X, doc.y, "What stands out", BODY, fontweight="bold")
            doc.y += line_height(BODY) + 0.04
            doc.bullets(said, BODY)
        if key == "cost":
            _cost_numbers(doc, data)
    return doc, missing


def _fit_people_titles(ax: Axes) -> None:
    """The page is narrower than the window: the two small titles over the people's bars
    would touch, so they are set a size smaller."""
    for loc in ("left", "right"):
        title = ax.get_title(loc=loc)
        if title:
            ax.set_title(title, loc=loc, fontsize=7.0, color=ax.title.get_color(), pad=6)


def _cost_numbers(doc: Document, data: ReportData) -> None:
    cost = data.patterns.cost
    notable = [
        comparison_text(c, next_day=next_day).replace("\n", " ")
        for next_day, group in ((False, cost.same_day), (True, cost.next_day))
        for c in group
        if c.notable
    ]
    if not notable:
        return
    doc.space(0.08)
    doc.text(
        MARGIN_X, doc.y, "The numbers behind the notable differences", SMALL, fontweight="bold"
    )
    doc.y += line_height(SMALL) + 0.04
    doc.bullets(notable, SMALL - 0.5, colour=doc.palette.muted)
