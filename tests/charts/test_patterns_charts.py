"""The Patterns charts plot exactly what the service computed, say "not enough data yet" below the
minimum sample, and give the numbers behind each spot on hover. Drawn headless (Agg)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from wallwatch.charts.palette import DARK, LIGHT, ChartPalette
from wallwatch.charts.patterns import CHART_KEYS, CalendarDrawing, draw_pattern
from wallwatch.charts.patterns_counts import MAX_FEARS
from wallwatch.charts.patterns_style import balance_colours
from wallwatch.charts.patterns_text import (
    comparison_text,
    format_p,
    not_enough,
    review_rows,
    span_text,
)
from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.domain.patterns import (
    CALENDAR_DAYS,
    DateRange,
    GroupMean,
    HourGrid,
    InsufficientData,
    PatternReport,
    Proportion,
)
from wallwatch.services import Journal
from wallwatch.services.demo import generate_demo

END = date(2025, 11, 30)  # a Sunday: the demo history ends here
SPAN = DateRange.weeks_ending(END, 8)
ZONE = timezone(timedelta(hours=1))


def figure() -> Figure:
    fig = Figure(figsize=(9, 4), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(match=lambda a: hasattr(a, "get_text"))]


@pytest.fixture
def demo(journal: Journal) -> Journal:
    generate_demo(journal, days=120, end=END)
    return journal


@pytest.fixture
def report(demo: Journal) -> PatternReport:
    return demo.patterns.report(SPAN)


def year_of(journal: Journal) -> DateRange:
    return DateRange(END - timedelta(days=CALENDAR_DAYS - 1), END)


@pytest.mark.parametrize("palette", [LIGHT, DARK], ids=["light", "dark"])
def test_every_chart_draws_from_demo_data(report: PatternReport, palette: ChartPalette) -> None:
    for key in CHART_KEYS:
        fig = figure()
        drawing = draw_pattern(key, fig, report, palette)
        fig.canvas.draw()  # the whole drawing renders without error
        assert not drawing.empty and drawing.messages == [], key
        assert drawing.caption and drawing.height > 0.5, key
        assert fig.get_facecolor()[:3] == pytest.approx(to_rgb(palette.background))


def test_heatmaps_hold_exactly_the_services_matrices(demo: Journal, report: PatternReport) -> None:
    pairs = demo.patterns.fear_behaviour(SPAN)
    assert not isinstance(pairs, InsufficientData)
    fig = figure()
    drawing = draw_pattern("fear_behaviour", fig, report, LIGHT)
    (image,) = fig.axes[0].images
    assert np.array_equal(image.get_array(), np.array(pairs.counts))
    assert np.array_equal(drawing.arrays["counts"], np.array(pairs.counts))
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == list(pairs.fears)

    when = demo.patterns.when(SPAN)
    fig = figure()
    draw_pattern("when", fig, report, LIGHT)
    grids = [g for g in (when.withdrawals, when.openings) if isinstance(g, HourGrid)]
    assert len(grids) == 2
    shown = [ax.images[0].get_array() for ax in fig.axes if ax.images]
    for grid, array in zip(grids, shown, strict=True):
        assert np.array_equal(array, np.array(grid.cells))


def test_count_charts_plot_the_services_counts(demo: Journal, report: PatternReport) -> None:
    fears = demo.patterns.fears(SPAN)
    drawing = draw_pattern("fears", figure(), report, LIGHT)
    rows = [f for f in fears.fears if f.withdrew or f.opened][:MAX_FEARS]
    assert drawing.arrays["withdrew"].tolist() == [f.withdrew for f in rows]
    assert drawing.arrays["opened"].tolist() == [f.opened for f in rows]

    people = demo.patterns.people(SPAN)
    drawing = draw_pattern("people", figure(), report, LIGHT)
    assert drawing.arrays["names"].tolist() == [p.name for p in people.people]
    assert drawing.arrays["withdrew"].tolist() == [p.withdrew for p in people.people]
    weekly = drawing.arrays["weekly_openness"]
    for r, person in enumerate(people.people):
        for c, week in enumerate(person.weeks):
            if isinstance(week.openness, Proportion):
                assert weekly[r, c] == week.openness.value
            else:
                assert np.isnan(weekly[r, c])

    paradox = demo.patterns.paradox(SPAN)
    drawing = draw_pattern("paradox", figure(), report, LIGHT)
    assert drawing.arrays["withdrawals"].tolist() == [w.withdrawals for w in paradox.weeks]
    assert drawing.arrays["wanted"].tolist() == [w.wanted for w in paradox.weeks]

    cost = demo.patterns.cost(SPAN)
    drawing = draw_pattern("cost", figure(), report, LIGHT)
    for row, c in enumerate(cost.same_day):
        for col, g in enumerate((c.withdrawal_days, c.opening_days)):
            value = drawing.arrays["same_day"][row, col]
            assert value == g.mean if isinstance(g, GroupMean) else np.isnan(value)


def test_the_calendar_shows_each_days_balance_and_finds_the_day_clicked(demo: Journal) -> None:
    report = demo.patterns.report(SPAN)
    year = demo.patterns.calendar(year_of(demo))
    fig = figure()
    drawing = draw_pattern("calendar", fig, report, LIGHT, year=year, week_start_day=0)
    assert isinstance(drawing, CalendarDrawing)
    (image,) = fig.axes[0].images
    colours = balance_colours(LIGHT)
    recorded = [d for d in year.days if d.balance is not None]
    assert recorded
    for d in recorded:
        row, col = drawing.position(d.day)
        assert drawing.arrays["balance"][row, col] == d.balance
        assert drawing.day_at(col, row) == d.day
        if d.day in SPAN:  # days before the chosen weeks are faded
            step = int(np.clip(d.balance, -3, 3)) + 3
            assert tuple(image.get_array()[row, col][:3]) == pytest.approx(colours(step)[:3])
    empty = [d for d in year.days if d.balance is None]
    row, col = drawing.position(empty[0].day)
    assert np.isnan(drawing.arrays["balance"][row, col])
    assert drawing.day_at(-3, 2) is None
    day = recorded[-1].day
    drawing.mark(day)
    assert drawing.marker is not None and drawing.marker.get_visible()
    row, col = drawing.position(day)
    assert drawing.marker.get_xy() == (col - 0.5, row - 0.5)
    hover = drawing.hover_text(fig.axes[0], col, row)
    assert hover is not None and day_words(day) in hover
    assert "Chosen weeks" in drawing.caption and "Whole year" in drawing.caption


def day_words(d: date) -> str:
    return f"{d.day} {d:%b} {d.year}"


def test_redrawing_reuses_the_figure(report: PatternReport) -> None:
    fig = figure()
    for _ in range(3):
        draw_pattern("people", fig, report, LIGHT)
    assert len(fig.axes) == 3


def _at(day: date, hour: int = 20) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZONE)


def test_too_little_data_shows_the_message_in_place_of_each_chart(journal: Journal) -> None:
    for i in range(3):
        journal.moments.record(
            MomentDraft(_at(END - timedelta(days=i)), Direction.WITHDREW, fears=("past hurt",))
        )
    report = journal.patterns.report(SPAN)
    expected = {
        "fears": "Not enough data yet — 3 of the 5 withdrawals needed",
        "fear_behaviour": not_enough(report.fear_behaviour),  # type: ignore[arg-type]
        "people": "Not enough data yet — 3 of the 5 moments needed",
        "paradox": "Not enough data yet — 0 of the 5 answered withdrawals needed",
        "cost": "Not enough data yet — 0 of the 5 days with a rating needed",
    }
    for key, message in expected.items():
        fig = figure()
        drawing = draw_pattern(key, fig, report, LIGHT)
        fig.canvas.draw()
        assert drawing.empty, key
        assert drawing.messages == [message]
        assert message in texts(fig)
    when = draw_pattern("when", figure(), report, LIGHT)
    assert when.empty and when.messages == [
        "Not enough data yet — 3 of the 5 withdrawals needed\n"
        "Not enough data yet — 0 of the 5 openings needed"
    ]


def test_one_panel_can_lack_data_while_the_other_is_drawn(journal: Journal) -> None:
    for i in range(5):
        journal.moments.record(MomentDraft(_at(END - timedelta(days=i), 8 + i), Direction.OPENED))
    report = journal.patterns.report(SPAN)
    fig = figure()
    drawing = draw_pattern("when", fig, report, LIGHT)
    assert not drawing.empty
    assert drawing.messages == ["Not enough data yet — 0 of the 5 withdrawals needed"]
    assert np.isnan(drawing.arrays["withdrawals"]).all()
    assert drawing.arrays["openings"].sum() == 5
    assert "Not enough data yet — 0 of the 5 withdrawals needed" in texts(fig)


def test_hovering_gives_the_numbers_behind_a_square(demo: Journal, report: PatternReport) -> None:
    pairs = demo.patterns.fear_behaviour(SPAN)
    assert not isinstance(pairs, InsufficientData)
    fig = figure()
    drawing = draw_pattern("fear_behaviour", fig, report, LIGHT)
    fear, behaviour = pairs.fears[0], pairs.behaviours[0]
    text = drawing.hover_text(fig.axes[0], 0.2, -0.3)
    share = pairs.given_fear(fear, behaviour)
    assert text is not None and fear in text and behaviour in text
    assert f"noted in {pairs.count(fear, behaviour)}" in text
    if isinstance(share, Proportion):
        assert f"({round(100 * share.value)}%)" in text
    assert drawing.hover_text(fig.axes[0], 40.0, 0.0) is None
    assert drawing.hover_text(None, 0.0, 0.0) is None


def test_cost_hover_and_details_carry_p_value_and_days(demo: Journal) -> None:
    report = demo.patterns.report(DateRange.weeks_ending(END, 16))
    fig = figure()
    drawing = draw_pattern("cost", fig, report, LIGHT)
    notable = [c for c in report.cost.same_day if c.notable]
    assert notable, "the demo history has notable differences"
    c = notable[0]
    assert c.test is not None
    row = report.cost.same_day.index(c)
    text = drawing.hover_text(drawing.axes[0], 5.0, row)
    assert text == comparison_text(c, next_day=False)
    assert format_p(c.test.p_value) in text
    assert f"n = {c.test.units_a} + {c.test.units_b} days" in text
    assert "notable difference in these records" in text
    assert comparison_text(c, next_day=False) in drawing.details


def test_p_values_read_plainly() -> None:
    assert format_p(0.0002) == "p < 0.001"
    assert format_p(0.0123) == "p = 0.012"
    assert format_p(0.04996) == "p = 0.0499"  # never shown as 0.050 while below 0.05
    assert format_p(0.05) == "p = 0.050"


def test_span_text_is_short_but_whole() -> None:
    assert span_text(DateRange(date(2026, 11, 16), date(2026, 11, 22))) == "16 – 22 Nov 2026"
    assert span_text(DateRange(date(2026, 10, 1), date(2026, 11, 25))) == "1 Oct – 25 Nov 2026"
    assert span_text(DateRange(date(2025, 12, 1), date(2026, 1, 5))) == "1 Dec 2025 – 5 Jan 2026"


def test_review_rows_show_counts_changes_and_gaps(journal: Journal) -> None:
    monday = date(2025, 11, 17)
    for i, (direction, lonely) in enumerate(
        [(Direction.OPENED, 4), (Direction.OPENED, 6), (Direction.WITHDREW, 8)]
    ):
        journal.moments.record(
            MomentDraft(_at(monday + timedelta(days=i)), direction, loneliness=lonely)
        )
    review = journal.patterns.weekly_review(date(2025, 11, 26))
    rows = dict(review_rows(review))
    assert rows["Withdrew"] == "1 (the week before: 0)"
    assert rows["Opened up"] == "2 (the week before: 0)"
    assert rows["Loneliness"] == "Not enough data yet — 3 of the 5 ratings needed"
    assert rows["Longest run of days with an opening"] == "2 days in a row (17 – 18 Nov 2025)"
    assert rows["Most present person"].startswith("Not enough data yet")


def test_an_unknown_chart_is_refused(report: PatternReport) -> None:
    with pytest.raises(ValueError, match="no Patterns chart"):
        draw_pattern("mood", figure(), report, LIGHT)
