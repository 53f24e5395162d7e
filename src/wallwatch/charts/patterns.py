"""The Patterns charts, one per section of a :class:`PatternReport`, drawn on a given ``Figure``.

Pure matplotlib (no pyplot, no Qt): the window draws them on its canvases and tests draw them
headless. Each chart returns a :class:`PatternDrawing` with the numbers it plotted, its caption
and, below the minimum sample, the "Not enough data yet" words it shows instead.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from wallwatch.charts.palette import ChartPalette
from wallwatch.charts.patterns_calendar import CalendarDrawing, describe_day, draw_calendar
from wallwatch.charts.patterns_cost import draw_cost
from wallwatch.charts.patterns_counts import draw_fears, draw_paradox
from wallwatch.charts.patterns_heatmaps import draw_fear_behaviour, draw_when
from wallwatch.charts.patterns_people import draw_people
from wallwatch.charts.patterns_style import DPI, PatternDrawing
from wallwatch.charts.patterns_text import CHART_KEYS, TITLES, not_enough
from wallwatch.domain.patterns import Calendar, PatternReport

__all__ = [
    "CHART_KEYS",
    "DPI",
    "TITLES",
    "CalendarDrawing",
    "PatternDrawing",
    "describe_day",
    "draw_pattern",
    "not_enough",
]


def draw_pattern(
    key: str,
    fig: Figure,
    report: PatternReport,
    palette: ChartPalette,
    *,
    year: Calendar | None = None,
    week_start_day: int = 0,
) -> PatternDrawing:
    """Clear ``fig`` and draw the chart ``key`` (one of :data:`CHART_KEYS`) of ``report``.

    The calendar shows ``year`` (default: the report's own days) with the report's weeks bright.
    """
    if key == "fears":
        return draw_fears(fig, report.fears, report.minimum, palette)
    if key == "fear_behaviour":
        return draw_fear_behaviour(fig, report.fear_behaviour, palette)
    if key == "people":
        return draw_people(fig, report.people, palette)
    if key == "when":
        return draw_when(fig, report.when, palette)
    if key == "paradox":
        return draw_paradox(fig, report.paradox, palette)
    if key == "cost":
        return draw_cost(fig, report.cost, palette)
    if key == "calendar":
        return draw_calendar(fig, year or report.calendar, report.span, week_start_day, palette)
    raise ValueError(f"there is no Patterns chart called {key!r}")
