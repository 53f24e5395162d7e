"""Reading dates, times, weekdays and ratings from the command line."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone

import pytest

from wallwatch.cli.options import (
    parse_day,
    parse_rating,
    parse_tag_kind,
    parse_weekday,
    parse_when,
)
from wallwatch.domain.model import TagKind

NOW = datetime(2024, 5, 10, 18, 30, tzinfo=timezone(timedelta(hours=2)))


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if not hasattr(time, "tzset"):
        pytest.skip("needs time.tzset")
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_when_with_an_offset_is_kept() -> None:
    assert parse_when("2024-05-01T21:30+05:30", now=NOW) == datetime(
        2024, 5, 1, 21, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))
    )


def test_naive_times_are_the_machine_local_zone(new_york: None) -> None:
    winter = parse_when("2024-01-15T09:00", now=NOW)
    summer = parse_when("2024-05-01 09:00", now=NOW)
    assert (winter.hour, winter.utcoffset()) == (9, timedelta(hours=-5))
    assert (summer.hour, summer.utcoffset()) == (9, timedelta(hours=-4))


def test_a_date_alone_means_noon() -> None:
    when = parse_when("2024-05-01", now=NOW)
    assert (when.date(), when.hour, when.minute) == (date(2024, 5, 1), 12, 0)


def test_clock_time_is_today_and_yesterday_works() -> None:
    today = parse_when("07:05", now=NOW)
    assert (today.date(), today.hour, today.minute) == (NOW.date(), 7, 5)
    yday = parse_when("yesterday 23:10", now=NOW)
    assert (yday.date(), yday.hour) == (NOW.date() - timedelta(days=1), 23)
    assert parse_when("now", now=NOW) == NOW


@pytest.mark.parametrize("text", ["", "tomorrowish", "25:00", "2024-13-01", "12:61", "2024-02-30"])
def test_bad_times_name_the_value(text: str) -> None:
    with pytest.raises(ValueError, match="not a date or time"):
        parse_when(text, now=NOW)


def test_future_times_are_refused() -> None:
    with pytest.raises(ValueError, match="future"):
        parse_when("2024-05-10T19:00+02:00", now=NOW)


def test_days() -> None:
    today = date(2024, 5, 10)
    assert parse_day("2024-01-02", today=today) == date(2024, 1, 2)
    assert parse_day("Today", today=today) == today
    assert parse_day("yesterday", today=today) == date(2024, 5, 9)
    assert parse_day("7d", today=today) == date(2024, 5, 3)
    assert parse_day("2w", today=today) == date(2024, 4, 26)
    with pytest.raises(ValueError, match="not a date"):
        parse_day("10/05/2024", today=today)


def test_weekdays() -> None:
    assert parse_weekday("0") == 0
    assert parse_weekday("sun") == 6
    assert parse_weekday("Wednesday") == 2
    for bad in ("7", "mo", "funday"):
        with pytest.raises(ValueError, match="weekday"):
            parse_weekday(bad)


def test_ratings_and_tag_kinds() -> None:
    assert [parse_rating(s) for s in ("0", "10", " 5 ")] == [0, 10, 5]
    for bad in ("-1", "11", "5.5", "lots"):
        with pytest.raises(ValueError, match="0–10"):
            parse_rating(bad)
    assert parse_tag_kind("Behavior") is TagKind.BEHAVIOUR
    with pytest.raises(ValueError, match="tag kind"):
        parse_tag_kind("mood")
