"""The weekly chart plots exactly what SQL aggregated, keeps gaps as gaps, and saves privately."""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from wallwatch.charts.palette import DARK, LIGHT
from wallwatch.charts.weekly import (
    CHECKIN_LABEL,
    NO_WITHDRAWALS,
    WeeklyArtists,
    describe_week,
    draw_weekly,
    save_weekly_chart,
    show_hover,
    week_label,
)
from wallwatch.domain.checkin import CheckinAnswers
from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.domain.summary import RATING_NAMES
from wallwatch.private_files import PrivateFileError
from wallwatch.services import Journal
from wallwatch.services.summaries import WeeklySeries

ZONE = timezone(timedelta(hours=1))
LAST_MONDAY = date(2025, 11, 3)  # the newest week of the hand-built journal


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZONE)


def record(journal: Journal, day: date, direction: Direction, **fields: object) -> None:
    journal.moments.record(MomentDraft(occurred_at=at(day), direction=direction, **fields))  # type: ignore[arg-type]


@pytest.fixture
def filled(journal: Journal) -> Journal:
    """Five weeks to 3 Nov 2025: one with no moments at all, one with openings only, and ratings
    given for some moments and not others."""
    w = [LAST_MONDAY - timedelta(weeks=4 - i) for i in range(5)]  # 6 Oct … 3 Nov
    record(journal, w[0], Direction.WITHDREW, loneliness=7, resentment=4, fears=("past hurt",))
    record(
        journal,
        w[0] + timedelta(days=2),
        Direction.WITHDREW,
        loneliness=4,
        connection=2,
        fears=("past hurt", "being trapped"),
    )
    record(journal, w[0] + timedelta(days=3), Direction.OPENED, connection=6)
    # w[1] stays empty: a gap, not a zero.
    record(journal, w[2], Direction.OPENED, loneliness=1, resentment=0, connection=9)
    record(journal, w[2] + timedelta(days=6), Direction.OPENED)
    record(
        journal, w[3] + timedelta(days=1), Direction.WITHDREW, fears=("rejection / abandonment",)
    )
    for k in range(3):
        record(
            journal,
            w[4] + timedelta(days=k),
            Direction.WITHDREW,
            resentment=3 + k,
            fears=("rejection / abandonment",) if k else ("losing myself",),
        )
    record(journal, w[4] + timedelta(days=4), Direction.OPENED, loneliness=5)
    return journal


def series_of(journal: Journal, weeks: int = 5) -> WeeklySeries:
    return journal.summaries.weekly(weeks, ending=LAST_MONDAY + timedelta(days=3))


def draw(
    journal: Journal,
    selected: date | None,
    *,
    weeks: int = 5,
    dark: bool = False,
    fig: Figure | None = None,
) -> tuple[Figure, WeeklyArtists, WeeklySeries]:
    fig = fig or Figure(figsize=(10.4, 6.4))
    FigureCanvasAgg(fig)
    series = series_of(journal, weeks)
    fears = journal.summaries.fears_in_week(selected) if selected else []
    artists = draw_weekly(fig, series, fears, selected=selected, palette=DARK if dark else LIGHT)
    fig.canvas.draw()
    return fig, artists, series


def test_rating_lines_are_the_sql_means_with_nan_gaps(filled: Journal) -> None:
    _fig, artists, series = draw(filled, LAST_MONDAY)
    for name in RATING_NAMES:
        stats = [p.rating(name) for p in series.weeks]
        expected = np.array([np.nan if s.mean is None else s.mean for s in stats])
        np.testing.assert_array_equal(artists.means[name], expected)
        np.testing.assert_array_equal(artists.lines[name].get_ydata(), expected)
        np.testing.assert_array_equal(artists.rating_counts[name], [s.count for s in stats])
        # A week without that rating is NaN on the line (a gap), never a zero.
        no_rating = np.array([s.count == 0 for s in stats])
        assert np.array_equal(np.isnan(artists.lines[name].get_ydata()), no_rating)
    assert np.isnan(artists.means["loneliness"][1]) and artists.rating_counts["loneliness"][1] == 0
    assert artists.means["loneliness"][0] == pytest.approx((7 + 4) / 2)
    assert artists.rating_counts["resentment"][4] == 3
    np.testing.assert_array_equal(artists.x, np.arange(5))
    assert list(artists.dates.astype(object)) == [p.start for p in series.weeks]


