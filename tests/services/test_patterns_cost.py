"""What walls cost, the calendar and the weekly review, on a real journal."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest

from wallwatch.domain.model import Direction, MomentDraft
from wallwatch.domain.patterns import (
    DateRange,
    GroupMean,
    InsufficientData,
    Mean,
    Run,
    TopItem,
)
from wallwatch.domain.settings import MIN_SAMPLE, WEEK_START
from wallwatch.services import Journal
from wallwatch.services.patterns import PatternService

WD, OP = Direction.WITHDREW, Direction.OPENED
REJECTION, PAST, TRAPPED = "rejection / abandonment", "past hurt", "being trapped"
DAYS = "days with a rating"


def _at(day: int, hour: int = 12, minute: int = 0, tz: tzinfo = UTC, month: int = 3) -> datetime:
    return datetime(2024, month, day, hour, minute, tzinfo=tz)


def _add(journal: Journal, when: datetime, direction: Direction, **fields: object) -> None:
    journal.moments.record(MomentDraft(occurred_at=when, direction=direction, **fields))


# -- what walls cost -------------------------------------------------------------------------------


def _cost_fixture(journal: Journal) -> None:
    """Odd days of March withdraw (loneliness 8), even days open up (loneliness 2).

    5 March has two withdrawals (8 and 5); 6 March has an opening and a withdrawal, so it is an
    opening day; 11 March withdraws without a rating; 12 March is empty.
    """
    for day in (1, 3, 7, 9):
        _add(journal, _at(day), WD, loneliness=8)
    _add(journal, _at(5, 9), WD, loneliness=8)
    _add(journal, _at(5, 18), WD, loneliness=5)
    for day in (2, 4, 8, 10):
        _add(journal, _at(day), OP, loneliness=2)
    _add(journal, _at(6, 9), OP, loneliness=2)
    _add(journal, _at(6, 18), WD, loneliness=2)
    _add(journal, _at(11), WD)


def test_cost_compares_pooled_ratings_on_withdrawal_and_opening_days(journal: Journal) -> None:
    _cost_fixture(journal)
    cost = journal.patterns.cost(DateRange(date(2024, 3, 1), date(2024, 3, 11)))
    assert (cost.withdrawal_days, cost.opening_days) == (6, 5)
    lonely = cost.same_day[0]
    assert lonely.rating == "loneliness"
    # Pooled over every rating (45 / 6), not a mean of daily means (which would be 7.7).
    assert lonely.withdrawal_days == GroupMean(7.5, 5, 6)
    assert lonely.opening_days == GroupMean(2.0, 5, 6)
    assert lonely.difference == 5.5
    # Of the C(10, 5) = 252 ways to label these days, only this one and its mirror are as far
    # apart, so the exact p-value is 2 / 252.
    assert lonely.test is not None and lonely.test.exact
    assert lonely.test.permutations == 252
    assert lonely.test.p_value == pytest.approx(2 / 252)
    assert lonely.notable
    for other in cost.same_day[1:]:
        assert other.withdrawal_days == InsufficientData(5, 0, DAYS)
        assert other.test is None and not other.notable


def test_cost_looks_at_the_day_after_each_kind_of_day(journal: Journal) -> None:
    _cost_fixture(journal)
    cost = journal.patterns.cost(DateRange(date(2024, 3, 1), date(2024, 3, 11)))
    lonely = cost.next_day[0]
    # After withdrawal days: 2, 4, 6 (two ratings), 8, 10 March; the 12th is empty.
    assert lonely.withdrawal_days == GroupMean(2.0, 5, 6)
    # After opening days: 3, 5, 7, 9 March; the 11th has no rating, so only 4 days.
    assert lonely.opening_days == InsufficientData(5, 4, DAYS)
    assert lonely.test is None and not lonely.notable and lonely.difference is None


def test_the_day_after_the_span_still_counts_as_a_next_day(journal: Journal) -> None:
    _cost_fixture(journal)
    journal.settings.set(MIN_SAMPLE, 1)
    cost = journal.patterns.cost(DateRange(date(2024, 3, 1), date(2024, 3, 9)))
    after_withdrawal = cost.next_day[0].withdrawal_days
    assert isinstance(after_withdrawal, GroupMean)
    assert (after_withdrawal.days, after_withdrawal.ratings) == (5, 6)  # 10 March included


def test_four_days_are_not_enough_to_call_a_difference_notable(journal: Journal) -> None:
    for day in (1, 3, 5, 7):
        _add(journal, _at(day), WD, resentment=9)
    for day in (2, 4, 6, 8, 10):
        _add(journal, _at(day), OP, resentment=1)
    span = DateRange(date(2024, 3, 1), date(2024, 3, 10))
    resent = journal.patterns.cost(span).same_day[1]
    assert resent.withdrawal_days == InsufficientData(5, 4, DAYS)
    assert resent.test is None and not resent.notable
    _add(journal, _at(9), WD, resentment=9)
    resent = journal.patterns.cost(span).same_day[1]
    assert resent.withdrawal_days == GroupMean(9.0, 5, 5)
    assert resent.notable


def test_identical_days_are_never_notable(journal: Journal) -> None:
    for day in range(1, 11):
        _add(journal, _at(day), WD if day % 2 else OP, connection=5)
    connection = journal.patterns.cost(DateRange(date(2024, 3, 1), date(2024, 3, 10))).same_day[2]
    assert connection.test is not None and connection.test.p_value == 1.0
    assert connection.difference == 0.0 and not connection.notable


def test_sampled_p_values_are_seeded_and_repeatable(journal: Journal) -> None:
    _cost_fixture(journal)
    span = DateRange(date(2024, 3, 1), date(2024, 3, 11))
    sampled = PatternService(journal.db, permutations=100, seed=3)
    first = sampled.cost(span).same_day[0].test
    assert first is not None and not first.exact and first.permutations == 100
    assert sampled.cost(span).same_day[0].test == first
    assert (first.p_value * 101) == pytest.approx(round(first.p_value * 101))


def test_a_late_evening_at_minus_five_is_its_own_local_day(journal: Journal) -> None:
    minus_five = timezone(timedelta(hours=-5))
    journal.settings.set(MIN_SAMPLE, 1)
    # 23:30 at -05:00 on the 4th is 04:30 UTC on the 5th; the opening is early on the 5th.
    _add(journal, _at(4, 23, 30, minus_five), WD, loneliness=7)
    _add(journal, _at(5, 0, 10, minus_five), OP, loneliness=3)
    cost = journal.patterns.cost(DateRange(date(2024, 3, 4), date(2024, 3, 5)))
    assert (cost.withdrawal_days, cost.opening_days) == (1, 1)
    assert cost.same_day[0].withdrawal_days == GroupMean(7.0, 1, 1)
    assert cost.next_day[0].withdrawal_days == GroupMean(3.0, 1, 1)


# -- calendar ------------------------------------------------------------------------------------


def test_calendar_has_every_day_and_tells_empty_days_from_even_ones(journal: Journal) -> None:
    _add(journal, _at(2), WD)
    _add(journal, _at(2), OP)
    _add(journal, _at(3), OP)
    _add(journal, _at(3), OP)
    _add(journal, _at(4), WD)
    calendar = journal.patterns.calendar(DateRange(date(2024, 3, 1), date(2024, 3, 5)))
    assert [d.day.day for d in calendar.days] == [1, 2, 3, 4, 5]
    assert [d.balance for d in calendar.days] == [None, 0, 2, -1, None]
    assert [(d.withdrew, d.opened) for d in calendar.days[1:4]] == [(1, 1), (0, 2), (1, 0)]
    assert calendar.recorded_days == 3


def test_calendar_over_the_london_clock_change(journal: Journal) -> None:
    london = ZoneInfo("Europe/London")
    _add(journal, datetime(2024, 3, 31, 0, 30, tzinfo=london), OP)  # before the jump
    _add(journal, datetime(2024, 4, 1, 0, 30, tzinfo=london), WD)  # Sunday 23:30 in UTC
    _add(journal, datetime(2024, 3, 30, 23, 59, tzinfo=london), WD)
    calendar = journal.patterns.calendar(DateRange(date(2024, 3, 30), date(2024, 4, 1)))
    assert [d.balance for d in calendar.days] == [-1, 1, -1]


def test_calendar_defaults_to_a_year(journal: Journal) -> None:
    assert journal.patterns.calendar().span.days == 365
    assert len(journal.patterns.calendar().days) == 365


# -- weekly review --------------------------------------------------------------------------------


def _week_fixture(journal: Journal) -> None:
    """The week of Monday 11 March 2024 and the week before it."""
    minus_five = timezone(timedelta(hours=-5))
    for day, fears, person in (
        (11, (REJECTION, PAST), "Sam"),
        (11, (REJECTION,), "Sam"),
        (13, (PAST,), "Maya"),
        (15, (TRAPPED,), None),
        (17, (), "Maya"),
    ):
        _add(journal, _at(day), WD, fears=fears, person=person, loneliness=6, connection=4)
    for day in (12, 13, 14):
        _add(journal, _at(day), OP, person="Sam" if day == 12 else "Maya", fears=(TRAPPED,))
    _add(journal, _at(16), OP)
    # The week before: four loneliness ratings, five connection ratings.
    for day in (4, 5, 6, 7):
        _add(journal, _at(day), WD, loneliness=3, connection=2)
    _add(journal, _at(10, 23, 30, minus_five), OP, connection=7)  # still Sunday the 10th
    _add(journal, _at(18), WD, fears=(TRAPPED,), person="Sam")  # the current week: left out


def test_weekly_review_of_the_last_complete_week(journal: Journal) -> None:
    _week_fixture(journal)
    review = journal.patterns.weekly_review(date(2024, 3, 20))
    assert (review.first, review.last, review.week_start_day) == (
        date(2024, 3, 11),
        date(2024, 3, 17),
        0,
    )
    assert (review.withdrew, review.opened) == (5, 4)
    assert (review.withdrew_week_before, review.opened_week_before) == (4, 1)
    lonely, resent, connect = review.ratings
    assert lonely.this_week == Mean(6.0, 5)
    assert lonely.week_before == InsufficientData(5, 4, "ratings")
    assert lonely.change == InsufficientData(5, 4, "ratings")
    assert resent.change == InsufficientData(5, 0, "ratings")
    assert connect.this_week == Mean(4.0, 5) and connect.week_before == Mean(3.0, 5)
    assert connect.change == 1.0
    # Rejection and past hurt were in 2 withdrawals each: the tie goes to the name first in
    # the alphabet; openings (3 with "being trapped") do not count.
    assert review.top_fear == TopItem(PAST, 2, 5, (REJECTION,))
    assert review.top_person == TopItem("Maya", 4, 7, ())
    assert review.longest_opening_run == Run(date(2024, 3, 12), date(2024, 3, 14))


def test_weekly_review_ties_between_people_are_named(journal: Journal) -> None:
    journal.settings.set(MIN_SAMPLE, 2)
    for person in ("Sam", "Maya", "Sam", "Maya"):
        _add(journal, _at(12), WD, person=person)
    review = journal.patterns.weekly_review(date(2024, 3, 18))
    assert review.top_person == TopItem("Maya", 2, 4, ("Sam",))
    assert review.top_fear is None  # enough withdrawals, but no fears noted
    assert review.longest_opening_run is None


def test_weekly_review_follows_the_week_start_setting(journal: Journal) -> None:
    _week_fixture(journal)
    journal.settings.set(WEEK_START, 6)  # Sunday
    review = journal.patterns.weekly_review(date(2024, 3, 20))
    assert (review.first, review.last) == (date(2024, 3, 10), date(2024, 3, 16))
    # Sunday 10th (one opening at -05:00) joins this week; Sunday 17th leaves it.
    assert (review.withdrew, review.opened) == (4, 5)
    assert review.longest_opening_run == Run(date(2024, 3, 12), date(2024, 3, 14))


def test_weekly_review_of_an_empty_journal(journal: Journal) -> None:
    review = journal.patterns.weekly_review(date(2024, 3, 20))
    assert (review.withdrew, review.opened) == (0, 0)
    assert review.top_fear == InsufficientData(5, 0, "withdrawals")
    assert review.top_person == InsufficientData(5, 0, "moments with a person")
    assert all(r.change == InsufficientData(5, 0, "ratings") for r in review.ratings)
