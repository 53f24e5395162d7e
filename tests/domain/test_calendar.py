"""Local days and weeks, checked against the standard library's own calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wallwatch.domain.calendar import (
    EPOCH,
    WEEKDAY_NAMES,
    day_number,
    from_day_number,
    local_date,
    now_local,
    offset_minutes,
    week_start,
    week_start_number,
    weeks_back,
    with_offset,
)

ALL_WEEK_STARTS = range(7)
# Dates on both sides of 1970-01-01, where a wrong modulo would show.
SAMPLE_DAYS = [
    date(1969, 12, 28),
    date(1969, 12, 31),
    date(1970, 1, 1),
    date(1970, 1, 4),
    date(1970, 1, 5),
    date(1900, 2, 28),
    date(1601, 1, 1),
    date(2024, 2, 29),
    date(2038, 1, 19),
]


def _expected_week_start(d: date, start_day: int) -> date:
    """Walk back day by day until the weekday matches: slow, obvious, independent."""
    while d.weekday() != start_day:
        d -= timedelta(days=1)
    return d


def test_epoch_is_day_zero_and_a_thursday() -> None:
    assert day_number(EPOCH) == 0
    assert EPOCH.weekday() == 3
    assert WEEKDAY_NAMES[EPOCH.weekday()] == "Thursday"


@given(st.dates(min_value=date(1, 1, 8), max_value=date(9999, 12, 24)))
def test_day_numbers_round_trip(d: date) -> None:
    assert from_day_number(day_number(d)) == d
    assert day_number(d + timedelta(days=1)) == day_number(d) + 1


@pytest.mark.parametrize("start_day", ALL_WEEK_STARTS)
@pytest.mark.parametrize("d", SAMPLE_DAYS)
def test_week_start_for_every_start_day(d: date, start_day: int) -> None:
    expected = _expected_week_start(d, start_day)
    assert week_start(d, start_day) == expected
    assert week_start_number(day_number(d), start_day) == day_number(expected)


@given(
    st.dates(min_value=date(1, 1, 8), max_value=date(9999, 12, 24)),
    st.sampled_from(list(ALL_WEEK_STARTS)),
)
def test_week_start_property(d: date, start_day: int) -> None:
    start = week_start(d, start_day)
    assert start.weekday() == start_day
    assert 0 <= (d - start).days <= 6


def test_week_start_defaults_to_monday() -> None:
    assert week_start(date(1969, 12, 31)) == date(1969, 12, 29)
    assert week_start(date(2024, 9, 1)) == date(2024, 8, 26)  # a Sunday


def test_sunday_weeks_around_the_epoch() -> None:
    # 1969-12-28 was a Sunday: the week of 1970-01-01 starts there when weeks start on Sunday.
    assert week_start(date(1970, 1, 1), 6) == date(1969, 12, 28)
    assert week_start(date(1970, 1, 3), 6) == date(1969, 12, 28)
    assert week_start(date(1970, 1, 4), 6) == date(1970, 1, 4)


def test_local_date_is_the_date_in_the_stored_offset() -> None:
    late_in_new_york = datetime(2024, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    assert late_in_new_york.astimezone(UTC).date() == date(2024, 3, 2)
    assert local_date(late_in_new_york) == date(2024, 3, 1)
    early_in_tokyo = datetime(2024, 3, 2, 0, 30, tzinfo=timezone(timedelta(hours=9)))
    assert local_date(early_in_tokyo) == date(2024, 3, 2)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        local_date(datetime(2024, 1, 1))
    with pytest.raises(ValueError, match="timezone-aware"):
        offset_minutes(datetime(2024, 1, 1))


@pytest.mark.parametrize(
    ("offset", "minutes"),
    [
        (timedelta(0), 0),
        (timedelta(hours=-5), -300),
        (timedelta(hours=5, minutes=30), 330),
        (timedelta(hours=5, minutes=45), 345),
        (timedelta(hours=-3, minutes=-30), -210),
        (timedelta(hours=14), 840),
    ],
)
def test_offset_minutes(offset: timedelta, minutes: int) -> None:
    moment = datetime(2024, 6, 1, 12, tzinfo=timezone(offset))
    assert offset_minutes(moment) == minutes
    rebuilt = with_offset(moment.astimezone(UTC), minutes)
    assert rebuilt == moment
    assert rebuilt.replace(tzinfo=None) == moment.replace(tzinfo=None)


def test_offset_minutes_follows_daylight_saving() -> None:
    london = ZoneInfo("Europe/London")
    assert offset_minutes(datetime(2024, 1, 15, 12, tzinfo=london)) == 0
    assert offset_minutes(datetime(2024, 7, 15, 12, tzinfo=london)) == 60


def test_now_local_is_aware_and_whole_seconds() -> None:
    now = now_local()
    assert now.tzinfo is not None
    assert now.microsecond == 0


def test_weeks_back_counts_back_from_the_last_week() -> None:
    last = date(2024, 3, 4)
    weeks = weeks_back(last, 3)
    assert weeks == [date(2024, 2, 19), date(2024, 2, 26), date(2024, 3, 4)]
    assert weeks_back(last, 1) == [last]
