"""Small value types: summaries, breakdowns and the moment filter."""

from __future__ import annotations

from datetime import date

from wallwatch.domain.model import Direction
from wallwatch.domain.query import MomentFilter
from wallwatch.domain.summary import Breakdown, PeriodSummary, RatingStat, empty_period


def test_empty_period_has_no_means() -> None:
    p = empty_period(date(2024, 1, 1))
    assert p.start == date(2024, 1, 1)
    assert p.total == 0
    for name in ("loneliness", "resentment", "connection"):
        assert p.rating(name) == RatingStat(None, 0)


def test_totals_add_both_directions() -> None:
    stat = RatingStat(4.5, 2)
    p = PeriodSummary(date(2024, 1, 1), 3, 2, stat, RatingStat(None, 0), stat)
    assert p.total == 5
    assert p.rating("connection") is stat
    assert Breakdown("past hurt", 4, 1).total == 5


def test_filter_is_empty_only_without_fields() -> None:
    assert MomentFilter().is_empty()
    assert not MomentFilter(direction=Direction.OPENED).is_empty()
    assert not MomentFilter(text="x").is_empty()
