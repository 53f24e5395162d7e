"""A ``WeeklyChart`` filled again and again in place draws exactly what a new figure draws, keeps
its axes and artists, and lays itself out again only when a margin can have changed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from wallwatch.charts.palette import DARK, LIGHT, ChartPalette
from wallwatch.charts.weekly import WeeklyChart, draw_weekly, show_hover
from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.services import Journal
from wallwatch.services.summaries import WeeklySeries

ZONE = timezone(timedelta(hours=2))
NEWEST = date(2025, 11, 3)
FEARS = ("rejection / abandonment", "being trapped", "past hurt", 'ünïcode fear, "quoted"')


def _rating(rng: np.random.Generator) -> int | None:
    return None if rng.random() < 0.3 else int(rng.integers(0, 11))


@pytest.fixture
def busy(journal: Journal) -> Journal:
    """A year of moments, a few a week (some weeks empty), ratings on most, fears on many."""
    rng = np.random.default_rng(6)
    for k in range(300):
        day = NEWEST - timedelta(days=int(rng.integers(0, 364)))
        if (NEWEST - day).days // 7 in (5, 6, 20):
            continue  # weeks without moments: gaps
        journal.moments.record(
            MomentDraft(
                occurred_at=datetime.combine(day, time(int(rng.integers(0, 24))), tzinfo=ZONE),
                direction=Direction.WITHDREW if k % 3 else Direction.OPENED,
                loneliness=_rating(rng),
                resentment=_rating(rng),
                connection=_rating(rng),
                fears=tuple(FEARS[: int(rng.integers(0, 4))]),
            )
        )
    return journal


def _series(journal: Journal, weeks: int, back: int = 0) -> WeeklySeries:
    return journal.summaries.weekly(weeks, ending=NEWEST - timedelta(weeks=back))


def _pixels(fig: Figure) -> np.ndarray:
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()  # type: ignore[attr-defined]


def _args(
    journal: Journal, weeks: int, back: int, pick: int, palette: ChartPalette, checkins: bool
) -> tuple[WeeklySeries, dict[str, object]]:
    series = _series(journal, weeks, back)
    when = series.weeks[pick].start
    totals = [None] * weeks
    if checkins:
        totals[-2], totals[0] = 6, 9
    fears = journal.summaries.fears_in_week(when)
    return series, {
        "fears": fears,
        "selected": when,
        "palette": palette,
        "checkins": totals if checkins else None,
    }


def _fresh(journal: Journal, *key: object) -> np.ndarray:
    fig = Figure(figsize=(10.4, 6.4), dpi=72)
    FigureCanvasAgg(fig)
    series, kw = _args(journal, *key)  # type: ignore[arg-type]
    draw_weekly(fig, series, **kw)  # type: ignore[arg-type]
    return _pixels(fig)


# (weeks, weeks back from the newest, selected index, palette, check-ins)
STEPS = [
    (52, 0, -1, LIGHT, False),
    (52, 0, -1, LIGHT, False),  # a refresh with nothing changed
    (52, 3, 10, LIGHT, False),  # other weeks, another selection
    (52, 3, 10, LIGHT, True),  # check-ins appear: a new shape
    (52, 3, 40, LIGHT, True),
    (12, 0, -2, LIGHT, True),  # written-out counts instead of bars
    (12, 1, 0, DARK, False),
    (52, 0, -1, DARK, False),
]


def test_filled_in_place_equals_drawn_afresh(busy: Journal) -> None:
    fig = Figure(figsize=(10.4, 6.4), dpi=72)
    FigureCanvasAgg(fig)
    chart = WeeklyChart(fig)
    for step in STEPS:
        series, kw = _args(busy, *step)
        chart.draw(series, **kw)  # type: ignore[arg-type]
        got = _pixels(fig)
        want = _fresh(busy, *step)
        assert np.array_equal(got, want), step


def test_a_refresh_keeps_the_axes_the_artists_and_the_layout(busy: Journal) -> None:
    fig = Figure(figsize=(10.4, 6.4), dpi=72)
    FigureCanvasAgg(fig)
    chart = WeeklyChart(fig)
    series, kw = _args(busy, 52, 0, -1, LIGHT, False)
    first = chart.draw(series, **kw)  # type: ignore[arg-type]
    assert chart.layout is not None and not chart.layout.settled
    fig.canvas.draw()
    assert chart.layout.settled
    positions = [ax.get_position().bounds for ax in fig.axes]

    show_hover(first, 3)
    again = chart.draw(series, **kw)  # type: ignore[arg-type]
    assert fig.axes == [first.ax_ratings, first.ax_counts, first.ax_bars, first.ax_fears]
    assert again.lines == first.lines and again.opened_bars is first.opened_bars
    assert chart.layout.settled  # same labels: no new layout
    assert not again.hover_box.get_visible() and again.hovered_index is None
    fig.canvas.draw()
    assert [ax.get_position().bounds for ax in fig.axes] == positions

    other, kw = _args(busy, 52, 0, 20, LIGHT, False)
    chart.draw(other, **kw)  # type: ignore[arg-type]
    assert not chart.layout.settled  # the fears' heading names another week
    fig.canvas.draw()
    assert chart.layout.settled

    fig.set_size_inches(8.0, 5.0)
    chart.draw(other, **kw)  # type: ignore[arg-type]
    fig.canvas.draw()
    assert [ax.get_position().bounds for ax in fig.axes] != positions


def test_refilled_numbers_are_the_new_ones(busy: Journal) -> None:
    fig = Figure(figsize=(10.4, 6.4), dpi=72)
    FigureCanvasAgg(fig)
    chart = WeeklyChart(fig)
    old, kw = _args(busy, 52, 10, 0, LIGHT, False)
    chart.draw(old, **kw)  # type: ignore[arg-type]
    new, kw = _args(busy, 52, 0, -1, LIGHT, False)
    artists = chart.draw(new, **kw)  # type: ignore[arg-type]
    assert list(-artists.withdrew_bars.heights) == [p.withdrew for p in new.weeks]
    assert list(artists.opened_bars.heights) == [p.opened for p in new.weeks]
    stats = [p.loneliness.mean for p in new.weeks]
    want = np.array([np.nan if m is None else m for m in stats])
    np.testing.assert_array_equal(artists.lines["loneliness"].get_ydata(), want)
    assert (
        artists.fear_names
        == tuple(f.key for f in busy.summaries.fears_in_week(new.weeks[-1].start) if f.withdrew)[:8]
    )
    fig.canvas.draw()
    bold = [t.get_text() for t in artists.ax_bars.get_xticklabels() if t.get_fontweight() == "bold"]
    assert bold == [artists.ax_bars.get_xticklabels()[-1].get_text()]  # only the selected week