def test_rating_counts_are_written_under_the_lines(filled: Journal) -> None:
    _fig, artists, series = draw(filled, LAST_MONDAY)
    shown = [t.get_text() for t in artists.ax_counts.texts]
    for name in RATING_NAMES:
        for p in series.weeks:
            n = p.rating(name).count
            assert (str(n) if n else "–") in shown
    assert len(shown) == len(RATING_NAMES) * len(series.weeks)


def test_long_ranges_show_counts_as_bars_in_the_strip(filled: Journal) -> None:
    _fig, artists, series = draw(filled, LAST_MONDAY, weeks=52)
    assert len(artists.x) == 52
    most = max(p.rating(n).count for p in series.weeks for n in RATING_NAMES)
    rows = artists.count_bars
    assert rows is not None and list(rows) == list(RATING_NAMES)
    for name, row in rows.items():
        assert row.collection.axes is artists.ax_counts and row.collection.get_visible()
        np.testing.assert_allclose(row.heights / 0.7 * most, artists.rating_counts[name])
    assert len(artists.ax_counts.texts) == 0  # no numbers squeezed into 52 narrow columns
    assert f"tallest = {most}" in artists.ax_counts.get_title(loc="left")


def test_direction_bars_are_the_weekly_counts(filled: Journal) -> None:
    _fig, artists, series = draw(filled, LAST_MONDAY)
    opened = [p.opened for p in series.weeks]
    withdrew = [p.withdrew for p in series.weeks]
    assert list(artists.opened_bars.heights) == opened
    # Withdrawals hang below the zero line.
    assert list(-artists.withdrew_bars.heights) == withdrew
    np.testing.assert_array_equal(artists.opened, opened)
    np.testing.assert_array_equal(artists.withdrew, withdrew)
    assert withdrew == [2, 0, 0, 1, 3] and opened == [1, 0, 2, 0, 1]


def test_fear_bars_are_fears_in_week(filled: Journal) -> None:
    _fig, artists, _series = draw(filled, LAST_MONDAY)
    fears = filled.summaries.fears_in_week(LAST_MONDAY)
    assert artists.fear_names == tuple(f.key for f in fears)
    assert artists.fear_bars is not None
    assert [bar.get_width() for bar in artists.fear_bars] == [f.withdrew for f in fears]
    assert artists.fear_names[0] == "rejection / abandonment" and artists.fear_counts[0] == 2
    assert artists.fears_message is None
    assert artists.selected_index == 4


def test_a_week_without_withdrawals_says_so(filled: Journal) -> None:
    openings_only = LAST_MONDAY - timedelta(weeks=2)
    _fig, artists, _series = draw(filled, openings_only)
    assert artists.fear_bars is None and artists.fear_names == ()
    assert artists.fears_message == NO_WITHDRAWALS
    assert NO_WITHDRAWALS in [t.get_text() for t in artists.ax_fears.texts]


def test_withdrawals_without_fears_are_not_called_no_withdrawals(journal: Journal) -> None:
    record(journal, LAST_MONDAY, Direction.WITHDREW)
    _fig, artists, _series = draw(journal, LAST_MONDAY)
    assert artists.fears_message is not None
    assert "No fears noted" in artists.fears_message


def test_an_empty_journal_draws_gaps_and_says_there_are_no_ratings(journal: Journal) -> None:
    _fig, artists, _series = draw(journal, LAST_MONDAY)
    for name in RATING_NAMES:
        assert np.isnan(artists.lines[name].get_ydata()).all()
    assert list(artists.opened_bars.heights) == [0] * 5
    texts = [t.get_text() for t in artists.ax_ratings.texts if t.get_visible()]
    assert "No ratings in these weeks" in texts


def test_weeks_are_labelled_by_their_first_day(filled: Journal) -> None:
    _fig, artists, series = draw(filled, LAST_MONDAY)
    labels = [t.get_text() for t in artists.ax_bars.get_xticklabels()]
    assert week_label(date(2025, 11, 3)) == "3 Nov"
    assert labels[-1] == "3 Nov"
    assert labels[0] == f"{week_label(series.weeks[0].start)}\n2025"
    assert [t.get_fontweight() for t in artists.ax_bars.get_xticklabels()][-1] == "bold"


def test_redrawing_reuses_the_same_figure(filled: Journal) -> None:
    fig, first, _series = draw(filled, LAST_MONDAY)
    earlier = LAST_MONDAY - timedelta(weeks=4)
    same, second, _series = draw(filled, earlier, fig=fig)
    assert same is fig
    assert len(fig.axes) == 4
    assert first.ax_ratings not in fig.axes
    assert second.selected_index == 0
    assert second.fear_names == tuple(f.key for f in filled.summaries.fears_in_week(earlier))


