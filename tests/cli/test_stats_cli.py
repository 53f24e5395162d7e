"""``stats``: the weekly table, its week start, and its rating cells with their counts."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from wallwatch.cli.format import rating_cell
from wallwatch.domain.settings import WEEK_START
from wallwatch.domain.summary import RatingStat
from wallwatch.services import open_journal

if TYPE_CHECKING:
    from tests.cli.conftest import Run


def _rows(out: str) -> dict[str, list[str]]:
    """Table rows keyed by the week's ISO date."""
    rows = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) > 2 and parts[1][:4].isdigit():
            rows[parts[1]] = parts[2:]
    return rows


def test_rating_cell_shows_mean_and_count_or_a_dash() -> None:
    assert rating_cell(RatingStat(6.1666, 6)) == "6.2 (n=6)"
    assert rating_cell(RatingStat(None, 0)) == "—"


def test_stats_table_counts_and_means(run: Run) -> None:
    # Week of Mon 2024-03-04: two withdrawals (loneliness 6 and 7), one opening (connection 8).
    for argv in (
        ("--when", "2024-03-04T20:00", "--loneliness", "6"),
        ("--when", "2024-03-06T20:00", "--loneliness", "7", "--resentment", "2"),
        ("--opened", "--when", "2024-03-09T20:00", "--connection", "8"),
        # The week after: one opening with no ratings.
        ("--opened", "--when", "2024-03-12T09:00"),
    ):
        assert run("add", *argv).code == 0
    r = run("stats", "--weeks", "3", "--ending", "2024-03-17")
    assert r.code == 0, r.err
    rows = _rows(r.out)
    assert list(rows) == ["2024-02-26", "2024-03-04", "2024-03-11"]
    assert rows["2024-02-26"] == ["0", "0", "—", "—", "—"]
    assert rows["2024-03-04"] == ["2", "1", "6.5", "(n=2)", "2.0", "(n=1)", "8.0", "(n=1)"]
    assert rows["2024-03-11"] == ["0", "1", "—", "—", "—"]
    assert "withdrew 2, opened up 2" in r.out


def test_stats_default_is_eight_weeks(run: Run) -> None:
    r = run("stats")
    assert r.code == 0
    assert len(_rows(r.out)) == 8


def test_stats_week_start_option_and_setting(run: Run, real_db: Path) -> None:
    assert run("add", "--when", "2024-03-06T20:00").code == 0  # a Wednesday
    sunday = _rows(
        run("stats", "--weeks", "1", "--ending", "2024-03-06", "--week-start", "sun").out
    )
    assert list(sunday) == ["2024-03-03"]
    with open_journal(real_db) as j:
        j.settings.set(WEEK_START, 2)  # Wednesday
    from_setting = run("stats", "--weeks", "1", "--ending", "2024-03-06")
    assert list(_rows(from_setting.out)) == [date(2024, 3, 6).isoformat()]
    assert "Wednesday" in from_setting.out


@pytest.mark.parametrize(
    "argv",
    [("--weeks", "0"), ("--weeks", "x"), ("--week-start", "someday"), ("--ending", "soon")],
)
def test_stats_bad_options_are_usage_errors(run: Run, argv: tuple[str, ...]) -> None:
    run("stats", *argv).assert_one_line_error(2)
