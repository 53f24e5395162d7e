"""Weekly and daily summaries bucket moments by the local date the person lived them.

Every expected number below was worked out by hand from the moments each test records.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from wallwatch.domain.model import Direction, MomentDraft, TagKind
from wallwatch.domain.summary import Breakdown, PeriodSummary, RatingStat
from wallwatch.services import Journal

LONDON = ZoneInfo("Europe/London")
NONE = RatingStat(None, 0)


def _tz(hours: int) -> timezone:
    return timezone(timedelta(hours=hours))


def _rec(journal: Journal, when: datetime, direction: Direction, **kw: object) -> None:
    journal.moments.record(MomentDraft(when, direction, **kw))


def _counts(p: PeriodSummary) -> tuple[date, int, int]:
    return (p.start, p.withdrew, p.opened)


@pytest.fixture
def near_midnight(journal: Journal) -> Journal:
    # Sat 2 Mar 23:59 at -08:00 (UTC: Sun 3 Mar 07:59)
    _rec(journal, datetime(2024, 3, 2, 23, 59, tzinfo=_tz(-8)), Direction.WITHDREW,
         loneliness=5, resentment=6)  # fmt: skip
    # Sun 3 Mar 23:30 at -05:00 (UTC: Mon 4 Mar 04:30)
    _rec(journal, datetime(2024, 3, 3, 23, 30, tzinfo=_tz(-5)), Direction.WITHDREW,
         loneliness=8, connection=2)  # fmt: skip
    # Mon 4 Mar 00:30 at +09:00 (UTC: Sun 3 Mar 15:30)
    _rec(journal, datetime(2024, 3, 4, 0, 30, tzinfo=_tz(9)), Direction.OPENED,
         loneliness=3, connection=7)  # fmt: skip
    return journal


def test_weeks_starting_monday_use_the_local_date(near_midnight: Journal) -> None:
    series = near_midnight.summaries.weekly(3, ending=date(2024, 3, 6), week_start_day=0)
    assert series.week_start_day == 0
    assert [_counts(w) for w in series.weeks] == [
        (date(2024, 2, 19), 0, 0),
        (date(2024, 2, 26), 2, 0),
        (date(2024, 3, 4), 0, 1),
    ]
    empty, middle, last = series.weeks
    assert (empty.loneliness, empty.resentment, empty.connection) == (NONE, NONE, NONE)
    assert middle.loneliness == RatingStat(6.5, 2)
    assert middle.resentment == RatingStat(6.0, 1)
    assert middle.connection == RatingStat(2.0, 1)
    assert last.loneliness == RatingStat(3.0, 1)
    assert last.resentment == NONE
    assert last.connection == RatingStat(7.0, 1)
    assert series.first_day == date(2024, 2, 19)
    assert series.last_day == date(2024, 3, 10)


def test_weeks_starting_sunday_use_the_local_date(near_midnight: Journal) -> None:
    series = near_midnight.summaries.weekly(3, ending=date(2024, 3, 6), week_start_day=6)
    assert [_counts(w) for w in series.weeks] == [
        (date(2024, 2, 18), 0, 0),
        (date(2024, 2, 25), 1, 0),
        (date(2024, 3, 3), 1, 1),
    ]
    _empty, first, second = series.weeks
    assert first.loneliness == RatingStat(5.0, 1)
    assert first.resentment == RatingStat(6.0, 1)
    assert first.connection == NONE
    assert second.loneliness == RatingStat(5.5, 2)
    assert second.resentment == NONE
    assert second.connection == RatingStat(4.5, 2)
    assert series.last_day == date(2024, 3, 9)


def test_every_week_start_day_puts_each_moment_in_its_local_week(near_midnight: Journal) -> None:
    local_days = [date(2024, 3, 2), date(2024, 3, 3), date(2024, 3, 4)]
    for start_day in range(7):
        series = near_midnight.summaries.weekly(
            4, ending=date(2024, 3, 10), week_start_day=start_day
        )
        for week in series.weeks:
            assert week.start.weekday() == start_day
            inside = [d for d in local_days if week.start <= d <= week.start + timedelta(days=6)]
            assert week.total == len(inside), (start_day, week.start)
        assert sum(w.total for w in series.weeks) == 3


def test_weekly_defaults_to_the_current_week(journal: Journal) -> None:
    series = journal.summaries.weekly(2)
    assert len(series.weeks) == 2
    assert series.weeks[1].start - series.weeks[0].start == timedelta(weeks=1)
    assert series.weeks[1].start <= datetime.now(UTC).astimezone().date() + timedelta(days=1)
    with pytest.raises(ValueError):
        journal.summaries.weekly(0)


def test_spring_forward_in_london(journal: Journal) -> None:
    # Clocks went from 01:00 GMT to 02:00 BST on Sunday 31 March 2024.
    _rec(journal, datetime(2024, 3, 31, 0, 30, tzinfo=LONDON), Direction.WITHDREW, loneliness=4)
    _rec(journal, datetime(2024, 3, 31, 23, 30, tzinfo=LONDON), Direction.WITHDREW, loneliness=6)
    # Mon 1 April 00:30 BST is still Sunday 23:30 in UTC.
    _rec(journal, datetime(2024, 4, 1, 0, 30, tzinfo=LONDON), Direction.OPENED, loneliness=1)

    offsets = sorted(m.occurred_at.utcoffset() for m in journal.moments.query())
    assert offsets == [timedelta(0), timedelta(hours=1), timedelta(hours=1)]

    monday = journal.summaries.weekly(2, ending=date(2024, 4, 1), week_start_day=0)
    assert [_counts(w) for w in monday.weeks] == [
        (date(2024, 3, 25), 2, 0),
        (date(2024, 4, 1), 0, 1),
    ]
    assert monday.weeks[0].loneliness == RatingStat(5.0, 2)
    sunday = journal.summaries.weekly(1, ending=date(2024, 4, 1), week_start_day=6)
    assert [_counts(w) for w in sunday.weeks] == [(date(2024, 3, 31), 2, 1)]
    assert sunday.weeks[0].loneliness == RatingStat(11 / 3, 3)

    days = journal.summaries.daily(date(2024, 3, 30), date(2024, 4, 1))
    assert [_counts(d) for d in days] == [
        (date(2024, 3, 30), 0, 0),
        (date(2024, 3, 31), 2, 0),
        (date(2024, 4, 1), 0, 1),
    ]


def test_fall_back_in_london(journal: Journal) -> None:
    # Clocks went from 02:00 BST back to 01:00 GMT on Sunday 27 October 2024: 01:30 happened twice.
    first = datetime(2024, 10, 27, 1, 30, tzinfo=LONDON)
    second = datetime(2024, 10, 27, 1, 30, fold=1, tzinfo=LONDON)
    _rec(journal, first, Direction.WITHDREW, resentment=2)
    _rec(journal, second, Direction.OPENED, resentment=4)
    # Sun 27 Oct 00:30 BST is still Saturday 23:30 in UTC.
    _rec(journal, datetime(2024, 10, 27, 0, 30, tzinfo=LONDON), Direction.WITHDREW)
    _rec(journal, datetime(2024, 10, 28, 0, 30, tzinfo=LONDON), Direction.WITHDREW, resentment=9)

    stored = journal.moments.query(newest_first=False)
    assert [m.occurred_at.hour for m in stored] == [0, 1, 1, 0]
    assert [m.occurred_at.utcoffset() for m in stored[1:3]] == [timedelta(hours=1), timedelta(0)]

    monday = journal.summaries.weekly(2, ending=date(2024, 10, 28), week_start_day=0)
    assert [_counts(w) for w in monday.weeks] == [
        (date(2024, 10, 21), 2, 1),
        (date(2024, 10, 28), 1, 0),
    ]
    assert monday.weeks[0].resentment == RatingStat(3.0, 2)
    assert monday.weeks[1].resentment == RatingStat(9.0, 1)
    sunday = journal.summaries.weekly(2, ending=date(2024, 10, 28), week_start_day=6)
    assert [_counts(w) for w in sunday.weeks] == [
        (date(2024, 10, 20), 0, 0),
        (date(2024, 10, 27), 3, 1),
    ]
    assert sunday.weeks[0].resentment == NONE
    assert sunday.weeks[1].resentment == RatingStat(5.0, 3)
    by_hour = {b.key: b.total for b in journal.summaries.by_time(
        date(2024, 10, 27), date(2024, 10, 28), "hour")}  # fmt: skip
    assert by_hour == {"0": 2, "1": 2}


def test_weeks_before_1970(journal: Journal) -> None:
    _rec(journal, datetime(1969, 12, 28, 10, tzinfo=UTC), Direction.WITHDREW)  # a Sunday
    _rec(journal, datetime(1969, 12, 31, 10, tzinfo=UTC), Direction.OPENED)  # a Wednesday
    monday = journal.summaries.weekly(2, ending=date(1970, 1, 1), week_start_day=0)
    assert [_counts(w) for w in monday.weeks] == [
        (date(1969, 12, 22), 1, 0),
        (date(1969, 12, 29), 0, 1),
    ]
    sunday = journal.summaries.weekly(1, ending=date(1970, 1, 1), week_start_day=6)
    assert [_counts(w) for w in sunday.weeks] == [(date(1969, 12, 28), 1, 1)]


def test_daily_includes_empty_days(journal: Journal) -> None:
    _rec(journal, datetime(2024, 5, 2, 22, tzinfo=_tz(-7)), Direction.OPENED, connection=8)
    _rec(journal, datetime(2024, 5, 2, 9, tzinfo=_tz(-7)), Direction.OPENED, connection=5)
    days = journal.summaries.daily(date(2024, 5, 1), date(2024, 5, 4))
    assert [_counts(d) for d in days] == [
        (date(2024, 5, 1), 0, 0),
        (date(2024, 5, 2), 0, 2),
        (date(2024, 5, 3), 0, 0),
        (date(2024, 5, 4), 0, 0),
    ]
    assert days[1].connection == RatingStat(6.5, 2)
    assert days[0].connection == NONE
    assert journal.summaries.daily(date(2024, 5, 4), date(2024, 5, 1)) == []


# -- breakdowns ------------------------------------------------------------------------------
@pytest.fixture
def fears_week(journal: Journal) -> Journal:
    noon = _tz(2)
    _rec(journal, datetime(2024, 5, 6, 12, tzinfo=noon), Direction.WITHDREW,
         fears=("past hurt", "being trapped"), person="Sam", connection=2)  # fmt: skip
    _rec(journal, datetime(2024, 5, 7, 12, tzinfo=noon), Direction.WITHDREW,
         fears=("past hurt",), person="Sam", connection=4)  # fmt: skip
    _rec(journal, datetime(2024, 5, 8, 12, tzinfo=noon), Direction.OPENED,
         fears=("past hurt", "losing myself"), person="Kim")  # fmt: skip
    # The next-but-one week: outside every range below.
    _rec(journal, datetime(2024, 5, 20, 12, tzinfo=noon), Direction.WITHDREW,
         fears=("being trapped",), person="Kim")  # fmt: skip
    journal.people.update("Sam", safe=True)
    return journal


def test_by_tag_counts_each_direction_in_range(fears_week: Journal) -> None:
    got = fears_week.summaries.by_tag(TagKind.FEAR, date(2024, 5, 6), date(2024, 5, 12))
    assert got == [
        Breakdown("past hurt", 2, 1),
        Breakdown("being trapped", 1, 0),
        Breakdown("losing myself", 0, 1),
    ]
    assert fears_week.summaries.by_tag(TagKind.BODY, date(2024, 5, 6), date(2024, 5, 12)) == []


def test_fears_in_week_counts_withdrawals_only(fears_week: Journal) -> None:
    got = fears_week.summaries.fears_in_week(date(2024, 5, 6))
    assert [(b.key, b.withdrew, b.opened) for b in got] == [
        ("past hurt", 2, 0),
        ("being trapped", 1, 0),
    ]
    assert fears_week.summaries.fears_in_week(date(2024, 5, 13)) == []


def test_fears_in_week_ranks_by_withdrawals_not_openings(journal: Journal) -> None:
    day = datetime(2024, 6, 3, 12, tzinfo=UTC)  # a Monday
    _rec(journal, day, Direction.WITHDREW, fears=("being seen as weak",))
    for i in range(3):
        _rec(journal, day + timedelta(days=i), Direction.OPENED, fears=("being seen as weak",))
    for i in range(2):
        _rec(journal, day + timedelta(days=i), Direction.WITHDREW, fears=("depending on someone",))
    got = journal.summaries.fears_in_week(date(2024, 6, 3))
    assert [(b.key, b.withdrew) for b in got] == [
        ("depending on someone", 2),
        ("being seen as weak", 1),
    ]


def test_by_person(fears_week: Journal) -> None:
    got = fears_week.summaries.by_person(date(2024, 5, 6), date(2024, 5, 12))
    assert [(b.key, b.withdrew, b.opened) for b in got] == [("Sam", 2, 0), ("Kim", 0, 1)]
    sam, kim = got
    assert sam.extra == {"connection_mean": 3.0, "connection_n": 2, "safe": 1}
    assert kim.extra == {"connection_mean": None, "connection_n": 0, "safe": 0}


def test_by_time_uses_local_weekday_and_hour(near_midnight: Journal) -> None:
    since, until = date(2024, 3, 1), date(2024, 3, 10)
    weekdays = near_midnight.summaries.by_time(since, until, "weekday")
    # Saturday 23:59 (withdrew), Sunday 23:30 (withdrew), Monday 00:30 (opened).
    assert weekdays == [Breakdown("0", 0, 1), Breakdown("5", 1, 0), Breakdown("6", 1, 0)]
    hours = near_midnight.summaries.by_time(since, until, "hour")
    assert hours == [Breakdown("0", 0, 1), Breakdown("23", 2, 0)]