def test_dark_palette_colours_the_figure(filled: Journal) -> None:
    fig, artists, _series = draw(filled, LAST_MONDAY, dark=True)
    assert fig.get_facecolor()[:3] == pytest.approx(_rgb(DARK.background))
    assert artists.ax_ratings.get_facecolor()[:3] == pytest.approx(_rgb(DARK.background))
    assert artists.lines["loneliness"].get_color() == DARK.loneliness


def test_ratings_differ_by_marker_and_line_style_for_greyscale(filled: Journal) -> None:
    _fig, artists, _series = draw(filled, LAST_MONDAY)
    markers = {line.get_marker() for line in artists.lines.values()}
    styles = {line.get_linestyle() for line in artists.lines.values()}
    assert len(markers) == 3 and len(styles) == 3


def test_hover_shows_the_week_values(filled: Journal) -> None:
    _fig, artists, series = draw(filled, LAST_MONDAY)
    assert artists.week_index_at(0.2) == 0 and artists.week_index_at(3.6) == 4
    assert artists.week_index_at(-0.7) is None and artists.week_index_at(None) is None
    assert show_hover(artists, 0) is True
    text = artists.hover_box.get_text()
    assert artists.hover_box.get_visible()
    assert text == describe_week(series.weeks[0])
    assert "Loneliness 5.5 (n=2)" in text and "Withdrew 2 · Opened up 1" in text
    assert "Resentment 4.0 (n=1)" in text
    assert show_hover(artists, 0) is False
    show_hover(artists, 1)
    assert "Loneliness – (n=0)" in artists.hover_box.get_text()
    show_hover(artists, None)
    assert not artists.hover_box.get_visible()


def _rgb(colour: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    return to_rgb(colour)


# -- saving ---------------------------------------------------------------------------------


def test_save_png_is_a_private_png(filled: Journal, tmp_path: Path) -> None:
    series = series_of(filled)
    fears = filled.summaries.fears_in_week(LAST_MONDAY)
    folder = tmp_path / "charts"
    folder.mkdir()
    out = save_weekly_chart(series, fears, folder / "weekly.png")
    assert out == folder / "weekly.png"
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert out.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in folder.iterdir()] == ["weekly.png"]  # no temporary file left


def test_save_svg_is_private_xml_and_dark_works(filled: Journal, tmp_path: Path) -> None:
    out = save_weekly_chart(series_of(filled), [], tmp_path / "Weekly.SVG", dark=True)
    text = out.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert DARK.background.lower() in text.lower()
    assert out.stat().st_mode & 0o777 == 0o600


def test_save_replaces_an_existing_file(filled: Journal, tmp_path: Path) -> None:
    target = tmp_path / "weekly.png"
    target.write_bytes(b"old")
    os.chmod(target, 0o644)
    save_weekly_chart(series_of(filled), [], target)
    assert target.read_bytes()[:4] == b"\x89PNG"
    assert target.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("name", ["weekly.jpg", "weekly.pdf", "weekly"])
def test_save_rejects_other_formats(filled: Journal, tmp_path: Path, name: str) -> None:
    folder = tmp_path / "charts"
    folder.mkdir()
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        save_weekly_chart(series_of(filled), [], folder / name)
    assert list(folder.iterdir()) == []


def test_a_failed_save_leaves_the_old_file_and_no_temporary(
    filled: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "charts"
    folder.mkdir()
    target = folder / "weekly.png"
    target.write_bytes(b"the chart saved last week")

    def fail_halfway(self: Figure, fh: BinaryIO, **_kwargs: object) -> None:
        fh.write(b"\x89PNG half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Figure, "savefig", fail_halfway)
    with pytest.raises(PrivateFileError, match="the disk is full"):
        save_weekly_chart(series_of(filled), [], target)
    assert target.read_bytes() == b"the chart saved last week"
    assert [p.name for p in folder.iterdir()] == ["weekly.png"]


def test_saving_into_a_missing_folder_names_the_problem(filled: Journal, tmp_path: Path) -> None:
    with pytest.raises(PrivateFileError, match="does not exist"):
        save_weekly_chart(series_of(filled), [], tmp_path / "missing" / "weekly.png")
    assert not (tmp_path / "missing").exists()


def test_week_labels_thin_out_on_a_narrow_figure(filled: Journal) -> None:
    fig, artists, _series = draw(filled, LAST_MONDAY, weeks=12)
    assert len(artists.ax_bars.get_xticks()) == 12
    fig.set_size_inches(5.0, 5.0)
    artists.fit_week_labels()
    ticks = list(artists.ax_bars.get_xticks())
    assert 2 <= len(ticks) < 12
    assert ticks[-1] == 11  # the newest week keeps its label


def test_checkin_totals_are_the_service_totals_with_nan_gaps(filled: Journal) -> None:
    answers = CheckinAnswers(companionship=3, left_out=2, isolated=1)
    filled.checkins.record(LAST_MONDAY - timedelta(weeks=4), answers)
    filled.checkins.record(LAST_MONDAY - timedelta(weeks=1), CheckinAnswers(3, 3, 3))
    series = series_of(filled)
    checkins = filled.checkins.series(5, ending=LAST_MONDAY + timedelta(days=3), week_start_day=0)
    assert checkins.starts == tuple(p.start for p in series.weeks)
    fig = Figure(figsize=(10.4, 6.4))
    FigureCanvasAgg(fig)
    fears = filled.summaries.fears_in_week(LAST_MONDAY)
    artists = draw_weekly(
        fig, series, fears, selected=LAST_MONDAY, palette=LIGHT, checkins=checkins.totals
    )
    fig.canvas.draw()
    expected = np.array([np.nan if t is None else t for t in checkins.totals], dtype=float)
    assert artists.checkin_totals is not None and artists.checkin_line is not None
    np.testing.assert_array_equal(artists.checkin_totals, expected)
    np.testing.assert_array_equal(artists.checkin_line.get_ydata(), expected)
    # Missing weeks are gaps, never zeros.
    assert list(np.isnan(artists.checkin_totals)) == [t is None for t in checkins.totals]
    assert np.isnan(artists.checkin_totals).sum() == 3
    assert artists.checkin_totals[0] == answers.total == 6
    assert artists.ax_checkins is not None and artists.ax_checkins in fig.axes
    assert artists.ax_checkins.get_ylim() == (2.5, 9.5)
    legend = artists.ax_checkins.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [CHECKIN_LABEL]
    assert CHECKIN_LABEL == "Check-in loneliness (UCLA-3, 3–9)"
    # Apart from the rating lines in greyscale: its own marker and line style.
    assert artists.checkin_line.get_marker() not in {
        ln.get_marker() for ln in artists.lines.values()
    }
    styles = {ln.get_linestyle() for ln in artists.lines.values()}
    assert artists.checkin_line.get_linestyle() not in styles
    show_hover(artists, 0)
    assert "check-in 6/9" in artists.hover_box.get_text()
    show_hover(artists, 1)
    assert "No check-in" in artists.hover_box.get_text()
    assert "/9" not in artists.hover_box.get_text()


@pytest.mark.parametrize("given", [None, (None, None, None, None, None)])
def test_no_checkins_draw_nothing_extra(filled: Journal, given: tuple[None, ...] | None) -> None:
    fig = Figure(figsize=(10.4, 6.4))
    FigureCanvasAgg(fig)
    artists = draw_weekly(fig, series_of(filled), [], selected=None, palette=LIGHT, checkins=given)
    assert len(fig.axes) == 4
    assert artists.checkin_totals is None and artists.checkin_line is None
    assert artists.ax_checkins is None
    show_hover(artists, 0)
    assert artists.hover_box.get_text() == describe_week(series_of(filled).weeks[0])


def test_checkins_must_match_the_weeks(filled: Journal) -> None:
    fig = Figure()
    with pytest.raises(ValueError, match="3 check-in totals for 5 weeks"):
        draw_weekly(fig, series_of(filled), [], selected=None, palette=LIGHT, checkins=(5, 6, 7))


def test_saved_chart_with_checkins_names_them(filled: Journal, tmp_path: Path) -> None:
    filled.checkins.record(LAST_MONDAY, CheckinAnswers(2, 2, 2))
    totals = filled.checkins.series(5, ending=LAST_MONDAY, week_start_day=0).totals
    with_them = save_weekly_chart(series_of(filled), [], tmp_path / "a.svg", checkins=totals)
    without = save_weekly_chart(series_of(filled), [], tmp_path / "b.svg")
    assert CHECKIN_LABEL in with_them.read_text()
    assert CHECKIN_LABEL not in without.read_text()
